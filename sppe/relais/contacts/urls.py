from django.urls import path

from . import views

urlpatterns = [
    path("agent/contacts/", views.contact_list, name="contacts"),
]
