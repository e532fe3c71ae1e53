"""Reads of the relais limited to what a professional may see."""

from sppe.accounts.enums import Role
from sppe.accounts.models import User
from sppe.accounts.perms import TERRITORY_WIDE_ROLES, communes_in_perimeter
from sppe.territories.models import Territory

from .models import Place


def current_territory():
    return Territory.objects.current()


def perimeter_communes(user):
    return communes_in_perimeter(user, current_territory())


def places_in_perimeter(user):
    return Place.objects.filter(
        commune__in=perimeter_communes(user), is_active=True
    ).select_related("commune")


def agents_for(user):
    """Who an agent may publish permanences for: the agents of the same relais."""
    agents = User.objects.filter(is_active=True, role__in=[Role.AGENT, Role.TERRITORY_ADMIN])
    if user.role not in TERRITORY_WIDE_ROLES:
        agents = agents.filter(organisation=user.organisation_id)
    return agents.order_by("last_name", "first_name", "email")
