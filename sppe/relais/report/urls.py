from django.urls import path

from . import views

urlpatterns = [
    path("agent/rapport/", views.report, name="report"),
    path("agent/rapport.csv", views.report_csv, name="report_csv"),
    path("agent/rapport.<str:file_format>", views.report_file, name="report_file"),
]
