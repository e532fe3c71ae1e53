"""What sppe itself knows about a criterion: facts shown beside the territory's level.

Criterion 8 (families' follow-up): confirmation campaigns run that year; 9 (single
desk): applications filed at the desk that year; 20 (real-time availability): share of
childminders and crèches whose availability was updated in the last 30 days; 25 (user
satisfaction): the surveys of that year, their answers and averages. Counts only,
nothing that names a family.
"""

from datetime import date, timedelta

from django.utils import timezone

from sppe.dossiers.campaign_models import ConfirmationCampaign
from sppe.dossiers.stats import filed_applications
from sppe.offers.models import Childminder, Establishment

from ..surveys.selectors import year_summary


def _desk(territory, year):
    count = filed_applications(
        territory, submitted_from=date(year, 1, 1), submitted_to=date(year, 12, 31)
    ).count()
    return [(f"Demandes de place en crèche déposées au guichet unique en {year}", str(count))]


def _follow_up(territory, year):
    campaigns = ConfirmationCampaign.objects.filter(starts_on__year=year).count()
    return [
        (f"Campagnes de confirmation lancées en {year}", str(campaigns)),
        *_desk(territory, year),
    ]


def _freshness(territory, year):
    since = timezone.now() - timedelta(days=30)
    lines = []
    for label, model in (("Assistants maternels", Childminder), ("Établissements", Establishment)):
        offers = model.objects.filter(commune__in=territory.communes.all())
        total = offers.count()
        fresh = offers.filter(availability_updated_at__gte=since).count()
        share = f"{round(100 * fresh / total)} %" if total else "—"
        lines.append(
            (
                f"{label} : disponibilités mises à jour depuis moins de 30 jours",
                f"{fresh} / {total} ({share})",
            )
        )
    return lines


def _satisfaction(territory, year):
    return [(line.label, line.value) for line in year_summary(territory, year)]


SOURCES = {8: _follow_up, 9: _desk, 20: _freshness, 25: _satisfaction}


def evidence_for(territory, number: int, year: int) -> list[tuple[str, str]]:
    source = SOURCES.get(number)
    return source(territory, year) if source else []
