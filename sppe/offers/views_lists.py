"""Agents keep the AM list and the establishments current from PMI and Caf files."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sppe.accounts.perms import (
    Capability,
    authors_within_perimeter,
    capability_required,
    is_territory_wide,
)

from .lists.enums import ImportStatus, ListKind
from .lists.export import export_file, template_file
from .lists.formats import SPECS, spec_for
from .lists.forms import ListUploadForm
from .lists.models import OfferListImport
from .lists.reader import ListFileError
from .lists.services import (
    ApplyRefused,
    current_territory,
    offer_list_import_apply,
    offer_list_import_preview,
    offer_list_import_refresh,
    perimeter_of,
)

# Kinds as they appear in addresses.
KIND_SLUGS = {ListKind.AM: "am", ListKind.ESTABLISHMENTS: "etablissements"}
SLUG_KINDS = {slug: kind for kind, slug in KIND_SLUGS.items()}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
RECENT_IMPORTS = 10


def _kind(slug: str) -> str:
    try:
        return SLUG_KINDS[slug]
    except KeyError:
        raise Http404(_("Cette liste n'existe pas.")) from None


def _download(content: bytes, file_format: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def _territory():
    try:
        return current_territory()
    except ListFileError as error:
        raise Http404(error.message) from None


def _imports_in_perimeter(user):
    """Imports whose author's communes are all within the user's (perms.py decides)."""
    if is_territory_wide(user):
        return OfferListImport.objects.all()
    return OfferListImport.objects.filter(
        created_by__in=authors_within_perimeter(user, _territory())
    )


@capability_required(Capability.MANAGE_OFFER)
def index(request):
    _territory()
    form = ListUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            list_import = offer_list_import_preview(
                kind=form.cleaned_data["kind"],
                file_name=upload.name,
                data=upload.read(),
                by=request.user,
            )
        except ListFileError as error:
            form.add_error("file", error.message)
        else:
            return redirect("offer_lists:preview", pk=list_import.pk)
    lists = [
        {
            "kind": spec.kind,
            "title": spec.title,
            "slug": KIND_SLUGS[spec.kind],
            "columns": spec.columns,
            "commune_name_fallback": spec.commune_name_fallback,
        }
        for spec in SPECS.values()
    ]
    recent = _imports_in_perimeter(request.user).select_related("created_by")[:RECENT_IMPORTS]
    return render(
        request,
        "offers/lists/index.html",
        {"form": form, "lists": lists, "recent": recent},
    )


@capability_required(Capability.MANAGE_OFFER)
def preview(request, pk):
    list_import = get_object_or_404(
        _imports_in_perimeter(request.user).select_related("created_by", "applied_by"), pk=pk
    )
    summary = list_import.summary
    return render(
        request,
        "offers/lists/preview.html",
        {
            "list_import": list_import,
            "summary": summary,
            "counts": summary.get("counts", {}),
            "applied": summary.get("applied"),
            "can_apply": list_import.status == ImportStatus.PREVIEWED,
            "can_refresh": list_import.status == ImportStatus.OUTDATED and bool(list_import.rows),
            "statuses": ImportStatus,
        },
    )


@require_POST
@capability_required(Capability.MANAGE_OFFER)
def apply(request, pk):
    list_import = get_object_or_404(_imports_in_perimeter(request.user), pk=pk)
    try:
        result = offer_list_import_apply(list_import=list_import, by=request.user)
    except ApplyRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _(
                "Les changements sont appliqués : %(created)s créé(s), %(updated)s modifié(s), "
                "%(unchanged)s inchangé(s)."
            )
            % result.__dict__,
        )
    return redirect("offer_lists:preview", pk=list_import.pk)


@require_POST
@capability_required(Capability.MANAGE_OFFER)
def refresh(request, pk):
    list_import = get_object_or_404(_imports_in_perimeter(request.user), pk=pk)
    try:
        fresh = offer_list_import_refresh(list_import=list_import, by=request.user)
    except ListFileError as error:
        messages.error(request, error.message)
        return redirect("offer_lists:preview", pk=list_import.pk)
    return redirect("offer_lists:preview", pk=fresh.pk)


@require_GET
@capability_required(Capability.MANAGE_OFFER)
def download_template(request, kind, file_format):
    spec = spec_for(_kind(kind))
    return _download(
        template_file(spec, file_format), file_format, f"{spec.file_stem}-modele.{file_format}"
    )


@require_GET
@capability_required(Capability.MANAGE_OFFER)
def export(request, kind, file_format):
    spec = spec_for(_kind(kind))
    _territory()
    # The agent's communes only: the export carries childminders' private data.
    content = export_file(spec, perimeter_of(request.user), file_format)
    date = timezone.localdate().isoformat()
    return _download(content, file_format, f"{spec.file_stem}-{date}.{file_format}")
