"""The resources library: the public page (what is new since the last visit is marked),
its files, and the agents' page with the categories not updated for a quarter."""

from datetime import date

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sppe.accounts.perms import Capability, capability_required

from ..enums import Audience, ResourceCategory
from .forms import ResourceForm
from .models import Resource
from .services import ResourceError, resource_publish, stale_categories

relais_required = capability_required(Capability.RUN_RELAIS)
LAST_VISIT = "relais_resources_last_visit"
AUDIENCES = {"assistants": Audience.CHILDMINDERS, "parents": Audience.PARENTS}


@require_GET
def resource_list(request):
    audience = AUDIENCES.get(request.GET.get("pour", ""))
    resources = Resource.objects.all()
    if audience:
        resources = resources.filter(audience__in=[audience, Audience.BOTH])
    last_visit = request.session.get(LAST_VISIT)
    last_visit = date.fromisoformat(last_visit) if last_visit else None
    request.session[LAST_VISIT] = timezone.localdate().isoformat()
    by_category = [
        (label, [r for r in resources if r.category == value])
        for value, label in ResourceCategory.choices
    ]
    return render(
        request,
        "relais/resources.html",
        {
            "by_category": [(label, items) for label, items in by_category if items],
            "last_visit": last_visit,
            "audience": request.GET.get("pour", ""),
        },
    )


@require_GET
def resource_file(request, pk):
    resource = get_object_or_404(Resource, pk=pk)
    if not resource.file:
        raise Http404
    return FileResponse(resource.file.open("rb"), as_attachment=True, filename=resource.file_name)


@never_cache
@relais_required
@require_http_methods(["GET", "POST"])
def agent_resources(request):
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            resource_publish(by=request.user, **form.cleaned_data)
        except ResourceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Ressource publiée."))
            return redirect("relais:agent_resources")
    return render(
        request,
        "relais/agent/resources.html",
        {
            "form": form,
            "resources": Resource.objects.all()[:100],
            "stale": stale_categories(),
        },
    )
