from decimal import Decimal

import pytest

from sppe.demo.steering import load_demo_steering
from sppe.steering.assessment.scoring import grand_total, pillar_totals
from sppe.steering.assessment.selectors import assessed_years, levels_of
from sppe.steering.models import Answer, IndicatorValue, Response, Sheet
from sppe.steering.plans.selectors import plans_of, progress
from sppe.steering.surveys.selectors import headline


@pytest.fixture
def loaded(territory, clock):
    return load_demo_steering()


def _figures(territory):
    survey = headline(territory)
    return (
        [grand_total(pillar_totals(levels_of(territory, y))) for y in assessed_years(territory)],
        Response.objects.count(),
        sorted(Answer.objects.values_list("number", flat=True).exclude(number=None)),
        survey["average"],
        [progress(p)[1] for p in plans_of(territory)],
        IndicatorValue.objects.count(),
    )


def test_the_demo_holds_three_years_a_survey_and_a_plan(territory, loaded):
    assert assessed_years(territory) == [2026, 2025, 2024]
    # 2024: Information 7, Parcours 13, Aller-vers 5, Moyens 13, Gouvernance 5 = 43;
    # then five criteria gain a level, then seven more.
    assert [grand_total(pillar_totals(levels_of(territory, y)))[0] for y in (2024, 2025, 2026)] == [
        43,
        48,
        55,
    ]
    assert Response.objects.count() == 38 + 52
    assert Sheet.objects.count() == 6
    # Six indicators entered for two years; two computed by sppe (survey, desk).
    assert IndicatorValue.objects.count() == 12
    [line] = [
        line for line in progress(plans_of(territory).get())[0] if line.indicators[0].computed
    ]
    assert line.indicators[0].values[2026] == Decimal(str(headline(territory)["average"]))
    assert loaded.lines()[0].startswith("Pilotage : grille renseignée pour 2024, 2025, 2026")


def test_the_demo_is_deterministic(territory, loaded):
    first = _figures(territory)
    load_demo_steering()
    assert _figures(territory) == first
