"""Writes of the appointments: publish permanences, close days, book, move, cancel, remind.

Every function takes an optional `now` so that the demo can write a past year and the
tests pin the clock. Booking and moving lock the slot row (`select_for_update`) and
rely on the unique constraint of live appointments per slot as a last guard: two people
can never hold the same slot; the second one gets `SlotTaken`, with other free slots.
"""

from datetime import datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sppe.accounts.perms import communes_in_perimeter
from sppe.notifications.enums import MessageChannel
from sppe.notifications.rendering import message_language, render_message
from sppe.notifications.services import message_queue
from sppe.territories.models import Territory

from .models import Appointment, Closure, Permanence, Slot

TOKEN_SALT = "sppe.relais.appointment"  # noqa: S105 (a namespace, not a secret)
EVENTS_WITH_ICS = ("relais_appointment_confirmed", "relais_appointment_moved")


def taken_message():
    return _("Ce créneau vient d'être réservé par quelqu'un d'autre. Choisissez un autre créneau :")


class AppointmentError(Exception):
    """A refused action, with a message for the person who tried it."""


class SlotTaken(AppointmentError):
    def __init__(self, message, *, alternatives=()):
        super().__init__(message)
        self.alternatives = list(alternatives)


def _now(now):
    return now or timezone.now()


def _check_perimeter(by, place):
    if by is None:
        return
    territory = Territory.objects.current()
    if not communes_in_perimeter(by, territory).filter(pk=place.commune_id).exists():
        raise AppointmentError(_("Ce lieu n'est pas dans les communes de votre relais."))


# --- reads used by the services and the pages ------------------------------------------


def live_appointments():
    return Appointment.objects.filter(cancelled_at__isnull=True)


def free_slots(*, now=None, places=None):
    """Slots still to come with no live appointment, earliest first."""
    slots = Slot.objects.filter(starts_at__gt=_now(now), place__is_active=True).exclude(
        Exists(live_appointments().filter(slot=OuterRef("pk")))
    )
    if places is not None:
        slots = slots.filter(place__in=places)
    return slots.select_related("place", "place__commune").order_by("starts_at", "pk")


def alternatives_to(slot, *, now=None, count=5):
    """Other free slots to offer when `slot` is taken: same place first, then any."""
    same_place = list(free_slots(now=now).filter(place=slot.place).exclude(pk=slot.pk)[:count])
    if len(same_place) >= count:
        return same_place
    others = free_slots(now=now).exclude(pk=slot.pk).exclude(place=slot.place)
    return same_place + list(others[: count - len(same_place)])


def appointment_token(appointment) -> str:
    return signing.dumps(appointment.pk, salt=TOKEN_SALT)


def appointment_for_token(token: str):
    try:
        pk = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    return Appointment.objects.select_related("slot__place__commune", "theme").filter(pk=pk).first()


# --- permanences and closures ----------------------------------------------------------


def _closed_days(place, first, last) -> set:
    days = set()
    for closure in Closure.objects.filter(
        Q(place=place) | Q(place__isnull=True), start_date__lte=last, end_date__gte=first
    ):
        day = max(closure.start_date, first)
        while day <= min(closure.end_date, last):
            days.add(day)
            day += timedelta(days=1)
    return days


