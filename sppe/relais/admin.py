from django.contrib import admin

from .models import Closure, Permanence, Place, Theme


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "is_active"]
    list_filter = ["is_active"]
    autocomplete_fields = ["commune"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["label", "position", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(Permanence)
class PermanenceAdmin(admin.ModelAdmin):
    list_display = ["place", "weekday", "start_time", "end_time", "agent", "mode"]
    readonly_fields = ["place", "agent", "created_at"]


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["reason", "place", "start_date", "end_date"]
