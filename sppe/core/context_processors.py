from sppe.accounts.enums import Role
from sppe.accounts.perms import Capability, has_capability
from sppe.territories.selectors import current_territory

from .contrast import FALLBACK_PRIMARY, safe_primary_colour


def territory(request):
    current = current_territory(request)
    user = request.user
    return {
        "territory": current,
        "primary_colour": safe_primary_colour(current.primary_colour)
        if current
        else FALLBACK_PRIMARY,
        "can": {capability.value: has_capability(user, capability) for capability in Capability},
        # Professionals get their tools in a navigation of their own, below the public one.
        "is_professional": user.is_authenticated and user.role != Role.FAMILY,
    }
