import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from sppe.accounts.enums import Role
from sppe.relais.jobs import services
from sppe.relais.jobs.models import JobOffer

from ..factories import CommuneFactory, OrganisationFactory, TerritoryFactory, UserFactory
from ..notifications.smtp import SmtpTestServer, body_of
from ..offers.factories import AvailabilityFactory, ChildminderFactory
from .conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def smtp_server(settings):
    server = SmtpTestServer(settings).start()
    yield server
    server.stop()


@pytest.fixture
def territory(transactional_db):
    aizenay = CommuneFactory(name="Aizenay", insee_code="85003", latitude=46.74, longitude=-1.61)
    far = CommuneFactory(name="Falleron", insee_code="85086", latitude=46.88, longitude=-1.70)
    TerritoryFactory(name="CC de Vie et Boulogne", communes=[aizenay, far])
    agent = UserFactory(
        role=Role.AGENT,
        email="agent@exemple.test",
        organisation=OrganisationFactory(communes=[aizenay, far]),
    )
    fits = ChildminderFactory(
        commune=aizenay, email="nathalie@exemple.test", phone="06 11 22 33 44"
    )
    AvailabilityFactory(childminder=fits)
    elsewhere = ChildminderFactory(commune=far, email="loin@exemple.test")
    AvailabilityFactory(childminder=elsewhere)
    return {"agent": agent}


def test_a_parent_posts_an_offer_a_matching_childminder_answers(
    live_server, page, smtp_server, territory
):
    page.goto(live_server.url + "/relais/offres-emploi/nouvelle/")
    assert axe_violations(page) == []
    page.get_by_label("Votre nom").fill("Camille Martin")
    page.get_by_label("Votre adresse e-mail").fill("camille@exemple.test")
    page.get_by_label("Commune de l'accueil").select_option(label="Aizenay (85003)")
    page.get_by_label("Distance acceptée autour de cette commune").select_option(label="5 km")
    page.get_by_label("Lundi").check()
    page.get_by_label("Jeudi").check()
    page.get_by_label("Heure d'arrivée de l'enfant").fill("08:30")
    page.get_by_label("Heure de départ de l'enfant").fill("17:00")
    start = timezone.localdate() + timezone.timedelta(days=20)
    page.get_by_label("À partir du").fill(start.isoformat())
    page.get_by_label("Âge de l'enfant au début de l'accueil (en mois)").fill("10")
    page.get_by_role("button", name="Envoyer mon offre au relais").click()
    assert page.get_by_text("Votre offre est enregistrée").is_visible()
    assert axe_violations(page) == []

    services.job_offer_approve(by=territory["agent"], offer=JobOffer.objects.get())
    recipients = [m["To"] for m in smtp_server.messages]
    assert recipients == ["camille@exemple.test", "nathalie@exemple.test"]  # not Falleron's
    link = re.search(r"http\S+/relais/offres-emploi/reponse/\S+/", body_of(smtp_server.messages[1]))
    page.goto(live_server.url + urlsplit(link.group(0)).path)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Je suis intéressée : transmettre mes coordonnées").click()
    assert page.get_by_text("C'est fait : le parent a reçu vos coordonnées.").is_visible()
    to_parent = smtp_server.messages[-1]
    assert to_parent["To"] == "camille@exemple.test"
    assert "06 11 22 33 44" in body_of(to_parent)
