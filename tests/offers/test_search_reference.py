"""The search against a plain-Python reference, on random offers and random queries.

The search answers in SQL for speed; this reference reads every offer through the ORM
and applies the rules as a family would state them. Both must give the same page.
"""

import math
import random

import pytest
from django.utils import timezone

from sppe.offers.enums import OfferKind
from sppe.offers.geo import KM_PER_DEGREE, great_circle_km
from sppe.offers.models import Availability, Childminder, Establishment, Mam
from sppe.offers.schedule import covers, days_to_mask
from sppe.offers.search import (
    COMMUNE_MARGIN_KM,
    SEARCHABLE_KINDS,
    SearchQuery,
    SortOrder,
    _sort_key,
    search_offers,
)

from ..factories import CommuneFactory, TerritoryFactory
from .factories import (
    AvailabilityFactory,
    ChildminderFactory,
    EstablishmentFactory,
    MamFactory,
    SectionFactory,
    in_days,
)

pytestmark = pytest.mark.django_db

CENTRE = (46.70, -1.60)
HOURS = [
    "Mo-Fr 07:30-18:30",
    "Mo-Th 08:00-17:00",
    "Mo-Fr 06:00-20:00",
    "Tu-Sa 09:00-19:00",
    "Mo-Fr 07:30-12:00,13:30-18:30",  # a break at noon
    "Mo,Tu 07:00-19:00; We 08:00-12:00; Th,Fr 07:30-18:00",  # hours that vary by day
    "",
]
STALE_AFTER_DAYS = 30


def build_offer(rng: random.Random):
    communes = []
    for _ in range(8):
        communes.append(
            CommuneFactory(
                latitude=CENTRE[0] + rng.uniform(-0.25, 0.25),
                longitude=CENTRE[1] + rng.uniform(-0.35, 0.35),
                # Big towns make the search start with a small ring and go out from it.
                population=rng.choice([300, 5000, 300_000]),
            )
        )
    territory = TerritoryFactory(communes=communes[:6])  # two communes outside

    def point(commune):
        if rng.random() < 0.5:  # at the commune's centre, as most AM
            return {"latitude": commune.latitude, "longitude": commune.longitude}
        return {
            "latitude": commune.latitude + rng.uniform(-0.03, 0.03),
            "longitude": commune.longitude + rng.uniform(-0.03, 0.03),
        }

    def updated():
        if rng.random() < 0.1:
            return None
        return timezone.now() - timezone.timedelta(days=rng.randint(0, 90), minutes=rng.random())

    def availability(**owner):
        low = rng.choice([0, 0, 3, 12])
        AvailabilityFactory(
            places=rng.randint(1, 3),
            available_from=in_days(rng.randint(-10, 150)),
            days=rng.randint(1, 31),
            age_min_months=low,
            age_max_months=rng.choice([18, 36, 72]),
            **owner,
        )

    mams = []
    for _ in range(4):
        commune = rng.choice(communes)
        mams.append(MamFactory(commune=commune, opening_hours=rng.choice(HOURS), **point(commune)))
    for _ in range(45):
        commune = rng.choice(communes)
        am = ChildminderFactory(
            commune=commune,
            mam=rng.choice(mams) if rng.random() < 0.25 else None,
            opening_hours=rng.choice(HOURS),
            age_min_months=rng.choice([0, 0, 6]),
            age_max_months=rng.choice([36, 72]),
            inclusive_care=rng.random() < 0.2,
            is_active=rng.random() > 0.08,
            availability_updated_at=updated(),
            **point(commune),
        )
        for _ in range(rng.choice([0, 0, 1, 2])):
            availability(childminder=am)
    for _ in range(10):
        commune = rng.choice(communes)
        creche = EstablishmentFactory(
            commune=commune,
            opening_hours=rng.choice(HOURS),
            age_min_months=rng.choice([0, 2, 10]),
            age_max_months=rng.choice([36, 48]),
            inclusive_care=rng.random() < 0.3,
            is_active=rng.random() > 0.08,
            availability_updated_at=updated(),
            **point(commune),
        )
        for _ in range(rng.choice([1, 2])):
            section = SectionFactory(establishment=creche)
            if rng.random() < 0.6:
                availability(section=section)
    return territory, communes


