from django.db.models import Prefetch

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
                    values={v.year: v.value for v in i.values.all()},
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
