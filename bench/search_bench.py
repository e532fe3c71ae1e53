"""Benchmark of the family search on the national-scale data set.

Usage::

    .venv/bin/python bench/search_bench.py --database sqlite
    .venv/bin/python bench/search_bench.py --database postgresql
    .venv/bin/python bench/search_bench.py --database sqlite --reuse     # keep the data set
    .venv/bin/python bench/search_bench.py --database sqlite --reuse --territory-department 50
    .venv/bin/python bench/search_bench.py --database sqlite --factor 0.05  # a quick dry run

Steps: a fresh database (bench/results/search-bench.sqlite3, or the PostgreSQL
database `sppe_bench` next to the one of $SPPE_BENCH_POSTGRES_URL), migrations, the
communes of France, the national offer (230,000 AM, 7,332 MAM, 17,000 EAJE with
sections and availabilities, `sppe.demo.generator`); `--reuse` keeps them when present.

Then 1,000 varied queries (communes drawn by population, radii 2 to 30 km, ages 0 to
36 months or none, days, hours, start dates, kinds, "available only", sort orders):
- in-process: `search_offers()` timed alone (p50, p95, p99, max);
- over HTTP on 127.0.0.1: gunicorn with 2 sync workers on a free port; the same
  queries one at a time (latency), then the requests per second of the search page and
  of `/healthz` (the trivial view, one `SELECT 1`), each for a bounded duration with a
  fixed number of client threads, in the same run; then, for reference, the search page
  with its empty form (page shell and form, no search).

The HTML page needs the instance's territory: by default the whole of France (every
commune); `--territory-department 50` makes it one department (its communes are then
the ones queried). Everything stays on the loopback; counts and durations are bounded.
Results are printed and written as JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import http.client
import io
import json
import os
import pstats
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SQLITE_PATH = RESULTS / "search-bench.sqlite3"
POSTGRES_BASE = os.environ.get("SPPE_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
POSTGRES_NAME = "sppe_bench"
TARGET_P95_MS = 50.0
TARGET_RATIO = 0.30
RADII = (2, 5, 10, 10, 10, 15, 20, 30)
HOURS = (("07:30", "17:30"), ("08:00", "18:00"), ("08:30", "18:30"), ("06:30", "19:30"))


# --- Database --------------------------------------------------------------------


def database_url(database: str) -> str:
    if database == "sqlite":
        return f"sqlite:///{SQLITE_PATH}"
    return f"{POSTGRES_BASE.rstrip('/')}/{POSTGRES_NAME}"


def prepare_database(database: str, *, reuse: bool):
    """Start from an empty database unless `reuse`."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    if database == "sqlite":
        if not reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(f"{POSTGRES_BASE.rstrip('/')}/postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [POSTGRES_NAME]
        ).fetchone()
        if exists and not reuse:
            conn.execute(f"DROP DATABASE {POSTGRES_NAME} WITH (FORCE)")
            exists = None
        if not exists:
            conn.execute(f"CREATE DATABASE {POSTGRES_NAME}")


