import pytest
from django.core import mail
from django.urls import reverse

from sppe.notifications.enums import MessageChannel, MessageStatus
from sppe.notifications.models import Message

from ..factories import UserFactory


@pytest.fixture
def failed(db):
    return Message.objects.create(
        channel=MessageChannel.EMAIL,
        recipient="famille@exemple.test",
        subject="Votre dossier",
        body="Bonjour",
        status=MessageStatus.FAILED,
        attempts=14,
        last_error="SMTPRecipientsRefused 550",
        created_at="2026-11-01T10:00:00+01:00",
    )


@pytest.fixture
def admin_client(client, territory):
    client.force_login(UserFactory(territory_admin=True, is_superuser=True))
    return client


def test_the_outbox_is_listed_read_only(admin_client, failed):
    response = admin_client.get(reverse("admin:notifications_message_changelist"))
    assert response.status_code == 200
    assert "SMTPRecipientsRefused 550" in response.content.decode()
    assert admin_client.get(reverse("admin:notifications_message_add")).status_code == 403


def test_failed_messages_can_be_retried(admin_client, failed):
    response = admin_client.post(
        reverse("admin:notifications_message_changelist"),
        {"action": "retry", "_selected_action": [failed.pk]},
        follow=True,
    )
    assert "1 message remis en file d'envoi." in response.content.decode().replace("&#x27;", "'")
    failed.refresh_from_db()
    assert failed.status == MessageStatus.SENT
    assert failed.attempts == 1
    assert len(mail.outbox) == 1
