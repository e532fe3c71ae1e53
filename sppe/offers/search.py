"""Family search over the offer: a selector, no Django view logic.

Every filter a family can ask for that SQL can answer is done in SQL: the bounding box
(indexed), the circle (equirectangular distance, exact enough under 50 km), ages,
services and availability. Only the opening-hours coverage, when the family gives
hours, is checked in Python on the weekly schedules derived at save time.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import ngettext

from sppe.territories.models import Commune, Territory

from .enums import OfferKind
from .geo import KM_PER_DEGREE, great_circle_km
from .models import Availability, Childminder, Establishment, HomeCareProvider, Mam
from .schedule import covers

SEARCHABLE_KINDS = frozenset({OfferKind.CHILDMINDER, OfferKind.ESTABLISHMENT, OfferKind.MAM})
MAX_RADIUS_KM = 50.0


class SortOrder:
    DISTANCE = "distance"
    AVAILABILITY = "disponibilite"
    FRESHNESS = "fraicheur"
    CHOICES = (DISTANCE, AVAILABILITY, FRESHNESS)


@dataclass(frozen=True)
class SearchQuery:
    latitude: float
    longitude: float
    radius_km: float = 10.0
    child_age_months: int | None = None
    start_date: date | None = None
    days_mask: int = 0  # weekdays needed (bit 0 = Monday); 0 = any
    start_minute: int | None = None
    end_minute: int | None = None
    kinds: frozenset = SEARCHABLE_KINDS
    available_only: bool = False
    atypical_hours: bool = False
    inclusive_care: bool = False
    sort: str = SortOrder.DISTANCE
    commune_insee: str | None = None  # for home care, which serves communes
    territory_id: int | None = None  # only offers in this territory's communes


@dataclass
class SearchHit:
    kind: str
    id: int
    name: str
    commune: str
    latitude: float
    longitude: float
    distance_km: float
    free_places: int
    next_free_date: date | None
    updated_at: datetime | None
    is_stale: bool
    atypical_hours: bool
    inclusive_care: bool
    detail: str = ""  # one line: type of crèche, agrément size, MAM size


@dataclass
class SearchPage:
    query: SearchQuery
    hits: list[SearchHit]
    total: int
    counts: dict[str, int] = field(default_factory=dict)
    home_care: list = field(default_factory=list)
    total_is_lower_bound: bool = False  # "more than" the total: see RESULT_CAP


def _availability_filter(query: SearchQuery, prefix: str = "") -> Q:
    """Conditions on Availability rows that match the family's need."""
    q = Q(**{f"{prefix}places__gt": 0})
    if query.start_date:
        q &= Q(**{f"{prefix}available_from__lte": query.start_date})
    if query.child_age_months is not None:
        q &= Q(**{f"{prefix}age_min_months__lte": query.child_age_months})
        q &= Q(**{f"{prefix}age_max_months__gte": query.child_age_months})
    return q


def _matching_availabilities(query: SearchQuery, **owner):
    qs = Availability.objects.filter(_availability_filter(query), **owner)
    if query.days_mask:
        qs = qs.annotate(covered=F("days").bitand(query.days_mask)).filter(covered=query.days_mask)
    return qs


# Offers sit in their commune: the public point of an AM is her commune's centre or
# her address. Communes whose centre is farther than the radius plus this margin
# cannot hold an offer within the radius (the largest communes are ~15 km across).
COMMUNE_MARGIN_KM = 12.0


def _box(lat0: float, lon0: float, radius_km: float):
    dlat = radius_km / KM_PER_DEGREE
    k = math.cos(math.radians(lat0))
    dlon = radius_km / (KM_PER_DEGREE * max(k, 0.01))
    return dlat, dlon, k


def nearby_commune_ids(query: SearchQuery) -> list[int]:
    """Communes that may hold offers within the radius (and in the territory)."""
    reach = query.radius_km + COMMUNE_MARGIN_KM
    dlat, dlon, _k = _box(query.latitude, query.longitude, reach)
    communes = Commune.objects.filter(
        latitude__range=(query.latitude - dlat, query.latitude + dlat),
        longitude__range=(query.longitude - dlon, query.longitude + dlon),
    )
    if query.territory_id is not None:
        communes = communes.filter(
            pk__in=Territory.communes.through.objects.filter(
                territory_id=query.territory_id
            ).values("commune_id")
        )
    return [
        pk
        for pk, lat, lon in communes.values_list("pk", "latitude", "longitude")
        if great_circle_km(query.latitude, query.longitude, lat, lon) <= reach
    ]


def _in_circle(qs, query: SearchQuery, commune_ids: list[int]):
    lat0, lon0 = query.latitude, query.longitude
    dlat, dlon, k = _box(lat0, lon0, query.radius_km)
    qs = qs.filter(
        commune_id__in=commune_ids,
        latitude__range=(lat0 - dlat, lat0 + dlat),
        longitude__range=(lon0 - dlon, lon0 + dlon),
    )
    # Squared distance in degrees of latitude, longitude scaled by cos(latitude).
    d2 = (F("latitude") - Value(lat0)) * (F("latitude") - Value(lat0)) + (
        F("longitude") - Value(lon0)
    ) * (F("longitude") - Value(lon0)) * Value(k * k)
    return qs.annotate(d2=d2).filter(d2__lte=dlat * dlat)


