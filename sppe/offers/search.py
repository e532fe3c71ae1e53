"""Family search over the offer: a selector, no Django view logic.

Every filter a family can ask for is answered in SQL: the bounding box (indexed), the
circle (equirectangular distance, exact enough under 50 km), ages, services,
availability, weekdays and hours (from columns derived from the opening hours at save
time, see models.Scheduled). The one exception: offers whose hours vary by day or
break at noon have their hours checked in Python, on their weekly schedule.

The queries are written in SQL rather than built with the ORM: this is the hottest
path of the public site, and composing the ORM expressions cost more than running the
queries (see bench/README.md). The SQL is plain (no vendor function) and runs on SQLite
and PostgreSQL alike; every value goes through a query parameter.
"""

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import ngettext

from sppe.territories.models import Commune, Territory

from .enums import EstablishmentKind, OfferKind
from .geo import KM_PER_DEGREE, great_circle_km
from .models import Availability, Childminder, Establishment, HomeCareProvider, Mam, Section
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

    @property
    def wants_hours(self) -> bool:
        return self.start_minute is not None and self.end_minute is not None


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


# Beyond this many results a page says "more than 1,000": nobody reads them all, and
# counting or checking every schedule of a dense city would cost more than the page.
RESULT_CAP = 1000
SCHEDULE_SCAN_CAP = 5000
# Rings tried in turn when sorting by distance: the nearest offers of a dense city are
# found without sorting every offer of the whole radius.
RINGS_KM = (2.0, 5.0, 10.0, 20.0)
# Offers sit in their commune: the public point of an AM is her commune's centre or
# her address. Communes whose centre is farther than the radius plus this margin
# cannot hold an offer within the radius (the largest communes are ~15 km across).
COMMUNE_MARGIN_KM = 12.0


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _box(lat0: float, lon0: float, radius_km: float):
    dlat = radius_km / KM_PER_DEGREE
    k = math.cos(math.radians(lat0))
    dlon = radius_km / (KM_PER_DEGREE * max(k, 0.01))
    return dlat, dlon, k


@dataclass(frozen=True)
class Nearby:
    """The communes that may hold offers within the radius, in the territory.

    `whole` is true when every commune within reach belongs to the territory: the
    offers then need no commune filter, and the database can search by position alone.
    """

    commune_ids: list[int]
    whole: bool
    territory_id: int | None = None
    # (distance in km, population) of each commune in the territory within reach.
    populations: list[tuple[float, int]] = field(default_factory=list)

    @property
    def needs_membership(self) -> bool:
        """Whether offers must be checked against the territory's communes one by one.

        Also when no commune of the territory is within reach: offers of a commune
        without coordinates (missing from the source data) may still have their own.
        """
        return self.territory_id is not None and not (self.whole and self.commune_ids)

    def inhabitants_within(self, radius_km: float) -> int:
        return sum(people for distance, people in self.populations if distance <= radius_km)


def nearby_communes(query: SearchQuery) -> Nearby:
    reach = query.radius_km + COMMUNE_MARGIN_KM
    dlat, dlon, _k = _box(query.latitude, query.longitude, reach)
    if query.territory_id is None:
        member, params = "1", []
    else:
        through = _table(Territory.communes.through)
        # One index probe per commune of the box (a scalar subquery): EXISTS or IN would
        # let the database gather the 35,000 communes of a national territory first.
        member = (
            f"(SELECT 1 FROM {through} t WHERE t.territory_id = %s AND t.commune_id = c.id) "
            "IS NOT NULL"
        )
        params = [query.territory_id]
    sql = (
        f"SELECT c.id, c.latitude, c.longitude, c.population, {member} FROM {_table(Commune)} c "
        "WHERE c.latitude BETWEEN %s AND %s AND c.longitude BETWEEN %s AND %s"
    )
    params += [
        query.latitude - dlat,
        query.latitude + dlat,
        query.longitude - dlon,
        query.longitude + dlon,
    ]
    inside, whole, populations = [], True, []
    for pk, lat, lon, population, in_territory in _fetch(sql, params):
        distance = great_circle_km(query.latitude, query.longitude, lat, lon)
        if distance <= reach:
            if in_territory:
                inside.append(pk)
                populations.append((distance, population or 0))
            else:
                whole = False
    return Nearby(inside, whole, query.territory_id, populations)


