"""Writes of the commission: the grid, a session's seats, freeze, run, overrides,
validation, offers and their answers, the cascade, admissions, appeals, follow-ups.

Every function is keyword-only and atomic, takes an optional `now` (never in the future,
as the desk's services) and raises `CommissionError` with a plain-French message; a
refused action changes nothing. The session's row is locked (`select_for_update`) by
every step that changes it, so two members acting at once are served one after the
other and the second sees what the first did.

Who may call each function is decided by the views (perms.py); the services check
what only they can know: the step the session is at, the president, the agent's
perimeter for an establishment or a dossier.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sppe.accounts.perms import communes_in_perimeter
from sppe.dossiers import services as desk
from sppe.dossiers import states
from sppe.dossiers.ages import AGE_LIMIT_YEARS, AgeSection, months_between
from sppe.dossiers.enums import Status
from sppe.dossiers.models import Application
from sppe.territories.models import Territory

from . import engine, publication, scoring
from .engine import export
from .enums import (
    HELD_OFFER_STATUSES,
    AppealDecisionReason,
    AppealStatus,
    DeclineReason,
    DeliberationStatus,
    FollowUpChannel,
    FollowUpOutcome,
    OfferStatus,
    OverrideReason,
)
from .models import (
    WEEKDAY_FIELDS,
    Appeal,
    Criterion,
    Deliberation,
    FollowUp,
    FrozenDossier,
    GridVersion,
    Offer,
    Override,
    SeatUnit,
)

logger = logging.getLogger(__name__)

MAX_SEATS_PER_DAY = 200
APPEAL_MONTHS = 2
ENGINE_TIME_SCALE = 20.0  # deterministic budgets of the engine (see engine.allocate)
WEEKS_PER_YEAR = Decimal(47)
# Age bounds of the sections (months, inclusive), as dossiers/ages.py cuts them.
SECTION_AGES = {
    AgeSection.BABIES: (0, 17),
    AgeSection.MIDDLE: (18, 30),
    AgeSection.OLDER: (31, 12 * AGE_LIMIT_YEARS - 1),
}


class CommissionError(ValueError):
    """A refused action; the message is plain French, ready to show."""


def _moment(now):
    return desk._moment(now)


def _territory():
    territory = Territory.objects.current()
    if territory is None:
        raise CommissionError(_("Le territoire n'est pas encore configuré."))
    return territory


# --- the grid ---------------------------------------------------------------------


def grid_in_force():
    return GridVersion.objects.filter(published_at__isnull=False).order_by("-number").first()


def criteria_specs(grid) -> list[scoring.CriterionSpec]:
    return [
        scoring.CriterionSpec(
            rule=c.rule, points=c.points, label=c.label, needs_agent=c.confirmation == "agent"
        )
        for c in grid.criteria.all()
    ]


@transaction.atomic
def grid_publish(*, criteria: list[dict], note: str = "", by, now=None) -> GridVersion:
    """Publish a new version of the grid; earlier versions stay as they were.

    `criteria`: dicts with rule, label, points and optionally label_en, label_ar,
    evidence, confirmation. Raises CommissionError for an unlawful or malformed grid.
    """
    moment = _moment(now)
    if not criteria:
        raise CommissionError(_("Une grille compte au moins un critère."))
    specs = []
    for item in criteria:
        try:
            points = int(item["points"])
        except (KeyError, TypeError, ValueError) as exc:
            raise CommissionError(_("Indiquez un nombre de points pour chaque critère.")) from exc
        specs.append(
            scoring.CriterionSpec(
                rule=item.get("rule", ""), points=points, label=item.get("label", "")
            )
        )
    try:
        scoring.check_grid(specs)
    except scoring.GridError as exc:
        raise CommissionError(str(exc)) from exc
    last = GridVersion.objects.select_for_update().order_by("-number").first()
    grid = GridVersion.objects.create(
        number=(last.number + 1) if last else 1, note=note, published_at=moment, published_by=by
    )
    for order, item in enumerate(criteria):
        criterion = Criterion(
            grid=grid,
            rule=item["rule"],
            label=item["label"],
            label_en=item.get("label_en", ""),
            label_ar=item.get("label_ar", ""),
            points=int(item["points"]),
            evidence=item.get("evidence", ""),
            confirmation=item.get("confirmation", "automatic"),
            order=order,
        )
        criterion.full_clean(exclude=["grid"])
        criterion.save()
    return grid


# --- a session's seats -------------------------------------------------------------


def _lock(deliberation, expected_version=None) -> Deliberation:
    locked = (
        Deliberation.objects.select_for_update().select_related("session").get(pk=deliberation.pk)
    )
    if expected_version is not None and locked.version != int(expected_version):
        raise CommissionError(
            _(
                "La séance a changé depuis que vous avez ouvert la page (une autre personne "
                "a agi). Rechargez la page : rien n'a été enregistré."
            )
        )
    return locked


def _bump(locked, **fields):
    locked.version += 1
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["version", *fields])


def _require(locked, *statuses):
    if locked.status not in statuses:
        raise CommissionError(
            _("La séance est à l'étape « %(step)s » : cette action n'est plus possible.")
            % {"step": locked.get_status_display()}
        )


@transaction.atomic
def deliberation_open(
    *, session, start_date: dt.date, by, members=(), president=None, reply_days=15
) -> Deliberation:
    if hasattr(session, "deliberation"):
        raise CommissionError(_("Cette commission est déjà en préparation."))
    if start_date < session.date:
        raise CommissionError(_("La date d'entrée des enfants vient après la commission."))
    if president is not None and president not in members:
        members = [*members, president]
    deliberation = Deliberation(
        session=session, start_date=start_date, president=president, reply_days=reply_days
    )
    deliberation.full_clean(exclude=["session"])
    deliberation.save()
    deliberation.members.set(members)
    return deliberation


def _check_establishment(establishment, by):
    territory = _territory()
    if not establishment.joins_single_desk or not establishment.is_active:
        raise CommissionError(_("Cette crèche ne participe pas au guichet unique."))
    if (
        by is not None
        and not communes_in_perimeter(by, territory).filter(pk=establishment.commune_id).exists()
    ):
        raise CommissionError(_("Cette crèche n'est pas dans les communes que vous suivez."))


def _check_capacity(capacity) -> tuple[int, ...]:
    try:
        values = tuple(int(x) for x in capacity)
    except (TypeError, ValueError) as exc:
        raise CommissionError(_("Indiquez un nombre de places pour chaque jour.")) from exc
    if len(values) != len(WEEKDAY_FIELDS):
        raise CommissionError(
            _("Indiquez un nombre de places pour chaque jour, du lundi au vendredi.")
        )
    if any(v < 0 for v in values):
        raise CommissionError(_("Un nombre de places ne peut pas être négatif."))
    if any(v > MAX_SEATS_PER_DAY for v in values):
        raise CommissionError(
            _("Au plus %(n)s places par jour et par section.") % {"n": MAX_SEATS_PER_DAY}
        )
    return values


@transaction.atomic
def seat_unit_set(*, deliberation, establishment, section, capacity, by) -> SeatUnit | None:
    """Set the seats a section opens, per weekday (0 everywhere removes it)."""
    locked = _lock(deliberation)
    _require(locked, DeliberationStatus.PREPARING)
    _check_establishment(establishment, by)
    if section not in AgeSection.values:
        raise CommissionError(_("Choisissez la section dans la liste."))
    values = _check_capacity(capacity)
    low, high = SECTION_AGES[AgeSection(section)]
    low, high = max(low, establishment.age_min_months), min(high, establishment.age_max_months)
    if low > high:
        raise CommissionError(_("Cette crèche n'accueille pas les enfants de cette section."))
    if not any(values):
        SeatUnit.objects.filter(
            deliberation=locked, establishment=establishment, section=section
        ).delete()
        _bump(locked)
        return None
    unit, _created = SeatUnit.objects.update_or_create(
        deliberation=locked,
        establishment=establishment,
        section=section,
        defaults={
            "min_age_months": low,
            "max_age_months": high,
            **dict(zip(WEEKDAY_FIELDS, values, strict=True)),
        },
    )
    _bump(locked)
    return unit


def prefilled_capacity(establishment, section, start_date) -> tuple[int, ...]:
    """Free places the directory knows for a section at the start date, per weekday."""
    low, high = SECTION_AGES[AgeSection(section)]
    seats = [0] * len(WEEKDAY_FIELDS)
    for section_row in establishment.sections.all():
        if section_row.age_max_months < low or section_row.age_min_months > high:
            continue
        for availability in section_row.availabilities.all():
            if availability.available_from > start_date:
                continue
            for day in range(len(seats)):
                if availability.days & (1 << day):
                    seats[day] += availability.places
    return tuple(seats)


# --- freeze --------------------------------------------------------------------------


def _facts(application, start_date, earlier) -> scoring.Facts:
    household = application.household
    activities = [household.parent1_activity]
    if not household.single_parent and household.parent2_activity:
        activities.append(household.parent2_activity)
    children = list(application.children.all())
    ages = [months_between(c.birth_date or c.due_date, start_date) for c in children]
    passed = sum(1 for d in earlier if not d["offered"])
    declined = sum(d["declined"] for d in earlier)
    return scoring.Facts(
        single_parent=household.single_parent,
        activities=tuple(activities),
        situations=frozenset(household.specific_situations or ()),
        dependent_children=household.dependent_children,
        commune=household.commune.insee_code,
        sibling_creches=frozenset(f"E{e.pk}" for e in household.siblings_in_creche.all()),
        oldest_child_months=max(ages, default=0),
        sessions_passed=passed,
        declined_offers=declined,
        confirmed=frozenset(check.rule for check in application.criterion_checks.all()),
    )


def _histories(application_ids, before: Deliberation) -> dict[int, list[dict]]:
    """Per dossier, the earlier validated sessions that studied it: whether it got an
    offer, and how many offers it declined or let lapse (two queries for all)."""
    earlier = FrozenDossier.objects.filter(
        application_id__in=application_ids,
        deliberation__status=DeliberationStatus.VALIDATED,
        deliberation__session__date__lt=before.session.date,
    ).values_list("application_id", "deliberation_id")
    offers: dict[tuple[int, int], list[str]] = {}
    for key in Offer.objects.filter(
        application_id__in=application_ids, deliberation__session__date__lt=before.session.date
    ).values_list("application_id", "deliberation_id", "status"):
        offers.setdefault(key[:2], []).append(key[2])
    rows: dict[int, list[dict]] = {}
    for application_id, deliberation_id in earlier:
        statuses = offers.get((application_id, deliberation_id), [])
        rows.setdefault(application_id, []).append(
            {
                "offered": bool(statuses),
                "declined": sum(s in (OfferStatus.DECLINED, OfferStatus.LAPSED) for s in statuses),
            }
        )
    return rows


def _child_rows(application, start_date) -> list[dict]:
    rows = []
    children = sorted(application.children.all(), key=lambda c: c.pk)  # prefetched
    for index, child in enumerate(children, start=1):
        reference = child.birth_date or child.due_date
        rows.append(
            {
                "pk": child.pk,
                "index": index,
                "age_months": months_between(reference, start_date),
                "expected": child.birth_date is None,
            }
        )
    return rows


def _structured_facts(application, facts: scoring.Facts) -> dict:
    """What members see of a family: structured facts only, never names or addresses."""
    household = application.household
    return {
        "commune": household.commune.name,
        "single_parent": facts.single_parent,
        "activities": list(facts.activities),
        "situations": sorted(facts.situations),
        "dependent_children": facts.dependent_children,
        "resources_bracket": _bracket(household),
        "sessions_passed": facts.sessions_passed,
        "declined_offers": facts.declined_offers,
        "start_minute": application.start_minute,
        "end_minute": application.end_minute,
        "wished_start_date": application.wished_start_date.isoformat(),
    }


RESOURCE_BRACKETS = (
    (15_000, "< 15 000 €"),
    (30_000, "15 000 à 30 000 €"),
    (50_000, "30 000 à 50 000 €"),
    (None, "50 000 € et plus"),
)


def _bracket(household) -> str:
    if household.resources_declined or household.annual_resources is None:
        return "non déclarées"
    for limit, label in RESOURCE_BRACKETS:
        if limit is None or household.annual_resources < limit:
            return label
    return ""


@transaction.atomic
def deliberation_freeze(*, deliberation, by, now=None) -> dict:
    """Freeze the complete dossiers for the session and present them.

    Each listed dossier (complete, or kept on the list) is frozen, scored under the grid
    in force and moved to "presented"; its family is told. A dossier whose children will
    all be three at the start date is not presented (its family is told why); families
    whose dossier is not complete are told when the next session is.
    """
    moment = _moment(now)
    locked = _lock(deliberation)
    _require(locked, DeliberationStatus.PREPARING)
    if not locked.units.exists():
        raise CommissionError(
            _("Saisissez d'abord les places que les crèches ouvrent : la séance n'en a aucune.")
        )
    grid = grid_in_force()
    if grid is None:
        raise CommissionError(_("Publiez d'abord la grille de points."))
    specs = criteria_specs(grid)
    territory = _territory()
    desk.application_freeze_for_commission(session=locked.session, by=by, now=now)
    listed = (
        Application.objects.filter(
            status__in=states.LISTED_STATES, household__commune__in=territory.communes.all()
        )
        # Listed at the moment of the freeze (a replayed freeze ignores later moves).
        .exclude(status_changes__at__gt=moment)
        .select_related("household__commune")
        .prefetch_related(
            "children",
            "choices__establishment__commune",
            "household__siblings_in_creche",
            "criterion_checks",
        )
        .order_by("submitted_at", "pk")
    )
    listed = list(listed)
    histories = _histories([a.pk for a in listed], locked)
    counts = {"presented": 0, "too_old": 0, "not_born": 0, "not_complete": 0}
    skipped = []
    number = 0
    for application in listed:
        children = _child_rows(application, locked.start_date)
        if all(row["age_months"] >= 12 * AGE_LIMIT_YEARS for row in children):
            counts["too_old"] += 1
            skipped.append(application.pk)
            continue
        if any(row["age_months"] < 0 for row in children):
            # Not born yet at the start date: a later session will study the dossier.
            counts["not_born"] += 1
            skipped.append(application.pk)
            continue
        number += 1
        facts = _facts(application, locked.start_date, histories.get(application.pk, []))
        choices = list(application.choices.all())
        communes = {f"E{c.establishment_id}": c.establishment.commune.insee_code for c in choices}
        score = scoring.with_commune_bonus(scoring.score(facts, specs), specs, facts, communes)
        FrozenDossier.objects.create(
            deliberation=locked,
            application=application,
            number=f"D{number:04d}",
            points=score.total,
            score=score.to_dict(),
            facts=_structured_facts(application, facts),
            children=children,
            wishes=[f"E{c.establishment_id}" for c in choices],
            days=application.days,
            application_date=timezone.localdate(application.submitted_at or moment),
        )
        desk.application_transition(
            application=application,
            to=Status.PRESENTED,
            by=None,
            reason="",
            now=now,
            event="presented",
            context={"commission_date": locked.session.date},
        )
        counts["presented"] += 1
    desk.application_unfreeze(application_ids=skipped, now=now)
    counts["not_complete"] = _tell_not_complete(territory, locked)
    _bump(locked, status=DeliberationStatus.FROZEN, frozen_at=moment, grid=grid)
    return counts


def _tell_not_complete(territory, locked) -> int:
    from sppe.dossiers.notifications import notify
    from sppe.dossiers.selectors import next_commission

    waiting = Application.objects.filter(
        status__in=(Status.SUBMITTED, Status.INCOMPLETE),
        household__commune__in=territory.communes.all(),
    )
    after = next_commission(on=locked.session.date + dt.timedelta(days=1))
    context = {"commission_date": locked.session.date, "next_date": after.date if after else None}
    ids = list(waiting.values_list("pk", flat=True))

    def send():
        for application in Application.objects.filter(pk__in=ids).select_related("household"):
            notify(application=application, event="not_presented", **context)

    transaction.on_commit(send)
    return len(ids)


# --- the engine's run -------------------------------------------------------------------


def build_instance(locked: Deliberation, frozen=None, *, held=None) -> engine.Instance:
    """The anonymised instance of the session: seats, and children keyed by number."""
    units = [
        engine.Unit(
            id=unit.key,
            creche_id=f"E{unit.establishment_id}",
            section=unit.section,
            min_age_months=unit.min_age_months,
            max_age_months=unit.max_age_months,
            capacity=unit.capacity,
            creche_name=unit.establishment.name,
        )
        for unit in locked.units.select_related("establishment")
    ]
    children, families = [], []
    frozen = frozen if frozen is not None else list(locked.dossiers.all())
    for dossier in frozen:
        bonuses = {
            creche: sum(line["points"] * line["times"] for line in lines)
            for creche, lines in dossier.score.get("bonuses", {}).items()
        }
        rows = [r for r in dossier.children if r["age_months"] < 12 * AGE_LIMIT_YEARS]
        for row in rows:
            children.append(
                engine.Child(
                    id=f"{dossier.number}-{row['index']}",
                    family_id=dossier.number,
                    age_months=max(0, row["age_months"]),
                    wishes=tuple(dossier.wishes),
                    days=frozenset(d for d in range(5) if dossier.days & (1 << d)),
                    points=dossier.points,
                    application_date=dossier.application_date,
                    bonuses=bonuses,
                )
            )
        if len(rows) > 1:
            families.append(engine.Family(id=dossier.number, together=dossier.together))
    from sppe.offers.models import Establishment

    wished = {int(c[1:]) for child in children for c in child.wishes}
    names = {
        f"E{pk}": name
        for pk, name in Establishment.objects.filter(pk__in=wished).values_list("pk", "name")
    }
    names.update({u.creche_id: u.creche_name for u in units})
    return engine.Instance(
        units=tuple(units),
        children=tuple(children),
        families=tuple(families),
        lottery_seed=locked.lottery_seed,
        start_date=locked.start_date,
        creche_names=names,
    )


def _explanations(result) -> dict:
    return {child_id: e.text for child_id, e in sorted(result.explanations.items())}


@transaction.atomic
def deliberation_run(*, deliberation, by, now=None) -> Deliberation:
    """Run the engine on the frozen dossiers and store its proposal with its report."""
    moment = _moment(now)
    locked = _lock(deliberation)
    _require(locked, DeliberationStatus.FROZEN, DeliberationStatus.PROPOSED)
    if locked.overrides.exists():
        raise CommissionError(
            _("Des dérogations sont déjà proposées : retirez-les avant de recalculer.")
        )
    instance = build_instance(locked)
    started = time.perf_counter()
    result = engine.allocate(instance, time_limit=ENGINE_TIME_SCALE)
    seconds = time.perf_counter() - started
    _bump(
        locked,
        status=DeliberationStatus.PROPOSED,
        proposed_at=moment,
        instance=export.instance_to_dict(instance),
        proposal=dict(sorted(result.matching.items())),
        report=publication.report_to_dict(result.report),
        explanations=_explanations(result),
        engine_status=result.status,
        engine_method=result.method,
        run_seconds=round(seconds, 3),
    )
    return locked


# --- review: overrides ------------------------------------------------------------------


def final_matching(deliberation) -> dict[str, str | None]:
    """The engine's proposal with the members' overrides applied, in their order."""
    matching = dict(deliberation.proposal)
    for override in deliberation.overrides.select_related("unit").order_by("at", "pk"):
        for child_id in override.displaced:
            matching[child_id] = None
        matching[override.child_key] = override.unit.key
    return matching


def _child(instance: dict, child_id: str) -> dict | None:
    return next((c for c in instance["children"] if c["id"] == child_id), None)


def override_effects(deliberation, child_id: str, unit: SeatUnit) -> dict:
    """What placing `child_id` in `unit` does, before anyone decides it: the children of
    higher priority who wished that crèche and are not placed there (passed over, with
    the points gap), and the children the seat must be taken from (displaced)."""
    instance = deliberation.instance
    child = _child(instance, child_id)
    if child is None:
        raise CommissionError(_("Cet enfant n'est pas dans les dossiers de la séance."))
    unit_data = next(u for u in instance["units"] if u["id"] == unit.key)
    if unit_data["creche_id"] not in child["wishes"]:
        raise CommissionError(_("La famille n'a pas demandé cette crèche."))
    if any(f["id"] == child["family_id"] and f["together"] for f in instance["families"]):
        raise CommissionError(
            _(
                "Cet enfant fait partie d'une fratrie demandée ensemble : une dérogation ne "
                "peut pas séparer les enfants. Étudiez la situation avec le guichet unique."
            )
        )
    if not unit_data["min_age_months"] <= child["age_months"] <= unit_data["max_age_months"]:
        raise CommissionError(_("L'âge de l'enfant ne correspond pas à cette section."))
    if not all(unit_data["capacity"][d] > 0 for d in child["days"]):
        raise CommissionError(_("Cette section n'ouvre pas de place les jours demandés."))
    matching = final_matching(deliberation)
    if matching.get(child_id) == unit.key:
        raise CommissionError(_("Cet enfant a déjà une place dans cette section."))
    creche, seed = unit_data["creche_id"], instance["lottery_seed"]
    mine = publication.priority(child, creche, seed)
    lists = publication.unit_lists(instance, matching)
    passed = []
    for other_id in lists[unit.key]["waiting"]:
        other = _child(instance, other_id)
        if other_id != child_id and publication.priority(other, creche, seed) < mine:
            gap = (other["points"] + other["bonuses"].get(creche, 0)) - (
                child["points"] + child["bonuses"].get(creche, 0)
            )
            passed.append({"child": other_id, "points_gap": gap})
    # Seats: on each of the child's days, the unit must have one; else the admitted
    # children of lowest priority needing that day give theirs up.
    holders = [_child(instance, c) for c in lists[unit.key]["admitted"]]
    holders.sort(key=lambda c: publication.priority(c, creche, seed), reverse=True)
    displaced: list[str] = []
    for day in child["days"]:
        taken = [h for h in holders if day in h["days"] and h["id"] not in displaced]
        if len(taken) >= unit_data["capacity"][day]:
            displaced.append(taken[0]["id"])
    return {"passed_over": passed, "displaced": displaced}


@transaction.atomic
def override_add(*, deliberation, child_key, unit, reason, comment, by, now=None) -> Override:
    moment = _moment(now)
    locked = _lock(deliberation)
    _require(locked, DeliberationStatus.PROPOSED)
    if not locked.members.filter(pk=by.pk).exists():
        raise CommissionError(_("Seuls les membres de la séance proposent une dérogation."))
    if reason not in OverrideReason.values:
        raise CommissionError(_("Choisissez le motif de la dérogation dans la liste."))
    comment = (comment or "").strip()
    if len(comment) < 10:
        raise CommissionError(
            _("Décrivez en une phrase le fait constaté qui justifie la dérogation (pièce, date).")
        )
    if unit.deliberation_id != locked.pk:
        raise CommissionError(_("Cette section n'ouvre pas de places à cette séance."))
    if locked.overrides.filter(child_key=child_key).exists():
        raise CommissionError(_("Une dérogation est déjà proposée pour cet enfant."))
    effects = override_effects(locked, child_key, unit)
    override = Override.objects.create(
        deliberation=locked,
        child_key=child_key,
        unit=unit,
        proposed_unit_key=final_matching(locked).get(child_key) or "",
        reason=reason,
        comment=comment[:300],
        passed_over=effects["passed_over"],
        displaced=effects["displaced"],
        by=by,
        at=moment,
    )
    _bump(locked)
    return override


@transaction.atomic
def override_remove(*, override, by) -> None:
    locked = _lock(override.deliberation)
    _require(locked, DeliberationStatus.PROPOSED)
    override.delete()
    _bump(locked)


# --- validation and offers --------------------------------------------------------------


def _hours_per_week(application) -> Decimal:
    days = bin(application.days & 0b11111).count("1")
    if application.start_minute is None:
        return Decimal(days * 9)
    return Decimal(days * (application.end_minute - application.start_minute)) / 60


def estimated_fee(application, establishment, on) -> Decimal | None:
    """The PSU monthly fee from the household's declared resources (maximum fee when it
    declares none); None for a crèche that sets its own price (PAJE)."""
    from sppe.information.fees.psu import psu_monthly_fee
    from sppe.offers.enums import Funding

    if establishment.funding != Funding.PSU:
        return None
    household = application.household
    resources = household.annual_resources
    if household.resources_declined or resources is None:
        resources = 10_000_000  # the ceiling applies
    try:
        fee = psu_monthly_fee(
            on=on,
            annual_resources=Decimal(resources),
            dependent_children=max(1, household.dependent_children),
            hours_per_week=_hours_per_week(application),
            weeks_per_year=WEEKS_PER_YEAR,
        )
    except (ValueError, LookupError):
        logger.warning("fee estimate unavailable", extra={"deliberation_date": str(on)})
        return None
    return fee.monthly_fee


def _offer_context(offer) -> dict:
    from django.urls import reverse

    from sppe.dossiers.notifications import absolute_url

    return {
        "creche_name": offer.unit.establishment.name,
        "section_label": str(offer.unit.get_section_display()),
        "start_date": offer.start_date,
        "deadline": offer.deadline,
        "monthly_fee": offer.monthly_fee,
        "answer_url": absolute_url(reverse("allocation:offer", args=[offer.pk])),
    }


def _make_offer(locked, dossier, child_key, unit, moment, cascade_round) -> Offer:
    index = int(child_key.rsplit("-", 1)[1])
    row = next(r for r in dossier.children if r["index"] == index)
    application = dossier.application
    offer = Offer.objects.create(
        deliberation=locked,
        application=application,
        child_id=row["pk"],
        child_key=child_key,
        unit=unit,
        start_date=locked.start_date,
        days=application.days,
        start_minute=application.start_minute,
        end_minute=application.end_minute,
        monthly_fee=estimated_fee(application, unit.establishment, locked.start_date),
        deadline=timezone.localdate(moment) + dt.timedelta(days=locked.reply_days),
        cascade_round=cascade_round,
        created_at=moment,
    )
    return offer


def _decide(locked, matching: dict, moment, now, cascade_round=0, only=None) -> dict:
    """Offers for the placed children; the others stay on the list (or stay not placed)."""
    units = {u.key: u for u in locked.units.select_related("establishment")}
    counts = {"offered": 0, "not_placed": 0}
    dossiers = locked.dossiers.select_related("application__household")
    for dossier in dossiers:
        if only is not None and dossier.number not in only:
            continue
        keys = [k for k in matching if k.rsplit("-", 1)[0] == dossier.number]
        placed = [(k, units[matching[k]]) for k in sorted(keys) if matching.get(k)]
        application = Application.objects.get(pk=dossier.application_id)
        if placed:
            offers = [_make_offer(locked, dossier, k, u, moment, cascade_round) for k, u in placed]
            desk.application_transition(
                application=application,
                to=Status.OFFERED,
                by=None,
                reason=states.Reason.COMMISSION_DECISION,
                now=now,
                event="offer_made",
                context=_offer_context(offers[0]),
            )
            counts["offered"] += 1
        elif application.status == Status.PRESENTED:
            desk.application_transition(
                application=application,
                to=Status.NOT_PLACED,
                by=None,
                reason=states.Reason.COMMISSION_DECISION,
                now=now,
                event="not_placed",
                context={"commission_date": locked.session.date},
            )
            counts["not_placed"] += 1
    return counts


@transaction.atomic
def deliberation_validate(*, deliberation, by, expected_version=None, now=None) -> dict:
    """The president validates the proposal (with its overrides): final, done once."""
    moment = _moment(now)
    locked = _lock(deliberation)
    if locked.status == DeliberationStatus.VALIDATED:
        who = locked.validated_by.get_full_name() if locked.validated_by else ""
        raise CommissionError(
            _("La séance a déjà été validée (%(who)s, le %(when)s) : rien n'a été changé.")
            % {
                "who": who,
                "when": timezone.localtime(locked.validated_at).strftime("%d/%m/%Y %H:%M"),
            }
        )
    if expected_version is not None and locked.version != int(expected_version):
        raise CommissionError(
            _(
                "La proposition a changé depuis que vous avez ouvert la page (une dérogation "
                "a été ajoutée ou retirée). Relisez-la avant de valider : rien n'a été enregistré."
            )
        )
    _require(locked, DeliberationStatus.PROPOSED)
    if by is None or locked.president_id != by.pk:
        raise CommissionError(_("Seul(e) le ou la président(e) de la séance valide les décisions."))
    counts = _decide(locked, final_matching(locked), moment, now)
    _bump(locked, status=DeliberationStatus.VALIDATED, validated_at=moment, validated_by=by)
    return counts


@transaction.atomic
def offer_answer(*, offer, accept: bool, by, reason: str = "", now=None) -> Offer:
    """The family (or an agent it called) accepts or declines; once, before the deadline."""
    moment = _moment(now)
    offer = Offer.objects.select_for_update().select_related("application", "unit").get(pk=offer.pk)
    if offer.status != OfferStatus.PENDING:
        raise CommissionError(
            _("Vous avez déjà répondu à cette proposition (%(status)s) : rien n'a été changé.")
            % {"status": offer.get_status_display().lower()}
        )
    if timezone.localdate(moment) > offer.deadline:
        raise CommissionError(
            _(
                "Le délai de réponse s'est terminé le %(date)s : la place a été proposée à "
                "un autre enfant. Contactez le relais petite enfance."
            )
            % {"date": offer.deadline.strftime("%d/%m/%Y")}
        )
    if not accept and reason not in DeclineReason.values:
        raise CommissionError(_("Choisissez la raison de votre refus dans la liste."))
    application = offer.application
    others = application.offers.filter(deliberation=offer.deliberation).exclude(pk=offer.pk)
    if accept:
        offer.status = OfferStatus.ACCEPTED
        target = Status.ACCEPTED
    else:
        offer.status, offer.decline_reason = OfferStatus.DECLINED, reason
        target = Status.DECLINED
    offer.answered_at, offer.answered_by = moment, by
    offer.save(update_fields=["status", "decline_reason", "answered_at", "answered_by"])
    still_pending = others.filter(status=OfferStatus.PENDING).exists()
    if not still_pending and application.status == Status.OFFERED:
        if not accept and others.filter(status=OfferStatus.ACCEPTED).exists():
            target = Status.ACCEPTED
        desk.application_transition(
            application=application,
            to=target,
            by=by,
            reason=states.Reason.FAMILY_REQUEST,
            now=now,
            event="offer_accepted" if target == Status.ACCEPTED else "offer_declined",
            context={"creche_name": offer.unit.establishment.name},
        )
    if not accept:
        transaction.on_commit(lambda: cascade_run(deliberation=offer.deliberation))
    return offer


def offers_lapse_due(*, now=None) -> int:
    """Offers past their deadline without an answer lapse; their seats cascade."""
    moment = _moment(now)
    due = Offer.objects.filter(status=OfferStatus.PENDING, deadline__lt=timezone.localdate(moment))
    lapsed = 0
    for offer in due.order_by("pk"):
        with transaction.atomic():
            offer = Offer.objects.select_for_update().get(pk=offer.pk)
            if offer.status != OfferStatus.PENDING:
                continue
            offer.status = OfferStatus.LAPSED
            offer.answered_at = moment
            offer.save(update_fields=["status", "answered_at"])
            application = Application.objects.get(pk=offer.application_id)
            pending = application.offers.filter(status=OfferStatus.PENDING).exists()
            if application.status == Status.OFFERED and not pending:
                desk.application_transition(
                    application=application,
                    to=Status.LAPSED,
                    by=None,
                    reason=states.Reason.NO_ANSWER_TO_OFFER,
                    now=now,
                    event="offer_lapsed",
                )
            lapsed += 1
        cascade_run(deliberation=offer.deliberation, now=now)
    return lapsed


def offers_remind_due(*, now=None, days_before: int = 3) -> int:
    """One reminder, a few days before the deadline, to families who have not answered."""
    from sppe.dossiers.notifications import notify

    moment = _moment(now)
    limit = timezone.localdate(moment) + dt.timedelta(days=days_before)
    due = Offer.objects.filter(
        status=OfferStatus.PENDING,
        reminded_at__isnull=True,
        deadline__lte=limit,
        deadline__gte=timezone.localdate(moment),
    ).select_related("application__household", "unit__establishment")
    sent = 0
    for offer in due:
        with transaction.atomic():
            if Offer.objects.filter(pk=offer.pk, reminded_at__isnull=True).update(
                reminded_at=moment
            ):
                notify(
                    application=offer.application, event="offer_reminder", **_offer_context(offer)
                )
                sent += 1
    return sent


# --- cascade ------------------------------------------------------------------------


def _freed_and_held(locked):
    """Seats held by offers (pending, accepted, admitted), children whose offer was
    declined or lapsed, and the seats freed since the last cascade step."""
    held, withdrawn = {}, {}
    for offer in locked.offers.select_related("unit"):
        if offer.status in HELD_OFFER_STATUSES:
            held[offer.child_key] = offer.unit.key
        elif offer.status in (OfferStatus.DECLINED, OfferStatus.LAPSED):
            withdrawn[offer.child_key] = (offer.unit.key, offer.status)
    steps = locked.report.get("cascades", [])
    before = set(steps[-1]["withdrawn"]) if steps else set()
    freed = [
        export.FreedSeat(
            child=key, unit=unit, cause="declined" if status == "declined" else "lapsed"
        )
        for key, (unit, status) in sorted(withdrawn.items())
        if key not in before
    ]
    return held, sorted(withdrawn), freed


@transaction.atomic
def cascade_run(*, deliberation, now=None) -> dict:
    """Give the seats freed by declines and lapses to the next children.

    The rule (docs/commission-format.md): an offer made is kept, whether answered or
    not; children whose offer was declined or lapsed leave the session; every other child
    of the session competes for the freed seats (each unit's capacity minus the seats
    held), by the same priorities, through the same engine. Each step is stored with the
    session and published, so that anyone can check it.
    """
    moment = _moment(now)
    locked = _lock(deliberation)
    if locked.status != DeliberationStatus.VALIDATED:
        return {"offered": 0}
    held, withdrawn, freed = _freed_and_held(locked)
    if not freed:
        return {"offered": 0}
    instance = export.instance_from_dict(locked.instance)
    step = export.run_cascade(
        instance, held, withdrawn=withdrawn, freed=freed, time_limit=ENGINE_TIME_SCALE
    )
    waiting = set(
        locked.dossiers.filter(application__status=Status.NOT_PLACED).values_list(
            "number", flat=True
        )
    )
    placed = {k: v for k, v in step.matching.items() if v and k.rsplit("-", 1)[0] in waiting}
    steps = list(locked.report.get("cascades", []))
    steps.append(
        {
            "freed": [{"child": f.child, "unit": f.unit, "cause": f.cause} for f in step.freed],
            "held": dict(step.held),
            "withdrawn": list(step.withdrawn),
            "matching": dict(sorted(step.matching.items())),
        }
    )
    _bump(locked, report={**locked.report, "cascades": steps})
    if not placed:
        return {"offered": 0}
    return _decide(
        locked,
        placed,
        moment,
        now,
        cascade_round=len(steps),
        only={k.rsplit("-", 1)[0] for k in placed},
    )


def session_document(deliberation) -> dict:
    """The public, anonymised document of a validated session (docs/commission-format.md)."""
    matching = final_matching(deliberation)
    proposal = deliberation.proposal
    reasons = {}
    for override in deliberation.overrides.all():
        reasons[override.child_key] = override.reason
        for child in override.displaced:
            reasons.setdefault(child, override.reason)
    overrides = [
        export.Override(
            child=key,
            unit_given=matching.get(key),
            unit_proposed=proposal.get(key),
            reason=reasons.get(key, ""),
        )
        for key in sorted(matching)
        if matching.get(key) != proposal.get(key)
    ]
    cascades = [
        export.CascadeStep(
            freed=tuple(export.FreedSeat(**f) for f in step["freed"]),
            held=step["held"],
            withdrawn=tuple(step["withdrawn"]),
            matching=step["matching"],
        )
        for step in deliberation.report.get("cascades", [])
    ]
    return export.session_to_dict(
        export.instance_from_dict(deliberation.instance),
        matching,
        overrides=overrides,
        cascades=cascades,
        session={
            "date": deliberation.session.date.isoformat(),
            "grid_version": str(deliberation.grid.number if deliberation.grid else ""),
        },
        engine={"time_limit": ENGINE_TIME_SCALE},
    )


# --- admission, appeals, follow-up ------------------------------------------------------


@transaction.atomic
def admission_confirm(*, offer, by, now=None) -> Offer:
    """The crèche confirms the child's arrival: the dossier is closed as admitted."""
    moment = _moment(now)
    offer = Offer.objects.select_for_update().select_related("unit__establishment").get(pk=offer.pk)
    if offer.status == OfferStatus.ADMITTED:
        raise CommissionError(_("L'accueil de cet enfant est déjà confirmé."))
    if offer.status != OfferStatus.ACCEPTED:
        raise CommissionError(_("La famille n'a pas accepté cette place : rien à confirmer."))
    offer.status, offer.admitted_by = OfferStatus.ADMITTED, by
    offer.save(update_fields=["status", "admitted_by"])
    application = Application.objects.get(pk=offer.application_id)
    if application.status == Status.ACCEPTED:
        desk.application_transition(
            application=application,
            to=Status.ADMITTED,
            by=None,
            reason=states.Reason.ADMISSION_CONFIRMED,
            now=now,
            event="admitted",
            context={"creche_name": offer.unit.establishment.name},
        )
    del moment
    return offer


