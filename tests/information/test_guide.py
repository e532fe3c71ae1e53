"""The printed guide: a text PDF built from the live data, regenerated in one click."""

import io
import re

import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.information import services
from sppe.information.enums import ContentKey
from sppe.information.models import PrintedGuide

from .factories import (
    ChildminderFactory,
    ContactFactory,
    EstablishmentFactory,
    LocalContentFactory,
    MamFactory,
    MicroCrecheFactory,
)


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"[\s\u00a0]+", " ", text)


def _content(response) -> bytes:
    # Reading the whole stream closes the response (and its file), as a server would.
    return b"".join(response.streaming_content)


def _file(guide) -> bytes:
    with guide.file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def offer(territory):
    first, second, third = territory.communes.order_by("name")
    EstablishmentFactory(commune=first, name="Multi-accueil Les Galopins", capacity=24)
    MicroCrecheFactory(commune=first, name="Micro-crèche Les Canailloux", hourly_price="9.80")
    mam = MamFactory(commune=second, name="MAM Pomme d'Api")
    ChildminderFactory(commune=second, mam=mam, places=4)
    ChildminderFactory(commune=second, places=3)
    ChildminderFactory(commune=second, places=2, is_active=False)
    return first, second, third


def test_guide_lists_each_commune_and_its_offer(client, territory, offer):
    first, second, third = offer
    ContactFactory(name="Relais Petite Enfance Vie et Boulogne", phone="02 51 31 93 18")
    LocalContentFactory(key=ContentKey.CRECHE_APPLICATION, title="Commission en mars", body="x")
    response = client.get(reverse("information:guide_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = _content(response)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Guide petite enfance" in text and "CC de test" in text
    for commune in (first, second, third):
        assert commune.name in text
    assert "Multi-accueil Les Galopins Multi-accueil selon vos revenus (Caf) 24" in text
    assert "Micro-crèche Les Canailloux" in text
    assert "Assistants maternels : 2 en activité, 7 places selon leur agrément." in text
    assert "MAM : MAM Pomme d'Api (1 assistants maternels)." in text
    # The third commune has nothing yet.
    assert f"{third.name} Aucune offre enregistrée." in text
    assert "Relais Petite Enfance Vie et Boulogne" in text and "02 51 31 93 18" in text
    assert "Commission en mars" in text
    # Cost examples carry the date and sources of the figures.
    assert "Trois exemples" in text and "Reste à charge" in text
    assert "Circulaire Cnaf 2019-005, barème du" in text
    assert "Les mots à connaître" in text and "Mensualisation" in text


def test_guide_of_a_territory_without_offer_or_contact(client, territory):
    text = pdf_text(_content(client.get(reverse("information:guide_pdf"))))
    assert text.count("Aucune offre enregistrée.") == 3
    assert "Aucun contact n'est encore enregistré." in text


def test_guide_of_an_instance_not_configured(db):
    guide = services.printed_guide_generate()
    text = pdf_text(_file(guide))
    assert "Aucune commune n'est rattachée au territoire." in text


def test_families_get_the_latest_guide_and_agents_regenerate_it(client, make_user, offer):
    first = services.printed_guide_generate()
    response = client.get(reverse("information:guide_pdf"))
    assert _content(response) == _file(first)
    EstablishmentFactory(commune=offer[2], name="Crèche Nouvelle Ouverte")
    # Until an agent regenerates it, families get the same edition.
    assert "Crèche Nouvelle Ouverte" not in pdf_text(
        _content(client.get(reverse("information:guide_pdf")))
    )
    agent = make_user(Role.AGENT)
    client.force_login(agent)
    response = client.post(reverse("information:manage_guide"))
    assert response.status_code == 302
    latest = PrintedGuide.objects.latest()
    assert latest.generated_by == agent and latest.size > 1000
    assert "Crèche Nouvelle Ouverte" in pdf_text(
        _content(client.get(reverse("information:guide_pdf")))
    )
    page = client.get(reverse("information:manage")).content.decode()
    assert "Dernière édition" in page and "Par Alex Durand." in page


def test_only_the_last_guides_are_kept(territory):
    for _ in range(services.GUIDES_KEPT + 2):
        services.printed_guide_generate()
    assert PrintedGuide.objects.count() == services.GUIDES_KEPT


def test_a_missing_file_is_regenerated(client, territory):
    guide = services.printed_guide_generate()
    guide.file.delete(save=False)
    response = client.get(reverse("information:guide_pdf"))
    assert _content(response).startswith(b"%PDF")
    assert PrintedGuide.objects.count() == 2


def test_management_command_generates_a_guide(territory):
    out = io.StringIO()
    call_command("generate_guide", stdout=out)
    assert "Guide généré" in out.getvalue()
    assert PrintedGuide.objects.count() == 1