# --- SQL fragments ------------------------------------------------------------------


def _availability_sql(kind, query: SearchQuery) -> tuple[str, str, list]:
    """(FROM clause, owner column, params) of the availabilities that meet the need.

    The owner column is the id of the offer of `kind` the availability belongs to.
    """
    availability = _table(Availability)
    if kind == OfferKind.CHILDMINDER:
        source, owner = f"{availability} a", "a.childminder_id"
    elif kind == OfferKind.ESTABLISHMENT:
        source = f"{availability} a JOIN {_table(Section)} s ON s.id = a.section_id"
        owner = "s.establishment_id"
    else:
        source = (
            f"{availability} a JOIN {_table(Childminder)} m "
            "ON m.id = a.childminder_id AND m.is_active"
        )
        owner = "m.mam_id"
    conditions, params = ["a.places > 0"], []
    if query.start_date:
        conditions.append("a.available_from <= %s")
        params.append(connection.ops.adapt_datefield_value(query.start_date))
    if query.child_age_months is not None:
        conditions.append("a.age_min_months <= %s AND a.age_max_months >= %s")
        params += [query.child_age_months, query.child_age_months]
    if query.days_mask:
        conditions.append("(a.days & %s) = %s")
        params += [query.days_mask, query.days_mask]
    return f"{source} WHERE {' AND '.join(conditions)}", owner, params


def _correlated(kind, query: SearchQuery, select: str, *, limit=None) -> tuple[str, list]:
    """A subquery over the offer's matching availabilities (the offer is `o`)."""
    source, owner, params = _availability_sql(kind, query)
    tail = f" LIMIT {int(limit)}" if limit else ""
    return f"(SELECT {select} FROM {source} AND {owner} = o.id{tail})", params


# Hours known but not the same every open day: search checks them in Python.
_IRREGULAR = "(o.open_days <> 0 AND o.regular_opens IS NULL)"

MODELS = {
    OfferKind.CHILDMINDER: Childminder,
    OfferKind.ESTABLISHMENT: Establishment,
    OfferKind.MAM: Mam,
}


@dataclass
class _Filtered:
    """Every offer of one kind that meets the family's criteria, as SQL.

    `select(radius_km)` gives, for the offers within that radius, o.id,
    o.weekly_schedule, whether its hours must be checked in Python (irregular) and the
    squared distance d2 (in degrees of latitude), plus any extra column; callers wrap
    it to sort and limit. The bounding box of the radius keeps the scan on the index.
    """

    table: str
    centre: tuple[float, float]
    where: list[str]
    where_params: list

    def select(self, radius_km: float, extra: str = "", extra_params=()) -> tuple[str, list]:
        lat0, lon0 = self.centre
        dlat, dlon, k = _box(lat0, lon0, radius_km)
        d2 = "(o.latitude - %s) * (o.latitude - %s) + (o.longitude - %s) * (o.longitude - %s) * %s"
        sql = (
            f"SELECT * FROM (SELECT o.id AS id, o.weekly_schedule AS schedule, "
            f"{_IRREGULAR} AS irregular, {d2} AS d2{extra} FROM {self.table} o "
            "WHERE o.latitude BETWEEN %s AND %s AND o.longitude BETWEEN %s AND %s AND "
            f"{' AND '.join(self.where)}) f WHERE d2 <= %s"
        )
        return sql, [
            *(lat0, lat0, lon0, lon0, k * k),
            *extra_params,
            *(lat0 - dlat, lat0 + dlat, lon0 - dlon, lon0 + dlon),
            *self.where_params,
            dlat * dlat,
        ]


