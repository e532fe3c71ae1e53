"""What the observatory's pages show of a report: charts, tables, definitions."""

from django.core.cache import cache
from django.utils.translation import gettext as _

from sppe.offers.enums import EstablishmentKind, Funding

from . import charts, selectors
from . import indicators as ind
from .presentation import DEFINITIONS, ORIGINS, TENSION_LABELS, TERM_LABELS, number, rate


def coverage_class(value) -> tuple[str, str]:
    if value is None:
        return "unknown", _("taux inconnu")
    if value < 50:
        return "low", _("moins de 50 %")
    if value < 70:
        return "middle", _("de 50 à 70 %")
    return "high", _("au moins 70 %")


def definitions() -> dict:
    return {key: {"text": d, "source": s} for key, (d, s) in DEFINITIONS.items()}


def coverage_terms(coverage: ind.Coverage) -> list[dict]:
    rows = [
        {
            "label": TERM_LABELS[term],
            "value": number(coverage.terms[term].value),
            "origin": ORIGINS[coverage.terms[term].origin],
            "origin_key": coverage.terms[term].origin,
        }
        for term in ind.TERMS
    ]
    rows.append(
        {
            "label": _("Enfants de moins de 3 ans"),
            "value": number(coverage.under_three),
            "origin": ORIGINS[coverage.under_three_origin],
            "origin_key": coverage.under_three_origin,
        }
    )
    return rows


def coverage_row(coverage: ind.Coverage) -> dict:
    klass, label = coverage_class(coverage.rate)
    return {
        "code": coverage.code,
        "name": coverage.name,
        "under_three": number(coverage.under_three),
        "coverage_places": number(coverage.places),
        "rate": rate(coverage.rate),
        "partial": coverage.partial,
        "caf_rate": rate(coverage.caf_rate),
        "difference": "—"
        if coverage.difference is None
        else f"{number(coverage.difference, 1)}\u00a0pt",
        "class": klass,
        "class_label": label,
        "terms": coverage_terms(coverage),
    }


def page_context(report: selectors.Report, request) -> dict:
    """The pages' context, cached with the report it is made of (see cached_report)."""
    if not report.cache_key:
        return _page_context(report)
    key = f"{report.cache_key}:page"
    context = cache.get(key)
    if context is None:
        context = _page_context(report)
        cache.set(key, context, selectors.CACHE_SECONDS)
    return dict(context)


def _page_context(report: selectors.Report) -> dict:
    history = report.history
    years = [h.year for h in history]
    places_chart = charts.bar_chart(
        "chart-places",
        _("Places par mode d'accueil et par année"),
        _(
            "Barres groupées par année : places en EAJE, en MAM et chez les assistants "
            "maternels à domicile. Les chiffres sont dans le tableau qui suit."
        ),
        years,
        [
            charts.Series(_("EAJE"), [h.places.eaje for h in history]),
            charts.Series(_("MAM"), [h.places.mam for h in history]),
            charts.Series(_("AM à domicile"), [h.places.childminders for h in history]),
        ],
    )
    pyramid_rows = [(band.label, band.count) for band in report.pyramid.bands]
    pyramid_chart = charts.horizontal_bars(
        "chart-pyramid",
        _("Assistants maternels par âge en %(year)s") % {"year": report.year},
        _("Une barre par tranche d'âge ; les chiffres sont dans le tableau qui suit."),
        pyramid_rows,
    )
    waiting = {r.label: r.display for r in report.waiting.rows} if report.waiting else {}
    rows = []
    for row in report.rows:
        data = coverage_row(row.coverage)
        data.update(
            {
                "places": row.places,
                "total_places": number(row.places.total),
                "departures": row.departures,
                "share_10": rate(row.departures.share_places_10),
                "flow": row.flow,
                "births": number(row.births),
                "tension": [TENSION_LABELS[r] for r in row.tension],
                "waiting": waiting.get(row.area.name, "0"),
            }
        )
        rows.append(data)
    kinds = sorted(report.eaje_by_kind.items())
    eaje_kinds = [
        {
            "kind": EstablishmentKind(kind).label if kind in EstablishmentKind.values else kind,
            "funding": "PSU" if funding == Funding.PSU else "PAJE",
            "places": number(places),
        }
        for (kind, funding), places in kinds
    ]
    births_chart = None
    births_years = [h for h in history if h.births is not None]
    if births_years:
        births_chart = charts.bar_chart(
            "chart-births",
            _("Naissances par année"),
            _("Une barre par année ; les chiffres sont dans le tableau de l'évolution."),
            [h.year for h in births_years],
            [charts.Series(_("Naissances"), [h.births for h in births_years])],
        )
    return {
        "report": report,
        "years": years,
        "year": report.year,
        "rows": rows,
        "total": coverage_row(report.total),
        "epcis": [coverage_row(c) for c in report.epcis],
        "places_chart": places_chart,
        "pyramid_chart": pyramid_chart,
        "births_chart": births_chart,
        "pyramid_rows": pyramid_rows,
        "eaje_kinds": eaje_kinds,
        "definitions": definitions(),
        "retirement_source": ind.RETIREMENT_AGE_SOURCE,
        "tensions": [
            {"code": t.code, "name": t.name, "reasons": [TENSION_LABELS[r] for r in t.reasons]}
            for t in report.tensions
        ],
        "classes": [
            ("low", _("moins de 50 %")),
            ("middle", _("de 50 à 70 %")),
            ("high", _("au moins 70 %")),
            ("unknown", _("taux inconnu")),
        ],
    }
