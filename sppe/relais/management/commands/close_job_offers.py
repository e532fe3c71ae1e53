from django.core.management.base import BaseCommand

from sppe.relais.jobs.services import job_offers_close_expired


class Command(BaseCommand):
    help = "Ferme les offres d'emploi des parents dont la diffusion est finie (chaque jour)."

    def handle(self, *args, **options):
        self.stdout.write(f"Offres closes : {job_offers_close_expired()}")