def _filtered(kind, query: SearchQuery, nearby: Nearby) -> _Filtered:
    members = _table(Childminder)
    where, params = ["1 = 1"], []
    if nearby.needs_membership:
        # The radius reaches beyond the territory: one index probe per offer found by
        # position (a scalar subquery, which neither database turns into a join).
        where = [
            f"(SELECT 1 FROM {_table(Territory.communes.through)} t "
            "WHERE t.territory_id = %s AND t.commune_id = o.commune_id) IS NOT NULL"
        ]
        params.append(query.territory_id)
    if kind == OfferKind.MAM:
        if query.inclusive_care:
            where.append(
                f"EXISTS (SELECT 1 FROM {members} m WHERE m.mam_id = o.id AND m.is_active "
                "AND m.inclusive_care)"
            )
        if query.child_age_months is not None:
            where.append(
                f"EXISTS (SELECT 1 FROM {members} m WHERE m.mam_id = o.id AND m.is_active "
                "AND m.age_min_months <= %s AND m.age_max_months >= %s)"
            )
            params += [query.child_age_months, query.child_age_months]
    else:
        where.append("o.is_active")
        if query.child_age_months is not None:
            where.append("o.age_min_months <= %s AND o.age_max_months >= %s")
            params += [query.child_age_months, query.child_age_months]
        if query.inclusive_care:
            where.append("o.inclusive_care")
    if query.atypical_hours:
        where.append("o.atypical_hours")
    if query.days_mask:
        # open_days = 0: hours unknown, which does not exclude the offer.
        where.append("(o.open_days = 0 OR (o.open_days & %s) = %s)")
        params += [query.days_mask, query.days_mask]
        if query.wants_hours:
            # Irregular hours (regular_opens NULL) are checked in Python afterwards.
            where.append(
                "(o.regular_opens IS NULL OR (o.regular_opens <= %s AND o.regular_closes >= %s))"
            )
            params += [query.start_minute, query.end_minute]
    if query.available_only:
        # A scalar subquery, not EXISTS: PostgreSQL would turn EXISTS into a join that
        # starts from every matching availability of the country (it cannot estimate
        # the weekday bitmask); a probe per offer of the radius is what we want.
        probe, probe_params = _correlated(kind, query, "1", limit=1)
        where.append(f"{probe} IS NOT NULL")
        params += probe_params
    return _Filtered(_table(MODELS[kind]), (query.latitude, query.longitude), where, params)


def _order_by(kind, query: SearchQuery) -> tuple[str, str, list]:
    """(extra select, ORDER BY, params) for the family's sort order."""
    if query.sort == SortOrder.AVAILABILITY:
        subquery, params = _correlated(kind, query, "MIN(a.available_from)")
        return f", {subquery} AS sort_key", "sort_key ASC NULLS LAST, d2, id", params
    if query.sort == SortOrder.FRESHNESS:
        if kind == OfferKind.MAM:
            updated = (
                f"(SELECT MAX(m.availability_updated_at) FROM {_table(Childminder)} m "
                "WHERE m.mam_id = o.id AND m.is_active)"
            )
        else:
            updated = "o.availability_updated_at"
        return f", {updated} AS sort_key", "sort_key DESC NULLS LAST, d2, id", []
    return "", "d2, id", []


def _ordered_sql(kind, query: SearchQuery, filtered: _Filtered, radius_km: float):
    extra, order_by, order_params = _order_by(kind, query)
    inner, params = filtered.select(radius_km, extra, order_params)
    return f"SELECT id, schedule, irregular FROM ({inner}) r ORDER BY {order_by}", params


def _checks_hours(query: SearchQuery) -> bool:
    return query.wants_hours and bool(query.days_mask)


def _covered(query: SearchQuery, schedule, irregular) -> bool:
    """The SQL filter was exact unless the offer's hours are irregular."""
    if not irregular or not _checks_hours(query):
        return True
    if isinstance(schedule, str):  # SQLite and psycopg hand JSON back as text
        schedule = json.loads(schedule)
    return covers(
        schedule or {}, days_mask=query.days_mask, start=query.start_minute, end=query.end_minute
    )


def _first_ids(kind, query: SearchQuery, filtered: _Filtered, radius_km: float, needed: int):
    """The first `needed` offers in the family's order within the radius (or fewer)."""
    sql, params = _ordered_sql(kind, query, filtered, radius_km)
    limit = needed
    while True:
        rows = _fetch(f"{sql} LIMIT %s", [*params, limit])
        ids = [pk for pk, schedule, irregular in rows if _covered(query, schedule, irregular)]
        if len(ids) >= needed or len(rows) < limit:
            return ids[:needed]
        limit *= 4  # some irregular hours did not fit: read further


# Inhabitants per offer of each kind in France (about 230,000 AM, 17,000 EAJE and
# 7,300 MAM for 68 million people): a hint of how far to look first, nothing more.
INHABITANTS_PER_OFFER = {
    OfferKind.CHILDMINDER: 300,
    OfferKind.ESTABLISHMENT: 4000,
    OfferKind.MAM: 9000,
}


