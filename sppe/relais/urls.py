from django.urls import include, path

app_name = "relais"

urlpatterns = [
    path("", include("sppe.relais.appointments.urls")),
    path("", include("sppe.relais.contacts.urls")),
    path("", include("sppe.relais.events.urls")),
    path("", include("sppe.relais.jobs.urls")),
    path("", include("sppe.relais.report.urls")),
    path("", include("sppe.relais.resources.urls")),
    path("", include("sppe.relais.followup.urls")),
]
