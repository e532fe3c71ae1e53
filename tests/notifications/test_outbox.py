import io
import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command

from sppe.notifications import services
from sppe.notifications.enums import MessageChannel, MessageStatus
from sppe.notifications.models import Message

from .clock import Clock
from .smtp import body_of

pytestmark = pytest.mark.django_db


def queue(**kwargs):
    values = {
        "channel": MessageChannel.EMAIL,
        "recipient": "famille@exemple.test",
        "subject": "Votre dossier GU-2026-000001",
        "body": "Bonjour,\n\nVotre demande est enregistrée.\n",
        "event": "submitted",
    }
    values.update(kwargs)
    return services.message_queue(**values)


def test_no_email_is_lost_when_the_mail_server_is_down_at_the_first_attempt(smtp_server):
    with Clock() as clock:
        # The server does not listen yet: the task's attempt fails, the message waits.
        message = queue()
        message.refresh_from_db()
        assert message.status == MessageStatus.PENDING
        assert message.attempts == 1
        assert message.last_error.startswith("ConnectionRefusedError")
        assert "@" not in message.last_error
        assert message.next_attempt_at == clock.now + timedelta(minutes=1)

        # Before the next attempt is due, the cron command leaves it alone.
        call_command("deliver_messages", stdout=io.StringIO())
        message.refresh_from_db()
        assert message.attempts == 1

        smtp_server.start()
        clock.advance(minutes=1, seconds=5)
        out = io.StringIO()
        call_command("deliver_messages", stdout=out)
        assert "1 envoyé(s)" in out.getvalue()
        message.refresh_from_db()
        assert message.status == MessageStatus.SENT
        assert message.attempts == 2
        assert message.sent_at == clock.now
        assert message.last_error == ""

        # A later run (or the re-enqueued task) sends nothing twice.
        clock.advance(minutes=30)
        call_command("deliver_messages", stdout=io.StringIO())
        assert services.message_deliver(message_id=message.pk) == "skipped"

    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["To"] == "famille@exemple.test"
    assert received["Subject"] == "Votre dossier GU-2026-000001"
    assert received["Content-Language"] == "fr"
    assert "Votre demande est enregistrée." in body_of(received)


def test_delivered_at_once_when_the_server_is_up(smtp_server):
    smtp_server.start()
    message = queue(subject="Accusé de réception : « déposé »")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 1
    assert smtp_server.messages[0]["Subject"] == "Accusé de réception : « déposé »"


def test_the_delay_grows_after_each_failure():
    assert [services.retry_delay(n) for n in range(1, 9)] == [
        timedelta(minutes=m) for m in (1, 5, 15, 60, 240, 720, 1440, 1440)
    ]


def test_a_failing_server_is_retried_with_backoff_then_given_up():
    with Clock() as clock, mock.patch.object(services, "_send", side_effect=OSError(101, "down")):
        message = queue()
        delays = []
        for _ in range(services.MAX_ATTEMPTS - 1):
            message.refresh_from_db()
            assert message.status == MessageStatus.PENDING
            delays.append(message.next_attempt_at - clock.now)
            clock.now = message.next_attempt_at
            services.messages_deliver_due()
        message.refresh_from_db()
    assert delays[:5] == [timedelta(minutes=m) for m in (1, 5, 15, 60, 240)]
    assert message.status == MessageStatus.FAILED
    assert message.attempts == services.MAX_ATTEMPTS
    assert message.last_error == "OSError errno 101"
    assert message.next_attempt_at is None
    # Never deleted: the outbox keeps what the family was (not) told.
    assert Message.objects.filter(pk=message.pk).exists()


def test_a_refused_address_fails_at_once_without_storing_it(smtp_refusing):
    message = queue(recipient="inconnu@exemple.test")
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.last_error == "SMTPRecipientsRefused 550"
    assert smtp_refusing.messages == []


def test_a_temporary_refusal_is_retried():
    error = smtplib.SMTPRecipientsRefused({"a@exemple.test": (450, b"greylisted")})
    with mock.patch.object(services, "_send", side_effect=error):
        message = queue()
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    assert message.last_error == "SMTPRecipientsRefused 450"


def test_smtp_response_errors_keep_only_the_code():
    error = smtplib.SMTPDataError(451, b"try again later, famille@exemple.test")
    assert services.describe_error(error) == "SMTPDataError 451"
    assert services.describe_error(ValueError("famille@exemple.test")) == "ValueError"


def test_a_message_claimed_by_a_worker_is_not_sent_twice():
    with mock.patch.object(services, "_enqueue"):
        message = queue()
    assert services.message_deliver(message_id=message.pk) == MessageStatus.SENT
    assert services.message_deliver(message_id=message.pk) == "skipped"
    assert services.message_deliver(message_id=10**9) == "skipped"
    assert len(mail.outbox) == 1


def test_a_lost_task_is_caught_up_by_the_command():
    # The task queue refuses the job (worker down, queue full…): the message waits.
    with mock.patch(
        "django_tasks.backends.immediate.ImmediateBackend.enqueue", side_effect=RuntimeError
    ):
        message = queue()
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    assert message.attempts == 0
    assert mail.outbox == []
    call_command("deliver_messages", stdout=io.StringIO())
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(mail.outbox) == 1


def test_a_backend_with_delays_gets_the_retry_as_a_deferred_task(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from sppe.notifications.tasks import deliver

    backend = deliver.get_backend()
    with mock.patch.object(services, "_send", side_effect=OSError(111, "refused")):
        message = queue()
        assert services.message_deliver(message_id=message.pk) == MessageStatus.PENDING
    message.refresh_from_db()
    first, retry = backend.results
    assert first.args == [message.pk] and first.task.run_after is None
    assert retry.task.run_after == message.next_attempt_at


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"recipient": "  "}, "recipient"), ({"channel": "fax"}, "channel")],
)
def test_a_message_needs_a_channel_and_a_recipient(kwargs, error):
    with pytest.raises(ValueError, match=error):
        queue(**kwargs)
    assert not Message.objects.exists()


def test_the_command_reports_what_it_did():
    with mock.patch.object(services, "_enqueue"):
        queue()
        queue(recipient="autre@exemple.test")
    out = io.StringIO()
    call_command("deliver_messages", "--limit", "1", stdout=out)
    assert out.getvalue().strip() == "1 envoyé(s), 0 à réessayer, 0 en échec définitif."
    assert Message.objects.filter(status=MessageStatus.PENDING).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_task_queue_delivers_and_retries(settings, smtp_server):
    """The production path: the task row commits with the message; db_worker runs it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    with Clock() as clock:
        message = queue()
        assert DBTaskResult.objects.count() == 1
        assert mail.outbox == []
        # The server is down when the worker runs the task: a delayed retry is queued.
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
        message.refresh_from_db()
        assert (message.status, message.attempts) == (MessageStatus.PENDING, 1)
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.run_after == message.next_attempt_at

        smtp_server.start()
        clock.advance(minutes=2)
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(smtp_server.messages) == 1
