from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sppe.territories.models import Territory

from .datasets import DATASETS, LICENCE_TITLE, LICENCE_URL, ExportContext, last_update
from .exports import csv_response, json_response
from .http import public_endpoint


@require_GET
def index(request):
    territory = Territory.objects.current()
    return render(
        request,
        "offers/opendata/index.html",
        {
            "datasets": DATASETS.values(),
            "licence_title": LICENCE_TITLE,
            "licence_url": LICENCE_URL,
            "last_update": last_update(territory),
        },
    )


@public_endpoint
def download(request, slug, fmt):
    dataset = DATASETS.get(slug)
    if dataset is None or fmt not in dataset.formats:
        raise Http404("Jeu de données inconnu.")
    territory = Territory.objects.current()
    context = ExportContext.for_territory(territory)
    rows = dataset.rows(territory, context)
    filename = dataset.filename(territory, fmt, context.today)
    if fmt == "csv":
        return csv_response(rows, dataset.columns, filename)
    return json_response(rows, filename)
