import io

import pytest
from django.conf import settings
from django.core.management import call_command

from sppe.demo.territory import DEMO_PASSWORD
from sppe.territories.french_data import import_french_territory

from .conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def demo(transactional_db):
    import_french_territory(decoupage_dir=settings.DECOUPAGE_ADMINISTRATIF_DIR)
    call_command("load_demo", stdout=io.StringIO())


def test_home_login_and_accessibility(live_server, page, demo):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "CC de Vie et Boulogne"
    assert page.get_by_text("Aizenay").first.is_visible()
    assert axe_violations(page) == []

    # The skip link is the first thing the keyboard reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"

    page.get_by_role("link", name="Se connecter").click()
    assert page.locator("h1").inner_text() == "Se connecter"
    assert axe_violations(page) == []

    # A wrong password keeps the person on the page with a clear message.
    page.get_by_label("Adresse e-mail").fill("agent@demo.example.org")
    page.get_by_label("Mot de passe").fill("mauvais")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("alert").is_visible()
    assert "mot de passe incorrect" in page.get_by_role("alert").inner_text()
    assert axe_violations(page) == []

    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    assert page.locator("h1").inner_text() == "Mon compte"
    assert "Agent RPE / guichet unique" in page.content()

    page.get_by_role("link", name="Le territoire").click()
    assert page.get_by_role("cell", name="85003").is_visible()
    assert axe_violations(page) == []


def test_legal_pages_are_accessible(live_server, page, demo):
    for path in ("/mentions-legales/", "/donnees-personnelles/", "/accessibilite/"):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path


def test_the_accessibility_check_can_fail(page):
    page.set_content("<html><body><img src='x.png'><a href='#'></a></body></html>")
    violations = axe_violations(page)
    assert any(v.startswith("image-alt") for v in violations)
    assert any(v.startswith("html-has-lang") for v in violations)
