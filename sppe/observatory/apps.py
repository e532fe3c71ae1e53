from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservatoryConfig(AppConfig):
    name = "sppe.observatory"
    verbose_name = _("Observatoire petite enfance")