@transaction.atomic
def permanence_publish(
    *,
    by,
    place,
    agent,
    mode,
    weekday,
    start_time,
    end_time,
    slot_minutes,
    valid_from,
    valid_until,
    now=None,
):
    """A weekly permanence, published as one slot of `slot_minutes` after the other."""
    now = _now(now)
    _check_perimeter(by, place)
    today = timezone.localdate(now)
    if valid_from < today:
        raise AppointmentError(_("Une permanence ne peut pas commencer dans le passé."))
    if valid_until < valid_from:
        raise AppointmentError(_("La date de fin précède la date de début."))
    if valid_until > valid_from + timedelta(days=366):
        raise AppointmentError(_("Publiez une permanence pour un an au plus."))
    if end_time <= start_time:
        raise AppointmentError(_("L'heure de fin doit suivre l'heure de début."))
    if not 10 <= slot_minutes <= 240:
        raise AppointmentError(_("Un rendez-vous dure de 10 à 240 minutes."))
    permanence = Permanence.objects.create(
        place=place,
        agent=agent,
        mode=mode,
        weekday=weekday,
        start_time=start_time,
        end_time=end_time,
        slot_minutes=slot_minutes,
        valid_from=valid_from,
        valid_until=valid_until,
        created_at=now,
    )
    closed = _closed_days(place, valid_from, valid_until)
    tz = timezone.get_current_timezone()
    step = timedelta(minutes=slot_minutes)
    slots = []
    day = valid_from + timedelta(days=(weekday - valid_from.weekday()) % 7)
    while day <= valid_until:
        if day not in closed:
            start = datetime.combine(day, start_time, tzinfo=tz)
            limit = datetime.combine(day, end_time, tzinfo=tz)
            while start + step <= limit:
                if start > now:
                    slots.append(
                        Slot(
                            place=place,
                            agent=agent,
                            permanence=permanence,
                            mode=mode,
                            starts_at=start,
                            ends_at=start + step,
                        )
                    )
                start += step
        day += timedelta(days=7)
    if not slots:
        raise AppointmentError(_("Cette permanence ne donne aucun créneau sur la période."))
    first, last = slots[0].starts_at, slots[-1].ends_at
    existing = Slot.objects.filter(agent=agent, starts_at__lt=last, ends_at__gt=first)
    busy = [(s.starts_at, s.ends_at) for s in existing.only("starts_at", "ends_at")]
    for slot in slots:
        for start, end in busy:
            if start < slot.ends_at and slot.starts_at < end:
                raise AppointmentError(
                    _("Cet agent a déjà un créneau le %(date)s : les créneaux se chevauchent.")
                    % {"date": timezone.localtime(start).strftime("%d/%m/%Y %H:%M")}
                )
    Slot.objects.bulk_create(slots)
    return permanence


@transaction.atomic
def closure_add(*, by, place, start_date, end_date, reason, places=None, now=None):
    """Close days: free slots in the period are withdrawn; booked ones must be moved first.

    `place` None closes every place of `places` (the agent's perimeter).
    """
    now = _now(now)
    if place is not None:
        _check_perimeter(by, place)
    if end_date < start_date:
        raise AppointmentError(_("La date de fin précède la date de début."))
    if end_date < timezone.localdate(now):
        raise AppointmentError(_("Cette fermeture est entièrement dans le passé."))
    tz = timezone.get_current_timezone()
    slots = Slot.objects.select_for_update().filter(
        starts_at__gte=datetime.combine(start_date, datetime.min.time(), tzinfo=tz),
        starts_at__lt=datetime.combine(
            end_date + timedelta(days=1), datetime.min.time(), tzinfo=tz
        ),
    )
    slots = slots.filter(place=place) if place is not None else slots.filter(place__in=places)
    booked = live_appointments().filter(slot__in=slots).count()
    if booked:
        raise AppointmentError(
            _("Rendez-vous pris pendant cette fermeture : %(n)s. Déplacez-les d'abord.")
            % {"n": booked}
        )
    closure = Closure.objects.create(
        place=place, start_date=start_date, end_date=end_date, reason=reason, created_at=now
    )
    Appointment.objects.filter(slot__in=slots).delete()  # cancelled bookings only
    slots.delete()
    return closure


# --- bookings ----------------------------------------------------------------------------


def _lock_free_slot(slot, now):
    locked = Slot.objects.select_for_update().select_related("place").get(pk=slot.pk)
    if locked.starts_at <= now:
        raise AppointmentError(_("Ce créneau est passé : choisissez-en un autre."))
    if not locked.place.is_active:
        raise AppointmentError(_("Ce lieu ne reçoit plus de rendez-vous."))
    if live_appointments().filter(slot=locked).exists():
        raise SlotTaken(
            taken_message(),
            alternatives=alternatives_to(locked, now=now),
        )
    return locked


