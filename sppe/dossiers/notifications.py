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

from sppe.notifications.enums import MessageChannel
from sppe.notifications.rendering import message_language, render_message, render_text
from sppe.notifications.services import message_queue
from sppe.notifications.sms import normalise_phone
from sppe.territories.models import Territory

from . import selectors

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
    # The commission (sppe/allocation).
    "presented": ("commission_date",),
    "not_presented": ("commission_date",),  # optional: next_date
    "offer_made": ("creche_name", "section_label", "start_date", "deadline", "answer_url"),
    "offer_reminder": ("creche_name", "section_label", "start_date", "deadline", "answer_url"),
    "not_placed": ("commission_date",),
    "offer_accepted": ("creche_name",),
    "offer_declined": ("creche_name",),
    "offer_lapsed": (),
    "admitted": ("creche_name",),
    "appeal_received": ("commission_date",),
    "appeal_answered": ("upheld", "decision_label", "commission_date"),
}
# Link carried by the SMS, when the event has a one-click page.
SMS_LINK = {
    "confirmation_request": "confirm_url",
    "confirmation_reminder": "confirm_url",
    "lapse_warning": "confirm_url",
    "confirmation_lapsed": "confirm_url",
    "offer_made": "answer_url",
    "offer_reminder": "answer_url",
}


def absolute_url(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def dossier_url(application) -> str:
    return absolute_url(reverse("dossiers:family_detail", args=[application.pk]))


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
        "commission_date": None,
        "monthly_fee": None,
        "next_date": None,
    }
    if event == "complete":
        session = selectors.commission_for(application)
        base["commission_date"] = session.date if session else None
    if event == "incomplete":
        base["missing"] = selectors.missing_document_texts(application)
    base.update(context)
    return base


def notify(*, application, event, **context):
    """Queue the messages telling the family about `event`; returns them (maybe none)."""
    if event not in EVENTS:
        raise ValueError(f"unknown notification event {event!r}")
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
