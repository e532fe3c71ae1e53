from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationConfig(AppConfig):
    name = "sppe.allocation"
    verbose_name = _("Commission d'attribution")
