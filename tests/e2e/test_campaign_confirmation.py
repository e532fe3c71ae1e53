import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from sppe.accounts.enums import Role
from sppe.dossiers import campaigns
from sppe.dossiers.campaign_models import ConfirmationRequest
from sppe.dossiers.enums import Status

from ..dossiers.model_factories import ApplicationFactory
from ..factories import (
    TEST_PASSWORD,
    CommuneFactory,
    OrganisationFactory,
    TerritoryFactory,
    UserFactory,
)
from ..notifications.smtp import SmtpTestServer, body_of
from .conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def smtp_server(settings):
    server = SmtpTestServer(settings).start()
    yield server
    server.stop()


@pytest.fixture
def waiting_family(transactional_db):
    commune = CommuneFactory(name="Aizenay", insee_code="85003")
    TerritoryFactory(name="CC de Vie et Boulogne", communes=[commune])
    return ApplicationFactory(household__commune=commune, status=Status.COMPLETE)


def test_a_family_confirms_from_the_link_in_its_email(
    live_server, page, smtp_server, waiting_family
):
    agent = UserFactory(
        role=Role.AGENT,
        email="agent@exemple.test",
        organisation=OrganisationFactory(communes=[waiting_family.household.commune]),
    )
    deadline = timezone.localdate() + dt.timedelta(days=30)
    campaigns.campaign_launch(by=agent, deadline=deadline, reminder_days=[14])

    [received] = smtp_server.messages
    assert received["To"] == waiting_family.household.account.email
    link = re.search(r"http\S+/confirmer/\S+/", body_of(received)).group(0)
    page.goto(live_server.url + urlsplit(link).path)
    assert page.locator("h1").inner_text() == "Avez-vous toujours besoin d'une place en crèche ?"
    assert axe_violations(page) == []

    page.get_by_role("button", name="Oui, j'ai toujours besoin d'une place").click()
    assert page.get_by_text("Merci : votre demande reste sur la liste d'attente.").is_visible()
    assert axe_violations(page) == []
    request = ConfirmationRequest.objects.get(application=waiting_family)
    assert request.answer == "still_needed"

    page.goto(live_server.url + "/guichet/campagnes/confirmer/lien-abime/")
    assert page.locator("h1").inner_text() == "Ce lien n'est pas valable"
    assert axe_violations(page) == []


def test_the_agents_pages_are_accessible(live_server, page, waiting_family):
    UserFactory(role=Role.TERRITORY_ADMIN, email="admin@exemple.test", is_staff=True)
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill("admin@exemple.test")
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    for path in (
        "/guichet/campagnes/",
        "/guichet/campagnes/naissances/",
        "/guichet/campagnes/stats/",
    ):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    page.goto(live_server.url + "/guichet/campagnes/")
    page.get_by_role("button", name="Enregistrer la campagne").click()
    assert page.locator("h1").inner_text() == "Campagne du " + campaigns._format_date(
        timezone.localdate()
    )
    assert axe_violations(page) == []
