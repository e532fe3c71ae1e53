"""The commission's pages: members never see a name or an address; agents act only on
their communes' dossiers; bad input answers with a message and changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.allocation import services
from sppe.allocation.enums import OfferStatus
from sppe.allocation.models import Appeal, FollowUp, FrozenDossier, Offer, Override

from ..factories import OrganisationFactory, UserFactory
from .conftest import NOW
from .test_commission_services import dossier, seats


@pytest.fixture
def session(world, django_capture_on_commit_callbacks):
    north, south = world["north"], world["south"]
    seats(world, north)
    seats(world, south)
    world["placed"] = dossier(world, north, single=True)
    world["waiting"] = dossier(world, north, commune=1)
    world["other"] = dossier(world, south, commune=2)
    services.deliberation_freeze(deliberation=world["deliberation"], by=world["agent"])
    services.deliberation_run(deliberation=world["deliberation"], by=world["president"])
    world["deliberation"].refresh_from_db()
    return world


def names_and_addresses(world):
    for key in ("placed", "waiting", "other"):
        household = world[key].household
        yield household.last_name
        yield household.address
        yield household.account.email


def test_members_pages_show_no_name_nor_address(client, session):
    deliberation = session["deliberation"]
    client.force_login(session["president"])
    waiting = FrozenDossier.objects.get(application=session["waiting"]).number
    unit = deliberation.units.get(establishment=session["north"])
    pages = [
        reverse("allocation:sessions"),
        reverse("allocation:session", args=[deliberation.pk]),
        reverse("allocation:session", args=[deliberation.pk])
        + f"?enfant={waiting}-1&section={unit.pk}",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        for secret in names_and_addresses(session):
            assert secret not in html, (url, secret)
    # The preview names the child passed over and by how many points.
    html = client.get(pages[-1]).content.decode()
    assert "retire sa place" in html


def test_an_override_without_reason_is_refused_by_the_page(client, session):
    deliberation = session["deliberation"]
    client.force_login(session["president"])
    waiting = FrozenDossier.objects.get(application=session["waiting"]).number
    unit = deliberation.units.get(establishment=session["north"])
    url = reverse("allocation:override_add", args=[deliberation.pk])
    response = client.post(
        url,
        {"child_key": f"{waiting}-1", "unit": unit.pk, "reason": "", "comment": "x" * 20},
        follow=True,
    )
    assert "Indiquez l&#x27;enfant, la section, le motif" in response.content.decode()
    assert not Override.objects.exists()


def test_a_second_answer_from_the_page_changes_nothing(client, session):
    services.deliberation_validate(deliberation=session["deliberation"], by=session["president"])
    offer = Offer.objects.get(application=session["placed"])
    client.force_login(session["placed"].household.account)
    url = reverse("allocation:offer", args=[offer.pk])
    client.post(url, {"answer": "accept"})
    response = client.post(url, {"answer": "decline", "reason": "too_far"}, follow=True)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert "Répondre au plus tard" in response.content.decode()
    # Another family cannot open it.
    client.force_login(session["other"].household.account)
    assert client.get(url).status_code == 404


def test_an_agent_acts_only_on_her_communes_dossiers(client, session, territory):
    services.deliberation_validate(deliberation=session["deliberation"], by=session["president"])
    communes = session["communes"]
    # An agent whose organisation covers the third commune only.
    agent = UserFactory(role=Role.AGENT, organisation=OrganisationFactory(communes=[communes[2]]))
    client.force_login(agent)
    page = client.get(reverse("allocation:follow_ups")).content.decode()
    assert session["waiting"].reference not in page  # second commune: not hers
    frozen = FrozenDossier.objects.get(application=session["waiting"])
    response = client.post(
        reverse("allocation:follow_up_record", args=[frozen.pk]),
        {"channel": "phone", "outcome": "childminder"},
    )
    assert response.status_code == 404 and not FollowUp.objects.exists()
    offer = Offer.objects.get(application=session["placed"])
    response = client.post(
        reverse("allocation:offer_phone", args=[offer.pk]),
        {"answer": "decline", "reason": "too_far"},
    )
    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PENDING
    appeal = Appeal.objects.create(
        application=session["waiting"],
        deliberation=session["deliberation"],
        grounds="Une erreur de points sur ma situation.",
        submitted_at=NOW,
    )
    response = client.post(
        reverse("allocation:appeal_answer", args=[appeal.pk]),
        {"upheld": "0", "reason": "rules_applied"},
    )
    assert response.status_code == 404
    appeal.refresh_from_db()
    assert appeal.answered_at is None
    # Her seats page lists only the crèches of her commune (none of the session's here).
    html = client.get(
        reverse("allocation:session_seats", args=[session["deliberation"].pk])
    ).content.decode()
    assert session["north"].name not in html and session["south"].name not in html


def test_the_public_results_hide_small_counts_and_the_export_downloads(client, session):
    services.deliberation_validate(deliberation=session["deliberation"], by=session["president"])
    deliberation = session["deliberation"]
    html = client.get(reverse("allocation:results", args=[deliberation.pk])).content.decode()
    assert "moins de 5" in html
    response = client.get(reverse("allocation:export", args=[deliberation.pk]))
    assert response["Content-Type"] == "application/json"
    assert b'"format":"sppe.commission-session"' in response.content
    for secret in names_and_addresses(session):
        assert secret.encode() not in response.content
    # A session not yet validated is not public.
    other = type(deliberation).objects.create(
        session=type(deliberation.session).objects.create(
            date=dt.date(2027, 6, 7),
            data_freeze_date=dt.date(2027, 5, 24),
            answer_date=dt.date(2027, 6, 14),
        ),
        start_date=dt.date(2027, 9, 1),
    )
    assert client.get(reverse("allocation:results", args=[other.pk])).status_code == 404


def test_an_agent_publishes_a_new_grid_version_and_an_unlawful_one_is_refused(client, world):
    before = services.grid_in_force()
    client.force_login(world["agent"])
    url = reverse("allocation:grid_edit")
    assert client.get(url).status_code == 200
    refused = client.post(
        url,
        {
            "note": "Essai",
            "r-single_parent-points": "-5",
            "r-single_parent-confirmation": "automatic",
        },
    )
    assert "ne peut pas retirer de points" in refused.content.decode().replace("&#x27;", "'")
    assert services.grid_in_force() == before
    data = {
        "note": "Le handicap compte davantage",
        "r-child_disability-points": "40",
        "r-child_disability-label": "Enfant en situation de handicap",
        "r-child_disability-label_en": "Child with a disability",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    grid = services.grid_in_force()
    assert grid.number == before.number + 1
    assert [(c.rule, c.points) for c in grid.criteria.all()] == [("child_disability", 40)]
    assert before.criteria.count() == 7  # the earlier version is kept as it was
