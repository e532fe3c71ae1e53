"""The offer generator: realistic, deterministic, exact totals, bounded and fast."""

import datetime as dt
import math
import random
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, ProtectedError, QuerySet, Sum

from sppe.demo.generator import (
    AVAILABILITY_HORIZON_DAYS,
    FRESHNESS_WINDOW_DAYS,
    STALE_AFTER_DAYS,
    CommuneInfo,
    GenerationError,
    ScalePlan,
    agrement_sizes,
    apportion,
    ascii_slug,
    generate_scaled_offer,
    jitter_point,
    jitter_radius_km,
    offer_clear,
)
from sppe.offers import schedule
from sppe.offers.enums import EstablishmentKind, Funding
from sppe.offers.models import Availability, Childminder, Establishment, Mam, Section
from tests.factories import CommuneFactory, DepartmentFactory

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
PLAN = ScalePlan(childminders=120, mams=6, establishments=8, key_prefix="T")


def distance_km(lat1, lon1, lat2, lon2):
    dlat = math.radians(lat2 - lat1)
    dlon = math.radians(lon2 - lon1)
    a = (
        math.sin(dlat / 2) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(a))


@pytest.fixture
def communes(db):
    populations = [12_000, 6_000, 3_000, 1_500, 800, 150]
    for index, population in enumerate(populations):
        CommuneFactory(
            population=population, latitude=46.7 + index * 0.05, longitude=-1.6 + index * 0.04
        )
    CommuneFactory(latitude=None, longitude=None)  # without coordinates: left out
    from sppe.territories.models import Commune

    return CommuneInfo.from_queryset(Commune.objects.all())


def offer_rows():
    """Everything generated, without primary keys or write timestamps."""
    ams = list(
        Childminder.objects.order_by("agrement_number").values(
            *[
                f.attname
                for f in Childminder._meta.concrete_fields
                if f.attname not in ("id", "mam_id", "created_at", "updated_at")
            ],
            "mam__external_id",
        )
    )
    establishments = list(
        Establishment.objects.order_by("external_id").values(
            *[
                f.attname
                for f in Establishment._meta.concrete_fields
                if f.attname not in ("id", "created_at", "updated_at")
            ]
        )
    )
    mams = list(
        Mam.objects.order_by("external_id").values(
            *[f.attname for f in Mam._meta.concrete_fields if f.attname != "id"]
        )
    )
    sections = list(
        Section.objects.order_by("establishment__external_id", "name").values(
            "establishment__external_id", "name", "age_min_months", "age_max_months", "capacity"
        )
    )
    availabilities = list(
        Availability.objects.order_by(
            "childminder__agrement_number", "section__establishment__external_id"
        ).values(
            "childminder__agrement_number",
            "section__establishment__external_id",
            "section__name",
            "places",
            "available_from",
            "days",
            "age_min_months",
            "age_max_months",
            "updated_at",
        )
    )
    return ams, establishments, mams, sections, availabilities


# --- Pure helpers -------------------------------------------------------------------


def test_apportion_is_proportional_exact_and_capped():
    assert apportion(10, [1, 1, 2]) == [2, 3, 5] or sum(apportion(10, [1, 1, 2])) == 10
    shares = apportion(312, [10365, 6240, 8649, 725], minimum=1)
    assert sum(shares) == 312 and shares[0] > shares[2] > shares[1] > shares[3] >= 1
    assert apportion(5, [0, 1, 1]) in ([0, 3, 2], [0, 2, 3])
    capped = apportion(6, [100, 1, 1], caps=[2, 5, 5])
    assert capped[0] == 2 and sum(capped) == 6
    assert apportion(0, [1, 2]) == [0, 0]


def test_apportion_refuses_impossible_plans():
    with pytest.raises(GenerationError, match="au moins 2"):
        apportion(3, [1, 1], minimum=2)
    with pytest.raises(GenerationError, match="Pas assez de place"):
        apportion(10, [1, 1], caps=[2, 3])
    with pytest.raises(GenerationError, match="positifs"):
        apportion(-1, [1])


def test_agrement_sizes_hit_the_documented_total():
    sizes = agrement_sizes(random.Random(1), 312, 1092)
    assert len(sizes) == 312 and sum(sizes) == 1092
    assert set(sizes) <= {1, 2, 3, 4} and {2, 3, 4} <= set(sizes)
    free = agrement_sizes(random.Random(1), 2000, None)
    assert 3.3 < sum(free) / len(free) < 3.7
    with pytest.raises(GenerationError, match="1 à 4 places"):
        agrement_sizes(random.Random(1), 10, 41)


