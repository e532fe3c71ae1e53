import datetime as dt
import threading
import time

import pytest
from django.core import mail
from django.db import OperationalError, connection
from icalendar import Calendar

from sppe.relais.appointments import services
from sppe.relais.appointments.ics import CancelledAppointment, appointment_ics
from sppe.relais.enums import Mode, PersonKind
from sppe.relais.models import Appointment, Closure, Permanence, Slot

from .conftest import NOW
from .factories import AppointmentFactory, SlotFactory


def publish(relais, *, by=None, place=None, **overrides):
    data = {
        "by": by or relais["agent"],
        "place": place or relais["place"],
        "agent": relais["agent"],
        "mode": Mode.ON_SITE,
        "weekday": 2,  # Wednesday
        "start_time": dt.time(9, 0),
        "end_time": dt.time(12, 0),
        "slot_minutes": 30,
        "valid_from": dt.date(2026, 3, 2),
        "valid_until": dt.date(2026, 3, 31),
    }
    data.update(overrides)
    return services.permanence_publish(**data)


def book(relais, slot, **overrides):
    data = {
        "slot": slot,
        "person_kind": PersonKind.FAMILY,
        "name": "Camille Martin",
        "email": "Camille@Exemple.test",
        "phone": "06 12 34 56 78",
        "commune": relais["commune"],
        "theme": relais["theme"],
    }
    data.update(overrides)
    return services.appointment_book(**data)


def test_a_permanence_publishes_its_weekly_slots(relais):
    permanence = publish(relais)
    # Four Wednesdays in March 2026 (4, 11, 18, 25), six half-hours each.
    assert permanence.slots.count() == 24
    first = permanence.slots.order_by("starts_at").first()
    assert first.starts_at == dt.datetime(2026, 3, 4, 8, 0, tzinfo=dt.UTC)  # 9:00 in Paris


def test_closed_days_get_no_slot(relais):
    Closure.objects.create(
        place=None,
        start_date=dt.date(2026, 3, 10),
        end_date=dt.date(2026, 3, 12),
        reason="Formation",
        created_at=NOW,
    )
    assert publish(relais).slots.count() == 18


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"valid_from": dt.date(2026, 3, 1)},
            "Une permanence ne peut pas commencer dans le passé.",
        ),
        ({"end_time": dt.time(9, 0)}, "L'heure de fin doit suivre l'heure de début."),
        ({"valid_until": dt.date(2026, 3, 1)}, "La date de fin précède la date de début."),
    ],
)
def test_a_bad_permanence_is_refused_and_publishes_nothing(relais, overrides, message):
    with pytest.raises(services.AppointmentError, match=message):
        publish(relais, **overrides)
    assert not Permanence.objects.exists()
    assert not Slot.objects.exists()


def test_overlapping_slots_are_refused(relais):
    publish(relais)
    with pytest.raises(services.AppointmentError, match="les créneaux se chevauchent"):
        publish(relais, start_time=dt.time(11, 0), end_time=dt.time(13, 0))
    assert Permanence.objects.count() == 1
    assert Slot.objects.count() == 24


def test_an_agent_cannot_publish_at_another_relais_place(relais):
    with pytest.raises(services.AppointmentError, match="pas dans les communes de votre relais"):
        publish(relais, place=relais["other_place"])
    assert not Slot.objects.exists()


