from django.contrib import admin

from .models import DatasetImport, Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["reference_date", "taken_at"]
    readonly_fields = ["reference_date", "taken_at", "taken_by"]


@admin.register(DatasetImport)
class DatasetImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "kind", "imported_at", "rows", "changed"]
    readonly_fields = ["kind", "file_name", "sha256", "rows", "changed", "imported_at"]
