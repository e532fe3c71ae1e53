"""The way in to apply for a crèche place, shown wherever a family may look for it."""

from django import template

from sppe.accounts.perms import Capability, has_capability
from sppe.offers.models import Establishment

register = template.Library()


def desk_is_open() -> bool:
    return Establishment.objects.filter(joins_single_desk=True, is_active=True).exists()


@register.inclusion_tag("includes/apply.html", takes_context=True)
def apply_way_in(context, apply_id="apply-title", *, always=False):
    """The "Demander une place en crèche" box; nothing when no crèche joins the desk (unless
    `always`, for a page that already knows its crèche joins it)."""
    user = context.get("user")
    return {
        "show": always or desk_is_open(),
        "this_creche": always,
        "apply_id": apply_id,
        "user": user,
        "can_apply": user is not None and has_capability(user, Capability.APPLY),
    }
