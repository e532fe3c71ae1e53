"""The demo offer of the CC de Vie et Boulogne (document 003), at its documented size."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count, ProtectedError, QuerySet, Sum

from sppe.accounts.enums import Role
from sppe.accounts.models import User
from sppe.demo.generator import STALE_AFTER_DAYS
from sppe.demo.offers import (
    DEMO_CHILDMINDER_AGREMENT,
    DEMO_CHILDMINDER_EMAIL,
    build_demo_offer,
    load_demo_offer,
)
from sppe.demo.territory import CRECHE_OPERATOR_NAME, DemoDataError
from sppe.offers.enums import EstablishmentKind, Funding, ManagerType
from sppe.offers.models import Availability, Childminder, Establishment, Mam, Section
from sppe.territories.enums import OrganisationKind
from sppe.territories.french_data import import_french_territory
from sppe.territories.models import Commune
from tests.factories import CommuneFactory, OrganisationFactory, TerritoryFactory, UserFactory

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
# Stand-ins for the 15 communes: real INSEE codes and orders of magnitude, so that the
# fast tests need not import all of France.
STAND_INS = [
    ("85003", "Aizenay", 10_365),
    ("85006", "Apremont", 2_108),
    ("85015", "Beaufou", 1_683),
    ("85019", "Bellevigny", 6_240),
    ("85086", "Falleron", 1_725),
    ("85102", "Grand'Landes", 725),
    ("85055", "La Chapelle-Palluau", 1_124),
    ("85098", "La Genétouze", 2_011),
    ("85178", "Le Poiré-sur-Vie", 8_649),
    ("85129", "Les Lucs-sur-Boulogne", 3_701),
    ("85130", "Maché", 1_831),
    ("85169", "Palluau", 1_128),
    ("85208", "Saint-Denis-la-Chevasse", 2_419),
    ("85260", "Saint-Paul-Mont-Penit", 880),
    ("85210", "Saint-Étienne-du-Bois", 2_311),
]


@pytest.fixture
def demo_territory(db):
    communes = [
        CommuneFactory(
            insee_code=code,
            name=name,
            population=population,
            latitude=46.7 + index * 0.01,
            longitude=-1.6 + index * 0.01,
        )
        for index, (code, name, population) in enumerate(STAND_INS)
    ]
    territory = TerritoryFactory(name="CC de Vie et Boulogne", communes=communes)
    OrganisationFactory(
        name=CRECHE_OPERATOR_NAME, kind=OrganisationKind.CRECHE_OPERATOR, communes=communes[:1]
    )
    UserFactory(
        email=DEMO_CHILDMINDER_EMAIL,
        role=Role.CHILDMINDER,
        first_name="Sophie",
        last_name="Bernard",
    )
    return territory


def assert_documented_size(communes):
    """Document 003's totals, every commune served, stale and fresh availabilities."""
    ams = Childminder.objects.all()
    assert ams.count() == 312
    assert ams.aggregate(total=Sum("places"))["total"] == 1092
    assert set(ams.values_list("places", flat=True)) <= {1, 2, 3, 4}
    assert Mam.objects.count() == 12
    for mam in Mam.objects.annotate(members=Count("childminders")):
        assert 2 <= mam.members <= 4
    public = Establishment.objects.filter(manager_type=ManagerType.PUBLIC)
    assert public.count() == 3
    assert set(public.values_list("commune__name", flat=True)) == {
        "Aizenay",
        "Bellevigny",
        "Le Poiré-sur-Vie",
    }
    assert set(public.values_list("funding", flat=True)) == {Funding.PSU}
    assert all(e.sections.count() == 3 for e in public)
    micro = Establishment.objects.filter(
        kind=EstablishmentKind.MICRO_CRECHE, manager_type=ManagerType.PRIVATE
    )
    assert micro.count() == 11 == Establishment.objects.count() - 3
    for creche in micro:
        assert creche.funding == Funding.PAJE
        assert Decimal("8") <= creche.hourly_price <= Decimal("12")
        assert 10 <= creche.capacity <= 12
        assert [s.name for s in creche.sections.all()] == ["Section mixte"]
    assert len(set(Establishment.objects.values_list("name", flat=True))) == 14
    served = set(ams.values_list("commune_id", flat=True))
    assert served == {commune.pk for commune in communes}

    cutoff = NOW - dt.timedelta(days=STALE_AFTER_DAYS)
    availabilities = Availability.objects.filter(childminder__isnull=False)
    assert availabilities.filter(updated_at__lt=cutoff).exists()
    assert availabilities.filter(updated_at__gte=cutoff).exists()
    assert 70 < availabilities.values("childminder").distinct().count() < 140
    assert Availability.objects.filter(section__isnull=False).exists()


