"""Comparison of the net monthly cost of each mode for one family, care starting on
23 November 2026 for 12 months (2 months of 2026, 10 of 2027: the tax credit is computed
for each calendar year), computed by hand from the lines of the other tests."""

from datetime import date
from decimal import Decimal

import pytest

from sppe.information.fees import CarePrices, FamilySituation, Mode, compare_modes
from sppe.information.fees.compare import (
    InvalidSituation,
    contract_years,
    describe_hours,
    shared_home_care,
)

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
    # 2.48 € × 150 h = 372 € ; credit 2026: 744 × 50 % = 372 ; 2027: min(3,720, 3,500) ×
    # 50 % = 1,750 ; (372 + 1,750) ÷ 12 = 176.83
    assert (creche.monthly_price, creche.monthly_cmg) == (Decimal("372.00"), Decimal("0.00"))
    assert creche.monthly_tax_credit == Decimal("176.83")
    assert creche.net_monthly_cost == Decimal("195.17")

    am = costs[Mode.ASSISTANT_MATERNEL]
    # 727.50 + 80 + 60 = 867.50 ; CMG 867.50 × (4.91 − 2.476) ÷ 4.91 = 430.04 ;
    # meals apart: 807.50 − 430.04 = 377.46 a month ; 2026: 754.92 × 50 % = 377.46 ;
    # 2027: 3,774.60 → 3,500 → 1,750 ; 2,127.46 ÷ 12 = 177.29
    assert am.monthly_price == Decimal("867.50")
    assert am.monthly_cmg == Decimal("430.04")
    assert am.monthly_tax_credit == Decimal("177.29")
    assert am.net_monthly_cost == Decimal("260.17")

    micro = costs[Mode.MICRO_CRECHE_PAJE]
    # D. 531-23 III 2°: 179.76 % × 478.16 = 859.54, less CRDS 855.24 ;
    # 569.76 a month: 2026: 1,139.52 × 50 % = 569.76 ; 2027: 5,697.60 → 3,500 → 1,750 ;
    # 2,319.76 ÷ 12 = 193.31 ; 1,425 − 855.24 − 193.31
    assert micro.monthly_cmg == Decimal("855.24")
    assert micro.net_monthly_cost == Decimal("376.45")

    home = costs[Mode.GARDE_DOMICILE]
    # wage 1,800 + contributions 700 = 2,500 ; CMG 1,800 × (10.50 − 4.952) ÷ 10.50 = 951.09
    # + 350 of contributions ; 1,198.91 a month ; 2026: 2,397.82 × 50 % = 1,198.91 ;
    # 2027: 11,989.10 × 50 % = 5,994.55 (under 13,500) ; 7,193.46 ÷ 12 = 599.455 → 599.46
    assert home.monthly_cmg == Decimal("1301.09")
    assert home.monthly_tax_credit == Decimal("599.46")
    assert home.net_monthly_cost == Decimal("599.45")


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


# --- start date, contract length, alternating residence, absurd inputs ------------------

PSU_ONLY = CarePrices()


def _family(**changes):
    values = {
        "annual_resources": Decimal(48000),
        "dependent_children": 1,
        "child_age": 1,
        "hours_per_week": Decimal(40),
        "weeks_per_year": Decimal(45),
    }
    values.update(changes)
    return FamilySituation(**values)


def test_contract_years_of_the_september_intake():
    assert contract_years(date(2026, 9, 1), 12) == ((date(2026, 9, 1), 4), (date(2027, 1, 1), 8))
    assert contract_years(date(2026, 1, 1), 12) == ((date(2026, 1, 1), 12),)
    assert contract_years(date(2026, 9, 1), 4) == ((date(2026, 9, 1), 4),)


def test_september_intake_spreads_the_tax_credit_over_two_years():
    # 372 € a month: 2026: 4 × 372 × 50 % = 744 ; 2027: 8 × 372 × 50 % = 1,488 (both
    # under the 3,500 € ceiling) ; 2,232 ÷ 12 = 186.00
    creche = compare_modes(situation=_family(), prices=PSU_ONLY, on=date(2026, 9, 1)).costs[0]
    assert creche.monthly_tax_credit == Decimal("186.00")
    # A January start: one year, 4,464 € capped at 3,500 € → 1,750 ÷ 12 = 145.83
    january = compare_modes(situation=_family(), prices=PSU_ONLY, on=date(2026, 1, 1)).costs[0]
    assert january.monthly_tax_credit == Decimal("145.83")


def test_a_contract_of_four_months():
    # 17 weeks of 40 h over 4 months: 40 × 17 ÷ 4 = 170 h a month ; 2.48 × 170 = 421.60 ;
    # credit 4 × 421.60 × 50 % = 843.20, i.e. 210.80 a month of care
    family = _family(weeks_per_year=Decimal(17), contract_months=4)
    creche = compare_modes(situation=family, prices=PSU_ONLY, on=date(2026, 9, 1)).costs[0]
    assert creche.monthly_price == Decimal("421.60")
    assert creche.monthly_tax_credit == Decimal("210.80")
    assert describe_hours(family).amount == Decimal(170)


