from django.urls import path

from . import views, views_availability, views_shared_care

app_name = "offers"

urlpatterns = [
    path("recherche/", views.search, name="search"),
    path("assistant-maternel/<int:pk>/", views.childminder_detail, name="childminder"),
    path("etablissement/<int:pk>/", views.establishment_detail, name="establishment"),
    path("mam/<int:pk>/", views.mam_detail, name="mam"),
    path(
        "mes-disponibilites/", views_availability.availability_request, name="availability_request"
    ),
    path(
        "mes-disponibilites/modifier/",
        views_availability.my_availability,
        name="my_availability",
    ),
    path(
        "mes-disponibilites/lien/<str:token>/",
        views_availability.availability_link,
        name="availability_link",
    ),
    path(
        "gestion/etablissements/",
        views_availability.establishment_list,
        name="establishment_list",
    ),
    path(
        "gestion/etablissements/<int:pk>/disponibilites/",
        views_availability.establishment_availability,
        name="establishment_availability",
    ),
    path("gestion/fraicheur/", views_availability.freshness, name="freshness"),
    path("garde-partagee/", views_shared_care.ad_list, name="shared_care"),
    path("garde-partagee/nouvelle/", views_shared_care.ad_create, name="shared_care_create"),
    path(
        "garde-partagee/<int:pk>/retirer/",
        views_shared_care.ad_withdraw,
        name="shared_care_withdraw",
    ),
    path(
        "garde-partagee/<int:pk>/contacter/",
        views_shared_care.ad_contact,
        name="shared_care_contact",
    ),
]
