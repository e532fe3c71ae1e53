"""Place pages in Arabic: phone numbers, addresses and names keep their reading order
(RTL pages isolate them), French-only content is marked lang="fr" (RGAA 8.7), the map's zoom
buttons speak the page's language, and a crèche of the single desk shows how to apply."""

import pytest
from django.urls import reverse

from tests.information.translations import ensure_compiled

from .factories import AvailabilityFactory, ChildminderFactory, EstablishmentFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def compiled():
    ensure_compiled()


@pytest.fixture
def am(territory):
    commune = territory.communes.first()
    return ChildminderFactory(
        commune=commune,
        first_name="Ana",
        last_name="Amar",
        phone="02 51 31 93 18",
        phone_is_public=True,
        address="12 rue de la Gare",
        address_is_public=True,
        description="Maison avec jardin, repas faits maison.",
    )


def page(client, url, language):
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_childminder_page_in_arabic_isolates_numbers_and_names(client, am):
    html = page(client, reverse("offers:childminder", args=[am.pk]), "ar")
    assert '<html lang="ar" dir="rtl"' in html
    assert 'href="tel:0251319318" dir="ltr">02 51 31 93 18</a>' in html
    assert "<h1><bdi>Ana A.</bdi></h1>" in html
    assert "<title>\u2068Ana A.\u2069 — " in html
    assert '<p lang="fr"><bdi>12 rue de la Gare</bdi>' in html
    assert '<p lang="fr">Maison avec jardin, repas faits maison.</p>' in html


def test_french_pages_do_not_mark_their_own_language(client, am):
    html = page(client, reverse("offers:childminder", args=[am.pk]), "fr")
    assert 'lang="fr"' not in html.split("<body>")[1].split('id="language-select"')[0]
    assert "<p>Maison avec jardin, repas faits maison.</p>" in html


def test_the_map_zoom_buttons_are_translated(client, am):
    url = reverse("offers:search") + f"?commune={am.commune.insee_code}&rayon=10"
    assert 'data-zoom-in="Agrandir la carte"' in page(client, url, "fr")
    assert 'data-zoom-in="Zoom in on the map"' in page(client, url, "en")
    assert 'data-zoom-out="تصغير الخريطة"' in page(client, url, "ar")


def test_a_creche_of_the_desk_shows_how_to_apply_not_its_free_places(client, territory):
    creche = EstablishmentFactory(commune=territory.communes.first(), joins_single_desk=True)
    section = SectionFactory(establishment=creche, name="Bébés")
    AvailabilityFactory(section=section, places=2)
    html = page(client, reverse("offers:establishment", args=[creche.pk]), "fr")
    assert "Demander une place en crèche" in html
    assert "attribuées par la commission du guichet unique" in html
    assert reverse("accounts:signup") in html
    assert "2 places" not in html
    # A crèche outside the desk still shows its free places, and no way to apply there.
    other = EstablishmentFactory(commune=territory.communes.first(), joins_single_desk=False)
    AvailabilityFactory(section=SectionFactory(establishment=other, name="Grands"), places=2)
    html = page(client, reverse("offers:establishment", args=[other.pk]), "fr")
    assert "2 places" in html
    assert "attribuées par la commission du guichet unique" not in html
    assert "public (commune, EPCI, CCAS)" in html


def test_home_and_information_pages_lead_to_applying(client, territory):
    EstablishmentFactory(commune=territory.communes.first(), joins_single_desk=True)
    for url in (reverse("core:home"), reverse("information:index"), reverse("information:modes")):
        html = page(client, url, "fr")
        assert 'class="apply-box"' in html, url
        assert reverse("accounts:signup") in html, url


def test_french_titles_carry_no_isolation_marks(client, am):
    html = page(client, reverse("offers:childminder", args=[am.pk]), "fr")
    assert "<title>Ana A. — assistant maternel" in html
    assert "\u2068" not in html
