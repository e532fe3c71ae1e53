"""Reads of the observatory: the figures of one year for a set of communes.

`report()` gathers the snapshots, the imported figures and the single desk's demand
into plain data (indicators.py computes), read alike by the pages, the CSV, the XLSX
and the PDF.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.utils.translation import get_language

from sppe.dossiers import stats
from sppe.dossiers.enums import Status
from sppe.dossiers.models import Application, Household, StatusChange
from sppe.territories.models import Commune

from . import indicators as ind
from .enums import DatasetKind
from .models import DatasetImport, ImportedFigure, RegistryBirths, Snapshot, SnapshotLine

# A family is still waiting while one of its dossiers is in one of these states.
WAITING = (Status.SUBMITTED, Status.INCOMPLETE, Status.COMPLETE, Status.PRESENTED)
WAITING += (Status.NOT_PLACED,)


def snapshot_years() -> list[int]:
    return sorted({d.year for d in Snapshot.objects.values_list("reference_date", flat=True)})


def snapshot_of_year(year: int) -> Snapshot | None:
    """The year's snapshot: the latest taken in that year."""
    return Snapshot.objects.filter(reference_date__year=year).order_by("-reference_date").first()


def units_of(snapshot: Snapshot | None, commune_ids) -> list[ind.Unit]:
    if snapshot is None:
        return []
    rows = SnapshotLine.objects.filter(snapshot=snapshot, commune_id__in=commune_ids).values_list(
        "unit_key",
        "commune__insee_code",
        "mode",
        "places",
        "places_under_three",
        "kind",
        "funding",
        "birth_year",
    )
    return [ind.Unit(*row) for row in rows]


def _by_commune(units):
    grouped = defaultdict(list)
    for unit in units:
        grouped[unit.commune].append(unit)
    return grouped


@dataclass
class ImportedYear:
    """Imported figures for one year, and the year each one really is from."""

    terms: dict  # INSEE code -> ImportedTerms
    population_year: int | None
    births_year: int | None
    caf_year: int | None
    caf_epci: dict = field(default_factory=dict)  # SIREN -> txcouv
    caf_department: dict = field(default_factory=dict)


def _latest_year(kind, measure, year):
    years = ImportedFigure.objects.filter(kind=kind, year__lte=year)
    if measure:
        years = years.filter(measure=measure)
    return years.order_by("-year").values_list("year", flat=True).first()


def imported_year(year: int, codes: list[str]) -> ImportedYear:
    """The figures of `year`, or of the latest earlier year a file gave (a census lags)."""
    population_year = _latest_year(DatasetKind.INSEE_POPULATION, "under_three", year)
    births_year = _latest_year(DatasetKind.INSEE_BIRTHS, "births", year)
    caf_year = _latest_year(DatasetKind.CAF_COVERAGE, None, year)
    values = defaultdict(dict)
    for kind, measure_year in (
        (DatasetKind.INSEE_POPULATION, population_year),
        (DatasetKind.INSEE_BIRTHS, births_year),
        (DatasetKind.CAF_COVERAGE, caf_year),
    ):
        if measure_year is None:
            continue
        for code, measure, value in ImportedFigure.objects.filter(
            kind=kind, year=measure_year, level="commune", code__in=codes
        ).values_list("code", "measure", "value"):
            values[code][measure] = float(value)
    if births_year != year:
        # INSEE has not published this year: the communes' registries, when entered.
        for code, total in registry_births(year, codes).items():
            values[code]["births"] = total
    terms = {}
    for code in codes:
        found = values.get(code, {})
        terms[code] = ind.ImportedTerms(
            under_three=found.get("under_three"),
            births=found.get("births"),
            caf_rates={k: v for k, v in found.items() if k.startswith("txcouv")},
        )
    caf = defaultdict(dict)
    if caf_year is not None:
        for level, code, value in (
            ImportedFigure.objects.filter(
                kind=DatasetKind.CAF_COVERAGE, year=caf_year, measure=ind.CAF_GLOBAL_COLUMN
            )
            .exclude(level="commune")
            .values_list("level", "code", "value")
        ):
            caf[level][code] = float(value)
    return ImportedYear(
        terms, population_year, births_year, caf_year, caf["epci"], caf["department"]
    )


