"""Snapshots of the offer: what they store, idempotence, dates refused."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sppe.observatory import services
from sppe.observatory.models import Snapshot, SnapshotLine
from sppe.offers.enums import Funding
from sppe.offers.models import HomeCareProvider

from ..factories import CommuneFactory
from ..offers.factories import ChildminderFactory, EstablishmentFactory, MamFactory

TODAY = dt.date(2026, 12, 31)


@pytest.fixture
def offer(territory):
    alpha, beta, _gamma = territory.communes.order_by("insee_code")
    EstablishmentFactory(commune=alpha, capacity=24, funding=Funding.PSU)
    EstablishmentFactory(commune=beta, capacity=10, funding=Funding.PAJE, kind="micro_creche")
    EstablishmentFactory(commune=beta, capacity=15, age_min_months=36, age_max_months=72)
    EstablishmentFactory(commune=beta, capacity=99, is_active=False)
    EstablishmentFactory(commune=CommuneFactory(), capacity=50)  # outside the territory
    ChildminderFactory(commune=alpha, places=4, birth_date=dt.date(1962, 3, 1))
    ChildminderFactory(commune=alpha, places=3, birth_date=None, age_min_months=36)
    ChildminderFactory(commune=beta, places=2, mam=MamFactory(commune=beta))
    ChildminderFactory(commune=beta, places=4, is_active=False)
    provider = HomeCareProvider.objects.create(name="Garde+", kind="provider")
    provider.communes.set([alpha, CommuneFactory()])
    return alpha, beta


def lines():
    return sorted(
        SnapshotLine.objects.values_list(
            "commune__insee_code", "mode", "places", "places_under_three", "funding", "birth_year"
        )
    )


def test_a_snapshot_stores_every_active_place_of_the_territory(offer, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 31, 20, 0, tzinfo=dt.UTC))
    alpha, beta = offer
    snapshot = services.snapshot_take()
    assert snapshot.reference_date == TODAY
    a, b = alpha.insee_code, beta.insee_code
    assert lines() == sorted(
        [
            (a, "eaje", 24, 24, "psu", None),
            (b, "eaje", 10, 10, "paje", None),
            (b, "eaje", 15, 0, "psu", None),
            (a, "childminder", 4, 4, "", 1962),
            (a, "childminder", 3, 0, "", None),
            (b, "mam", 2, 2, "", None),
            (a, "home_care", 0, 0, "", None),
        ]
    )


def test_taking_it_again_the_same_day_gives_the_same_lines(offer, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 31, 10, 0, tzinfo=dt.UTC))
    services.snapshot_take()
    first = lines()
    services.snapshot_take()
    assert lines() == first
    assert Snapshot.objects.count() == 1


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(2027, 1, 1), "La date de référence ne peut pas être dans le futur."),
        (
            dt.date(2026, 11, 29),
            "L'offre d'aujourd'hui ne peut pas être enregistrée au 29 novembre 2026 : une "
            "photographie ne vaut que pour les 31 derniers jours.",
        ),
    ],
)
def test_a_past_year_is_never_rewritten(offer, time_machine, day, message):
    time_machine.move_to(dt.datetime(2026, 12, 31, 10, 0, tzinfo=dt.UTC))
    with pytest.raises(services.ObservatoryError) as error:
        services.snapshot_take(reference_date=day)
    assert error.value.message == message
    assert not Snapshot.objects.exists()


def test_the_command(offer, time_machine, capsys):
    time_machine.move_to(dt.datetime(2026, 12, 31, 10, 0, tzinfo=dt.UTC))
    call_command("take_offer_snapshot", "--date", "2026-12-30")
    assert "Offre photographiée au 30/12/2026 : 7 lieux d'accueil." in capsys.readouterr().out
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        call_command("take_offer_snapshot", "--date", "31/12/2026")
