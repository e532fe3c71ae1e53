"""Queueing and delivering messages: stored first, sent by a task, retried until sent.

`message_queue` stores the message and enqueues the `deliver` task in the same
transaction. `message_deliver` claims the message (so two workers never send it
twice), sends it, and on failure records the kind of error and the time of the next
attempt, with a growing delay: 1, 5, 15 and 60 minutes, then 4 h, 12 h and every 24 h,
for about a week (then the message is marked failed, visible to administrators).

Retries happen in two ways that back each other up: the task re-enqueues itself with a
delay when the task backend supports it, and the `deliver_messages` command (cron, every
minute) sends whatever is due. A message therefore survives a mail server down at the
first attempt, a task lost by a worker restart, or a crash between commit and enqueue.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .enums import MessageChannel, MessageStatus
from .models import Message
from .sms import get_sms_backend, sms_configured

logger = logging.getLogger(__name__)

BACKOFF_MINUTES = (1, 5, 15, 60, 4 * 60, 12 * 60, 24 * 60)
MAX_ATTEMPTS = 14  # about 8 days of attempts
# A claimed message is not picked again before this, even if its worker died mid-send.
CLAIM_LEASE = timedelta(minutes=10)
DEFAULT_EMAIL_TIMEOUT = 20  # seconds
# Functions message -> [(filename, content, mimetype)] that apps register (in their
# AppConfig.ready) to attach files built at send time, e.g. an appointment's .ics.
ATTACHMENT_PROVIDERS: list = []


def retry_delay(attempts: int) -> timedelta:
    """Delay before the next attempt after `attempts` failed ones (1 -> 1 min …)."""
    index = min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1
    return timedelta(minutes=BACKOFF_MINUTES[index])


def message_queue(
    *,
    channel: str,
    recipient: str,
    body: str,
    subject: str = "",
    language: str = "fr",
    event: str = "",
    related=None,
) -> Message:
    """Store a message and have it delivered once the current transaction commits."""
    if channel not in MessageChannel.values:
        raise ValueError(f"unknown channel {channel!r}")
    recipient = (recipient or "").strip()
    if not recipient:
        raise ValueError("a message needs a recipient")
    now = timezone.now()
    if channel == MessageChannel.SMS and not sms_configured():
        # Kept as failed, for administrators to see; never printed nor retried.
        return Message.objects.create(
            channel=channel,
            recipient=recipient,
            subject=subject[:300],
            body=body,
            language=language or "fr",
            event=event,
            related_model=related._meta.label_lower if related is not None else "",
            related_id=related.pk if related is not None else None,
            created_at=now,
            status=MessageStatus.FAILED,
            last_error="no SMS backend configured",
        )
    with transaction.atomic():
        message = Message.objects.create(
            channel=channel,
            recipient=recipient,
            subject=subject[:300],
            body=body,
            language=language or "fr",
            event=event,
            related_model=related._meta.label_lower if related is not None else "",
            related_id=related.pk if related is not None else None,
            created_at=now,
            next_attempt_at=now,
        )
        # With the database task backend, the task row commits or rolls back with the
        # message and the action that caused it. With a backend outside the database, a
        # worker may look before the commit: it then skips, and deliver_messages sends
        # the message a minute later.
        _enqueue(message.pk)
    return message


def email_queue(*, to: str, subject: str, body: str, event: str = "", related=None) -> Message:
    """An e-mail through the outbox: stored, sent by a task, retried until sent."""
    return message_queue(
        channel=MessageChannel.EMAIL,
        recipient=to,
        subject=subject,
        body=body,
        event=event,
        related=related,
    )


def _enqueue(message_id: int, run_after=None) -> None:
    from .tasks import deliver

    task = deliver
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the deliver_messages command retries it
        task = task.using(run_after=run_after)
    try:
        with transaction.atomic():
            task.enqueue(message_id)
    except Exception:  # the message stays pending: deliver_messages sends it
        logger.exception("message enqueue failed", extra={"message_id": message_id})


def describe_error(exc: BaseException) -> str:
    """The kind of error, without addresses or message text (personal data)."""
    name = type(exc).__name__
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in exc.recipients.values()})
        return f"{name} {','.join(str(c) for c in codes)}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{name} {exc.smtp_code}"
    if isinstance(exc, OSError) and exc.errno:
        return f"{name} errno {exc.errno}"
    return name


def is_permanent(exc: BaseException) -> bool:
    """Every recipient refused for good (5xx): retrying would not help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return False


def _send(message: Message) -> None:
    if message.channel == MessageChannel.SMS:
        get_sms_backend().send(message.recipient, message.body)
        return
    timeout = getattr(settings, "EMAIL_TIMEOUT", None) or DEFAULT_EMAIL_TIMEOUT
    connection = get_connection(fail_silently=False, timeout=timeout)
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        to=[message.recipient],
        connection=connection,
        headers={"Content-Language": message.language},
    )
    for provider in ATTACHMENT_PROVIDERS:
        for filename, content, mimetype in provider(message):
            email.attach(filename, content, mimetype)
    email.send(fail_silently=False)


def message_deliver(*, message_id: int) -> str:
    """Try to send one due message; returns its status after the attempt.

    "skipped" when the message is not due (already sent, failed, or claimed by another
    worker, or its next attempt is later).
    """
    now = timezone.now()
    claimed = Message.objects.filter(
        pk=message_id, status=MessageStatus.PENDING, next_attempt_at__lte=now
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + CLAIM_LEASE)
    if not claimed:
        return "skipped"
    message = Message.objects.get(pk=message_id)
    try:
        _send(message)
    except Exception as exc:  # every failure is recorded, none is lost
        error = describe_error(exc)
        failed = is_permanent(exc) or message.attempts >= MAX_ATTEMPTS
        next_attempt = None if failed else timezone.now() + retry_delay(message.attempts)
        Message.objects.filter(pk=message.pk).update(
            status=MessageStatus.FAILED if failed else MessageStatus.PENDING,
            last_error=error,
            next_attempt_at=next_attempt,
        )
        logger.warning(
            "message delivery failed",
            extra={
                "message_id": message.pk,
                "attempts": message.attempts,
                "error": error,
                "final": failed,
            },
        )
        if next_attempt is not None:
            _enqueue(message.pk, run_after=next_attempt)
        return MessageStatus.FAILED if failed else MessageStatus.PENDING
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error=""
    )
    return MessageStatus.SENT


def due_messages(*, now=None):
    now = now or timezone.now()
    return Message.objects.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now)


def messages_deliver_due(*, limit: int = 500) -> dict[str, int]:
    """Deliver the pending messages whose attempt is due, oldest first."""
    counts = {"sent": 0, "pending": 0, "failed": 0, "skipped": 0}
    ids = list(
        due_messages().order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]
    )
    for message_id in ids:
        counts[str(message_deliver(message_id=message_id))] += 1
    return counts


@transaction.atomic
def messages_retry(*, messages) -> int:
    """Put failed messages back in the queue (after fixing the mail settings, say)."""
    ids = list(
        Message.objects.select_for_update()
        .filter(pk__in=[m.pk for m in messages], status=MessageStatus.FAILED)
        .values_list("pk", flat=True)
    )
    Message.objects.filter(pk__in=ids).update(
        status=MessageStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    for message_id in ids:
        _enqueue(message_id)
    return len(ids)
