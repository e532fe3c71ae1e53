from django.urls import path

from . import views

app_name = "offers"

urlpatterns = [
    path("recherche/", views.search, name="search"),
    path("assistant-maternel/<int:pk>/", views.childminder_detail, name="childminder"),
    path("etablissement/<int:pk>/", views.establishment_detail, name="establishment"),
    path("mam/<int:pk>/", views.mam_detail, name="mam"),
]
