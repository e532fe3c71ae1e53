from django.urls import path, register_converter

from . import views_lists


class FileFormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FileFormatConverter, "offer_list_format")

app_name = "offer_lists"

urlpatterns = [
    path("", views_lists.index, name="index"),
    path("import/<int:pk>/", views_lists.preview, name="preview"),
    path("import/<int:pk>/appliquer/", views_lists.apply, name="apply"),
    path("import/<int:pk>/nouvel-apercu/", views_lists.refresh, name="refresh"),
    path(
        "<slug:kind>/modele.<offer_list_format:file_format>",
        views_lists.download_template,
        name="template",
    ),
    path("<slug:kind>/export.<offer_list_format:file_format>", views_lists.export, name="export"),
]
