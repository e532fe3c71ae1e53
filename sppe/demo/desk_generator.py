"""Generated dossiers of the demo's single desk: about seventy households of the
territory, so that the agents' queue, its filters, the statistics, the confirmation
campaigns and the commission preparation have something true to work on.

`plan_dossiers` draws the households and their requests: a fixed seed, every date
relative to `today` (children's ages, due dates, wished start dates over the next
twelve months), so that the demo stays plausible whatever the day it is loaded.
`create_dossier` then enters one plan through the desk's services, as the family
online or the agent at the counter or on the phone would: documents uploaded, filed,
checked, found incomplete or withdrawn by the same transitions as the agents' pages,
so that the status log and the messages to families are the real ones.

Each plan carries its history (`Timeline`), dated before `today` as on a desk some
months into the year: filed dossiers begun one to eight months ago, filed within days,
checked by an agent two to twenty days later, withdrawn some weeks after; the
dossiers still waiting (drafts, dossiers to check) are recent. The services write
every step at its own moment (`now=`), so that the status logs and the delays of the
statistics page look like a real desk's.

Every generated household has a mobile number in 06 39 98 xx xx (a range given for
works of fiction), numbered after the plan: that number is the key that makes loading
idempotent. No household accepts SMS, and families with an account have an
address at demo.example.org (a domain reserved for examples): no message can reach
anybody.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from sppe.dossiers import selectors, services, states
from sppe.dossiers.enums import (
    Channel,
    DocumentKind,
    NoteKind,
    ParentActivity,
    SpecificSituation,
    Status,
)
from sppe.dossiers.models import Household
from sppe.offers.enums import OfferKind

from .generator import FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, STREETS, apportion
from .generator import ascii_slug as slug

DESK_SEED = 85_171
DESK_DOSSIERS = 72
PHONE_PREFIX = "06 39 98"
EMAIL_DOMAIN = "demo.example.org"

# How the generated dossiers stand, as on a desk a few months into the year: most
# filed and waiting for the agents' check or complete, some waiting for documents.
STATE_SHARES = (
    (Status.COMPLETE, 26),
    (Status.SUBMITTED, 24),
    (Status.INCOMPLETE, 12),
    (Status.WITHDRAWN, 6),
    (Status.DRAFT, 4),  # entered at the counter, documents still to add
)
TWIN_DOSSIERS = 4
# Most families apply online; the others at the counter or on the phone, where about
# half give an e-mail address (an account is then opened for them).
CHANNELS = ((Channel.ONLINE, 50), (Channel.COUNTER, 35), (Channel.PHONE, 15))
COUNTER_WITH_EMAIL = 0.55

# fmt: off
CHILD_FIRST_NAMES = (
    "Léo", "Gabriel", "Raphaël", "Louis", "Arthur", "Jules", "Adam", "Maël", "Lucas", "Hugo",
    "Noah", "Liam", "Sacha", "Gabin", "Nino", "Timéo", "Paul", "Marius", "Eden", "Aaron",
    "Jade", "Louise", "Ambre", "Alba", "Emma", "Rose", "Alice", "Romy", "Anna", "Lina",
    "Mia", "Léna", "Iris", "Chloé", "Inès", "Agathe", "Lou", "Juliette", "Margaux", "Zoé",
)
MORE_MALE_FIRST_NAMES = (
    "Nicolas", "Mathieu", "Sébastien", "Romain", "Guillaume", "Antoine", "Maxime", "Kévin",
    "Jérémy", "Benoît", "Florian", "Mickaël", "Anthony", "Yannick", "Samir", "Pierre",
)
WAYS = ("rue", "rue", "rue", "impasse", "allée", "chemin", "route")
# (days of the week, 0 = Monday; weight): full weeks, four days (often without
# Wednesday), and a few short weeks.
WEEK_PATTERNS = (
    ((0, 1, 2, 3, 4), 50),
    ((0, 1, 3, 4), 22),
    ((0, 1, 2, 3), 8),
    ((0, 1, 3), 8),
    ((0, 2, 4), 4),
    ((1, 3), 5),
    ((0, 3), 3),
)
START_MINUTES = (7 * 60 + 30, 7 * 60 + 45, 8 * 60, 8 * 60 + 15, 8 * 60 + 30, 8 * 60 + 45, 9 * 60)
END_MINUTES = tuple(16 * 60 + 30 + 15 * step for step in range(9))  # 16 h 30 to 18 h 30
OTHER_MODES = (
    ((), 45),
    ((OfferKind.CHILDMINDER,), 33),
    ((OfferKind.CHILDMINDER, OfferKind.MAM), 14),
    ((OfferKind.MAM,), 5),
    ((OfferKind.CHILDMINDER, OfferKind.HOME_CARE), 3),
)
ACTIVITIES = (
    (ParentActivity.EMPLOYED, 62),
    (ParentActivity.SELF_EMPLOYED, 9),
    (ParentActivity.JOB_SEEKING, 9),
    (ParentActivity.TRAINING, 6),
    (ParentActivity.PARENTAL_LEAVE, 10),
    (ParentActivity.OTHER, 4),
)
# Yearly resources (year N-2, euros) one parent brings, by activity.
RESOURCES = {
    ParentActivity.EMPLOYED: (16_000, 40_000),
    ParentActivity.SELF_EMPLOYED: (9_000, 48_000),
    ParentActivity.JOB_SEEKING: (6_000, 17_000),
    ParentActivity.TRAINING: (2_000, 11_000),
    ParentActivity.PARENTAL_LEAVE: (8_000, 26_000),
    ParentActivity.OTHER: (0, 9_000),
}
# fmt: on
MIN_NOTICE_DAYS = 14
# The child's age on the wished start date, in days (ranges; weight): most enter as
# babies, after the ten weeks of maternity leave; some at 18 to 30 months; a few
# older, still well before the 3rd birthday (crèches take children until school).
AGES_AT_START = (((75, 540), 62), ((550, 910), 30), ((920, 1030), 8))
WITHDRAWN_FROM = (Status.SUBMITTED, Status.COMPLETE, Status.INCOMPLETE)
# A pregnancy is known to the family, and a crèche request possible, about three months
# in: an expected child is due at most this many days after the load.
MAX_EXPECTED_DAYS = 180
# The days each step of a dossier's history takes (ranges, drawn per dossier).
# Dossiers filed and checked were begun 1 to 8 months ago; those still waiting are
# recent: a desk that checks within 2 to 20 days has no older backlog.
BEGUN_DAYS_AGO = {Status.DRAFT: (3, 45), Status.SUBMITTED: (2, 45)}
FILED_BEGUN_DAYS_AGO = (30, 240)
PREPARATION_DAYS = {Channel.ONLINE: (0, 6), Channel.PHONE: (1, 5), Channel.COUNTER: (0, 0)}
CHECK_DAYS = (2, 18)  # an agent's check after a weekend comes 2 to 20 days after filing
DOCUMENTS_BROUGHT_DAYS = (3, 30)
RECHECK_DAYS = (1, 8)
WITHDRAWAL_DAYS = (14, 70)
# Families apply a few days after the birth, or from about two months of pregnancy.
APPLIED_AFTER_BIRTH_DAYS = 3
APPLIED_BEFORE_DUE_DAYS = 225
# Minutes of the day: families act online from morning to late evening, any day;
# agents in office hours, on weekdays.
FAMILY_MINUTES = (7 * 60, 22 * 60 + 30)
AGENT_MINUTES = (8 * 60 + 45, 17 * 60 + 30)
# The order in which families most often forget a document.
FORGOTTEN_FIRST = (
    DocumentKind.INCOME,
    DocumentKind.EMPLOYMENT,
    DocumentKind.PROOF_OF_ADDRESS,
    DocumentKind.BIRTH,
    DocumentKind.PREGNANCY,
)


@dataclass(frozen=True)
class ChildPlan:
    first_name: str
    birth_date: dt.date | None = None
    due_date: dt.date | None = None


@dataclass(frozen=True)
class Timeline:
    """When each step of a dossier happened (aware datetimes, all before `today`)."""

    created: dt.datetime | None  # None: every step dated by the clock
    submitted: dt.datetime | None = None
    checked: dt.datetime | None = None  # the agent's first check: complete or incomplete
    documents_brought: dt.datetime | None = None  # completed late: what was missing
    resubmitted: dt.datetime | None = None
    rechecked: dt.datetime | None = None
    withdrawn: dt.datetime | None = None


@dataclass(frozen=True)
class DossierPlan:
    number: int
    target: Status
    channel: Channel
    email: str  # "" when the family has no account: the desk reaches it by phone
    phone: str
    commune_code: str
    first_name: str
    last_name: str
    address: str
    single_parent: bool
    parent1_activity: ParentActivity
    parent2_activity: str
    annual_resources: int | None
    dependent_children: int
    specific_situations: tuple[str, ...]
    sibling_in_creche: bool
    children: tuple[ChildPlan, ...]
    wished_start_date: dt.date
    days: tuple[int, ...]
    start_minute: int
    end_minute: int
    open_to_other_modes: tuple[str, ...]
    choice_count: int
    prefers_second_nearest: bool
    # Documents the family has not brought (yet), picked in `FORGOTTEN_FIRST` order.
    missing_documents: int
    # A complete dossier that was found incomplete first, then completed.
    completed_late: bool = False
    withdrawn_from: Status | None = None
    withdraw_reason: str = ""
    history: Timeline | None = None  # None: every step dated by the clock

    @property
    def resources_declined(self) -> bool:
        return self.annual_resources is None

    @property
    def twins(self) -> bool:
        return len(self.children) == 2


def phone_for(number: int) -> str:
    return f"{PHONE_PREFIX} {number // 100:02d} {number % 100:02d}"


def _weighted(rng: random.Random, options):
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def _targets(count: int, rng: random.Random) -> list[Status]:
    shares = apportion(count, [share for _status, share in STATE_SHARES])
    targets = [
        status for (status, _share), n in zip(STATE_SHARES, shares, strict=True) for _i in range(n)
    ]
    rng.shuffle(targets)
    return targets


def plan_dossiers(
    *,
    today: dt.date,
    communes: Sequence[tuple[str, int]],
    count: int = DESK_DOSSIERS,
    seed: int = DESK_SEED,
) -> list[DossierPlan]:
    """`count` dossiers for households of `communes` ((INSEE code, population) pairs).

    The same seed gives the same families, states and twins whatever `today` is (only
    the dates move with it), so that a later load recognises what an earlier one made.
    """
    if not communes:
        return []
    rng = random.Random(seed)
    targets = _targets(count, rng)
    twins = set(rng.sample(range(1, count + 1), min(TWIN_DOSSIERS, count)))
    return [
        _plan_one(
            number,
            target,
            twins=number in twins,
            today=today,
            communes=communes,
            rng=random.Random(f"{seed}:{number}"),
        )
        for number, target in enumerate(targets, start=1)
    ]


def _plan_one(number, target, *, twins, today, communes, rng) -> DossierPlan:
    # The wished date has its own stream of draws: every other trait of the family
    # is then the same whatever the day of the load.
    dates = random.Random(f"{rng.random()}:dates")
    female = rng.random() < 0.8
    first_name = rng.choice(
        FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES + MORE_MALE_FIRST_NAMES
    )
    last_name = rng.choice(LAST_NAMES)
    codes, populations = zip(*communes, strict=True)
    commune_code = rng.choices(codes, weights=[max(p or 0, 1) for p in populations])[0]
    address = f"{rng.randint(1, 48)} {rng.choice(WAYS)} {rng.choice(STREETS)}"
    channel = _channel(rng, target)
    with_email = channel == Channel.ONLINE or rng.random() < COUNTER_WITH_EMAIL
    email = f"{slug(first_name)}.{slug(last_name)}.{number}@{EMAIL_DOMAIN}" if with_email else ""

    single_parent = rng.random() < 0.14
    parent1 = _weighted(rng, ACTIVITIES)
    parent2 = "" if single_parent else _weighted(rng, ACTIVITIES[:3])
    resources = sum(rng.randint(*RESOURCES[a]) for a in (parent1, parent2) if a)
    resources = round(resources, -2)
    declined = rng.random() < (0.25 if resources > 60_000 else 0.03)
    older_siblings = _weighted(rng, ((0, 45), (1, 40), (2, 15)))
    situations = _specific_situations(rng, twins=twins, resources=resources)

    names = rng.sample(CHILD_FIRST_NAMES, 2)
    wished = _wished_date(dates, today)
    age_at_start = rng.randint(*_weighted(rng, AGES_AT_START))
    days = _weighted(rng, WEEK_PATTERNS)
    start = rng.choice(START_MINUTES if len(days) > 2 else START_MINUTES[3:])
    end = rng.choice(END_MINUTES if len(days) > 2 else END_MINUTES[:5])
    birth = min(
        wished - dt.timedelta(days=age_at_start), today + dt.timedelta(days=MAX_EXPECTED_DAYS)
    )
    birth = _born_before_filing(birth, target, today)
    children = _children(today, birth, twins, names)
    missing, completed_late, withdrawn_from = _documents_story(rng, target)
    history = _timeline(
        random.Random(f"{dates.random()}:history"),
        today=today,
        target=target,
        channel=channel,
        family_has_account=with_email,
        birth=birth,
        completed_late=completed_late,
        withdrawn_from=withdrawn_from,
    )
    return DossierPlan(
        number=number,
        target=target,
        channel=channel,
        email=email,
        phone=phone_for(number),
        commune_code=commune_code,
        first_name=first_name,
        last_name=last_name,
        address=address,
        single_parent=single_parent,
        parent1_activity=parent1,
        parent2_activity=parent2,
        annual_resources=None if declined else resources,
        dependent_children=len(children) + older_siblings,
        specific_situations=situations,
        sibling_in_creche=older_siblings > 0 and rng.random() < 0.2,
        children=children,
        wished_start_date=wished,
        days=days,
        start_minute=start,
        end_minute=end,
        open_to_other_modes=tuple(str(mode) for mode in _weighted(rng, OTHER_MODES)),
        choice_count=_weighted(rng, ((1, 25), (2, 35), (3, 40))),
        prefers_second_nearest=rng.random() < 0.2,
        missing_documents=missing,
        completed_late=completed_late,
        withdrawn_from=withdrawn_from,
        withdraw_reason=(
            str(rng.choice(states.WITHDRAW_REASONS)) if target == Status.WITHDRAWN else ""
        ),
        history=history,
    )


def _channel(rng, target) -> Channel:
    if target == Status.DRAFT:
        # An online draft is the family's own work, invisible to the desk.
        return _weighted(rng, ((Channel.COUNTER, 3), (Channel.PHONE, 1)))
    return _weighted(rng, CHANNELS)


def _specific_situations(rng, *, twins, resources) -> tuple[str, ...]:
    found = []
    if twins:
        found.append(SpecificSituation.MULTIPLE_BIRTH)
    if resources < 14_000 and rng.random() < 0.6:
        found.append(SpecificSituation.MINIMUM_INCOME)
    if rng.random() < 0.05:
        found.append(SpecificSituation.SOCIAL_SUPPORT)
    if rng.random() < 0.03:
        found.append(SpecificSituation.PARENT_DISABILITY)
    if rng.random() < 0.02:
        found.append(SpecificSituation.CHILD_DISABILITY)
    return tuple(str(s) for s in found)


def _wished_date(rng, today: dt.date) -> dt.date:
    """Within the next twelve months: often the 1st of a month, sometimes the September
    intake, never sooner than a fortnight (the desk needs time to study the request)."""
    soonest, latest = today + dt.timedelta(days=MIN_NOTICE_DAYS), today + dt.timedelta(days=365)
    day = soonest + dt.timedelta(days=rng.randint(0, (latest - soonest).days))
    september = [
        dt.date(year, 9, 1)
        for year in (today.year, today.year + 1)
        if soonest <= dt.date(year, 9, 1) <= latest
    ]
    choice = rng.random()
    if september and choice < 0.12:
        return september[0]
    if choice < 0.6:
        first = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        if first <= latest:
            return first
    return day


def _children(today, birth: dt.date, twins: bool, names) -> tuple[ChildPlan, ...]:
    """Born children, or expected ones when the birth is still to come (due date)."""
    count = 2 if twins else 1
    if birth <= today:
        return tuple(ChildPlan(first_name=names[i], birth_date=birth) for i in range(count))
    return tuple(ChildPlan(first_name="", due_date=birth) for _i in range(count))


def _documents_story(rng, target) -> tuple[int, bool, Status | None]:
    """(documents not brought, completed after being incomplete, state before withdrawal)."""
    if target == Status.INCOMPLETE:
        return rng.choice((1, 1, 2)), False, None
    if target == Status.SUBMITTED:
        return (1 if rng.random() < 0.3 else 0), False, None
    if target == Status.DRAFT:
        return rng.choice((1, 2)), False, None
    if target == Status.COMPLETE:
        late = rng.random() < 0.3
        return (1 if late else 0), late, None
    withdrawn_from = rng.choice(WITHDRAWN_FROM)
    return (1 if withdrawn_from == Status.INCOMPLETE else 0), False, withdrawn_from


# --- the history of a dossier ---------------------------------------------------------


def _begun_days_ago(target, birth: dt.date, today: dt.date, shortest: int, rng) -> int:
    """How long ago the family began its request: within the target's range, after the
    birth or about two months into the pregnancy, and long enough for every step."""
    low, high = BEGUN_DAYS_AGO.get(target, FILED_BEGUN_DAYS_AGO)
    if birth <= today:
        latest_possible = (today - birth).days - APPLIED_AFTER_BIRTH_DAYS
    else:
        latest_possible = APPLIED_BEFORE_DUE_DAYS - (birth - today).days
    high = min(high, latest_possible)
    low = max(min(low, high), shortest)
    return rng.randint(low, max(low, high))


def _born_before_filing(birth: dt.date, target, today: dt.date) -> dt.date:
    """A child born in the last weeks cannot have a dossier begun one to eight months
    ago after its birth: for such a plan the child is born early enough to have one."""
    if target in BEGUN_DAYS_AGO or birth > today:
        return birth
    latest = today - dt.timedelta(days=FILED_BEGUN_DAYS_AGO[0] + APPLIED_AFTER_BIRTH_DAYS)
    return min(birth, latest)


def _gaps(rng, budget: int, ranges: list[tuple[int, int]]) -> list[int]:
    """One gap per range, drawn in order, all of them within `budget` days."""
    gaps = []
    still_needed = sum(low for low, _high in ranges)
    for low, high in ranges:
        still_needed -= low
        gap = rng.randint(low, max(low, min(high, budget - still_needed)))
        gaps.append(gap)
        budget -= gap
    return gaps


def _at(rng, day: dt.date, *, agent: bool, last_day: dt.date, after=None) -> dt.datetime:
    """A moment of `day` in the actor's hours (an agent's weekend moves to Monday, unless
    that is after `last_day`), later than `after`."""
    while agent and day.weekday() >= 5 and day < last_day:
        day += dt.timedelta(days=1)
    first, last = AGENT_MINUTES if agent else FAMILY_MINUTES
    minute = rng.randint(first, last)
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(minute // 60, minute % 60)))
    if after is not None and moment <= after:
        moment = after + dt.timedelta(minutes=rng.randint(5, 40))
    return moment


def _timeline(
    rng, *, today, target, channel, family_has_account, birth, completed_late, withdrawn_from
) -> Timeline:
    """When the dossier was begun, filed, checked, completed and withdrawn."""
    online = channel == Channel.ONLINE
    reached = withdrawn_from or target
    steps = []  # (step, days after the previous one, done by an agent)
    if target != Status.DRAFT:
        steps.append(("submitted", PREPARATION_DAYS[channel], not online))
    if reached in (Status.COMPLETE, Status.INCOMPLETE):
        steps.append(("checked", CHECK_DAYS, True))
    if completed_late:
        steps.append(("documents_brought", DOCUMENTS_BROUGHT_DAYS, not online))
        steps.append(("rechecked", RECHECK_DAYS, True))
    if target == Status.WITHDRAWN:
        steps.append(("withdrawn", WITHDRAWAL_DAYS, not family_has_account))
    # Every step is dated two days before `today` at the latest: the few minutes added
    # to keep two steps of the same day in order never reach today, nor the clock.
    margin = 2
    shortest = margin + sum(low for _step, (low, _high), _agent in steps)
    days_ago = _begun_days_ago(target, birth, today, shortest, rng)
    gaps = _gaps(rng, days_ago - margin, [days for _step, days, _agent in steps])

    last_day = today - dt.timedelta(days=margin)
    day = today - dt.timedelta(days=days_ago)
    while not online and day.weekday() >= 5:
        # Met at the counter or on the phone on the Friday before: moving the weekend
        # forward would make the request younger than drawn.
        day -= dt.timedelta(days=1)
    moments = {"created": _at(rng, day, agent=not online, last_day=last_day)}
    previous = moments["created"]
    for (step, _days, agent), gap in zip(steps, gaps, strict=True):
        day = min(previous.date() + dt.timedelta(days=gap), last_day)
        previous = moments[step] = _at(rng, day, agent=agent, last_day=last_day, after=previous)
        if step == "documents_brought":
            # The documents are sent, then the dossier filed again a few minutes later.
            previous = moments["resubmitted"] = previous + dt.timedelta(minutes=rng.randint(3, 30))
    return Timeline(**moments)


# --- entering a plan through the desk's services -----------------------------------


@cache
def document_pdf(label: str) -> bytes:
    """A one-page PDF saying it is a fictional document (the same bytes every time)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(f"{label} (pièce fictive)")
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, 760, "Pièce fictive de démonstration")
    pdf.setFont("Helvetica", 12)
    pdf.drawString(72, 730, label)
    pdf.drawString(72, 710, "Aucune donnée réelle : ce document illustre le guichet unique.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _upload(household, kind: DocumentKind, by, *, now=None):
    label = str(kind.label)
    uploaded = SimpleUploadedFile(f"{slug(label)}.pdf", document_pdf(label), "application/pdf")
    services.document_upload(household=household, kind=kind, uploaded_file=uploaded, by=by, now=now)


def _held_back(application, count: int) -> list[DocumentKind]:
    required = [kind for kind, _n in selectors.required_documents(application)]
    # At least one document is always there: nobody comes to the desk empty-handed.
    count = min(count, len(required) - 1)
    return [kind for kind in FORGOTTEN_FIRST if kind in required][:count]


def _upload_documents(application, by, *, between=None, only=None, but=()):
    """Upload as many of each required document as needed (one per working parent…),
    spread evenly over `between` (two moments), or at the clock's time without it."""
    kinds = [
        kind
        for kind, count in selectors.required_documents(application)
        if kind not in but and (only is None or kind in only)
        for _i in range(count)
    ]
    for index, kind in enumerate(kinds):
        now = None
        if between is not None:
            first, last = between
            now = first + (last - first) * (index + 1) / (len(kinds) + 1)
        _upload(application.household, kind, by, now=now)


def _nearest(establishments, commune):
    def distance(establishment):
        if None in (establishment.latitude, commune.latitude):
            return (establishment.commune_id != commune.pk, establishment.name)
        dlat = float(establishment.latitude) - float(commune.latitude)
        dlon = (float(establishment.longitude) - float(commune.longitude)) * math.cos(
            math.radians(float(commune.latitude))
        )
        return (dlat * dlat + dlon * dlon, establishment.name)

    return sorted(establishments, key=distance)


def _inputs(plan: DossierPlan, commune, establishments):
    ranked = _nearest(establishments, commune)
    if plan.prefers_second_nearest and len(ranked) > 1:
        ranked[0], ranked[1] = ranked[1], ranked[0]
    situation = services.Situation(
        first_name=plan.first_name,
        last_name=plan.last_name,
        commune=commune,
        address=plan.address,
        phone=plan.phone,
        single_parent=plan.single_parent,
        parent1_activity=plan.parent1_activity,
        parent2_activity=plan.parent2_activity,
        annual_resources=plan.annual_resources,
        resources_declined=plan.resources_declined,
        dependent_children=plan.dependent_children,
        specific_situations=list(plan.specific_situations),
        siblings_in_creche=ranked[:1] if plan.sibling_in_creche else [],
    )
    request = services.CareRequest(
        wished_start_date=plan.wished_start_date,
        days=sum(1 << day for day in plan.days),
        start_minute=plan.start_minute,
        end_minute=plan.end_minute,
        open_to_other_modes=list(plan.open_to_other_modes),
    )
    children = [
        services.ChildInput(first_name=c.first_name, birth_date=c.birth_date, due_date=c.due_date)
        for c in plan.children
    ]
    return situation, request, children, ranked[: plan.choice_count]


def _visit_end(moment: dt.datetime) -> dt.datetime:
    """When a family met at the counter leaves: the agent has scanned its documents."""
    return moment + dt.timedelta(minutes=20)


@transaction.atomic
def create_dossier(plan: DossierPlan, *, agent, commune, establishments):
    """Enter `plan` as the family or the agent would, and take it to its state, each
    step at its moment of the plan's history."""
    history = plan.history or Timeline(created=None)
    account = None
    if plan.email:
        account, _created = services.family_account_get_or_create(
            email=plan.email,
            first_name=plan.first_name,
            last_name=plan.last_name,
            now=history.created,
        )
    online = plan.channel == Channel.ONLINE
    by = account if online else agent
    situation, request, children, choices = _inputs(plan, commune, establishments)
    application = services.application_create(
        situation=situation,
        request=request,
        children=children,
        establishments=choices,
        by=by,
        account=account,
        channel=plan.channel,
        consent_given=not online,
        now=history.created,
    )
    if not online:
        met = NoteKind.MET_AT_COUNTER if plan.channel == Channel.COUNTER else NoteKind.FAMILY_CALLED
        services.note_add(application=application, kind=met, by=agent, now=history.created)
    held_back = _held_back(application, plan.missing_documents)
    between = None
    if history.created is not None:
        # Documents come between the first visit and the filing (during a counter visit).
        between = (history.created, history.submitted or _visit_end(history.created))
    _upload_documents(application, by, between=between, but=held_back)
    if plan.target == Status.DRAFT:
        return application
    services.application_submit(application=application, by=by, now=history.submitted)
    target = plan.withdrawn_from or plan.target
    if target == Status.INCOMPLETE or plan.completed_late:
        _ask_for_documents(application, held_back, agent, now=history.checked)
    if plan.completed_late:
        _bring_documents(application, held_back, by=by, agent=agent, history=history)
    if target == Status.COMPLETE:
        services.application_transition(
            application=application,
            to=Status.COMPLETE,
            by=agent,
            reason=states.Reason.DOCUMENTS_CHECKED,
            now=history.rechecked or history.checked,
        )
    if plan.target == Status.WITHDRAWN:
        services.application_withdraw(
            application=application,
            by=account or agent,
            reason=plan.withdraw_reason,
            now=history.withdrawn,
        )
    return application


def _ask_for_documents(application, held_back, agent, *, now=None):
    services.application_transition(
        application=application,
        to=Status.INCOMPLETE,
        by=agent,
        reason=states.Reason.MISSING_DOCUMENTS,
        now=now,
    )
    for kind in held_back:
        services.note_add(
            application=application,
            kind=NoteKind.DOCUMENT_REQUESTED,
            document_kind=kind,
            by=agent,
            now=now,
        )


def _bring_documents(application, held_back, *, by, agent, history: Timeline):
    """The family sends what was missing and files its dossier again; the agent notes
    the documents received when checking them."""
    between = None
    if history.documents_brought is not None:
        between = (history.documents_brought, history.resubmitted)
    _upload_documents(application, by, between=between, only=held_back)
    services.application_submit(application=application, by=by, now=history.resubmitted)
    for kind in held_back:
        services.note_add(
            application=application,
            kind=NoteKind.DOCUMENT_RECEIVED,
            document_kind=kind,
            by=agent,
            now=history.rechecked,
        )


def generated_keys() -> set[str]:
    """Phone numbers of the generated households already in the database."""
    return set(
        Household.objects.filter(phone__startswith=PHONE_PREFIX).values_list("phone", flat=True)
    )


def generate_desk(*, today: dt.date, territory, agent) -> int:
    """Create the planned dossiers not yet in the database; returns how many were made."""
    communes = {c.insee_code: c for c in territory.communes.all()}
    establishments = list(services.desk_establishments(territory).select_related("commune"))
    if not communes or not establishments:
        return 0
    plans = plan_dossiers(
        today=today, communes=sorted((code, c.population) for code, c in communes.items())
    )
    existing = generated_keys()
    created = 0
    # In the order the requests were begun, so that dossier numbers grow with time.
    for plan in sorted(plans, key=lambda p: (p.history.created, p.number)):
        if plan.phone in existing:
            continue
        create_dossier(
            plan, agent=agent, commune=communes[plan.commune_code], establishments=establishments
        )
        created += 1
    return created
