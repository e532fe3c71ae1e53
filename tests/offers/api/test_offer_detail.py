import pytest
from django.urls import reverse

from ...factories import CommuneFactory
from ..opendata.factories import ChildminderFactory, EstablishmentFactory, HomeCareProviderFactory


def detail(kind, pk):
    return reverse("api:offer_detail", kwargs={"kind": kind, "pk": pk})


@pytest.mark.parametrize("kind", ["establishment", "mam", "childminder", "home_care"])
def test_detail_of_each_kind(client, offer, kind):
    obj = offer[kind]
    response = client.get(detail(kind, obj.pk))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    data = response.json()
    assert (data["kind"], data["id"]) == (kind, obj.pk)
    assert data["url"].endswith(detail(kind, obj.pk))


def test_home_care_lists_the_communes_it_serves(client, offer):
    data = client.get(detail("home_care", offer["home_care"].pk)).json()
    commune = offer["home_care"].communes.get()
    assert (data["communes"], data["insee_codes"]) == ([commune.name], [commune.insee_code])


def test_invalid_hours_are_served_as_stored_and_flagged(client, communes):
    am = ChildminderFactory(commune=communes[0], opening_hours="le matin")
    data = client.get(detail("childminder", am.pk)).json()
    assert (data["opening_hours"], data["opening_hours_valid"]) == ("le matin", False)


def test_unknown_inactive_or_outside_offers_are_404_in_json(client, communes):
    closed = EstablishmentFactory(commune=communes[0], is_active=False)
    outside = EstablishmentFactory(commune=CommuneFactory())
    stopped = HomeCareProviderFactory(communes=[communes[0]], is_active=False)
    for url in (
        detail("establishment", closed.pk),
        detail("establishment", outside.pk),
        detail("home_care", stopped.pk),
        detail("establishment", 999999),
        detail("creche", 1),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "introuvable" in response.json()["message"]


def test_detail_is_read_only(client, offer):
    response = client.put(detail("establishment", offer["establishment"].pk))
    assert response.status_code == 405
