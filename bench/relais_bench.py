"""Figures of the relais on the loaded database (run `manage.py load_demo` first).

    .venv/bin/python bench/relais_bench.py                   # the demo as it is
    .venv/bin/python bench/relais_bench.py --contacts 50000  # add contacts up to 50,000

Prints the booking pages' times (in-process test client, 50 requests each, median and
p95), the job-offer matching time of 20 offers, and the yearly report's time for the
whole territory. `--contacts` bulk-inserts generated contacts of the past year (not
through the services: it is load, not history) so that the report reads that many.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sppe.settings")
    os.environ.setdefault("SPPE_DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(int(len(times) * 0.95) - 1, 0)]


def add_contacts(target):
    import datetime as dt

    from django.utils import timezone

    from sppe.accounts.models import User
    from sppe.relais.enums import ContactChannel, Orientation, PersonKind
    from sppe.relais.models import Contact, Theme
    from sppe.territories.models import Territory

    territory = Territory.objects.current()
    communes = list(territory.communes.all())
    themes = list(Theme.objects.all())
    agent = User.objects.filter(role="agent").first()
    rng = random.Random(1)
    missing = target - Contact.objects.count()
    today = timezone.localdate()
    batch = []
    for _ in range(max(missing, 0)):
        batch.append(
            Contact(
                occurred_on=today - dt.timedelta(days=rng.randrange(365)),
                agent=agent,
                person_kind=rng.choice(PersonKind.values),
                commune=rng.choice(communes),
                channel=rng.choice(ContactChannel.values),
                duration_minutes=10,
                orientation=rng.choice(Orientation.values),
                created_at=timezone.now(),
            )
        )
    created = Contact.objects.bulk_create(batch, batch_size=2000)
    through = Contact.themes.through
    through.objects.bulk_create(
        [through(contact_id=c.pk, theme_id=rng.choice(themes).pk) for c in created],
        batch_size=5000,
    )
    return len(created)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=0)
    args = parser.parse_args()
    setup()
    from django.test import Client
    from django.utils import timezone

    from sppe.accounts.models import User
    from sppe.relais.appointments.services import free_slots
    from sppe.relais.jobs.matching import matching_childminders
    from sppe.relais.models import Contact, JobOffer
    from sppe.relais.report.selectors import yearly_report
    from sppe.territories.models import Territory

    if args.contacts:
        print(f"contacts added: {add_contacts(args.contacts)}")
    territory = Territory.objects.current()
    client = Client(HTTP_HOST="127.0.0.1")
    slot = free_slots().first()
    for name, url in (
        ("booking list", "/relais/rendez-vous/"),
        ("booking form", f"/relais/rendez-vous/creneau/{slot.pk}/"),
    ):
        client.get(url)
        median, p95 = timed(lambda url=url: client.get(url), 50)
        print(f"{name:<14} median {median:6.1f} ms   p95 {p95:6.1f} ms")
    communes = list(territory.communes.all())
    offers = list(JobOffer.objects.order_by("pk")[:20])
    start = time.perf_counter()
    reached = sum(len(list(matching_childminders(o, communes))) for o in offers)
    elapsed = (time.perf_counter() - start) * 1000 / max(len(offers), 1)
    print(f"matching       {elapsed:6.1f} ms per offer ({reached} childminders for {len(offers)})")
    admin = User.objects.filter(role="territory_admin").first()
    from sppe.accounts.perms import communes_in_perimeter

    perimeter = communes_in_perimeter(admin, territory)
    year = timezone.localdate().year
    start = time.perf_counter()
    yearly_report(communes=perimeter, year=year)
    print(
        f"yearly report  {(time.perf_counter() - start) * 1000:6.1f} ms "
        f"({Contact.objects.count()} contacts in the database)"
    )


if __name__ == "__main__":
    main()
