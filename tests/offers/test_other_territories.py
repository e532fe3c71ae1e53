"""Search, place pages, open data and API on territories unlike the demo's.

Corsica (INSEE codes 2A…/2B…), overseas departments (far from the mainland, codes
97…), the cities with municipal arrondissements, a single commune, a territory over
two departments, a radius crossing the territory's border, a commune without
coordinates, names that need escaping and absurd query values.
"""

import csv
import html
import io
import json
from unittest import mock

import pytest
from django.urls import reverse

from sppe.offers.enums import HomeCareKind
from sppe.offers.geocoding import BanGeocoder, CommuneGeocoder, Location
from sppe.offers.models import HomeCareProvider
from sppe.territories.enums import TerritoryKind
from sppe.territories.models import Department
from sppe.territories.services import territory_configure

from ..factories import CommuneFactory, DepartmentFactory, TerritoryFactory
from .factories import (
    AvailabilityFactory,
    ChildminderFactory,
    EstablishmentFactory,
    MamFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def commune(insee, name, lat, lon, department="85", **kwargs):
    department = DepartmentFactory(code=department, name=f"Département {department}")
    return CommuneFactory(
        insee_code=insee,
        name=name,
        latitude=lat,
        longitude=lon,
        department=department,
        postal_codes=kwargs.pop("postal_codes", [insee if insee.isdigit() else "20000"]),
        **kwargs,
    )


def search(client, **params):
    response = client.get(reverse("offers:search"), params)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def result_names(client, **params):
    """The names of the places listed by the search page, in order."""
    response = client.get(reverse("offers:search"), params)
    assert response.status_code == 200
    points = response.context.get("map_points") or []
    return [point["name"] for point in points]


def api_list(client, **params):
    response = client.get(reverse("api:offer_list"), params)
    return response.status_code, json.loads(response.content)


def download(client, slug, fmt):
    response = client.get(reverse("opendata:download", args=[slug, fmt]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(body)))
    return json.loads(body)


# --- Corsica ------------------------------------------------------------------------


@pytest.fixture
def corsica():
    ajaccio = commune("2A004", "Ajaccio", 41.9267, 8.7369, department="2A")
    alata = commune("2A006", "Alata", 41.9742, 8.7428, department="2A")
    bastia = commune("2B033", "Bastia", 42.6976, 9.4508, department="2B")
    TerritoryFactory(name="Pays ajaccien", communes=[ajaccio, alata])
    return {"ajaccio": ajaccio, "alata": alata, "bastia": bastia}


def test_corsica_search_place_pages_api_and_exports(client, corsica):
    am = ChildminderFactory(commune=corsica["alata"], first_name="Maria")
    creche = EstablishmentFactory(commune=corsica["ajaccio"], name="A Ciucciarella")
    ChildminderFactory(commune=corsica["bastia"], first_name="Hors territoire")
    assert result_names(client, commune="2A004") == ["A Ciucciarella", am.public_name]
    assert client.get(reverse("offers:childminder", args=[am.pk])).status_code == 200
    assert client.get(reverse("offers:establishment", args=[creche.pk])).status_code == 200
    for code in ("2A006", "2a006"):
        status, body = api_list(client, commune=code)
        assert (status, [r["id"] for r in body["results"]]) == (200, [am.pk])
    status, body = api_list(client, commune="2B033")
    assert status == 400 and "ne fait pas partie du territoire" in body["erreurs"]["commune"][0]
    structures = download(client, "data-inclusion-structures", "json")
    assert {row["code_insee"] for row in structures} == {"2A004", "2A006"}


def test_corsican_department_as_the_territory(client, corsica):
    territory_configure(
        name="Corse-du-Sud",
        kind=TerritoryKind.DEPARTMENT,
        department=Department.objects.get(code="2A"),
    )
    page = search(client)
    assert '<option value="2A004">Ajaccio</option>' in page
    assert "Bastia" not in page
    am = ChildminderFactory(commune=corsica["ajaccio"])
    assert result_names(client, commune="2A004") == [am.public_name]


def test_corsican_insee_code_typed_as_an_address_finds_the_commune(corsica):
    found = CommuneGeocoder().geocode("2A004")
    assert [location.commune_insee for location in found] == ["2A004"]
    found = CommuneGeocoder().geocode("2b033")
    assert [location.commune_insee for location in found] == ["2B033"]


# --- Overseas -----------------------------------------------------------------------


@pytest.fixture
def guadeloupe():
    abymes = commune("97101", "Les Abymes", 16.2710, -61.5047, department="971")
    pap = commune("97120", "Pointe-à-Pitre", 16.2411, -61.5331, department="971")
    TerritoryFactory(name="Cap Excellence", communes=[abymes, pap])
    return {"abymes": abymes, "pap": pap}


def test_guadeloupe_search_measures_true_distances(client, guadeloupe):
    near = ChildminderFactory(commune=guadeloupe["pap"], first_name="Lucie")
    AvailabilityFactory(childminder=near, places=2)
    response = client.get(reverse("offers:search"), {"commune": "97101", "rayon": "5"})
    hits = response.context["results"].hits
    assert [h.id for h in hits] == [near.pk]
    assert hits[0].distance_km == pytest.approx(4.5, abs=0.3)
    points = response.context["map_points"]
    assert points[0]["lat"] == pytest.approx(16.2411) and points[0]["lon"] < -61
    assert result_names(client, commune="97101", rayon="2") == []


def test_mayotte_south_of_the_equator(client):
    mamoudzou = commune("97611", "Mamoudzou", -12.7806, 45.2278, department="976")
    koungou = commune("97610", "Koungou", -12.7336, 45.2042, department="976")
    TerritoryFactory(name="CA de Dembéni-Mamoudzou", communes=[mamoudzou])
    am = ChildminderFactory(commune=mamoudzou)
    ChildminderFactory(commune=koungou)  # ~6 km away, outside the territory
    assert result_names(client, commune="97611", rayon="10") == [am.public_name]
    status, body = api_list(client, commune="97611")
    assert status == 200 and body["count"] == 1


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("0590 12 34 56", "+590 590123456"),  # Guadeloupe
        ("06 90 12 34 56", "+590 690123456"),  # Guadeloupe, mobile
        ("05 96 12 34 56", "+596 596123456"),  # Martinique
        ("0594 12 34 56", "+594 594123456"),  # Guyane
        ("02 62 12 34 56", "+262 262123456"),  # La Réunion
        ("02 69 61 12 34", "+262 269611234"),  # Mayotte
        ("06 39 12 34 56", "+262 639123456"),  # Mayotte, mobile
        ("+590 590 12 34 56", "+590 590123456"),
        ("02 51 12 34 56", "+33 251123456"),
    ],
)
def test_overseas_phones_keep_their_own_country_code_in_scdl(phone, expected):
    from sppe.offers.opendata.scdl import international_phone

    assert international_phone(phone) == expected


