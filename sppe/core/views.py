import re

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sppe.territories.commune_index import commune_index
from sppe.territories.enums import OrganisationKind
from sppe.territories.models import Organisation
from sppe.territories.selectors import current_territory

from . import accessibility as statement
from .contrast import FALLBACK_PRIMARY, safe_primary_colour


def _commune_items_html(index) -> str:
    """The home page's list items, one per commune: rendered once per commune index."""
    return "\n".join(
        format_html(
            '<li>{} <span class="muted">({})</span></li>',
            commune.name,
            ", ".join(commune.postal_codes),
        )
        for commune in index.communes
    )


@require_GET
def home(request):
    territory = current_territory(request)
    index = commune_index(territory) if territory else None
    contacts = (
        Organisation.objects.filter(
            kind__in=[OrganisationKind.RPE, OrganisationKind.MUNICIPAL_SERVICE]
        ).order_by("kind", "name")
        if territory
        else []
    )
    items = index.derived("home-commune-items", _commune_items_html) if index else ""
    return render(
        request,
        "core/home.html",
        {
            "commune_count": len(index.communes) if index else 0,
            "commune_items": mark_safe(items),  # noqa: S308 (escaped when built)
            "contacts": contacts,
        },
    )


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def legal_notice(request):
    return render(request, "core/legal_notice.html")


@require_GET
def personal_data(request):
    return render(request, "core/personal_data.html")


@require_GET
def accessibility(request):
    return render(
        request,
        "core/accessibility.html",
        {
            "statement_date": statement.STATEMENT_DATE,
            "checked_pages": statement.CHECKED_PAGES,
            "plan_years": statement.PLAN_YEARS,
            "contacts": Organisation.objects.filter(kind=OrganisationKind.RPE).order_by("name"),
        },
    )


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


@require_GET
def theme_css(request):
    """The territory's colour as a stylesheet: pages carry no inline style (CSP)."""
    current = current_territory(request)
    colour = safe_primary_colour(current.primary_colour) if current else FALLBACK_PRIMARY
    if not re.fullmatch(r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?", colour or ""):
        colour = FALLBACK_PRIMARY
    response = HttpResponse(f":root {{ --primary: {colour}; }}\n", content_type="text/css")
    patch_cache_control(response, public=True, max_age=300)
    return response
