from django.urls import path

from . import views

urlpatterns = [
    path("offres-emploi/nouvelle/", views.job_offer_new, name="job_offer_new"),
    path("offres-emploi/suivi/<str:token>/", views.job_offer_manage, name="job_offer_manage"),
    path("offres-emploi/reponse/<str:token>/", views.job_offer_answer, name="job_offer_answer"),
    path("agent/offres-emploi/", views.agent_job_offers, name="agent_job_offers"),
    path(
        "agent/offres-emploi/<int:pk>/moderer/",
        views.agent_job_offer_moderate,
        name="agent_job_offer_moderate",
    ),
]
