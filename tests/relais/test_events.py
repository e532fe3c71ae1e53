import datetime as dt
import html
import re

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from sppe.relais.enums import EventKind, PersonKind, RegistrationStatus
from sppe.relais.events import services
from sppe.relais.events.models import Event, Registration

from .conftest import NOW
from .factories import EventFactory, RegistrationFactory


def text(response):
    return html.unescape(response.content.decode())


def register(event, **overrides):
    data = {
        "event": event,
        "person_kind": PersonKind.CHILDMINDER,
        "name": "Sophie Bernard",
        "email": "sophie@exemple.test",
        "children": 2,
    }
    data.update(overrides)
    return services.registration_register(**data)


@pytest.fixture
def matinee(relais):
    return EventFactory(
        place=relais["place"],
        starts_at=NOW + dt.timedelta(days=3),
        ends_at=NOW + dt.timedelta(days=3, hours=2),
        capacity_adults=2,
        capacity_children=4,
        created_by=relais["agent"],
    )


def test_an_agent_creates_an_event_in_her_communes_only(relais):
    event = services.event_create(
        by=relais["agent"],
        kind=EventKind.MATINEE,
        title="Matinée d'éveil",
        place=relais["place"],
        starts_at=NOW + dt.timedelta(days=2),
        ends_at=NOW + dt.timedelta(days=2, hours=2),
        capacity_adults=8,
        capacity_children=16,
    )
    assert event.pk
    with pytest.raises(services.EventError, match="pas dans les communes de votre relais"):
        services.event_create(
            by=relais["agent"],
            kind=EventKind.MATINEE,
            title="Ailleurs",
            place=relais["other_place"],
            starts_at=NOW + dt.timedelta(days=2),
            ends_at=NOW + dt.timedelta(days=2, hours=2),
            capacity_adults=8,
        )
    with pytest.raises(services.EventError, match="dans le passé"):
        services.event_create(
            by=relais["agent"],
            kind=EventKind.MATINEE,
            title="Hier",
            place=relais["place"],
            starts_at=NOW - dt.timedelta(days=1),
            ends_at=NOW - dt.timedelta(hours=20),
            capacity_adults=8,
        )
    assert Event.objects.count() == 1


def test_full_events_fill_the_waiting_list_and_a_cancellation_promotes_it(matinee):
    first = register(matinee, email="a@exemple.test")
    second = register(matinee, email="b@exemple.test")  # children: 4 of 4
    waiting = register(matinee, email="c@exemple.test", children=1)
    assert [first.status, second.status, waiting.status] == ["confirmed", "confirmed", "waiting"]
    assert mail.outbox[-1].subject == "Vous êtes sur la liste d'attente"
    _cancelled, promoted = services.registration_cancel(registration=first)
    assert promoted == [waiting]
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert mail.outbox[-1].subject.startswith("Une place s'est libérée")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"children": 5}, "accueille 4 enfant\\(s\\) au plus par inscription"),
        ({"person_kind": PersonKind.FAMILY}, "réservée aux assistants maternels"),
    ],
)
def test_a_registration_over_capacity_or_not_open_is_refused(matinee, overrides, message):
    with pytest.raises(services.EventError, match=message):
        register(matinee, **overrides)
    assert not Registration.objects.exists()


def test_the_same_address_cannot_register_twice(matinee):
    register(matinee)
    with pytest.raises(services.EventError, match="déjà inscrit"):
        register(matinee, email="SOPHIE@exemple.test")
    assert Registration.objects.count() == 1


def test_a_past_event_takes_no_registration(relais):
    event = EventFactory(
        place=relais["place"],
        starts_at=NOW - dt.timedelta(hours=3),
        ends_at=NOW - dt.timedelta(hours=1),
    )
    with pytest.raises(services.EventError, match="déjà eu lieu"):
        register(event)


