from django.urls import path

from . import views

app_name = "observatory"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("commune/<str:insee_code>/", views.commune, name="commune"),
    path("export.<str:file_format>", views.export, name="export"),
    path("observatoire.pdf", views.report_pdf, name="report_pdf"),
    path("commune/<str:insee_code>/observatoire.pdf", views.commune_pdf, name="commune_pdf"),
    path("donnees/", views.data, name="data"),
    path("photographie/", views.snapshot, name="snapshot"),
    path("registre/", views.registry, name="registry"),
]
