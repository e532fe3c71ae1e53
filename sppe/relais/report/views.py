"""The yearly activity report: on screen and as a CSV file (one line per figure)."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sppe.accounts.perms import Capability, capability_required

from .. import selectors
from .selectors import report_years, yearly_report

relais_required = capability_required(Capability.RUN_RELAIS)


def _year(request) -> int:
    value = request.GET.get("annee", "")
    this_year = timezone.localdate().year
    return int(value) if value.isdigit() and 2000 <= int(value) <= this_year else this_year


@never_cache
@relais_required
@require_GET
def report(request):
    communes = selectors.perimeter_communes(request.user)
    year = _year(request)
    return render(
        request,
        "relais/agent/report.html",
        {
            "report": yearly_report(communes=communes, year=year),
            "years": report_years(communes) or [year],
        },
    )


@never_cache
@relais_required
@require_GET
def report_csv(request):
    communes = selectors.perimeter_communes(request.user)
    year = _year(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rapport-relais-{year}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a byte order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerows(yearly_report(communes=communes, year=year).csv_rows())
    return response
