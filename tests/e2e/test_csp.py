"""The Content-Security-Policy in a real browser: nothing of ours is blocked."""

import pytest

from .test_offer_search import offer  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_the_search_page_and_its_map_run_under_the_policy(live_server, browser, offer):  # noqa: F811
    context = browser.new_context(locale="fr-FR", bypass_csp=False)  # the real policy
    page = context.new_page()
    page.set_default_timeout(15_000)
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    try:
        page.goto(live_server.url + "/offre/recherche/?commune=85003&mois=10&libre=1")
        page.wait_for_load_state("load")
        assert page.evaluate("() => typeof window.htmx") == "object"
        assert page.locator("#carte").count() == 1
        page.goto(live_server.url + "/compte/connexion/")
        page.wait_for_load_state("load")
        colour = page.evaluate(
            "() => getComputedStyle(document.documentElement).getPropertyValue('--primary')"
        )
        assert colour.strip().startswith("#")
    finally:
        context.close()
    blocked = [m for m in messages if "Content Security Policy" in m]
    assert blocked == []
