import datetime as dt
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sppe.relais.resources.models import Resource
from sppe.relais.resources.services import ResourceError, resource_publish, stale_categories

from .conftest import NOW

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def text(response):
    return html.unescape(response.content.decode())


def publish(relais, **overrides):
    data = {
        "by": relais["agent"],
        "category": "legal",
        "title": "Convention collective",
        "audience": "childminders",
        "url": "https://www.legifrance.gouv.fr/",
    }
    data.update(overrides)
    return resource_publish(**data)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"url": ""}, "Donnez soit un lien, soit un fichier."),
        (
            {"uploaded_file": SimpleUploadedFile("a.pdf", PDF)},
            "Donnez soit un lien, soit un fichier.",
        ),
        (
            {"url": "", "uploaded_file": SimpleUploadedFile("faux.pdf", b"MZ\x90\x00 not a pdf")},
            "Seuls les fichiers PDF, JPEG et PNG sont acceptés.",
        ),
        ({"url": "", "uploaded_file": SimpleUploadedFile("vide.pdf", b"")}, "Ce fichier est vide."),
    ],
)
def test_bad_resources_are_refused(relais, overrides, message):
    with pytest.raises(ResourceError, match=message):
        publish(relais, **overrides)
    assert not Resource.objects.exists()


def test_a_checked_file_is_served_under_its_name(client, relais):
    resource = publish(relais, url="", uploaded_file=SimpleUploadedFile("Guide AM.pdf", PDF))
    response = client.get(reverse("relais:resource_file", args=[resource.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="Guide AM.pdf"'
    assert b"".join(response.streaming_content) == PDF


def test_new_since_the_last_visit_and_the_audience(client, relais, time_machine):
    publish(relais, title="Pour les AM")
    publish(relais, title="Ludothèque de Maché", audience="parents", category="local")
    response = client.get(reverse("relais:resources"), {"pour": "assistants"})
    assert "Pour les AM" in text(response) and "Ludothèque de Maché" not in text(response)
    assert "Nouveau depuis votre dernière visite" not in text(response)
    time_machine.move_to(NOW + dt.timedelta(days=3), tick=False)
    publish(relais, title="Calendrier des formations", category="training")
    response = client.get(reverse("relais:resources"))
    assert text(response).count("Nouveau depuis votre dernière visite") == 1


def test_agents_are_reminded_of_categories_left_for_a_quarter(client, relais, time_machine):
    publish(relais)
    assert "Juridique et administratif" not in stale_categories()
    assert len(stale_categories()) == 4
    time_machine.move_to(NOW + dt.timedelta(days=93), tick=False)
    client.force_login(relais["agent"])
    response = client.get(reverse("relais:agent_resources"))
    assert (
        "Juridique et administratif"
        in text(response).split("Rien de publié depuis un trimestre")[1]
    )