def test_alternating_residence_halves_the_childcare_credit_ceiling():
    # CGI art. 200 quater B: the ceiling is halved, 1,750 € ; 4,464 → 1,750 × 50 % ÷ 12
    family = _family(alternating_residence=True)
    creche = compare_modes(situation=family, prices=PSU_ONLY, on=date(2026, 1, 1)).costs[0]
    assert creche.monthly_tax_credit == Decimal("72.92")


def test_tax_credit_ceiling_before_2022_and_a_date_in_2023():
    # Expenses of 2021: ceiling 2,300 € (4,464 → 2,300 × 50 % = 1,150 ÷ 12 = 95.83)
    early = compare_modes(situation=_family(), prices=PSU_ONLY, on=date(2021, 1, 1)).costs[0]
    assert early.monthly_tax_credit == Decimal("95.83")
    # 2023 no longer raises: every table has figures for it.
    prices = CarePrices(micro_creche_hourly_price=Decimal("9.50"), am_net_hourly_wage=Decimal(4))
    assert len(compare_modes(situation=_family(), prices=prices, on=date(2023, 3, 1)).costs) == 3


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"child_age": -1}, "âge de l'enfant"),
        ({"hours_per_week": Decimal(200)}, "70 par semaine"),
        ({"dependent_children": -5}, "au moins un enfant"),
        ({"annual_resources": Decimal(-1)}, "négatives"),
        ({"weeks_per_year": Decimal(30), "contract_months": 4}, "de 1 à 18 semaines"),
        ({"contract_months": 0}, "1 à 12 mois"),
        ({"aeeh_children": 3}, "AEEH"),
    ],
)
def test_absurd_situations_are_refused_clearly(changes, message):
    with pytest.raises(InvalidSituation, match=message):
        _family(**changes)


# --- garde partagée ----------------------------------------------------------------------


def test_shared_home_care_gives_each_family_its_own_cmg_and_credit():
    # One carer at 14 € net an hour for two families, half each: 7 € × 150 h = 1,050 €.
    # Figures of 1 April 2026: reference cost 10.50 €, home-care effort rates 0.1238 %
    # (1 child) and 0.1032 % (2 children).
    # Family A, 4,000 € a month, 1 child: 1,050 × (10.50 − 4.952) ÷ 10.50 = 554.80
    # Family B, 2,000 € a month, 2 children: 1,050 × (10.50 − 2.064) ÷ 10.50 = 843.60
    # Credit (start 1 May 2026: 8 months of 2026, 4 of 2027), 50 % of the rest:
    # A: 495.20 × 12 × 50 % = 2,971.20 ÷ 12 = 247.60 ; B: 206.40 → 103.20
    family_a = _family()
    family_b = _family(annual_resources=Decimal(24000), dependent_children=2)
    prices = CarePrices(gad_net_hourly_wage=Decimal(14))
    a, b = shared_home_care(
        families=[(family_a, Decimal(50)), (family_b, Decimal(50))],
        prices=prices,
        on=date(2026, 5, 1),
    )
    assert (a.mode, b.mode) == (Mode.GARDE_PARTAGEE, Mode.GARDE_PARTAGEE)
    assert a.monthly_price == b.monthly_price == Decimal("1050.00")
    assert (a.monthly_cmg, b.monthly_cmg) == (Decimal("554.80"), Decimal("843.60"))
    assert (a.monthly_tax_credit, b.monthly_tax_credit) == (Decimal("247.60"), Decimal("103.20"))
    assert (a.net_monthly_cost, b.net_monthly_cost) == (Decimal("247.60"), Decimal("103.20"))
    assert a.lines[0].label == "Votre part du salaire de la garde partagée"
    assert a.lines[0].value == "7,00\u00a0€"


def test_shared_home_care_in_the_comparison_and_its_errors():
    prices = CarePrices(gad_net_hourly_wage=Decimal(14), shared_home_care_percent=Decimal(50))
    comparison = compare_modes(situation=_family(), prices=prices, on=date(2026, 5, 1))
    shared = comparison.cost_of(Mode.GARDE_PARTAGEE)
    alone = comparison.cost_of(Mode.GARDE_DOMICILE)
    assert shared.monthly_cmg == Decimal("554.80")
    assert shared.net_monthly_cost < alone.net_monthly_cost
    with pytest.raises(InvalidSituation, match="font 100 %"):
        shared_home_care(
            families=[(_family(), Decimal(60)), (_family(), Decimal(50))],
            prices=prices,
            on=date(2026, 5, 1),
        )
    with pytest.raises(InvalidSituation, match="deux familles"):
        shared_home_care(families=[(_family(), Decimal(100))], prices=prices, on=date(2026, 5, 1))


def test_every_month_since_2019_has_figures_for_every_mode():
    """A start date chosen by the family, from January 2019 on, never meets a gap."""
    prices = CarePrices(
        micro_creche_hourly_price=Decimal("9.50"),
        am_net_hourly_wage=Decimal("4.85"),
        am_meals_per_month=Decimal(60),
        gad_net_hourly_wage=Decimal(12),
        shared_home_care_percent=Decimal(50),
    )
    for year in range(2019, 2029):
        for month in range(1, 13):
            comparison = compare_modes(
                situation=_family(single_parent=True), prices=prices, on=date(year, month, 1)
            )
            assert len(comparison.costs) == 5, (year, month)
