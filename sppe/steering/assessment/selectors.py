from .criteria import CRITERIA, PILLARS
from .models import Assessment, CriterionAnswer
from .scoring import grand_total, pillar_totals


def levels_of(territory, year: int) -> dict[int, int]:
    return dict(
        CriterionAnswer.objects.filter(
            assessment__territory=territory, assessment__year=year
        ).values_list("criterion", "level")
    )


def assessed_years(territory) -> list[int]:
    return list(
        Assessment.objects.filter(territory=territory, answers__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def latest_year(territory) -> int | None:
    years = assessed_years(territory)
    return years[0] if years else None


def history(territory) -> list[dict]:
    """One row per year, oldest first: the totals per pillar and the grand total."""
    rows = []
    for year in sorted(assessed_years(territory)):
        totals = pillar_totals(levels_of(territory, year))
        score, maximum = grand_total(totals)
        rows.append({"year": year, "totals": totals, "score": score, "maximum": maximum})
    return rows


def grid_rows(territory, year: int) -> list[dict]:
    """Every pillar with its criteria and this year's answer to each (or None)."""
    answers = {
        a.criterion: a
        for a in CriterionAnswer.objects.filter(
            assessment__territory=territory, assessment__year=year
        )
    }
    return [
        {
            "pillar": pillar,
            "criteria": [
                {"criterion": c, "answer": answers.get(c.number)}
                for c in CRITERIA
                if c.pillar == pillar.code
            ],
        }
        for pillar in PILLARS
    ]


def criterion_history(territory, number: int) -> list[CriterionAnswer]:
    return list(
        CriterionAnswer.objects.filter(assessment__territory=territory, criterion=number)
        .select_related("assessment")
        .order_by("-assessment__year")
    )
