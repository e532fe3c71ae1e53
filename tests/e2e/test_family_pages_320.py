"""Every family page at 320 px wide, in French, English and Arabic (right to left): zero
axe-core violation and no horizontal scrolling (RGAA 10.11, WCAG 1.4.10 reflow)."""

import pytest
from django.urls import reverse

from sppe.accounts.enums import Role
from tests.information.translations import ensure_compiled

from ..dossiers.factories import desk_establishment, make_dossier
from ..factories import TEST_PASSWORD, CommuneFactory, TerritoryFactory, UserFactory
from ..offers.factories import (
    AvailabilityFactory,
    ChildminderFactory,
    EstablishmentFactory,
    MamFactory,
    SectionFactory,
)
from .conftest import axe_violations
from .test_information_pages import layout_is_whole, switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
NARROW = {"width": 320, "height": 640}


@pytest.fixture
def family_world(transactional_db, settings, tmp_path):
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    ensure_compiled()
    aizenay = CommuneFactory(name="Aizenay", insee_code="85003", latitude=46.74, longitude=-1.61)
    poire = CommuneFactory(
        name="Le Poiré-sur-Vie", insee_code="85178", latitude=46.77, longitude=-1.51
    )
    TerritoryFactory(name="CC de Vie et Boulogne", communes=[aizenay, poire])
    creches = [
        desk_establishment(aizenay, name="Multi-accueil Les Galopins des Quatre Saisons"),
        desk_establishment(poire, name="Micro-crèche Les Petits Mousses"),
    ]
    other = EstablishmentFactory(commune=poire, name="Micro-crèche privée")
    AvailabilityFactory(section=SectionFactory(establishment=other, name="Bébés"), places=1)
    mam = MamFactory(commune=aizenay, name="MAM Les Lucioles")
    am = ChildminderFactory(
        commune=poire,
        first_name="Ana",
        last_name="Amar",
        mam=mam,
        phone="02 51 31 93 18",
        phone_is_public=True,
        description="Maison avec jardin, à deux pas de l'école.",
    )
    AvailabilityFactory(childminder=am, places=2)
    family = UserFactory(role=Role.FAMILY, email="famille@exemple.test")
    dossier = make_dossier(commune=aizenay, establishments=creches, account=family)
    return {"creche": creches[0], "other": other, "am": am, "mam": mam, "dossier": dossier}


def public_paths(world):
    return [
        reverse("core:home"),
        reverse("offers:search"),
        reverse("offers:search") + "?commune=85003&rayon=10",
        reverse("offers:search") + "?rayon=10",
        reverse("offers:establishment", args=[world["creche"].pk]),
        reverse("offers:establishment", args=[world["other"].pk]),
        reverse("offers:childminder", args=[world["am"].pk]),
        reverse("offers:mam", args=[world["mam"].pk]),
        reverse("information:index"),
        reverse("information:modes"),
        reverse("information:moments"),
        reverse("information:lexicon"),
        reverse("information:contacts"),
        reverse("opendata:index"),
        reverse("api:index"),
        reverse("core:accessibility"),
        reverse("core:legal_notice"),
        reverse("core:personal_data"),
        reverse("accounts:login"),
        reverse("accounts:signup"),
        reverse("accounts:link_request"),
        reverse("accounts:link_sent"),
    ]


def family_paths(world):
    pk = world["dossier"].pk
    return [
        reverse("accounts:home"),
        reverse("accounts:password_set"),
        reverse("dossiers:family_home"),
        reverse("dossiers:application_create"),
        reverse("dossiers:family_detail", args=[pk]),
        reverse("dossiers:family_situation", args=[pk]),
        reverse("dossiers:family_request", args=[pk]),
        reverse("dossiers:family_documents", args=[pk]),
        reverse("dossiers:family_submit", args=[pk]),
        reverse("dossiers:family_withdraw", args=[pk]),
    ]


def check(page, url, lang):
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == lang, url
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert layout_is_whole(page), (lang, url, wider_than_the_page(page))
    assert axe_violations(page) == [], (lang, url)


def wider_than_the_page(page) -> list[str]:
    """The elements that stick out, to say which one makes the page scroll."""
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                      || e.getBoundingClientRect().left < -1)
            .slice(0, 5).map(e => e.tagName + (e.id ? "#" + e.id : "") + "." + e.className)"""
    )


def test_family_pages_at_320_px_in_three_languages(live_server, browser, family_world):
    context = browser.new_context(locale="fr-FR", viewport=NARROW)
    page = context.new_page()
    page.set_default_timeout(15_000)
    public = [live_server.url + p for p in public_paths(family_world)]
    private = [live_server.url + p for p in family_paths(family_world)]
    try:
        for lang in ("fr", "en", "ar"):
            page.goto(live_server.url + "/")
            if lang != "fr":
                switch_language(page, lang)
            for url in public:
                check(page, url, lang)
        page.goto(live_server.url + reverse("accounts:login"))
        switch_language(page, "fr")
        page.locator("#id_username").fill("famille@exemple.test")
        page.locator("#id_password").fill(TEST_PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        for lang in ("fr", "en", "ar"):
            if lang != "fr":
                switch_language(page, lang)
            for url in private:
                check(page, url, lang)
    finally:
        context.close()


def test_a_failed_submit_moves_the_focus_to_the_error_summary(live_server, page, family_world):
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    # The summary's link to the e-mail field leads to it.
    page.locator("[data-error-summary] a").first.click()
    assert page.evaluate("location.hash") == "#id_username"


def test_the_first_tab_on_the_sign_in_page_reaches_the_skip_link(live_server, page, family_world):
    page.goto(live_server.url + reverse("accounts:login"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#contenu"
