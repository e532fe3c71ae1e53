"""Re-check a commission session: nobody passed over except by the listed overrides.

manage.py verify_session commission-2027-03-08.json   # a published file
manage.py verify_session --session 12                 # a validated session of this instance
"""

import json

from django.core.management.base import BaseCommand, CommandError

from sppe.allocation import selectors, services
from sppe.allocation.engine import export


class Command(BaseCommand):
    help = (
        "Vérifie une séance de la commission (fichier JSON publié ou séance validée) : "
        "aucun enfant dépassé sans dérogation listée, aucune violation, cascades comprises."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="fichier JSON publié")
        parser.add_argument("--session", type=int, help="numéro d'une séance validée")
        parser.add_argument(
            "--rerun-engine", action="store_true", help="recalculer aussi la proposition du moteur"
        )

    def handle(self, *args, **options):
        if bool(options["file"]) == bool(options["session"]):
            raise CommandError("Donnez un fichier JSON ou --session, l'un ou l'autre.")
        if options["session"]:
            try:
                deliberation = selectors.published(options["session"])
            except Exception as exc:
                raise CommandError("Aucune séance validée sous ce numéro.") from exc
            document = services.session_document(deliberation)
        else:
            try:
                with open(options["file"], encoding="utf-8") as handle:
                    document = json.load(handle)
            except (OSError, ValueError) as exc:
                raise CommandError(f"Fichier illisible : {exc}") from exc
        try:
            check = export.verify_session(document, rerun_engine=options["rerun_engine"])
        except export.FormatError as exc:
            raise CommandError(f"Document invalide : {exc}") from exc
        self.stdout.write(check.text())
        if not check.ok:
            raise CommandError("La séance ne se vérifie pas : voir le rapport ci-dessus.")
