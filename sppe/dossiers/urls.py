from django.urls import path

from . import views_agent, views_family

app_name = "dossiers"

urlpatterns = [
    # Families
    path("", views_family.family_home, name="family_home"),
    path("demande/nouvelle/", views_family.application_create, name="application_create"),
    path("dossier/<int:pk>/", views_family.family_detail, name="family_detail"),
    path("dossier/<int:pk>/situation/", views_family.family_situation, name="family_situation"),
    path("dossier/<int:pk>/demande/", views_family.family_request, name="family_request"),
    path("dossier/<int:pk>/pieces/", views_family.family_documents, name="family_documents"),
    path("dossier/<int:pk>/deposer/", views_family.family_submit, name="family_submit"),
    path("dossier/<int:pk>/retirer/", views_family.family_withdraw, name="family_withdraw"),
    path("piece/<int:pk>/", views_family.family_document_download, name="family_document"),
    path(
        "piece/<int:pk>/supprimer/",
        views_family.family_document_delete,
        name="family_document_delete",
    ),
    # Agents
    path("agents/", views_agent.agent_queue, name="agent_queue"),
    path("agents/nouvelle-demande/", views_agent.agent_create, name="agent_create"),
    path("agents/dossier/<int:pk>/", views_agent.agent_detail, name="agent_detail"),
    path("agents/dossier/<int:pk>/modifier/", views_agent.agent_edit, name="agent_edit"),
    path("agents/dossier/<int:pk>/etat/", views_agent.agent_transition, name="agent_transition"),
    path("agents/dossier/<int:pk>/note/", views_agent.agent_note, name="agent_note"),
    path(
        "agents/dossier/<int:pk>/pieces/",
        views_agent.agent_document_upload,
        name="agent_document_upload",
    ),
    path("agents/piece/<int:pk>/", views_agent.agent_document_download, name="agent_document"),
]
