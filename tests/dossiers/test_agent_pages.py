import datetime as dt
import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sppe.accounts.enums import Role
from sppe.accounts.models import User
from sppe.dossiers import services
from sppe.dossiers.enums import Channel, DocumentKind, NoteKind, Status
from sppe.dossiers.models import AccessLog, AgentNote, Application, StatusChange
from sppe.dossiers.states import Reason

from .factories import add_all_documents, born_child, expected_twins, make_dossier, upload
from .forms_data import application_data


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def submitted(dossier):
    services.application_submit(application=dossier, by=dossier.household.account)
    return dossier


def test_queue_filters_and_counts(client, agent, communes, creches):
    twins = make_dossier(commune=communes[0], establishments=creches, children=expected_twins())
    older = make_dossier(
        commune=communes[0], establishments=creches[1:], children=born_child(months=26)
    )
    outside = make_dossier(commune=communes[1], establishments=creches)
    draft = make_dossier(commune=communes[0], establishments=creches)
    for application in (twins, older, outside):
        services.application_submit(application=application, by=application.household.account)
    services.application_transition(
        application=older, to=Status.INCOMPLETE, by=agent, reason=Reason.MISSING_DOCUMENTS
    )
    client.force_login(agent)
    url = reverse("dossiers:agent_queue")

    def listed(**params):
        page = text(client.get(url, params))
        return {a.reference for a in (twins, older, outside, draft) if a.reference in page}

    assert listed() == {twins.reference, older.reference}
    assert listed(etat=Status.INCOMPLETE) == {older.reference}
    assert listed(section="babies") == {twins.reference}
    assert listed(section="older") == {older.reference}
    assert listed(creche=creches[0].pk) == {twins.reference}
    assert listed(commune=communes[0].pk) == {twins.reference, older.reference}
    far = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    assert listed(du=far) == set()
    assert listed(au=far) == {twins.reference, older.reference}
    page = text(client.get(url))
    assert "2 dossiers dans votre périmètre" in page
    assert "Incomplet : des pièces ou informations manquent</a> : 1" in page
    # Bad filters are explained, not crashing.
    response = client.get(url, {"du": far, "au": "2020-01-01"})
    assert "La fin de la période doit venir après son début." in text(response)
    assert client.get(url, {"page": "abc"}).status_code == 200


def test_queue_paginates(client, agent, communes, creches, monkeypatch):
    from sppe.dossiers import views_agent

    monkeypatch.setattr(views_agent, "PAGE_SIZE", 2)
    for _i in range(3):
        application = make_dossier(commune=communes[0], establishments=creches)
        services.application_submit(application=application, by=application.household.account)
    client.force_login(agent)
    page = text(client.get(reverse("dossiers:agent_queue"), {"etat": "submitted"}))
    assert "Page 1 sur 2" in page
    assert "etat=submitted&page=2" in page


def test_detail_records_the_access_and_shows_completeness(client, agent, submitted):
    client.force_login(agent)
    page = text(client.get(reverse("dossiers:agent_detail", args=[submitted.pk])))
    access = AccessLog.objects.get()
    assert (access.user, access.application, access.action) == (agent, submitted, "view")
    assert "Qui a consulté ce dossier" in page
    assert str(agent) in page
    assert "Manque" in page and "Justificatif de domicile" in page
    assert "Passer à : Incomplet" in page
    assert "Passer à : Placée" not in page
    # No free text anywhere on the agents' page.
    assert "<textarea" not in page


