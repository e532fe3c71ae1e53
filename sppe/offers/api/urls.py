from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("offres/", views.offer_list, name="offer_list"),
    path("offres/<str:kind>/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("openapi.json", views.openapi_document, name="openapi"),
]
