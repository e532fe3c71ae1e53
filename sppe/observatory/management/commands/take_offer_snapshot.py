import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from sppe.observatory.services import ObservatoryError, snapshot_take


class Command(BaseCommand):
    help = (
        "Photographie l'offre d'accueil du territoire à une date de référence (aujourd'hui "
        "par défaut) pour l'observatoire. Idempotent : la même date donne les mêmes lignes. "
        "À lancer chaque 31 décembre (voir docs/observatory.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="date de référence AAAA-MM-JJ (31 jours au plus)")

    def handle(self, *args, date=None, **options):
        try:
            reference_date = dt.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError("Date attendue au format AAAA-MM-JJ.") from exc
        try:
            snapshot = snapshot_take(reference_date=reference_date)
        except ObservatoryError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Offre photographiée au {snapshot.reference_date:%d/%m/%Y} : "
                f"{snapshot.lines.count()} lieux d'accueil."
            )
        )