def configure_django(database: str):
    os.environ["DATABASE_URL"] = database_url(database)
    os.environ.update(server_environment(database))
    os.environ["SPPE_LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sppe.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def server_environment(database: str) -> dict[str, str]:
    """Production settings on plain HTTP on the loopback."""
    return {
        "SPPE_SECRET_KEY": os.environ.get("SPPE_SECRET_KEY") or "bench-only-secret-key",
        "SPPE_DEBUG": "0",
        "SPPE_ALLOWED_HOSTS": "127.0.0.1",
        "SPPE_SECURE_SSL_REDIRECT": "0",
        # One directory per database, so that two runs at once do not share it.
        "SPPE_STATIC_ROOT": str(RESULTS / f"static-{database}"),
        "SPPE_GEOCODER": "commune",
    }


def build_data_set(*, factor: float, seed: int, territory_department: str | None):
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from sppe.demo.generator import CommuneInfo, generate_scaled_offer, national_plan
    from sppe.offers.models import Childminder
    from sppe.territories.enums import TerritoryKind
    from sppe.territories.french_data import import_french_territory
    from sppe.territories.models import Commune, Department
    from sppe.territories.services import territory_configure

    timings = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate_s"] = time.perf_counter() - started
    if Commune.objects.count() < 34_000:
        started = time.perf_counter()
        import_french_territory(decoupage_dir=settings.DECOUPAGE_ADMINISTRATIF_DIR)
        timings["import_communes_s"] = time.perf_counter() - started
    plan = national_plan(factor)
    if Childminder.objects.count() != plan.childminders:
        from sppe.demo.generator import offer_clear

        started = time.perf_counter()
        offer_clear()
        communes = CommuneInfo.from_queryset(Commune.objects.all())
        print(f"Génération de l'offre nationale ({plan.childminders} AM)…", flush=True)
        report = generate_scaled_offer(communes=communes, plan=plan, seed=seed, now=timezone.now())
        timings["generate_s"] = time.perf_counter() - started
        print(
            f"  {report.childminders} AM, {report.mams} MAM, {report.establishments} EAJE, "
            f"{report.availabilities} disponibilités en {timings['generate_s']:.0f} s",
            flush=True,
        )
    if territory_department:
        department = Department.objects.get(code=territory_department)
        territory = territory_configure(
            name=f"Département {department.name}",
            kind=TerritoryKind.DEPARTMENT,
            department=department,
        )
    else:
        territory = territory_configure(
            name="France (banc d'essai)",
            kind=TerritoryKind.COMMUNES,
            communes=Commune.objects.with_coordinates(),
        )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Planner statistics, once the territory's perimeter is set (a run may switch it
        # between a department and France), and on PostgreSQL the space of rows that a
        # migration or a new perimeter rewrote: autovacuum may be late.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    timings["analyze_s"] = time.perf_counter() - started
    started = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0, clear=True)
    timings["collectstatic_s"] = time.perf_counter() - started
    return territory, timings


def data_set_counts() -> dict[str, int]:
    from sppe.offers.models import Availability, Childminder, Establishment, Mam, Section
    from sppe.territories.models import Commune

    return {
        "communes": Commune.objects.count(),
        "childminders": Childminder.objects.count(),
        "mams": Mam.objects.count(),
        "establishments": Establishment.objects.count(),
        "sections": Section.objects.count(),
        "availabilities": Availability.objects.count(),
    }


# --- Queries ---------------------------------------------------------------------


@dataclass(frozen=True)
class BenchQuery:
    insee: str
    latitude: float
    longitude: float
    radius_km: int
    age_months: int | None
    days: tuple[int, ...]
    hours: tuple[str, str] | None
    start_date: dt.date | None
    kinds: tuple[str, ...]  # empty: every kind (the page's default)
    available_only: bool
    sort: str

    def url(self) -> str:
        params: list[tuple[str, str]] = [("commune", self.insee), ("rayon", str(self.radius_km))]
        if self.age_months is not None:
            params.append(("age_mois", str(self.age_months)))
        params += [("jours", str(day)) for day in self.days]
        if self.hours:
            params += [("heure_debut", self.hours[0]), ("heure_fin", self.hours[1])]
        if self.start_date:
            params.append(("debut", self.start_date.isoformat()))
        params += [("mode", kind) for kind in self.kinds]
        if self.available_only:
            params.append(("disponible", "1"))
        params.append(("tri", self.sort))
        return "/offre/recherche/?" + urllib.parse.urlencode(params)

    def search_query(self, territory_id: int):
        """The SearchQuery the page builds from `url()` (see sppe/offers/views.py)."""
        from sppe.offers.enums import OfferKind
        from sppe.offers.schedule import days_to_mask
        from sppe.offers.search import SEARCHABLE_KINDS, SearchQuery

        kinds = frozenset(OfferKind(k) for k in self.kinds) or SEARCHABLE_KINDS | {
            OfferKind.HOME_CARE
        }

        def minutes(text):
            hours, mins = text.split(":")
            return int(hours) * 60 + int(mins)

        return SearchQuery(
            latitude=self.latitude,
            longitude=self.longitude,
            radius_km=float(self.radius_km),
            child_age_months=self.age_months,
            start_date=self.start_date,
            days_mask=days_to_mask(self.days),
            start_minute=minutes(self.hours[0]) if self.hours else None,
            end_minute=minutes(self.hours[1]) if self.hours else None,
            kinds=kinds,
            available_only=self.available_only,
            sort=self.sort,
            commune_insee=self.insee,
            territory_id=territory_id,
        )

    def features(self) -> list[str]:
        found = ["all"]
        found.append("days" if self.days else "no-days")
        if self.hours:
            found.append("hours")
        found.append("available-only" if self.available_only else "all-offers")
        found.append("radius>=20" if self.radius_km >= 20 else "radius<20")
        return found


