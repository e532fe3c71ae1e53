"""The childminders' follow-up page of the agents (their communes only)."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sppe.accounts.perms import Capability, capability_required

from .. import selectors
from .selectors import childminders_follow_up

relais_required = capability_required(Capability.RUN_RELAIS)


def _follow_up(request):
    territory = selectors.current_territory()
    return childminders_follow_up(
        communes=selectors.perimeter_communes(request.user),
        stale_after_days=territory.availability_stale_after_days if territory else 30,
    )


@never_cache
@relais_required
@require_GET
def follow_up(request):
    return render(request, "relais/agent/followup.html", {"follow_up": _follow_up(request)})


@never_cache
@relais_required
@require_GET
def outreach_csv(request):
    """The outreach list for a phone and e-mail campaign."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="assistants-maternels-a-contacter.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        ["nom", "prénom", "commune", "téléphone", "e-mail", "raisons", "dernier contact"]
    )
    for row in _follow_up(request).outreach:
        cm = row.childminder
        writer.writerow(
            [
                cm.last_name,
                cm.first_name,
                cm.commune.name,
                cm.phone,
                cm.email,
                ", ".join(row.reasons),
                row.last_contact.isoformat() if row.last_contact else "",
            ]
        )
    return response
