from django.core.management.base import BaseCommand, CommandError

from sppe.demo.desk import load_demo_desk
from sppe.demo.offers import load_demo_offer
from sppe.demo.steering import load_demo_steering
from sppe.demo.territory import ACCOUNTS, DEMO_PASSWORD, DemoDataError, load_demo_territory
from sppe.information.demo import load_demo_information


class Command(BaseCommand):
    help = (
        "Charge l'instance de démonstration (CC de Vie et Boulogne), ses comptes et son "
        "offre d'accueil, ses informations et son guichet unique. Idempotent : une "
        "seconde exécution rafraîchit les mêmes données."
    )

    def handle(self, *args, **options):
        try:
            territory = load_demo_territory()
            offer = load_demo_offer()
            load_demo_information()
            desk = load_demo_desk()
            steering = load_demo_steering()
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Territoire de démonstration : {territory.name} "
                f"({territory.communes.count()} communes)"
            )
        )
        self.stdout.write("Offre d'accueil de démonstration :")
        for line in offer.lines():
            self.stdout.write(f"  {line}")
        for line in desk.lines():
            self.stdout.write(line)
        for line in steering.lines():
            self.stdout.write(line)
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for account in ACCOUNTS:
            self.stdout.write(f"  {account.role.label:<32} {account.email}")
