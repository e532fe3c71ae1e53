"""Childminders who consent are placed at their address (Base Adresse Nationale, replayed
from a recorded answer), so that "nearest first" sorts them by their real distance; the
others stay at the centre of their commune."""

import io

import pytest
from django.core.management import call_command

from sppe.offers.geocoding import BanGeocoder
from sppe.offers.services import childminders_locate

from ..factories import CommuneFactory
from .factories import ChildminderFactory
from .test_geocoding import ReplayHandler, ban_server  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def aizenay():
    return CommuneFactory(name="Aizenay", insee_code="85003", latitude=46.74, longitude=-1.61)


def test_a_consenting_childminder_is_placed_at_her_address(ban_server, aizenay):  # noqa: F811
    _server, url = ban_server
    consenting = ChildminderFactory(
        commune=aizenay, address="12 rue de la Gare", postal_code="85190", address_is_public=True
    )
    private = ChildminderFactory(
        commune=aizenay,
        address="3 rue des Écoles",
        address_is_public=False,
        latitude=46.7501,  # placed precisely before she withdrew her consent
        longitude=-1.6302,
    )
    report = childminders_locate(geocoder=BanGeocoder(url))
    assert (report.located, report.not_found, report.back_to_commune) == (1, 0, 1)
    consenting.refresh_from_db()
    private.refresh_from_db()
    assert (consenting.latitude, consenting.longitude) == (46.738562, -1.608421)
    assert (private.latitude, private.longitude) == (46.74, -1.61)
    # Only the consenting childminder's address was sent to the geocoder.
    assert ReplayHandler.seen_queries == [
        {"q": ["12 rue de la Gare 85190 Aizenay"], "limit": ["3"]}
    ]


def test_an_address_found_in_another_commune_is_not_used(ban_server):  # noqa: F811
    _server, url = ban_server
    mache = CommuneFactory(name="Maché", insee_code="85130", latitude=46.755, longitude=-1.675)
    am = ChildminderFactory(commune=mache, address="12 rue de la Gare", address_is_public=True)
    report = childminders_locate(geocoder=BanGeocoder(url))
    assert (report.located, report.not_found) == (0, 1)
    am.refresh_from_db()
    assert (am.latitude, am.longitude) == (46.755, -1.675)


def test_an_unreachable_geocoder_changes_nothing_and_says_so(ban_server, aizenay, settings):  # noqa: F811
    _server, url = ban_server
    ReplayHandler.mode = "error"
    am = ChildminderFactory(commune=aizenay, address="12 rue de la Gare", address_is_public=True)
    report = childminders_locate(geocoder=BanGeocoder(url))
    assert report.unreachable and report.located == 0
    am.refresh_from_db()
    assert (am.latitude, am.longitude) == (46.74, -1.61)
    settings.BAN_URL = url
    err = io.StringIO()
    call_command("locate_childminders", stdout=io.StringIO(), stderr=err)
    assert "could not be reached" in err.getvalue()
