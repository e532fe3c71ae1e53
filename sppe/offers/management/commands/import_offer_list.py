from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sppe.offers.lists.enums import ListKind
from sppe.offers.lists.reader import ListFileError
from sppe.offers.lists.report import text_report
from sppe.offers.lists.services import (
    ApplyRefused,
    offer_list_import_apply,
    offer_list_import_preview,
)


class Command(BaseCommand):
    help = (
        "Import the AM list or the establishment list from a CSV or XLSX file: prints the "
        "preview report; with --apply, applies it when no line is in error. Exit code 1 "
        "when the file or a line is in error (then nothing is changed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=[kind.value for kind in ListKind])
        parser.add_argument("file", type=Path)
        parser.add_argument("--apply", action="store_true", help="apply the changes if clean")

    def handle(self, *args, kind, file, apply, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Impossible de lire {file} : {error.strerror}.") from None
        try:
            list_import = offer_list_import_preview(
                kind=kind, file_name=file.name, data=data, by=None
            )
        except ListFileError as error:
            raise CommandError(error.message) from None
        for line in text_report(list_import):
            self.stdout.write(line)
        if list_import.summary["counts"]["errors"]:
            raise CommandError("Le fichier contient des lignes en erreur : rien n'a été modifié.")
        if not apply:
            self.stdout.write("Aperçu seulement : relancez avec --apply pour appliquer.")
            return
        try:
            result = offer_list_import_apply(list_import=list_import, by=None)
        except ApplyRefused as refused:
            raise CommandError(refused.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Appliqué : {result.created} créé(s), {result.updated} modifié(s), "
                f"{result.unchanged} inchangé(s)."
            )
        )
