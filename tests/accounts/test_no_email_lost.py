"""Sign-in links, sign-up and the offer's e-mails go through the outbox.

With the mail server down the page answers as usual (no 500, nothing half made), the
message waits in the outbox and leaves once the server is back. The sign-in-link page
answers the same way for an unknown address.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.accounts.models import User
from sppe.notifications.enums import MessageStatus
from sppe.notifications.models import Message
from sppe.notifications.services import messages_deliver_due
from sppe.offers.services import childminder_magic_link_send

from ..factories import UserFactory
from ..notifications.smtp import SmtpTestServer, body_of
from ..offers.factories import ChildminderFactory

START = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def smtp(settings):
    server = SmtpTestServer(settings)  # not started: the mail server is down
    yield server
    server.stop()


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def _link(text: str) -> str:
    return re.search(r"https?://testserver(/compte/lien/[^/\s]+/)", text).group(1)


def test_sign_up_with_the_mail_server_down_then_back(client, territory, smtp, clock):
    response = client.post(
        reverse("accounts:signup"),
        {"email": "Nouvelle@Exemple.test", "first_name": "Awa", "last_name": "Diallo"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:link_sent")
    user = User.objects.get(email="nouvelle@exemple.test")
    message = Message.objects.get(recipient=user.email)
    assert message.status == MessageStatus.PENDING
    assert message.event == "sign_up_link"
    assert message.last_error  # the first attempt failed, and is recorded
    # The server is back; the next run of deliver_messages sends it.
    smtp.start()
    clock.move_to(START + dt.timedelta(minutes=2), tick=False)
    assert messages_deliver_due()["sent"] == 1
    assert len(smtp.messages) == 1
    link = _link(body_of(smtp.messages[0]))
    assert client.post(link).status_code == 302
    assert "_auth_user_id" in client.session


def test_the_link_page_answers_the_same_for_an_unknown_address(client, territory, smtp, clock):
    UserFactory(email="connue@exemple.test", role=Role.FAMILY)
    url = reverse("accounts:link_request")
    known = client.post(url, {"email": "connue@exemple.test"})
    unknown = client.post(url, {"email": "inconnue@exemple.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:link_sent")
    assert list(Message.objects.values_list("recipient", "status")) == [
        ("connue@exemple.test", MessageStatus.PENDING)
    ]


def test_a_sign_in_link_is_queued_not_sent_by_the_request(client, territory, settings, clock):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    UserFactory(email="connue@exemple.test", role=Role.FAMILY)
    response = client.post(reverse("accounts:link_request"), {"email": "connue@exemple.test"})
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.event == "sign_in_link"
    assert message.status == MessageStatus.PENDING and message.attempts == 0


def test_the_childminders_link_waits_in_the_outbox_while_the_server_is_down(territory, smtp, clock):
    am = ChildminderFactory(commune=territory.communes.first(), email="am@exemple.test")
    assert childminder_magic_link_send(identifier="am@exemple.test", base="http://testserver")
    message = Message.objects.get(recipient=am.email)
    assert message.event == "availability_link"
    assert message.status == MessageStatus.PENDING
    smtp.start()
    clock.move_to(START + dt.timedelta(minutes=2), tick=False)
    assert messages_deliver_due()["sent"] == 1
    assert "/mes-disponibilites/lien/" in body_of(smtp.messages[0])
