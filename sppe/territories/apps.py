from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "sppe.territories"
    verbose_name = _("Territoire")

    def ready(self):
        from . import signals  # noqa: F401