def test_overseas_phone_is_exported_whole(client, guadeloupe):
    EstablishmentFactory(commune=guadeloupe["pap"], phone="0590 82 00 00")
    rows = download(client, "scdl-equipements", "csv")
    assert [row["EQUIP_TEL"] for row in rows] == ["+590 590820000"]


# --- Paris, Lyon, Marseille ---------------------------------------------------------


@pytest.fixture
def paris():
    paris = commune(
        "75056",
        "Paris",
        48.8566,
        2.3522,
        department="75",
        postal_codes=["75001", "75007", "75015", "75116"],
        population=2_100_000,
    )
    boulogne = commune("92012", "Boulogne-Billancourt", 48.8365, 2.2400, department="92")
    TerritoryFactory(name="Ville de Paris", communes=[paris])
    return {"paris": paris, "boulogne": boulogne}


def test_paris_is_one_commune_found_by_its_arrondissement_postcode(client, paris):
    assert [loc.commune_insee for loc in CommuneGeocoder().geocode("75015")] == ["75056"]
    html_page = search(client)
    assert '<option value="75056">Paris</option>' in html_page


@pytest.mark.parametrize("arrondissement", ["75115", "75107"])
def test_an_arrondissement_insee_code_finds_its_city(paris, arrondissement):
    assert [loc.commune_insee for loc in CommuneGeocoder().geocode(arrondissement)] == ["75056"]


