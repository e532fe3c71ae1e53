"""A parent searches, opens a place; an AM updates her places from her magic link."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from sppe.offers.tokens import make_token

from ..factories import CommuneFactory, TerritoryFactory
from ..offers.factories import (
    AvailabilityFactory,
    ChildminderFactory,
    EstablishmentFactory,
    SectionFactory,
)
from .conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def offer(transactional_db):
    aizenay = CommuneFactory(name="Aizenay", insee_code="85003", latitude=46.74, longitude=-1.61)
    mache = CommuneFactory(name="Maché", insee_code="85130", latitude=46.755, longitude=-1.675)
    TerritoryFactory(name="CC de Vie et Boulogne", communes=[aizenay, mache])
    free = ChildminderFactory(commune=mache, first_name="Lina", last_name="Morel")
    AvailabilityFactory(childminder=free, places=1, days=0b01111)
    creche = EstablishmentFactory(commune=aizenay, name="Multi-accueil Les Lutins")
    section = SectionFactory(
        establishment=creche, name="Bébés", age_min_months=2, age_max_months=18
    )
    AvailabilityFactory(section=section, places=2, age_min_months=2, age_max_months=18)
    waiting = ChildminderFactory(
        commune=aizenay,
        first_name="Sophie",
        last_name="Bernard",
        email="sophie@exemple.test",
        availability_updated_at=timezone.now() - dt.timedelta(days=50),
    )
    return {"free": free, "creche": creche, "waiting": waiting}


def test_parent_searches_and_opens_a_place(live_server, page, offer):
    page.goto(live_server.url + "/offre/recherche/")
    assert axe_violations(page) == []
    page.get_by_label("Commune").select_option(label="Aizenay")
    page.get_by_label("ou âge de l'enfant à l'entrée (en mois)").fill("10")
    for day in ("Lundi", "Mardi", "Mercredi", "Jeudi"):
        page.get_by_role("checkbox", name=day, exact=True).check()
    page.get_by_label("Seulement avec une place libre").check()
    page.get_by_role("button", name="Rechercher").click()

    results = page.locator(".results")
    assert "Lina M." in results.inner_text()
    assert "Multi-accueil Les Lutins" in results.inner_text()
    assert "Sophie" not in results.inner_text()
    assert page.locator("#carte").count() == 1  # the map region, with the list as alternative
    assert axe_violations(page) == []

    page.get_by_role("link", name="Multi-accueil Les Lutins").click()
    assert page.locator("h1").inner_text() == "Multi-accueil Les Lutins"
    assert "2 places" in page.content()
    assert axe_violations(page) == []


def test_childminder_updates_from_her_magic_link(live_server, page, offer):
    am = offer["waiting"]
    page.goto(live_server.url + "/offre/mes-disponibilites/")
    assert axe_violations(page) == []
    page.get_by_label("Votre adresse e-mail ou votre numéro d'agrément").fill(am.email)
    page.get_by_role("button", name="Recevoir mon lien").click()
    assert "un lien vient d'être envoyé" in page.locator(".messages").inner_text()
    link = re.search(r"http://\S+", mail.outbox[-1].body).group(0)
    assert make_token(am).split(":")[0] in link

    page.goto(link)
    assert axe_violations(page) == []
    page.get_by_label("Places libres").first.fill("2")
    page.get_by_role("button", name="Enregistrer").click()
    assert "les familles les voient déjà" in page.locator(".messages").inner_text()

    page.goto(live_server.url + "/offre/recherche/?commune=85003&disponible=on")
    hit = page.locator(".hit", has_text="Sophie B.")
    today = timezone.localdate()
    assert "2 places libres" in hit.inner_text()
    assert f"mise à jour le {today.day}" in hit.inner_text()
    assert "Information ancienne" not in hit.inner_text()