def make_queries(territory, count: int, seed: int) -> list[BenchQuery]:
    """`count` varied queries on the territory's communes, drawn by population."""
    rng = random.Random(seed)
    communes = list(
        territory.communes.with_coordinates()
        .exclude(population=None)
        .order_by("insee_code")
        .values_list("insee_code", "latitude", "longitude", "population")
    )
    weights = [row[3] for row in communes]
    today = dt.date.today()
    kinds = ("childminder", "establishment", "mam")
    queries = []
    for insee, lat, lon, _population in rng.choices(communes, weights=weights, k=count):
        days: tuple[int, ...] = ()
        if rng.random() < 0.6:
            days = tuple(
                sorted(rng.sample(range(5), k=rng.choices([5, 4, 3, 2, 1], [40, 25, 20, 10, 5])[0]))
            )
        chosen_kinds: tuple[str, ...] = ()
        if rng.random() < 0.3:
            chosen_kinds = tuple(sorted(rng.sample(kinds, k=rng.randint(1, 2))))
        queries.append(
            BenchQuery(
                insee=insee,
                latitude=lat,
                longitude=lon,
                radius_km=rng.choice(RADII),
                age_months=rng.randint(0, 36) if rng.random() < 0.75 else None,
                days=days,
                hours=rng.choice(HOURS) if rng.random() < 0.15 else None,
                start_date=(
                    today + dt.timedelta(days=rng.randint(0, 180)) if rng.random() < 0.3 else None
                ),
                kinds=chosen_kinds,
                available_only=rng.random() < 0.5,
                sort=rng.choices(["distance", "disponibilite", "fraicheur"], [80, 10, 10])[0],
            )
        )
    return queries


# --- Measures --------------------------------------------------------------------


def summary(samples_ms: list[float]) -> dict[str, float]:
    if not samples_ms:
        return {"count": 0}
    ordered = sorted(samples_ms)

    def pct(p):
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    return {
        "count": len(ordered),
        "mean_ms": round(statistics.fmean(ordered), 2),
        "p50_ms": round(pct(50), 2),
        "p95_ms": round(pct(95), 2),
        "p99_ms": round(pct(99), 2),
        "max_ms": round(ordered[-1], 2),
    }


def run_in_process(queries, territory, *, warmup: int = 30) -> tuple[dict, dict, list[float]]:
    from django.db import connection

    from sppe.offers.search import search_offers

    searches = [q.search_query(territory.pk) for q in queries]
    for query in searches[:warmup]:
        search_offers(query, limit=20)
    samples = []
    for query in searches:
        started = time.perf_counter()
        page = search_offers(query, limit=20)
        _ = [hit.name for hit in page.hits]
        samples.append((time.perf_counter() - started) * 1000)
    sql_queries = 0

    def count_queries(execute, sql, params, many, context):
        nonlocal sql_queries
        sql_queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count_queries):
        for query in searches[:50]:
            search_offers(query, limit=20)
    by_feature: dict[str, list[float]] = {}
    for query, sample in zip(queries, samples, strict=True):
        for feature in query.features():
            by_feature.setdefault(feature, []).append(sample)
    breakdown = {name: summary(values) for name, values in sorted(by_feature.items())}
    breakdown["sql_queries_per_search"] = round(sql_queries / min(50, len(searches)), 1)
    return summary(samples), breakdown, samples