def assert_demo_accounts_own_their_records():
    am = Childminder.objects.get(user__isnull=False)
    assert am.agrement_number == DEMO_CHILDMINDER_AGREMENT
    assert am.user.email == am.email == DEMO_CHILDMINDER_EMAIL
    assert (am.first_name, am.last_name) == (am.user.first_name, am.user.last_name)
    assert am.availabilities.exists()
    assert NOW - am.availability_updated_at < dt.timedelta(days=STALE_AFTER_DAYS)
    aizenay = Establishment.objects.get(manager_type=ManagerType.PUBLIC, commune__name="Aizenay")
    assert aizenay.organisation.name == CRECHE_OPERATOR_NAME
    assert Establishment.objects.filter(organisation__isnull=False).count() == 1


def test_demo_offer_has_the_documented_size(demo_territory):
    report = load_demo_offer(now=NOW)
    assert (report.childminders, report.places, report.mams) == (312, 1092, 12)
    assert (report.public_establishments, report.micro_creches) == (3, 11)
    assert 0 < report.stale < report.availabilities
    assert_documented_size(demo_territory.communes.all())
    assert_demo_accounts_own_their_records()


def test_reload_updates_in_place_and_keeps_hand_made_offer(demo_territory):
    load_demo_offer(now=NOW)
    keys = {
        model: dict(model.objects.values_list("pk", key))
        for model, key in [
            (Childminder, "agrement_number"),
            (Establishment, "external_id"),
            (Mam, "external_id"),
        ]
    }
    sections = set(Section.objects.values_list("pk", flat=True))
    aizenay = demo_territory.communes.get(insee_code="85003")
    hand_made = Childminder.objects.create(
        agrement_number="PMI-85-0042",
        first_name="Léa",
        last_name="Roy",
        places=2,
        commune=aizenay,
    )
    Childminder.objects.filter(agrement_number="VB-AM-000010").delete()
    Childminder.objects.create(
        agrement_number="VB-AM-999999",
        first_name="Old",
        last_name="Row",
        places=1,
        commune=aizenay,
    )
    Establishment.objects.filter(external_id="VB-EAJE-00001").update(name="Renamed")

    report = load_demo_offer(now=NOW + dt.timedelta(days=1))

    assert report.childminders == 312 and report.places == 1092
    assert Childminder.objects.filter(pk=hand_made.pk).exists()
    assert not Childminder.objects.filter(agrement_number="VB-AM-999999").exists()
    assert Childminder.objects.filter(agrement_number="VB-AM-000010").exists()
    assert dict(Establishment.objects.values_list("pk", "external_id")) == keys[Establishment]
    assert dict(Mam.objects.values_list("pk", "external_id")) == keys[Mam]
    assert set(Section.objects.values_list("pk", flat=True)) == sections
    assert Establishment.objects.get(external_id="VB-EAJE-00001").name != "Renamed"
    kept = {pk for pk, key in keys[Childminder].items() if key != "VB-AM-000010"}
    assert kept <= set(Childminder.objects.values_list("pk", flat=True))
    assert Childminder.objects.exclude(pk=hand_made.pk).count() == 312


