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

from sppe.territories.models import Territory

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


def _in_circle(qs, query: SearchQuery):
    if query.territory_id is not None:
        qs = qs.filter(
            commune__in=Territory.communes.through.objects.filter(
                territory_id=query.territory_id
            ).values("commune_id")
        )
    lat0, lon0, radius = query.latitude, query.longitude, query.radius_km
    dlat = radius / KM_PER_DEGREE
    k = math.cos(math.radians(lat0))
    dlon = radius / (KM_PER_DEGREE * max(k, 0.01))
    qs = qs.filter(
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


def _childminders(query: SearchQuery):
    matching = _matching_availabilities(query, childminder=OuterRef("pk"))
    qs = Childminder.objects.filter(is_active=True).filter(
        _age_filter(query), _service_filter(query)
    )
    qs = _in_circle(qs, query).annotate(
        free_places=Coalesce(
            Subquery(
                matching.order_by().values("childminder").annotate(s=Sum("places")).values("s"),
                output_field=IntegerField(),
            ),
            0,
        ),
        next_free=Subquery(matching.order_by("available_from").values("available_from")[:1]),
    )
    if query.available_only:
        qs = qs.filter(Exists(matching))
    return qs


def _establishments(query: SearchQuery):
    matching = _matching_availabilities(query, section__establishment=OuterRef("pk"))
    qs = Establishment.objects.filter(is_active=True).filter(
        _age_filter(query), _service_filter(query)
    )
    qs = _in_circle(qs, query).annotate(
        free_places=Coalesce(
            Subquery(
                matching.order_by()
                .values("section__establishment")
                .annotate(s=Sum("places"))
                .values("s"),
                output_field=IntegerField(),
            ),
            0,
        ),
        next_free=Subquery(matching.order_by("available_from").values("available_from")[:1]),
    )
    if query.available_only:
        qs = qs.filter(Exists(matching))
    return qs


def _mams(query: SearchQuery):
    matching = _matching_availabilities(query, childminder__mam=OuterRef("pk"))
    qs = Mam.objects.filter(_service_filter(query, inclusive=False))
    if query.inclusive_care:
        qs = qs.filter(Exists(Childminder.objects.filter(mam=OuterRef("pk"), inclusive_care=True)))
    if query.child_age_months is not None:
        qs = qs.filter(
            Exists(
                Childminder.objects.filter(mam=OuterRef("pk"), is_active=True).filter(
                    _age_filter(query)
                )
            )
        )
    qs = _in_circle(qs, query).annotate(
        free_places=Coalesce(
            Subquery(
                matching.order_by()
                .values("childminder__mam")
                .annotate(s=Sum("places"))
                .values("s"),
                output_field=IntegerField(),
            ),
            0,
        ),
        next_free=Subquery(matching.order_by("available_from").values("available_from")[:1]),
        updated=Subquery(
            Childminder.objects.filter(mam=OuterRef("pk"))
            .order_by(F("availability_updated_at").desc(nulls_last=True))
            .values("availability_updated_at")[:1]
        ),
        am_count=Subquery(
            Childminder.objects.filter(mam=OuterRef("pk"), is_active=True)
            .order_by()
            .values("mam")
            .annotate(c=Count("pk"))
            .values("c"),
            output_field=IntegerField(),
        ),
    )
    if query.available_only:
        qs = qs.filter(Exists(matching))
    return qs


KIND_QUERIES = {
    OfferKind.CHILDMINDER: _childminders,
    OfferKind.ESTABLISHMENT: _establishments,
    OfferKind.MAM: _mams,
}

ORDERINGS = {
    SortOrder.DISTANCE: ["d2", "pk"],
    SortOrder.AVAILABILITY: [F("next_free").asc(nulls_last=True), "d2", "pk"],
    SortOrder.FRESHNESS: [F("updated").desc(nulls_last=True), "d2", "pk"],
}


def _with_updated(qs, kind):
    if kind == OfferKind.MAM:
        return qs
    return qs.annotate(updated=F("availability_updated_at"))


def _candidates(kind, query: SearchQuery, needed: int):
    """(total, rows) for one kind: rows are the first `needed` in the requested order."""
    qs = _with_updated(KIND_QUERIES[kind](query), kind).order_by(*ORDERINGS[query.sort])
    wants_hours = query.start_minute is not None and query.end_minute is not None
    if not (wants_hours or query.days_mask) or kind == OfferKind.MAM:
        return qs.count(), list(qs[:needed])
    # Opening hours cannot be filtered in SQL: scan the schedules (ids only), then
    # fetch the first `needed` rows that pass.
    kept = [
        pk
        for pk, schedule in qs.values_list("pk", "weekly_schedule")
        if covers(
            schedule,
            days_mask=query.days_mask,
            start=query.start_minute if wants_hours else None,
            end=query.end_minute if wants_hours else None,
        )
    ]
    page_ids = kept[:needed]
    rows = {row.pk: row for row in qs.filter(pk__in=page_ids)}
    return len(kept), [rows[pk] for pk in page_ids]


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
    for kind in sorted(query.kinds & SEARCHABLE_KINDS):
        total, rows = _candidates(kind, query, needed)
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
        home_care=home_care,
    )
