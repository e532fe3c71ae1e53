from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "sppe.core"
    verbose_name = _("Socle")


class SppeAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site class, which lets territory administrators only."""

    default = False
    default_site = "sppe.core.admin_site.SppeAdminSite"
