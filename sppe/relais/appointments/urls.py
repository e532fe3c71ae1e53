from django.urls import path

from . import views

urlpatterns = [
    path("rendez-vous/", views.booking, name="booking"),
    path("rendez-vous/creneau/<int:pk>/", views.book, name="book"),
    path("rendez-vous/gerer/<str:token>/", views.appointment_manage, name="appointment_manage"),
    path(
        "rendez-vous/gerer/<str:token>/annuler/",
        views.appointment_cancel,
        name="appointment_cancel",
    ),
    path(
        "rendez-vous/gerer/<str:token>/deplacer/", views.appointment_move, name="appointment_move"
    ),
    path(
        "rendez-vous/gerer/<str:token>/rendez-vous.ics",
        views.appointment_ics_download,
        name="appointment_ics",
    ),
    path("agent/agenda/", views.agent_agenda, name="agent_agenda"),
    path("agent/permanences/", views.agent_permanences, name="agent_permanences"),
    path("agent/fermetures/", views.agent_closures, name="agent_closures"),
    path("agent/creneau/<int:pk>/reserver/", views.agent_book, name="agent_book"),
    path("agent/rendez-vous/<int:pk>/annuler/", views.agent_cancel, name="agent_cancel"),
]