def profile_in_process(queries, territory, count: int) -> str:
    from sppe.offers.search import search_offers

    searches = [q.search_query(territory.pk) for q in queries[:count]]
    profiler = cProfile.Profile()
    profiler.enable()
    for query in searches:
        search_offers(query, limit=20)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(15)
    return out.getvalue()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on the loopback, started and stopped by this process only."""

    def __init__(self, database: str, workers: int):
        self.port = free_port()
        env = {
            **os.environ,
            **server_environment(database),
            "DATABASE_URL": database_url(database),
        }
        env["SPPE_LOG_LEVEL"] = "INFO"  # the production request log, as in operation
        self.log = (RESULTS / f"gunicorn-{database}.log").open("w")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "sppe.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )

    def wait_ready(self, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn s'est arrêté : voir {self.log.name}")
            try:
                if get(self.port, "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn ne répond pas sur /healthz")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def get(port: int, path: str) -> tuple[int, int]:
    """(status, body length) of one GET on a new connection (gunicorn sync closes it)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        conn.close()


def run_http_latency(port: int, queries, *, budget_s: float) -> tuple[dict, dict]:
    """The queries one at a time, stopping when `budget_s` is spent (slow pages)."""
    samples, statuses, sizes = [], {}, []
    for query in queries[:4]:  # warm both workers
        get(port, query.url())
    deadline = time.perf_counter() + budget_s
    for query in queries:
        if time.perf_counter() > deadline:
            break
        started = time.perf_counter()
        status, size = get(port, query.url())
        samples.append((time.perf_counter() - started) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
        sizes.append(size)
    return summary(samples), {
        "measured": len(samples),
        "of": len(queries),
        "statuses": statuses,
        "mean_page_kb": round(statistics.fmean(sizes) / 1024, 1),
    }


def run_throughput(port: int, paths: list[str], *, threads: int, seconds: float) -> dict:
    deadline = time.perf_counter() + seconds
    counts = [0] * threads
    errors = [0] * threads

    def worker(index):
        position = index
        while time.perf_counter() < deadline:
            try:
                status, _size = get(port, paths[position % len(paths)])
            except OSError:
                status = 0
            if status == 200:
                counts[index] += 1
            else:
                errors[index] += 1
            position += threads

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "requests": sum(counts),
        "errors": sum(errors),
        "seconds": round(elapsed, 2),
        "rps": round(sum(counts) / elapsed, 1),
    }


# --- Report ----------------------------------------------------------------------


@dataclass
class Result:
    database: str
    started_at: str
    territory: str
    cpus: int
    data_set: dict
    timings: dict
    queries: int
    in_process: dict = field(default_factory=dict)
    in_process_breakdown: dict = field(default_factory=dict)
    http_latency: dict = field(default_factory=dict)
    http_details: dict = field(default_factory=dict)
    throughput_search: dict = field(default_factory=dict)
    throughput_healthz: dict = field(default_factory=dict)
    throughput_empty_form: dict = field(default_factory=dict)
    search_to_healthz_ratio: float | None = None
    targets: dict = field(default_factory=dict)


