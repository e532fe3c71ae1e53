"""The pages, the CSV, the XLSX and the PDF against a small territory computed by hand.

Alpha: a crèche of 24 PSU places, AM of 4 places (born 1962) and 3 places (born 1990);
100 children under three; the Caf gives 1 % at home and 3 % schooled at two, and 30 %
as its own rate. Rate: (24 + 7 + 1 + 3) / 100 = 35,0 %.
Beta: a micro-crèche of 10 PAJE places, an AM of 2 places (born 1970); 40 children;
no Caf figure. Rate: (10 + 2) / 40 = 30,0 %, partial.
Gamma: nothing, 10 children: 0,0 %.
Territory: (34 + 9 + 1 + 3) / 150 = 31,3 %, partial (home care and school missing in two).
2024: Alpha's crèche had 20 places and only the AM born 1962 worked: 2025 created
4 + 3 + 10 + 2 = 19 places, closed none.
The AM born 1962 reaches the legal age (62 years 6 months) on 1 January 2025: she is
among the departures within 5 years of 2025, with her 4 places.
"""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from sppe.accounts.enums import Role
from sppe.observatory import services
from sppe.observatory.enums import DatasetKind
from sppe.observatory.models import DatasetImport, ImportedFigure, Snapshot

from .factories import small_territory

VIEWERS = {Role.AGENT, Role.ELECTED, Role.TERRITORY_ADMIN}


@pytest.fixture
def small(territory, time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC))
    return small_territory(territory)


def text_of(response) -> str:
    return response.content.decode().replace("\u202f", " ").replace("\u00a0", " ")


def test_dashboard_shows_the_hand_computation(client, make_user, small):
    client.force_login(make_user(Role.ELECTED))
    response = client.get(reverse("observatory:dashboard"))
    assert response.status_code == 200
    page = text_of(response)
    assert "Observatoire petite enfance 2025" in page
    assert "31,3 %" in page  # the territory
    assert "35,0 %" in page and "30,0 %" in page and "0,0 %" in page
    assert "5,0 pt" in page  # Alpha: 35,0 - 30,0 (Caf)
    assert "CC des Trois (EPCI)" in page
    assert "partiel : un terme manque" in page
    # Each indicator states its definition and source.
    assert page.count("Définition :") >= 7 and page.count("Source :") >= 7
    # A chart is an image with a name, and its figures are in a table.
    assert 'role="img"' in page and "Évolution de l'offre (données du graphique)" in page
    assert "loi n° 2023-270 du 14 avril 2023" in page


def test_an_earlier_year(client, make_user, small):
    client.force_login(make_user(Role.ELECTED))
    page = text_of(client.get(reverse("observatory:dashboard"), {"annee": "2024"}))
    assert "Observatoire petite enfance 2024" in page


