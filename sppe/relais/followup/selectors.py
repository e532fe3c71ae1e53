"""The childminders' follow-up (reads only): monenfant.fr registration rate, training
departures of the year, the childminders the relais never sees (outreach list) and
those who may be short of children (free places declared for months).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from sppe.offers.models import Availability, Childminder

from ..enums import EventKind, PersonKind
from ..models import Contact, Registration

SHORT_OF_CHILDREN_AFTER = timedelta(days=90)
UNSEEN_AFTER = timedelta(days=365)


@dataclass
class OutreachRow:
    childminder: Childminder
    last_contact: object
    reasons: list[str] = field(default_factory=list)


@dataclass
class FollowUp:
    total: int
    on_monenfant: int
    trained: int
    outreach: list[OutreachRow]
    short_of_children: list[Childminder]

    @property
    def monenfant_rate(self) -> int:
        return round(100 * self.on_monenfant / self.total) if self.total else 0


def childminders_follow_up(*, communes, stale_after_days: int, now=None) -> FollowUp:
    now = now or timezone.now()
    today = timezone.localdate(now)
    childminders = Childminder.objects.filter(commune__in=communes, is_active=True)
    seen_since = today - UNSEEN_AFTER
    came = Registration.objects.filter(
        attended=True, person_kind=PersonKind.CHILDMINDER, event__starts_at__date__gte=seen_since
    )
    trained = (
        came.filter(event__kind=EventKind.TRAINING, event__starts_at__year=today.year)
        .filter(email__in=childminders.exclude(email="").values("email"))
        .values("email")
        .distinct()
        .count()
    )
    rows = (
        childminders.select_related("commune")
        .annotate(
            came_recently=Exists(came.filter(email=OuterRef("email"))),
            contacted=Exists(
                Contact.objects.filter(childminder=OuterRef("pk"), occurred_on__gte=seen_since)
            ),
        )
        .order_by("commune__name", "last_name", "first_name")
    )
    stale_before = now - timedelta(days=stale_after_days)
    outreach = []
    for childminder in rows:
        reasons = []
        if not childminder.on_monenfant:
            reasons.append("pas inscrite sur monenfant.fr")
        if (
            childminder.availability_updated_at is None
            or childminder.availability_updated_at < stale_before
        ):
            reasons.append("disponibilités anciennes")
        if not (childminder.came_recently or childminder.contacted):
            reasons.append("aucun contact ni animation depuis un an")
        if reasons:
            last = (
                Contact.objects.filter(childminder=childminder)
                .order_by("-occurred_on")
                .values_list("occurred_on", flat=True)
                .first()
            )
            outreach.append(OutreachRow(childminder, last, reasons))
    short = list(
        childminders.filter(
            Exists(
                Availability.objects.filter(
                    childminder=OuterRef("pk"),
                    available_from__lte=today - SHORT_OF_CHILDREN_AFTER,
                )
            )
        )
        .select_related("commune")
        .order_by("commune__name", "last_name")
    )
    return FollowUp(
        total=childminders.count(),
        on_monenfant=childminders.filter(on_monenfant=True).count(),
        trained=trained,
        outreach=outreach,
        short_of_children=short,
    )
