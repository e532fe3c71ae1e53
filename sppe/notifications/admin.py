from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Message
from .services import messages_retry


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The outbox, read-only: what was sent to whom, and what is still waiting."""

    list_display = ("created_at", "channel", "event", "status", "attempts", "sent_at", "last_error")
    list_filter = ("status", "channel", "event")
    search_fields = ("=related_id",)
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [field.name for field in Message._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Réessayer les messages en échec définitif"))
    def retry(self, request, queryset):
        count = messages_retry(messages=list(queryset))
        self.message_user(
            request,
            ngettext(
                "%(n)s message remis en file d'envoi.",
                "%(n)s messages remis en file d'envoi.",
                count,
            )
            % {"n": count},
            messages.SUCCESS,
        )
