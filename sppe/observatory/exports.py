"""The observatory's table of communes as CSV (Excel's French dialect) and XLSX."""

import csv
import io

from django.utils.translation import gettext as _

from . import indicators as ind
from .presentation import ORIGINS, TENSION_LABELS, small


def headers() -> list[str]:
    return [
        _("Niveau"),
        _("Code"),
        _("Nom"),
        _("Places EAJE PSU"),
        _("Places EAJE PAJE"),
        _("Places en MAM"),
        _("Assistants maternels à domicile"),
        _("Places des assistants maternels à domicile"),
        _("Enfants de moins de 3 ans"),
        _("Terme EAJE"),
        _("Terme assistants maternels"),
        _("Terme garde à domicile"),
        _("Origine garde à domicile"),
        _("Terme scolarisation à 2 ans"),
        _("Origine scolarisation à 2 ans"),
        _("Taux de couverture (%)"),
        _("Taux partiel"),
        _("Taux de la Caf (%)"),
        _("Écart (points)"),
        _("Assistants maternels partant d'ici 5 ans"),
        _("Places menacées d'ici 5 ans"),
        _("Assistants maternels partant d'ici 10 ans"),
        _("Places menacées d'ici 10 ans"),
        _("Places créées"),
        _("Places fermées"),
        _("Naissances"),
        _("Familles en attente"),
        _("Zone de tension"),
    ]


def _num(value, digits=1) -> str:
    if value is None:
        return ""
    return f"{value:.{digits}f}".replace(".", ",")


def _coverage_cells(c: ind.Coverage) -> list[str]:
    t = c.terms
    return [
        _num(c.under_three, 0),
        _num(t[ind.Term.EAJE].value, 0),
        _num(t[ind.Term.CHILDMINDERS].value, 0),
        _num(t[ind.Term.HOME_CARE].value),
        str(ORIGINS[t[ind.Term.HOME_CARE].origin]),
        _num(t[ind.Term.SCHOOL_AT_TWO].value),
        str(ORIGINS[t[ind.Term.SCHOOL_AT_TWO].origin]),
        _num(c.rate),
        _("oui") if c.partial else _("non"),
        _num(c.caf_rate),
        _num(c.difference),
    ]


def rows(report) -> list[list[str]]:
    result = []
    waiting_display = {r.label: r.display for r in report.waiting.rows} if report.waiting else {}
    for row in report.rows:
        p, d = row.places, row.departures
        result.append(
            [
                _("Commune"),
                row.area.code,
                row.area.name,
                str(p.eaje_psu),
                str(p.eaje_paje),
                str(p.mam),
                str(p.childminder_count),
                str(p.childminders),
                *_coverage_cells(row.coverage),
                str(d.leaving_5),
                str(d.places_5),
                str(d.leaving_10),
                str(d.places_10),
                str(row.flow.created) if row.flow else "",
                str(row.flow.closed) if row.flow else "",
                _num(row.births, 0),
                waiting_display.get(row.area.name, small(row.waiting)),
                ", ".join(str(TENSION_LABELS[r]) for r in row.tension),
            ]
        )
    blank = [""] * 4
    for coverage in report.epcis:
        result.append(
            [
                _("EPCI"),
                coverage.code,
                coverage.name,
                "",
                "",
                "",
                "",
                "",
                *_coverage_cells(coverage),
            ]
            + [""] * 4
            + blank
            + [""]
        )
    p, d = report.total_places, report.total_departures
    flow = (
        report.history[-1].flow
        if report.history and report.history[-1].year == report.year
        else None
    )
    result.append(
        [
            _("Territoire"),
            "",
            report.territory_name,
            str(p.eaje_psu),
            str(p.eaje_paje),
            str(p.mam),
            str(p.childminder_count),
            str(p.childminders),
            *_coverage_cells(report.total),
            str(d.leaving_5),
            str(d.places_5),
            str(d.leaving_10),
            str(d.places_10),
            str(flow.created) if flow else "",
            str(flow.closed) if flow else "",
            _num(sum(r.births for r in report.rows if r.births is not None) or None, 0),
            "",
            "",
        ]
    )
    return result


def to_csv(report) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers())
    writer.writerows(rows(report))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(report.year)
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(report):
        # Level, code (leading zeros) and name stay text.
        sheet.append([value or None for value in row[:3]] + [_cell(value) for value in row[3:]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value: str):
    """Numbers as numbers for the spreadsheet, words as text."""
    if value and value.replace(",", "", 1).isdigit():
        return float(value.replace(",", ".")) if "," in value else int(value)
    return value or None
