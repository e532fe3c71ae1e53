"""Generate a department- or national-scale offer, for load tests and benchmarks.

    manage.py generate_offer --scale department --department 50   # the Manche network
    manage.py generate_offer --scale national --clear             # ~230,000 AM, 17,000 EAJE

The Manche figures come from document 004 (70 crèches, 84 MAM, 2,635 AM); another
department gets the Manche's offer per inhabitant. The national figures are the
orders of magnitude of France (about 230,000 AM and 17,000 EAJE), with MAM at the
Manche's ratio of MAM to AM.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from sppe.demo.generator import (
    MANCHE_CHILDMINDERS,
    MANCHE_ESTABLISHMENTS,
    MANCHE_MAMS,
    CommuneInfo,
    GenerationError,
    ScalePlan,
    generate_scaled_offer,
    national_plan,
    offer_clear,
    offer_in_scope,
    scaled_plan,
)
from sppe.territories.models import Commune, Department

MANCHE_CODE = "50"
DEFAULT_SEED = 2026


def department_plan(code: str, factor: float) -> ScalePlan:
    counts = (MANCHE_CHILDMINDERS, MANCHE_MAMS, MANCHE_ESTABLISHMENTS)
    if code != MANCHE_CODE:
        manche = Commune.objects.filter(department__code=MANCHE_CODE)
        manche_population = manche.aggregate(total=Sum("population"))["total"]
        population = Commune.objects.filter(department__code=code).aggregate(
            total=Sum("population")
        )["total"]
        if not manche_population or not population:
            raise CommandError(
                "Populations inconnues : chargez d'abord les communes (import_communes)."
            )
        counts = tuple(round(count * population / manche_population) for count in counts)
    return scaled_plan(counts, factor, key_prefix=f"D{code}")


class Command(BaseCommand):
    help = (
        "Génère une offre d'accueil fictive à l'échelle d'un département ou de la France "
        "(assistants maternels, MAM, établissements), pour les tests de charge."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["department", "national"], required=True)
        parser.add_argument("--department", help="Code du département, par exemple 50.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--factor",
            type=float,
            default=1.0,
            help="Réduit ou agrandit l'offre (0,01 = 1 %%), pour un essai rapide.",
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help="Supprime d'abord l'offre existante du périmètre (département ou France).",
        )

    def handle(self, *args, scale, department, seed, factor, clear, **options):
        if not 0 < factor <= 10:
            raise CommandError("Le facteur doit être compris entre 0 (exclu) et 10.")
        started = time.perf_counter()
        if scale == "department":
            if not department:
                raise CommandError(
                    "Indiquez le département avec --department (par exemple --department 50)."
                )
            if not Department.objects.filter(code=department).exists():
                raise CommandError(
                    f"Département inconnu : {department}. Vérifiez le code ou chargez "
                    "d'abord les communes (import_communes)."
                )
            communes = Commune.objects.filter(department__code=department)
            plan = department_plan(department, factor)
            label = f"département {department}"
        else:
            if department:
                raise CommandError("--department ne s'utilise qu'avec --scale department.")
            communes = Commune.objects.all()
            plan = national_plan(factor)
            label = "France entière"
        scope = department if scale == "department" else None

        existing = offer_in_scope(department_code=scope)
        if any(existing.values()):
            if not clear:
                raise CommandError(
                    f"Le périmètre ({label}) contient déjà une offre : "
                    f"{existing['childminders']} assistants maternels, {existing['mams']} MAM, "
                    f"{existing['establishments']} établissements. Relancez avec --clear "
                    "pour la remplacer."
                )
            try:
                deleted = offer_clear(department_code=scope)
            except GenerationError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                f"Offre supprimée : {deleted['childminders']} assistants maternels, "
                f"{deleted['mams']} MAM, {deleted['establishments']} établissements "
                f"({time.perf_counter() - started:.1f} s)."
            )

        infos = CommuneInfo.from_queryset(communes)
        self.stdout.write(
            f"Génération ({label}, {len(infos)} communes, graine {seed}) : "
            f"{plan.childminders} assistants maternels, {plan.mams} MAM, "
            f"{plan.establishments} établissements…"
        )
        generating = time.perf_counter()

        def progress(report):
            elapsed = time.perf_counter() - generating
            self.stdout.write(
                f"  {report.childminders} assistants maternels écrits ({elapsed:.1f} s)"
            )

        try:
            report = generate_scaled_offer(
                communes=infos, plan=plan, seed=seed, now=timezone.now(), progress=progress
            )
        except GenerationError as exc:
            raise CommandError(str(exc)) from exc
        with connection.cursor() as cursor:
            # Planner statistics after a bulk load (autovacuum may be off or late).
            cursor.execute("ANALYZE")
        seconds = time.perf_counter() - generating
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.childminders} assistants maternels ({report.places} places), "
                f"{report.mams} MAM, {report.establishments} établissements "
                f"({report.sections} sections), {report.availabilities} disponibilités "
                f"en {seconds:.1f} s (total {time.perf_counter() - started:.1f} s)."
            )
        )
