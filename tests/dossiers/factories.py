"""Dossiers built through the services, so that tests start from realistic data."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from sppe.accounts.enums import Role
from sppe.dossiers import services
from sppe.dossiers.enums import ParentActivity
from sppe.dossiers.models import CommissionSession
from sppe.offers.schedule import days_to_mask

from ..factories import UserFactory
from ..offers.factories import EstablishmentFactory


def desk_establishment(commune, **kwargs):
    return EstablishmentFactory(commune=commune, joins_single_desk=True, **kwargs)


def situation(commune, **overrides):
    data = {
        "first_name": "Camille",
        "last_name": "Martin",
        "commune": commune,
        "parent1_activity": ParentActivity.EMPLOYED,
        "parent2_activity": ParentActivity.EMPLOYED,
        "annual_resources": 32_000,
        "phone": "0601020304",
    }
    data.update(overrides)
    return services.Situation(**data)


def care_request(**overrides):
    data = {
        "wished_start_date": timezone.localdate() + dt.timedelta(days=200),
        "days": days_to_mask([0, 1, 2, 3]),
        "start_minute": 8 * 60 + 30,
        "end_minute": 17 * 60 + 30,
        "open_to_other_modes": [],
    }
    data.update(overrides)
    return services.CareRequest(**data)


def expected_twins():
    due = timezone.localdate() + dt.timedelta(days=60)
    return [services.ChildInput(due_date=due), services.ChildInput(due_date=due)]


def born_child(months=6):
    return [
        services.ChildInput(
            first_name="Léo", birth_date=timezone.localdate() - dt.timedelta(days=30 * months)
        )
    ]


def family(**kwargs):
    return UserFactory(role=Role.FAMILY, **kwargs)


def make_dossier(*, commune, establishments, account=None, children=None, **situation_overrides):
    account = account or family()
    return services.application_create(
        situation=situation(commune, **situation_overrides),
        request=care_request(),
        children=children or born_child(),
        establishments=list(establishments),
        by=account,
    )


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


def upload(name="piece.pdf", content=None, content_type="application/pdf"):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type)


def add_all_documents(application, by=None):
    """Upload every document the dossier's situation requires."""
    from sppe.dossiers.selectors import required_documents

    by = by or application.household.account
    for kind, count in required_documents(application):
        for _i in range(count):
            services.document_upload(
                household=application.household, kind=kind, uploaded_file=upload(), by=by
            )


def commission(days_ahead=30):
    today = timezone.localdate()
    return CommissionSession.objects.create(
        date=today + dt.timedelta(days=days_ahead),
        data_freeze_date=today + dt.timedelta(days=days_ahead - 10),
        answer_date=today + dt.timedelta(days=days_ahead + 8),
    )
