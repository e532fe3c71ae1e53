import csv
import io
import json
import lzma
import math

import pytest
from django.core.management import CommandError, call_command

from sppe.territories.french_data import SourceDataError, import_french_territory
from sppe.territories.models import Commune, Department, Epci

from .wkb import point, polygon, square


def write_sources(tmp_path, *, communes=None, town_hall_nan=False, population=1200):
    decoupage = tmp_path / "decoupage"
    decoupage.mkdir(exist_ok=True)
    (decoupage / "departements.json").write_text(
        json.dumps([{"code": "85", "nom": "Vendée", "region": "52"}])
    )
    (decoupage / "epci.json").write_text(
        json.dumps(
            [
                {
                    "code": "200072882",
                    "nom": "CC de Vie et Boulogne",
                    "type": "CC",
                    "populationMunicipale": 46344,
                    "membres": [{"code": "85003"}, {"code": "85178"}],
                }
            ]
        )
    )
    communes = communes or [
        {
            "code": "85003",
            "nom": "Aizenay",
            "type": "commune-actuelle",
            "departement": "85",
            "codesPostaux": ["85190"],
            "population": population,
        },
        {
            "code": "85178",
            "nom": "Le Poiré-sur-Vie",
            "type": "commune-actuelle",
            "departement": "85",
            "codesPostaux": ["85170"],
            "population": 9000,
        },
        {
            "code": "85999",
            "nom": "Sans contour",
            "type": "commune-actuelle",
            "departement": "85",
            "codesPostaux": [],
            "population": 10,
        },
        {"code": "85500", "nom": "Déléguée", "type": "commune-deleguee", "departement": "85"},
    ]
    (decoupage / "communes.json").write_text(json.dumps(communes))

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["code", "type", "geometry", "mairie_localisation"])
    writer.writeheader()
    hall = point(math.nan, math.nan) if town_hall_nan else point(-1.61, 46.74)
    writer.writerow(
        {
            "code": "85003",
            "type": "COM",
            "geometry": polygon([square(-1.7, 46.7, 0.1)]).hex(),
            "mairie_localisation": hall.hex(),
        }
    )
    writer.writerow(
        {
            "code": "85178",
            "type": "COM",
            "geometry": polygon([square(-1.5, 46.7, 0.1)]).hex(),
            "mairie_localisation": "\\N",
        }
    )
    writer.writerow({"code": "85999", "type": "COM", "geometry": "", "mairie_localisation": ""})
    contours = tmp_path / "communes.csv.lzma"
    with lzma.open(contours, "wt", encoding="utf-8") as handle:
        handle.write(buffer.getvalue())
    return decoupage, contours


def test_import_creates_everything(db, tmp_path):
    decoupage, contours = write_sources(tmp_path)
    report = import_french_territory(decoupage_dir=decoupage, contours_path=contours)
    assert (report.departments.created, report.epcis.created, report.communes.created) == (1, 1, 3)
    aizenay = Commune.objects.get(insee_code="85003")
    assert aizenay.epci.name == "CC de Vie et Boulogne"
    assert aizenay.postal_codes == ["85190"]
    assert (aizenay.latitude, aizenay.longitude) == pytest.approx((46.75, -1.65))
    assert (aizenay.town_hall_latitude, aizenay.town_hall_longitude) == (46.74, -1.61)
    assert Commune.objects.get(insee_code="85178").town_hall_latitude is None
    assert report.communes_without_coordinates == ["Sans contour (85999)"]
    assert not Commune.objects.filter(insee_code="85500").exists()


def test_second_run_changes_nothing(db, tmp_path):
    decoupage, contours = write_sources(tmp_path, town_hall_nan=True)
    import_french_territory(decoupage_dir=decoupage, contours_path=contours)
    report = import_french_territory(decoupage_dir=decoupage, contours_path=contours)
    assert not report.changed
    assert report.communes.unchanged == 3
    assert Commune.objects.get(insee_code="85003").town_hall_latitude is None


def test_refresh_updates_changed_rows_only(db, tmp_path):
    decoupage, contours = write_sources(tmp_path)
    import_french_territory(decoupage_dir=decoupage, contours_path=contours)
    decoupage, contours = write_sources(tmp_path, population=1300)
    report = import_french_territory(decoupage_dir=decoupage, contours_path=contours)
    assert (report.communes.updated, report.communes.unchanged) == (1, 2)
    assert Commune.objects.get(insee_code="85003").population == 1300


def test_missing_source_file(db, tmp_path):
    with pytest.raises(SourceDataError, match="npm ci"):
        import_french_territory(decoupage_dir=tmp_path / "absent")


def test_corrupt_json_leaves_database_untouched(db, tmp_path):
    decoupage, contours = write_sources(tmp_path)
    (decoupage / "communes.json").write_text("[{not json")
    with pytest.raises(SourceDataError, match="illisible"):
        import_french_territory(decoupage_dir=decoupage, contours_path=contours)
    assert not Department.objects.exists()


def test_unknown_department_rolls_back(db, tmp_path):
    decoupage, contours = write_sources(
        tmp_path,
        communes=[{"code": "99001", "nom": "X", "type": "commune-actuelle", "departement": "99"}],
    )
    with pytest.raises(SourceDataError, match="département 99"):
        import_french_territory(decoupage_dir=decoupage, contours_path=contours)
    assert not Department.objects.exists() and not Epci.objects.exists()


def test_command_reports_and_fails_cleanly(db, tmp_path, capsys):
    decoupage, contours = write_sources(tmp_path)
    call_command("import_communes", decoupage_dir=decoupage, contours=contours)
    out = capsys.readouterr().out
    assert "Communes : 3 créés" in out
    assert "1 commune(s) sans coordonnées" in out and "Sans contour (85999)" in out
    call_command("import_communes", decoupage_dir=decoupage, contours=contours)
    assert "Aucun changement" in capsys.readouterr().out
    with pytest.raises(CommandError, match="introuvable"):
        call_command("import_communes", decoupage_dir=tmp_path / "absent", contours=contours)
