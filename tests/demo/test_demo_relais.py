"""The demo's relais: a year of appointments and contacts, made through the services."""

import datetime as dt

import pytest
from django.db.models import Count
from django.utils import timezone

from sppe.demo.relais import load_demo_relais
from sppe.demo.territory import VIE_ET_BOULOGNE_SIREN, load_demo_territory
from sppe.relais.enums import EventKind, PersonKind
from sppe.relais.models import (
    Appointment,
    Contact,
    Event,
    JobOfferDiffusion,
    Registration,
    Resource,
    Slot,
)
from tests.factories import CommuneFactory, EpciFactory
from tests.offers.factories import AvailabilityFactory, ChildminderFactory

from .test_offers import STAND_INS

NOW = timezone.make_aware(dt.datetime(2026, 10, 5, 8, 30))


@pytest.fixture
def demo_relais(db, time_machine):
    time_machine.move_to(NOW, tick=False)
    epci = EpciFactory(siren=VIE_ET_BOULOGNE_SIREN, name="CC de Vie et Boulogne")
    for index, (code, name, population) in enumerate(STAND_INS):
        # About 5 km between neighbours, as in the EPCI.
        place = {"latitude": 46.6 + index % 4 * 0.045, "longitude": -1.8 + index // 4 * 0.065}
        commune = CommuneFactory(
            insee_code=code, name=name, population=population, epci=epci, **place
        )
        for childminder in ChildminderFactory.create_batch(population // 500 + 2, commune=commune):
            AvailabilityFactory(childminder=childminder, available_from=dt.date(2025, 6, 1))
    load_demo_territory()
    return load_demo_relais(now=NOW)


def test_a_year_of_the_relais_at_the_scale_of_document_003_loaded_once(demo_relais):
    report = demo_relais
    assert report.places == 3
    assert 700 <= report.slots <= 900
    assert 350 <= report.appointments <= 500
    assert 15 <= report.cancelled <= 60
    assert 30 <= report.upcoming <= 120
    assert 1_050 <= report.contacts <= 1_300
    families = Contact.objects.filter(person_kind=PersonKind.FAMILY).count()
    assert 700 <= families <= 950
    # Every commune of the EPCI shows up in the log.
    assert Contact.objects.values("commune").distinct().count() == 15
    # Matinées d'éveil twice a week across the communes, evenings and trainings; about
    # 110 different childminders come.
    assert 100 <= report.events <= 160
    assert (
        Event.objects.filter(kind=EventKind.MATINEE).values("place__commune").distinct().count()
        == 15
    )
    attended = Registration.objects.filter(attended=True)
    assert 80 <= attended.values("email").distinct().count() <= 110
    assert 400 <= report.registrations <= 1_000
    rated = attended.filter(satisfaction__isnull=False)
    assert 8.0 <= sum(rated.values_list("satisfaction", flat=True)) / rated.count() <= 8.8
    # 185 parents' job offers, each sent only to the childminders who fit, some answered.
    assert report.job_offers == 185
    diffusions = JobOfferDiffusion.objects.all()
    assert diffusions.count() >= 185
    assert diffusions.filter(answered_at__isnull=False).count() >= 50
    # The library, updated every quarter.
    assert Resource.objects.count() == 11
    # No slot in the summer closure, no slot held twice.
    august = dt.date(2026, 8, 3)
    closed = Slot.objects.filter(
        starts_at__date__gte=august, starts_at__date__lte=august + dt.timedelta(days=20)
    )
    assert not closed.exists()
    live = Appointment.objects.filter(cancelled_at__isnull=True)
    assert not live.values("slot").annotate(n=Count("pk")).filter(n__gt=1).exists()
    # A second load leaves the same data.
    assert load_demo_relais(now=NOW) == report
