"""Steering in headless Chromium: an agent builds a survey and sends it by e-mail; a
family answers through the link received; the results show the answer; a second answer
with the same link is refused; every steering page passes axe-core."""

import re
from urllib.parse import urlsplit

import pytest

from sppe.accounts.enums import Role
from sppe.steering.assessment.services import criterion_answer_record
from sppe.steering.models import Plan, Response

from ..factories import (
    TEST_PASSWORD,
    CommuneFactory,
    OrganisationFactory,
    TerritoryFactory,
    UserFactory,
)
from ..notifications.smtp import SmtpTestServer, body_of
from ..steering.factories import small_plan
from .conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def page(browser):
    # axe-core is injected as an inline script, which the pages' CSP forbids.
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def smtp_server(settings):
    server = SmtpTestServer(settings).start()
    yield server
    server.stop()


@pytest.fixture
def agent(transactional_db):
    commune = CommuneFactory(name="Aizenay", insee_code="85003")
    territory = TerritoryFactory(name="CC de Vie et Boulogne", communes=[commune])
    small_plan(territory, start=2025, end=2027)
    for number in range(1, 30):
        criterion_answer_record(
            territory=territory, year=2026, criterion=number, level=1 + number % 3
        )
    return UserFactory(
        role=Role.AGENT,
        email="agent@exemple.test",
        organisation=OrganisationFactory(communes=[commune]),
    )


def log_in(page, base, email):
    page.goto(base + "/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_a_family_answers_the_survey_from_its_email(live_server, browser, page, smtp_server, agent):
    base = live_server.url
    log_in(page, base, agent.email)
    page.goto(base + "/pilotage/enquetes/")
    assert axe_violations(page) == []
    page.get_by_label("Titre de l'enquête").fill("Satisfaction des parents")
    page.get_by_label("Public interrogé").select_option("families")
    page.get_by_role("button", name="Créer l'enquête").click()
    assert page.locator("h1").inner_text() == "Satisfaction des parents"
    # Opening a survey with no question is refused with a clear message.
    page.get_by_role("button", name="Ouvrir l'enquête").click()
    assert page.get_by_text("ajoutez au moins une question").is_visible()
    page.get_by_label("Type de question").select_option("scale")
    page.locator("#id_text").fill("Êtes-vous satisfait du relais ?")
    page.get_by_role("button", name="Ajouter la question").click()
    page.get_by_label("Type de question").select_option("text")
    page.locator("#id_text").fill("Une suggestion ?")
    page.get_by_role("button", name="Ajouter la question").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ouvrir l'enquête").click()
    page.get_by_label("Adresses e-mail (une par ligne)").fill("famille@exemple.test")
    page.get_by_role("button", name="Envoyer les invitations").click()
    assert page.get_by_text("1 invitation(s) envoyée(s) par e-mail.").is_visible()
    assert axe_violations(page) == []

    [received] = smtp_server.messages
    assert received["To"] == "famille@exemple.test"
    link = re.search(r"http\S+/enquete/\S+/", body_of(received)).group(0)
    answer_url = base + urlsplit(link).path

    family = browser.new_context(locale="fr-FR", bypass_csp=True).new_page()
    family.goto(answer_url)
    # The same link opened in a second tab before the first answer is sent.
    second_tab = family.context.new_page()
    second_tab.goto(answer_url)
    assert family.locator("h1").inner_text() == "Satisfaction des parents"
    assert axe_violations(family) == []
    family.get_by_label("8", exact=True).check()
    family.get_by_label("2. Une suggestion ?").fill("Des permanences le samedi")
    family.get_by_role("button", name="Envoyer mes réponses").click()
    assert family.get_by_text("Merci : votre réponse est enregistrée.").is_visible()
    assert axe_violations(family) == []

    page.get_by_role("link", name="Voir les résultats").click()
    assert page.get_by_text("Des permanences le samedi").is_visible()
    assert page.get_by_text("moyenne 8,00 / 10").is_visible()
    assert axe_violations(page) == []

    second_tab.get_by_label("3", exact=True).check()
    second_tab.get_by_role("button", name="Envoyer mes réponses").click()
    assert second_tab.get_by_text("une seule réponse est possible par invitation").is_visible()
    assert axe_violations(second_tab) == []
    assert Response.objects.count() == 1
    family.context.close()


def test_the_steering_pages_are_accessible(live_server, page, agent):
    base = live_server.url
    log_in(page, base, agent.email)
    plan = Plan.objects.get()
    for path in (
        "/pilotage/",
        "/pilotage/grille/",
        "/pilotage/grille/2026/critere/25/",
        "/pilotage/plans/",
        f"/pilotage/plans/{plan.pk}/",
        "/pilotage/elus/",
    ):
        page.goto(base + path)
        assert axe_violations(page) == [], path
    # A level of 4 sent by a tampered form: a clear message, nothing changed.
    page.goto(base + "/pilotage/grille/2026/critere/25/")
    page.locator("#id_level_0").evaluate("el => el.value = '4'")
    page.locator("#id_level_0").check()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    assert page.get_by_text("« 4 » n'est pas accepté").first.is_visible()
    assert axe_violations(page) == []
