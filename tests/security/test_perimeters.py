"""Every professional page that takes an object, tried with an object of another commune.

Like the role matrix (test_url_access.py), the list of pages comes from urlmap.RULES:
a professional page with an object in its address must either be tried here with an
object outside the agent's communes (PERIMETER) or be named in SAME_FOR_EVERY_COMMUNE
with the reason it is the same for the whole territory. The agent belongs to an
organisation covering the first commune; the objects below belong to a second
organisation covering the second commune only.
"""

import csv
import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from sppe.accounts.enums import Role
from sppe.accounts.perms import perimeter_covers, perimeter_meets
from sppe.dossiers import campaigns
from sppe.dossiers.campaign_models import (
    CampaignStatus,
    ConfirmationCampaign,
    ConfirmationRequest,
)
from sppe.dossiers.enums import Status
from sppe.offers.lists.enums import ImportStatus, ListKind
from sppe.offers.lists.export import export_file
from sppe.offers.lists.formats import spec_for
from sppe.offers.lists.models import OfferListImport
from sppe.offers.lists.services import offer_list_import_preview
from sppe.offers.models import Childminder

from ..allocation.factories import validated_session
from ..factories import OrganisationFactory
from .snapshot import changed_tables, database_snapshot, drain
from .urlmap import ANY_USER, PUBLIC, RULES

# Roles whose reach is their organisation's communes (written here, not read from perms.py).
PERIMETER_ROLES = {Role.AGENT, Role.CRECHE_MANAGER}

AM = spec_for(ListKind.AM)


def _other_campaign(w):
    return {"pk": w.outside["campaign"].pk}


def _other_request(w):
    return {"pk": w.outside["campaign"].pk, "request_pk": w.outside["confirmation"].pk}


def _other_import(w):
    return {"pk": w.outside["offer_import"].pk}


# URL name -> (role that tries it, kwargs naming an object of the other commune).
PERIMETER = {
    "dossiers:agent_detail": (Role.AGENT, lambda w: {"pk": w.other_dossier.pk}),
    "dossiers:agent_edit": (Role.AGENT, lambda w: {"pk": w.other_dossier.pk}),
    "dossiers:agent_transition": (Role.AGENT, lambda w: {"pk": w.other_dossier.pk}),
    "dossiers:agent_note": (Role.AGENT, lambda w: {"pk": w.other_dossier.pk}),
    "dossiers:agent_document_upload": (Role.AGENT, lambda w: {"pk": w.other_dossier.pk}),
    "dossiers:agent_document": (Role.AGENT, lambda w: {"pk": w.other_document.pk}),
    "campaigns:detail": (Role.AGENT, _other_campaign),
    "campaigns:cancel": (Role.AGENT, _other_campaign),
    "campaigns:record_answer": (Role.AGENT, _other_request),
    "campaigns:reinstate": (Role.AGENT, _other_request),
    "offer_lists:preview": (Role.AGENT, _other_import),
    "offer_lists:apply": (Role.AGENT, _other_import),
    "offer_lists:refresh": (Role.AGENT, _other_import),
    "offers:establishment_availability": (
        Role.CRECHE_MANAGER,
        lambda w: {"pk": w.other_establishment.pk},
    ),
    # The commission: a session of the territory, its dossiers in every commune.
    "allocation:follow_up_record": (Role.AGENT, lambda w: _other_commission(w, "frozen")),
    "allocation:appeal_answer": (Role.AGENT, lambda w: _other_commission(w, "appeal")),
    "allocation:offer_phone": (Role.AGENT, lambda w: _other_commission(w, "offer")),
    "allocation:admission_confirm": (
        Role.CRECHE_MANAGER,
        lambda w: _other_commission(w, "offer", accepted=True),
    ),
    # The relais: places, events and job offers are in a commune.
    "relais:agent_book": (Role.AGENT, lambda w: {"pk": _relais_outside(w)["slot"].pk}),
    "relais:agent_cancel": (Role.AGENT, lambda w: {"pk": _relais_outside(w)["appointment"].pk}),
    "relais:agent_attendance": (Role.AGENT, lambda w: {"pk": _relais_outside(w)["event"].pk}),
    "relais:agent_job_offer_moderate": (
        Role.AGENT,
        lambda w: {"pk": _relais_outside(w)["job_offer"].pk},
    ),
    # The observatory: a commune outside the agent's.
    "observatory:commune": (Role.AGENT, lambda w: {"insee_code": w.communes[1].insee_code}),
    "observatory:commune_pdf": (Role.AGENT, lambda w: {"insee_code": w.communes[1].insee_code}),
}


