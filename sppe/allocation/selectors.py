"""Reads of the commission: who sees which session, offer and dossier; what a family
sees of its score and of each session; the alternatives after a refusal."""

from __future__ import annotations

from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from sppe.accounts.enums import Role
from sppe.accounts.perms import communes_in_perimeter
from sppe.dossiers import selectors as desk_selectors
from sppe.territories.models import Territory

from . import publication
from .enums import DeliberationStatus, OfferStatus
from .models import Deliberation, Offer


def deliberations():
    return Deliberation.objects.select_related("session", "president").order_by("-session__date")


def deliberation_or_404(pk) -> Deliberation:
    found = deliberations().filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def published(pk) -> Deliberation:
    """A validated session, public from its validation on."""
    found = deliberations().filter(pk=pk, status=DeliberationStatus.VALIDATED).first()
    if found is None:
        raise Http404
    return found


def offer_for_family(user, pk) -> Offer:
    offer = (
        Offer.objects.filter(pk=pk, application__household__account=user)
        .select_related("unit__establishment__commune", "application", "deliberation__session")
        .first()
    )
    if offer is None or user.role != Role.FAMILY:
        raise Http404
    return offer


def offer_for_agent(user, pk) -> Offer:
    perimeter = communes_in_perimeter(user, Territory.objects.current())
    offer = (
        Offer.objects.filter(pk=pk, application__household__commune__in=perimeter)
        .select_related("unit__establishment", "application")
        .first()
    )
    if offer is None:
        raise Http404
    return offer


def admissions_for(user):
    """Offers accepted or confirmed at the crèches this person answers for."""
    qs = Offer.objects.filter(
        status__in=(OfferStatus.ACCEPTED, OfferStatus.ADMITTED)
    ).select_related("unit__establishment", "child", "application", "deliberation__session")
    if user.role == Role.CRECHE_MANAGER:
        if user.organisation_id is None:
            return qs.none()
        return qs.filter(unit__establishment__organisation=user.organisation_id)
    perimeter = communes_in_perimeter(user, Territory.objects.current())
    return qs.filter(unit__establishment__commune__in=perimeter)


def family_sessions(application, *, shared: dict | None = None) -> list[dict]:
    """Each session that studied the dossier: its score lines, and per wished section the
    cut-off and the child's position on the waiting list once the session is validated.

    `shared`: deliberation pk -> its `session_context`, when the caller computed it once
    for many families (the letters of a whole session)."""
    rows = []
    for frozen in application.frozen_versions.select_related("deliberation__session").order_by(
        "-deliberation__session__date"
    ):
        deliberation = frozen.deliberation
        row = {
            "deliberation": deliberation,
            "frozen": frozen,
            "units": [],
            "validated": False,
            "explanations": [],
        }
        if deliberation.status == DeliberationStatus.VALIDATED:
            row["validated"] = True
            context = (shared or {}).get(deliberation.pk) or session_context(deliberation)
            row["units"] = _positions(context, frozen)
            row["explanations"] = [
                deliberation.explanations.get(f"{frozen.number}-{child['index']}", "")
                for child in frozen.children
            ]
        rows.append(row)
    return rows


def session_context(deliberation) -> dict:
    """What every family's page or letter of a validated session shares: the units'
    waiting lists and cut-offs, the units, and the overrides per unit."""
    from .services import final_matching

    lists = publication.unit_lists(deliberation.instance, final_matching(deliberation))
    overridden: dict[str, int] = {}
    for override in deliberation.overrides.select_related("unit"):
        overridden[override.unit.key] = overridden.get(override.unit.key, 0) + 1
    return {
        "lists": lists,
        "sets": {
            k: (set(v["admitted"]), {c: i for i, c in enumerate(v["waiting"], 1)})
            for k, v in lists.items()
        },
        "units": {u.key: u for u in deliberation.units.select_related("establishment")},
        "overridden": overridden,
    }


def _positions(context, frozen) -> list[dict]:
    lists, units, overridden = context["lists"], context["units"], context["overridden"]
    keys = {f"{frozen.number}-{c['index']}" for c in frozen.children}
    rows = []
    for unit_key, data in lists.items():
        admitted, waiting = context["sets"][unit_key]
        mine = sorted(k for k in keys if k in admitted or k in waiting)
        if not mine:
            continue
        key = mine[0]
        rows.append(
            {
                "unit": units[unit_key],
                "cutoff": data["cutoff"],
                "overridden": overridden.get(unit_key, 0),
                "admitted": key in admitted,
                "position": waiting.get(key),
                "waiting": len(data["waiting"]),
            }
        )
    rows.sort(key=lambda r: frozen.wishes.index(f"E{r['unit'].establishment_id}"))
    return rows


def alternatives(application, *, limit=8) -> dict:
    """Other solutions matched to the request: childminders and MAM with places for the
    child's age on the wished days in the family's commune and its neighbours, and crèches
    outside the desk with free places."""
    from sppe.dossiers.ages import months_between
    from sppe.offers.models import Availability, Establishment

    household = application.household
    child = application.children.order_by("-birth_date").first()
    reference = (child.birth_date or child.due_date) if child else None
    on = max(application.wished_start_date, timezone.localdate())
    age = months_between(reference, on) if reference else 0
    days = application.days & 0b11111
    free = (
        Availability.objects.filter(
            available_from__lte=on, age_min_months__lte=age, age_max_months__gte=age
        )
        .annotate(common=F("days").bitand(days))
        .filter(common=days)
    )
    commune = household.commune
    near = Q(commune=commune)
    if commune.latitude is not None:
        near |= Q(
            commune__latitude__range=(commune.latitude - 0.1, commune.latitude + 0.1),
            commune__longitude__range=(commune.longitude - 0.14, commune.longitude + 0.14),
        )
    from sppe.offers.models import Childminder

    childminders = (
        Childminder.objects.filter(near, availabilities__in=free)
        .distinct()
        .select_related("commune")
        .order_by("commune__name", "pk")[:limit]
    )
    creches = (
        Establishment.objects.filter(
            near, is_active=True, joins_single_desk=False, sections__availabilities__in=free
        )
        .distinct()
        .select_related("commune")
        .order_by("name")[:limit]
    )
    return {"childminders": list(childminders), "creches": list(creches), "age": age}


def dossier_for_family(user, pk):
    return desk_selectors.dossier_for_family(user, pk)