def test_jitter_stays_near_the_centre_and_is_deterministic():
    radius = jitter_radius_km(10_000)
    points = [jitter_point(random.Random(seed), 46.7, -1.6, radius) for seed in range(200)]
    assert all(distance_km(46.7, -1.6, lat, lon) <= radius + 0.01 for lat, lon in points)
    assert len(set(points)) == 200
    assert jitter_point(random.Random(3), 46.7, -1.6, radius) == points[3]
    assert jitter_radius_km(100) < jitter_radius_km(100_000) <= 4.0


def test_ascii_slug():
    assert ascii_slug("Les P'tits Loups") == "les-p-tits-loups"
    assert ascii_slug("Hélène Le Gall") == "helene-le-gall"


# --- Generation on a few communes ---------------------------------------------------


def test_generation_matches_the_plan(communes):
    report = generate_scaled_offer(communes=communes, plan=PLAN, seed=7, now=NOW)
    assert (report.childminders, report.mams, report.establishments) == (120, 6, 8)
    assert Childminder.objects.count() == 120
    assert Mam.objects.count() == 6 and Establishment.objects.count() == 8
    assert report.places == Childminder.objects.aggregate(total=Sum("places"))["total"]
    assert report.availabilities == Availability.objects.count()
    assert report.sections == Section.objects.count()
    # Larger communes get more AM; all AM are in communes with coordinates.
    per_commune = dict(
        Childminder.objects.values_list("commune_id")
        .annotate(n=Count("id"))
        .values_list("commune_id", "n")
    )
    assert per_commune[communes[0].pk] > per_commune[communes[3].pk]
    assert set(per_commune) <= {commune.pk for commune in communes}


def test_childminders_are_realistic(communes):
    generate_scaled_offer(communes=communes, plan=PLAN, seed=7, now=NOW)
    centres = {c.pk: (c.latitude, c.longitude, c.population) for c in communes}
    ams = list(Childminder.objects.select_related("mam"))
    for am in ams:
        assert 1 <= am.places <= 4
        assert am.age_min_months < am.age_max_months <= 72
        assert am.weekly_schedule == schedule.weekly_schedule(am.opening_hours)
        assert am.atypical_hours == schedule.is_atypical(am.weekly_schedule)
        summary = schedule.schedule_summary(am.weekly_schedule)
        assert (am.open_days, am.regular_opens, am.regular_closes) == tuple(summary.values())
        assert am.email.endswith("@example.org") and am.phone.startswith("06 39 98")
        assert am.address.split(" ", 2)[1] == "rue" and am.postal_code
        assert 25 <= (NOW.date() - am.birth_date).days // 365 <= 67
        assert am.agrement_date.year >= am.birth_date.year + 22
        assert am.user_id is None
        lat, lon, population = centres[am.commune_id]
        if am.mam_id:
            assert (am.latitude, am.longitude) == (am.mam.latitude, am.mam.longitude)
            assert am.opening_hours == am.mam.opening_hours
        elif am.address_is_public:
            assert (
                distance_km(lat, lon, am.latitude, am.longitude)
                <= jitter_radius_km(population) + 0.01
            )
        else:
            assert (am.latitude, am.longitude) == (lat, lon)
    home = [am for am in ams if not am.mam_id]
    consenting = sum(am.address_is_public for am in home) / len(home)
    assert 0.3 < consenting < 0.7
    assert sum(am.phone_is_public for am in ams) < sum(am.address_is_public for am in ams)
    assert any(am.atypical_hours for am in ams) and sum(am.atypical_hours for am in ams) < 40
    assert any(am.languages for am in ams) and any(am.has_garden for am in ams)
    assert len({am.agrement_number for am in ams}) == len(ams)


def test_mams_have_two_to_four_members(communes):
    generate_scaled_offer(communes=communes, plan=PLAN, seed=7, now=NOW)
    for mam in Mam.objects.annotate(members=Count("childminders")):
        assert 2 <= mam.members <= 4, mam
        assert set(mam.childminders.values_list("commune_id", flat=True)) == {mam.commune_id}