def _age_filter(query: SearchQuery) -> Q:
    if query.child_age_months is None:
        return Q()
    return Q(age_min_months__lte=query.child_age_months, age_max_months__gte=query.child_age_months)


def _service_filter(query: SearchQuery, *, inclusive=True) -> Q:
    q = Q()
    if query.atypical_hours:
        q &= Q(atypical_hours=True)
    if query.inclusive_care and inclusive:
        q &= Q(inclusive_care=True)
    return q


# For each kind: the model, how its availabilities point to it, and its filters.
OWNER_LOOKUP = {
    OfferKind.CHILDMINDER: "childminder",
    OfferKind.ESTABLISHMENT: "section__establishment",
    OfferKind.MAM: "childminder__mam",
}
MODELS = {
    OfferKind.CHILDMINDER: Childminder,
    OfferKind.ESTABLISHMENT: Establishment,
    OfferKind.MAM: Mam,
}


def _matching_for(kind, query: SearchQuery, outer="pk"):
    return _matching_availabilities(query, **{OWNER_LOOKUP[kind]: OuterRef(outer)})


def _filtered(kind, query: SearchQuery, commune_ids: list[int]):
    """Every offer of this kind that meets the family's criteria (no display data)."""
    if kind == OfferKind.MAM:
        qs = Mam.objects.filter(_service_filter(query, inclusive=False))
        members = Childminder.objects.filter(mam=OuterRef("pk"), is_active=True)
        if query.inclusive_care:
            qs = qs.filter(Exists(members.filter(inclusive_care=True)))
        if query.child_age_months is not None:
            qs = qs.filter(Exists(members.filter(_age_filter(query))))
    else:
        qs = (
            MODELS[kind]
            .objects.filter(is_active=True)
            .filter(_age_filter(query), _service_filter(query))
        )
    qs = _in_circle(qs, query, commune_ids)
    if query.available_only:
        qs = qs.filter(Exists(_matching_for(kind, query)))
    return qs


def _next_free(kind, query: SearchQuery):
    return Subquery(
        _matching_for(kind, query).order_by("available_from").values("available_from")[:1]
    )


def _updated(kind):
    if kind == OfferKind.MAM:
        return Subquery(
            Childminder.objects.filter(mam=OuterRef("pk"))
            .order_by(F("availability_updated_at").desc(nulls_last=True))
            .values("availability_updated_at")[:1]
        )
    return F("availability_updated_at")


def _ordered(kind, query: SearchQuery, qs):
    if query.sort == SortOrder.AVAILABILITY:
        qs = qs.annotate(next_free=_next_free(kind, query))
        return qs.order_by(F("next_free").asc(nulls_last=True), "d2", "pk")
    if query.sort == SortOrder.FRESHNESS:
        return qs.annotate(updated=_updated(kind)).order_by(
            F("updated").desc(nulls_last=True), "d2", "pk"
        )
    return qs.order_by("d2", "pk")


def _free_places(kind, query: SearchQuery):
    lookup = OWNER_LOOKUP[kind]
    return Coalesce(
        Subquery(
            _matching_for(kind, query)
            .order_by()
            .values(lookup)
            .annotate(s=Sum("places"))
            .values("s"),
            output_field=IntegerField(),
        ),
        0,
    )


def _page_rows(kind, query: SearchQuery, ids: list[int]):
    """The display data of one page of offers, in the order of `ids`."""
    if not ids:
        return []
    qs = (
        MODELS[kind]
        .objects.filter(pk__in=ids)
        .select_related("commune")
        .annotate(
            free_places=_free_places(kind, query),
            next_free=_next_free(kind, query),
            updated=_updated(kind),
        )
    )
    if kind == OfferKind.MAM:
        qs = qs.annotate(
            am_count=Subquery(
                Childminder.objects.filter(mam=OuterRef("pk"), is_active=True)
                .order_by()
                .values("mam")
                .annotate(c=Count("pk"))
                .values("c"),
                output_field=IntegerField(),
            )
        )
    rows = {row.pk: row for row in qs}
    return [rows[pk] for pk in ids]


# Beyond this many results a page says "more than 1,000": nobody reads them all, and
# counting or checking every schedule of a dense city would cost more than the page.
RESULT_CAP = 1000
SCHEDULE_SCAN_CAP = 5000
# Rings tried in turn when sorting by distance: the nearest offers of a dense city are
# found without sorting every offer of the whole radius.
RINGS_KM = (2.0, 5.0, 10.0, 20.0)


