"""Technical administration of the single desk: commissions, and read-only dossiers.

Dossiers change state only through the services (state machine, log, version), so
the admin shows them read-only; commissions are planned here, and their action
freezes the dossiers' data before a sitting.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Application, CommissionSession, StatusChange


@admin.register(CommissionSession)
class CommissionSessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "date", "data_freeze_date", "answer_date"]
    date_hierarchy = "date"
    actions = ["freeze_dossiers"]

    @admin.action(description=_("Figer les dossiers de la liste d'attente pour cette commission"))
    def freeze_dossiers(self, request, queryset):
        session = queryset.order_by("date").first()
        count = services.application_freeze_for_commission(session=session, by=request.user)
        self.message_user(
            request,
            ngettext("%(n)d dossier figé.", "%(n)d dossiers figés.", count) % {"n": count},
            messages.SUCCESS,
        )


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "status", "channel", "submitted_at", "wished_start_date"]
    list_filter = ["status", "channel", "age_section"]
    search_fields = ["reference"]
    inlines = [StatusChangeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
