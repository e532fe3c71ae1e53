"""Turning what a family types (an address, a commune, a postcode) into a point.

Two geocoders share one interface: `CommuneGeocoder` works offline from the imported
communes (commune-level precision); `BanGeocoder` asks the Base Adresse Nationale's
API (address-level precision) and is selected by SPPE_GEOCODER=ban in production.
A failing BAN call never breaks the search: the caller falls back to the communes.
"""

import json
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet

from sppe.territories.insee import city_insee, is_insee_code
from sppe.territories.models import Commune


@dataclass(frozen=True)
class Location:
    label: str
    latitude: float
    longitude: float
    commune_insee: str
    precise: bool  # an address rather than a commune centre


class GeocodingError(Exception):
    """The geocoding service could not answer (network, timeout, bad response)."""


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace("-", " ").replace("'", " ")
    text = " ".join(text.replace("saint ", "st ").split())
    return text


class CommuneGeocoder:
    """Offline: matches a commune name or a postcode among the imported communes.

    `communes` is a Commune query set (default: all communes) or, for the instance's
    territory, the records of its commune index (searched in memory, no query).
    """

    def __init__(self, communes=None):
        self.communes = communes if communes is not None else Commune.objects.all()

    def geocode(self, text: str, *, limit: int = 5) -> list[Location]:
        text = text.strip()
        if not text:
            return []
        if not isinstance(self.communes, QuerySet):
            return self._geocode_records(text, limit)
        candidates = self.communes.with_coordinates()
        if is_insee_code(text):
            code = city_insee(text)
            # icontains on the JSON text narrows; the exact membership is checked here.
            matches = [
                c
                for c in candidates.filter(Q(postal_codes__icontains=text) | Q(insee_code=code))
                if text in c.postal_codes or code == c.insee_code
            ]
        else:
            wanted = normalise(text)
            # Accents and hyphens are compared in Python: SQL lookups are not
            # accent-insensitive on every database.
            ids = [
                pk
                for pk, name in candidates.values_list("pk", "name")
                if normalise(name).startswith(wanted)
            ]
            matches = list(candidates.filter(pk__in=ids[:200]))
            matches.sort(key=lambda c: (normalise(c.name) != wanted, -(c.population or 0)))
        return [commune_location(c) for c in matches[:limit]]

    def _geocode_records(self, text: str, limit: int) -> list[Location]:
        """The same matching on in-memory records (`CommuneRecord`)."""
        candidates = [c for c in self.communes if c.latitude is not None]
        if is_insee_code(text):
            code = city_insee(text)
            matches = [c for c in candidates if text in c.postal_codes or code == c.insee_code]
        else:
            wanted = normalise(text)
            matches = [c for c in candidates if normalise(c.name).startswith(wanted)][:200]
            matches.sort(key=lambda c: (normalise(c.name) != wanted, -(c.population or 0)))
        return [commune_location(c) for c in matches[:limit]]


def commune_location(commune) -> Location:
    """The centre of a commune (a `Commune` or a `CommuneRecord`)."""
    return Location(
        label=commune.name,
        latitude=commune.latitude,
        longitude=commune.longitude,
        commune_insee=commune.insee_code,
        precise=False,
    )


class BanGeocoder:
    """The Base Adresse Nationale search API (api-adresse.data.gouv.fr)."""

    def __init__(self, base_url: str, *, timeout: float = 3.0):
        self.base_url = base_url
        self.timeout = timeout

    def geocode(self, text: str, *, limit: int = 5) -> list[Location]:
        text = text.strip()
        if len(text) < 3:
            return []
        url = f"{self.base_url}?{urllib.parse.urlencode({'q': text[:200], 'limit': limit})}"
        if not url.startswith(("http://", "https://")):
            raise GeocodingError("the BAN URL must be http(s)")
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310
                payload = json.load(response)
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise GeocodingError(str(exc)) from exc
        return self._parse(payload)

    @staticmethod
    def _parse(payload) -> list[Location]:
        locations = []
        for feature in payload.get("features", []) if isinstance(payload, dict) else []:
            try:
                lon, lat = feature["geometry"]["coordinates"]
                props = feature["properties"]
                locations.append(
                    Location(
                        label=props["label"],
                        latitude=float(lat),
                        longitude=float(lon),
                        commune_insee=city_insee(props.get("citycode", "")),
                        precise=props.get("type") in {"housenumber", "street", "locality"},
                    )
                )
            except (KeyError, TypeError, ValueError):
                continue  # a malformed feature is skipped, the others still count
        return locations


def get_geocoder(*, communes=None):
    """The configured geocoder; the offline one searches `communes` (default: all)."""
    if getattr(settings, "GEOCODER", "commune") == "ban":
        return BanGeocoder(settings.BAN_URL, timeout=settings.BAN_TIMEOUT)
    return CommuneGeocoder(communes)
