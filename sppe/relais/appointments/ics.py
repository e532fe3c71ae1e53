"""The .ics of an appointment (RFC 5545, with the `icalendar` library).

Sent with the confirmation and the move e-mails (through the outbox's attachment
providers) and downloadable from the appointment's page; a cancelled appointment has
no .ics.
"""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Appointment

PRODID = "-//sppe//Relais petite enfance//FR"


class CancelledAppointment(Exception):
    pass


def appointment_ics(appointment) -> bytes:
    if appointment.is_cancelled:
        raise CancelledAppointment(_("Ce rendez-vous est annulé : il n'a plus de fichier agenda."))
    slot = appointment.slot
    place = slot.place
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    host = settings.BASE_URL.split("//")[-1].split("/")[0] or "sppe"
    event.add("uid", f"relais-appointment-{appointment.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("summary", _("Rendez-vous au relais petite enfance"))
    event.add(
        "location", ", ".join(p for p in (place.name, place.address, place.commune.name) if p)
    )
    event.add(
        "description",
        _("%(mode)s. Thème : %(theme)s.")
        % {"mode": slot.get_mode_display(), "theme": appointment.theme},
    )
    calendar.add_component(event)
    return calendar.to_ical()


def message_attachments(message):
    """Attachment provider of the outbox: the .ics of a confirmed or moved appointment."""
    from .services import EVENTS_WITH_ICS

    if message.related_model != "relais.appointment" or message.event not in EVENTS_WITH_ICS:
        return []
    appointment = (
        Appointment.objects.select_related("slot__place__commune", "theme")
        .filter(pk=message.related_id)
        .first()
    )
    if appointment is None or appointment.is_cancelled:
        return []
    with translation.override(message.language or "fr"):
        content = appointment_ics(appointment)
    return [("rendez-vous.ics", content, "text/calendar")]
