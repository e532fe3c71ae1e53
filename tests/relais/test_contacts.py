import datetime as dt

import pytest
from django.urls import reverse

from sppe.relais.contacts.models import Contact
from sppe.relais.contacts.services import ContactError, contact_log
from sppe.relais.enums import ContactChannel, Orientation, PersonKind

from ..offers.factories import ChildminderFactory
from .conftest import NOW
from .factories import AppointmentFactory, ThemeFactory


def log(relais, **overrides):
    data = {
        "by": relais["agent"],
        "person_kind": PersonKind.CHILDMINDER,
        "commune": relais["commune"],
        "channel": ContactChannel.PHONE,
        "themes": [relais["theme"]],
        "duration_minutes": 10,
        "orientation": Orientation.PAJEMPLOI,
    }
    data.update(overrides)
    return contact_log(**data)


def test_a_contact_is_logged_with_its_childminder(relais):
    childminder = ChildminderFactory(commune=relais["commune"])
    contact = log(relais, childminder=childminder)
    assert contact.occurred_on == NOW.date()
    assert contact.childminder == childminder
    assert list(contact.themes.all()) == [relais["theme"]]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"themes": []}, "Choisissez au moins un thème."),
        ({"duration_minutes": 7}, "Choisissez une durée de la liste."),
        (
            {"occurred_on": dt.date(2026, 3, 3)},
            "Un contact ne peut pas être noté à une date à venir.",
        ),
    ],
)
def test_bad_input_logs_nothing(relais, overrides, message):
    with pytest.raises(ContactError, match=message):
        log(relais, **overrides)
    assert not Contact.objects.exists()


def test_an_agent_cannot_log_a_contact_in_another_relais_commune(relais):
    with pytest.raises(ContactError, match="pas dans les communes de votre relais"):
        log(relais, commune=relais["other_commune"])
    other_childminder = ChildminderFactory(commune=relais["other_commune"])
    with pytest.raises(ContactError, match="n'exerce pas dans les communes de votre relais"):
        log(relais, childminder=other_childminder)
    assert not Contact.objects.exists()


def test_an_appointment_gets_one_contact(relais):
    appointment = AppointmentFactory(slot__place=relais["place"])
    log(relais, appointment=appointment)
    with pytest.raises(ContactError, match="déjà noté"):
        log(relais, appointment=appointment)
    assert Contact.objects.count() == 1


def test_the_page_logs_a_contact_in_one_submit(client, relais):
    second = ThemeFactory(label="Agrément")
    childminder = ChildminderFactory(commune=relais["commune"], agrement_number="AGR-85-001")
    client.force_login(relais["agent"])
    response = client.post(
        reverse("relais:contacts"),
        {
            "person_kind": "candidate",
            "commune": relais["commune"].pk,
            "channel": "visit",
            "themes": [relais["theme"].pk, second.pk],
            "duration_minutes": "15",
            "orientation": "pmi",
            "agrement_number": "agr-85-001",
        },
        follow=True,
    )
    assert "Contact noté." in response.text
    contact = Contact.objects.get()
    assert contact.childminder == childminder
    assert contact.themes.count() == 2
    assert "Ce mois-ci : 1 contact" in response.text


def test_the_page_refuses_an_unknown_agrement_number_and_another_relais_commune(client, relais):
    ChildminderFactory(commune=relais["other_commune"], agrement_number="AGR-85-999")
    client.force_login(relais["agent"])
    data = {
        "person_kind": "childminder",
        "commune": relais["other_commune"].pk,
        "channel": "phone",
        "themes": [relais["theme"].pk],
        "duration_minutes": "10",
        "orientation": "none",
        "agrement_number": "AGR-85-999",
    }
    response = client.post(reverse("relais:contacts"), data)
    assert "Aucun assistant maternel de vos communes n" in response.text
    assert "Sélectionnez un choix valide." in response.text
    assert not Contact.objects.exists()


def test_contacts_of_another_relais_stay_hidden(client, relais):
    log(relais, by=relais["other_agent"], commune=relais["other_commune"])
    client.force_login(relais["agent"])
    response = client.get(reverse("relais:contacts"))
    assert "Aucun contact noté aujourd" in response.text
    assert "Ce mois-ci : 0 contact" in response.text


def test_the_appointment_prefills_the_form_and_another_relais_gets_404(client, relais):
    appointment = AppointmentFactory(slot__place=relais["place"])
    client.force_login(relais["other_agent"])
    response = client.get(reverse("relais:contacts"), {"rendez_vous": appointment.pk})
    assert response.status_code == 404
    client.force_login(relais["agent"])
    response = client.get(reverse("relais:contacts"), {"rendez_vous": appointment.pk})
    assert "Noter le contact du rendez-vous du" in response.text
