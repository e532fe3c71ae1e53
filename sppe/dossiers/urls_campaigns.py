from django.urls import path

from . import views_campaigns as views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/annuler/", views.campaign_cancel, name="cancel"),
    path(
        "<int:pk>/demandes/<int:request_pk>/reponse/",
        views.campaign_record_answer,
        name="record_answer",
    ),
    path(
        "<int:pk>/demandes/<int:request_pk>/rouvrir/",
        views.campaign_reinstate,
        name="reinstate",
    ),
    path("naissances/", views.births, name="births"),
    path("stats/", views.statistics, name="stats"),
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
]
