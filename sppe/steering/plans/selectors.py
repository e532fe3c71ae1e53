from datetime import date
from decimal import Decimal

from django.db.models import Avg, Prefetch
from django.utils import timezone

from sppe.dossiers.stats import filed_applications

from ..enums import IndicatorSource
from ..surveys.models import Answer
from .models import Action, Indicator, Plan, Sheet
from .progress import IndicatorLine, SheetProgress, plan_percent_done


def plans_of(territory):
    return Plan.objects.filter(territory=territory)


def sheets_of(plan: Plan):
    return (
        Sheet.objects.filter(axis__plan=plan)
        .select_related("axis")
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.prefetch_related("notes")),
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")),
        )
        .order_by("axis__position", "position", "pk")
    )


def computed_values(indicator: Indicator, plan: Plan, *, today=None) -> dict[int, Decimal]:
    """Yearly values sppe computes itself, for the plan's years up to this one."""
    today = today or timezone.localdate()
    years = [y for y in plan.years if y <= today.year]
    territory = plan.territory
    if indicator.source == IndicatorSource.DESK_APPLICATIONS:
        return {
            year: Decimal(
                filed_applications(
                    territory, submitted_from=date(year, 1, 1), submitted_to=date(year, 12, 31)
                ).count()
            )
            for year in years
        }
    question = indicator.question
    if question is None:
        return {}
    rows = (
        Answer.objects.filter(
            question__text=question.text,
            question__kind=question.kind,
            response__survey__territory=territory,
            response__survey__audience=question.survey.audience,
            response__survey__year__in=years,
            number__isnull=False,
        )
        .values("response__survey__year")
        .annotate(average=Avg("number"))
    )
    return {row["response__survey__year"]: Decimal(str(round(row["average"], 2))) for row in rows}


def _values(indicator: Indicator, plan: Plan) -> dict[int, Decimal]:
    if indicator.source == IndicatorSource.ENTERED:
        return {v.year: v.value for v in indicator.values.all()}
    return computed_values(indicator, plan)


def progress(plan: Plan) -> tuple[list[SheetProgress], int | None]:
    lines = [
        SheetProgress(
            axis=sheet.axis.title,
            title=sheet.title,
            pilot=sheet.pilot,
            statuses=[a.status for a in sheet.actions.all()],
            indicators=[
                IndicatorLine(
                    label=i.label,
                    unit=i.unit,
                    target=i.target,
                    values=_values(i, plan),
                    computed=i.source != IndicatorSource.ENTERED,
                )
                for i in sheet.indicators.all()
            ],
        )
        for sheet in sheets_of(plan)
    ]
    return lines, plan_percent_done(lines)


def actions_for_criteria(territory, weakest: list[tuple[int, int]]):
    """[((criterion, level), [actions linked to it in the territory's plans])]."""
    numbers = [number for number, _level in weakest]
    actions = (
        Action.objects.filter(sheet__axis__plan__territory=territory, criterion__in=numbers)
        .select_related("sheet__axis")
        .order_by("deadline", "pk")
    )
    by_number = {}
    for action in actions:
        by_number.setdefault(action.criterion, []).append(action)
    return [((number, level), by_number.get(number, [])) for number, level in weakest]
