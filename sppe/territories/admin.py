from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import Commune, Department, Epci, Organisation, Territory
from .services import check_colour


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region_code"]
    search_fields = ["code", "name"]


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ["name", "siren", "kind", "population"]
    search_fields = ["name", "siren"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee_code", "department", "population"]
    search_fields = ["name", "insee_code"]
    list_select_related = ["department"]
    raw_id_fields = ["epci", "department"]


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "primary_colour", "colour_contrast"]
    autocomplete_fields = ["communes", "epci", "department"]

    @admin.display(description=_("contraste avec le texte blanc"))
    def colour_contrast(self, obj):
        check = check_colour(obj.primary_colour)
        return f"{check.ratio:.1f}:1" + ("" if check.readable else " — insuffisant")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warning = check_colour(obj.primary_colour).warning
        if warning:
            self.message_user(request, warning, level=messages.WARNING)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "email", "phone"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["communes"]
