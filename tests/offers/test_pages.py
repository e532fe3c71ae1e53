import datetime as dt
import html
from html import unescape
from unittest import mock

import pytest
from django.urls import reverse

from sppe.offers.geocoding import GeocodingError, Location

from ..factories import CommuneFactory, TerritoryFactory
from .factories import (
    AvailabilityFactory,
    ChildminderFactory,
    EstablishmentFactory,
    MamFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

PRIVATE = {
    "address": "12 rue Secrète",
    "phone": "06 99 88 77 66",
    "birth_date": dt.date(1971, 3, 9),
    "email": "secret.am@exemple.test",
    "last_name": "Confidentielle",
}


@pytest.fixture
def place():
    home = CommuneFactory(name="Aizenay", insee_code="85003", latitude=46.74, longitude=-1.61)
    near = CommuneFactory(name="Maché", insee_code="85130", latitude=46.755, longitude=-1.675)
    outside = CommuneFactory(name="Ailleurs", insee_code="44109", latitude=46.76, longitude=-1.6)
    TerritoryFactory(communes=[home, near])
    return {"home": home, "near": near, "outside": outside}


class Page(str):
    """Response text with HTML entities decoded (Django escapes apostrophes)."""


def search(client, **params):
    response = client.get(reverse("offers:search"), {"commune": "85003", **params})
    assert response.status_code == 200
    return Page(html.unescape(response.content.decode()))


def test_empty_search_page_shows_the_form(client, place):
    html = client.get(reverse("offers:search")).content.decode()
    assert "Trouver un mode d'accueil" in html
    assert '<option value="85003">Aizenay</option>' in html
    assert "Ailleurs" not in html  # communes outside the territory are not offered


def test_search_lists_offers_of_the_territory_only(client, place):
    inside = ChildminderFactory(commune=place["near"], first_name="Lise")
    ChildminderFactory(commune=place["outside"], first_name="Horsterritoire")
    creche = EstablishmentFactory(commune=place["home"], name="Les Petits Pas")
    response = search(client, rayon=10)
    html = response
    assert "Les Petits Pas" in html
    assert inside.public_name in html
    assert "Horsterritoire" not in html
    assert reverse("offers:establishment", args=[creche.pk]) in html
    assert "2 résultats autour d'Aizenay" in html


def test_search_for_a_ten_month_old_four_days_a_week(client, place):
    free = ChildminderFactory(commune=place["near"], first_name="Libre")
    AvailabilityFactory(childminder=free, places=1, days=0b01111)
    full = ChildminderFactory(commune=place["home"], first_name="Complete")
    creche = EstablishmentFactory(commune=place["home"], name="Crèche des Lutins")
    babies = SectionFactory(establishment=creche, age_min_months=2, age_max_months=18)
    AvailabilityFactory(section=babies, places=2, age_min_months=2, age_max_months=18)
    start = dt.date.today() + dt.timedelta(days=30)
    birth = start - dt.timedelta(days=305)
    html = search(
        client,
        naissance=birth.isoformat(),
        debut=start.isoformat(),
        jours=[0, 1, 2, 3],
        disponible="on",
    )
    assert free.public_name in html
    assert "Crèche des Lutins" in html
    assert full.public_name not in html
    assert "2 places libres" in html


def test_invalid_searches_explain_what_to_fix(client, place):
    html = client.get(reverse("offers:search"), {"adresse": "", "rayon": "10"}).content
    assert "Trouver un mode d'accueil" in html.decode()
    html = search(client, heure_debut="18:00", heure_fin="08:00")
    assert "L'heure de départ doit être après l'heure d'arrivée" in html
    html = search(client, naissance="2090-01-01")
    assert "L'enfant doit être né" in html
    html = client.get(reverse("offers:search"), {"commune": "44109"}).content.decode()
    assert "Sélectionnez un choix valide" in html
    html = search(client, rayon="9999", page="abc")
    assert "Sélectionnez un choix valide" in html


def test_address_search_uses_the_geocoder_and_falls_back(client, place):
    ChildminderFactory(commune=place["home"])
    precise = Location("12 Rue de la Gare 85190 Aizenay", 46.741, -1.612, "85003", True)
    with mock.patch("sppe.offers.views.get_geocoder") as get:
        get.return_value.geocode.return_value = [precise]
        html = search(client, adresse="12 rue de la gare")
    assert "autour de 12 Rue de la Gare 85190 Aizenay" in html
    assert "depuis le centre de la commune" not in html
    with mock.patch("sppe.offers.views.get_geocoder") as get:
        get.return_value.geocode.side_effect = GeocodingError("timeout")
        html = search(client, adresse="12 rue de la gare")
    assert "Le service d'adresses ne répond pas" in html
    assert "1 résultat autour d'Aizenay" in html


def test_pagination_keeps_the_criteria(client, place):
    ChildminderFactory.create_batch(23, commune=place["home"])
    html = search(client, rayon=5)
    assert "Page 1 sur 2" in html
    assert "rayon=5&page=2#resultats" in html  # the next page opens on its results
    assert "Page 2 sur 2" in search(client, rayon=5, page=2)


def test_a_search_lands_on_its_results_and_links_to_the_map(client, place):
    AvailabilityFactory(childminder=ChildminderFactory(commune=place["home"]), places=1)
    html = client.get(reverse("offers:search")).content.decode()
    assert f'action="{reverse("offers:search")}#resultats"' in html
    html = search(client, disponible="on")
    assert '<section class="search-results" id="resultats"' in html
    assert '<a href="#map-title">Voir ces résultats sur la carte</a>' in html
    # Single checkboxes sit before their label, on the same line.
    assert (
        '<div class="option"><input type="checkbox" name="disponible" id="id_disponible" '
        "checked> <label" in html
    )
    assert "Voir ces résultats sur la carte" not in search(client, rayon=2, jours=[5])


def test_childminder_page_hides_private_data(client, place):
    am = ChildminderFactory(commune=place["home"], first_name="Marie", **PRIVATE)
    AvailabilityFactory(childminder=am, places=2, days=0b00111)
    html = client.get(reverse("offers:childminder", args=[am.pk])).content.decode()
    assert "Marie C." in html
    assert "2 places" in html and "du lundi au mercredi" in html
    for value in ("Secrète", "06 99 88", "1971", "09/03", "secret.am", "Confidentielle"):
        assert value not in html
    am.address_is_public = am.phone_is_public = True
    am.save()
    html = client.get(reverse("offers:childminder", args=[am.pk])).content.decode()
    assert "12 rue Secrète" in html and "06 99 88 77 66" in html
    assert "secret.am" not in html and "Confidentielle" not in html


def test_stale_availability_is_flagged(client, place):
    from django.utils import timezone

    am = ChildminderFactory(
        commune=place["home"], availability_updated_at=timezone.now() - dt.timedelta(days=45)
    )
    html = client.get(reverse("offers:childminder", args=[am.pk])).content.decode()
    assert "information ancienne" in html
    html = search(client)
    assert "Information ancienne" in html


def test_establishment_and_mam_pages(client, place):
    creche = EstablishmentFactory(commune=place["home"], name="Les Lutins", closures="Août")
    SectionFactory(establishment=creche, name="Bébés", age_min_months=2, age_max_months=18)
    html = client.get(reverse("offers:establishment", args=[creche.pk])).content.decode()
    assert "Les Lutins" in html and "Bébés" in html and "barème national" in html
    assert "7 h 30 – 18 h 30" in html
    mam = MamFactory(commune=place["home"])
    ChildminderFactory(commune=place["home"], mam=mam, first_name="Zoé")
    html = client.get(reverse("offers:mam", args=[mam.pk])).content.decode()
    assert "Zoé" in html


def test_pages_outside_the_territory_or_inactive_are_404(client, place):
    outside = ChildminderFactory(commune=place["outside"])
    inactive = EstablishmentFactory(commune=place["home"], is_active=False)
    assert client.get(reverse("offers:childminder", args=[outside.pk])).status_code == 404
    assert client.get(reverse("offers:establishment", args=[inactive.pk])).status_code == 404
    assert client.get(reverse("offers:mam", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("Aizenay", True),
        ("Écouflant", True),
        ("Yzeure", True),
        ("Maché", False),
        ("Hérouville", False),
        ("12 rue de la Gare, Aizenay", False),
        ("", False),
    ],
)
def test_elision_before_a_vowel(place, expected):
    from sppe.offers.views import elides

    assert elides(place) is expected


def test_back_link_returns_to_the_results_the_family_came_from(client, place):
    am = ChildminderFactory(commune=place["home"])
    page = reverse("offers:childminder", args=[am.pk])
    search_url = reverse("offers:search")
    came_from = f"http://testserver{search_url}?commune=85003&rayon=5&page=2"
    html = client.get(page, HTTP_REFERER=came_from).content.decode()
    assert f'href="{search_url}?commune=85003&amp;rayon=5&amp;page=2#resultats"' in html
    # Another site, another page of this site, or no Referer: the empty search form.
    for referer in (
        f"https://ailleurs.example{search_url}?commune=85003",
        "http://testserver/?commune=85003",
        f'http://testserver{search_url}?x="><script>',
    ):
        html = client.get(page, HTTP_REFERER=referer).content.decode()
        assert "<script>" not in html.split("<main", 1)[1].split("</main>", 1)[0]
        if "x=" not in referer:
            assert f'<a href="{search_url}">Retour à la recherche</a>' in html
    html = client.get(page).content.decode()
    assert f'<a href="{search_url}">Retour à la recherche</a>' in html


def test_a_link_without_distance_or_order_shows_the_defaults_it_uses(client, place):
    html = search(client)  # only the commune, as in a shared link
    assert '<option value="10" selected>10 km</option>' in html
    assert '<option value="distance" selected>' in html
    html = client.get(reverse("offers:search"), {"commune": "44109"}).content.decode()
    assert "Choisissez une commune ou indiquez une adresse" not in html  # one message


def test_a_childminder_without_public_phone_gives_the_relay_to_call(client, place):
    from sppe.territories.enums import OrganisationKind

    from ..factories import OrganisationFactory

    OrganisationFactory(name="Relais voisin", kind=OrganisationKind.RPE, phone="02 51 11 11 11")
    OrganisationFactory(
        name="Relais d'Aizenay",
        kind=OrganisationKind.RPE,
        phone="02 51 22 22 22",
        email="rpe@aizenay.example",
        communes=[place["home"]],
    )
    hidden = ChildminderFactory(commune=place["home"], phone="06 99 88 77 66")
    response = client.get(reverse("offers:childminder", args=[hidden.pk]))
    html = Page(unescape(response.content.decode()))
    assert "Relais d'Aizenay" in html and '<a href="tel:0251222222" dir="ltr">' in html
    assert "rpe@aizenay.example" in html and "06 99 88 77 66" not in html
    shown = ChildminderFactory(commune=place["near"], phone="06 11 22 33 44", phone_is_public=True)
    html = client.get(reverse("offers:childminder", args=[shown.pk])).content.decode()
    assert "06 11 22 33 44" in html and "Relais" not in html.split("contact-title", 1)[1]
