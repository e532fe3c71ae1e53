from django.core.management.base import BaseCommand, CommandError

from sppe.demo.territory import ACCOUNTS, DEMO_PASSWORD, DemoDataError, load_demo_territory


class Command(BaseCommand):
    help = "Charge l'instance de démonstration (CC de Vie et Boulogne) et ses comptes. Idempotent."

    def handle(self, *args, **options):
        try:
            territory = load_demo_territory()
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Territoire de démonstration : {territory.name} "
                f"({territory.communes.count()} communes)"
            )
        )
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for account in ACCOUNTS:
            self.stdout.write(f"  {account.role.label:<32} {account.email}")
