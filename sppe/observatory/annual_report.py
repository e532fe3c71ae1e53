"""The annual observatory as a PDF: for the territory, or for one commune.

Written with ReportLab in real, selectable text (the fonts of the printed guide), in
French like every printed document of the territory. It reads the same `Report` as the
pages and the exports.
"""

from io import BytesIO

from django.utils.formats import date_format
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from sppe.core.contrast import safe_primary_colour
from sppe.information.guide import _register_fonts, _styles, _table, _text

from . import indicators as ind
from .presentation import DEFINITIONS, ORIGINS, TENSION_LABELS, TERM_LABELS, number, rate, small


def _definition(story, styles, key):
    definition, source = DEFINITIONS[key]
    story.append(Paragraph(_text(definition), styles["small"]))
    story.append(Paragraph(_text(f"Source : {source}"), styles["small"]))


def _coverage_table(coverage: ind.Coverage, styles, width):
    rows = [["Terme", "Valeur", "Origine"]]
    for term in ind.TERMS:
        value = coverage.terms[term]
        rows.append([str(TERM_LABELS[term]), number(value.value), str(ORIGINS[value.origin])])
    rows.append(
        [
            "Enfants de moins de 3 ans",
            number(coverage.under_three),
            str(ORIGINS[coverage.under_three_origin]),
        ]
    )
    rows.append(["Taux de couverture", rate(coverage.rate), "partiel" if coverage.partial else ""])
    if coverage.caf_rate is not None:
        rows.append(["Taux de la Caf", rate(coverage.caf_rate), ""])
    return _table(rows, [width * 0.55, width * 0.2, width * 0.25], styles)


def build(report, *, territory, commune_row=None) -> bytes:
    _register_fonts()
    styles = _styles(safe_primary_colour(territory.primary_colour))
    buffer = BytesIO()
    name = commune_row.area.name if commune_row else report.territory_name
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Observatoire petite enfance {report.year} — {name}",
        author=territory.name,
        lang="fr-FR",
    )
    width = doc.width
    story = [
        Paragraph(_text(f"Observatoire petite enfance {report.year}"), styles["title"]),
        Paragraph(_text(name), styles["subtitle"]),
    ]
    if report.reference_date:
        story.append(
            Paragraph(
                _text(f"Offre au {date_format(report.reference_date, 'j F Y')}."), styles["body"]
            )
        )
    else:
        story.append(
            Paragraph(_text("Aucune photographie de l'offre pour cette année."), styles["body"])
        )
    coverage = commune_row.coverage if commune_row else report.total
    places = commune_row.places if commune_row else report.total_places
    risk = commune_row.departures if commune_row else report.total_departures

    story.append(Paragraph("Taux de couverture", styles["h1"]))
    story.append(_coverage_table(coverage, styles, width))
    _definition(story, styles, "coverage")
    if coverage.caf_rate is not None:
        _definition(story, styles, "caf")

    story.append(Paragraph("Places par mode d'accueil", styles["h1"]))
    story.append(
        _table(
            [
                ["Mode", "Places"],
                ["EAJE financés par la PSU", number(places.eaje_psu)],
                ["EAJE sous la PAJE (micro-crèches)", number(places.eaje_paje)],
                ["Assistants maternels en MAM", number(places.mam)],
                ["Assistants maternels à domicile", number(places.childminders)],
                ["Total", number(places.total)],
            ],
            [width * 0.7, width * 0.3],
            styles,
        )
    )
    _definition(story, styles, "places")
    if not commune_row and report.history:
        rows = [["Année", "Places", "Créées", "Fermées", "AM arrivés", "AM partis", "Naissances"]]
        for h in report.history:
            rows.append(
                [
                    str(h.year),
                    number(h.places.total),
                    number(h.flow.created) if h.flow else "—",
                    number(h.flow.closed) if h.flow else "—",
                    number(h.am_flow.created) if h.am_flow else "—",
                    number(h.am_flow.closed) if h.am_flow else "—",
                    number(h.births),
                ]
            )
        story.append(Paragraph("Évolution", styles["h2"]))
        story.append(_table(rows, [width / 7] * 7, styles))
        _definition(story, styles, "flows")

    story.append(Paragraph("Assistants maternels : départs à la retraite", styles["h1"]))
    story.append(
        _table(
            [
                ["", "Assistants maternels", "Places"],
                ["En activité", number(risk.childminders), number(risk.places)],
                ["Partent d'ici 5 ans", number(risk.leaving_5), number(risk.places_5)],
                ["Partent d'ici 10 ans", number(risk.leaving_10), number(risk.places_10)],
            ],
            [width * 0.5, width * 0.25, width * 0.25],
            styles,
        )
    )
    _definition(story, styles, "departures")

    if commune_row is None:
        story.append(Paragraph("Par commune", styles["h1"]))
        rows = [["Commune", "Places", "Moins de 3 ans", "Couverture", "Places menacées (10 ans)"]]
        for row in report.rows:
            rows.append(
                [
                    row.area.name,
                    number(row.places.total),
                    number(row.coverage.under_three),
                    rate(row.coverage.rate),
                    number(row.departures.places_10),
                ]
            )
        story.append(_table(rows, [width * 0.3] + [width * 0.175] * 4, styles))
        story.append(Paragraph("Zones de tension", styles["h2"]))
        if report.tensions:
            for tension in report.tensions:
                reasons = ", ".join(str(TENSION_LABELS[r]) for r in tension.reasons)
                story.append(Paragraph(_text(f"{tension.name} : {reasons}."), styles["body"]))
        else:
            story.append(Paragraph("Aucune commune n'est en zone de tension.", styles["body"]))
        _definition(story, styles, "tension")
    else:
        story.append(Paragraph("Besoins des familles", styles["h1"]))
        story.append(
            Paragraph(
                _text(
                    f"Naissances : {number(commune_row.births)}. Familles en attente d'une "
                    f"place en crèche : {small(commune_row.waiting)}."
                ),
                styles["body"],
            )
        )
        if commune_row.tension:
            reasons = ", ".join(str(TENSION_LABELS[r]) for r in commune_row.tension)
            story.append(Paragraph(_text(f"Zone de tension : {reasons}."), styles["body"]))
        _definition(story, styles, "demand")
    story.append(Spacer(1, 6 * mm))
    doc.build(story)
    return buffer.getvalue()