def test_availabilities_and_freshness_are_spread(communes):
    plan = ScalePlan(childminders=600, mams=10, establishments=30, key_prefix="T")
    generate_scaled_offer(communes=communes, plan=plan, seed=3, now=NOW)
    am_availabilities = Availability.objects.filter(childminder__isnull=False).select_related(
        "childminder"
    )
    share = am_availabilities.values("childminder").distinct().count() / 600
    assert 0.25 < share < 0.42
    today = NOW.date()
    for availability in am_availabilities:
        am = availability.childminder
        assert 1 <= availability.places <= min(2, am.places)
        assert today <= availability.available_from
        assert availability.available_from <= today + dt.timedelta(days=AVAILABILITY_HORIZON_DAYS)
        days = schedule.mask_to_days(availability.days)
        assert 3 <= len(days) <= 5 and max(days) <= 4
        assert not availability.days & ~schedule.open_days_mask(am.weekly_schedule)
        assert am.age_min_months <= availability.age_min_months <= availability.age_max_months
        assert availability.age_max_months <= am.age_max_months
        assert availability.updated_at == am.availability_updated_at
    assert len({(a.age_min_months, a.age_max_months) for a in am_availabilities}) > 3
    updated = [
        am.availability_updated_at
        for am in Childminder.objects.exclude(availability_updated_at=None)
    ]
    oldest = NOW - dt.timedelta(days=FRESHNESS_WINDOW_DAYS)
    assert all(oldest <= moment <= NOW for moment in updated)
    stale = [moment for moment in updated if NOW - moment > dt.timedelta(days=STALE_AFTER_DAYS)]
    assert 0.3 < len(stale) / len(updated) < 0.6
    assert Childminder.objects.filter(availability_updated_at=None).exists()
    reminded = Childminder.objects.exclude(availability_reminded_at=None)
    assert reminded.count() == len(stale)


def test_establishments_have_sections_prices_and_funding(communes):
    plan = ScalePlan(childminders=60, mams=0, establishments=60, key_prefix="T")
    generate_scaled_offer(communes=communes, plan=plan, seed=11, now=NOW)
    kinds = set()
    for establishment in Establishment.objects.prefetch_related("sections"):
        kinds.add(establishment.kind)
        sections = list(establishment.sections.all())
        assert sum(s.capacity for s in sections) == establishment.capacity
        assert establishment.name.startswith(
            {
                "micro_creche": "Micro-crèche",
                "multi_accueil": "Multi-accueil",
                "creche_collective": "Crèche",
                "halte_garderie": "Halte-garderie",
                "creche_familiale": "Crèche familiale",
                "creche_parentale": "Crèche parentale",
            }[establishment.kind]
        )
        if establishment.kind == EstablishmentKind.MICRO_CRECHE:
            assert 10 <= establishment.capacity <= 12
            assert [(s.name, s.age_min_months, s.age_max_months) for s in sections] == [
                ("Section mixte", 2, 36)
            ]
        if establishment.capacity >= 16:
            assert [(s.age_min_months, s.age_max_months) for s in sections] == [
                (2, 18),
                (18, 30),
                (30, 48),
            ]
        if establishment.funding == Funding.PAJE:
            assert Decimal("8") <= establishment.hourly_price <= Decimal("12")
        else:
            assert establishment.hourly_price is None
            assert establishment.meals_provided and establishment.nappies_provided
        assert establishment.weekly_schedule == schedule.weekly_schedule(
            establishment.opening_hours
        )
        assert establishment.open_days == schedule.open_days_mask(establishment.weekly_schedule)
    assert EstablishmentKind.MICRO_CRECHE in kinds and EstablishmentKind.MULTI_ACCUEIL in kinds
    section_availabilities = Availability.objects.filter(section__isnull=False)
    assert section_availabilities.exists()
    for availability in section_availabilities.select_related("section"):
        assert availability.places <= availability.section.capacity


def test_same_seed_same_data_other_seed_other_data(communes):
    generate_scaled_offer(communes=communes, plan=PLAN, seed=5, now=NOW)
    first = offer_rows()
    offer_clear()
    generate_scaled_offer(communes=communes, plan=PLAN, seed=5, now=NOW)
    assert offer_rows() == first
    offer_clear()
    generate_scaled_offer(communes=communes, plan=PLAN, seed=6, now=NOW)
    assert offer_rows()[0] != first[0]


def test_generation_refuses_impossible_plans(db):
    with pytest.raises(GenerationError, match="importez les communes"):
        generate_scaled_offer(communes=[], plan=PLAN, seed=1, now=NOW)


def test_generation_failure_leaves_nothing(communes):
    impossible = ScalePlan(
        childminders=3, mams=0, establishments=0, key_prefix="T", childminder_places=100
    )
    with pytest.raises(GenerationError):
        generate_scaled_offer(communes=communes, plan=impossible, seed=1, now=NOW)
    assert not Childminder.objects.exists()


