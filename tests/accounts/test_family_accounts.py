import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from sppe.accounts import magic_link
from sppe.accounts.enums import Role
from sppe.accounts.models import User

from ..factories import TEST_PASSWORD, UserFactory


def link_in(message):
    return re.search(r"http://testserver(/compte/lien/[^/\s]+/)", message.body).group(1)


def test_signup_sends_a_link_that_logs_in_once(client, territory):
    response = client.post(
        reverse("accounts:signup"),
        {"email": " Parent@Exemple.test ", "first_name": "Inès", "last_name": "Roy"},
    )
    assert response["Location"] == reverse("accounts:link_sent")
    user = User.objects.get(email="parent@exemple.test")
    assert user.role == Role.FAMILY and not user.has_usable_password()
    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0])
    # Opening the link (a mail scanner does) does not log in nor use it up.
    page = client.get(link)
    assert page.status_code == 200
    assert "parent@exemple.test" in page.content.decode()
    response = client.post(link)
    assert response["Location"] == reverse("dossiers:family_home")
    assert client.get(reverse("dossiers:family_home")).status_code == 200
    client.logout()
    assert client.post(link).status_code == 403  # used once


def test_known_and_professional_addresses_look_the_same(client, make_user):
    agent = make_user(Role.AGENT)
    known = UserFactory(role=Role.FAMILY)
    for email in (agent.email, known.email):
        response = client.post(
            reverse("accounts:signup"), {"email": email, "first_name": "X", "last_name": "Y"}
        )
        assert response["Location"] == reverse("accounts:link_sent")
    assert User.objects.count() == 2
    assert [m.to for m in mail.outbox] == [[known.email]]  # no link for professionals
    client.post(reverse("accounts:link_request"), {"email": agent.email})
    client.post(reverse("accounts:link_request"), {"email": "inconnu@exemple.test"})
    client.post(reverse("accounts:link_request"), {"email": known.email.upper()})
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("token", ["abc", "x" * 80])
def test_bad_links(client, db, token):
    response = client.get(reverse("accounts:magic_login", args=[token]))
    assert response.status_code == 403
    assert "Ce lien ne fonctionne plus" in response.content.decode()


def test_a_link_dies_when_the_password_changes(client, db):
    user = UserFactory(role=Role.FAMILY)
    token = magic_link.make_token(user)
    assert magic_link.read_token(token) == user
    user.set_password("un-autre-mot-de-passe-long")
    user.save()
    assert magic_link.read_token(token) is None


def test_family_chooses_a_password(client, db):
    user = UserFactory(role=Role.FAMILY)
    client.force_login(user)
    url = reverse("accounts:password_set")
    assert client.get(url).status_code == 200
    response = client.post(url, {"new_password1": "court", "new_password2": "court"})
    assert response.status_code == 200
    new = {"new_password1": "Des-Lilas-2027!", "new_password2": "Des-Lilas-2027!"}
    # The current password is asked to change it.
    response = client.post(url, new)
    assert response.status_code == 200
    assert "Votre ancien mot de passe est incorrect" in response.content.decode() or (
        "old_password" in response.context["form"].errors
    )
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
    response = client.post(url, {**new, "old_password": "pas-le-bon"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
    response = client.post(url, {**new, "old_password": TEST_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Des-Lilas-2027!")
    assert not user.check_password(TEST_PASSWORD)


def test_a_fresh_sign_in_link_stands_for_the_current_password(client, db, time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 10, tzinfo=dt.UTC), tick=False)
    user = UserFactory(role=Role.FAMILY)
    client.post(reverse("accounts:magic_login", args=[magic_link.make_token(user)]))
    url = reverse("accounts:password_set")
    new = {"new_password1": "Des-Lilas-2027!", "new_password2": "Des-Lilas-2027!"}
    time_machine.move_to(dt.datetime(2027, 3, 1, 10, 20, tzinfo=dt.UTC), tick=False)
    assert client.post(url, new).status_code == 200  # 20 minutes later: asked again
    time_machine.move_to(dt.datetime(2027, 3, 1, 10, 5, tzinfo=dt.UTC), tick=False)
    assert "old_password" not in client.get(url).content.decode()
    assert client.post(url, new).status_code == 302
    user.refresh_from_db()
    assert user.check_password("Des-Lilas-2027!")


def test_signed_in_visitors_skip_signup(client, db):
    client.force_login(UserFactory(role=Role.FAMILY))
    assert client.get(reverse("accounts:signup"))["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:link_sent")).status_code == 200
    assert client.get(reverse("accounts:link_request")).status_code == 200
