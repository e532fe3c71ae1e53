"""Messages to families about their dossier: one call per event (`notify`).

Each event has a template, templates/notifications/<event>.txt (subject on the first
line), written in the family's language when sppe offers it (`preferred_language`),
French otherwise. The message goes to the account's e-mail address, and by SMS too when
the family accepts SMS and gave a phone number; it is stored in the outbox and sent by
the task queue, retried until the mail server takes it (sppe.notifications).

A family met at the counter without an e-mail address and without SMS gets no message:
the agent keeps it informed by phone or mail, as recorded in the dossier's notes.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from sppe.notifications.enums import MessageChannel
from sppe.notifications.rendering import message_language, render_message, render_text
from sppe.notifications.services import message_queue
from sppe.notifications.sms import normalise_phone
from sppe.territories.models import Territory

from . import states
from .enums import Status

# Events the desk, the campaigns and the scheduled jobs emit, and what each one needs
# in `context` beyond the dossier itself.
EVENTS: dict[str, tuple[str, ...]] = {
    "submitted": (),
    "resubmitted": (),
    "incomplete": (),  # optional: reason_label, missing (list of labels)
    "complete": (),
    "status_changed": (),  # optional: reason_label
    "withdrawn": (),  # optional: reason_label
    "counter_account_created": ("login_link",),
    "confirmation_request": ("confirm_url", "deadline"),
    "confirmation_reminder": ("confirm_url", "deadline"),
    "lapse_warning": ("confirm_url", "deadline"),
    "confirmation_lapsed": ("confirm_url", "grace_until"),
    "confirmation_reinstated": (),
    "birth_declaration_requested": ("due_date",),
    "age_limit_exit": ("limit_date",),
}
# Link carried by the SMS, when the event has a one-click page.
SMS_LINK = {
    "confirmation_request": "confirm_url",
    "confirmation_reminder": "confirm_url",
    "lapse_warning": "confirm_url",
    "confirmation_lapsed": "confirm_url",
}


def absolute_url(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def dossier_url(application) -> str:
    return absolute_url(reverse("dossiers:family_detail", args=[application.pk]))


def _next_commission_date():
    from .models import CommissionSession

    session = (
        CommissionSession.objects.filter(date__gte=timezone.localdate()).order_by("date").first()
    )
    return session.date if session else None


def message_context(application, event, context) -> dict:
    missing = [name for name in EVENTS[event] if name not in context]
    if missing:
        raise ValueError(f"event {event!r} needs {', '.join(missing)}")
    territory = Territory.objects.current()
    base = {
        "reference": application.reference,
        "status_label": application.get_status_display(),
        "dossier_url": dossier_url(application),
        "territory_name": territory.name if territory else "",
        "reason_label": "",
        "missing": [],
        "commission_date": _next_commission_date() if event == "complete" else None,
    }
    base.update(context)
    return base


def refine(application, event, context) -> tuple[str, dict]:
    """The desk's generic messages made precise from the last logged move.

    The desk's `application_transition` announces a move as "status_changed" (or
    "resubmitted"); when the move was a campaign's lapse, an age-limit exit or a
    reopening after a late answer, the family gets the message that explains it, with
    the late-answer link when there is one. Otherwise the reason, if any, is added.
    """
    if event not in ("status_changed", "resubmitted", "complete"):
        return event, context
    last = application.status_changes.order_by("-at", "-pk").first()
    if last is None or last.to_status != application.status:
        return event, context
    from . import campaigns

    if last.reason == states.Reason.LATE_CONFIRMATION:
        return "confirmation_reinstated", context
    if last.to_status == Status.LAPSED and last.reason == campaigns.AGE_LIMIT_REASON:
        limit = campaigns.age_limit_date(timezone.localdate())
        return "age_limit_exit", {"limit_date": limit, **context}
    if last.to_status == Status.LAPSED and last.reason == states.Reason.NO_CONFIRMATION:
        request = (
            application.confirmation_requests.filter(
                lapsed_at__isnull=False, late_answer_at__isnull=True
            )
            .select_related("campaign")
            .order_by("-lapsed_at")
            .first()
        )
        if request is not None:
            return "confirmation_lapsed", {
                "confirm_url": campaigns.confirm_url(request),
                "grace_until": campaigns.grace_until(request),
                **context,
            }
    wants_reason = event == "status_changed" and "reason_label" not in context
    if wants_reason and last.reason in states.Reason.values:
        context = {"reason_label": states.family_reason_label(last.reason), **context}
    return event, context


def notify(*, application, event, **context):
    """Queue the messages telling the family about `event`; returns them (maybe none)."""
    if event not in EVENTS:
        raise ValueError(f"unknown notification event {event!r}")
    event, context = refine(application, event, context)
    household = application.household
    account = household.account
    email = account.email if account is not None and account.is_active else ""
    phone = normalise_phone(household.phone) if household.sms_opt_in else ""
    if not email and not phone:
        return []
    language = message_language(household.preferred_language)
    data = message_context(application, event, context)
    subject, body = render_message(f"notifications/{event}.txt", data, language=language)
    messages = []
    if email:
        messages.append(
            message_queue(
                channel=MessageChannel.EMAIL,
                recipient=email,
                subject=subject,
                body=body,
                language=language,
                event=event,
                related=application,
            )
        )
    if phone:
        link = data[SMS_LINK[event]] if event in SMS_LINK else data["dossier_url"]
        text = render_text(
            "notifications/sms.txt", {"subject": subject, "link": link}, language=language
        )
        messages.append(
            message_queue(
                channel=MessageChannel.SMS,
                recipient=phone,
                body=text,
                language=language,
                event=event,
                related=application,
            )
        )
    return messages
