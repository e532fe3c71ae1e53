from django.contrib import admin

from .models import (
    Availability,
    Childminder,
    Establishment,
    HomeCareProvider,
    Mam,
    Section,
    SharedCareAd,
)
from .schedule import OpeningHoursError, is_atypical, weekly_schedule


class ScheduleAdminMixin:
    """Derive the weekly schedule from the OSM opening hours on every admin save."""

    def save_model(self, request, obj, form, change):
        try:
            obj.weekly_schedule = weekly_schedule(obj.opening_hours)
        except OpeningHoursError:
            obj.weekly_schedule = {}
        obj.atypical_hours = obj.atypical_hours or is_atypical(obj.weekly_schedule)
        super().save_model(request, obj, form, change)


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Establishment)
class EstablishmentAdmin(ScheduleAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "manager_type", "funding", "commune", "capacity", "is_active"]
    list_filter = ["kind", "manager_type", "funding", "is_active", "joins_single_desk"]
    search_fields = ["name", "external_id", "commune__name"]
    raw_id_fields = ["commune", "organisation"]
    inlines = [SectionInline]


@admin.register(Childminder)
class ChildminderAdmin(ScheduleAdminMixin, admin.ModelAdmin):
    list_display = ["last_name", "first_name", "agrement_number", "commune", "places", "is_active"]
    list_filter = ["is_active", "on_monenfant", "address_is_public"]
    search_fields = ["last_name", "first_name", "agrement_number", "email"]
    raw_id_fields = ["commune", "mam", "user"]


@admin.register(Mam)
class MamAdmin(ScheduleAdminMixin, admin.ModelAdmin):
    list_display = ["name", "commune"]
    search_fields = ["name"]
    raw_id_fields = ["commune"]


@admin.register(HomeCareProvider)
class HomeCareProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    autocomplete_fields = ["communes"]


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ["__str__", "childminder", "section", "days", "updated_at"]
    raw_id_fields = ["childminder", "section", "updated_by"]


@admin.register(SharedCareAd)
class SharedCareAdAdmin(admin.ModelAdmin):
    list_display = ["__str__", "commune", "is_active", "created_at"]
    raw_id_fields = ["family", "commune"]
