import html

import pytest
from django.core import mail
from django.urls import reverse

from sppe.dossiers.enums import Status
from sppe.dossiers.models import Application
from sppe.dossiers.states import Reason

from .factories import add_all_documents, commission, family
from .forms_data import application_data, unprefixed


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def parent(territory):
    return family()


def test_apply_for_expected_twins_then_submit(client, parent, communes, creches):
    client.force_login(parent)
    response = client.get(reverse("dossiers:application_create"))
    assert response.status_code == 200
    assert "1er choix" in text(response)
    response = client.post(
        reverse("dossiers:application_create"),
        application_data(communes[0], creches, twins=True),
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:family_detail", args=[application.pk])
    assert application.children.count() == 2
    assert application.household.parent2_activity == "training"
    assert application.open_to_other_modes == ["childminder"]
    assert application.start_minute == 8 * 60 + 30

    page = text(client.get(response["Location"]))
    assert "Votre demande n'est pas encore déposée." in page
    assert "Déclaration de grossesse" in page  # a missing document, in plain words
    assert "Enfant attendu pour le" in page

    submit = reverse("dossiers:family_submit", args=[application.pk])
    assert client.get(submit).status_code == 200
    with_commit = client.post(submit, {"version": application.version})
    assert with_commit.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_the_detail_page_says_when_the_answer_comes(client, dossier, agent):
    from sppe.dossiers import services

    session = commission(days_ahead=40)
    family_user = dossier.household.account
    services.application_submit(application=dossier, by=family_user)
    add_all_documents(dossier)
    services.application_transition(application=dossier, to=Status.COMPLETE, by=agent)
    client.force_login(family_user)
    page = text(client.get(reverse("dossiers:family_detail", args=[dossier.pk])))
    from django.utils.formats import date_format

    assert "Votre dossier est complet." in page
    assert (
        f"Il sera étudié par la commission du {date_format(session.date, 'j F Y')} ; vous "
        f"aurez une réponse au plus tard le {date_format(session.answer_date, 'j F Y')}."
    ) in page
    assert "par le guichet unique" in page  # the log, without the agent's name
    assert agent.email not in page


@pytest.mark.parametrize(
    "change, message",
    [
        ({"choix-rank_2": "same"}, "déjà dans votre classement"),
        ({"demande-days": []}, "Ce champ est obligatoire"),
        ({"demande-end_time": "07:00"}, "après l'heure d'arrivée"),
        ({"situation-parent2_activity": ""}, "activité de l'autre parent"),
        ({"situation-annual_resources": ""}, "ne souhaite pas déclarer"),
        ({"demande-child1_birth_date": "2019-01-01"}, "avant les 3 ans"),
        ({"demande-wished_start_date": "2020-01-01"}, "Choisissez une date à venir"),
    ],
)
def test_application_form_errors_keep_nothing(client, parent, communes, creches, change, message):
    client.force_login(parent)
    data = application_data(communes[0], creches)
    if change.get("choix-rank_2") == "same":
        change = {"choix-rank_2": creches[0].pk}
    data.update(change)
    response = client.post(reverse("dossiers:application_create"), data)
    assert response.status_code == 200
    assert message in text(response)
    assert not Application.objects.exists()


def test_update_situation_and_request(client, dossier, communes, creches):
    client.force_login(dossier.household.account)
    url = reverse("dossiers:family_situation", args=[dossier.pk])
    assert client.get(url).status_code == 200
    data = unprefixed(application_data(communes[1], creches), "situation")
    data.update(single_parent="on", version=dossier.version)
    response = client.post(url, data)
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.household.single_parent
    assert dossier.household.commune == communes[1]

    url = reverse("dossiers:family_request", args=[dossier.pk])
    assert client.get(url).status_code == 200
    data = application_data(communes[1], creches[::-1])
    data = {k: v for k, v in data.items() if not k.startswith("situation-")}
    data["version"] = dossier.version
    response = client.post(url, data)
    assert response.status_code == 302
    assert dossier.choices.get(rank=1).establishment == creches[1]

    # A stale page (the desk saved meanwhile) changes nothing.
    data["version"] = dossier.version
    data["choix-rank_1"], data["choix-rank_2"] = creches[0].pk, creches[1].pk
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == url
    assert dossier.choices.get(rank=1).establishment == creches[1]


def test_withdraw_asks_for_confirmation(client, dossier):
    client.force_login(dossier.household.account)
    url = reverse("dossiers:family_withdraw", args=[dossier.pk])
    page = text(client.get(url))
    assert "Oui, retirer ma demande" in page
    dossier.refresh_from_db()
    assert dossier.status == Status.DRAFT
    response = client.post(url, {"version": dossier.version, "reason": Reason.MOVED_AWAY})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWN
    page = text(client.get(reverse("dossiers:family_detail", args=[dossier.pk])))
    assert "Vous avez retiré votre demande." in page
    assert "Vous quittez le territoire" in page  # the family reads the second person
    assert "La famille quitte le territoire" not in page
    assert "Retirer ma demande" not in page
    response = client.get(url)
    assert response.status_code == 302


def test_frozen_dossier_cannot_be_edited(client, dossier, agent):
    from sppe.dossiers import services

    services.application_submit(application=dossier, by=dossier.household.account)
    add_all_documents(dossier)
    services.application_transition(application=dossier, to=Status.COMPLETE, by=agent)
    services.application_freeze_for_commission(session=commission())
    client.force_login(dossier.household.account)
    for name in ("family_situation", "family_request"):
        response = client.get(reverse(f"dossiers:{name}", args=[dossier.pk]))
        assert response.status_code == 302
    page = text(client.get(reverse("dossiers:family_detail", args=[dossier.pk])))
    assert "figées" in page


def test_home_lists_only_my_dossiers(client, dossier, other_family):
    client.force_login(dossier.household.account)
    page = text(client.get(reverse("dossiers:family_home")))
    assert dossier.reference in page
    names = ", ".join(str(child) for child in dossier.children.all())
    assert names and f"Pour {names}" in page  # which child the dossier is for
    client.force_login(other_family)
    assert dossier.reference not in text(client.get(reverse("dossiers:family_home")))
    assert not mail.outbox
