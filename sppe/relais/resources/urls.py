from django.urls import path

from . import views

urlpatterns = [
    path("ressources/", views.resource_list, name="resources"),
    path("ressources/<int:pk>/fichier/", views.resource_file, name="resource_file"),
    path("agent/ressources/", views.agent_resources, name="agent_resources"),
]
