from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelaisConfig(AppConfig):
    name = "sppe.relais"
    verbose_name = _("Relais petite enfance")

    def ready(self):
        from sppe.notifications.services import ATTACHMENT_PROVIDERS

        from .appointments.ics import message_attachments

        ATTACHMENT_PROVIDERS.append(message_attachments)
