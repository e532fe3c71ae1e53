"""Figures of the single desk for the observatory: aggregated and anonymised.

Counts of filed dossiers (drafts are not requests yet) by commune, by age section of
the youngest child on the wished date, by wished month and by state; delays between
the steps of a dossier, from its state log (the first time it reached each state).

Statistical secrecy: a count from 1 to 4 is shown as "moins de 5"; when a table hides
exactly one cell, the next smallest cell is hidden too, so that the hidden one cannot
be found back from the total. A delay is shown only when at least 5 dossiers made the
step. Nothing here names a family or a dossier.
"""

import math
import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Min
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .ages import AgeSection
from .enums import Status
from .models import Application, StatusChange

SMALL_CELL = 5
# Steps whose delay the observatory follows, in the order of a dossier's life.
STEPS = (
    (Status.SUBMITTED, Status.COMPLETE),
    (Status.COMPLETE, Status.PRESENTED),
    (Status.PRESENTED, Status.OFFERED),
    (Status.OFFERED, Status.ACCEPTED),
    (Status.ACCEPTED, Status.ADMITTED),
    (Status.SUBMITTED, Status.OFFERED),
)


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    display: str


@dataclass(frozen=True)
class Table:
    rows: list[Row]
    total: int


@dataclass(frozen=True)
class Delay:
    label: str
    dossiers: int
    median_days: float | None
    p90_days: float | None
    display_median: str
    display_p90: str


def small_cell_label() -> str:
    return _("moins de 5")


def protect(pairs: list[tuple[str, int]]) -> Table:
    """Rows with statistical secrecy applied (see the module's docstring)."""
    hidden = {i for i, (_label, n) in enumerate(pairs) if 0 < n < SMALL_CELL}
    secondary = set()
    if len(hidden) == 1:
        others = [(n, i) for i, (_label, n) in enumerate(pairs) if i not in hidden and n > 0]
        if others:
            secondary.add(min(others)[1])
    rows = []
    for i, (label, n) in enumerate(pairs):
        if i in hidden:
            display = small_cell_label()
        elif i in secondary:
            display = _("non affiché (secret statistique)")
        else:
            display = str(n)
        rows.append(Row(label=label, count=n, display=display))
    return Table(rows=rows, total=sum(n for _label, n in pairs))


def filed_applications(territory, *, submitted_from: date | None = None, submitted_to=None):
    qs = Application.objects.filter(
        submitted_at__isnull=False, household__commune__in=territory.communes.all()
    )
    tz = timezone.get_current_timezone()
    if submitted_from:
        qs = qs.filter(submitted_at__gte=datetime.combine(submitted_from, time.min, tzinfo=tz))
    if submitted_to:
        end = datetime.combine(submitted_to + timedelta(days=1), time.min, tzinfo=tz)
        qs = qs.filter(submitted_at__lt=end)
    return qs


def by_commune(applications) -> Table:
    rows = (
        applications.values("household__commune__name")
        .annotate(n=Count("pk"))
        .order_by("household__commune__name")
    )
    return protect([(r["household__commune__name"], r["n"]) for r in rows])


def by_age_section(applications) -> Table:
    counts = dict(applications.values_list("age_section").annotate(n=Count("pk")).order_by())
    pairs = [(str(section.label), counts.pop(section.value, 0)) for section in AgeSection]
    unknown = sum(counts.values())
    if unknown:
        pairs.append((_("Non renseignée"), unknown))
    return protect(pairs)


def by_wished_month(applications) -> Table:
    rows = (
        applications.annotate(month=TruncMonth("wished_start_date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return protect([(date_format(r["month"], "F Y").capitalize(), r["n"]) for r in rows])


def by_status(applications) -> Table:
    counts = dict(applications.values_list("status").annotate(n=Count("pk")).order_by())
    return protect(
        [(str(status.label), counts[status.value]) for status in Status if status in counts]
    )


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with `share` of values at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _days(value: float) -> str:
    return _("%(n)s j") % {"n": round(value)}


def step_delays(applications) -> list[Delay]:
    """Median and 90th percentile of the days between the first arrivals in two states."""
    firsts: dict[int, dict[str, datetime]] = {}
    rows = (
        StatusChange.objects.filter(application__in=applications.values("pk"))
        .values("application_id", "to_status")
        .annotate(first=Min("at"))
        .order_by()
    )
    for row in rows:
        firsts.setdefault(row["application_id"], {})[row["to_status"]] = row["first"]
    delays = []
    for source, target in STEPS:
        values = [
            (steps[target] - steps[source]).total_seconds() / 86400
            for steps in firsts.values()
            if source in steps and target in steps and steps[target] >= steps[source]
        ]
        label = _("De « %(source)s » à « %(target)s »") % {
            "source": source.label,
            "target": target.label,
        }
        if len(values) < SMALL_CELL:
            delays.append(
                Delay(
                    label=label,
                    dossiers=len(values),
                    median_days=None,
                    p90_days=None,
                    display_median=_("moins de 5 dossiers") if values else _("aucun dossier"),
                    display_p90="—",
                )
            )
            continue
        median, p90 = statistics.median(values), percentile(values, 0.9)
        delays.append(
            Delay(
                label=label,
                dossiers=len(values),
                median_days=median,
                p90_days=p90,
                display_median=_days(median),
                display_p90=_days(p90),
            )
        )
    return delays


def observatory(territory, *, submitted_from=None, submitted_to=None) -> dict:
    applications = filed_applications(
        territory, submitted_from=submitted_from, submitted_to=submitted_to
    )
    return {
        "total": applications.count(),
        "by_commune": by_commune(applications),
        "by_age_section": by_age_section(applications),
        "by_wished_month": by_wished_month(applications),
        "by_status": by_status(applications),
        "delays": step_delays(applications),
    }
