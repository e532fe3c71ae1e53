from django.core.management.base import BaseCommand

from sppe.allocation import services


class Command(BaseCommand):
    help = (
        "Tâches quotidiennes de la commission : rappel aux familles qui n'ont pas répondu "
        "à une proposition, clôture des propositions sans réponse après le délai et cascade "
        "des places libérées. Idempotent."
    )

    def handle(self, *args, **options):
        reminded = services.offers_remind_due()
        lapsed = services.offers_lapse_due()
        self.stdout.write(
            f"Rappels envoyés : {reminded} ; propositions closes sans réponse : {lapsed}."
        )
