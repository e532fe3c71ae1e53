"""Benchmark of a whole commission session, from the frozen database to the letters.

Usage::

    .venv/bin/python bench/commission_bench.py                        # Montreuil scale, SQLite
    .venv/bin/python bench/commission_bench.py --scale paris          # 30,000 dossiers
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sppe_bench \
        .venv/bin/python bench/commission_bench.py
    .venv/bin/python bench/commission_bench.py --dossiers 300 --creches 10   # a quick look

A fresh database gets a territory, the crèches of the single desk (three sections each,
seats on every weekday), a published points grid and the complete dossiers (rows written
in bulk). Then, timed one by one, through the commission's services:

1. freeze: every dossier scored under the grid, frozen, presented (families told);
2. run: the engine on the frozen data, the verifier's report, every child's explanation,
   the proposal stored;
3. validation by the president: offers (estimated fees) and refusals, families told;
4. the decision letters of every family as PDF.

The run and the letters are then done again while a CPU-bound process runs beside them
(a busy loop on one core): the bench prints the SHA-256 of the stored proposal and of
the letters for both, which must be identical (the result depends on the data only).
Peak memory is the process's maximum resident set size.

Targets (issue 12): Montreuil (2,500 dossiers, 50 crèches, 3 sections) at most 30 s and
1 GB for the session on SQLite and on PostgreSQL; Paris (30,000 dossiers, 450 crèches) at
most 5 minutes; the Montreuil letters in at most 60 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALES = {"montreuil": (2_500, 50), "paris": (30_000, 450)}
WEEKS = (0b11111, 0b11111, 0b11011, 0b01111, 0b11110, 0b01011)


def setup_django(database_url: str | None, data_dir: str):
    os.environ["SPPE_DATA_DIR"] = data_dir
    os.environ["SPPE_DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sppe.settings")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(dossiers: int, creches: int, seed: int):
    """Territory, crèches with seats, a grid, complete dossiers (bulk rows)."""
    from django.utils import timezone

    from sppe.accounts.enums import Role
    from sppe.accounts.models import User
    from sppe.allocation import services
    from sppe.allocation.models import Deliberation
    from sppe.demo.commission import GRID  # the demo's grid, published as is
    from sppe.dossiers.enums import Channel, ParentActivity, Status
    from sppe.dossiers.models import (
        Application,
        ApplicationChild,
        ApplicationChoice,
        CommissionSession,
        Household,
        StatusChange,
    )
    from sppe.offers.enums import EstablishmentKind, Funding, ManagerType
    from sppe.offers.models import Establishment
    from sppe.territories.enums import TerritoryKind
    from sppe.territories.models import Commune, Department, Territory

    rng = random.Random(seed)
    department = Department.objects.create(code="93", name="Seine-Saint-Denis")
    communes = [
        Commune.objects.create(
            insee_code=f"93{n:03d}",
            department=department,
            name=f"Commune {n}",
            population=20_000,
            latitude=48.86 + n / 500,
            longitude=2.44 + n / 500,
        )
        for n in range(1, 21)
    ]
    territory = Territory.objects.create(
        name="Territoire du banc d'essai", kind=TerritoryKind.COMMUNES, department=department
    )
    territory.communes.set(communes)
    admin = User.objects.create_user(email="admin@bench.example.org", role=Role.TERRITORY_ADMIN)
    president = User.objects.create_user(
        email="pres@bench.example.org", role=Role.COMMISSION_MEMBER
    )
    establishments = Establishment.objects.bulk_create(
        Establishment(
            name=f"Crèche {n}",
            kind=EstablishmentKind.MULTI_ACCUEIL,
            manager_type=ManagerType.PUBLIC,
            funding=Funding.PSU,
            address="1 rue de la Mairie",
            postal_code="93100",
            commune=communes[n % len(communes)],
            capacity=60,
            latitude=communes[n % len(communes)].latitude,
            longitude=communes[n % len(communes)].longitude,
            opening_hours="Mo-Fr 07:30-18:30",
            joins_single_desk=True,
        )
        for n in range(creches)
    )
    services.grid_publish(criteria=GRID, by=admin)
    now = timezone.now()
    households = Household.objects.bulk_create(
        Household(
            commune=rng.choice(communes),
            single_parent=(single := rng.random() < 0.15),
            parent1_activity=ParentActivity.EMPLOYED,
            parent2_activity=""
            if single
            else rng.choice([ParentActivity.EMPLOYED, ParentActivity.JOB_SEEKING]),
            annual_resources=rng.randint(12_000, 90_000),
            dependent_children=1,
            phone=f"06{n:08d}",
        )
        for n in range(dossiers)
    )
    applications = Application.objects.bulk_create(
        Application(
            reference=f"GU-B-{n:06d}",
            household=h,
            status=Status.COMPLETE,
            wished_start_date=dt.date(2027, 9, 1),
            days=rng.choice(WEEKS),
            start_minute=8 * 60,
            end_minute=17 * 60,
            channel=Channel.ONLINE,
            submitted_at=now - dt.timedelta(days=rng.randint(20, 400)),
        )
        for n, h in enumerate(households)
    )
    ApplicationChild.objects.bulk_create(
        ApplicationChild(
            application=a,
            first_name="",
            birth_date=dt.date(2024, 10, 1) + dt.timedelta(days=rng.randint(0, 700)),
        )
        for a in applications
    )
    ApplicationChoice.objects.bulk_create(
        ApplicationChoice(application=a, establishment=e, rank=rank)
        for a in applications
        for rank, e in enumerate(rng.sample(establishments, rng.randint(1, 3)), start=1)
    )
    StatusChange.objects.bulk_create(
        StatusChange(
            application=a,
            from_status=Status.SUBMITTED,
            to_status=Status.COMPLETE,
            at=now - dt.timedelta(days=10),
        )
        for a in applications
    )
    session = CommissionSession.objects.create(
        date=dt.date(2027, 3, 8),
        data_freeze_date=dt.date(2027, 2, 22),
        answer_date=dt.date(2027, 3, 15),
    )
    deliberation = Deliberation.objects.create(
        session=session, start_date=dt.date(2027, 9, 1), president=president, lottery_seed="banc"
    )
    deliberation.members.set([president])
    for establishment in establishments:
        for section in ("babies", "middle", "older"):
            seats = rng.randint(1, 6)
            services.seat_unit_set(
                deliberation=deliberation,
                establishment=establishment,
                section=section,
                capacity=(seats,) * 5,
                by=None,
            )
    return deliberation, president, admin


def letters_digest(deliberation) -> tuple[str, int]:
    from sppe.allocation import letters

    digest = hashlib.sha256()
    count = 0
    for application, pdf in letters.session_letters(deliberation):
        digest.update(application.reference.encode())
        digest.update(pdf)
        count += 1
    return digest.hexdigest(), count


class Timings(dict):
    """Step durations, each printed as soon as it is known."""

    def __setitem__(self, name, seconds):
        super().__setitem__(name, seconds)
        print(f"  {name:<48} {seconds:8.2f} s", flush=True)


def busy():
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time\nend=time.time()+900\n"
            "while time.time()<end: sum(i*i for i in range(10000))",
        ]
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=SCALES, default="montreuil")
    parser.add_argument("--dossiers", type=int)
    parser.add_argument("--creches", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-letters", action="store_true")
    args = parser.parse_args()
    dossiers, creches = SCALES[args.scale]
    dossiers, creches = args.dossiers or dossiers, args.creches or creches
    with tempfile.TemporaryDirectory() as data_dir:
        database = os.environ.get("DATABASE_URL")
        setup_django(database, data_dir)
        from django.db import connection

        from sppe.allocation import services

        print(f"{connection.vendor}: {dossiers} dossiers, {creches} crèches × 3 sections")
        started = time.perf_counter()
        deliberation, president, admin = build(dossiers, creches, args.seed)
        print(f"data written in {time.perf_counter() - started:.1f} s")
        timings = Timings()
        started = time.perf_counter()
        services.deliberation_freeze(deliberation=deliberation, by=admin)
        timings["freeze (points)"] = time.perf_counter() - started
        started = time.perf_counter()
        services.deliberation_run(deliberation=deliberation, by=president)
        timings["run (engine, verifier, explanations, stored)"] = time.perf_counter() - started
        deliberation.refresh_from_db()
        proposal = hashlib.sha256(json.dumps(deliberation.proposal, sort_keys=True).encode())
        explained = hashlib.sha256(json.dumps(deliberation.explanations, sort_keys=True).encode())
        quiet = (proposal.hexdigest(), explained.hexdigest())
        with_load = busy()
        try:
            started = time.perf_counter()
            services.deliberation_run(deliberation=deliberation, by=president)
            timings["run again beside a CPU-bound process"] = time.perf_counter() - started
        finally:
            with_load.kill()
        deliberation.refresh_from_db()
        busy_run = (
            hashlib.sha256(json.dumps(deliberation.proposal, sort_keys=True).encode()).hexdigest(),
            hashlib.sha256(
                json.dumps(deliberation.explanations, sort_keys=True).encode()
            ).hexdigest(),
        )
        started = time.perf_counter()
        services.deliberation_validate(deliberation=deliberation, by=president)
        timings["validation (offers, fees, messages)"] = time.perf_counter() - started
        deliberation.refresh_from_db()
        session_total = sum(v for k, v in timings.items() if "again" not in k)
        if not args.skip_letters:
            started = time.perf_counter()
            letters_quiet, count = letters_digest(deliberation)
            timings[f"{count} decision letters (PDF)"] = time.perf_counter() - started
            with_load = busy()
            try:
                started = time.perf_counter()
                letters_busy, _count = letters_digest(deliberation)
                timings["letters again beside a CPU-bound process"] = time.perf_counter() - started
            finally:
                with_load.kill()
        report = deliberation.report
        print(
            f"engine: {deliberation.engine_method} ({deliberation.engine_status}), "
            f"{report['placed']} placed of {report['n_children']}, "
            f"justified envy {report['blocking_count']}"
        )
        print(f"  {'session (freeze + run + validation)':<48} {session_total:8.2f} s")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  {'peak memory':<48} {peak:8.0f} MB")
        print(
            f"proposal sha256   quiet {quiet[0][:16]}…  beside a busy core {busy_run[0][:16]}…"
            f"  {'identical' if quiet == busy_run else 'DIFFERENT'}"
        )
        if not args.skip_letters:
            same = "identical" if letters_quiet == letters_busy else "DIFFERENT"
            print(
                f"letters  sha256   quiet {letters_quiet[:16]}…  beside a busy core "
                f"{letters_busy[:16]}…  {same}"
            )


if __name__ == "__main__":
    main()
