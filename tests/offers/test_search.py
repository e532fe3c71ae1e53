import datetime as dt

import pytest
from django.utils import timezone

from sppe.offers.enums import OfferKind
from sppe.offers.schedule import days_to_mask
from sppe.offers.search import SearchQuery, SortOrder, search_offers

from ..factories import CommuneFactory
from .factories import (
    AvailabilityFactory,
    ChildminderFactory,
    EstablishmentFactory,
    MamFactory,
    SectionFactory,
    in_days,
)

pytestmark = pytest.mark.django_db

# Aizenay's centre and two points about 5 km and 30 km away.
HOME = (46.74, -1.61)


@pytest.fixture
def communes():
    return {
        "home": CommuneFactory(name="Aizenay", latitude=HOME[0], longitude=HOME[1]),
        "near": CommuneFactory(name="Maché", latitude=46.755, longitude=-1.675),  # ~5 km
        "far": CommuneFactory(name="Lointaine", latitude=47.0, longitude=-1.5),  # ~30 km
    }


def query(**kwargs):
    return SearchQuery(latitude=HOME[0], longitude=HOME[1], **kwargs)


def ids(page, kind=OfferKind.CHILDMINDER):
    return [h.id for h in page.hits if h.kind == kind]


def test_radius_and_distance_order(communes):
    near = ChildminderFactory(commune=communes["near"])
    home = ChildminderFactory(commune=communes["home"])
    far = ChildminderFactory(commune=communes["far"])
    page = search_offers(query(radius_km=10))
    assert ids(page) == [home.pk, near.pk]
    assert page.total == 2
    assert page.hits[1].distance_km == pytest.approx(5.3, abs=0.5)
    assert far.pk in ids(search_offers(query(radius_km=40)))


def test_age_filter_uses_the_agrement_range(communes):
    babies = ChildminderFactory(commune=communes["home"], age_min_months=0, age_max_months=18)
    bigger = ChildminderFactory(commune=communes["home"], age_min_months=24, age_max_months=72)
    assert ids(search_offers(query(child_age_months=10))) == [babies.pk]
    assert ids(search_offers(query(child_age_months=30))) == [bigger.pk]


def test_available_only_needs_matching_days_date_and_age(communes):
    am = ChildminderFactory(commune=communes["home"])
    AvailabilityFactory(
        childminder=am, places=2, days=days_to_mask([0, 1, 3]), available_from=in_days(30)
    )
    four_days = days_to_mask([0, 1, 3, 4])
    three_days = days_to_mask([0, 1, 3])
    base = {"available_only": True}
    assert ids(search_offers(query(days_mask=three_days, **base))) == [am.pk]
    assert ids(search_offers(query(days_mask=four_days, **base))) == []
    assert ids(search_offers(query(start_date=in_days(10), **base))) == []
    assert ids(search_offers(query(start_date=in_days(31), **base))) == [am.pk]
    hit = search_offers(query(**base)).hits[0]
    assert (hit.free_places, hit.next_free_date) == (2, in_days(30))


def test_not_available_still_listed_without_the_filter(communes):
    am = ChildminderFactory(commune=communes["home"])
    page = search_offers(query())
    assert ids(page) == [am.pk]
    assert page.hits[0].free_places == 0


def test_hours_coverage(communes):
    early = ChildminderFactory(commune=communes["home"], opening_hours="Mo-Fr 06:30-19:30")
    standard = ChildminderFactory(commune=communes["home"], opening_hours="Mo-Fr 08:00-18:00")
    weekdays = days_to_mask(range(5))
    found = ids(search_offers(query(days_mask=weekdays, start_minute=7 * 60, end_minute=19 * 60)))
    assert found == [early.pk]
    found = ids(search_offers(query(days_mask=weekdays, start_minute=9 * 60, end_minute=17 * 60)))
    assert set(found) == {early.pk, standard.pk}
    assert ids(search_offers(query(atypical_hours=True))) == [early.pk]


def test_establishment_availability_by_section(communes):
    creche = EstablishmentFactory(commune=communes["near"])
    babies = SectionFactory(establishment=creche, age_min_months=2, age_max_months=18)
    AvailabilityFactory(section=babies, places=3, age_min_months=2, age_max_months=18)
    page = search_offers(query(kinds=frozenset({OfferKind.ESTABLISHMENT}), available_only=True))
    assert [h.id for h in page.hits] == [creche.pk]
    assert page.hits[0].free_places == 3
    page = search_offers(
        query(kinds=frozenset({OfferKind.ESTABLISHMENT}), available_only=True, child_age_months=24)
    )
    assert page.hits == []


def test_mam_aggregates_its_childminders(communes):
    mam = MamFactory(commune=communes["home"])
    first = ChildminderFactory(commune=communes["home"], mam=mam)
    ChildminderFactory(commune=communes["home"], mam=mam)
    AvailabilityFactory(childminder=first, places=2)
    page = search_offers(query(kinds=frozenset({OfferKind.MAM})))
    assert page.hits[0].free_places == 2
    assert page.hits[0].detail == "2 assistants maternels"


def test_inactive_offers_are_hidden(communes):
    ChildminderFactory(commune=communes["home"], is_active=False)
    EstablishmentFactory(commune=communes["home"], is_active=False)
    assert search_offers(query()).total == 0


def test_sort_by_availability_and_freshness(communes):
    near_later = ChildminderFactory(commune=communes["home"])
    AvailabilityFactory(childminder=near_later, available_from=in_days(60))
    farther_sooner = ChildminderFactory(
        commune=communes["near"], availability_updated_at=timezone.now() - dt.timedelta(days=90)
    )
    AvailabilityFactory(childminder=farther_sooner, available_from=in_days(5))
    by_availability = search_offers(query(sort=SortOrder.AVAILABILITY))
    assert ids(by_availability) == [farther_sooner.pk, near_later.pk]
    by_freshness = search_offers(query(sort=SortOrder.FRESHNESS))
    assert ids(by_freshness) == [near_later.pk, farther_sooner.pk]
    assert by_freshness.hits[1].is_stale and not by_freshness.hits[0].is_stale


def test_pagination_across_kinds(communes):
    ChildminderFactory.create_batch(3, commune=communes["home"])
    EstablishmentFactory.create_batch(2, commune=communes["near"])
    first = search_offers(query(), limit=2)
    second = search_offers(query(), limit=2, offset=2)
    third = search_offers(query(), limit=2, offset=4)
    assert first.total == 5
    seen = [(h.kind, h.id) for h in first.hits + second.hits + third.hits]
    assert len(set(seen)) == 5


def test_dense_areas_are_capped_and_rings_find_the_nearest(communes, monkeypatch):
    import sppe.offers.search as search_module

    monkeypatch.setattr(search_module, "RESULT_CAP", 4)
    near = ChildminderFactory.create_batch(3, commune=communes["home"])
    ChildminderFactory.create_batch(5, commune=communes["near"])
    page = search_offers(query(kinds=frozenset({OfferKind.CHILDMINDER})), limit=3)
    assert page.total == 4 and page.total_is_lower_bound
    assert sorted(ids(page)) == sorted(am.pk for am in near)  # found in the 2 km ring
    hours = search_offers(query(kinds=frozenset({OfferKind.CHILDMINDER}), days_mask=0b11), limit=3)
    assert hours.total_is_lower_bound and len(hours.hits) == 3
    small = search_offers(query(kinds=frozenset({OfferKind.CHILDMINDER}), radius_km=2))
    assert (small.total, small.total_is_lower_bound) == (3, False)
