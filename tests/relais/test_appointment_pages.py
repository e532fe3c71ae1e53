import datetime as dt
import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.relais.appointments.services import appointment_token
from sppe.relais.models import Appointment, Permanence, Slot

from ..factories import UserFactory
from .conftest import NOW
from .factories import AppointmentFactory, SlotFactory

BOOKING = {
    "person_kind": "family",
    "name": "Camille Martin",
    "email": "camille@exemple.test",
    "phone": "06 12 34 56 78",
}


def text(response):
    return html.unescape(response.content.decode())


def form_data(relais, **overrides):
    return {**BOOKING, "commune": relais["commune"].pk, "theme": relais["theme"].pk, **overrides}


def test_the_booking_page_lists_the_free_slots(client, relais):
    free = SlotFactory(place=relais["place"], starts_at=NOW + dt.timedelta(days=1))
    taken = AppointmentFactory(slot__place=relais["place"]).slot
    response = client.get(reverse("relais:booking"))
    assert response.status_code == 200
    assert reverse("relais:book", args=[free.pk]) in response.text
    assert reverse("relais:book", args=[taken.pk]) not in response.text


def test_a_family_books_without_an_account_then_cancels_by_the_link(client, relais):
    slot = SlotFactory(place=relais["place"], starts_at=NOW + dt.timedelta(days=1))
    response = client.post(reverse("relais:book", args=[slot.pk]), form_data(relais), follow=True)
    assert "Votre rendez-vous est réservé." in response.text
    appointment = Appointment.objects.get()
    link = re.search(r"http\S+/relais/rendez-vous/gerer/(\S+)/", mail.outbox[0].body)
    assert link.group(1) == appointment_token(appointment)
    ics = client.get(reverse("relais:appointment_ics", args=[link.group(1)]))
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"BEGIN:VEVENT" in ics.content
    response = client.post(reverse("relais:appointment_cancel", args=[link.group(1)]), follow=True)
    assert "Votre rendez-vous est annulé." in response.text
    appointment.refresh_from_db()
    assert appointment.cancelled_at == NOW
    # The .ics of a cancelled appointment: a clear message, no file.
    response = client.get(reverse("relais:appointment_ics", args=[link.group(1)]))
    assert response.status_code == 410
    assert "Ce rendez-vous est annulé : il n'a plus de fichier agenda." in text(response)


def test_a_taken_slot_shows_a_clear_message_and_other_slots(client, relais):
    taken = AppointmentFactory(slot__place=relais["place"]).slot
    other = SlotFactory(place=relais["place"], starts_at=NOW + dt.timedelta(days=4))
    response = client.post(reverse("relais:book", args=[taken.pk]), form_data(relais))
    assert "Ce créneau vient d'être réservé par quelqu'un d'autre." in text(response)
    assert reverse("relais:book", args=[other.pk]) in response.text
    assert Appointment.objects.count() == 1


def test_bad_input_is_explained_and_books_nothing(client, relais):
    slot = SlotFactory(place=relais["place"])
    response = client.post(
        reverse("relais:book", args=[slot.pk]), form_data(relais, phone="12", email="x")
    )
    assert "Indiquez un numéro à 10 chiffres" in response.text
    assert "Saisissez une adresse de courriel valide." in text(response)
    assert not Appointment.objects.exists()


def test_a_past_slot_cannot_be_booked_from_the_page(client, relais):
    slot = SlotFactory(place=relais["place"], starts_at=NOW - dt.timedelta(days=1))
    response = client.post(reverse("relais:book", args=[slot.pk]), form_data(relais))
    assert "Ce créneau est passé : choisissez-en un autre." in response.text
    assert not Appointment.objects.exists()


def test_a_forged_link_is_refused(client, relais):
    appointment = AppointmentFactory(slot__place=relais["place"])
    token = appointment_token(appointment)
    response = client.post(reverse("relais:appointment_cancel", args=[token[:-2] + "xx"]))
    assert response.status_code == 404
    assert "Ce lien ne fonctionne pas" in text(response)
    appointment.refresh_from_db()
    assert appointment.cancelled_at is None