def test_arrondissement_codes_of_lyon_and_marseille_find_their_city():
    lyon = commune("69123", "Lyon", 45.7578, 4.8320, department="69")
    marseille = commune("13055", "Marseille", 43.2965, 5.3698, department="13")
    assert [loc.commune_insee for loc in CommuneGeocoder().geocode("69383")] == [lyon.insee_code]
    assert [loc.commune_insee for loc in CommuneGeocoder().geocode("13216")] == [
        marseille.insee_code
    ]


def test_ban_address_in_an_arrondissement_belongs_to_the_city():
    payload = {
        "features": [
            {
                "geometry": {"coordinates": [2.2936, 48.8420]},
                "properties": {
                    "label": "10 Rue de la Convention 75015 Paris",
                    "citycode": "75115",
                    "type": "housenumber",
                },
            }
        ]
    }
    (location,) = BanGeocoder._parse(payload)
    assert location.commune_insee == "75056"


def test_search_from_an_arrondissement_address_crosses_arrondissements(client, paris):
    """An address of the 15th near the 7th finds the crèche of the 7th and the home care
    serving Paris; the offer of Boulogne, outside the territory, stays out."""
    seventh = EstablishmentFactory(
        commune=paris["paris"], name="Crèche du Champ-de-Mars", latitude=48.8510, longitude=2.2980
    )
    EstablishmentFactory(
        commune=paris["boulogne"], name="Crèche de Boulogne", latitude=48.8400, longitude=2.2500
    )
    provider = HomeCareProvider.objects.create(name="Garde Paris", kind=HomeCareKind.PROVIDER)
    provider.communes.add(paris["paris"])
    ban = Location("10 Rue de la Convention 75015 Paris", 48.8420, 2.2936, "75115", True)
    with mock.patch("sppe.offers.views.get_geocoder") as get:
        get.return_value.geocode.return_value = [ban]
        response = client.get(reverse("offers:search"), {"adresse": "10 rue de la Convention"})
    results = response.context["results"]
    assert [h.name for h in results.hits] == [seventh.name]
    assert [p.name for p in results.home_care] == ["Garde Paris"]


def test_no_home_care_from_outside_the_territory_for_an_address_outside_it(client, paris):
    """An address geocoded outside the territory lists no home care of other communes."""
    provider = HomeCareProvider.objects.create(name="Garde Boulogne", kind=HomeCareKind.PROVIDER)
    provider.communes.add(paris["boulogne"])
    ban = Location("1 Rue de Sèvres 92100 Boulogne-Billancourt", 48.8370, 2.2410, "92012", True)
    with mock.patch("sppe.offers.views.get_geocoder") as get:
        get.return_value.geocode.return_value = [ban]
        response = client.get(reverse("offers:search"), {"adresse": "1 rue de Sèvres"})
    assert list(response.context["results"].home_care) == []


# --- Shapes of territory ------------------------------------------------------------


@pytest.fixture
def border():
    """A single-commune territory with a neighbour 4 km away, in another department."""
    home = commune("85003", "Aizenay", 46.7400, -1.6100)
    neighbour = commune("44109", "Voisine", 46.7760, -1.6100, department="44")
    TerritoryFactory(name="Commune d'Aizenay", communes=[home])
    return {"home": home, "neighbour": neighbour}


def test_single_commune_radius_crossing_the_border(client, border):
    """Offers of the territory near its border are found; those just across are not."""
    inside = ChildminderFactory(commune=border["home"], latitude=46.7700, longitude=-1.6100)
    ChildminderFactory(commune=border["neighbour"], latitude=46.7720, longitude=-1.6100)
    ChildminderFactory(commune=border["neighbour"])
    for radius in ("5", "10", "30"):
        assert result_names(client, commune="85003", rayon=radius) == [inside.public_name]
    status, body = api_list(client)
    assert [r["id"] for r in body["results"]] == [inside.pk]
    assert [row["id"] for row in download(client, "data-inclusion-structures", "json")] == [
        f"{row_source(client)}--childminder-{inside.pk}"
    ]


