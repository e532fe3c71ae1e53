"""Action plans: the list, one plan with its progress table, its forms and exports."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sppe.accounts.perms import Capability, capability_required

from ..access import territory_for
from ..assessment.criteria import CRITERIA_BY_NUMBER
from ..assessment.selectors import latest_year, levels_of
from ..errors import SteeringError
from . import exports, selectors, services
from .forms import (
    ActionForm,
    ActionStatusForm,
    AxisForm,
    IndicatorForm,
    IndicatorValueForm,
    PlanForm,
    SheetForm,
)
from .models import Plan

view_required = capability_required(Capability.VIEW_STEERING)
steer_required = capability_required(Capability.STEER)

FORMS = {
    "axis": AxisForm,
    "sheet": SheetForm,
    "action": ActionForm,
    "status": ActionStatusForm,
    "indicator": IndicatorForm,
    "value": IndicatorValueForm,
}


def _plan(request, pk) -> Plan:
    return get_object_or_404(Plan, pk=pk, territory=territory_for(request.user))


def _list(request, form, status=200):
    territory = territory_for(request.user)
    plans = []
    for plan in selectors.plans_of(territory):
        _lines, percent = selectors.progress(plan)
        plans.append({"plan": plan, "percent": percent})
    return render(
        request, "steering/plans/list.html", {"plans": plans, "form": form}, status=status
    )


@never_cache
@view_required
@require_GET
def plan_list(request):
    return _list(request, PlanForm())


@steer_required
@require_POST
def plan_create(request):
    territory = territory_for(request.user)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            plan = services.plan_create(territory=territory, **form.cleaned_data)
        except SteeringError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Plan créé : ajoutez ses axes et ses fiches action."))
            return redirect("steering:plan", pk=plan.pk)
    return _list(request, form, status=400)


def _forms(plan, bound=None, bound_name=""):
    forms = {}
    for name, form_class in FORMS.items():
        kwargs = {"prefix": name} if name == "axis" else {"plan": plan, "prefix": name}
        forms[name] = bound if name == bound_name else form_class(**kwargs)
    return forms


def _detail(request, plan, *, bound=None, bound_name="", status=200):
    lines, percent = selectors.progress(plan)
    territory = plan.territory
    year = latest_year(territory)
    levels = levels_of(territory, year) if year else {}
    sheets = list(selectors.sheets_of(plan))
    for sheet in sheets:
        for action in sheet.actions.all():
            action.criterion_definition = CRITERIA_BY_NUMBER.get(action.criterion)
            action.criterion_level = levels.get(action.criterion)
    return render(
        request,
        "steering/plans/detail.html",
        {
            "plan": plan,
            "lines": lines,
            "percent": percent,
            "sheets": sheets,
            "grid_year": year,
            "forms": _forms(plan, bound, bound_name),
            "bound_name": bound_name,
        },
        status=status,
    )


@never_cache
@view_required
@require_GET
def plan_detail(request, pk):
    return _detail(request, _plan(request, pk))


def _apply(name: str, form, plan, user):
    data = form.cleaned_data
    if name == "axis":
        services.axis_add(plan=plan, title=data["title"])
        return _("Axe ajouté.")
    if name == "sheet":
        services.sheet_add(**data)
        return _("Fiche action ajoutée.")
    if name == "action":
        services.action_add(**data)
        return _("Action ajoutée.")
    if name == "status":
        services.action_status_set(
            action=data["action"], status=data["status"], note=data["note"], by=user
        )
        return _("État de l'action enregistré.")
    if name == "indicator":
        services.indicator_add(**data)
        return _("Indicateur ajouté.")
    services.indicator_value_record(**data)
    return _("Valeur enregistrée.")


@steer_required
@require_POST
def plan_edit(request, pk, what):
    plan = _plan(request, pk)
    form_class = FORMS.get(what)
    if form_class is None:
        raise Http404
    if what == "axis":
        form = form_class(request.POST, prefix=what)
    else:
        form = form_class(request.POST, plan=plan, prefix=what)
    if form.is_valid():
        try:
            message = _apply(what, form, plan, request.user)
        except SteeringError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, message)
            return redirect("steering:plan", pk=pk)
    return _detail(request, plan, bound=form, bound_name=what, status=400)


@never_cache
@view_required
@require_GET
def plan_export(request, pk, file_format):
    plan = _plan(request, pk)
    if file_format not in ("xlsx", "pdf"):
        raise Http404
    lines, percent = selectors.progress(plan)
    if file_format == "xlsx":
        content = exports.progress_xlsx(plan.title, lines, percent)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = exports.progress_pdf(plan.title, lines, percent)
        content_type = "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="plan-{plan.pk}-avancement.{file_format}"'
    )
    return response
