from django.conf import settings
from django.core.management.base import BaseCommand

from sppe.offers.geocoding import BanGeocoder
from sppe.offers.services import childminders_locate


class Command(BaseCommand):
    help = (
        "Place the childminders who consent to publish their address at that address (Base "
        "Adresse Nationale); the others at the centre of their commune."
    )

    def handle(self, *args, **options):
        report = childminders_locate(
            geocoder=BanGeocoder(settings.BAN_URL, timeout=settings.BAN_TIMEOUT)
        )
        self.stdout.write(
            f"{report.located} located at their address, {report.not_found} not found "
            f"(left at the centre of their commune), {report.back_to_commune} put back at the "
            "centre of their commune (no consent)."
        )
        if report.unreachable:
            self.stderr.write("The Base Adresse Nationale could not be reached: run it again.")
