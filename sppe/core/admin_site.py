from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sppe.accounts.perms import Capability, has_capability


class SppeAdminSite(admin.AdminSite):
    site_header = _("Administration technique de sppe")
    site_title = _("sppe")
    index_title = _("Données du territoire")

    def has_permission(self, request):
        # Staff status alone is not enough: only territory administrators get in.
        return super().has_permission(request) and has_capability(
            request.user, Capability.USE_ADMIN_SITE
        )