def registry_births(year: int, codes: list[str]) -> dict[str, float]:
    rows = (
        RegistryBirths.objects.filter(year=year, commune__insee_code__in=codes)
        .values("commune__insee_code")
        .annotate(total=Sum("births"))
        .order_by()
    )
    return {r["commune__insee_code"]: float(r["total"]) for r in rows}


def births_by_year(codes: list[str]) -> dict[int, dict[str, float]]:
    """Births per year and commune: INSEE's, else the registry's for a year INSEE lacks."""
    result = defaultdict(dict)
    for code, year, value in ImportedFigure.objects.filter(
        kind=DatasetKind.INSEE_BIRTHS, measure="births", level="commune", code__in=codes
    ).values_list("code", "year", "value"):
        result[year][code] = float(value)
    registry_years = set(
        RegistryBirths.objects.filter(commune__insee_code__in=codes).values_list("year", flat=True)
    )
    for year in registry_years - set(result):
        result[year] = registry_births(year, codes)
    return dict(sorted(result.items()))


@dataclass
class CommuneRow:
    area: ind.Area
    places: ind.PlacesByMode
    coverage: ind.Coverage
    departures: ind.Departures
    flow: ind.Flow | None
    births: float | None
    waiting: int
    tension: list


@dataclass
class YearTotals:
    year: int
    reference_date: object
    places: ind.PlacesByMode
    flow: ind.Flow | None
    am_flow: ind.Flow | None
    births: float | None


@dataclass
class Report:
    year: int
    reference_date: object
    areas: list
    rows: list  # CommuneRow, one per commune
    epcis: list  # Coverage per EPCI
    total: ind.Coverage
    total_places: ind.PlacesByMode
    eaje_by_kind: dict
    pyramid: ind.Pyramid
    total_departures: ind.Departures
    history: list  # YearTotals, every snapshot year
    imported: ImportedYear
    tensions: list
    demand: dict
    waiting: object  # stats.Table
    territory_name: str
    imports: list
    # Set by cached_report(): the pages cache their rendered tables under the same key.
    cache_key: str = ""


def demand(territory, communes) -> tuple[dict, object, dict]:
    """The single desk's figures for these communes (through its own statistics)."""
    applications = stats.filed_applications(territory)
    if len(communes) != territory.communes.count():
        applications = applications.filter(household__commune_id__in=[c.pk for c in communes])
    waiting_rows = (
        applications.filter(status__in=WAITING)
        .values("household__commune__insee_code", "household__commune__name")
        .annotate(n=Count("household", distinct=True))
        .order_by("household__commune__name")
    )
    waiting = {r["household__commune__insee_code"]: r["n"] for r in waiting_rows}
    figures = {
        "total": applications.count(),
        "by_commune": stats.by_commune(applications),
        "by_age_section": stats.by_age_section(applications),
        "by_wished_month": stats.by_wished_month(applications),
        "by_status": stats.by_status(applications),
        "delays": stats.step_delays(applications),
    }
    table = stats.protect([(r["household__commune__name"], r["n"]) for r in waiting_rows])
    return figures, table, waiting


