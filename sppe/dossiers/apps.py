from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "sppe.dossiers"
    verbose_name = _("Guichet unique")