def row_source(client):
    return download(client, "data-inclusion-structures", "json")[0]["source"]


def test_territory_over_two_departments(client):
    vendee = commune("85003", "Aizenay", 46.7400, -1.6100)
    loire = commune("44109", "Legé", 46.8850, -1.6000, department="44")
    TerritoryFactory(name="Entre deux départements", communes=[vendee, loire])
    here = ChildminderFactory(commune=vendee)
    there = EstablishmentFactory(commune=loire, name="Crèche de Legé")
    assert result_names(client, commune="44109", rayon="30") == [there.name, here.public_name]
    status, body = api_list(client, commune="44109")
    assert [r["id"] for r in body["results"]] == [there.pk]
    rows = download(client, "scdl-equipements", "csv")
    assert [row["ADR_COMMUNE"] for row in rows] == ["Legé"]


# --- A commune without coordinates --------------------------------------------------


@pytest.fixture
def unlocated():
    home = commune("85003", "Aizenay", 46.7400, -1.6100)
    lost = commune("85999", "Sans-Position", None, None)
    TerritoryFactory(communes=[home, lost])
    return {"home": home, "lost": lost}


def test_commune_without_coordinates(client, unlocated):
    am = ChildminderFactory(commune=unlocated["lost"])
    assert am.latitude is None
    page = search(client)
    assert "Sans-Position" not in page  # a search cannot start from it
    page = search(client, commune="85999")
    assert "Sélectionnez un choix valide" in page
    assert result_names(client, commune="85003", rayon="30") == []
    assert client.get(reverse("offers:childminder", args=[am.pk])).status_code == 200
    status, body = api_list(client, commune="85999")
    assert status == 200 and body["results"][0]["latitude"] is None
    (row,) = download(client, "data-inclusion-structures", "json")
    assert row["latitude"] is None and row["code_insee"] == "85999"


def test_search_by_address_in_a_territory_of_unlocated_communes(client):
    """A geocoded address still finds the offers that have their own position."""
    lost = commune("85999", "Sans-Position", None, None)
    TerritoryFactory(communes=[lost])
    am = ChildminderFactory(commune=lost, latitude=46.74, longitude=-1.61, address_is_public=True)
    found = Location("1 rue du Bourg 85999 Sans-Position", 46.741, -1.611, "85999", True)
    with mock.patch("sppe.offers.views.get_geocoder") as get:
        get.return_value.geocode.return_value = [found]
        names = result_names(client, adresse="1 rue du Bourg")
    assert names == [am.public_name]


# --- Names that need escaping -------------------------------------------------------

NASTY = "<script>alert('x')</script> L'Île-d'Yeu « crèche » & cie"