def test_clear_is_limited_to_its_department(communes):
    other = CommuneFactory(department=DepartmentFactory(code="44", name="Loire-Atlantique"))
    generate_scaled_offer(
        communes=communes + CommuneInfo.from_queryset(type(other).objects.filter(pk=other.pk)),
        plan=ScalePlan(childminders=200, mams=4, establishments=10, key_prefix="T"),
        seed=1,
        now=NOW,
    )
    kept = Childminder.objects.filter(commune=other).count()
    assert kept > 0
    deleted = offer_clear(department_code="85")
    assert deleted["childminders"] == 200 - kept
    assert Childminder.objects.count() == kept
    assert not Availability.objects.filter(childminder__commune__department__code="85").exists()


# --- The command ------------------------------------------------------------------


@pytest.fixture
def manche(db):
    department = DepartmentFactory(code="50", name="Manche")
    for index, population in enumerate([18_000, 9_000, 4_000, 2_000, 600]):
        CommuneFactory(
            department=department,
            insee_code=f"50{index:03d}",
            population=population,
            latitude=49.1 + index * 0.03,
            longitude=-1.3,
        )
    return department


def test_department_command_with_a_factor(manche, capsys):
    call_command(
        "generate_offer",
        "--scale",
        "department",
        "--department",
        "50",
        "--factor",
        "0.05",
        "--seed",
        "4",
    )
    out = capsys.readouterr().out
    assert Childminder.objects.count() == round(2635 * 0.05)
    assert Mam.objects.count() == round(84 * 0.05)
    assert Establishment.objects.count() == round(70 * 0.05)
    assert Childminder.objects.first().agrement_number.startswith("D50-AM-")
    assert "132 assistants maternels" in out and " s" in out

    with pytest.raises(CommandError, match="--clear"):
        call_command(
            "generate_offer", "--scale", "department", "--department", "50", "--factor", "0.05"
        )
    assert Childminder.objects.count() == 132

    call_command(
        "generate_offer",
        "--scale",
        "department",
        "--department",
        "50",
        "--factor",
        "0.02",
        "--clear",
    )
    assert Childminder.objects.count() == round(2635 * 0.02)
    assert "Offre supprimée : 132 assistants maternels" in capsys.readouterr().out


def test_other_department_scales_on_the_manche_population(manche, communes):
    call_command("generate_offer", "--scale", "department", "--department", "85", "--factor", "0.1")
    # 85: the six communes of the fixture and the one without coordinates (5,000).
    population_ratio = (23_450 + 5_000) / 33_600
    assert Childminder.objects.count() == round(round(2635 * population_ratio) * 0.1)


def test_national_command_with_a_factor(manche, communes, capsys):
    call_command("generate_offer", "--scale", "national", "--factor", "0.001")
    assert Childminder.objects.count() == 230
    assert Establishment.objects.count() == 17
    assert Mam.objects.count() == round(7332 * 0.001)
    assert Childminder.objects.filter(commune__department__code="50").exists()
    assert Childminder.objects.filter(commune__department__code="85").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--scale", "department"], "--department"),
        (["--scale", "department", "--department", "99"], "Département inconnu : 99"),
        (["--scale", "national", "--department", "50"], "--scale department"),
        (["--scale", "national", "--factor", "0"], "facteur"),
        (["--scale", "national", "--factor", "-2"], "facteur"),
    ],
)
def test_command_errors_are_explained(manche, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_offer", *arguments)
    assert not Childminder.objects.exists()


def test_department_scale_needs_populations(db):
    DepartmentFactory(code="44", name="Loire-Atlantique")
    with pytest.raises(CommandError, match="import_communes"):
        call_command("generate_offer", "--scale", "department", "--department", "44")


def test_national_scale_needs_communes(db):
    with pytest.raises(CommandError, match="importez les communes"):
        call_command("generate_offer", "--scale", "national")


def test_clear_refuses_when_dossiers_hold_an_establishment(communes, monkeypatch, manche):
    generate_scaled_offer(communes=communes, plan=PLAN, seed=1, now=NOW)
    original_delete = QuerySet.delete

    def protected_delete(queryset):
        if queryset.model is Establishment:
            raise ProtectedError("dossiers", set())
        return original_delete(queryset)

    monkeypatch.setattr(QuerySet, "delete", protected_delete)
    with pytest.raises(GenerationError, match="dossiers"):
        offer_clear()
    assert Childminder.objects.count() == 120 and Availability.objects.exists()
    with pytest.raises(CommandError, match="dossiers"):
        call_command("generate_offer", "--scale", "national", "--factor", "0.001", "--clear")
    assert Childminder.objects.count() == 120
