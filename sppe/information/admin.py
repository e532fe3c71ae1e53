from django.contrib import admin

from . import services
from .forms import ContactForm
from .models import Contact, LocalContent, PrintedGuide


@admin.register(LocalContent)
class LocalContentAdmin(admin.ModelAdmin):
    list_display = ["key", "language", "title", "updated_at", "updated_by"]
    list_filter = ["key", "language"]
    search_fields = ["title", "body"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    form = ContactForm
    list_display = ["name", "kind", "phone", "email", "position", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "address", "email"]

    def save_model(self, request, obj, form, change):
        # The weekly schedule is derived from the opening hours, as on the agents' pages.
        services.contact_save(contact=obj)


@admin.register(PrintedGuide)
class PrintedGuideAdmin(admin.ModelAdmin):
    list_display = ["generated_at", "generated_by", "size"]
    readonly_fields = ["file", "size", "generated_at", "generated_by"]

    def has_add_permission(self, request):
        return False
