import hashlib

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sppe.dossiers import services
from sppe.dossiers.enums import DocumentKind
from sppe.dossiers.models import AccessLog, Document

from .factories import family, jpeg_bytes, pdf_bytes, png_bytes, upload

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    "name, content, mime",
    [
        ("avis.pdf", pdf_bytes(), "application/pdf"),
        ("photo.png", png_bytes(), "image/png"),
        ("photo.JPG", jpeg_bytes(), "image/jpeg"),
        # The name and the browser's type do not matter, the content does.
        ("scan.bin", png_bytes(), "image/png"),
    ],
)
def test_accepted_documents(dossier, documents_root, name, content, mime):
    document = services.document_upload(
        household=dossier.household,
        kind=DocumentKind.PROOF_OF_ADDRESS,
        uploaded_file=SimpleUploadedFile(name, content, "text/plain"),
        by=dossier.household.account,
    )
    assert document.content_type == mime
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.original_name == name
    stored = document.file.path
    assert stored.startswith(str(documents_root))
    assert not stored.startswith(str(settings.MEDIA_ROOT))
    assert name not in stored
    with open(stored, "rb") as handle:
        assert handle.read() == content
    with pytest.raises(ValueError, match="no public URL"):
        document.file.url  # noqa: B018


class HugeUpload(SimpleUploadedFile):
    """Claims 50 MB; reading it would fail the test."""

    def __init__(self):
        super().__init__("enorme.pdf", b"%PDF-", "application/pdf")

    @property
    def size(self):
        return 50 * 1024 * 1024

    @size.setter
    def size(self, value):
        pass

    def read(self, *args, **kwargs):
        raise AssertionError("the content of a too large file must not be read")

    def chunks(self, *args, **kwargs):
        raise AssertionError("the content of a too large file must not be read")


@pytest.mark.parametrize(
    "uploaded, message",
    [
        (upload("virus.pdf", EXECUTABLE), "ni un PDF, ni une image JPEG ou PNG"),
        (upload("vide.pdf", b""), "Le fichier est vide"),
        (upload("texte.pdf", b"Bonjour, ceci est un texte." * 20), "ni un PDF"),
        (upload("faux.png", png_bytes()[:40] + b"\x00" * 400, "image/png"), "illisible"),
        (HugeUpload(), "trop lourd (50,0 Mo)"),
    ],
    ids=["executable", "empty", "text", "broken-image", "50MB"],
)
def test_refused_documents_store_nothing(dossier, documents_root, uploaded, message):
    with pytest.raises(services.DocumentRejected) as error:
        services.document_upload(
            household=dossier.household,
            kind=DocumentKind.PROOF_OF_ADDRESS,
            uploaded_file=uploaded,
            by=dossier.household.account,
        )
    assert message in str(error.value)
    assert not Document.objects.exists()
    assert stored_files(documents_root) == []


def test_unknown_kind_and_other_family(dossier):
    with pytest.raises(services.DocumentRejected, match="type de pièce"):
        services.document_upload(
            household=dossier.household, kind="passport", uploaded_file=upload(), by=None
        )
    with pytest.raises(PermissionDenied):
        services.document_upload(
            household=dossier.household,
            kind=DocumentKind.INCOME,
            uploaded_file=upload(),
            by=family(),
        )


def test_upload_page_refuses_with_clear_messages(client, dossier, documents_root):
    client.force_login(dossier.household.account)
    url = reverse("dossiers:family_documents", args=[dossier.pk])
    cases = [
        (SimpleUploadedFile("virus.pdf", EXECUTABLE, "application/pdf"), "ni un PDF"),
        (SimpleUploadedFile("vide.pdf", b"", "application/pdf"), "Le fichier est vide"),
        (
            SimpleUploadedFile(
                "gros.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "application/pdf"
            ),
            "Le fichier est trop lourd",
        ),
    ]
    for uploaded, message in cases:
        response = client.post(url, {"kind": DocumentKind.INCOME, "file": uploaded})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(documents_root) == []
    response = client.post(url, {"kind": DocumentKind.INCOME, "file": upload()})
    assert response.status_code == 302
    assert Document.objects.get().kind == DocumentKind.INCOME


def test_download_checks_who_asks(client, dossier, agent, other_family):
    services.application_submit(application=dossier, by=dossier.household.account)
    document = services.document_upload(
        household=dossier.household,
        kind=DocumentKind.INCOME,
        uploaded_file=upload("avis d'impôt.pdf"),
        by=dossier.household.account,
    )
    url = reverse("dossiers:family_document", args=[document.pk])
    client.force_login(other_family)
    assert client.get(url).status_code == 404
    client.force_login(dossier.household.account)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == pdf_bytes()  # read to the end: closed
    client.force_login(agent)
    assert client.get(url).status_code == 403  # the family's page is not the agents'
    response = client.get(reverse("dossiers:agent_document", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert AccessLog.objects.filter(user=agent, action="document").count() == 1


def test_family_deletes_a_document_until_frozen(client, dossier, documents_root):
    document = services.document_upload(
        household=dossier.household,
        kind=DocumentKind.INCOME,
        uploaded_file=upload(),
        by=dossier.household.account,
    )
    client.force_login(dossier.household.account)
    response = client.post(
        reverse("dossiers:family_document_delete", args=[document.pk]),
        {"dossier": dossier.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:family_documents", args=[dossier.pk])
    assert not Document.objects.exists()


def test_agents_do_not_see_documents_of_a_draft_started_online(client, dossier, agent):
    document = services.document_upload(
        household=dossier.household,
        kind=DocumentKind.INCOME,
        uploaded_file=upload(),
        by=dossier.household.account,
    )
    client.force_login(agent)
    url = reverse("dossiers:agent_document", args=[document.pk])
    assert client.get(url).status_code == 404
    services.application_submit(application=dossier, by=dossier.household.account)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_upload_pages_still_check_csrf(dossier, agent):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(dossier.household.account)
    url = reverse("dossiers:family_documents", args=[dossier.pk])
    response = client.post(url, {"kind": DocumentKind.INCOME, "file": upload()})
    assert response.status_code == 403
    client.force_login(agent)
    url = reverse("dossiers:agent_document_upload", args=[dossier.pk])
    response = client.post(url, {"kind": DocumentKind.INCOME, "file": upload()})
    assert response.status_code == 403
    assert not Document.objects.exists()
