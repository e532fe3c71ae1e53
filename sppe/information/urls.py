from django.urls import path

from . import views

app_name = "information"

urlpatterns = [
    path("", views.index, name="index"),
    path("modes-d-accueil/", views.care_modes, name="modes"),
    path("demarches/", views.key_moments, name="moments"),
    path("demarches/<slug:slug>/", views.key_moment, name="moment"),
    path("lexique/", views.lexicon, name="lexicon"),
    path("contacts/", views.contacts, name="contacts"),
    path("simulateur/", views.simulator, name="simulator"),
    path("facile-a-lire/<slug:page>/", views.easy_read, name="easy_read"),
    path("guide.pdf", views.guide_pdf, name="guide_pdf"),
    path("gestion/", views.manage, name="manage"),
    path("gestion/textes/<slug:key>/<str:language>/", views.manage_text, name="manage_text"),
    path(
        "gestion/textes/<slug:key>/<str:language>/supprimer/",
        views.manage_text_delete,
        name="manage_text_delete",
    ),
    path("gestion/contacts/nouveau/", views.manage_contact, name="manage_contact_new"),
    path("gestion/contacts/<int:pk>/", views.manage_contact, name="manage_contact"),
    path(
        "gestion/contacts/<int:pk>/supprimer/",
        views.manage_contact_delete,
        name="manage_contact_delete",
    ),
    path("gestion/guide/", views.manage_guide, name="manage_guide"),
]