def _notify(appointment, event, **context):
    from sppe.dossiers.notifications import absolute_url

    token = appointment_token(appointment)
    language = message_language(appointment.language)
    context = {
        "appointment": appointment,
        "slot": appointment.slot,
        "manage_url": absolute_url(reverse("relais:appointment_manage", args=[token])),
        "booking_url": absolute_url(reverse("relais:booking")),
        **context,
    }
    subject, body = render_message(f"relais/mail/{event}.txt", context, language=language)
    message_queue(
        channel=MessageChannel.EMAIL,
        recipient=appointment.email,
        subject=subject,
        body=body,
        language=language,
        event=f"relais_appointment_{event}",
        related=appointment,
    )


def appointment_book(
    *, slot, person_kind, name, email, phone, commune, theme, language="fr", by=None, now=None
):
    """Book `slot`; raises SlotTaken (with other free slots) when someone was faster."""
    now = _now(now)
    if by is not None:
        _check_perimeter(by, slot.place)
    try:
        with transaction.atomic():
            locked = _lock_free_slot(slot, now)
            appointment = Appointment.objects.create(
                slot=locked,
                person_kind=person_kind,
                name=name.strip(),
                email=email.strip().lower(),
                phone=phone.strip(),
                commune=commune,
                theme=theme,
                language=language,
                booked_by=by,
                created_at=now,
            )
            _notify(appointment, "confirmed")
    except IntegrityError as exc:
        raise SlotTaken(
            taken_message(),
            alternatives=alternatives_to(slot, now=now),
        ) from exc
    return appointment


@transaction.atomic
def appointment_move(*, appointment, slot, by=None, now=None):
    now = _now(now)
    current = Appointment.objects.select_for_update().select_related("slot").get(pk=appointment.pk)
    if current.is_cancelled:
        raise AppointmentError(_("Ce rendez-vous est annulé : il ne peut plus être déplacé."))
    if current.slot.starts_at <= now:
        raise AppointmentError(_("Ce rendez-vous est passé : il ne peut plus être déplacé."))
    if current.slot_id == slot.pk:
        raise AppointmentError(_("Le rendez-vous est déjà sur ce créneau."))
    if by is not None:
        _check_perimeter(by, slot.place)
    locked = _lock_free_slot(slot, now)
    current.slot = locked
    current.reminded_at = None
    current.save(update_fields=["slot", "reminded_at"])
    _notify(current, "moved")
    return current


@transaction.atomic
def appointment_cancel(*, appointment, by=None, now=None):
    now = _now(now)
    current = Appointment.objects.select_for_update().select_related("slot").get(pk=appointment.pk)
    if current.is_cancelled:
        raise AppointmentError(_("Ce rendez-vous est déjà annulé."))
    if current.slot.starts_at <= now:
        raise AppointmentError(_("Ce rendez-vous est passé : il ne peut plus être annulé."))
    if by is not None:
        _check_perimeter(by, current.slot.place)
    current.cancelled_at = now
    current.save(update_fields=["cancelled_at"])
    _notify(current, "cancelled")
    return current


def appointments_remind(*, now=None) -> int:
    """E-mail a reminder for each live appointment of tomorrow (once each)."""
    now = _now(now)
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    tz = timezone.get_current_timezone()
    start = datetime.combine(tomorrow, datetime.min.time(), tzinfo=tz)
    due = live_appointments().filter(
        reminded_at__isnull=True,
        slot__starts_at__gte=start,
        slot__starts_at__lt=start + timedelta(days=1),
    )
    count = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            appointment = (
                Appointment.objects.select_for_update()
                .select_related("slot__place__commune", "theme")
                .get(pk=pk)
            )
            if appointment.reminded_at or appointment.is_cancelled:
                continue
            appointment.reminded_at = now
            appointment.save(update_fields=["reminded_at"])
            _notify(appointment, "reminder")
            count += 1
    return count
