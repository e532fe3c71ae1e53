import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from icalendar import Calendar

from sppe.accounts.enums import Role
from sppe.relais.events.services import registration_token
from sppe.relais.models import Appointment

from ..factories import (
    TEST_PASSWORD,
    CommuneFactory,
    OrganisationFactory,
    TerritoryFactory,
    UserFactory,
)
from ..notifications.smtp import SmtpTestServer, body_of
from ..relais.factories import PlaceFactory, RegistrationFactory, SlotFactory, ThemeFactory
from .conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def smtp_server(settings):
    server = SmtpTestServer(settings).start()
    yield server
    server.stop()


@pytest.fixture
def relais(transactional_db):
    commune = CommuneFactory(name="Aizenay", insee_code="85003")
    TerritoryFactory(name="CC de Vie et Boulogne", communes=[commune])
    place = PlaceFactory(commune=commune, name="Relais d'Aizenay")
    agent = UserFactory(
        role=Role.AGENT,
        email="agent@exemple.test",
        organisation=OrganisationFactory(communes=[commune]),
    )
    ThemeFactory(label="Recherche d'un mode d'accueil")
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    slots = [
        SlotFactory(place=place, agent=agent, starts_at=start + dt.timedelta(days=d))
        for d in (2, 3)
    ]
    return {"commune": commune, "agent": agent, "slots": slots}


def test_a_parent_books_without_an_account_gets_the_ics_and_cancels_by_the_link(
    live_server, page, smtp_server, relais
):
    page.goto(live_server.url + "/relais/rendez-vous/")
    assert axe_violations(page) == []
    page.locator(f"a[href$='/relais/rendez-vous/creneau/{relais['slots'][0].pk}/']").click()
    assert page.locator("h1").inner_text() == "Réserver ce créneau"
    assert axe_violations(page) == []
    page.get_by_label("Parent ou futur parent").check()
    page.get_by_label("Nom et prénom").fill("Camille Martin")
    page.get_by_label("Adresse e-mail").fill("camille@exemple.test")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_label("Votre commune").select_option(label="Aizenay (85003)")
    page.get_by_label("Le sujet du rendez-vous").select_option(
        label="Recherche d'un mode d'accueil"
    )
    page.get_by_role("button", name="Réserver").click()
    assert page.get_by_text("Votre rendez-vous est réservé.").is_visible()
    assert axe_violations(page) == []

    [received] = smtp_server.messages
    assert received["To"] == "camille@exemple.test"
    [ics] = [
        part for part in received.iter_attachments() if part.get_filename() == "rendez-vous.ics"
    ]
    event = Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == relais["slots"][0].starts_at
    link = re.search(r"http\S+/relais/rendez-vous/gerer/\S+/", body_of(received)).group(0)

    page.goto(live_server.url + urlsplit(link).path)
    assert page.locator("h1").inner_text() == "Votre rendez-vous"
    page.get_by_role("button", name="Annuler le rendez-vous").click()
    assert page.get_by_text("Votre rendez-vous est annulé.").is_visible()
    assert axe_violations(page) == []
    assert Appointment.objects.get().cancelled_at is not None
    assert len(smtp_server.messages) == 2


def test_the_agent_pages_are_accessible(live_server, page, relais):
    registration = RegistrationFactory(event__place=relais["slots"][0].place)
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill("agent@exemple.test")
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    day = timezone.localdate(relais["slots"][0].starts_at).isoformat()
    for path in (
        f"/relais/agent/agenda/?jour={day}",
        f"/relais/agent/agenda/?jour={day}&vue=semaine",
        "/relais/agent/permanences/",
        "/relais/agent/fermetures/",
        "/relais/agent/offres-emploi/",
        "/relais/agent/rapport/",
        "/relais/agent/ressources/",
        "/relais/agent/assistants-maternels/",
        f"/relais/animations/avis/{registration_token(registration)}/",
        "/relais/ressources/",
        f"/relais/agent/creneau/{relais['slots'][1].pk}/reserver/",
    ):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    page.goto(live_server.url + "/relais/agent/permanences/")
    page.get_by_role("button", name="Publier les créneaux").click()
    assert page.get_by_text("Le formulaire contient des erreurs").is_visible()
    assert axe_violations(page) == []
