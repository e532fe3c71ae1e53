"""The demo observatory: five yearly snapshots of the offer of the CC de Vie et Boulogne,
its births and children under three, and a Caf coverage file.

Document 003 gives the picture this history must match: 312 AM with 1,092 places and 11
private micro-crèches today, individual care falling for five years, five micro-crèches
opened in that time, 400 to 500 births a year. The latest snapshot (31 December of last
year) is the live demo offer itself; each earlier year is derived from the next one,
deterministically: the micro-crèches opened that year are taken away, the AM who
started that year are taken away and the AM who stopped that year (older ones) are put
back. Births, children under three and the Caf's rates are generated, then imported
through the same services as an agent's files (they are demo figures, not INSEE's).
"""

import datetime as dt
import random
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone

from sppe.observatory.enums import DatasetKind
from sppe.observatory.indicators import Unit
from sppe.observatory.models import DatasetImport, ImportedFigure, Snapshot
from sppe.observatory.services import dataset_import, live_units, snapshot_store
from sppe.territories.models import Territory

from .territory import DemoDataError

SEED = 17_2025
YEARS = 5
AM_ARRIVALS_PER_YEAR = 14
AM_DEPARTURES_PER_YEAR = 28
MICRO_CRECHES_OPENED = 5
BIRTHS_PER_YEAR = (468, 455, 447, 431, 418)  # oldest to latest: a slow fall


@dataclass
class DemoObservatoryReport:
    years: list
    units_latest: int
    births: dict

    def lines(self) -> list[str]:
        births = ", ".join(f"{y} : {n}" for y, n in self.births.items())
        return [
            f"Observatoire : {len(self.years)} photographies de l'offre "
            f"({', '.join(str(y) for y in self.years)}), naissances {births}"
        ]


def _history(latest: list[Unit], years: list[int], rng: random.Random) -> dict[int, list]:
    """The offer of each year, from the latest backwards (see the module's doc)."""
    weights = {}
    for unit in latest:
        if unit.mode in ("childminder", "mam"):
            weights[unit.commune] = weights.get(unit.commune, 0) + 1
    communes = sorted(weights)
    micro = sorted(u.key for u in latest if u.kind == "micro_creche")
    opened = dict(
        zip(
            rng.sample(micro, MICRO_CRECHES_OPENED),
            [years[-1], years[-1], years[-2], years[-3], years[-4]],
            strict=True,
        )
    )
    history = {years[-1]: latest}
    number = 0
    for year in reversed(years[1:]):
        current = history[year]
        # Micro-crèches opened during `year` were not there the year before.
        before = [u for u in current if opened.get(u.key) != year]
        # AM who started during `year`: young ones of the current list.
        young = sorted(
            u.key
            for u in before
            if u.mode == "childminder" and u.birth_year and u.birth_year >= year - 40
        )
        started = set(rng.sample(young, min(AM_ARRIVALS_PER_YEAR, len(young))))
        before = [u for u in before if u.key not in started]
        # AM who stopped during `year` (most at retirement age) were still working.
        for _i in range(AM_DEPARTURES_PER_YEAR):
            number += 1
            commune = rng.choices(communes, weights=[weights[c] for c in communes])[0]
            places = rng.choice((3, 3, 4, 4, 4, 2))
            before.append(
                Unit(
                    key=f"am:VB-AM-ANCIEN-{number:04d}",
                    commune=commune,
                    mode="childminder",
                    places=places,
                    places_under_three=places,
                    birth_year=year - rng.randint(55, 66),
                )
            )
        # The communal multi-accueil of Aizenay grew from 20 to 24 places that year.
        if year == years[-2]:
            before = [
                replace(u, places=20, places_under_three=20)
                if u.kind == "multi_accueil" and u.places == 24
                else u
                for u in before
            ]
        history[year - 1] = before
    return history


def _csv(header: list[str], rows: list[list]) -> bytes:
    lines = [";".join(header)] + [";".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


@transaction.atomic
def load_demo_observatory(*, today: dt.date | None = None) -> DemoObservatoryReport:
    today = today or timezone.localdate()
    territory = Territory.objects.current()
    if territory is None:
        raise DemoDataError("Chargez d'abord le territoire de démonstration (load_demo).")
    rng = random.Random(SEED)
    years = list(range(today.year - YEARS, today.year))
    latest = sorted(live_units(territory), key=lambda u: u.key)
    history = _history(latest, years, rng)
    Snapshot.objects.exclude(reference_date__in=[dt.date(y, 12, 31) for y in years]).delete()
    for year in years:
        snapshot_store(reference_date=dt.date(year, 12, 31), units=history[year])

    # Births by commune, spread by population; children under three from the births.
    communes = list(territory.communes.order_by("insee_code"))
    population = [c.population or 1 for c in communes]
    births = {}
    birth_rows = []
    for year, total in zip(years, BIRTHS_PER_YEAR, strict=True):
        shares = [rng.uniform(0.9, 1.1) * p for p in population]
        counts = [round(total * s / sum(shares)) for s in shares]
        births[year] = sum(counts)
        for commune, n in zip(communes, counts, strict=True):
            birth_rows.append([commune.insee_code, "COM", year, n])
    by = {(row[0], row[2]): row[3] for row in birth_rows}
    census = years[-2]
    population_rows = [
        [c.insee_code, round(0.97 * sum(by.get((c.insee_code, census - k), 0) for k in range(3)))]
        for c in communes
    ]
    # The Caf's rates of the year before last: its EAJE places, about 60 % of the AM's
    # places taken by children under three (an estimate of the kind the Caf makes),
    # home care and schooling at two, over the children under three.
    under_three = dict(population_rows)
    caf_rows = []
    for commune in communes:
        units = [u for u in history[years[-2]] if u.commune == commune.insee_code]
        eaje = sum(u.places_under_three for u in units if u.mode == "eaje")
        am = sum(u.places_under_three for u in units if u.mode in ("childminder", "mam"))
        gad, pre = round(rng.uniform(0.5, 2.5), 1), round(rng.uniform(1.0, 6.0), 1)
        children = under_three[commune.insee_code] or 1
        rate = round(100 * (eaje + 0.6 * am) / children + gad + pre, 1)
        caf_rows.append([commune.insee_code, years[-2], rate, gad, pre])
    ImportedFigure.objects.all().delete()
    DatasetImport.objects.all().delete()
    dataset_import(
        kind=DatasetKind.INSEE_BIRTHS,
        file_name="demo-naissances.csv",
        data=_csv(["GEO", "GEO_OBJECT", "TIME_PERIOD", "OBS_VALUE"], birth_rows),
    )
    dataset_import(
        kind=DatasetKind.INSEE_POPULATION,
        file_name="demo-base-cc-evol-struct-pop.csv",
        data=_csv(["CODGEO", f"P{census % 100:02d}_POP0002"], population_rows),
    )
    dataset_import(
        kind=DatasetKind.CAF_COVERAGE,
        file_name="demo-txcouv-communes.csv",
        data=_csv(["NUMCOM", "ANNEE", "txcouv", "txcouv_gad", "txcouv_pre"], caf_rows),
    )
    return DemoObservatoryReport(years=years, units_latest=len(latest), births=births)
