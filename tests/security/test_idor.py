"""Objects that are not the visitor's: another family's dossier, a dossier, an AM or a
crèche outside an agent's communes, another organisation's crèche, another AM's
availability. Always a 404 (nothing revealed) and nothing written."""

import pytest
from django.core import mail
from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.dossiers.campaign_models import ConfirmationRequest
from sppe.dossiers.enums import DocumentKind, Status
from sppe.dossiers.models import Application, Household

from ..dossiers.factories import desk_establishment, family, upload
from ..dossiers.forms_data import application_data
from ..factories import OrganisationFactory
from .snapshot import changed_tables, database_snapshot, drain

FAMILY_DOSSIER_PAGES = [
    "family_detail",
    "family_situation",
    "family_request",
    "family_documents",
    "family_submit",
    "family_withdraw",
]
AGENT_DOSSIER_PAGES = [
    "agent_detail",
    "agent_edit",
    "agent_transition",
    "agent_note",
    "agent_document_upload",
]
ANY_POST = {
    "version": 99,
    "reason": "plus besoin",
    "kind": DocumentKind.INCOME,
    "t-withdrawn-to": Status.WITHDRAWN,
    "confirm": "1",
}


def _try(client, method, url):
    data = dict(ANY_POST, file=upload()) if method == "post" else None
    response = getattr(client, method)(url, data)
    drain(response)
    return response.status_code


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("page", FAMILY_DOSSIER_PAGES)
def test_a_family_cannot_reach_another_familys_dossier(client, world, page, method):
    client.force_login(world.users[Role.FAMILY])
    before = database_snapshot()
    url = reverse(f"dossiers:{page}", args=[world.other_dossier.pk])
    assert _try(client, method, url) in (404, 405)
    assert changed_tables(before) == []


def test_a_family_cannot_download_or_delete_another_familys_document(client, world):
    client.force_login(world.users[Role.FAMILY])
    before = database_snapshot()
    download = reverse("dossiers:family_document", args=[world.other_document.pk])
    assert client.get(download).status_code == 404
    delete = reverse("dossiers:family_document_delete", args=[world.other_document.pk])
    assert client.post(delete, {"dossier": world.other_dossier.pk}).status_code == 404
    assert changed_tables(before) == []


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("page", AGENT_DOSSIER_PAGES)
def test_an_agent_cannot_reach_a_dossier_outside_its_communes(client, world, page, method):
    client.force_login(world.users[Role.AGENT])
    before = database_snapshot()
    url = reverse(f"dossiers:{page}", args=[world.other_dossier.pk])
    assert _try(client, method, url) in (404, 405)
    assert changed_tables(before) == []


def test_an_agent_cannot_download_a_document_outside_its_communes(client, world):
    client.force_login(world.users[Role.AGENT])
    url = reverse("dossiers:agent_document", args=[world.other_document.pk])
    assert client.get(url).status_code == 404


def test_the_queue_lists_only_the_agents_communes(client, world):
    client.force_login(world.users[Role.AGENT])
    page = client.get(reverse("dossiers:agent_queue"), {"commune": world.communes[1].pk})
    html = page.content.decode()
    assert world.other_dossier.reference not in html
    assert world.other_dossier.household.last_name not in html or (
        world.other_dossier.household.last_name == world.dossier.household.last_name
    )


def test_campaign_answers_only_within_the_agents_communes(client, world):
    outside = ConfirmationRequest.objects.create(
        campaign=world.campaign,
        application=world.other_dossier,
        status_at_launch=Status.SUBMITTED,
        sent_at=world.confirmation.sent_at,
    )
    client.force_login(world.users[Role.AGENT])
    before = database_snapshot()
    for name in ("campaigns:record_answer", "campaigns:reinstate"):
        url = reverse(name, args=[world.campaign.pk, outside.pk])
        assert client.post(url, {"answer": "no"}).status_code == 404
    assert changed_tables(before) == []
    detail = client.get(reverse("campaigns:detail", args=[world.campaign.pk]))
    assert world.other_dossier.reference not in detail.content.decode()


