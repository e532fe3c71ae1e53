"""The steering home and the elected officials' page."""

from datetime import date

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sppe.accounts.perms import Capability, capability_required
from sppe.dossiers.stats import filed_applications, protect

from .access import territory_for
from .assessment.scoring import grand_total, pillar_totals, radar
from .assessment.selectors import latest_year, levels_of
from .plans.selectors import plans_of, progress
from .surveys.results import SMALL_COUNT
from .surveys.selectors import headline


@never_cache
@capability_required(Capability.VIEW_STEERING)
@require_GET
def index(request):
    territory_for(request.user)
    return render(request, "steering/index.html")


def _desk_figures(territory, year: int) -> dict:
    applications = filed_applications(
        territory, submitted_from=date(year, 1, 1), submitted_to=date(year, 12, 31)
    )
    total = applications.count()
    return {
        "year": year,
        "total": total,
        "hidden": 0 < total < SMALL_COUNT,
        "by_commune": protect(_count_by(applications, "household__commune__name")),
    }


def _count_by(queryset, field):
    return [
        (row[field], row["n"])
        for row in queryset.values(field).annotate(n=Count("pk")).order_by(field)
    ]


@never_cache
@capability_required(Capability.VIEW_STEERING)
@require_GET
def elected(request):
    territory = territory_for(request.user)
    today = timezone.localdate()
    year = latest_year(territory)
    totals = pillar_totals(levels_of(territory, year)) if year else []
    score, maximum = grand_total(totals) if totals else (0, 0)
    plans = []
    for plan in plans_of(territory):
        _lines, percent = progress(plan)
        plans.append({"plan": plan, "percent": percent})
    return render(
        request,
        "steering/elected.html",
        {
            "desk": _desk_figures(territory, today.year),
            "desk_last_year": _desk_figures(territory, today.year - 1),
            "grid_year": year,
            "totals": totals,
            "score": score,
            "maximum": maximum,
            "radar": radar(totals) if totals else None,
            "satisfaction": headline(territory),
            "plans": plans,
            "small": SMALL_COUNT,
        },
    )