def test_names_are_escaped_everywhere(client):
    home = commune("85113", "L'Île-d'Yeu", 46.7230, -2.3480)
    TerritoryFactory(name="Île d'Yeu <b>", communes=[home])
    creche = EstablishmentFactory(commune=home, name=NASTY, description=NASTY, phone="")
    SectionFactory(establishment=creche)
    mam = MamFactory(commune=home, name=NASTY)
    ChildminderFactory(commune=home, mam=mam, first_name="<script>x</script>")
    response = client.get(reverse("offers:search"), {"commune": "85113"})
    body = response.content.decode()
    assert "<script>alert" not in body and "<script>x" not in body
    assert "&lt;script&gt;alert" in body
    assert "autour de L&#x27;Île-d&#x27;Yeu" in body or "autour de L&#39;Île" in body
    for url in (
        reverse("offers:establishment", args=[creche.pk]),
        reverse("offers:mam", args=[mam.pk]),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    status, data = api_list(client)
    assert NASTY in {r["name"] for r in data["results"]}  # JSON keeps the text as is
    api = client.get(reverse("api:offer_list"))
    assert api["Content-Type"] == "application/json"
    assert api["X-Content-Type-Options"] == "nosniff"
    rows = download(client, "scdl-equipements", "csv")
    assert {row["EQUIP_NOM"] for row in rows} == {NASTY}
    structures = download(client, "data-inclusion-structures", "json")
    assert NASTY in {row["nom"] for row in structures}
    download_response = client.get(reverse("opendata:download", args=["scdl-equipements", "csv"]))
    assert '"' not in download_response["Content-Disposition"].split('filename="')[1][:-1]


# --- Absurd queries -----------------------------------------------------------------


@pytest.fixture
def demo_like():
    home = commune("85003", "Aizenay", 46.7400, -1.6100)
    other = commune("44109", "Ailleurs", 46.7600, -1.6000, department="44")
    TerritoryFactory(communes=[home])
    for _n in range(3):
        ChildminderFactory(commune=home)
    return {"home": home, "other": other}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"rayon": "0"}, "Sélectionnez un choix valide"),
        ({"rayon": "-5"}, "Sélectionnez un choix valide"),
        ({"rayon": "10000"}, "Sélectionnez un choix valide"),
        ({"rayon": "dix"}, "Sélectionnez un choix valide"),
        ({"age_mois": "500"}, "inférieure ou égale à 72"),
        ({"age_mois": "-1"}, "supérieure ou égale à 0"),
        ({"mode": "fusee"}, "Sélectionnez un choix valide"),
        ({"jours": "9"}, "Sélectionnez un choix valide"),
        ({"jours": "x"}, "Sélectionnez un choix valide"),
        ({"heure_debut": "18:00", "heure_fin": "08:00"}, "L'heure de départ doit être après"),
        ({"heure_debut": "25:00", "heure_fin": "26:00"}, "Saisissez une heure valide"),
        ({"naissance": "1900-01-01"}, "moins de 6 ans"),
        ({"naissance": "pas une date"}, "Saisissez une date valide"),
        ({"debut": "99999-01-01"}, "Saisissez une date valide"),
        ({"tri": "n'importe"}, "Sélectionnez un choix valide"),
        ({"commune": "44109"}, "Sélectionnez un choix valide"),
        ({"commune": "2A0O4"}, "Sélectionnez un choix valide"),
        ({"commune": "<script>"}, "Sélectionnez un choix valide"),
        ({"commune": "x" * 5000}, "Sélectionnez un choix valide"),
        ({"commune": "", "adresse": "zzzz"}, "Adresse introuvable"),
        ({"commune": "", "adresse": "a" * 201}, "au plus 200 caractères"),
    ],
)
def test_absurd_values_get_a_french_error(client, demo_like, params, message):
    page = search(client, **{"commune": "85003", **params})
    assert message in page
    assert "résultats autour" not in page


def test_absurd_page_numbers_show_a_sensible_page(client, demo_like):
    for page in ("999999", "1000", "-3", "0", "abc", "1e9"):
        response = client.get(reverse("offers:search"), {"commune": "85003", "page": page})
        assert response.status_code == 200
        assert len(response.context["results"].hits) == 3, page
        assert response.context["page_obj"].number == 1


def test_absurd_api_values_get_a_french_error(client, demo_like):
    for params in (
        {"page": "0"},
        {"page": "999999"},
        {"page": "99999999999999999999999"},
        {"page_size": "1000"},
        {"age_mois": "500"},
        {"commune": "2A0O4"},
        {"commune": "44109"},
        {"type": "fusee"},
        {"disponible": "peut-etre"},
        {"rayon": "10"},
    ):
        status, body = api_list(client, **params)
        assert status == 400, params
        assert body["message"] == "Paramètres invalides."
        assert all(isinstance(m, str) for ms in body["erreurs"].values() for m in ms)


def test_absurd_place_pages_are_404(client, demo_like):
    for kind in ("childminder", "establishment", "mam"):
        url = reverse(f"offers:{kind}", args=[999999999])
        assert client.get(url).status_code == 404
    response = client.get("/api/offres/fusee/1/")
    assert response.status_code in (404,)


def test_api_explains_that_an_arrondissement_is_not_a_commune(client, paris):
    EstablishmentFactory(commune=paris["paris"])
    status, body = api_list(client, commune="75115")
    assert status == 400
    assert body["erreurs"]["commune"] == [
        "75115 est le code d'un arrondissement municipal : indiquez celui de la commune, 75056."
    ]
    status, body = api_list(client, commune="75056")
    assert (status, body["count"]) == (200, 1)