def _other_commission(w, name, accepted=False):
    """A validated session's objects for the dossier of the second commune."""
    if "commission" not in w.outside:
        w.outside["commission"] = validated_session(
            application=w.other_dossier,
            establishment=w.other_establishment,
            president=w.users[Role.COMMISSION_MEMBER],
            by=w.users[Role.TERRITORY_ADMIN],
            date=dt.date(2027, 6, 7),
        )
    found = w.outside["commission"][name]
    if accepted:
        type(found).objects.filter(pk=found.pk).update(status="accepted")
    return {"pk": found.pk}


def _relais_outside(w):
    """A slot, an appointment, an event and a job offer on the second commune."""
    if "relais" not in w.outside:
        from ..relais.factories import (
            AppointmentFactory,
            EventFactory,
            JobOfferFactory,
            PlaceFactory,
            SlotFactory,
        )

        place = PlaceFactory(commune=w.communes[1])
        w.outside["relais"] = {
            "slot": SlotFactory(place=place),
            "appointment": AppointmentFactory(slot=SlotFactory(place=place)),
            "event": EventFactory(place=place),
            "job_offer": JobOfferFactory(commune=w.communes[1]),
        }
    return w.outside["relais"]


# Professional pages with an address argument that is not an object of a commune.
SAME_FOR_EVERY_COMMUNE = {
    "information:manage_text": "the territory's texts",
    "information:manage_text_delete": "the territory's texts",
    "information:manage_contact": "the territory's contacts",
    "information:manage_contact_delete": "the territory's contacts",
    "offer_lists:template": "an empty file",
    # The export's content is checked below: only the agent's communes.
    "offer_lists:export": "a list kind and a format",
    # A commission's session is the territory's: members sit on it whatever their
    # commune; its pages show anonymised dossiers; the seats page lists only the crèches
    # of the agent's communes and the services refuse the others.
    "allocation:session": "a session of the whole territory",
    "allocation:session_step": "a session of the whole territory",
    "allocation:override_add": "a session of the whole territory",
    "allocation:override_remove": "a session of the whole territory",
    "allocation:minutes": "a session of the whole territory",
    "allocation:session_seats": "a session of the whole territory (crèches filtered)",
    "relais:report_file": "a format: the report counts the agent's communes",
    "observatory:export": "a format: the figures are the agent's communes",
    # Steering is the territory's: one grid, its surveys and plans.
    "steering:criterion": "the territory's self-assessment grid",
    "steering:survey_detail": "the territory's surveys",
    "steering:survey_close": "the territory's surveys",
    "steering:survey_open": "the territory's surveys",
    "steering:survey_export": "the territory's surveys",
    "steering:survey_results": "the territory's surveys",
    "steering:survey_links": "the territory's surveys",
    "steering:survey_emails": "the territory's surveys",
    "steering:question_add": "the territory's surveys",
    "steering:question_delete": "the territory's surveys",
    "steering:plan": "the territory's action plans",
    "steering:plan_edit": "the territory's action plans",
    "steering:plan_export": "the territory's action plans",
}


@pytest.fixture
def outside(world, make_user, territory):
    """Objects of a second organisation, on the second commune only."""
    other_commune = world.communes[1]
    other_agent = make_user(Role.AGENT, organisation=OrganisationFactory(communes=[other_commune]))
    today = timezone.localdate()
    campaign = ConfirmationCampaign.objects.create(
        starts_on=today + dt.timedelta(days=10),
        deadline=today + dt.timedelta(days=40),
        status=CampaignStatus.SCHEDULED,
        created_at=timezone.now(),
        created_by=other_agent,
    )
    confirmation = ConfirmationRequest.objects.create(
        campaign=campaign,
        application=world.other_dossier,
        status_at_launch=Status.SUBMITTED,
        sent_at=timezone.now(),
    )
    data = export_file(
        AM, SimpleNamespace(communes=territory.communes.filter(pk=other_commune.pk)), "csv"
    )
    offer_import = offer_list_import_preview(
        kind=ListKind.AM, file_name="am.csv", data=data, by=other_agent
    )
    assert offer_import.status == ImportStatus.PREVIEWED
    world.outside = {
        "agent": other_agent,
        "campaign": campaign,
        "confirmation": confirmation,
        "offer_import": offer_import,
    }
    return world.outside