def test_csv_matches_the_hand_computation(client, make_user, small):
    alpha, beta, gamma = small
    client.force_login(make_user(Role.TERRITORY_ADMIN))
    response = client.get(reverse("observatory:export", args=["csv"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = [line.split(";") for line in response.content.decode("utf-8-sig").splitlines()]
    header, by_code = rows[0], {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert len(header) == 28
    a = by_code[alpha.insee_code]
    assert a["Taux de couverture (%)"] == "35,0"
    assert a["Taux de la Caf (%)"] == "30,0"
    assert a["Écart (points)"] == "5,0"
    assert a["Origine garde à domicile"] == "importé"
    assert a["Places créées"] == "7" and a["Places fermées"] == "0"  # 24-20 + 3
    assert a["Places menacées d'ici 5 ans"] == "4"
    b = by_code[beta.insee_code]
    assert (b["Taux de couverture (%)"], b["Taux partiel"]) == ("30,0", "oui")
    assert b["Origine garde à domicile"] == "manquant"
    total = next(row for row in rows if row[0] == "Territoire")
    assert dict(zip(header, total, strict=True))["Taux de couverture (%)"] == "31,3"
    assert dict(zip(header, total, strict=True))["Places créées"] == "19"


def test_xlsx_holds_the_same_figures(client, make_user, small):
    alpha, _beta, _gamma = small
    client.force_login(make_user(Role.TERRITORY_ADMIN))
    response = client.get(reverse("observatory:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    alpha_row = next(row for row in rows if row[1] == alpha.insee_code)
    assert alpha_row[15] == 35.0


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")
    return " ".join(text.split())


def test_the_territory_pdf_has_selectable_text_with_the_same_figures(client, make_user, small):
    client.force_login(make_user(Role.ELECTED))
    text = pdf_text(client.get(reverse("observatory:report_pdf")))
    assert "Observatoire petite enfance 2025" in text
    assert "31,3 %" in text
    assert "Alpha" in text and "35,0 %" in text
    assert "Zones de tension" in text


def test_the_commune_pdf(client, make_user, small):
    alpha, _beta, _gamma = small
    client.force_login(make_user(Role.ELECTED))
    text = pdf_text(client.get(reverse("observatory:commune_pdf", args=[alpha.insee_code])))
    assert "Alpha" in text and "35,0 %" in text and "30,0 %" in text  # ours and the Caf's
    # Departures: the AM born 1962 (4 places) leaves within 5 years, so within 10 too.
    assert "En activité 2 7" in text
    assert "Partent d'ici 5 ans 1 4" in text and "Partent d'ici 10 ans 1 4" in text


def test_commune_page(client, make_user, small):
    alpha, _beta, _gamma = small
    client.force_login(make_user(Role.ELECTED))
    page = text_of(client.get(reverse("observatory:commune", args=[alpha.insee_code])))
    assert "Alpha : observatoire petite enfance 2025" in page
    assert "35,0 %" in page
    flat = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Partent d'ici 5 ans 1 4" in flat and "Partent d'ici 10 ans 1 4" in flat


@pytest.mark.parametrize("role", list(Role))
def test_who_may_see_the_observatory(client, make_user, small, role):
    client.force_login(make_user(role))
    response = client.get(reverse("observatory:dashboard"))
    assert response.status_code == (200 if role in VIEWERS else 403)


def test_an_agent_sees_only_the_communes_of_its_perimeter(client, make_user, small):
    alpha, beta, _gamma = small
    client.force_login(make_user(Role.AGENT))  # its organisation covers Alpha only
    page = text_of(client.get(reverse("observatory:dashboard")))
    assert "Alpha" in page and "Bêta" not in page
    response = client.get(reverse("observatory:commune", args=[beta.insee_code]))
    assert response.status_code == 404
    assert client.get(reverse("observatory:commune_pdf", args=[beta.insee_code])).status_code == 404
    rows = client.get(reverse("observatory:export", args=["csv"])).content.decode("utf-8-sig")
    assert beta.insee_code not in rows


def test_an_agent_limited_to_some_communes_takes_no_snapshot_and_imports_nothing(
    client, make_user, small
):
    client.force_login(make_user(Role.AGENT))
    assert client.get(reverse("observatory:data")).status_code == 403
    response = client.post(reverse("observatory:snapshot"), {"reference_date": "15/06/2026"})
    assert response.status_code == 403
    assert Snapshot.objects.count() == 2


def test_an_elected_official_imports_nothing(client, make_user, small):
    client.force_login(make_user(Role.ELECTED))
    assert client.get(reverse("observatory:data")).status_code == 403
    assert client.post(reverse("observatory:snapshot")).status_code == 403


def test_the_administrator_takes_a_snapshot(client, make_user, small):
    client.force_login(make_user(Role.TERRITORY_ADMIN))
    response = client.post(reverse("observatory:snapshot"), {"reference_date": ""}, follow=True)
    assert "L&#x27;offre est photographiée au 15/06/2026." in response.content.decode()
    assert Snapshot.objects.filter(reference_date=dt.date(2026, 6, 15)).exists()
    response = client.post(
        reverse("observatory:snapshot"), {"reference_date": "01/01/2026"}, follow=True
    )
    assert "une photographie ne vaut que pour les 31 derniers jours" in response.content.decode()
    assert Snapshot.objects.count() == 3


def upload(client, kind, data, name="fichier.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("observatory:data"),
        {"kind": kind, "file": SimpleUploadedFile(name, data, content_type="text/csv")},
        follow=True,
    )


def test_a_malformed_file_uploaded_reports_its_lines_and_changes_nothing(client, make_user, small):
    alpha, _beta, _gamma = small
    client.force_login(make_user(Role.TERRITORY_ADMIN))
    before = list(ImportedFigure.objects.values_list("pk", "value"))
    data = f"CODGEO;P22_POP0002\n{alpha.insee_code};cent\n".encode()
    response = upload(client, DatasetKind.INSEE_POPULATION, data)
    assert response.status_code == 400
    page = text_of(response)
    assert "Le fichier n&#x27;est pas importé : 1 ligne(s) à corriger." in page
    assert "Ligne 2 : P22_POP0002 illisible" in page
    assert "Aucun chiffre n'a été modifié." in page
    assert list(ImportedFigure.objects.values_list("pk", "value")) == before


def test_uploading_a_file_then_the_same_again(client, make_user, small):
    alpha, _beta, _gamma = small
    client.force_login(make_user(Role.TERRITORY_ADMIN))
    data = f"GEO;TIME_PERIOD;OBS_VALUE\n{alpha.insee_code};2025;31\n".encode()
    page = text_of(upload(client, DatasetKind.INSEE_BIRTHS, data))
    assert "Fichier importé : 1 valeur nouvelle ou modifiée." in page
    count = DatasetImport.objects.count()
    page = text_of(upload(client, DatasetKind.INSEE_BIRTHS, data))
    assert "Ce fichier ne change aucun chiffre : rien n&#x27;a été modifié." in page
    assert DatasetImport.objects.count() == count


def test_the_cached_figures_follow_a_new_import(client, make_user, small):
    alpha, _beta, _gamma = small
    client.force_login(make_user(Role.ELECTED))
    assert "5,0 pt" in text_of(client.get(reverse("observatory:dashboard")))
    caf = f"NUMCOM;ANNEE;txcouv;txcouv_gad;txcouv_pre\n{alpha.insee_code};2025;33;1;3\n"
    services.dataset_import(kind=DatasetKind.CAF_COVERAGE, file_name="c2.csv", data=caf.encode())
    page = text_of(client.get(reverse("observatory:dashboard")))
    assert "2,0 pt" in page and "5,0 pt" not in page  # 35,0 - 33,0


@pytest.mark.parametrize(
    ("language", "title", "direction"),
    [
        ("en", "Early-childhood observatory 2025", "ltr"),
        ("ar", "مرصد الطفولة المبكرة 2025", "rtl"),
    ],
)
def test_the_dashboard_in_english_and_arabic(client, make_user, small, language, title, direction):
    from tests.information.translations import ensure_compiled

    ensure_compiled()
    client.force_login(make_user(Role.ELECTED))
    page = client.get(reverse("observatory:dashboard"), HTTP_ACCEPT_LANGUAGE=language)
    text = page.content.decode()
    assert f"<h1>{title}</h1>" in text
    assert f'dir="{direction}"' in text
    for french in ("Taux de couverture", "Définition :", "Places créées", "Zones de tension"):
        assert french not in text


def test_an_observatory_without_any_data_yet(client, make_user, territory, time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC))
    client.force_login(make_user(Role.TERRITORY_ADMIN))
    page = text_of(client.get(reverse("observatory:dashboard"), {"annee": "abc"}))
    assert "Observatoire petite enfance 2026" in page
    assert "Aucune photographie de l'offre n'a encore été prise." in page
    assert client.get(reverse("observatory:report_pdf")).status_code == 200
    assert client.get(reverse("observatory:export", args=["ods"])).status_code == 404