def test_booking_sends_the_confirmation_with_its_ics(relais):
    slot = publish(relais).slots.order_by("starts_at").first()
    appointment = book(relais, slot)
    assert appointment.email == "camille@exemple.test"
    [message] = mail.outbox
    assert message.to == ["camille@exemple.test"]
    assert message.subject == "Votre rendez-vous avec le relais petite enfance est confirmé"
    assert "/relais/rendez-vous/gerer/" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("rendez-vous.ics", "text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == slot.starts_at
    assert "Relais d'Aizenay" in str(event["location"])


def test_the_second_booking_of_a_slot_gets_a_clear_message_and_other_slots(relais):
    slots = list(publish(relais).slots.order_by("starts_at"))
    book(relais, slots[0])
    with pytest.raises(services.SlotTaken) as refused:
        book(relais, slots[0], email="autre@exemple.test")
    assert str(refused.value).startswith("Ce créneau vient d'être réservé par quelqu'un d'autre.")
    assert refused.value.alternatives[:2] == slots[1:3]
    assert Appointment.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_slot_in_the_past_cannot_be_booked(relais):
    slot = SlotFactory(place=relais["place"], starts_at=NOW - dt.timedelta(hours=1))
    with pytest.raises(services.AppointmentError, match="Ce créneau est passé"):
        book(relais, slot)
    assert not Appointment.objects.exists()
    assert not mail.outbox


def test_two_people_who_both_saw_the_last_slot_free_never_both_get_it(relais, monkeypatch):
    """Both requests read the slot as free before either wrote: the database refuses one."""
    slot = publish(relais, end_time=dt.time(9, 30), valid_until=dt.date(2026, 3, 4)).slots.get()
    other = SlotFactory(place=relais["place"], starts_at=NOW + dt.timedelta(days=3))

    def lock_without_looking(slot, now):
        return Slot.objects.select_for_update().select_related("place").get(pk=slot.pk)

    monkeypatch.setattr(services, "_lock_free_slot", lock_without_looking)
    book(relais, slot, email="premier@exemple.test")
    with pytest.raises(services.SlotTaken) as refused:
        book(relais, slot, email="second@exemple.test")
    assert "Choisissez un autre créneau" in str(refused.value)
    assert refused.value.alternatives == [other]
    assert list(Appointment.objects.values_list("email", flat=True)) == ["premier@exemple.test"]
    assert [m.to for m in mail.outbox] == [["premier@exemple.test"]]


def test_cancel_frees_the_slot_and_a_second_cancel_is_refused(relais):
    slot = publish(relais).slots.order_by("starts_at").first()
    appointment = book(relais, slot)
    services.appointment_cancel(appointment=appointment)
    assert mail.outbox[-1].subject == "Votre rendez-vous avec le relais petite enfance est annulé"
    assert not mail.outbox[-1].attachments
    with pytest.raises(services.AppointmentError, match="Ce rendez-vous est déjà annulé."):
        services.appointment_cancel(appointment=appointment)
    assert len(mail.outbox) == 2
    # Someone else may now take the slot.
    assert book(relais, slot, email="autre@exemple.test").slot == slot


def test_a_cancelled_appointment_has_no_ics(relais):
    appointment = AppointmentFactory(slot__place=relais["place"], cancelled_at=NOW)
    with pytest.raises(CancelledAppointment, match="il n'a plus de fichier agenda"):
        appointment_ics(appointment)


def test_moving_to_a_taken_slot_is_refused_and_changes_nothing(relais):
    slots = list(publish(relais).slots.order_by("starts_at"))
    mine = book(relais, slots[0])
    book(relais, slots[1], email="autre@exemple.test")
    with pytest.raises(services.SlotTaken):
        services.appointment_move(appointment=mine, slot=slots[1])
    mine.refresh_from_db()
    assert mine.slot == slots[0]
    moved = services.appointment_move(appointment=mine, slot=slots[2])
    assert moved.slot == slots[2]
    assert mail.outbox[-1].subject.endswith("est déplacé")
    assert mail.outbox[-1].attachments


def test_a_closure_over_booked_slots_is_refused(relais):
    slots = list(publish(relais).slots.order_by("starts_at"))
    book(relais, slots[0])
    with pytest.raises(
        services.AppointmentError, match="Rendez-vous pris pendant cette fermeture : 1"
    ):
        services.closure_add(
            by=relais["agent"],
            place=relais["place"],
            start_date=dt.date(2026, 3, 4),
            end_date=dt.date(2026, 3, 4),
            reason="Grève",
        )
    assert not Closure.objects.exists()
    assert Slot.objects.count() == 24


def test_a_closure_withdraws_the_free_slots(relais):
    publish(relais)
    services.closure_add(
        by=relais["agent"],
        place=relais["place"],
        start_date=dt.date(2026, 3, 11),
        end_date=dt.date(2026, 3, 11),
        reason="Formation",
    )
    assert Slot.objects.count() == 18


def test_the_reminder_goes_the_day_before_once(relais, time_machine):
    slots = list(publish(relais).slots.order_by("starts_at"))
    book(relais, slots[0])  # Wednesday 4 March
    book(relais, slots[6], email="plus-tard@exemple.test")  # Wednesday 11 March
    mail.outbox.clear()
    assert services.appointments_remind(now=NOW) == 0  # Monday: nothing tomorrow
    tuesday = NOW + dt.timedelta(days=1)
    assert services.appointments_remind(now=tuesday) == 1
    assert services.appointments_remind(now=tuesday) == 0
    [reminder] = mail.outbox
    assert reminder.to == ["camille@exemple.test"]
    assert reminder.subject.startswith("Rappel")


@pytest.mark.django_db(transaction=True)
def test_two_bookings_of_the_last_slot_at_the_same_moment(relais):
    """Two threads, two connections, released together: one books, the other is told.

    On PostgreSQL the second waits on the slot's row lock; SQLite's in-memory test
    database refuses a second writer at once ("table is locked"), so the thread tries
    again as a busy server would, until the first has committed.
    """
    slot = publish(relais, end_time=dt.time(9, 30), valid_until=dt.date(2026, 3, 4)).slots.get()
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(email):
        try:
            barrier.wait()
            for _try in range(500):
                try:
                    book(relais, slot, email=email)
                    outcomes.append("booked")
                    return
                except services.SlotTaken as exc:
                    outcomes.append(exc)
                    return
                except OperationalError as exc:
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(f"p{i}@exemple.test",)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("booked") == 1
    [refused] = [o for o in outcomes if o != "booked"]
    assert str(refused).startswith("Ce créneau vient d'être réservé par quelqu'un d'autre.")
    assert Appointment.objects.filter(slot=slot).count() == 1