def random_query(rng: random.Random, territory, communes) -> SearchQuery:
    origin = rng.choice(communes)
    hours = rng.choice([None, None, (450, 1110), (480, 1080), (390, 1140)])
    return SearchQuery(
        latitude=origin.latitude,
        longitude=origin.longitude,
        radius_km=rng.choice([2, 5, 10, 20, 30]),
        child_age_months=rng.choice([None, 3, 10, 24, 40]),
        start_date=rng.choice([None, in_days(30), in_days(120)]),
        days_mask=rng.choice([0, 0, days_to_mask([0, 1, 3, 4]), days_to_mask([1]), 0b11111]),
        start_minute=hours[0] if hours else None,
        end_minute=hours[1] if hours else None,
        kinds=frozenset(rng.sample(sorted(SEARCHABLE_KINDS), rng.randint(1, 3))),
        available_only=rng.random() < 0.3,
        atypical_hours=rng.random() < 0.15,
        inclusive_care=rng.random() < 0.15,
        sort=rng.choice(SortOrder.CHOICES),
        territory_id=territory.pk if rng.random() < 0.8 else None,
    )


# --- The reference -------------------------------------------------------------------


def matching_availabilities(query: SearchQuery, availabilities):
    return [
        a
        for a in availabilities
        if a.places > 0
        and (query.start_date is None or a.available_from <= query.start_date)
        and (
            query.child_age_months is None
            or a.age_min_months <= query.child_age_months <= a.age_max_months
        )
        and (a.days & query.days_mask) == query.days_mask
    ]