def test_every_professional_page_with_an_object_is_tried_outside_the_perimeter():
    with_objects = {
        name
        for name, rule in RULES.items()
        if rule.kwargs is not None
        and rule.who not in (PUBLIC, ANY_USER)
        and set(rule.roles) & PERIMETER_ROLES
    }
    untried = with_objects - set(PERIMETER) - set(SAME_FOR_EVERY_COMMUNE)
    assert not untried, f"pages to add to tests/security/test_perimeters.py: {untried}"
    assert not (set(PERIMETER) | set(SAME_FOR_EVERY_COMMUNE)) - set(RULES)


@pytest.mark.parametrize("name", sorted(PERIMETER))
def test_an_object_of_another_commune_is_not_found_and_nothing_changes(
    client, world, outside, name
):
    role, kwargs = PERIMETER[name]
    client.force_login(world.users[role])
    url = reverse(name, kwargs=kwargs(world))
    before = database_snapshot()
    for method in RULES[name].methods:
        response = getattr(client, method.lower())(
            url, {"version": 99, "answer": "no", "confirm": "1", "reason": "x"}
        )
        drain(response)
        assert response.status_code in (403, 404), (name, method, response.status_code)
    assert changed_tables(before) == [], name


def test_the_other_commune_still_reaches_its_own_objects(client, world, outside):
    """The same pages answer the agent of the second commune: the refusal is the perimeter."""
    client.force_login(outside["agent"])
    assert client.get(reverse("campaigns:detail", args=[outside["campaign"].pk])).status_code == 200
    preview = reverse("offer_lists:preview", args=[outside["offer_import"].pk])
    assert client.get(preview).status_code == 200
    response = client.post(reverse("campaigns:cancel", args=[outside["campaign"].pk]))
    assert response.status_code == 302
    outside["campaign"].refresh_from_db()
    assert outside["campaign"].status == CampaignStatus.CANCELLED


def test_the_campaign_list_shows_only_campaigns_reaching_the_agents_communes(
    client, world, outside
):
    client.force_login(world.users[Role.AGENT])
    html = client.get(reverse("campaigns:list")).content.decode()
    assert reverse("campaigns:detail", args=[world.campaign.pk]) in html
    assert reverse("campaigns:detail", args=[outside["campaign"].pk]) not in html
    # The territory administrator sees both.
    client.force_login(world.users[Role.TERRITORY_ADMIN])
    html = client.get(reverse("campaigns:list")).content.decode()
    assert reverse("campaigns:detail", args=[outside["campaign"].pk]) in html


