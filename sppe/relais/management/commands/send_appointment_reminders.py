from django.core.management.base import BaseCommand

from sppe.relais.appointments.services import appointments_remind


class Command(BaseCommand):
    help = "Envoie le rappel des rendez-vous du relais de demain (à lancer chaque jour)."

    def handle(self, *args, **options):
        count = appointments_remind()
        self.stdout.write(f"Rappels envoyés : {count}")