def test_the_public_page_registers_and_the_link_cancels(client, matinee):
    response = client.post(
        reverse("relais:event", args=[matinee.pk]),
        {
            "person_kind": "childminder",
            "name": "Sophie B",
            "email": "s@exemple.test",
            "children": 2,
        },
        follow=True,
    )
    assert "Vous êtes inscrit." in text(response)
    registration = Registration.objects.get()
    token = services.registration_token(registration)
    assert f"/relais/animations/inscription/{token}/" in mail.outbox[0].body
    response = client.post(reverse("relais:registration_manage", args=[token]), follow=True)
    assert "Votre inscription est annulée." in text(response)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_the_calendar_and_its_feed(client, matinee):
    response = client.get(reverse("relais:events"))
    assert matinee.title in text(response)
    feed = client.get(reverse("relais:events_feed"))
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    [event] = Calendar.from_ical(feed.content).walk("VEVENT")
    assert event.decoded("dtstart") == matinee.starts_at


def test_attendance_on_the_day_by_the_agent_of_the_commune(client, relais, matinee, time_machine):
    came = RegistrationFactory(event=matinee)
    absent = RegistrationFactory(event=matinee)
    client.force_login(relais["other_agent"])
    url = reverse("relais:agent_attendance", args=[matinee.pk])
    assert client.post(url, {"present": [came.pk]}).status_code == 404
    client.force_login(relais["agent"])
    response = client.post(url, {"present": [came.pk]}, follow=True)
    assert "La présence se note le jour de l" in text(response)
    came.refresh_from_db()
    assert came.attended is None
    time_machine.move_to(matinee.starts_at, tick=False)
    response = client.post(url, {"present": [came.pk]}, follow=True)
    assert "Présences enregistrées : 1." in text(response)
    came.refresh_from_db()
    absent.refresh_from_db()
    assert (came.attended, absent.attended) == (True, False)


def test_an_agent_programs_an_event_from_the_page(client, relais):
    client.force_login(relais["agent"])
    data = {
        "kind": "matinee",
        "title": "Matinée d'éveil musical",
        "place": relais["place"].pk,
        "day": "2026-03-10",
        "start_time": "09:30",
        "end_time": "11:30",
        "capacity_adults": "8",
        "capacity_children": "16",
    }
    response = client.post(reverse("relais:agent_events"), data, follow=True)
    assert "Animation programmée." in text(response)
    data["place"] = relais["other_place"].pk
    response = client.post(reverse("relais:agent_events"), data)
    assert "Sélectionnez un choix valide." in text(response)
    assert Event.objects.count() == 1


def test_those_who_came_are_asked_their_satisfaction_once(client, relais, matinee, time_machine):
    came = RegistrationFactory(event=matinee, attended=True)
    RegistrationFactory(event=matinee, attended=False)
    token = services.registration_token(came)
    response = client.post(reverse("relais:registration_feedback", args=[token]), {"score": "9"})
    assert "Vous pourrez donner votre avis après l'animation." in text(response)
    time_machine.move_to(matinee.ends_at + dt.timedelta(hours=1), tick=False)
    mail.outbox.clear()
    assert services.registrations_ask_satisfaction() == 1
    assert services.registrations_ask_satisfaction() == 0
    sent = re.search(r"/relais/animations/avis/(\S+)/", mail.outbox[0].body).group(1)
    assert services.registration_for_token(sent) == came
    response = client.post(reverse("relais:registration_feedback", args=[token]), {"score": "11"})
    assert "Choisissez une note de 0 à 10." in text(response)
    response = client.post(
        reverse("relais:registration_feedback", args=[token]), {"score": "9"}, follow=True
    )
    assert "Merci pour votre avis !" in text(response)
    response = client.post(reverse("relais:registration_feedback", args=[token]), {"score": "2"})
    assert "Vous avez déjà donné votre avis." in text(response)
    came.refresh_from_db()
    assert came.satisfaction == 9