def test_a_campaign_reaches_only_the_families_of_its_authors_communes(world, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    ConfirmationCampaign.objects.update(status=CampaignStatus.CLOSED)
    agent = world.users[Role.AGENT]
    campaign = campaigns.campaign_launch(
        by=agent, deadline=timezone.localdate() + dt.timedelta(days=30), reminder_days=[14]
    )
    reached = set(campaign.requests.values_list("application_id", flat=True))
    assert world.dossier.pk in reached
    assert world.other_dossier.pk not in reached


def test_campaigns_of_communes_apart_run_at_once_but_not_on_a_same_commune(
    world, outside, make_user, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    deadline = timezone.localdate() + dt.timedelta(days=30)
    ConfirmationCampaign.objects.filter(pk=world.campaign.pk).update(status=CampaignStatus.CLOSED)
    # The other commune's scheduled campaign does not stop the agent's.
    mine = campaigns.campaign_launch(by=world.users[Role.AGENT], deadline=deadline)
    assert mine.status == CampaignStatus.OPEN
    # A territory-wide campaign meets both: refused while they run.
    before = ConfirmationCampaign.objects.count()
    with pytest.raises(campaigns.CampaignError, match="déjà programmée ou en cours"):
        campaigns.campaign_launch(by=world.users[Role.TERRITORY_ADMIN], deadline=deadline)
    assert ConfirmationCampaign.objects.count() == before


def test_an_agent_without_communes_cannot_launch_a_campaign(world, make_user):
    nowhere = make_user(Role.AGENT, organisation=OrganisationFactory(communes=[]))
    ConfirmationCampaign.objects.update(status=CampaignStatus.CLOSED)
    with pytest.raises(campaigns.CampaignError, match="aucune commune du territoire"):
        campaigns.campaign_launch(by=nowhere, deadline=timezone.localdate() + dt.timedelta(days=30))
    assert not ConfirmationCampaign.objects.filter(created_by=nowhere).exists()


def test_the_cancel_service_refuses_a_campaign_outside_the_perimeter(world, outside):
    with pytest.raises(campaigns.CampaignError, match="hors de votre périmètre"):
        campaigns.campaign_cancel(campaign=outside["campaign"], by=world.users[Role.AGENT])
    outside["campaign"].refresh_from_db()
    assert outside["campaign"].status == CampaignStatus.SCHEDULED


def _rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_export_carries_only_the_agents_communes(client, world):
    client.force_login(world.users[Role.AGENT])
    response = client.get(reverse("offer_lists:export", args=["am", "csv"]))
    numbers = {row["Numéro d'agrément"] for row in _rows(response.content)}
    assert world.childminder.agrement_number in numbers
    assert world.other_childminder.agrement_number not in numbers
    assert world.other_childminder.phone not in response.content.decode("utf-8-sig")
    # The territory administrator exports the whole territory.
    client.force_login(world.users[Role.TERRITORY_ADMIN])
    response = client.get(reverse("offer_lists:export", args=["am", "csv"]))
    numbers = {row["Numéro d'agrément"] for row in _rows(response.content)}
    assert world.other_childminder.agrement_number in numbers


def _upload(client, rows: list[dict]):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("offer_lists:index"),
        {"kind": ListKind.AM, "file": SimpleUploadedFile("am.csv", data)},
    )


def test_an_import_cannot_touch_a_childminder_of_another_commune(client, world, territory):
    """Her record moved to the agent's commune by the file, or a new one in the other
    commune: both lines in error, the import refused, nothing changed."""
    inside, other = world.communes[0], world.communes[1]
    rows = _rows(export_file(AM, territory, "csv"))
    for row in rows:
        if row["Numéro d'agrément"] == world.other_childminder.agrement_number:
            row.update(
                {
                    "Code INSEE commune": inside.insee_code,
                    "Commune": inside.name,
                    "Code postal": inside.postal_codes[0] if inside.postal_codes else "",
                }
            )
    newcomer = dict(rows[0])
    newcomer.update(
        {
            "Numéro d'agrément": "AGR-NOUVELLE",
            "Code INSEE commune": other.insee_code,
            "Commune": other.name,
            "Code postal": other.postal_codes[0] if other.postal_codes else "",
        }
    )
    client.force_login(world.users[Role.AGENT])
    before = Childminder.objects.order_by("pk").values_list("pk", "commune_id", "phone")
    before = list(before)
    response = _upload(client, [*rows, newcomer])
    assert response.status_code == 302
    list_import = OfferListImport.objects.latest("pk")
    assert list_import.status == ImportStatus.REJECTED
    errors = " ".join(str(e) for e in list_import.summary.get("errors", []))
    assert "hors de votre périmètre" in errors
    assert "AGR-NOUVELLE" not in list_import.summary.get("creates", [])
    page = client.get(reverse("offer_lists:preview", args=[list_import.pk])).content.decode()
    assert "hors de votre p" in page
    assert list(Childminder.objects.order_by("pk").values_list("pk", "commune_id", "phone")) == (
        before
    )


def test_the_recent_imports_list_only_those_within_the_perimeter(client, world, outside):
    client.force_login(world.users[Role.AGENT])
    html = client.get(reverse("offer_lists:index")).content.decode()
    assert reverse("offer_lists:preview", args=[world.offer_import.pk]) in html
    assert reverse("offer_lists:preview", args=[outside["offer_import"].pk]) not in html


def test_perimeter_helpers(world, outside, territory):
    agent, other = world.users[Role.AGENT], outside["agent"]
    admin = world.users[Role.TERRITORY_ADMIN]
    assert perimeter_covers(agent, agent, territory)
    assert not perimeter_covers(agent, other, territory)
    assert not perimeter_covers(agent, admin, territory)
    assert perimeter_covers(admin, other, territory)
    assert not perimeter_meets(agent, other, territory)
    assert perimeter_meets(agent, admin, territory)
    agent.is_active = False
    assert not perimeter_covers(agent, agent, territory)
