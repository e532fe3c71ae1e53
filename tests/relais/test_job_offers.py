import datetime as dt
import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from sppe.relais.enums import JobOfferStatus
from sppe.relais.jobs import services
from sppe.relais.jobs.matching import matching_childminders
from sppe.relais.jobs.models import JobOffer, JobOfferDiffusion

from ..offers.factories import AvailabilityFactory, ChildminderFactory
from .conftest import NOW
from .factories import JobOfferFactory

MON_TUE_WED = 0b00111


def text(response):
    return html.unescape(response.content.decode())


def available(commune, *, days=0b11111, age_max=36, **kwargs):
    childminder = ChildminderFactory(commune=commune, **kwargs)
    AvailabilityFactory(childminder=childminder, days=days, age_max_months=age_max)
    return childminder


def submit(relais, **overrides):
    data = {
        "parent_name": "Camille Martin",
        "email": "Camille@Exemple.test",
        "phone": "",
        "commune": relais["commune"],
        "distance_km": 0,
        "days": MON_TUE_WED,
        "start_time": dt.time(8, 30),
        "end_time": dt.time(17, 30),
        "start_date": dt.date(2026, 4, 1),
        "child_age_months": 10,
    }
    data.update(overrides)
    return services.job_offer_submit(**data)


def test_only_the_fitting_childminders_match(relais):
    here = relais["commune"]
    fits = available(here)
    available(here, days=0b00011)  # free Monday and Tuesday only
    available(here, age_max=6)  # availability for babies only
    available(relais["other_commune"])  # too far (distance 0)
    available(here, is_active=False)
    available(here, email="")  # no way to write to her
    no_availability = ChildminderFactory(commune=here)
    offer = JobOfferFactory(commune=here, days=MON_TUE_WED, child_age_months=10)
    assert list(matching_childminders(offer, [here, relais["other_commune"]])) == [fits]
    assert no_availability not in matching_childminders(offer, [here])


def test_atypical_hours_and_specific_needs_narrow_the_match(relais):
    here = relais["commune"]
    plain = available(here)
    both = available(here, atypical_hours=True, inclusive_care=True, opening_hours="")
    offer = JobOfferFactory(commune=here, atypical_hours=True, specific_needs=True)
    assert list(matching_childminders(offer, [here])) == [both]
    offer = JobOfferFactory(commune=here)
    assert set(matching_childminders(offer, [here])) == {plain, both}


def test_hours_outside_her_declared_hours_do_not_match(relais):
    available(relais["commune"], opening_hours="Mo-Fr 08:00-17:00")
    offer = JobOfferFactory(commune=relais["commune"], end_time=dt.time(18, 30))
    assert not matching_childminders(offer, [relais["commune"]]).exists()


def test_the_whole_way_from_the_parent_to_the_childminder_and_back(relais):
    fits = available(relais["commune"], email="am-ok@exemple.test", phone="06 11 22 33 44")
    available(relais["commune"], email="am-non@exemple.test", days=0b00001)
    offer = submit(relais)
    assert offer.status == JobOfferStatus.SUBMITTED
    assert [m.to for m in mail.outbox] == [["camille@exemple.test"]]
    assert services.job_offer_approve(by=relais["agent"], offer=offer) == 1
    assert [m.to for m in mail.outbox[1:]] == [["am-ok@exemple.test"]]
    link = re.search(r"/relais/offres-emploi/reponse/(\S+)/", mail.outbox[1].body).group(1)
    diffusion = services.diffusion_for_token(link)
    assert diffusion.childminder == fits
    services.job_offer_answer(diffusion=diffusion)
    to_parent = mail.outbox[-1]
    assert to_parent.to == ["camille@exemple.test"]
    assert "06 11 22 33 44" in to_parent.body and "am-ok@exemple.test" in to_parent.body
    with pytest.raises(services.JobOfferError, match="déjà répondu"):
        services.job_offer_answer(diffusion=diffusion)
    services.job_offer_close(offer=offer)
    with pytest.raises(services.JobOfferError, match="Cette offre est close"):
        services.job_offer_answer(diffusion=diffusion)
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"days": 0}, "Choisissez au moins un jour d'accueil."),
        ({"end_time": dt.time(8, 0)}, "doit suivre son heure d'arrivée"),
        ({"start_date": dt.date(2026, 3, 1)}, "La date de début ne peut pas être passée."),
        ({"ends_on": dt.date(2026, 9, 1)}, "La diffusion dure au plus quatre mois"),
    ],
)
def test_a_bad_offer_is_refused_and_stored_nowhere(relais, overrides, message):
    with pytest.raises(services.JobOfferError, match=message):
        submit(relais, **overrides)
    assert not JobOffer.objects.exists()
    assert not mail.outbox


def test_an_agent_of_another_relais_cannot_validate_and_a_second_click_is_refused(relais):
    available(relais["commune"])
    offer = submit(relais)
    with pytest.raises(services.JobOfferError, match="pas dans les communes de votre relais"):
        services.job_offer_approve(by=relais["other_agent"], offer=offer)
    offer.refresh_from_db()
    assert offer.status == JobOfferStatus.SUBMITTED
    services.job_offer_approve(by=relais["agent"], offer=offer)
    with pytest.raises(services.JobOfferError, match="déjà été traitée"):
        services.job_offer_approve(by=relais["agent"], offer=offer)
    assert JobOfferDiffusion.objects.count() == 1


def test_offers_close_at_their_end_date(relais):
    offer = JobOfferFactory(commune=relais["commune"], ends_on=dt.date(2026, 3, 1))
    assert services.job_offers_close_expired(now=NOW) == 1
    offer.refresh_from_db()
    assert offer.status == JobOfferStatus.CLOSED


def test_the_parent_form_refuses_an_offer_with_no_day(client, relais):
    data = {
        "parent_name": "Camille",
        "email": "c@exemple.test",
        "commune": relais["commune"].pk,
        "distance_km": "5",
        "start_time": "08:30",
        "end_time": "17:30",
        "start_date": "2026-04-01",
        "child_age_months": "10",
    }
    response = client.post(reverse("relais:job_offer_new"), data)
    assert "Choisissez au moins un jour d'accueil." in text(response)
    assert not JobOffer.objects.exists()
    data["days"] = ["0", "1"]
    response = client.post(reverse("relais:job_offer_new"), data, follow=True)
    assert "Votre offre est enregistrée" in text(response)
    assert JobOffer.objects.get().days == 0b11


def test_agents_see_and_moderate_their_communes_offers_only(client, relais):
    mine = JobOfferFactory(commune=relais["commune"], status=JobOfferStatus.SUBMITTED)
    theirs = JobOfferFactory(commune=relais["other_commune"], status=JobOfferStatus.SUBMITTED)
    client.force_login(relais["agent"])
    response = client.get(reverse("relais:agent_job_offers"))
    assert response.context["offers"][0] == mine and len(response.context["offers"]) == 1
    url = reverse("relais:agent_job_offer_moderate", args=[theirs.pk])
    assert client.post(url, {"action": "reject"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == JobOfferStatus.SUBMITTED
    url = reverse("relais:agent_job_offer_moderate", args=[mine.pk])
    response = client.post(url, {"action": "reject"}, follow=True)
    assert "Offre refusée." in text(response)