def print_table(result: Result):
    def row(label, stats):
        if not stats.get("count"):
            return f"  {label:<28} —"
        return (
            f"  {label:<28} p50 {stats['p50_ms']:>8.1f} ms   p95 {stats['p95_ms']:>8.1f} ms   "
            f"p99 {stats['p99_ms']:>8.1f} ms   max {stats['max_ms']:>8.1f} ms"
        )

    print()
    print(f"Search benchmark — {result.database}, territory: {result.territory}")
    data = result.data_set
    print(
        f"  data set: {data['childminders']} AM, {data['mams']} MAM, "
        f"{data['establishments']} EAJE, {data['availabilities']} availabilities, "
        f"{data['communes']} communes; {result.queries} queries; {result.cpus} CPU"
    )
    print(row("in-process search_offers", result.in_process))
    for name, stats in result.in_process_breakdown.items():
        if isinstance(stats, dict) and name != "all":
            print(row(f"  · {name}", stats))
    print(f"  SQL queries per search: {result.in_process_breakdown.get('sql_queries_per_search')}")
    if result.http_latency:
        print(row("HTTP search page", result.http_latency))
        print(
            f"  HTTP latency on {result.http_details['measured']} of "
            f"{result.http_details['of']} queries (time budget), "
            f"statuses: {result.http_details.get('statuses')}, "
            f"mean page {result.http_details.get('mean_page_kb')} KiB"
        )
        for label, run in (
            ("search page", result.throughput_search),
            ("/healthz", result.throughput_healthz),
            ("empty form", result.throughput_empty_form),
        ):
            if not run:
                continue
            print(
                f"  throughput {label:<12} {run['rps']:>8.1f} req/s "
                f"({run['requests']} in {run['seconds']} s, {run['errors']} errors)"
            )
        print(f"  search / healthz: {result.search_to_healthz_ratio:.0%}")
        if result.throughput_empty_form:
            floor = result.throughput_empty_form["rps"] / max(result.throughput_healthz["rps"], 0.1)
            print(f"  empty form / healthz: {floor:.0%} (the page without a search)")
    for name, target in result.targets.items():
        print(f"  target {name}: {target}")
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--reuse", action="store_true", help="keep the data set if present")
    parser.add_argument("--factor", type=float, default=1.0, help="shrink the national set")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--territory-department", help="the instance's territory: a department")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="client threads for throughput")
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of each run")
    parser.add_argument(
        "--http-budget", type=float, default=300.0, help="max seconds for the HTTP latency run"
    )
    parser.add_argument("--no-http", action="store_true", help="in-process measures only")
    parser.add_argument("--profile", type=int, default=0, help="cProfile the first N queries")
    args = parser.parse_args()
    if not 0 < args.factor <= 1 or not 1 <= args.queries <= 10_000:
        parser.error("--factor must be in (0, 1] and --queries in [1, 10000]")
    if not 1 <= args.seconds <= 120 or not 1 <= args.threads <= 32:
        parser.error("--seconds must be in [1, 120] and --threads in [1, 32]")

    prepare_database(args.database, reuse=args.reuse)
    configure_django(args.database)
    territory, timings = build_data_set(
        factor=args.factor, seed=args.seed, territory_department=args.territory_department
    )
    queries = make_queries(territory, args.queries, args.seed)
    result = Result(
        database=args.database,
        started_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        territory=territory.name,
        cpus=os.cpu_count() or 0,
        data_set=data_set_counts(),
        timings={k: round(v, 1) for k, v in timings.items()},
        queries=len(queries),
    )
    print("Mesures en mémoire…", flush=True)
    result.in_process, result.in_process_breakdown, _samples = run_in_process(queries, territory)
    if args.profile:
        print(profile_in_process(queries, territory, args.profile))
    result.targets["in-process p95 < 50 ms"] = (
        "met" if result.in_process["p95_ms"] < TARGET_P95_MS else "missed"
    )
    if not args.no_http:
        from django.db import connections

        connections.close_all()
        server = Server(args.database, args.workers)
        try:
            server.wait_ready()
            print("Mesures HTTP (latence)…", flush=True)
            result.http_latency, result.http_details = run_http_latency(
                server.port, queries, budget_s=args.http_budget
            )
            urls = [query.url() for query in queries]
            print(f"Débit de la page de recherche ({args.seconds:.0f} s)…", flush=True)
            result.throughput_search = run_throughput(
                server.port, urls, threads=args.threads, seconds=args.seconds
            )
            print(f"Débit de /healthz ({args.seconds:.0f} s)…", flush=True)
            result.throughput_healthz = run_throughput(
                server.port, ["/healthz"], threads=args.threads, seconds=args.seconds
            )
            # The same page before any search (form and page shell only): how much of
            # the gap to /healthz is rendering the page rather than searching.
            print(f"Débit du formulaire vide ({args.seconds:.0f} s)…", flush=True)
            result.throughput_empty_form = run_throughput(
                server.port, ["/offre/recherche/"], threads=args.threads, seconds=args.seconds
            )
        finally:
            server.stop()
        result.search_to_healthz_ratio = round(
            result.throughput_search["rps"] / max(result.throughput_healthz["rps"], 0.1), 3
        )
        result.targets["search page >= 30% of /healthz"] = (
            "met" if result.search_to_healthz_ratio >= TARGET_RATIO else "missed"
        )
    print_table(result)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = f"-d{args.territory_department}" if args.territory_department else ""
    path = RESULTS / f"search-{args.database}{suffix}-{stamp}.json"
    path.write_text(json.dumps(asdict(result), indent=2, default=str), encoding="utf-8")
    print(f"Résultats : {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
