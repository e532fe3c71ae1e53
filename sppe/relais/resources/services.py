"""Publishing to the resources library: a link or a checked file (PDF, JPEG, PNG)."""

import os
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import ResourceCategory
from .models import Resource

MAX_BYTES = 10 * 1024 * 1024
ACCEPTED = {"application/pdf", "image/jpeg", "image/png"}
STALE_AFTER = timedelta(days=92)  # a quarter


class ResourceError(Exception):
    pass


def _check_file(uploaded):
    import filetype

    if uploaded.size == 0:
        raise ResourceError(_("Ce fichier est vide."))
    if uploaded.size > MAX_BYTES:
        raise ResourceError(_("Ce fichier dépasse 10 Mo."))
    uploaded.seek(0)
    kind = filetype.guess(uploaded.read(8192))
    uploaded.seek(0)
    if kind is None or kind.mime not in ACCEPTED:
        raise ResourceError(_("Seuls les fichiers PDF, JPEG et PNG sont acceptés."))


@transaction.atomic
def resource_publish(*, by, category, title, audience, url="", uploaded_file=None, now=None):
    now = now or timezone.now()
    if bool(url) == bool(uploaded_file):
        raise ResourceError(_("Donnez soit un lien, soit un fichier."))
    resource = Resource(
        category=category,
        title=title.strip(),
        url=url,
        audience=audience,
        published_on=timezone.localdate(now),
        created_by=by,
    )
    if uploaded_file is not None:
        _check_file(uploaded_file)
        name = os.path.basename((uploaded_file.name or "").replace("\\", "/"))[-255:]
        resource.file_name = "".join(ch for ch in name if ch.isprintable()) or "document"
        resource.file.save(
            f"ressource{os.path.splitext(name)[1].lower()[:5]}", uploaded_file, save=False
        )
    resource.save()
    return resource


def stale_categories(*, now=None) -> list[str]:
    """Labels of the categories with nothing published for a quarter (to remind agents)."""
    now = now or timezone.now()
    since = timezone.localdate(now) - STALE_AFTER
    fresh = set(Resource.objects.filter(published_on__gte=since).values_list("category", flat=True))
    return [label for value, label in ResourceCategory.choices if value not in fresh]
