import pytest

from ..factories import CommuneFactory, TerritoryFactory
from ..offers.opendata.factories import ChildminderFactory, EstablishmentFactory
from .conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def published_offer(transactional_db):
    commune = CommuneFactory(name="Aizenay", insee_code="85003")
    TerritoryFactory(name="CC de Vie et Boulogne", communes=[commune])
    EstablishmentFactory(commune=commune, name="Multi-accueil Les Lutins")
    ChildminderFactory(commune=commune)


def test_open_data_and_api_pages_are_accessible(live_server, page, published_offer):
    page.goto(live_server.url + "/donnees/")
    assert page.locator("h1").inner_text() == "Données ouvertes"
    assert page.get_by_role(
        "link", name="Licence Ouverte / Open Licence version 2.0 (Etalab)"
    ).is_visible()
    assert axe_violations(page) == []

    # Each download link names its dataset for screen readers.
    link = page.get_by_role(
        "link",
        name="Télécharger au format CSV — Équipements d'accueil du jeune enfant (SCDL Équipements)",
    )
    assert link.get_attribute("href") == "/donnees/scdl-equipements.csv"

    page.get_by_role("link", name="API de l'offre d'accueil (lecture seule, JSON)").click()
    assert page.locator("h1").inner_text() == "API de l'offre d'accueil"
    assert page.get_by_role("cell", name="Numéro de page, à partir de 1.").is_visible()
    assert axe_violations(page) == []

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
