from django.urls import path

from . import views

app_name = "allocation"

urlpatterns = [
    # Public
    path("", views.grid_page, name="grid"),
    path("seances/<int:pk>/resultats/", views.results, name="results"),
    path("seances/<int:pk>/donnees.json", views.export_json, name="export"),
    # Families
    path("mon-dossier/<int:pk>/", views.family_dossier, name="family_dossier"),
    path("propositions/<int:pk>/", views.offer_page, name="offer"),
    path("mon-dossier/<int:pk>/recours/<int:deliberation_pk>/", views.appeal_page, name="appeal"),
    path(
        "mon-dossier/<int:pk>/decision/<int:deliberation_pk>.pdf",
        views.decision_letter,
        name="letter",
    ),
    # Members
    path("seances/", views.sessions, name="sessions"),
    path("seances/<int:pk>/", views.session_detail, name="session"),
    path("seances/<int:pk>/derogations/", views.override_add, name="override_add"),
    path(
        "seances/<int:pk>/derogations/<int:override_pk>/retirer/",
        views.override_remove,
        name="override_remove",
    ),
    path("seances/<int:pk>/proces-verbal.pdf", views.minutes, name="minutes"),
    # Agents
    path("grille/nouvelle-version/", views.grid_edit, name="grid_edit"),
    path("seances/nouvelle/", views.session_create, name="session_create"),
    path("seances/<int:pk>/places/", views.session_seats, name="session_seats"),
    path("suivi/", views.follow_ups, name="follow_ups"),
    path("suivi/<int:pk>/", views.follow_up_record, name="follow_up_record"),
    path("recours/", views.appeals, name="appeals"),
    path("recours/<int:pk>/reponse/", views.appeal_answer, name="appeal_answer"),
    path("propositions/<int:pk>/reponse-telephone/", views.offer_phone, name="offer_phone"),
    # A step of a session (freeze, run, validate): after the pages above it would shadow.
    path("seances/<int:pk>/<slug:step>/", views.session_step, name="session_step"),
    # Crèches
    path("admissions/", views.admissions, name="admissions"),
    path("admissions/<int:pk>/confirmer/", views.admission_confirm, name="admission_confirm"),
]
