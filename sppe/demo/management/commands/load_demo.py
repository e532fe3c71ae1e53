from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sppe.demo.commission import load_demo_commission
from sppe.demo.desk import desk_counts, load_demo_desk
from sppe.demo.observatory import load_demo_observatory
from sppe.demo.offers import load_demo_offer
from sppe.demo.relais import load_demo_relais
from sppe.demo.steering import load_demo_steering
from sppe.demo.territory import ACCOUNTS, DEMO_PASSWORD, DemoDataError, load_demo_territory
from sppe.information.demo import load_demo_information


class Command(BaseCommand):
    help = (
        "Charge l'instance de démonstration (CC de Vie et Boulogne), ses comptes et son "
        "offre d'accueil, ses informations, son guichet unique et sa commission "
        "d'attribution. Idempotent : une seconde exécution rafraîchit les mêmes données."
    )

    def handle(self, *args, **options):
        if not settings.DEMO:
            raise CommandError(
                "Cette instance n'est pas une démonstration : load_demo remplacerait son "
                "territoire et créerait des comptes au mot de passe public. Pour une "
                "démonstration, lancez scripts/demo ou définissez SPPE_DEMO=1."
            )
        try:
            territory = load_demo_territory()
            offer = load_demo_offer()
            load_demo_information()
            desk = load_demo_desk()
            commission = load_demo_commission()
            # The desk as the commission left it (offers, families kept on the list).
            desk.by_status = desk_counts(territory)
            relais = load_demo_relais()
            observatory = load_demo_observatory()
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
        for line in commission.lines() if commission else ():
            self.stdout.write(line)
        for line in relais.lines() if relais else []:
            self.stdout.write(line)
        for line in observatory.lines():
            self.stdout.write(line)
        for line in steering.lines():
            self.stdout.write(line)
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for account in ACCOUNTS:
            self.stdout.write(f"  {account.role.label:<32} {account.email}")
