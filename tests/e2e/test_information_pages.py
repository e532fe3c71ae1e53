"""Family information pages and the fee simulator in a real browser: zero axe-core
violation in French, English and Arabic (right to left), and the simulator works without
JavaScript."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from sppe.territories.french_data import import_french_territory
from tests.information.translations import ensure_compiled

from .conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PAGES = [
    "/informations/",
    "/informations/modes-d-accueil/",
    "/informations/demarches/",
    "/informations/demarches/apres-un-refus/",
    "/informations/lexique/",
    "/informations/contacts/",
    "/informations/simulateur/",
    "/informations/facile-a-lire/modes-d-accueil/",
    "/informations/facile-a-lire/simulateur/",
    "/informations/facile-a-lire/apres-un-refus/",
]
SITUATION = (
    "?annual_resources=32000&dependent_children=2&aeeh_children=0&child_age=1"
    "&hours_per_week=40&weeks_per_year=45&micro_creche_hourly_price=9.50"
    "&am_net_hourly_wage=4.20&am_maintenance_per_month=60&gad_net_hourly_wage=11"
)


@pytest.fixture
def demo(transactional_db):
    ensure_compiled()
    import_french_territory(decoupage_dir=settings.DECOUPAGE_ADMINISTRATIF_DIR)
    call_command("load_demo", stdout=io.StringIO())
    from sppe.information.models import Contact
    from sppe.information.services import contact_save, local_content_save

    contact_save(
        contact=Contact(
            name="Relais Petite Enfance Vie et Boulogne",
            kind="rpe",
            address="24 rue des Landes\n85170 Le Poiré-sur-Vie",
            phone="02 51 31 93 18",
            email="relaispetiteenfance@vieetboulogne.fr",
            opening_hours="Mo-Fr 09:00-12:30,13:30-17:00",
            hours_note="Rendez-vous en ligne ou par téléphone.",
        )
    )
    local_content_save(
        key="apres-un-refus",
        language="fr",
        title="Le Relais vous rappelle",
        body="Après la commission, le Relais appelle chaque famille sans place.\n\n- **liste** "
        "des assistants maternels disponibles\n- [rendez-vous](https://exemple.test/rdv)",
        user=None,
    )


def switch_language(page, code):
    page.locator("#language-select").select_option(value=code)
    page.locator(".language-form button").click()
    page.wait_for_load_state()


def layout_is_whole(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    )


def check_pages(live_server, page, *, lang, direction):
    for path in PAGES + ["/informations/simulateur/" + SITUATION]:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == lang, path
        assert page.locator("html").get_attribute("dir") == direction, path
        # Open every details element so that axe checks what they hide too.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert axe_violations(page) == [], (lang, path)
        assert layout_is_whole(page), (lang, path)


def test_family_pages_in_three_languages(live_server, page, demo):
    page.goto(live_server.url + "/informations/")
    check_pages(live_server, page, lang="fr", direction="ltr")

    page.goto(live_server.url + "/informations/")
    switch_language(page, "en")
    assert page.locator("h1").inner_text() == "Information for families"
    check_pages(live_server, page, lang="en", direction="ltr")

    page.goto(live_server.url + "/informations/")
    switch_language(page, "ar")
    assert page.locator("h1").inner_text() == "معلومات للعائلات"
    check_pages(live_server, page, lang="ar", direction="rtl")

    # Right to left: the heading's text starts at the right edge of the content, and the
    # first form label too.
    page.goto(live_server.url + "/informations/simulateur/" + SITUATION)
    for selector in ("h1", "label[for=id_annual_resources]"):
        main, text = page.evaluate(
            """(selector) => {
                const main = document.querySelector("main").getBoundingClientRect();
                const range = document.createRange();
                range.selectNodeContents(document.querySelector(selector));
                const text = range.getBoundingClientRect();
                const style = getComputedStyle(document.querySelector("main"));
                const padding = parseFloat(style.paddingInlineEnd);
                return [[main.left, main.right - padding], [text.left, text.right]];
            }""",
            selector,
        )
        assert abs(main[1] - text[1]) < 30, (selector, main, text)
        assert text[0] > main[0] + 100, (selector, main, text)


def test_simulator_and_guide_work_without_javascript(live_server, browser, demo):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server.url + "/informations/simulateur/")
        page.get_by_label("Ressources annuelles de votre foyer").fill("32 000")
        page.get_by_label("Nombre d'enfants à charge").fill("2")
        page.get_by_label("Âge de l'enfant à faire garder").select_option(label="1 an")
        page.get_by_label("Heures de garde par semaine").fill("40")
        page.get_by_role("button", name="Calculer").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="Votre résultat").is_visible()
        table = page.get_by_role("table", name="Coût par mois de chaque mode d'accueil")
        assert table.get_by_role("row").count() == 5  # header + 4 modes
        summary = page.locator("details summary").first
        summary.click()  # details open without JavaScript
        assert page.get_by_text("Vos ressources mensuelles retenues").first.is_visible()

        # An absurd value is refused with a clear message and the form keeps the rest.
        page.get_by_label("Heures de garde par semaine").fill("200")
        page.get_by_role("button", name="Calculer").click()
        page.wait_for_load_state()
        assert "Indiquez au plus 70 heures par semaine." in page.get_by_role("alert").inner_text()
        assert page.get_by_label("Ressources annuelles de votre foyer").input_value() == "32 000"

        # The printed guide is a link away, and opens as a PDF.
        response = page.request.get(live_server.url + "/informations/guide.pdf")
        assert response.ok
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
    finally:
        context.close()
