"""The instance territory's communes, kept in memory by each process.

Public pages list the territory's communes on every request (the search form's
commune list, the home page); a department has hundreds of them, a national
instance tens of thousands. Loading them as model instances on each request cost
more than the rest of the page, so each process keeps one light, read-only copy.

The copy is never stale: it is keyed on (territory pk, `Territory.perimeter_version`),
and the Territory row is read on every request anyway. The version is bumped in the
database whenever the index may have changed: communes added to or removed from the
territory (m2m_changed), a commune saved or deleted (post_save, post_delete), and the
communes import when it changed anything (`perimeter_changed()`); see signals.py.
A bump made by this process also empties its own cache at once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from django.db.models import F

from .models import Territory

# One territory per instance; a second entry only lives while a version replaces another.
MAX_ENTRIES = 2


@dataclass(frozen=True, slots=True)
class CommuneRecord:
    """What the public pages need of a commune; duck-types `Commune` for these fields."""

    pk: int
    insee_code: str
    name: str
    latitude: float | None
    longitude: float | None
    postal_codes: tuple[str, ...]
    population: int | None

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(eq=False)
class CommuneIndex:
    """The communes of one territory at one perimeter version, ordered by name."""

    key: tuple[int, int]
    communes: tuple[CommuneRecord, ...]
    # The communes a search can start from (with coordinates), ordered by name.
    located: tuple[CommuneRecord, ...] = field(init=False)
    by_insee: dict[str, CommuneRecord] = field(init=False)
    _derived: dict = field(init=False, default_factory=dict)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self):
        self.located = tuple(c for c in self.communes if c.has_coordinates)
        self.by_insee = {c.insee_code: c for c in self.communes}

    def located_commune(self, insee_code) -> CommuneRecord | None:
        commune = self.by_insee.get(insee_code) if isinstance(insee_code, str) else None
        return commune if commune is not None and commune.has_coordinates else None

    def derived(self, name: str, build):
        """A value computed once from this index (e.g. pre-rendered HTML) and kept with it."""
        try:
            return self._derived[name]
        except KeyError:
            pass
        with self._lock:
            if name not in self._derived:
                self._derived[name] = build(self)
            return self._derived[name]


_cache: dict[tuple[int, int], CommuneIndex] = {}
_cache_lock = threading.Lock()


def commune_index(territory: Territory) -> CommuneIndex:
    """The index of `territory`'s communes, from this process's cache when current."""
    key = (territory.pk, territory.perimeter_version)
    index = _cache.get(key)
    if index is None:
        index = _load(key, territory)
        with _cache_lock:
            for older in [k for k in _cache if k[0] == territory.pk]:
                del _cache[older]
            if len(_cache) >= MAX_ENTRIES:
                _cache.clear()
            _cache[key] = index
    return index


def _load(key, territory) -> CommuneIndex:
    rows = territory.communes.order_by("name", "insee_code").values_list(
        "pk", "insee_code", "name", "latitude", "longitude", "postal_codes", "population"
    )
    return CommuneIndex(
        key=key,
        communes=tuple(
            CommuneRecord(pk, insee, name, lat, lon, tuple(postal_codes or ()), population)
            for pk, insee, name, lat, lon, postal_codes, population in rows
        ),
    )


def clear_cache():
    with _cache_lock:
        _cache.clear()


def perimeter_changed(*, territory_ids=None) -> None:
    """Record that the communes of these territories (default: all) may have changed."""
    territories = Territory.objects.all()
    if territory_ids is not None:
        territories = territories.filter(pk__in=list(territory_ids))
    territories.update(perimeter_version=F("perimeter_version") + 1)
    clear_cache()
