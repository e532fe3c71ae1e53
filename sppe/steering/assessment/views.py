"""The self-assessment grid: the year's totals and radar, the history, one criterion."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sppe.accounts.perms import Capability, capability_required

from ..access import territory_for
from ..errors import SteeringError
from ..plans.selectors import actions_for_criteria
from . import selectors, services
from .criteria import CRITERIA_BY_NUMBER, PILLARS_BY_CODE
from .evidence import evidence_for
from .forms import CriterionAnswerForm
from .scoring import grand_total, pillar_totals, radar, weakest_criteria


def _year_or_404(year: int) -> int:
    try:
        services.check_year(year)
    except SteeringError as exc:
        raise Http404 from exc
    return year


@capability_required(Capability.VIEW_STEERING)
@require_GET
def grid(request):
    territory = territory_for(request.user)
    years = selectors.assessed_years(territory)
    current = timezone.localdate().year
    try:
        year = int(request.GET.get("annee") or (years[0] if years else current))
        services.check_year(year)
    except (ValueError, SteeringError):
        year = years[0] if years else current
    levels = selectors.levels_of(territory, year)
    totals = pillar_totals(levels)
    score, maximum = grand_total(totals)
    weakest = [
        {
            "criterion": CRITERIA_BY_NUMBER[number],
            "level": level,
            "actions": actions,
        }
        for (number, level), actions in actions_for_criteria(
            territory, weakest_criteria(levels, limit=5)
        )
    ]
    return render(
        request,
        "steering/grid.html",
        {
            "year": year,
            "years": sorted(set(years) | {current}, reverse=True),
            "editable_years": [current, current - 1],
            "totals": totals,
            "score": score,
            "maximum": maximum,
            "answered": len(levels),
            "radar": radar(totals),
            "rows": selectors.grid_rows(territory, year),
            "history": selectors.history(territory),
            "weakest": weakest,
        },
    )


@capability_required(Capability.STEER)
@require_http_methods(["GET", "POST"])
def criterion(request, year, number):
    territory = territory_for(request.user)
    year = _year_or_404(year)
    definition = CRITERIA_BY_NUMBER.get(number)
    if definition is None:
        raise Http404
    past = selectors.criterion_history(territory, number)
    current = next((a for a in past if a.assessment.year == year), None)
    initial = (
        {"level": str(current.level), "evidence": current.evidence, "comment": current.comment}
        if current
        else {}
    )
    form = CriterionAnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_answer_record(
                territory=territory,
                year=year,
                criterion=number,
                level=form.cleaned_data["level"],
                evidence=form.cleaned_data["evidence"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except SteeringError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Critère %(n)s enregistré pour %(year)s.") % {"n": number, "year": year},
            )
            following = number + 1
            if request.POST.get("next") and following in CRITERIA_BY_NUMBER:
                return redirect("steering:criterion", year=year, number=following)
            return redirect(f"{reverse('steering:grid')}?annee={year}#critere-{number}")
    return render(
        request,
        "steering/criterion.html",
        {
            "year": year,
            "criterion": definition,
            "pillar": PILLARS_BY_CODE[definition.pillar],
            "form": form,
            "past": [a for a in past if a.assessment.year != year],
            "sppe_evidence": evidence_for(territory, number, year),
            "has_next": number + 1 in CRITERIA_BY_NUMBER,
        },
        status=400 if form.errors else 200,
    )
