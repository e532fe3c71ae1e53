"""Benchmark of the observatory at department and national scale.

Usage::

    .venv/bin/python bench/observatory_bench.py            # fresh SQLite database
    .venv/bin/python bench/observatory_bench.py --reuse    # keep the data set when present
    .venv/bin/python bench/observatory_bench.py --national-only

Department scale (the Manche, document 004): the communes of department 50 as the
territory, five yearly snapshots of 2,635 AM (some in 84 MAM), 70 EAJE, with churn from
year to year, births and children under three imported through `dataset_import`, and
20,000 filed single-desk applications (rows written in bulk). Timed: `selectors.report()`
for the latest year (every indicator, demand included), and the dashboard page rendered
by Django's test client in-process (p50, p95 over 30 requests; no HTTP server, so a
real deployment adds the network and the WSGI server).

National scale: the pure indicators core on a synthetic year for ~35,000 communes with
230,000 AM and 17,000 EAJE and the previous year (coverage, places by mode, flows,
departures, zones of tension for every commune, then the national aggregate).

Targets (issue 17): indicators under 5 s, a dashboard p95 under 300 ms, the national
yearly computation under 60 s. Results are printed and written as JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DB_PATH = RESULTS / "observatory-bench.sqlite3"
YEARS = (2021, 2022, 2023, 2024, 2025)
AM, EAJE, MAMS, APPLICATIONS = 2635, 70, 84, 20_000


def national(seed: int = 7) -> dict:
    sys.path.insert(0, str(ROOT))
    from sppe.observatory import indicators as ind

    rng = random.Random(seed)
    codes = [f"{d:02d}{n:03d}" for d in range(1, 96) for n in range(1, 370)][:35_000]
    weights = [rng.paretovariate(1.2) for _ in codes]
    before, after = [], []
    for i in range(230_000):
        commune = (
            rng.choices(codes, weights)[0] if i % 1000 == 0 else codes[rng.randrange(len(codes))]
        )
        unit = ind.Unit(f"am:{i}", commune, "childminder", 4, 4, birth_year=rng.randint(1958, 2000))
        if rng.random() > 0.05:
            before.append(unit)
        if rng.random() > 0.08:
            after.append(unit)
    for i in range(17_000):
        commune = codes[rng.randrange(len(codes))]
        unit = ind.Unit(f"eaje:{i}", commune, "eaje", 20, 20, "multi_accueil", "psu")
        before.append(unit)
        after.append(unit)
    start = time.perf_counter()
    grouped, grouped_before = {}, {}
    for unit in after:
        grouped.setdefault(unit.commune, []).append(unit)
    for unit in before:
        grouped_before.setdefault(unit.commune, []).append(unit)
    coverages, risks = {}, {}
    for code in codes:
        units = grouped.get(code, [])
        area = ind.Area(code, code)
        coverages[code] = ind.commune_coverage(area, units, ind.ImportedTerms(under_three=80))
        risks[code] = ind.departures(code, code, units, 2025)
        ind.places_by_mode(units)
        ind.places_flow(grouped_before.get(code, []), units)
    tensions = ind.tensions(coverages, risks, {})
    total = ind.aggregate_coverage("FR", "France", list(coverages.values()))
    ind.age_pyramid(after, 2025)
    seconds = time.perf_counter() - start
    return {
        "communes": len(codes),
        "units": len(after),
        "seconds": round(seconds, 2),
        "tensions": len(tensions),
        "rate": round(total.rate, 1),
        "target_seconds": 60,
    }


def setup_django(reuse: bool):
    RESULTS.mkdir(parents=True, exist_ok=True)
    if not reuse and DB_PATH.exists():
        DB_PATH.unlink()
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    os.environ.setdefault("SPPE_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sppe.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sppe.territories.models import Commune

    if not Commune.objects.filter(department__code="50").exists():
        call_command("import_communes", verbosity=0)


def build_department(seed: int = 50):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from sppe.accounts.enums import Role
    from sppe.dossiers.enums import Channel, ParentActivity, Status
    from sppe.dossiers.models import Application, Household
    from sppe.observatory import services
    from sppe.observatory.enums import DatasetKind
    from sppe.observatory.indicators import Unit
    from sppe.observatory.models import Snapshot
    from sppe.territories.enums import TerritoryKind
    from sppe.territories.models import Commune, Territory

    communes = list(Commune.objects.filter(department__code="50").order_by("insee_code"))
    territory = Territory.objects.current()
    if territory is None:
        territory = Territory.objects.create(name="Manche", kind=TerritoryKind.COMMUNES)
        territory.communes.set(communes)
    if Snapshot.objects.count() == len(YEARS):
        return territory, communes
    rng = random.Random(seed)
    codes = [c.insee_code for c in communes]
    weights = [c.population or 1 for c in communes]
    latest = []
    for i in range(AM):
        mode = "mam" if i < MAMS * 3 else "childminder"
        latest.append(
            Unit(
                f"am:{i}",
                rng.choices(codes, weights)[0],
                mode,
                4,
                4,
                birth_year=rng.randint(1958, 2000),
            )
        )
    for i in range(EAJE):
        funding = "psu" if i % 2 else "paje"
        kind = "multi_accueil" if funding == "psu" else "micro_creche"
        places = 30 if funding == "psu" else 12
        latest.append(
            Unit(f"eaje:{i}", rng.choices(codes, weights)[0], "eaje", places, places, kind, funding)
        )
    history = {YEARS[-1]: latest}
    for year in reversed(YEARS[1:]):
        current = history[year]
        previous = [u for u in current if not (u.mode == "childminder" and rng.random() < 0.04)]
        previous += [
            Unit(
                f"am:old-{year}-{i}",
                rng.choices(codes, weights)[0],
                "childminder",
                4,
                4,
                birth_year=year - 63,
            )
            for i in range(150)
        ]
        history[year - 1] = previous
    for year in YEARS:
        services.snapshot_store(reference_date=dt.date(year, 12, 31), units=history[year])
    births = "GEO;TIME_PERIOD;OBS_VALUE\n" + "".join(
        f"{c.insee_code};{y};{max(0, round((c.population or 0) * 0.009))}\n"
        for c in communes
        for y in YEARS
    )
    population = "CODGEO;P22_POP0002\n" + "".join(
        f"{c.insee_code};{round((c.population or 0) * 0.027)}\n" for c in communes
    )
    services.dataset_import(kind=DatasetKind.INSEE_BIRTHS, file_name="b.csv", data=births.encode())
    services.dataset_import(
        kind=DatasetKind.INSEE_POPULATION, file_name="p.csv", data=population.encode()
    )
    households = Household.objects.bulk_create(
        [
            Household(
                commune=rng.choices(communes, weights)[0], parent1_activity=ParentActivity.EMPLOYED
            )
            for _ in range(APPLICATIONS)
        ],
        batch_size=2000,
    )
    now = timezone.now()
    statuses = [
        Status.SUBMITTED,
        Status.COMPLETE,
        Status.PRESENTED,
        Status.ADMITTED,
        Status.NOT_PLACED,
    ]
    Application.objects.bulk_create(
        [
            Application(
                reference=f"B-{i:06d}",
                household=h,
                status=rng.choice(statuses),
                wished_start_date=dt.date(2026, rng.randint(1, 12), 1),
                days=31,
                channel=Channel.ONLINE,
                submitted_at=now - dt.timedelta(days=rng.randint(1, 700)),
            )
            for i, h in enumerate(households)
        ],
        batch_size=2000,
    )
    get_user_model().objects.get_or_create(
        email="elu@bench.example.org", defaults={"role": Role.ELECTED}
    )
    return territory, communes


def department() -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from sppe.observatory import selectors

    territory, communes = build_department()
    start = time.perf_counter()
    report = selectors.report(territory, territory.communes.all(), YEARS[-1])
    indicators_seconds = time.perf_counter() - start
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(email="elu@bench.example.org"))
    timings = []
    for _ in range(30):
        start = time.perf_counter()
        response = client.get("/observatoire/")
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    return {
        "communes": len(communes),
        "childminders": report.total_departures.childminders,
        "indicators_seconds": round(indicators_seconds, 2),
        "dashboard_ms_p50": round(statistics.median(timings), 1),
        "dashboard_ms_p95": round(timings[int(0.95 * len(timings)) - 1], 1),
        "coverage": round(report.total.rate, 1) if report.total.rate else None,
        "targets": {"indicators_seconds": 5, "dashboard_ms_p95": 300},
    }


def over_http(requests: int = 60) -> dict:
    """The dashboard over HTTP: gunicorn with 2 sync workers on a free port, one request
    at a time, after two warm-up requests per worker (each worker has its own cache)."""
    import http.client
    import socket
    import subprocess

    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(email="elu@bench.example.org"))
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ)
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "sppe.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def get() -> float:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            start = time.perf_counter()
            connection.request("GET", "/observatoire/", headers={"Cookie": cookie})
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - start) * 1000
            connection.close()
            assert response.status == 200, response.status
            return elapsed

        for _ in range(100):
            try:
                get()
                break
            except (ConnectionRefusedError, OSError):
                time.sleep(0.2)
        for _ in range(4):
            get()
        timings = sorted(get() for _ in range(requests))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "requests": requests,
        "dashboard_http_ms_p50": round(statistics.median(timings), 1),
        "dashboard_http_ms_p95": round(timings[int(0.95 * len(timings)) - 1], 1),
        "target_ms_p95": 300,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--national-only", action="store_true")
    args = parser.parse_args()
    results = {"national": national()}
    print("national:", results["national"], flush=True)
    if not args.national_only:
        setup_django(args.reuse)
        results["department"] = department()
        print("department:", results["department"], flush=True)
        results["http"] = over_http()
        print("http:", results["http"], flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "observatory-bench.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
