"""The observatory in a real browser: readable without JavaScript errors, zero axe-core
violation on the dashboard, a commune's page and the data page with an import error."""

import pytest

from sppe.accounts.enums import Role

from ..factories import TEST_PASSWORD, CommuneFactory, TerritoryFactory, UserFactory
from ..observatory.factories import small_territory
from .conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def observatory(transactional_db):
    territory = TerritoryFactory(communes=CommuneFactory.create_batch(3))
    small_territory(territory)
    return UserFactory(role=Role.TERRITORY_ADMIN, email="admin@exemple.test", is_staff=True)


def test_the_observatory_pages_are_accessible(live_server, page, observatory, tmp_path):
    page.goto(live_server.url + "/observatoire/")
    page.get_by_label("Adresse e-mail").fill(observatory.email)
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    assert page.locator("h1").inner_text() == "Observatoire petite enfance 2025"
    # Each chart is an image with a name; its table follows.
    assert page.get_by_role("img", name="Places par mode d'accueil et par année").is_visible()
    assert page.get_by_role("table", name="Évolution de l'offre (données du graphique)").count()
    assert axe_violations(page) == []

    page.get_by_label("Année de l'observatoire").select_option("2024")
    page.get_by_role("button", name="Afficher l’année").click()
    assert page.locator("h1").inner_text() == "Observatoire petite enfance 2024"
    assert axe_violations(page) == []

    page.get_by_role("link", name="Alpha").first.click()
    assert page.locator("h1").inner_text() == "Alpha : observatoire petite enfance 2024"
    assert axe_violations(page) == []

    bad = tmp_path / "naissances.csv"
    bad.write_bytes(b"GEO;TIME_PERIOD;OBS_VALUE\n85001;2025;beaucoup\n")
    page.goto(live_server.url + "/observatoire/donnees/")
    assert page.locator("h1").inner_text() == "Données de l'observatoire"
    page.locator("#id_kind").select_option(label="Insee : naissances domiciliées par commune")
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_role("button", name="Importer").click()
    assert "Ligne 2" in page.get_by_role("alert").inner_text()
    assert axe_violations(page) == []

    page.goto(live_server.url + "/observatoire/registre/")
    assert page.locator("h1").inner_text() == "Naissances du registre local"
    assert axe_violations(page) == []
