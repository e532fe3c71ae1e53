"""Agents edit the territory's texts and contacts on their own pages; families see the
change at once. Only agents and territory administrators may."""

import pytest
from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.information.enums import ContentKey, ContentLanguage
from sppe.information.models import Contact, LocalContent, PrintedGuide

from .factories import ContactFactory, LocalContentFactory

EDITORS = {Role.AGENT, Role.TERRITORY_ADMIN}


def test_editors_are_agents_and_territory_administrators():
    assert {Role.AGENT, Role.TERRITORY_ADMIN} == EDITORS


def _pages():
    return [
        ("get", reverse("information:manage")),
        ("get", reverse("information:manage_text", args=["contacts", "fr"])),
        ("get", reverse("information:manage_contact_new")),
        ("post", reverse("information:manage_guide")),
    ]


@pytest.mark.parametrize("role", list(Role))
def test_role_against_the_management_pages(client, make_user, role):
    client.force_login(make_user(role))
    for method, url in _pages():
        response = getattr(client, method)(url)
        if role in EDITORS:
            assert response.status_code in (200, 302), (role, url)
        else:
            assert response.status_code == 403, (role, url)
    assert PrintedGuide.objects.exists() == (role in EDITORS)


def test_anonymous_is_sent_to_login(client, territory):
    for method, url in _pages():
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.fixture
def agent_client(client, make_user):
    agent = make_user(Role.AGENT)
    client.force_login(agent)
    client.agent = agent
    return client


def test_agent_writes_a_local_text_that_families_see_at_once(agent_client):
    url = reverse("information:manage_text", args=[ContentKey.AFTER_REFUSAL, "fr"])
    response = agent_client.post(
        url, {"title": "Le Relais vous rappelle", "body": "Sous 8 jours.\n\n- **RDV** offert"}
    )
    assert response.status_code == 302
    block = LocalContent.objects.get(key=ContentKey.AFTER_REFUSAL, language="fr")
    assert block.updated_by == agent_client.agent
    page = agent_client.get(reverse("information:moment", args=["apres-un-refus"]))
    assert "Le Relais vous rappelle" in page.content.decode()
    assert "<li><strong>RDV</strong> offert</li>" in page.content.decode()
    # Editing replaces the same block.
    agent_client.post(url, {"title": "Nouveau titre", "body": "Texte"})
    assert LocalContent.objects.filter(key=ContentKey.AFTER_REFUSAL).count() == 1
    edit_page = agent_client.get(url).content.decode()
    assert "Aperçu du texte enregistré" in edit_page and "Nouveau titre" in edit_page


def test_agent_writes_the_arabic_version(agent_client):
    url = reverse("information:manage_text", args=[ContentKey.CONTACTS, "ar"])
    agent_client.post(url, {"title": "ساعات الاستقبال", "body": "كل يوم ثلاثاء"})
    html = agent_client.get(
        reverse("information:contacts"), HTTP_ACCEPT_LANGUAGE="ar"
    ).content.decode()
    assert "ساعات الاستقبال" in html


def test_empty_text_is_refused_and_nothing_is_saved(agent_client):
    url = reverse("information:manage_text", args=[ContentKey.CONTACTS, "fr"])
    response = agent_client.post(url, {"title": "", "body": ""})
    assert response.status_code == 200
    assert "Le formulaire contient des erreurs" in response.content.decode()
    assert not LocalContent.objects.exists()


def test_too_long_text_is_refused(agent_client):
    url = reverse("information:manage_text", args=[ContentKey.CONTACTS, "fr"])
    response = agent_client.post(url, {"title": "Titre", "body": "x" * 5001})
    assert response.status_code == 200 and not LocalContent.objects.exists()


def test_unknown_key_or_language_is_404(agent_client):
    assert (
        agent_client.get(reverse("information:manage_text", args=["inconnu", "fr"])).status_code
        == 404
    )
    assert (
        agent_client.get(reverse("information:manage_text", args=["contacts", "de"])).status_code
        == 404
    )


def test_agent_deletes_a_local_text(agent_client):
    LocalContentFactory(key=ContentKey.CONTACTS, language=ContentLanguage.ENGLISH)
    url = reverse("information:manage_text_delete", args=["contacts", "en"])
    assert agent_client.get(url).status_code == 405
    assert agent_client.post(url).status_code == 302
    assert not LocalContent.objects.exists()
    assert agent_client.post(url).status_code == 404


CONTACT = {
    "name": "PMI de Aizenay",
    "kind": "pmi",
    "address": "2 rue de la Santé\n85190 Aizenay",
    "phone": "02 51 00 00 01",
    "email": "pmi@exemple.test",
    "website": "",
    "opening_hours": "Mo-Fr 09:00-12:00; We 14:00-17:00",
    "hours_note": "Sur rendez-vous",
    "position": "1",
    "is_active": "on",
}


def test_agent_adds_a_contact_with_opening_hours(agent_client):
    response = agent_client.post(reverse("information:manage_contact_new"), CONTACT)
    assert response.status_code == 302
    contact = Contact.objects.get()
    # The Wednesday rule replaces the weekday one (OpenStreetMap syntax).
    assert contact.weekly_schedule["0"] == [[540, 720]]
    assert contact.weekly_schedule["2"] == [[840, 1020]]
    html = agent_client.get(reverse("information:contacts")).content.decode()
    # French pages elide "de" before a vowel (sppe.core.french.tidy); the record is as typed.
    assert contact.name == "PMI de Aizenay"
    assert "PMI d'Aizenay" in html and "Sur rendez-vous" in html and "9 h – 12 h" in html


def test_invalid_opening_hours_are_explained_and_nothing_is_saved(agent_client):
    response = agent_client.post(
        reverse("information:manage_contact_new"), dict(CONTACT, opening_hours="lundi matin")
    )
    assert response.status_code == 200
    assert "Ces horaires ne sont pas compris" in response.content.decode()
    assert not Contact.objects.exists()


def test_invalid_email_is_refused(agent_client):
    response = agent_client.post(
        reverse("information:manage_contact_new"), dict(CONTACT, email="pas-un-email")
    )
    assert response.status_code == 200 and not Contact.objects.exists()


def test_agent_edits_and_deletes_a_contact(agent_client):
    contact = ContactFactory()
    url = reverse("information:manage_contact", args=[contact.pk])
    assert agent_client.get(url).status_code == 200
    agent_client.post(url, dict(CONTACT, name="Caf de la Vendée", kind="caf", opening_hours=""))
    contact.refresh_from_db()
    assert contact.name == "Caf de la Vendée" and contact.weekly_schedule == {}
    delete = reverse("information:manage_contact_delete", args=[contact.pk])
    assert agent_client.post(delete).status_code == 302
    assert not Contact.objects.exists()
    assert agent_client.get(url).status_code == 404


def test_management_page_lists_texts_contacts_and_guide(agent_client):
    ContactFactory(name="Mairie de Beaufou", kind="mairie", is_active=False)
    LocalContentFactory(key=ContentKey.WELCOME, title="Bienvenue aux familles")
    html = agent_client.get(reverse("information:manage")).content.decode()
    assert "Bienvenue aux familles" in html
    assert "Mairie de Beaufou" in html and "masqué" in html
    assert "Le guide n'a pas encore été généré." in html


def test_guide_regeneration_is_post_only(agent_client):
    assert agent_client.get(reverse("information:manage_guide")).status_code == 405
