from django.core.management.base import BaseCommand

from sppe.information.services import printed_guide_generate


class Command(BaseCommand):
    help = "Génère le guide petite enfance (PDF) à partir des données actuelles."

    def handle(self, *args, **options):
        guide = printed_guide_generate(user=None)
        self.stdout.write(f"Guide généré : {guide.file.name} ({guide.size} octets)")