def _rings(kind, query: SearchQuery, nearby: Nearby, needed: int) -> list[float]:
    """The radii to try in turn: the first that may hold `needed` offers, going out.

    The population around only chooses where to start; a ring that holds fewer
    offers than needed is followed by the next one, up to the family's radius.
    """
    rings = [r for r in RINGS_KM if r < query.radius_km] + [query.radius_km]
    if query.sort != SortOrder.DISTANCE:
        return rings[-1:]
    # Three times the usual density: start too close rather than sort too many.
    wanted = 3 * needed * INHABITANTS_PER_OFFER[kind]
    for index, ring in enumerate(rings):
        if nearby.inhabitants_within(ring + COMMUNE_MARGIN_KM / 4) >= wanted:
            return rings[index:]
    return rings[-1:]


def _nearest_ids(kind, query: SearchQuery, filtered: _Filtered, needed: int, nearby) -> list[int]:
    for ring in _rings(kind, query, nearby, needed):
        ids = _first_ids(kind, query, filtered, ring, needed)
        if len(ids) >= needed:
            return ids
    return ids


def _count(filtered: _Filtered, query: SearchQuery) -> tuple[int, bool]:
    """(total, capped) within the radius, counting at most RESULT_CAP + 1."""
    inner, params = filtered.select(query.radius_km)
    regular_only = " WHERE NOT irregular" if _checks_hours(query) else ""
    sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM ({inner}) r{regular_only} LIMIT %s) c"
    total = _fetch(sql, [*params, RESULT_CAP + 1])[0][0]
    if not regular_only or total > RESULT_CAP:
        return total, total > RESULT_CAP
    # Irregular hours: checked one by one, up to a bound.
    sql = f"SELECT schedule FROM ({inner}) r WHERE irregular LIMIT %s"
    rows = _fetch(sql, [*params, SCHEDULE_SCAN_CAP])
    total += sum(1 for (schedule,) in rows if _covered(query, schedule, True))
    return total, total > RESULT_CAP or len(rows) >= SCHEDULE_SCAN_CAP


def _candidates(kind, query: SearchQuery, needed: int, nearby: Nearby):
    """(total, capped, ids) for one kind: the ids are the first `needed`, in order."""
    filtered = _filtered(kind, query, nearby)
    ids = _nearest_ids(kind, query, filtered, needed, nearby)
    if len(ids) < needed:
        return len(ids), False, ids
    total, capped = _count(filtered, query)
    return min(total, RESULT_CAP), capped, ids


# --- Display data of one page -------------------------------------------------------


@dataclass
class _Row:
    id: int
    name: str
    commune: str
    latitude: float
    longitude: float
    atypical_hours: bool
    inclusive_care: bool = False
    updated: datetime | None = None
    detail: str = ""
    free_places: int = 0
    next_free: date | None = None


def _aware(value) -> datetime | None:
    """A timestamp as read by a plain cursor: SQLite gives it naive (in UTC) or as text."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


def _day(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _rows_sql(kind, query: SearchQuery, columns: str, ids: list[int]) -> tuple[str, list]:
    """The page's offers with their free places and next free date, in one query."""
    free, free_params = _correlated(kind, query, "SUM(a.places)")
    first, first_params = _correlated(kind, query, "MIN(a.available_from)")
    sql = (
        f"SELECT o.id, c.name, o.latitude, o.longitude, o.atypical_hours, {free}, {first}, "
        f"{columns} FROM {_table(MODELS[kind])} o "
        f"JOIN {_table(Commune)} c ON c.id = o.commune_id "
        f"WHERE o.id IN ({_placeholders(ids)})"
    )
    return sql, [*free_params, *first_params, *ids]


def _row(values) -> _Row:
    pk, commune, lat, lon, atypical, free, first = values[:7]
    return _Row(
        pk, "", commune, lat, lon, bool(atypical), free_places=free or 0, next_free=_day(first)
    )


