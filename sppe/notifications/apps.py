from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "sppe.notifications"
    verbose_name = _("Messages aux familles")
