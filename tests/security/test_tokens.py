"""Log-in links, availability links and confirmation links: expired, tampered or used
links are refused with a clear page, and no page tells whether an address is known."""

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from sppe.accounts.enums import Role

from ..factories import TEST_PASSWORD
from .conftest import availability_token, family_login_token

DAY = 24 * 3600
CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _made_ago(seconds, make, *args):
    """A token signed `seconds` ago."""
    past = time.time() - seconds
    with mock.patch("django.core.signing.time.time", return_value=past):
        return make(*args)


def _refused(response, text):
    assert response.status_code in (403, 404)
    assert text in response.content.decode()


# --- families' log-in links --------------------------------------------------------


def _login_url(token):
    return reverse("accounts:magic_login", args=[token])


def test_a_fresh_link_logs_in_once(client, world):
    token = family_login_token(world.users[Role.FAMILY])
    assert client.get(_login_url(token)).status_code == 200
    assert "_auth_user_id" not in client.session  # opening the link alone logs nobody in
    assert client.post(_login_url(token)).status_code == 302
    client.logout()
    _refused(client.get(_login_url(token)), "Ce lien ne fonctionne plus")
    _refused(client.post(_login_url(token)), "Ce lien ne fonctionne plus")
    assert "_auth_user_id" not in client.session


def test_an_expired_link_is_refused(client, world):
    token = _made_ago(DAY + 60, family_login_token, world.users[Role.FAMILY])
    _refused(client.post(_login_url(token)), "Ce lien ne fonctionne plus")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: t.replace(t.split(":")[0], t.split(":")[0][::-1]),
        lambda t: "x" * 40,
        lambda t: "",
    ],
)
def test_a_tampered_link_is_refused(client, world, tamper):
    token = tamper(family_login_token(world.users[Role.FAMILY]))
    if not token:
        return  # an empty token does not even match the address
    _refused(client.post(_login_url(token)), "Ce lien ne fonctionne plus")
    assert "_auth_user_id" not in client.session


def test_a_link_stops_when_the_password_changes(client, world):
    user = world.users[Role.FAMILY]
    token = family_login_token(user)
    user.set_password("un-autre-mot-de-passe-long")
    user.save()
    _refused(client.post(_login_url(token)), "Ce lien ne fonctionne plus")


@pytest.mark.parametrize("role", [r for r in Role if r != Role.FAMILY])
def test_professionals_cannot_log_in_by_link(client, world, role):
    token = family_login_token(world.users[role])
    _refused(client.post(_login_url(token)), "Ce lien ne fonctionne plus")


def test_a_deactivated_family_cannot_log_in_by_link(client, world):
    user = world.users[Role.FAMILY]
    token = family_login_token(user)
    user.is_active = False
    user.save()
    _refused(client.post(_login_url(token)), "Ce lien ne fonctionne plus")


def _page_for(client, url, email, **extra):
    response = client.post(url, {"email": email, **extra}, follow=True)
    # CSRF tokens are masked afresh on every page: everything else must be the same.
    html = CSRF_VALUE.sub("", response.content.decode())
    return response.status_code, response.redirect_chain, html


@pytest.mark.parametrize("known", ["famille@exemple.test", "am@exemple.test"])
def test_link_request_does_not_say_whether_an_address_is_known(client, world, known):
    url = reverse("accounts:link_request")
    known_page = _page_for(client, url, known)
    unknown_page = _page_for(client, url, "personne@exemple.test")
    assert known_page == unknown_page


def test_signup_does_not_say_whether_an_address_is_known(client, world):
    url = reverse("accounts:signup")
    names = {"first_name": "Camille", "last_name": "Martin"}
    known_page = _page_for(client, url, "famille@exemple.test", **names)
    agent_page = _page_for(client, url, world.users[Role.AGENT].email, **names)
    unknown_page = _page_for(client, url, "nouvelle@exemple.test", **names)
    assert known_page == agent_page == unknown_page
    # A professional's address gets no family link.
    assert all(world.users[Role.AGENT].email not in m.to for m in mail.outbox)


def test_login_errors_are_the_same_for_unknown_and_known_addresses(client, world):
    url = reverse("accounts:login")
    known = client.post(url, {"username": world.users[Role.AGENT].email, "password": "faux"})
    unknown = client.post(url, {"username": "personne@exemple.test", "password": "faux"})
    assert known.status_code == unknown.status_code == 200
    error = "Adresse e-mail ou mot de passe incorrect"
    assert error in known.content.decode() and error in unknown.content.decode()
    assert (
        client.post(
            url, {"username": world.users[Role.AGENT].email, "password": TEST_PASSWORD}
        ).status_code
        == 302
    )


def test_availability_request_does_not_say_whether_an_am_is_known(client, world):
    url = reverse("offers:availability_request")
    known = _page_for(client, url, "", identifier=world.childminder.email)
    unknown = _page_for(client, url, "", identifier="inconnue@exemple.test")
    assert known == unknown


# --- childminders' availability links --------------------------------------------


def _availability_url(token):
    return reverse("offers:availability_link", args=[token])


def test_availability_link_expired_tampered_or_after_an_address_change(client, world):
    am = world.childminder
    expired = _made_ago(15 * DAY, availability_token, am)
    _refused(client.get(_availability_url(expired)), "Ce lien ne fonctionne plus")
    token = availability_token(am)
    _refused(client.get(_availability_url(token[:-2] + "zz")), "Ce lien ne fonctionne plus")
    assert client.get(_availability_url(token)).status_code == 200
    am.email = "nouvelle-adresse@exemple.test"
    am.save()
    _refused(client.post(_availability_url(token), {"confirm": "1"}), "Ce lien ne fonctionne plus")


def test_a_login_token_is_not_an_availability_token(client, world):
    token = family_login_token(world.users[Role.FAMILY])
    _refused(client.get(_availability_url(token)), "Ce lien ne fonctionne plus")
    am_token = availability_token(world.childminder)
    _refused(client.get(_login_url(am_token)), "Ce lien ne fonctionne plus")


# --- confirmation campaigns -------------------------------------------------------


@pytest.mark.parametrize("token", ["inconnu", "x" * 65, "%00", "..%2F..%2Fetc"])
def test_an_unknown_confirmation_link_is_refused(client, world, token):
    _refused(client.get(reverse("campaigns:confirm", args=[token])), "Ce lien n'est pas valable")


def test_the_confirmation_page_shows_no_personal_data(client, world):
    page = client.get(reverse("campaigns:confirm", args=[world.confirmation.token]))
    html = page.content.decode()
    household = world.dossier.household
    assert world.dossier.reference in html
    for private in (household.last_name, household.phone, household.account.email):
        assert private not in html
