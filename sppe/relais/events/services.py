"""Writes of the events: create, register (or wait), cancel, take the attendance.

Registering locks the event row so that two people never take the last places; a
cancellation promotes the waiting registrations that now fit, oldest first.
"""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sppe.accounts.perms import communes_in_perimeter
from sppe.notifications.enums import MessageChannel
from sppe.notifications.rendering import message_language, render_message
from sppe.notifications.services import message_queue
from sppe.territories.models import Territory

from ..enums import PersonKind, RegistrationStatus
from .models import Event, Registration

TOKEN_SALT = "sppe.relais.registration"  # noqa: S105 (a namespace, not a secret)
MAX_CHILDREN = 4  # an AM's agrément covers at most 4 children at once


class EventError(Exception):
    pass


def _check_perimeter(by, place):
    territory = Territory.objects.current()
    if not communes_in_perimeter(by, territory).filter(pk=place.commune_id).exists():
        raise EventError(_("Ce lieu n'est pas dans les communes de votre relais."))


def registration_token(registration) -> str:
    return signing.dumps(registration.pk, salt=TOKEN_SALT)


def registration_for_token(token: str):
    try:
        pk = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    return Registration.objects.select_related("event__place__commune").filter(pk=pk).first()


def seats_taken(event) -> tuple[int, int]:
    """(adults, children) of the confirmed registrations."""
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    return confirmed.count(), confirmed.aggregate(n=Sum("children"))["n"] or 0


@transaction.atomic
def event_create(
    *,
    by,
    kind,
    title,
    place,
    starts_at,
    ends_at,
    capacity_adults,
    capacity_children=0,
    open_to_parents=False,
    now=None,
):
    now = now or timezone.now()
    _check_perimeter(by, place)
    if starts_at <= now:
        raise EventError(_("Une animation ne peut pas être programmée dans le passé."))
    if ends_at <= starts_at:
        raise EventError(_("L'heure de fin doit suivre l'heure de début."))
    if capacity_adults < 1:
        raise EventError(_("Une animation accueille au moins un adulte."))
    return Event.objects.create(
        kind=kind,
        title=title.strip(),
        place=place,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity_adults=capacity_adults,
        capacity_children=capacity_children,
        open_to_parents=open_to_parents,
        created_by=by,
        created_at=now,
    )


def _fits(event, children) -> bool:
    adults, kids = seats_taken(event)
    return adults + 1 <= event.capacity_adults and kids + children <= event.capacity_children


def _notify(registration, event_name):
    from sppe.dossiers.notifications import absolute_url

    token = registration_token(registration)
    language = message_language("fr")
    subject, body = render_message(
        f"relais/mail/registration_{event_name}.txt",
        {
            "registration": registration,
            "event": registration.event,
            "manage_url": absolute_url(reverse("relais:registration_manage", args=[token])),
            "feedback_url": absolute_url(reverse("relais:registration_feedback", args=[token])),
        },
        language=language,
    )
    message_queue(
        channel=MessageChannel.EMAIL,
        recipient=registration.email,
        subject=subject,
        body=body,
        language=language,
        event=f"relais_registration_{event_name}",
        related=registration,
    )


@transaction.atomic
def registration_register(
    *, event, person_kind, name, email, phone="", children=0, language="fr", now=None
):
    """Register, or join the waiting list when the places are taken."""
    now = now or timezone.now()
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.cancelled_at is not None:
        raise EventError(_("Cette animation est annulée."))
    if locked.starts_at <= now:
        raise EventError(_("Cette animation a déjà eu lieu : les inscriptions sont closes."))
    if person_kind == PersonKind.FAMILY and not locked.open_to_parents:
        raise EventError(_("Cette animation est réservée aux assistants maternels."))
    if children > MAX_CHILDREN or children > locked.capacity_children:
        raise EventError(
            _("Cette animation accueille %(n)s enfant(s) au plus par inscription.")
            % {"n": min(MAX_CHILDREN, locked.capacity_children)}
        )
    email = email.strip().lower()
    if (
        locked.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .filter(email=email)
        .exists()
    ):
        raise EventError(_("Vous êtes déjà inscrit à cette animation avec cette adresse e-mail."))
    status = RegistrationStatus.CONFIRMED if _fits(locked, children) else RegistrationStatus.WAITING
    registration = Registration.objects.create(
        event=locked,
        person_kind=person_kind,
        name=name.strip(),
        email=email,
        phone=phone.strip(),
        children=children,
        status=status,
        created_at=now,
    )
    _notify(registration, status)
    return registration


@transaction.atomic
def registration_cancel(*, registration, now=None):
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == RegistrationStatus.CANCELLED:
        raise EventError(_("Cette inscription est déjà annulée."))
    if event.starts_at <= now:
        raise EventError(_("Cette animation a déjà eu lieu."))
    was_confirmed = current.status == RegistrationStatus.CONFIRMED
    current.status = RegistrationStatus.CANCELLED
    current.cancelled_at = now
    current.save(update_fields=["status", "cancelled_at"])
    promoted = []
    if was_confirmed:
        for waiting in event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
            "created_at", "pk"
        ):
            if _fits(event, waiting.children):
                waiting.status = RegistrationStatus.CONFIRMED
                waiting.save(update_fields=["status"])
                _notify(waiting, "promoted")
                promoted.append(waiting)
    return current, promoted


@transaction.atomic
def attendance_record(*, by, event, present_ids, now=None):
    """Mark who came among the confirmed registrations (the others did not)."""
    now = now or timezone.now()
    _check_perimeter(by, event.place)
    if timezone.localdate(event.starts_at) > timezone.localdate(now):
        raise EventError(_("La présence se note le jour de l'animation ou après."))
    confirmed = event.registrations.select_for_update().filter(status=RegistrationStatus.CONFIRMED)
    present = set(present_ids)
    for registration in confirmed:
        registration.attended = registration.pk in present
        registration.save(update_fields=["attended"])
    return confirmed.filter(attended=True).count()


def registrations_ask_satisfaction(*, now=None) -> int:
    """After an event, ask each person who came how satisfied she is (once)."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        attended=True,
        satisfaction_asked_at__isnull=True,
        event__ends_at__lte=now,
        event__ends_at__gte=now - timedelta(days=7),
    )
    count = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            registration = Registration.objects.select_for_update().get(pk=pk)
            if registration.satisfaction_asked_at is not None:
                continue
            registration.satisfaction_asked_at = now
            registration.save(update_fields=["satisfaction_asked_at"])
            _notify(registration, "satisfaction")
            count += 1
    return count


@transaction.atomic
def registration_rate(*, registration, score, now=None):
    now = now or timezone.now()
    current = (
        Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    )
    if not current.attended or current.event.ends_at > now:
        raise EventError(_("Vous pourrez donner votre avis après l'animation."))
    if current.satisfaction is not None:
        raise EventError(_("Vous avez déjà donné votre avis. Merci !"))
    if score not in range(11):
        raise EventError(_("Choisissez une note de 0 à 10."))
    current.satisfaction = score
    current.save(update_fields=["satisfaction"])
    return current
