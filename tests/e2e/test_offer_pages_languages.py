"""The search results and the place pages in a real browser, in English and in Arabic
(right to left): zero axe-core violation and nothing wider than the window."""

import pytest
from django.urls import reverse

from tests.information.translations import ensure_compiled

from ..factories import CommuneFactory, TerritoryFactory
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


@pytest.fixture
def offer(transactional_db):
    ensure_compiled()
    aizenay = CommuneFactory(name="Aizenay", insee_code="85003", latitude=46.74, longitude=-1.61)
    mache = CommuneFactory(name="Maché", insee_code="85130", latitude=46.755, longitude=-1.675)
    TerritoryFactory(name="CC de Vie et Boulogne", communes=[aizenay, mache])
    mam = MamFactory(commune=aizenay, name="MAM Les Lucioles")
    am = ChildminderFactory(commune=mache, first_name="Lina", last_name="Morel", mam=mam)
    AvailabilityFactory(childminder=am, places=2, days=0b01111)
    creche = EstablishmentFactory(
        commune=aizenay,
        name="Multi-accueil Les Lutins",
        opening_hours="Mo-Fr 07:30-18:30; Sa 08:00-12:00",
    )
    section = SectionFactory(
        establishment=creche, name="Bébés", age_min_months=2, age_max_months=18
    )
    AvailabilityFactory(section=section, places=1, age_min_months=2, age_max_months=18)
    return {"am": am, "creche": creche, "mam": mam}


def check(page, url, *, lang, direction):
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == lang, url
    assert page.locator("html").get_attribute("dir") == direction, url
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert axe_violations(page) == [], (lang, url)
    assert layout_is_whole(page), (lang, url)


def test_offer_pages_in_english_and_arabic(live_server, page, offer):
    search = live_server.url + reverse("offers:search") + "?commune=85003&rayon=10"
    places = [
        live_server.url + reverse("offers:establishment", args=[offer["creche"].pk]),
        live_server.url + reverse("offers:childminder", args=[offer["am"].pk]),
        live_server.url + reverse("offers:mam", args=[offer["mam"].pk]),
    ]
    page.goto(search)
    switch_language(page, "en")
    assert page.locator("#results-title").inner_text() == "3 results around Aizenay"
    for url in [search, *places]:
        check(page, url, lang="en", direction="ltr")

    page.goto(search)
    switch_language(page, "ar")
    assert page.locator("h1").inner_text() == "إيجاد نمط رعاية"
    for url in [search, *places]:
        check(page, url, lang="ar", direction="rtl")

    # Right to left: the place's title starts at the right edge of the content, and the
    # opening hours read from the right too.
    page.goto(places[0])
    main, title = page.evaluate(
        """() => {
            const main = document.querySelector("main").getBoundingClientRect();
            const range = document.createRange();
            range.selectNodeContents(document.querySelector("h1"));
            const text = range.getBoundingClientRect();
            const padding = parseFloat(getComputedStyle(document.querySelector("main"))
                .paddingInlineEnd);
            return [[main.left, main.right - padding], [text.left, text.right]];
        }"""
    )
    assert abs(main[1] - title[1]) < 30, (main, title)
    first_day = page.locator("table.schedule th").first
    assert first_day.inner_text() == "الاثنين"
    assert page.locator("table.schedule td").nth(6).inner_text() == "مغلق"