def _childminder_rows(query: SearchQuery, ids: list[int]) -> list[_Row]:
    columns = "o.first_name, o.last_name, o.places, o.inclusive_care, o.availability_updated_at"
    rows = []
    for values in _fetch(*_rows_sql(OfferKind.CHILDMINDER, query, columns, ids)):
        first_name, last_name, places, inclusive, updated = values[7:]
        row = _row(values)
        row.name = Childminder(first_name=first_name, last_name=last_name).public_name
        row.inclusive_care, row.updated = bool(inclusive), _aware(updated)
        row.detail = ngettext(
            "agrément pour %(n)s enfant", "agrément pour %(n)s enfants", places
        ) % {"n": places}
        rows.append(row)
    return rows


def _establishment_rows(query: SearchQuery, ids: list[int]) -> list[_Row]:
    columns = "o.name, o.kind, o.capacity, o.inclusive_care, o.availability_updated_at"
    rows = []
    for values in _fetch(*_rows_sql(OfferKind.ESTABLISHMENT, query, columns, ids)):
        name, kind, capacity, inclusive, updated = values[7:]
        row = _row(values)
        label = EstablishmentKind(kind).label if kind in EstablishmentKind.values else kind
        row.name, row.inclusive_care, row.updated = name, bool(inclusive), _aware(updated)
        row.detail = ngettext("%(kind)s — %(n)s place", "%(kind)s — %(n)s places", capacity) % {
            "kind": label,
            "n": capacity,
        }
        rows.append(row)
    return rows


def _mam_rows(query: SearchQuery, ids: list[int]) -> list[_Row]:
    members = f"FROM {_table(Childminder)} m WHERE m.mam_id = o.id AND m.is_active"
    columns = (
        f"o.name, (SELECT COUNT(*) {members}), (SELECT MAX(m.availability_updated_at) {members})"
    )
    rows = []
    for values in _fetch(*_rows_sql(OfferKind.MAM, query, columns, ids)):
        name, count, updated = values[7:]
        row = _row(values)
        row.name, row.updated = name, _aware(updated)
        row.detail = ngettext("%(n)s assistant maternel", "%(n)s assistants maternels", count) % {
            "n": count
        }
        rows.append(row)
    return rows


ROW_READERS = {
    OfferKind.CHILDMINDER: _childminder_rows,
    OfferKind.ESTABLISHMENT: _establishment_rows,
    OfferKind.MAM: _mam_rows,
}


def _page_rows(kind, query: SearchQuery, ids: list[int]) -> list[_Row]:
    """The display data of one page of offers, in the order of `ids`."""
    if not ids:
        return []
    rows = {row.id: row for row in ROW_READERS[kind](query, ids)}
    return [rows[pk] for pk in ids]


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


def _hit(kind, row: _Row, query: SearchQuery, stale_before: datetime) -> SearchHit:
    return SearchHit(
        kind=kind.value,
        id=row.id,
        name=row.name,
        commune=row.commune,
        latitude=row.latitude,
        longitude=row.longitude,
        distance_km=round(
            great_circle_km(query.latitude, query.longitude, row.latitude, row.longitude), 1
        ),
        free_places=row.free_places,
        next_free_date=row.next_free,
        updated_at=row.updated,
        is_stale=row.updated is None or row.updated < stale_before,
        atypical_hours=row.atypical_hours,
        inclusive_care=row.inclusive_care,
        detail=row.detail,
    )


def _home_care(query: SearchQuery) -> list:
    if OfferKind.HOME_CARE not in query.kinds or not query.commune_insee:
        return []
    return list(
        HomeCareProvider.objects.filter(is_active=True, communes__insee_code=query.commune_insee)
        .distinct()
        .filter(Q(atypical_hours=True) if query.atypical_hours else Q())
    )


def search_offers(
    query: SearchQuery, *, limit: int = 20, offset: int = 0, stale_after_days: int = 30
) -> SearchPage:
    needed = offset + limit
    stale_before = timezone.now() - dt.timedelta(days=stale_after_days)
    hits, counts = [], {}
    nearby = nearby_communes(query)
    capped = False
    for kind in sorted(query.kinds & SEARCHABLE_KINDS):
        total, kind_capped, ids = _candidates(kind, query, needed, nearby)
        capped = capped or kind_capped
        counts[kind.value] = total
        hits.extend(_hit(kind, row, query, stale_before) for row in _page_rows(kind, query, ids))
    hits.sort(key=_sort_key(query))
    return SearchPage(
        query=query,
        hits=hits[offset:needed],
        total=sum(counts.values()),
        counts=counts,
        total_is_lower_bound=capped,
        home_care=_home_care(query),
    )
