from django.core.management.base import BaseCommand

from sppe.notifications.services import messages_deliver_due


class Command(BaseCommand):
    help = (
        "Envoie les messages (e-mails, SMS) en attente dont la tentative est due : "
        "ceux que le serveur de messagerie a refusés ou que la file de tâches a perdus. "
        "À lancer chaque minute (cron ou tâche planifiée)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="Au plus N messages.")

    def handle(self, *args, limit, **options):
        counts = messages_deliver_due(limit=limit)
        self.stdout.write(
            f"{counts['sent']} envoyé(s), {counts['pending']} à réessayer, "
            f"{counts['failed']} en échec définitif."
        )
