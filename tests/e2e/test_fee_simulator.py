"""The fee simulator in a real browser (issue 15): loaded and submitted with its defaults,
it gives a result in French, English and Arabic, with and without JavaScript; the result
page has no axe-core violation and nothing wider than the window."""

import pytest

from tests.information.translations import ensure_compiled

from ..factories import CommuneFactory, TerritoryFactory
from .conftest import axe_violations
from .test_information_pages import layout_is_whole

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

RESULT_HEADINGS = {"fr": "Votre résultat", "en": "Your result", "ar": "نتيجتك"}
SHARED_CARE = (
    "/informations/simulateur/?annual_resources=48000&dependent_children=1&aeeh_children=0"
    "&child_age=1&hours_per_week=40&start_date=2026-09-01"
    "&contract_months=10&weeks_per_year=38&am_meals_per_month=60&alternating_residence=on"
    "&shared_home_care=on&shared_home_care_percent=50&other_family_resources=24000"
    "&other_family_children=2"
)


@pytest.fixture
def territory_for_browser(transactional_db):
    ensure_compiled()
    aizenay = CommuneFactory(name="Aizenay", insee_code="85003")
    return TerritoryFactory(name="CC de Vie et Boulogne", communes=[aizenay])


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_defaults_give_a_result_in_three_languages(
    live_server, browser, territory_for_browser, javascript
):
    for language, locale in (("fr", "fr-FR"), ("en", "en-GB"), ("ar", "ar")):
        # bypass_csp: axe-core is injected as an inline script, which the site's
        # Content-Security-Policy (script-src 'self') would rightly block.
        context = browser.new_context(
            locale=locale, java_script_enabled=javascript, bypass_csp=True
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            page.goto(live_server.url + "/informations/simulateur/")
            assert page.locator("html").get_attribute("lang") == language
            hours = page.locator("#id_hours_per_week").input_value()
            assert hours == "40", (language, hours)
            page.locator("#simulator-form button[type=submit]").click()
            page.wait_for_load_state()
            assert page.locator(".field__errors").count() == 0, (language, page.url)
            heading = page.locator("#results-title")
            assert heading.is_visible(), (language, javascript)
            assert heading.inner_text() == RESULT_HEADINGS[language]
            rows = page.locator(".results-table tbody tr")
            assert rows.count() == 4, language  # crèche, micro-crèche, childminder, nanny
            if javascript:
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                assert axe_violations(page) == [], language
            assert layout_is_whole(page), language
            # Garde partagée, meals, alternating residence, a 10-month contract: the
            # families' table too has no violation.
            page.goto(live_server.url + SHARED_CARE)
            assert page.locator("#shared-caption").is_visible(), language
            assert page.locator("#shared-caption + thead + tbody tr").count() == 2
            if javascript:
                assert axe_violations(page) == [], language
            assert layout_is_whole(page), language
        finally:
            context.close()