def test_transition_with_a_structured_reason(client, agent, submitted):
    client.force_login(agent)
    url = reverse("dossiers:agent_transition", args=[submitted.pk])
    prefix = f"t-{Status.INCOMPLETE}"
    response = client.post(url, {f"{prefix}-to": Status.INCOMPLETE, f"{prefix}-version": 2})
    assert response.status_code == 400
    assert "Ce champ est obligatoire" in text(response)
    response = client.post(
        url,
        {
            f"{prefix}-to": Status.INCOMPLETE,
            f"{prefix}-version": submitted.version,
            f"{prefix}-reason": Reason.MISSING_DOCUMENTS,
        },
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.INCOMPLETE
    # A move not offered from this state is refused.
    response = client.post(
        url, {"t-admitted-to": Status.ADMITTED, "t-admitted-version": submitted.version}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.INCOMPLETE


def test_complete_is_refused_while_documents_are_missing(client, agent, submitted):
    client.force_login(agent)
    url = reverse("dossiers:agent_transition", args=[submitted.pk])
    data = {"t-complete-to": Status.COMPLETE, "t-complete-version": submitted.version}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Pièces manquantes : Justificatif de domicile" in text(response)
    add_all_documents(submitted)
    assert client.post(url, data).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.COMPLETE


def test_two_agents_at_once(client, make_user, agent, submitted):
    other = make_user(Role.AGENT, organisation=agent.organisation)
    seen = submitted.version
    services.application_transition(
        application=submitted, to=Status.INCOMPLETE, by=other, reason=Reason.DOCUMENT_INVALID
    )
    changed = timezone.localtime(Application.objects.get().updated_at)
    client.force_login(agent)
    response = client.post(
        reverse("dossiers:agent_transition", args=[submitted.pk]),
        {"t-withdrawn-to": Status.WITHDRAWN, "t-withdrawn-version": seen},
        follow=True,
    )
    page = text(response)
    assert (
        f"Un autre agent a modifié ce dossier à {changed.hour} h {changed.minute:02d} : "
        "rechargez la page"
    ) in page
    submitted.refresh_from_db()
    assert submitted.status == Status.INCOMPLETE
    assert StatusChange.objects.filter(to_status=Status.WITHDRAWN).count() == 0


def test_notes(client, agent, submitted):
    client.force_login(agent)
    url = reverse("dossiers:agent_note", args=[submitted.pk])
    response = client.post(url, {"kind": "free text about the family"})
    assert response.status_code == 400
    response = client.post(url, {"kind": NoteKind.DOCUMENT_REQUESTED})
    assert response.status_code == 400
    assert "Précisez la pièce concernée." in text(response)
    response = client.post(
        url, {"kind": NoteKind.DOCUMENT_REQUESTED, "document_kind": DocumentKind.INCOME}
    )
    assert response.status_code == 302
    assert AgentNote.objects.get().by == agent
    page = text(client.get(reverse("dossiers:agent_detail", args=[submitted.pk])))
    assert "Pièce demandée : Avis d'imposition" in page


def test_agent_uploads_a_document_brought_to_the_counter(client, agent, submitted):
    client.force_login(agent)
    url = reverse("dossiers:agent_document_upload", args=[submitted.pk])
    response = client.post(url, {"kind": DocumentKind.BIRTH, "file": upload("acte.pdf")})
    assert response.status_code == 302
    assert submitted.household.documents.get().uploaded_by == agent
    response = client.post(url, {"kind": DocumentKind.BIRTH, "file": upload("x.pdf", b"MZ\x90")})
    assert response.status_code == 400


def test_counter_entry_with_an_email_creates_the_account(
    client, agent, communes, creches, django_capture_on_commit_callbacks
):
    client.force_login(agent)
    url = reverse("dossiers:agent_create")
    assert client.get(url).status_code == 200
    data = application_data(communes[0], creches)
    data.update(
        {
            "guichet-channel": Channel.COUNTER,
            "guichet-email": "Famille.Nouvelle@Exemple.test",
            "guichet-consent": "on",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    application = Application.objects.get()
    assert response["Location"] == reverse("dossiers:agent_detail", args=[application.pk])
    account = User.objects.get(email="famille.nouvelle@exemple.test")
    assert account.role == Role.FAMILY and not account.has_usable_password()
    assert application.household.account == account
    assert application.consent_recorded_by == agent
    assert application.channel == Channel.COUNTER
    assert len(mail.outbox) == 1
    assert "/compte/lien/" in mail.outbox[0].body


def test_counter_entry_without_email_needs_a_phone_and_consent(client, agent, communes, creches):
    client.force_login(agent)
    url = reverse("dossiers:agent_create")
    data = application_data(communes[0], creches, **{"situation-phone": ""})
    data["guichet-channel"] = Channel.PHONE
    response = client.post(url, data)
    page = text(response)
    assert "L'accord de la famille est nécessaire" in page
    data["guichet-consent"] = "on"
    page = text(client.post(url, data))
    assert "Indiquez au moins une adresse e-mail ou un numéro de téléphone." in page
    data["situation-commune"] = communes[1].pk
    data["situation-phone"] = "0251000000"
    page = text(client.post(url, data))
    assert "pas dans votre périmètre" in page
    data["situation-commune"] = communes[0].pk
    response = client.post(url, data)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.household.account is None
    assert application.channel == Channel.PHONE
    assert not mail.outbox


def test_counter_entry_refuses_a_professional_email(client, agent, communes, creches):
    client.force_login(agent)
    data = application_data(communes[0], creches)
    data.update(
        {"guichet-channel": Channel.COUNTER, "guichet-email": agent.email, "guichet-consent": "on"}
    )
    response = client.post(reverse("dossiers:agent_create"), data)
    assert "compte professionnel" in text(response)
    assert not Application.objects.exists()


def test_agent_corrects_the_dossier_at_the_familys_request(client, agent, submitted, communes):
    creches = [c.establishment for c in submitted.choices.order_by("rank")]
    client.force_login(agent)
    url = reverse("dossiers:agent_edit", args=[submitted.pk])
    assert client.get(url).status_code == 200
    data = application_data(communes[0], creches[::-1])
    data["version"] = submitted.version
    assert client.post(url, data).status_code == 302
    assert submitted.choices.get(rank=1).establishment == creches[1]
    assert AgentNote.objects.get().kind == NoteKind.SITUATION_UPDATED
    # The same page posted again with the old version changes nothing.
    data["choix-rank_1"], data["choix-rank_2"] = creches[0].pk, creches[1].pk
    response = client.post(url, data, follow=True)
    assert "Un autre agent a modifié ce dossier" in text(response)
    assert submitted.choices.get(rank=1).establishment == creches[1]
    assert AgentNote.objects.count() == 1