def _nearest_ids(kind, query: SearchQuery, qs, needed: int) -> list[int]:
    if query.sort != SortOrder.DISTANCE:
        return list(_ordered(kind, query, qs).values_list("pk", flat=True)[:needed])
    for ring in (*[r for r in RINGS_KM if r < query.radius_km], query.radius_km):
        limit = (ring / KM_PER_DEGREE) ** 2
        ids = list(
            qs.filter(d2__lte=limit).order_by("d2", "pk").values_list("pk", flat=True)[:needed]
        )
        if len(ids) >= needed:
            return ids
    return ids


def _candidates(kind, query: SearchQuery, needed: int, commune_ids: list[int]):
    """(total, capped, rows) for one kind: rows are the first `needed`, in order."""
    qs = _filtered(kind, query, commune_ids)
    wants_hours = query.start_minute is not None and query.end_minute is not None
    if (wants_hours or query.days_mask) and kind != OfferKind.MAM:
        # Opening hours cannot be filtered in SQL: check the schedules of the
        # candidates in the requested order, until enough are found or the cap.
        kept, capped = [], False
        stream = _ordered(kind, query, qs).values_list("pk", "weekly_schedule")
        for scanned, (pk, schedule) in enumerate(stream.iterator(chunk_size=500), start=1):
            if covers(
                schedule,
                days_mask=query.days_mask,
                start=query.start_minute if wants_hours else None,
                end=query.end_minute if wants_hours else None,
            ):
                kept.append(pk)
            if len(kept) > RESULT_CAP or (scanned >= SCHEDULE_SCAN_CAP and len(kept) >= needed):
                capped = True
                break
        return len(kept), capped, _page_rows(kind, query, kept[:needed])
    ids = _nearest_ids(kind, query, qs, needed)
    total = len(ids) if len(ids) < needed else qs[: RESULT_CAP + 1].count()
    return min(total, RESULT_CAP), total > RESULT_CAP, _page_rows(kind, query, ids)


def _sort_key(query: SearchQuery):
    far_future = date.max
    if query.sort == SortOrder.AVAILABILITY:
        return lambda h: (h.next_free_date or far_future, h.distance_km, h.kind, h.id)
    if query.sort == SortOrder.FRESHNESS:
        return lambda h: (
            -(h.updated_at.timestamp() if h.updated_at else -1e12),
            h.distance_km,
            h.kind,
            h.id,
        )
    return lambda h: (h.distance_km, h.kind, h.id)


def _hit(kind, row, query: SearchQuery, stale_before: datetime) -> SearchHit:
    updated = getattr(row, "updated", None)
    if kind == OfferKind.CHILDMINDER:
        name = row.public_name
        detail = ngettext(
            "agrément pour %(n)s enfant", "agrément pour %(n)s enfants", row.places
        ) % {"n": row.places}
    elif kind == OfferKind.ESTABLISHMENT:
        name = row.name
        detail = ngettext("%(kind)s — %(n)s place", "%(kind)s — %(n)s places", row.capacity) % {
            "kind": row.get_kind_display(),
            "n": row.capacity,
        }
    else:
        name = row.name
        count = row.am_count or 0
        detail = ngettext("%(n)s assistant maternel", "%(n)s assistants maternels", count) % {
            "n": count
        }
    return SearchHit(
        kind=kind.value,
        id=row.pk,
        name=name,
        commune=row.commune.name,
        latitude=row.latitude,
        longitude=row.longitude,
        distance_km=round(
            great_circle_km(query.latitude, query.longitude, row.latitude, row.longitude), 1
        ),
        free_places=row.free_places or 0,
        next_free_date=row.next_free,
        updated_at=updated,
        is_stale=updated is None or updated < stale_before,
        atypical_hours=row.atypical_hours,
        inclusive_care=getattr(row, "inclusive_care", False),
        detail=detail,
    )


def search_offers(
    query: SearchQuery, *, limit: int = 20, offset: int = 0, stale_after_days: int = 30
) -> SearchPage:
    needed = offset + limit
    stale_before = timezone.now() - timezone.timedelta(days=stale_after_days)
    hits, counts = [], {}
    commune_ids = nearby_commune_ids(query)
    capped = False
    for kind in sorted(query.kinds & SEARCHABLE_KINDS):
        total, kind_capped, rows = _candidates(kind, query, needed, commune_ids)
        capped = capped or kind_capped
        counts[kind.value] = total
        hits.extend(_hit(kind, row, query, stale_before) for row in rows)
    hits.sort(key=_sort_key(query))
    home_care = []
    if OfferKind.HOME_CARE in query.kinds and query.commune_insee:
        home_care = list(
            HomeCareProvider.objects.filter(
                is_active=True, communes__insee_code=query.commune_insee
            )
            .distinct()
            .filter(Q(atypical_hours=True) if query.atypical_hours else Q())
        )
    return SearchPage(
        query=query,
        hits=hits[offset:needed],
        total=sum(counts.values()),
        counts=counts,
        total_is_lower_bound=capped,
        home_care=home_care,
    )