def report(territory, communes, year: int, *, with_demand: bool = True) -> Report:
    """Every indicator of `year` for `communes` (a queryset of the territory's)."""
    communes = list(communes.select_related("epci").order_by("name"))
    ids = [c.pk for c in communes]
    codes = [c.insee_code for c in communes]
    areas = [
        ind.Area(c.insee_code, c.name, c.epci.siren if c.epci else "", str(c.epci or ""))
        for c in communes
    ]
    years = snapshot_years()
    snapshots = {y: snapshot_of_year(y) for y in years}
    units_by_year = {y: units_of(snapshots[y], ids) for y in years}
    units = units_by_year.get(year, [])
    previous = [y for y in years if y < year]
    before = units_by_year[previous[-1]] if previous else None
    grouped, grouped_before = _by_commune(units), _by_commune(before or [])
    imported = imported_year(year, codes)
    births = births_by_year(codes)
    if with_demand:
        demand_figures, waiting_table, waiting = demand(territory, communes)
    else:
        demand_figures, waiting_table, waiting = {}, None, {}
    coverages = {
        a.code: ind.commune_coverage(a, grouped[a.code], imported.terms[a.code]) for a in areas
    }
    risks = {a.code: ind.departures(a.code, a.name, grouped[a.code], year) for a in areas}
    tension_list = ind.tensions(coverages, risks, waiting)
    reasons = {t.code: t.reasons for t in tension_list}
    rows = [
        CommuneRow(
            area=a,
            places=ind.places_by_mode(grouped[a.code]),
            coverage=coverages[a.code],
            departures=risks[a.code],
            flow=ind.places_flow(grouped_before[a.code], grouped[a.code])
            if before is not None
            else None,
            births=imported.terms[a.code].births,
            waiting=waiting.get(a.code, 0),
            tension=reasons.get(a.code, []),
        )
        for a in areas
    ]
    epcis = []
    by_epci = defaultdict(list)
    for a in areas:
        if a.epci:
            by_epci[(a.epci, a.epci_name)].append(coverages[a.code])
    for (siren, name), parts in sorted(by_epci.items(), key=lambda item: item[0][1]):
        epcis.append(
            ind.aggregate_coverage(siren, name, parts, caf_rate=imported.caf_epci.get(siren))
        )
    history = []
    for i, y in enumerate(years):
        prior = units_by_year[years[i - 1]] if i else None
        year_births = births.get(y)
        history.append(
            YearTotals(
                year=y,
                reference_date=snapshots[y].reference_date,
                places=ind.places_by_mode(units_by_year[y]),
                flow=ind.places_flow(prior, units_by_year[y]) if prior is not None else None,
                am_flow=ind.arrivals_departures(prior, units_by_year[y])
                if prior is not None
                else None,
                births=sum(year_births.values()) if year_births else None,
            )
        )
    return Report(
        year=year,
        reference_date=snapshots[year].reference_date if snapshots.get(year) else None,
        areas=areas,
        rows=rows,
        epcis=epcis,
        total=ind.aggregate_coverage("", territory.name, list(coverages.values())),
        total_places=ind.places_by_mode(units),
        eaje_by_kind=ind.eaje_by_kind(units),
        pyramid=ind.age_pyramid(units, year),
        total_departures=ind.departures("", territory.name, units, year),
        history=history,
        imported=imported,
        tensions=tension_list,
        demand=demand_figures,
        waiting=waiting_table,
        territory_name=territory.name,
        imports=recent_imports(),
    )


def commune_in(communes, insee_code: str) -> Commune | None:
    return communes.filter(insee_code=insee_code).first()


def recent_imports():
    return list(DatasetImport.objects.select_related("imported_by")[:10])


CACHE_SECONDS = 3600


def data_version() -> tuple:
    """Changes whenever a figure of the report may change: snapshots, imports, the desk."""
    return (
        Snapshot.objects.aggregate(v=Max("taken_at"), n=Count("pk")).values(),
        DatasetImport.objects.aggregate(v=Max("imported_at"), n=Max("pk")).values(),
        RegistryBirths.objects.aggregate(v=Max("entered_at"), n=Count("pk")).values(),
        Application.objects.aggregate(v=Max("updated_at"), n=Count("pk")).values(),
        Household.objects.aggregate(v=Max("updated_at")).values(),
        StatusChange.objects.aggregate(v=Max("at"), n=Max("pk")).values(),
    )


def cached_report(territory, communes, year: int) -> Report:
    """`report()`, kept in the cache until any of its data changes (`data_version`).

    At department scale the single desk's figures take most of a second on SQLite: the
    dashboard, its exports and PDF read the same report once computed.
    """
    ids = sorted(communes.values_list("pk", flat=True))
    version = repr((territory.pk, territory.name, year, ids, [list(v) for v in data_version()]))
    key = f"observatory:{get_language()}:{hashlib.sha256(version.encode()).hexdigest()}"
    result = cache.get(key)
    if result is None:
        result = report(territory, communes, year)
        result.cache_key = key
        cache.set(key, result, CACHE_SECONDS)
    return result
