import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sppe.steering.assessment.services import criterion_answer_record
from sppe.steering.errors import SteeringError
from sppe.steering.models import Action, Axis, IndicatorValue, ProgressNote
from sppe.steering.plans import selectors, services

from .factories import small_plan

pytestmark = pytest.mark.usefixtures("clock")


def test_a_value_for_a_year_outside_the_plan_changes_nothing(territory):
    _plan, _sheet, indicator, _action = small_plan(territory, start=2025, end=2027)
    services.indicator_value_record(indicator=indicator, year=2025, value="120")
    for year in (2024, 2028):
        with pytest.raises(SteeringError, match=f"L'année {year} est hors du plan"):
            services.indicator_value_record(indicator=indicator, year=year, value="150")
    with pytest.raises(SteeringError, match="doit être un nombre"):
        services.indicator_value_record(indicator=indicator, year=2026, value="beaucoup")
    assert list(IndicatorValue.objects.values_list("year", "value")) == [(2025, Decimal("120"))]


def test_plan_years_are_checked(territory):
    with pytest.raises(SteeringError, match="ne peut pas précéder"):
        services.plan_create(
            territory=territory, title="P", kind="ctg", start_year=2027, end_year=2025
        )


def test_progress_by_hand(territory):
    plan, sheet, indicator, action = small_plan(territory)
    services.action_add(sheet=sheet, title="B", pilot="RPE", deadline=dt.date(2026, 9, 1))
    services.action_add(
        sheet=sheet, title="C", pilot="RPE", deadline=dt.date(2026, 9, 1), status="abandoned"
    )
    services.action_status_set(action=action, status="done", note="Guide distribué")
    services.indicator_value_record(indicator=indicator, year=2025, value="80")
    services.indicator_value_record(indicator=indicator, year=2026, value="150")
    [line], percent = selectors.progress(plan)
    # 3 actions, one abandoned: 1 done out of 2 counted.
    assert (line.done, line.counted, line.percent_done, percent) == (1, 2, 50, 50)
    [indicator_line] = line.indicators
    assert (indicator_line.latest_year, indicator_line.percent_of_target) == (2026, 75)
    assert ProgressNote.objects.get().date == dt.date(2026, 3, 15)


def test_progress_table_exports(client, territory, elected):
    plan, _sheet, indicator, _action = small_plan(territory)
    services.indicator_value_record(indicator=indicator, year=2026, value="150")
    client.force_login(elected)
    xlsx = client.get(reverse("steering:plan_export", args=[plan.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "Plan petite enfance"
    assert [c.value for c in sheet[4]][:4] == [
        "Informer les familles",
        "Guide petite enfance",
        "RPE",
        1,
    ]
    assert "Familles informées : 150 en 2026 / 200 (75 %)" in sheet["I4"].value
    pdf = client.get(reverse("steering:plan_export", args=[plan.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("steering:plan_export", args=[plan.pk, "doc"])).status_code == 404


def test_actions_linked_to_the_weakest_criteria_show_on_the_grid(client, territory, agent):
    _plan, _sheet, _indicator, action = small_plan(territory)
    criterion_answer_record(territory=territory, year=2026, criterion=1, level=1)
    criterion_answer_record(territory=territory, year=2026, criterion=2, level=3)
    client.force_login(agent)
    page = client.get(reverse("steering:grid"))
    assert "Critères les plus faibles" in page.text
    assert f"#action-{action.pk}" in page.text


def test_agent_fills_a_plan_through_the_page(client, territory, agent):
    plan, sheet, indicator, _action = small_plan(territory)
    client.force_login(agent)
    edit = lambda what: reverse("steering:plan_edit", args=[plan.pk, what])  # noqa: E731
    assert client.post(edit("axis"), {"axis-title": "Aller vers"}).status_code == 302
    assert Axis.objects.count() == 2
    response = client.post(
        edit("value"),
        {"value-indicator": indicator.pk, "value-year": "2030", "value-value": "10"},
    )
    assert response.status_code == 400
    assert "hors du plan, qui couvre 2025 à 2027" in response.text.replace("&#x27;", "'")
    assert not IndicatorValue.objects.exists()
    response = client.post(
        edit("action"),
        {
            "action-sheet": sheet.pk,
            "action-title": "Forum des familles",
            "action-pilot": "RPE",
            "action-deadline": "2026-10-01",
            "action-criterion": "2",
        },
    )
    assert response.status_code == 302
    assert Action.objects.get(title="Forum des familles").criterion == 2
    assert client.get(reverse("steering:plan", args=[plan.pk])).status_code == 200


def test_another_plan_or_territory_is_out_of_reach(client, territory, agent, outsider):
    plan, _sheet, _indicator, _action = small_plan(territory)
    other, other_sheet, _i, _a = small_plan(territory)
    client.force_login(agent)
    # A sheet of another plan cannot be picked in this plan's form.
    response = client.post(
        reverse("steering:plan_edit", args=[plan.pk, "action"]),
        {
            "action-sheet": other_sheet.pk,
            "action-title": "X",
            "action-pilot": "Y",
            "action-deadline": "2026-10-01",
        },
    )
    assert response.status_code == 400
    assert Action.objects.count() == 2
    client.force_login(outsider)
    assert client.get(reverse("steering:plan", args=[plan.pk])).status_code == 403
    response = client.post(
        reverse("steering:plan_edit", args=[plan.pk, "axis"]), {"axis-title": "Z"}
    )
    assert response.status_code == 403 and Axis.objects.count() == 2


def test_indicators_computed_from_sppe_data(territory):
    from sppe.steering.enums import IndicatorSource
    from sppe.steering.surveys import services as surveys

    from .factories import answer, parents_survey

    plan, sheet, _indicator, _action = small_plan(territory, start=2025, end=2027)
    last_year = parents_survey(territory, year=2025)
    this_year = parents_survey(territory, year=2026)
    for survey, notes in ((last_year, (6, 7)), (this_year, (9, 8, 10))):
        for invitation, note in zip(
            surveys.invitation_links_create(survey=survey, count=len(notes)), notes, strict=True
        ):
            answer(survey, invitation, scale=note)
    question = this_year.questions.get(kind="scale")
    satisfaction = services.indicator_add(
        sheet=sheet,
        label="Satisfaction",
        target="8.5",
        source=IndicatorSource.SURVEY_AVERAGE,
        question=question,
    )
    services.indicator_add(
        sheet=sheet, label="Demandes", target="400", source=IndicatorSource.DESK_APPLICATIONS
    )
    [line], _percent = selectors.progress(plan)
    by_label = {i.label: i for i in line.indicators}
    # 2025: (6 + 7) / 2 = 6.5; 2026: (9 + 8 + 10) / 3 = 9; 2027 is still to come.
    assert by_label["Satisfaction"].values == {2025: Decimal("6.5"), 2026: Decimal("9")}
    assert by_label["Satisfaction"].computed and by_label["Satisfaction"].percent_of_target == 106
    assert by_label["Demandes"].values == {2025: Decimal(0), 2026: Decimal(0)}
    with pytest.raises(SteeringError, match="calculé par sppe"):
        services.indicator_value_record(indicator=satisfaction, year=2026, value="3")
    assert not IndicatorValue.objects.filter(indicator=satisfaction).exists()
    with pytest.raises(SteeringError, match="Choisissez la question"):
        services.indicator_add(
            sheet=sheet, label="X", target="1", source=IndicatorSource.SURVEY_AVERAGE
        )