def reference_hits(query: SearchQuery, territory_communes, limit, offset):
    reach = query.radius_km + COMMUNE_MARGIN_KM
    k = math.cos(math.radians(query.latitude))

    def d2(o):
        return (o.latitude - query.latitude) ** 2 + (o.longitude - query.longitude) ** 2 * k * k

    def commune_ok(o):
        if query.territory_id is not None and o.commune_id not in territory_communes:
            return False
        centre = o.commune
        return (
            great_circle_km(query.latitude, query.longitude, centre.latitude, centre.longitude)
            <= reach
        )

    def schedule_ok(o):
        return covers(
            o.weekly_schedule,
            days_mask=query.days_mask,
            start=query.start_minute,
            end=query.end_minute,
        )

    owners = {
        OfferKind.CHILDMINDER: (
            Childminder.objects.select_related("commune"),
            lambda o: list(o.availabilities.all()),
            lambda o: (o.age_min_months, o.age_max_months, o.inclusive_care, o.is_active),
        ),
        OfferKind.ESTABLISHMENT: (
            Establishment.objects.select_related("commune"),
            lambda o: list(Availability.objects.filter(section__establishment=o)),
            lambda o: (o.age_min_months, o.age_max_months, o.inclusive_care, o.is_active),
        ),
        OfferKind.MAM: (Mam.objects.select_related("commune"), None, None),
    }
    stale_before = timezone.now() - timezone.timedelta(days=STALE_AFTER_DAYS)
    per_kind = []
    for kind in sorted(query.kinds & SEARCHABLE_KINDS):
        queryset, availabilities_of, attributes = owners[kind]
        found = []
        for o in queryset:
            if kind == OfferKind.MAM:
                members = list(o.childminders.filter(is_active=True))
                available = [a for m in members for a in m.availabilities.all()]
                ages_ok = query.child_age_months is None or any(
                    m.age_min_months <= query.child_age_months <= m.age_max_months for m in members
                )
                inclusive_ok = not query.inclusive_care or any(m.inclusive_care for m in members)
                active = True
                known = [m.availability_updated_at for m in members if m.availability_updated_at]
                updated = max(known) if known else None
            else:
                low, high, inclusive, active = attributes(o)
                available = availabilities_of(o)
                ages_ok = query.child_age_months is None or low <= query.child_age_months <= high
                inclusive_ok = not query.inclusive_care or inclusive
                updated = o.availability_updated_at
            matching = matching_availabilities(query, available)
            if not (
                active
                and ages_ok
                and inclusive_ok
                and (not query.atypical_hours or o.atypical_hours)
                and commune_ok(o)
                and d2(o) <= (query.radius_km / KM_PER_DEGREE) ** 2
                and schedule_ok(o)
                and (not query.available_only or matching)
            ):
                continue
            next_free = min((a.available_from for a in matching), default=None)
            found.append((o, kind, sum(a.places for a in matching), next_free, updated))

        def order(item):
            o, _kind, _free, next_free, updated = item
            if query.sort == SortOrder.AVAILABILITY:
                return (next_free is None, next_free or 0, d2(o), o.pk)
            if query.sort == SortOrder.FRESHNESS:
                return (updated is None, -(updated.timestamp() if updated else 0), d2(o), o.pk)
            return (d2(o), o.pk)

        per_kind.append((kind, len(found), sorted(found, key=order)[: offset + limit]))
    hits = []
    for _kind, _total, items in per_kind:
        for o, kind, free, next_free, updated in items:
            hits.append(
                type(
                    "Hit",
                    (),
                    {
                        "kind": kind.value,
                        "id": o.pk,
                        "distance_km": round(
                            great_circle_km(
                                query.latitude, query.longitude, o.latitude, o.longitude
                            ),
                            1,
                        ),
                        "free_places": free,
                        "next_free_date": next_free,
                        "updated_at": updated,
                        "is_stale": updated is None or updated < stale_before,
                    },
                )
            )
    hits.sort(key=_sort_key(query))
    counts = {kind.value: total for kind, total, _items in per_kind}
    return counts, [
        (h.kind, h.id, h.free_places, h.next_free_date, h.updated_at, h.is_stale)
        for h in hits[offset : offset + limit]
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_search_gives_the_reference_page(seed):
    rng = random.Random(seed)
    territory, communes = build_offer(rng)
    territory_communes = set(territory.communes.values_list("pk", flat=True))
    for _ in range(40):
        query = random_query(rng, territory, communes)
        limit, offset = rng.choice([(20, 0), (5, 0), (5, 5), (3, 9)])
        page = search_offers(query, limit=limit, offset=offset, stale_after_days=STALE_AFTER_DAYS)
        counts, expected = reference_hits(query, territory_communes, limit, offset)
        got = [
            (h.kind, h.id, h.free_places, h.next_free_date, h.updated_at, h.is_stale)
            for h in page.hits
        ]
        assert (page.counts, page.total, got) == (counts, sum(counts.values()), expected), query
        assert not page.total_is_lower_bound


def test_capped_totals_match_the_reference(monkeypatch):
    import sppe.offers.search as search_module

    monkeypatch.setattr(search_module, "RESULT_CAP", 6)
    rng = random.Random(7)
    territory, communes = build_offer(rng)
    territory_communes = set(territory.communes.values_list("pk", flat=True))
    capped = 0
    for _ in range(40):
        query = random_query(rng, territory, communes)
        page = search_offers(query, limit=5, stale_after_days=STALE_AFTER_DAYS)
        counts, expected = reference_hits(query, territory_communes, 5, 0)
        got = [
            (h.kind, h.id, h.free_places, h.next_free_date, h.updated_at, h.is_stale)
            for h in page.hits
        ]
        assert got == expected, query
        assert page.counts == {kind: min(n, 6) for kind, n in counts.items()}, query
        assert page.total_is_lower_bound == any(n > 6 for n in counts.values()), query
        capped += page.total_is_lower_bound
    assert capped  # the cap was reached at least once