def appeal_deadline(deliberation) -> dt.date:
    from sppe.dossiers.campaigns import add_months

    decided = timezone.localdate(deliberation.validated_at)
    return add_months(decided, APPEAL_MONTHS)


@transaction.atomic
def appeal_submit(*, application, deliberation, grounds: str, by, now=None) -> Appeal:
    moment = _moment(now)
    if deliberation.status != DeliberationStatus.VALIDATED:
        raise CommissionError(_("La commission n'a pas encore rendu sa décision."))
    if not deliberation.dossiers.filter(application=application).exists():
        raise CommissionError(_("Cette commission n'a pas étudié votre dossier."))
    if timezone.localdate(moment) > appeal_deadline(deliberation):
        raise CommissionError(
            _("Le délai de deux mois pour contester cette décision s'est terminé le %(date)s.")
            % {"date": appeal_deadline(deliberation).strftime("%d/%m/%Y")}
        )
    grounds = (grounds or "").strip()
    if len(grounds) < 20:
        raise CommissionError(
            _("Expliquez en quelques phrases ce que vous contestez (20 caractères au moins).")
        )
    if Appeal.objects.filter(application=application, deliberation=deliberation).exists():
        raise CommissionError(
            _("Vous avez déjà contesté cette décision : le relais vous répondra.")
        )
    appeal = Appeal.objects.create(
        application=application,
        deliberation=deliberation,
        grounds=grounds[:4000],
        submitted_at=moment,
        submitted_by=by,
    )
    from sppe.dossiers.notifications import notify

    transaction.on_commit(
        lambda: notify(
            application=application,
            event="appeal_received",
            commission_date=deliberation.session.date,
        )
    )
    return appeal


