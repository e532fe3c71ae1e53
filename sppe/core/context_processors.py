from sppe.accounts.enums import Role
from sppe.accounts.perms import Capability, has_capability
from sppe.territories.selectors import current_territory

from .contrast import FALLBACK_PRIMARY, safe_primary_colour
from .navigation import navigation


def territory(request):
    current = current_territory(request)
    user = request.user
    can = {capability.value: has_capability(user, capability) for capability in Capability}
    return {
        "territory": current,
        "primary_colour": safe_primary_colour(current.primary_colour)
        if current
        else FALLBACK_PRIMARY,
        "can": can,
        # Professionals get their tools in a navigation of their own, below the public one.
        "is_professional": user.is_authenticated and user.role != Role.FAMILY,
        "navigation": navigation(request, can),
    }
