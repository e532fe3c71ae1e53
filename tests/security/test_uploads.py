"""Uploads (a dossier's documents, the offer lists) and document downloads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sppe.accounts.enums import Role
from sppe.dossiers.enums import DocumentKind
from sppe.dossiers.models import Document
from sppe.offers.lists.enums import ListKind
from sppe.offers.lists.export import export_file
from sppe.offers.lists.formats import spec_for
from sppe.offers.lists.models import OfferListImport
from sppe.territories.models import Territory

from ..dossiers.factories import pdf_bytes
from .snapshot import changed_tables, database_snapshot, drain

TEN_MB = 10 * 1024 * 1024


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


def _document_pages(world):
    return [
        (Role.FAMILY, reverse("dossiers:family_documents", args=[world.dossier.pk])),
        (Role.AGENT, reverse("dossiers:agent_document_upload", args=[world.dossier.pk])),
    ]


REFUSED = {
    "an executable named .pdf": ("releve.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf"),
    "html named .png": ("photo.png", b"<html><script>alert(1)</script></html>", "image/png"),
    "too big": ("gros.pdf", pdf_bytes() + b"0" * (TEN_MB + 1), "application/pdf"),
    "empty": ("vide.pdf", b"", "application/pdf"),
}


@pytest.mark.parametrize("case", REFUSED)
@pytest.mark.parametrize("who", [0, 1], ids=["family", "agent"])
def test_a_bad_document_is_refused_cleanly(client, world, documents_root, case, who):
    role, url = _document_pages(world)[who]
    client.force_login(world.users[role])
    files_before = stored_files(documents_root)
    before = database_snapshot()
    name, content, content_type = REFUSED[case]
    upload = SimpleUploadedFile(name, content, content_type)
    response = client.post(url, {"kind": DocumentKind.INCOME, "file": upload})
    assert response.status_code == 400
    assert 'id="id_file_error"' in response.content.decode()
    assert stored_files(documents_root) == files_before
    assert changed_tables(before) == []


@pytest.mark.parametrize(
    "name", ["../../../etc/passwd.pdf", "..\\..\\windows\\avis.pdf", "/var/x/avis.pdf"]
)
def test_a_path_in_the_file_name_is_dropped(client, world, documents_root, name):
    client.force_login(world.users[Role.FAMILY])
    url = reverse("dossiers:family_documents", args=[world.dossier.pk])
    upload = SimpleUploadedFile(name, pdf_bytes(), "application/pdf")
    response = client.post(url, {"kind": DocumentKind.INCOME, "file": upload})
    assert response.status_code == 302
    document = Document.objects.latest("pk")
    assert "/" not in document.original_name and "\\" not in document.original_name
    assert document.original_name.endswith("avis.pdf") or document.original_name == "passwd.pdf"
    # Stored under a random name inside the documents folder, whatever the name sent.
    path = (documents_root / document.file.name).resolve()
    assert path.is_file() and documents_root.resolve() in path.parents
    download = client.get(reverse("dossiers:family_document", args=[document.pk]))
    disposition = download["Content-Disposition"]
    drain(download)
    assert disposition.startswith("attachment;")
    assert ".." not in disposition and "/" not in disposition


def _download_headers(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/pdf"
    drain(response)


def test_documents_are_served_as_attachments_to_those_who_may_see_them(client, world):
    client.force_login(world.users[Role.FAMILY])
    _download_headers(client.get(reverse("dossiers:family_document", args=[world.document.pk])))
    client.force_login(world.users[Role.AGENT])
    _download_headers(client.get(reverse("dossiers:agent_document", args=[world.document.pk])))


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.AGENT, Role.TERRITORY_ADMIN)])
def test_no_other_role_downloads_a_document(client, world, role):
    client.force_login(world.users[role])
    for name in ("dossiers:family_document", "dossiers:agent_document"):
        if role == Role.FAMILY and name == "dossiers:family_document":
            continue
        response = client.get(reverse(name, args=[world.document.pk]))
        assert response.status_code in (403, 404), (role, name)


def test_anonymous_visitors_download_nothing(client, world):
    for name in ("dossiers:family_document", "dossiers:agent_document"):
        response = client.get(reverse(name, args=[world.document.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


LIST_REFUSED = {
    "a PDF named .csv": ("am.csv", pdf_bytes()),
    "an unknown extension": ("am.exe", b"MZ\x90\x00"),
    "a zip named .xlsx": ("am.xlsx", b"PK\x03\x04 not a workbook"),
    "too big": ("am.csv", b"a;b\n" * (TEN_MB // 4 + 1)),
    "empty": ("am.csv", b""),
}


@pytest.mark.parametrize("case", LIST_REFUSED)
def test_a_bad_offer_list_is_refused_cleanly(client, world, case):
    client.force_login(world.users[Role.AGENT])
    imports = OfferListImport.objects.count()
    name, content = LIST_REFUSED[case]
    upload = SimpleUploadedFile(name, content, "text/csv")
    response = client.post(reverse("offer_lists:index"), {"kind": "am", "file": upload})
    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()
    assert OfferListImport.objects.count() == imports


def test_a_path_in_an_offer_list_name_is_dropped(client, world):
    client.force_login(world.users[Role.AGENT])
    content = export_file(spec_for(ListKind.AM), Territory.objects.current(), "csv")
    upload = SimpleUploadedFile("../../secret/am.csv", content, "text/csv")
    response = client.post(reverse("offer_lists:index"), {"kind": "am", "file": upload})
    assert response.status_code == 302
    assert OfferListImport.objects.latest("pk").file_name == "am.csv"
