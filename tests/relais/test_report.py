import csv
import io

from django.urls import reverse

from sppe.relais.contacts.services import contact_log
from sppe.relais.enums import ContactChannel, Orientation, PersonKind, RegistrationStatus

from .factories import AppointmentFactory, EventFactory, JobOfferFactory, RegistrationFactory


def test_the_yearly_report_counts_the_agents_communes_only(client, relais):
    for kind in (PersonKind.FAMILY, PersonKind.FAMILY, PersonKind.CANDIDATE):
        contact_log(
            by=relais["agent"],
            person_kind=kind,
            commune=relais["commune"],
            channel=ContactChannel.PHONE,
            themes=[relais["theme"]],
            duration_minutes=10,
            orientation=Orientation.NONE,
        )
    contact_log(
        by=relais["other_agent"],
        person_kind=PersonKind.FAMILY,
        commune=relais["other_commune"],
        channel=ContactChannel.PHONE,
        themes=[relais["theme"]],
        duration_minutes=10,
        orientation=Orientation.NONE,
    )
    AppointmentFactory(slot__place=relais["place"])
    AppointmentFactory(slot__place=relais["other_place"])
    event = EventFactory(place=relais["place"])
    RegistrationFactory(event=event, attended=True, children=3)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    JobOfferFactory(commune=relais["commune"])
    client.force_login(relais["agent"])
    response = client.get(reverse("relais:report"), {"annee": "2026"})
    sections = {s.title: dict(s.rows) for s in response.context["report"].sections}
    assert sections["Contacts"]["Contacts notés"] == 3
    assert sections["Contacts"]["Parent ou futur parent"] == 2
    assert sections["Contacts par thème"] == {relais["theme"].label: 3}
    assert sections["Rendez-vous"]["Rendez-vous pris"] == 1
    assert sections["Animations"]["Inscriptions"] == 1
    assert sections["Animations"]["Enfants accueillis"] == 3
    assert sections["Offres d'emploi des parents"]["Offres reçues"] == 1
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("relais:report_csv")).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert rows[0] == ["section", "libellé", "valeur"]
    assert ["Contacts", "Contacts notés", "3"] in rows


def test_the_report_as_xlsx_and_pdf(client, relais):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    AppointmentFactory(slot__place=relais["place"])
    client.force_login(relais["agent"])
    xlsx = client.get(reverse("relais:report_file", args=["xlsx"]), {"annee": "2026"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert ["Rendez-vous", "Rendez-vous pris", 1] in [
        list(r) for r in sheet.iter_rows(values_only=True)
    ]
    pdf = client.get(reverse("relais:report_file", args=["pdf"]), {"annee": "2026"})
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Rapport d'activité du relais petite enfance 2026" in text
    assert client.get(reverse("relais:report_file", args=["doc"])).status_code == 404
