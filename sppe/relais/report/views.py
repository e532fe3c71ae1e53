"""The yearly activity report: on screen, as CSV and XLSX (one line per figure) and PDF."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sppe.accounts.perms import Capability, capability_required

from .. import selectors
from .files import report_pdf, report_xlsx
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


def _title(year):
    territory = selectors.current_territory()
    name = territory.name if territory else ""
    return f"Rapport d'activité du relais petite enfance {year} — {name}".rstrip(" —")


@never_cache
@relais_required
@require_GET
def report_file(request, file_format):
    if file_format not in ("xlsx", "pdf"):
        raise Http404
    communes = selectors.perimeter_communes(request.user)
    year = _year(request)
    report = yearly_report(communes=communes, year=year)
    if file_format == "xlsx":
        content = report_xlsx(report, title=_title(year))
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content, content_type = report_pdf(report, title=_title(year)), "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="rapport-relais-{year}.{file_format}"'
    return response