def test_a_family_moves_its_appointment(client, relais):
    appointment = AppointmentFactory(slot__place=relais["place"])
    later = SlotFactory(place=relais["place"], starts_at=NOW + dt.timedelta(days=5))
    token = appointment_token(appointment)
    response = client.post(
        reverse("relais:appointment_move", args=[token]), {"slot": later.pk}, follow=True
    )
    assert "Votre rendez-vous est déplacé." in response.text
    appointment.refresh_from_db()
    assert appointment.slot == later


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("fr", "Prendre rendez-vous avec le relais petite enfance"),
        ("en", "Book an appointment with the childcare relay"),
        ("ar", "حجز موعد مع مركز الطفولة المبكرة"),
    ],
)
def test_the_public_pages_speak_three_languages(client, relais, language, title):
    client.cookies["django_language"] = language
    slot = SlotFactory(place=relais["place"])
    assert f"<h1>{title}</h1>" in client.get(reverse("relais:booking")).text
    assert client.get(reverse("relais:book", args=[slot.pk])).status_code == 200


# --- agents --------------------------------------------------------------------------------


def test_agents_see_the_day_of_their_communes_only(client, relais):
    mine = AppointmentFactory(slot__place=relais["place"], name="Famille Inside")
    AppointmentFactory(slot__place=relais["other_place"], name="Famille Outside")
    day = mine.slot.starts_at.date().isoformat()
    client.force_login(relais["agent"])
    response = client.get(reverse("relais:agent_agenda"), {"jour": day, "vue": "semaine"})
    assert "Famille Inside" in response.text
    assert "Famille Outside" not in response.text


def test_an_agent_of_another_relais_can_neither_book_nor_cancel(client, relais):
    appointment = AppointmentFactory(slot__place=relais["place"])
    free = SlotFactory(place=relais["place"])
    client.force_login(relais["other_agent"])
    response = client.post(
        reverse("relais:agent_book", args=[free.pk]), form_data(relais, email="a@exemple.test")
    )
    assert response.status_code == 404
    response = client.post(reverse("relais:agent_cancel", args=[appointment.pk]))
    assert response.status_code == 404
    appointment.refresh_from_db()
    assert appointment.cancelled_at is None
    assert Appointment.objects.count() == 1


def test_an_agent_books_for_a_caller_and_cancels(client, relais):
    free = SlotFactory(place=relais["place"])
    client.force_login(relais["agent"])
    response = client.post(
        reverse("relais:agent_book", args=[free.pk]),
        form_data(relais, person_kind="candidate"),
        follow=True,
    )
    assert "Rendez-vous enregistré" in response.text
    appointment = Appointment.objects.get()
    assert appointment.booked_by == relais["agent"]
    response = client.post(reverse("relais:agent_cancel", args=[appointment.pk]), follow=True)
    assert "Rendez-vous annulé" in response.text


def test_an_agent_publishes_a_permanence_from_the_page(client, relais):
    client.force_login(relais["agent"])
    data = {
        "place": relais["place"].pk,
        "agent": relais["agent"].pk,
        "mode": "phone",
        "weekday": "2",
        "start_time": "14:00",
        "end_time": "16:00",
        "slot_minutes": "30",
        "valid_from": "2026-03-02",
        "valid_until": "2026-03-15",
    }
    response = client.post(reverse("relais:agent_permanences"), data, follow=True)
    assert "Permanence publiée : 8 créneaux ouverts à la réservation." in response.text
    # The same hours again: overlapping slots, refused with a message.
    response = client.post(reverse("relais:agent_permanences"), data)
    assert "les créneaux se chevauchent" in response.text
    assert Permanence.objects.count() == 1
    # Another relais's place is not even offered.
    data["place"] = relais["other_place"].pk
    response = client.post(reverse("relais:agent_permanences"), data)
    assert "Sélectionnez un choix valide." in response.text
    assert Slot.objects.count() == 8


def test_the_agent_pages_are_for_agents_and_administrators(client, relais):
    expected = {Role.AGENT, Role.TERRITORY_ADMIN}
    for role in Role:
        client.force_login(UserFactory(role=role))
        status = client.get(reverse("relais:agent_agenda")).status_code
        assert (status == 200) == (role in expected), role
