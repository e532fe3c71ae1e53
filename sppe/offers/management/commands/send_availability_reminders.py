from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sppe.offers.services import availability_reminders_send
from sppe.territories.models import Territory


class Command(BaseCommand):
    help = (
        "Relance par e-mail les assistants maternels et établissements dont les places "
        "libres n'ont pas été confirmées à temps (au plus une fois tous les 7 jours). "
        "À lancer chaque jour (cron ou tâche planifiée)."
    )

    def handle(self, *args, **options):
        territory = Territory.objects.current()
        if territory is None:
            raise CommandError("Le territoire de cette instance n'est pas configuré.")
        sent = availability_reminders_send(territory=territory, base=settings.BASE_URL)
        self.stdout.write(f"{sent} rappel(s) mis en file d'envoi.")