def test_counter_entry_cannot_take_over_a_household_outside_the_perimeter(client, world):
    """An agent types the e-mail of a family that lives outside its communes.

    The family's household (its income, its documents, its other dossiers) must not
    be moved into the agent's communes, nor its situation overwritten.
    """
    victim = world.other_dossier.household
    victim_commune, victim_income = victim.commune_id, victim.annual_resources
    agent = world.users[Role.AGENT]
    client.force_login(agent)
    data = application_data(
        world.communes[0],
        [world.establishment],
        **{
            "guichet-channel": "counter",
            "guichet-email": victim.account.email,
            "guichet-consent": "on",
            "situation-annual_resources": "1",
        },
    )
    response = client.post(reverse("dossiers:agent_create"), data)
    assert response.status_code == 200
    victim.refresh_from_db()
    assert (victim.commune_id, victim.annual_resources) == (victim_commune, victim_income)
    assert Application.objects.filter(household=victim).count() == 1
    document = reverse("dossiers:agent_document", args=[world.other_document.pk])
    assert client.get(document).status_code == 404


def test_counter_entry_for_a_known_family_inside_the_perimeter_still_works(client, world):
    household = world.dossier.household
    client.force_login(world.users[Role.AGENT])
    data = application_data(
        world.communes[0],
        [world.establishment],
        **{
            "guichet-channel": "counter",
            "guichet-email": household.account.email,
            "guichet-consent": "on",
        },
    )
    response = client.post(reverse("dossiers:agent_create"), data)
    assert response.status_code == 302
    assert Application.objects.filter(household=household).count() == 2
    assert Household.objects.filter(account=household.account).count() == 1


def test_a_creche_manager_reaches_only_the_organisations_creches(client, world):
    neighbour = desk_establishment(
        world.communes[0], organisation=OrganisationFactory(communes=[world.communes[0]])
    )
    client.force_login(world.users[Role.CRECHE_MANAGER])
    listing = client.get(reverse("offers:establishment_list")).content.decode()
    assert world.establishment.name in listing
    assert neighbour.name not in listing
    before = database_snapshot()
    for establishment in (neighbour, world.other_establishment):
        url = reverse("offers:establishment_availability", args=[establishment.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"confirm": "1"}).status_code == 404
    assert changed_tables(before) == []
    # The agent of the same commune may update the neighbour crèche, not the far one.
    client.force_login(world.users[Role.AGENT])
    url = reverse("offers:establishment_availability", args=[neighbour.pk])
    assert client.get(url).status_code == 200
    far = reverse("offers:establishment_availability", args=[world.other_establishment.pk])
    assert client.get(far).status_code == 404


def test_freshness_reminders_stay_within_the_agents_communes(client, world):
    world.other_childminder.availability_updated_at = None
    world.other_childminder.save()
    client.force_login(world.users[Role.AGENT])
    page = client.get(reverse("offers:freshness")).content.decode()
    assert world.other_childminder.phone not in page
    assert world.other_childminder.last_name not in page
    url = reverse("offers:freshness")
    client.post(url, {"childminder": world.other_childminder.pk})
    client.post(url, {"all": "1"})
    assert all(world.other_childminder.email not in m.to for m in mail.outbox)


def test_a_childminder_edits_only_her_own_availability(client, world):
    client.force_login(world.users[Role.CHILDMINDER])
    page = client.get(reverse("offers:my_availability")).content.decode()
    assert world.childminder.public_name in page
    assert world.other_childminder.public_name not in page
    # Another AM's page is public and read-only: it has no availability form.
    other = client.get(reverse("offers:childminder", args=[world.other_childminder.pk]))
    assert "TOTAL_FORMS" not in other.content.decode()
    assert world.other_childminder.phone not in other.content.decode()


def test_a_family_cannot_withdraw_another_familys_ad(client, world):
    client.force_login(family())
    before = database_snapshot()
    client.post(reverse("offers:shared_care_withdraw", args=[world.ad.pk]))
    assert changed_tables(before) == []
    world.ad.refresh_from_db()
    assert world.ad.is_active


def test_another_family_gets_no_login_link_from_the_counter(client, world):
    """The counter refuses a professional's address without creating a family account."""
    client.force_login(world.users[Role.AGENT])
    data = application_data(
        world.communes[0],
        [world.establishment],
        **{
            "guichet-channel": "counter",
            "guichet-email": world.users[Role.ELECTED].email,
            "guichet-consent": "on",
        },
    )
    response = client.post(reverse("dossiers:agent_create"), data)
    assert response.status_code == 200
    assert mail.outbox == []
