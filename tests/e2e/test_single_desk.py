"""The single desk end to end: a parent applies for expected twins, an agent finds the
dossier incomplete, the parent completes it and sees when the answer comes."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from sppe.accounts.enums import Role
from sppe.dossiers.enums import Status
from sppe.dossiers.models import Application, CommissionSession

from ..dossiers.factories import desk_establishment, pdf_bytes
from ..factories import (
    TEST_PASSWORD,
    CommuneFactory,
    OrganisationFactory,
    TerritoryFactory,
    UserFactory,
)
from ..notifications.smtp import SmtpTestServer
from .conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def desk(transactional_db, settings, tmp_path):
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    aizenay = CommuneFactory(name="Aizenay", insee_code="85003")
    mache = CommuneFactory(name="Maché", insee_code="85130")
    TerritoryFactory(name="CC de Vie et Boulogne", communes=[aizenay, mache])
    for name, commune in (
        ("Multi-accueil Les Lutins", aizenay),
        ("Crèche Les Petits Loups", aizenay),
        ("Micro-crèche Les Câlins", mache),
    ):
        desk_establishment(commune, name=name)
    today = timezone.localdate()
    session = CommissionSession.objects.create(
        date=today + dt.timedelta(days=45),
        data_freeze_date=today + dt.timedelta(days=35),
        answer_date=today + dt.timedelta(days=52),
    )
    agent = UserFactory(
        role=Role.AGENT,
        email="agent@exemple.test",
        organisation=OrganisationFactory(communes=[aizenay, mache]),
    )
    # Every e-mail goes through the outbox to a real SMTP server, read by the test.
    smtp = SmtpTestServer(settings).start()
    yield {"aizenay": aizenay, "session": session, "agent": agent, "smtp": smtp}
    smtp.stop()


def body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def last_link(smtp, pattern):
    for message in reversed(smtp.messages):
        found = re.search(pattern, body(message))
        if found:
            return found.group(0)
    raise AssertionError(f"no e-mail with {pattern}")


def about(smtp, application):
    return [m for m in smtp.messages if application.reference in m["Subject"]]


def fill_application(page, due_date):
    page.locator("#id_situation-first_name").fill("Inès")
    page.locator("#id_situation-last_name").fill("Roy")
    page.get_by_label("Commune où vit la famille").select_option(label="Aizenay")
    page.get_by_label("Téléphone").fill("0601020304")
    page.get_by_label("Votre activité").select_option(label="En emploi")
    page.get_by_label("Activité de l'autre parent").select_option(label="En formation ou études")
    page.get_by_label("Ressources annuelles du foyer, en euros").fill("31000")
    page.get_by_label("Non, la naissance est attendue").check()
    page.get_by_label("Date prévue de naissance").fill(due_date.isoformat())
    page.get_by_label("Nombre d'enfants attendus").select_option(label="2 (jumeaux)")
    wished = due_date + dt.timedelta(days=120)
    page.get_by_label("Date d'entrée souhaitée").fill(wished.isoformat())
    for day in ("Lundi", "Mardi", "Jeudi", "Vendredi"):
        page.get_by_role("checkbox", name=day, exact=True).check()
    page.get_by_label("Heure d'arrivée le matin").fill("08:30")
    page.get_by_label("Heure de départ le soir").fill("17:30")
    page.get_by_label("Un assistant maternel (à son domicile)").check()
    page.get_by_label("1er choix").select_option(label="Micro-crèche Les Câlins (Maché)")
    page.get_by_label("2e choix (facultatif)").select_option(
        label="Multi-accueil Les Lutins (Aizenay)"
    )
    page.get_by_label("3e choix (facultatif)").select_option(
        label="Crèche Les Petits Loups (Aizenay)"
    )


def upload(page, kind, name):
    page.get_by_label("Type de pièce").select_option(label=kind)
    page.get_by_label("Fichier").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_role("button", name="Ajouter la pièce").click()
    assert "La pièce est ajoutée à votre dossier." in page.content()


def test_parent_applies_agent_asks_for_more_parent_completes(live_server, page, browser, desk):
    url = live_server.url
    # The parent creates an account with an e-mail address only.
    page.goto(url + "/compte/inscription/")
    assert axe_violations(page) == []
    page.get_by_label("Adresse e-mail").fill("ines.roy@exemple.test")
    page.get_by_label("Prénom").fill("Inès")
    page.locator("#id_last_name").fill("Roy")
    page.get_by_role("button", name="Créer mon compte").click()
    assert page.locator("h1").inner_text() == "Consultez votre messagerie"
    assert axe_violations(page) == []
    page.goto(last_link(desk["smtp"], r"http://[^\s]+/compte/lien/[^\s]+/"))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Me connecter").click()
    assert page.locator("h1").inner_text() == "Mes demandes de place en crèche"
    assert axe_violations(page) == []

    # One application for expected twins, three crèches ranked.
    page.get_by_role("link", name="Faire une demande").click()
    assert axe_violations(page) == []
    fill_application(page, timezone.localdate() + dt.timedelta(days=70))
    page.get_by_role("button", name="Enregistrer ma demande").click()
    assert "Votre demande n'est pas encore déposée." in page.content()
    assert axe_violations(page) == []
    application = Application.objects.get()
    assert application.children.count() == 2
    assert [c.establishment.name for c in application.choices.order_by("rank")] == [
        "Micro-crèche Les Câlins",
        "Multi-accueil Les Lutins",
        "Crèche Les Petits Loups",
    ]

    page.get_by_role("link", name="Ajouter ou gérer mes pièces").click()
    assert axe_violations(page) == []
    upload(page, "Justificatif de domicile", "facture-edf.pdf")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Retour au dossier").click()
    page.get_by_role("link", name="Déposer ma demande").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Déposer ma demande").click()
    assert "Déposé, en attente de vérification" in page.content()
    acknowledgement = about(desk["smtp"], application)
    assert len(acknowledgement) == 1
    assert acknowledgement[0]["To"] == "ines.roy@exemple.test"

    # An agent finds documents missing.
    agent_context = browser.new_context(locale="fr-FR")
    agent_page = agent_context.new_page()
    agent_page.goto(url + "/compte/connexion/")
    agent_page.get_by_label("Adresse e-mail").fill("agent@exemple.test")
    agent_page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    agent_page.get_by_role("button", name="Se connecter").click()
    agent_page.goto(url + "/guichet/agents/")
    agent_page.get_by_role("link", name=application.reference).click()
    assert "Manque" in agent_page.content()
    form = agent_page.locator("form.transition").filter(has_text="Passer à : Incomplet")
    form.get_by_label("Motif").select_option(label="Des pièces justificatives manquent")
    form.get_by_role("button").click()
    assert "Le dossier est maintenant : Incomplet" in agent_page.content()
    assert axe_violations(agent_page) == []
    agent_context.close()
    application.refresh_from_db()
    assert application.status == Status.INCOMPLETE
    assert len(about(desk["smtp"], application)) == 2
    assert "incomplet" in body(about(desk["smtp"], application)[-1]).lower()

    # The parent completes the dossier and sees when the answer comes.
    page.reload()
    assert "Votre dossier est incomplet" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ajouter ou gérer mes pièces").click()
    upload(page, "Avis d'imposition ou attestation de ressources Caf", "avis.pdf")
    upload(page, "Déclaration de grossesse", "grossesse.pdf")
    upload(page, "Attestation d'emploi, de formation ou de recherche", "contrat.pdf")
    upload(page, "Attestation d'emploi, de formation ou de recherche", "formation.pdf")
    assert "Toutes les pièces demandées pour votre situation sont là." in page.content()
    page.get_by_role("link", name="Retour au dossier").click()
    page.get_by_role("link", name="J'ai complété mon dossier").click()
    page.get_by_role("button", name="Envoyer au guichet unique").click()
    content = page.content()
    assert "Déposé, en attente de vérification" in content
    session = desk["session"]
    assert f"commission du {date_format(session.date, 'j F Y')}" in content
    assert f"au plus tard le {date_format(session.answer_date, 'j F Y')}" in content
    assert axe_violations(page) == []
