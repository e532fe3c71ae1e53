"""The one place that says who may do what.

Views declare a capability (`capability_required`); this module maps each capability
to the roles that hold it, and limits professionals to their organisation's communes.
The permission-matrix test (tests/accounts/test_perms_matrix.py) checks every role
against every protected page.
"""

from enum import StrEnum
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models

from .enums import Role


class Capability(StrEnum):
    VIEW_TERRITORY = "view_territory"  # communes, organisations, public figures
    ADMINISTER_TERRITORY = "administer_territory"  # display name, logo, colour
    USE_ADMIN_SITE = "use_admin_site"  # Django's technical administration
    MANAGE_OFFER = "manage_offer"  # the AM list and establishments: import, export, freshness
    UPDATE_ESTABLISHMENT = "update_establishment"  # places and availability of a crèche
    EDIT_INFORMATION = "edit_information"  # the territory's texts, contacts, printed guide
    SHARE_HOME_CARE = "share_home_care"  # families' ads to share a home carer
    APPLY = "apply"  # a family's dossiers at the single desk
    PROCESS_DOSSIERS = "process_dossiers"  # the single desk's queue, dossiers, counter entry
    # The allocation commission (sppe/allocation).
    PREPARE_COMMISSION = "prepare_commission"  # sessions, seats, grid, follow-up, appeals
    SIT_ON_COMMISSION = "sit_on_commission"  # freeze, run, review anonymised, override, validate
    CONFIRM_ADMISSIONS = "confirm_admissions"  # children admitted to the person's crèches
    RUN_RELAIS = "run_relais"  # the RPE's appointments, permanences, closures, contacts
    VIEW_OBSERVATORY = "view_observatory"  # the observatory's indicators, exports, reports
    MANAGE_OBSERVATORY = "manage_observatory"  # snapshots of the offer, INSEE and Caf files
    STEER = "steer"  # self-assessment grid, satisfaction surveys, action plans: edit
    VIEW_STEERING = "view_steering"  # the elected officials' page, grid and plans: read


ROLES_BY_CAPABILITY: dict[Capability, frozenset[Role]] = {
    Capability.VIEW_TERRITORY: frozenset(
        {
            Role.AGENT,
            Role.CRECHE_MANAGER,
            Role.COMMISSION_MEMBER,
            Role.ELECTED,
            Role.TERRITORY_ADMIN,
        }
    ),
    Capability.ADMINISTER_TERRITORY: frozenset({Role.TERRITORY_ADMIN}),
    Capability.USE_ADMIN_SITE: frozenset({Role.TERRITORY_ADMIN}),
    Capability.MANAGE_OFFER: frozenset({Role.AGENT, Role.TERRITORY_ADMIN}),
    Capability.UPDATE_ESTABLISHMENT: frozenset(
        {Role.CRECHE_MANAGER, Role.AGENT, Role.TERRITORY_ADMIN}
    ),
    Capability.EDIT_INFORMATION: frozenset({Role.AGENT, Role.TERRITORY_ADMIN}),
    Capability.SHARE_HOME_CARE: frozenset({Role.FAMILY}),
    Capability.APPLY: frozenset({Role.FAMILY}),
    Capability.PROCESS_DOSSIERS: frozenset({Role.AGENT, Role.TERRITORY_ADMIN}),
    Capability.PREPARE_COMMISSION: frozenset({Role.AGENT, Role.TERRITORY_ADMIN}),
    # Agents and elected officials often sit on the commission; each step checks that the
    # person is a member of the session (the president validates).
    Capability.SIT_ON_COMMISSION: frozenset(
        {Role.COMMISSION_MEMBER, Role.ELECTED, Role.AGENT, Role.TERRITORY_ADMIN}
    ),
    Capability.CONFIRM_ADMISSIONS: frozenset(
        {Role.CRECHE_MANAGER, Role.AGENT, Role.TERRITORY_ADMIN}
    ),
    Capability.RUN_RELAIS: frozenset({Role.AGENT, Role.TERRITORY_ADMIN}),
    Capability.VIEW_OBSERVATORY: frozenset({Role.AGENT, Role.ELECTED, Role.TERRITORY_ADMIN}),
    Capability.MANAGE_OBSERVATORY: frozenset({Role.AGENT, Role.TERRITORY_ADMIN}),
    Capability.STEER: frozenset({Role.AGENT, Role.TERRITORY_ADMIN}),
    Capability.VIEW_STEERING: frozenset({Role.AGENT, Role.ELECTED, Role.TERRITORY_ADMIN}),
}

