from django.urls import path

from . import views

app_name = "territories"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("apparence/", views.appearance, name="appearance"),
]
