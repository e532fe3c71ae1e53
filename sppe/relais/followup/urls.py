from django.urls import path

from . import views

urlpatterns = [
    path("agent/assistants-maternels/", views.follow_up, name="follow_up"),
    path("agent/assistants-maternels/a-contacter.csv", views.outreach_csv, name="outreach_csv"),
]
