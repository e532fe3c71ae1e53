from django.urls import path

from . import views

urlpatterns = [
    path("animations/", views.event_list, name="events"),
    path("animations.ics", views.event_feed, name="events_feed"),
    path("animations/<int:pk>/", views.event_detail, name="event"),
    path(
        "animations/inscription/<str:token>/",
        views.registration_manage,
        name="registration_manage",
    ),
    path("animations/avis/<str:token>/", views.registration_feedback, name="registration_feedback"),
    path("agent/animations/", views.agent_events, name="agent_events"),
    path("agent/animations/<int:pk>/presence/", views.agent_attendance, name="agent_attendance"),
]
