"""The demo's single desk: upcoming commission sittings, the demo family's own dossier
and about seventy generated dossiers (desk_generator.py), so that every page of the
desk, its filters and its statistics have something true to show."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from sppe.accounts.enums import Role
from sppe.accounts.models import User
from sppe.dossiers import services
from sppe.dossiers.enums import Channel, ParentActivity, Status
from sppe.dossiers.models import Application, CommissionSession
from sppe.offers.schedule import days_to_mask
from sppe.territories.models import Territory

from .desk_generator import generate_desk
from .territory import ACCOUNTS

FAMILY_EMAIL = ACCOUNTS[0].email
AGENT_EMAIL = next(a.email for a in ACCOUNTS if a.role == Role.AGENT)
# How the summary names each state, in plural and in this order.
SUMMARY_LABELS = (
    (Status.SUBMITTED, "déposés à vérifier"),
    (Status.COMPLETE, "complets"),
    (Status.INCOMPLETE, "incomplets"),
    (Status.DRAFT, "brouillons saisis au guichet"),
    (Status.WITHDRAWN, "retirés"),
)
# The demo family began its request online one evening and filed it the next one.
FAMILY_DOSSIER_CREATED = (12, dt.time(20, 40))  # (days before the load, local time)
FAMILY_DOSSIER_SUBMITTED = (11, dt.time(21, 5))


@dataclass
class DeskReport:
    sessions: int
    family_dossier: Application | None
    created: int
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    def lines(self) -> list[str]:
        named = dict(SUMMARY_LABELS)
        parts = [
            f"{self.by_status[s]} {named[s]}" for s, _l in SUMMARY_LABELS if s in self.by_status
        ]
        parts += [f"{n} « {Status(s).label} »" for s, n in self.by_status.items() if s not in named]
        # The same words on every load (no "created now" count): a second load prints
        # exactly what the first did, as it leaves the same data.
        lines = [
            f"Guichet unique : {self.total} dossiers ({', '.join(parts)}) ; "
            f"{self.sessions} commission(s) à venir."
        ]
        if self.family_dossier is not None:
            lines.append(
                f"  Dossier {self.family_dossier.reference} pour la famille de démonstration."
            )
        return lines


def _days_before(today: dt.date, when: tuple[int, dt.time]) -> dt.datetime:
    days, time = when
    return timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), time))


def _next_weekday(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def ensure_commission_sessions(*, today=None) -> list[CommissionSession]:
    """Two sittings ahead (in about 6 weeks and 6 months), on Tuesdays, if none is planned."""
    today = today or timezone.localdate()
    upcoming = list(CommissionSession.objects.filter(date__gte=today))
    if upcoming:
        return upcoming
    sessions = []
    for weeks, title in (
        (6, "Commission d'attribution de printemps"),
        (26, "Commission d'automne"),
    ):
        date = _next_weekday(today + dt.timedelta(weeks=weeks), 1)
        sessions.append(
            CommissionSession.objects.create(
                date=date,
                data_freeze_date=date - dt.timedelta(days=10),
                answer_date=date + dt.timedelta(days=7),
                title=title,
            )
        )
    return sessions


@transaction.atomic
def ensure_family_dossier(*, today=None) -> Application | None:
    today = today or timezone.localdate()
    family = User.objects.filter(email=FAMILY_EMAIL).first()
    territory = Territory.objects.current()
    if family is None or territory is None:
        return None
    existing = Application.objects.filter(household__account=family).first()
    if existing is not None:
        return existing
    establishments = list(services.desk_establishments(territory).order_by("name")[:3])
    commune = territory.communes.filter(insee_code="85003").first() or territory.communes.first()
    if not establishments or commune is None:
        return None
    application = services.application_create(
        situation=services.Situation(
            first_name=family.first_name,
            last_name=family.last_name,
            commune=commune,
            parent1_activity=ParentActivity.EMPLOYED,
            parent2_activity=ParentActivity.EMPLOYED,
            annual_resources=38_000,
            dependent_children=1,
        ),
        request=services.CareRequest(
            wished_start_date=today + dt.timedelta(days=120),
            days=days_to_mask([0, 1, 3, 4]),
            start_minute=8 * 60 + 30,
            end_minute=17 * 60 + 30,
        ),
        children=[services.ChildInput(first_name="Léo", birth_date=today - dt.timedelta(days=150))],
        establishments=establishments,
        by=family,
        now=_days_before(today, FAMILY_DOSSIER_CREATED),
    )
    return services.application_submit(
        application=application, by=family, now=_days_before(today, FAMILY_DOSSIER_SUBMITTED)
    )


def desk_counts(territory) -> dict[str, int]:
    """Dossiers of the territory by state, as the agents' desk counts them."""
    rows = (
        Application.objects.filter(household__commune__in=territory.communes.all())
        .exclude(status=Status.DRAFT, channel=Channel.ONLINE)
        .values("status")
        .annotate(n=Count("pk"))
    )
    return {row["status"]: row["n"] for row in rows}


def load_demo_desk(*, today=None) -> DeskReport:
    """Sittings, the generated dossiers still missing, then the family's dossier.

    The family's dossier comes last, as it is the most recent: dossier numbers follow
    the order in which the requests were begun, as on a real desk.
    """
    today = today or timezone.localdate()
    sessions = ensure_commission_sessions(today=today)
    territory = Territory.objects.current()
    agent = User.objects.filter(email=AGENT_EMAIL, role=Role.AGENT).first()
    created = 0
    if territory is not None and agent is not None:
        created = generate_desk(today=today, territory=territory, agent=agent)
    family_dossier = ensure_family_dossier(today=today)
    return DeskReport(
        sessions=len(sessions),
        family_dossier=family_dossier,
        created=created,
        by_status=desk_counts(territory) if territory is not None else {},
    )