def test_the_demo_account_takes_its_record_back(demo_territory):
    user = User.objects.get(email=DEMO_CHILDMINDER_EMAIL)
    aizenay = demo_territory.communes.get(insee_code="85003")
    other = Childminder.objects.create(
        agrement_number="PMI-85-0007",
        first_name="A",
        last_name="B",
        places=1,
        commune=aizenay,
        user=user,
    )
    load_demo_offer(now=NOW)
    other.refresh_from_db()
    assert other.user is None
    assert Childminder.objects.get(user=user).agrement_number == DEMO_CHILDMINDER_AGREMENT


def test_the_demo_offer_is_deterministic(demo_territory):
    from sppe.demo.generator import CommuneInfo
    from sppe.territories.models import Organisation

    communes = CommuneInfo.from_queryset(demo_territory.communes.all())
    operator = Organisation.objects.get(name=CRECHE_OPERATOR_NAME)

    def snapshot():
        offer = build_demo_offer(communes, creche_operator=operator, now=NOW)
        return [
            (am.agrement_number, am.first_name, am.places, am.latitude, am.opening_hours)
            for am in offer.childminders
        ] + [(a.places, a.available_from, a.days, a.updated_at) for a in offer.availabilities]

    assert snapshot() == snapshot()


def test_demo_offer_needs_the_territory_and_the_operator(db):
    with pytest.raises(DemoDataError, match="territoire de démonstration"):
        load_demo_offer(now=NOW)
    TerritoryFactory(communes=[CommuneFactory(insee_code="85003")])
    with pytest.raises(DemoDataError, match=CRECHE_OPERATOR_NAME):
        load_demo_offer(now=NOW)
    OrganisationFactory(name=CRECHE_OPERATOR_NAME, kind=OrganisationKind.CRECHE_OPERATOR)
    with pytest.raises(DemoDataError, match="85178"):
        load_demo_offer(now=NOW)
    assert not Childminder.objects.exists() and not Establishment.objects.exists()


@pytest.mark.slow
def test_load_demo_on_the_real_communes_twice(db, capsys, monkeypatch):
    import_french_territory(decoupage_dir=settings.DECOUPAGE_ADMINISTRATIF_DIR)
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    call_command("load_demo")
    first = capsys.readouterr().out
    pks = set(Establishment.objects.values_list("pk", flat=True))
    call_command("load_demo")
    second = capsys.readouterr().out

    assert "Assistants maternels : 312 (1092 places agréées)" in first
    assert "MAM : 12" in first and "Micro-crèches privées : 11" in first
    assert first == second
    assert set(Establishment.objects.values_list("pk", flat=True)) == pks
    communes = Commune.objects.filter(epci__siren="200072882")
    assert communes.count() == 15
    assert_documented_size(communes)
    assert_demo_accounts_own_their_records()
    manager = User.objects.get(role=Role.CRECHE_MANAGER)
    assert manager.organisation.establishments.get().commune.name == "Aizenay"


def test_reload_stops_when_dossiers_hold_a_vanished_demo_creche(demo_territory, monkeypatch):
    load_demo_offer(now=NOW)
    aizenay = demo_territory.communes.get(insee_code="85003")
    vanished = Establishment.objects.create(
        external_id="VB-EAJE-99999",
        name="Ancienne crèche",
        kind=EstablishmentKind.MULTI_ACCUEIL,
        manager_type=ManagerType.PUBLIC,
        funding=Funding.PSU,
        address="1 rue du Bourg",
        postal_code="85190",
        capacity=20,
        commune=aizenay,
    )
    original_delete = QuerySet.delete

    def protected_delete(queryset):
        if queryset.model is Establishment:
            raise ProtectedError("dossiers", set())
        return original_delete(queryset)

    monkeypatch.setattr(QuerySet, "delete", protected_delete)
    with pytest.raises(DemoDataError, match="dossiers"):
        load_demo_offer(now=NOW + dt.timedelta(days=1))
    assert Establishment.objects.filter(pk=vanished.pk).exists()
    assert Childminder.objects.count() == 312
