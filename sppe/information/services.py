"""Writes of the information app: the territory's texts, contacts and printed guides."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from sppe.offers import schedule

from .enums import ContentKey, ContentLanguage
from .models import Contact, LocalContent, PrintedGuide

# Guides kept on disk; older ones are deleted when a new one is generated.
GUIDES_KEPT = 5


@transaction.atomic
def local_content_save(*, key, language, title, body, user) -> LocalContent:
    """Create or replace the territory's text at ``key`` in ``language``."""
    if key not in ContentKey.values or language not in ContentLanguage.values:
        raise ValidationError("unknown key or language")
    content = LocalContent.objects.select_for_update().filter(
        key=key, language=language
    ).first() or LocalContent(key=key, language=language)
    content.title = title.strip()
    content.body = body.strip()
    content.updated_by = user
    content.full_clean()
    content.save()
    return content


@transaction.atomic
def local_content_delete(*, content: LocalContent) -> None:
    LocalContent.objects.filter(pk=content.pk).delete()


@transaction.atomic
def contact_save(*, contact: Contact) -> Contact:
    """Validate and save a contact, deriving its weekly schedule from its opening hours."""
    if contact.pk:
        # Lock the row so that two agents editing at once do not interleave.
        Contact.objects.select_for_update().filter(pk=contact.pk).first()
    try:
        contact.weekly_schedule = schedule.weekly_schedule(contact.opening_hours)
    except schedule.OpeningHoursError as error:
        raise ValidationError({"opening_hours": str(error)}) from error
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact) -> None:
    Contact.objects.filter(pk=contact.pk).delete()


def printed_guide_generate(*, user=None) -> PrintedGuide:
    """Build the PDF guide from the live data and store it; older copies beyond the last
    few are removed."""
    from .guide import build_guide_pdf

    now = timezone.localtime()
    pdf = build_guide_pdf(generated_at=now)
    with transaction.atomic():
        guide = PrintedGuide(generated_by=user, size=len(pdf))
        guide.file.save(
            f"guide-petite-enfance-{now:%Y%m%d-%H%M%S}.pdf", ContentFile(pdf), save=False
        )
        guide.save()
        old = list(PrintedGuide.objects.order_by("-generated_at", "-pk")[GUIDES_KEPT:])
        for previous in old:
            previous.file.delete(save=False)
            previous.delete()
    return guide