@transaction.atomic
def appeal_answer(*, appeal, upheld: bool, reason: str, by, now=None) -> Appeal:
    moment = _moment(now)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != AppealStatus.RECEIVED:
        raise CommissionError(_("Ce recours a déjà reçu une réponse."))
    if reason not in AppealDecisionReason.values:
        raise CommissionError(_("Choisissez le motif de la réponse dans la liste."))
    appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
    appeal.decision_reason, appeal.answered_at, appeal.answered_by = reason, moment, by
    appeal.save(update_fields=["status", "decision_reason", "answered_at", "answered_by"])
    from sppe.dossiers.notifications import notify

    context = {
        "upheld": upheld,
        "decision_label": str(AppealDecisionReason(reason).label),
        "commission_date": appeal.deliberation.session.date,
    }
    transaction.on_commit(
        lambda: notify(application=appeal.application, event="appeal_answered", **context)
    )
    return appeal


@transaction.atomic
def follow_up_record(*, application, deliberation, channel, outcome, by, now=None) -> FollowUp:
    moment = _moment(now)
    if channel not in FollowUpChannel.values or outcome not in FollowUpOutcome.values:
        raise CommissionError(_("Choisissez le moyen de contact et la suite donnée dans la liste."))
    return FollowUp.objects.create(
        application=application,
        deliberation=deliberation,
        channel=channel,
        outcome=outcome,
        by=by,
        at=moment,
    )
