import datetime as dt

import pytest
from django.utils import timezone

from sppe.accounts.enums import Role
from sppe.relais.models import Registration

from ..factories import (
    TEST_PASSWORD,
    CommuneFactory,
    OrganisationFactory,
    TerritoryFactory,
    UserFactory,
)
from ..relais.factories import EventFactory, PlaceFactory
from .conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def matinee(transactional_db, time_machine):
    # Ten in the morning, whatever the hour of the run: the matinée is later the same day.
    time_machine.move_to(timezone.localtime().replace(hour=10, minute=0), tick=True)
    commune = CommuneFactory(name="Aizenay", insee_code="85003")
    TerritoryFactory(name="CC de Vie et Boulogne", communes=[commune])
    UserFactory(
        role=Role.AGENT,
        email="agent@exemple.test",
        organisation=OrganisationFactory(communes=[commune]),
    )
    start = timezone.localtime().replace(second=0, microsecond=0) + dt.timedelta(minutes=30)
    return EventFactory(
        place=PlaceFactory(commune=commune, name="Salle des fêtes d'Aizenay"),
        title="Matinée d'éveil : comptines",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )


def test_a_childminder_registers_and_the_agent_takes_the_attendance(live_server, page, matinee):
    page.goto(live_server.url + "/relais/animations/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Matinée d'éveil : comptines").click()
    assert axe_violations(page) == []
    page.get_by_label("Nom et prénom").fill("Sophie Bernard")
    page.get_by_label("Adresse e-mail").fill("sophie@exemple.test")
    page.get_by_label("Nombre d'enfants qui vous accompagnent").fill("3")
    page.get_by_role("button", name="M'inscrire").click()
    assert page.get_by_text("Vous êtes inscrit.").is_visible()
    assert axe_violations(page) == []
    registration = Registration.objects.get()
    assert registration.children == 3

    # The agent, on a phone, the day of the matinée.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill("agent@exemple.test")
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(live_server.url + "/relais/agent/animations/")
    assert axe_violations(page) == []
    page.goto(live_server.url + f"/relais/agent/animations/{matinee.pk}/presence/")
    assert axe_violations(page) == []
    page.get_by_label("Sophie Bernard").check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    assert page.get_by_text("Présences enregistrées : 1.").is_visible()
    registration.refresh_from_db()
    assert registration.attended is True
    page.goto(live_server.url + "/relais/agent/contacts/")
    assert axe_violations(page) == []
