import csv
import io
import re

import pytest
from django.urls import reverse

from sppe.offers.opendata import scdl

from .factories import EstablishmentFactory

# The patterns and limits of scdl/equipements 0.1.5 for the columns we fill.
STREET_PATTERN = re.compile(r"^[a-zA-Z0-9\-\'\s\d\u00C0-\u00FF]+$")
THEMES = {
    "Equipement administratif",
    "Equipement de justice",
    "Equipement sanitaire",
    "Equipement social et d'animation",
    "Equipement sportif et de loisirs",
    "Equipement d'enseignement",
    "Equipement cultuel",
    "Equipement culturel",
    "Equipement de mobilité",
    "Autre équipement",
}


def scdl_rows(client):
    response = client.get(
        reverse("opendata:download", kwargs={"slug": "scdl-equipements", "fmt": "csv"})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == scdl.COLUMNS
    return list(reader)


def test_columns_are_the_21_of_the_schema_in_order():
    assert len(scdl.COLUMNS) == 21
    assert scdl.COLUMNS[0] == "COLL_NOM" and scdl.COLUMNS[-1] == "EQUIP_WEB"


def test_establishments_and_mams_are_equipements(client, offer, territory):
    rows = scdl_rows(client)
    assert [row["EQUIP_NOM"] for row in rows] == [
        offer["establishment"].name,
        offer["mam"].name,
    ]
    crèche, mam = rows
    assert crèche["COLL_NOM"] == territory.name
    assert crèche["EQUIP_THEME"] in THEMES
    assert crèche["EQUIP_TYPE"] == "Crèche collective"
    assert (crèche["ADR_NUMERO"], crèche["ADR_NOMVOIE"]) == ("4 bis", "rue des Écoles")
    assert crèche["ADR_CODEPOSTAL"] == "85190"
    assert crèche["EQUIP_LAT"] == "46.710000" and crèche["EQUIP_LONG"] == "-1.610000"
    assert crèche["EQUIP_OUVERTURE"] == "Mo-Fr 07:30-18:30; PH off"
    assert crèche["EQUIP_TEL"] == "+33 251123456"
    assert crèche["EQUIP_EMAIL"] == "creche@mairie.exemple.fr"
    assert mam["EQUIP_TYPE"] == "Maison d'assistants maternels"
    for row in rows:
        assert STREET_PATTERN.match(row["ADR_NOMVOIE"])
        assert len(row["EQUIP_TEL"]) <= 13
        # Not fillable without the CRIGE PACA nomenclature; no SIRET entered yet.
        assert row["EQUIP_CODE"] == row["EQUIP_UID"] == row["COLL_SIRET"] == ""


def test_coll_siret_is_the_territory_siret(client, offer, territory):
    territory.siret = "21850109600018"
    territory.save()
    assert {row["COLL_SIRET"] for row in scdl_rows(client)} == {"21850109600018"}


def test_childminders_and_home_care_are_not_equipements(client, offer):
    names = {row["EQUIP_NOM"] for row in scdl_rows(client)}
    assert offer["childminder"].public_name not in names
    assert offer["home_care"].name not in names


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("12 rue des Lilas", ("12", "rue des Lilas")),
        ("12 bis, rue des Lilas", ("12 bis", "rue des Lilas")),
        ("36/38 avenue Ardouin", ("36/38", "avenue Ardouin")),
        ("7B route de Nantes", ("7b", "route de Nantes")),
        ("Lieu-dit La Brossière", ("99999", "Lieu-dit La Brossière")),
        ("1 place de l’Église (entrée côté parc)", ("1", "place de l'Église entrée côté parc")),
        ("5 rue du Port\nBâtiment B", ("5", "rue du Port")),
        ("", ("99999", "")),
    ],
)
def test_split_address(address, expected):
    assert scdl.split_address(address) == expected


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("02 51 12 34 56", "+33 251123456"),
        ("02.51.12.34.56", "+33 251123456"),
        ("+33 2 51 12 34 56", "+33 251123456"),
        ("3939", ""),
        ("", ""),
    ],
)
def test_international_phone(phone, expected):
    assert scdl.international_phone(phone) == expected


def test_invalid_hours_and_missing_position_stay_empty(client, communes):
    EstablishmentFactory(
        commune=communes[0], opening_hours="tous les jours", latitude=None, longitude=None
    )
    (row,) = scdl_rows(client)
    assert row["EQUIP_OUVERTURE"] == "" and row["EQUIP_LAT"] == "" and row["EQUIP_LONG"] == ""
