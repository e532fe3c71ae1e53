"""The read-only JSON API of the public offer (plain Django views, no framework)."""

import math

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from sppe.territories.models import Territory

from ..opendata.exports import dumps
from ..opendata.http import json_error, public_endpoint
from ..opendata.records import KIND_ORDER, PUBLIC_RECORD, PUBLISHED, valid_opening_hours
from .filters import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    PARAMETERS,
    FilterError,
    filter_offers,
    parse_filters,
)
from .openapi import build_openapi


def json_response(data, status: int = 200) -> HttpResponse:
    return HttpResponse(dumps(data), status=status, content_type="application/json")


def api_record(request, record: dict) -> dict:
    """The public record, with its own address and whether its hours are valid OSM."""
    item = dict(record)
    item["url"] = request.build_absolute_uri(
        reverse("api:offer_detail", kwargs={"kind": record["kind"], "pk": record["id"]})
    )
    if "opening_hours" in item:
        item["opening_hours_valid"] = (
            not item["opening_hours"] or valid_opening_hours(item["opening_hours"]) is not None
        )
    return item


def _page_url(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@public_endpoint
def offer_list(request):
    territory = Territory.objects.current()
    try:
        params = parse_filters(request.GET, territory)
    except FilterError as error:
        return json_error("Paramètres invalides.", status=400, errors=error.errors)
    querysets = [(kind, qs, qs.count()) for kind, qs in filter_offers(params)]
    count = sum(n for _, _, n in querysets)
    pages = max(1, math.ceil(count / params.page_size))
    if params.page > pages:
        return json_error(
            "Paramètres invalides.",
            status=400,
            errors={"page": [f"Cette page n'existe pas : la dernière page est la page {pages}."]},
        )
    start = (params.page - 1) * params.page_size
    end = start + params.page_size
    results, offset = [], 0
    for kind, queryset, n in querysets:
        if start < offset + n and end > offset:
            to_record = PUBLIC_RECORD[kind]
            chunk = queryset[max(start - offset, 0) : min(end - offset, n)]
            results.extend(api_record(request, to_record(obj)) for obj in chunk)
        offset += n
    return json_response(
        {
            "count": count,
            "page": params.page,
            "page_size": params.page_size,
            "pages": pages,
            "next": _page_url(request, params.page + 1) if params.page < pages else None,
            "previous": _page_url(request, params.page - 1) if params.page > 1 else None,
            "results": results,
        }
    )


@public_endpoint
def offer_detail(request, kind, pk):
    obj = None
    if kind in PUBLISHED:
        obj = PUBLISHED[kind](Territory.objects.current()).filter(pk=pk).first()
    if obj is None:
        return json_error(
            "Offre introuvable : inconnue, plus en activité ou hors du territoire.", status=404
        )
    return json_response(api_record(request, PUBLIC_RECORD[kind](obj)))


def _server_url(request) -> str:
    return request.build_absolute_uri(reverse("api:index")).rstrip("/")


@public_endpoint
def openapi_document(request):
    return json_response(build_openapi(_server_url(request)))


@require_GET
def index(request):
    base = _server_url(request)
    return render(
        request,
        "offers/api/index.html",
        {
            "base_url": base,
            "parameters": PARAMETERS.items(),
            "kinds": KIND_ORDER,
            "default_page_size": DEFAULT_PAGE_SIZE,
            "max_page_size": MAX_PAGE_SIZE,
            "example_query": urlencode(
                {"type": "childminder", "age_mois": 10, "disponible": "true"}
            ),
        },
    )