# Roles that see the whole territory rather than their organisation's perimeter.
TERRITORY_WIDE_ROLES = frozenset({Role.ELECTED, Role.COMMISSION_MEMBER, Role.TERRITORY_ADMIN})


def is_territory_wide(user) -> bool:
    """The user sees the whole territory rather than an organisation's communes."""
    return user.is_authenticated and user.is_active and user.role in TERRITORY_WIDE_ROLES


def has_capability(user, capability: Capability) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return user.role in ROLES_BY_CAPABILITY[capability]


def capability_required(capability: Capability):
    """View decorator: anonymous users go to the login page, others get a 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_capability(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_capability = capability
        return wrapped

    return decorator


def communes_in_perimeter(user, territory):
    """Communes this user may act on: the territory's, narrowed to its organisation's."""
    from sppe.territories.models import Commune

    if territory is None or not user.is_authenticated:
        return Commune.objects.none()
    communes = territory.communes.all()
    if user.role in TERRITORY_WIDE_ROLES:
        return communes
    if user.organisation_id is None:
        return Commune.objects.none()
    return communes.filter(organisations=user.organisation_id)


# --- Perimeter of objects made by someone (campaigns, list imports) ----------------
# An object an agent made (a confirmation campaign, an uploaded list) reaches the
# communes of its author's perimeter. Another professional may act on it only if it
# stays within their own perimeter (`covers`), and see it if the two meet (`meets`).


def _perimeter_ids(user, territory) -> set[int]:
    if user is None:
        return set()
    return set(communes_in_perimeter(user, territory).values_list("pk", flat=True))


def perimeter_covers(user, author, territory) -> bool:
    """The author's communes are all within the user's (an unknown author: territory-wide)."""
    if not (user.is_authenticated and user.is_active) or territory is None:
        return False
    if user.role in TERRITORY_WIDE_ROLES:
        return True
    if author is None:
        return False
    return _perimeter_ids(author, territory) <= _perimeter_ids(user, territory)


def perimeter_meets(user, author, territory) -> bool:
    """The author's communes and the user's have at least one in common."""
    if not (user.is_authenticated and user.is_active) or territory is None:
        return False
    if user.role in TERRITORY_WIDE_ROLES:
        return True
    if author is None:
        return False
    mine = _perimeter_ids(user, territory)
    return bool(mine) and bool(_perimeter_ids(author, territory) & mine)


def authors_within_perimeter(user, territory):
    """Users whose perimeter lies within this user's: whose objects the user may act on."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.all()
    if user.role in TERRITORY_WIDE_ROLES and user.is_active:
        return users
    if territory is None or not user.is_authenticated:
        return users.none()
    outside = territory.communes.exclude(pk__in=communes_in_perimeter(user, territory))
    return users.exclude(role__in=TERRITORY_WIDE_ROLES).exclude(organisation__communes__in=outside)


def authors_meeting_perimeter(user, territory):
    """Users whose perimeter shares a commune with this user's: whose objects the user sees."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.all()
    if user.role in TERRITORY_WIDE_ROLES and user.is_active:
        return users
    if territory is None or not user.is_authenticated:
        return users.none()
    mine = communes_in_perimeter(user, territory)
    return users.filter(
        models.Q(role__in=TERRITORY_WIDE_ROLES) | models.Q(organisation__communes__in=mine)
    ).distinct()
