from django.core.management.base import BaseCommand

from sppe.relais.events.services import registrations_ask_satisfaction


class Command(BaseCommand):
    help = "Demande leur avis aux personnes venues aux animations du relais (chaque jour)."

    def handle(self, *args, **options):
        self.stdout.write(f"Avis demandés : {registrations_ask_satisfaction()}")
