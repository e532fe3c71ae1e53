"""Comparison of the net monthly cost of each mode for one family, figures of 23 November
2026, computed by hand from the lines of the other tests."""

from datetime import date
from decimal import Decimal

from sppe.information.fees import CarePrices, FamilySituation, Mode, compare_modes
from sppe.information.fees.compare import describe_hours

TODAY = date(2026, 11, 23)
FAMILY = FamilySituation(
    annual_resources=Decimal(48000),
    dependent_children=1,
    child_age=1,
    hours_per_week=Decimal(40),
    weeks_per_year=Decimal(45),
)
PRICES = CarePrices(
    micro_creche_hourly_price=Decimal("9.50"),
    am_net_hourly_wage=Decimal("4.85"),
    am_maintenance_per_month=Decimal(80),
    am_meals_per_month=Decimal(60),
    gad_net_hourly_wage=Decimal("12.00"),
    gad_contributions_per_month=Decimal(700),
)


def test_net_monthly_cost_of_each_mode():
    comparison = compare_modes(situation=FAMILY, prices=PRICES, on=TODAY)
    costs = {cost.mode: cost for cost in comparison.costs}

    creche = costs[Mode.CRECHE_PSU]
    # 2.48 € × 150 h = 372 € ; credit min(4,464, 3,500) × 50 % ÷ 12 = 145.83
    assert (creche.monthly_price, creche.monthly_cmg) == (Decimal("372.00"), Decimal("0.00"))
    assert creche.net_monthly_cost == Decimal("226.17")

    am = costs[Mode.ASSISTANT_MATERNEL]
    # 727.50 + 80 + 60 = 867.50 ; CMG 867.50 × (4.91 − 2.476) ÷ 4.91 = 430.04 ;
    # credit on (807.50 − 430.04) × 12 = 4,529.52 → 3,500 → 145.83
    assert am.monthly_price == Decimal("867.50")
    assert am.monthly_cmg == Decimal("430.04")
    assert am.net_monthly_cost == Decimal("291.63")

    micro = costs[Mode.MICRO_CRECHE_PAJE]
    # D. 531-23 III 2°: 179.76 % × 478.16 = 859.54, less CRDS 855.24 ;
    # credit on (1,425 − 855.24) × 12 = 6,837.12 → 3,500 → 145.83 ; 1,425 − 855.24 − 145.83
    assert micro.monthly_cmg == Decimal("855.24")
    assert micro.net_monthly_cost == Decimal("423.93")

    home = costs[Mode.GARDE_DOMICILE]
    # wage 1,800 + contributions 700 = 2,500 ; CMG 1,800 × (10.50 − 4.952) ÷ 10.50 = 951.09
    # + 350 of contributions ; credit 50 % × min((2,500 − 1,301.09) × 12, 13,500) ÷ 12
    assert home.monthly_cmg == Decimal("1301.09")
    assert home.monthly_tax_credit == Decimal("562.50")
    assert home.net_monthly_cost == Decimal("636.41")


def test_modes_are_sorted_cheapest_first():
    comparison = compare_modes(situation=FAMILY, prices=PRICES, on=TODAY)
    net = [cost.net_monthly_cost for cost in comparison.costs]
    assert net == sorted(net)
    assert comparison.costs[0].mode == Mode.CRECHE_PSU


def test_modes_without_a_local_price_are_skipped_with_a_reason():
    comparison = compare_modes(situation=FAMILY, prices=CarePrices(), on=TODAY)
    assert [cost.mode for cost in comparison.costs] == [Mode.CRECHE_PSU]
    assert {mode for mode, _reason in comparison.skipped} == {
        Mode.MICRO_CRECHE_PAJE,
        Mode.ASSISTANT_MATERNEL,
        Mode.GARDE_DOMICILE,
    }


def test_every_result_explains_itself_with_sources():
    comparison = compare_modes(situation=FAMILY, prices=PRICES, on=TODAY)
    for cost in comparison.costs:
        assert cost.lines[-1].label == "Reste à votre charge par mois"
        assert cost.lines[-1].amount == cost.net_monthly_cost
        sourced = [line for line in cost.lines if line.source]
        assert sourced, cost.mode
        assert all(line.figures_date and line.source_url for line in sourced)
        assert cost.periods


def test_missing_home_carer_contributions_are_said():
    prices = CarePrices(gad_net_hourly_wage=Decimal("12.00"))
    home = compare_modes(situation=FAMILY, prices=prices, on=TODAY).cost_of(Mode.GARDE_DOMICILE)
    assert any("cotisations" in note for note in home.notes)
    assert home.monthly_price == Decimal("1800.00")


def test_the_comparison_follows_the_date():
    before = compare_modes(situation=FAMILY, prices=PRICES, on=date(2025, 8, 31))
    after = compare_modes(situation=FAMILY, prices=PRICES, on=date(2025, 9, 1))
    am_before = before.cost_of(Mode.ASSISTANT_MATERNEL)
    am_after = after.cost_of(Mode.ASSISTANT_MATERNEL)
    # Before: bracket 2, 341.12 less CRDS = 339.41 ; after: 867.50 × (4.85 − 2.476) ÷ 4.85
    assert am_before.monthly_cmg == Decimal("339.41")
    assert am_after.monthly_cmg == Decimal("424.63")


def test_describe_hours():
    assert describe_hours(FAMILY).amount == Decimal(150)
