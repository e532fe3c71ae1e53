"""Tax credits, computed by hand from articles 200 quater B and 199 sexdecies CGI."""

from datetime import date
from decimal import Decimal

import pytest

from sppe.information.fees import childcare_tax_credit, home_employment_tax_credit

YEAR = date(2026, 6, 1)


def outside(expenses, cmg=0, *, age=1, alternating=False):
    return childcare_tax_credit(
        on=YEAR,
        annual_expenses=Decimal(expenses),
        annual_cmg=Decimal(cmg),
        child_age_on_january_1=age,
        alternating_residence=alternating,
    )


def test_half_of_the_expenses_within_3500_per_child():
    assert outside(3000).annual_credit == Decimal("1500.00")
    assert outside(3500).annual_credit == Decimal("1750.00")
    assert outside(4464).annual_credit == Decimal("1750.00")


def test_the_cmg_is_deducted_first():
    result = outside(3000, 1000)
    assert result.retained_expenses == Decimal(2000)
    assert result.annual_credit == Decimal("1000.00")
    assert outside(1000, 1500).annual_credit == Decimal("0.00")


def test_alternating_residence_halves_the_ceiling():
    assert outside(4000, alternating=True).annual_credit == Decimal("875.00")


def test_children_of_six_on_1_january_are_out():
    assert not outside(3000, age=6).eligible
    assert outside(3000, age=5).eligible


def test_monthly_credit():
    assert outside(4000).monthly_credit == Decimal("145.83")  # 1,750 ÷ 12


@pytest.mark.parametrize(
    ("children", "first_year", "ceiling"),
    [
        (1, False, 13500),
        (2, False, 15000),
        (3, False, 15000),
        (1, True, 16500),
        (3, True, 18000),
    ],
)
def test_home_employment_ceiling(children, first_year, ceiling):
    result = home_employment_tax_credit(
        on=YEAR,
        annual_expenses=Decimal(40000),
        dependent_children=children,
        first_year=first_year,
    )
    assert result.retained_expenses == Decimal(ceiling)
    assert result.annual_credit == Decimal(ceiling) / 2


def test_home_employment_credit_after_cmg():
    result = home_employment_tax_credit(
        on=YEAR,
        annual_expenses=Decimal(20000),
        annual_cmg=Decimal(12000),
        dependent_children=1,
    )
    assert result.annual_credit == Decimal("4000.00")


def test_ceiling_before_2022_was_2300_euros():
    # CGI art. 200 quater B before the finance law for 2023: 2,300 € per child.
    # 5,000 € of 2021 → 2,300 × 50 % = 1,150 ; the same in 2023 → 3,500 × 50 % = 1,750
    early = childcare_tax_credit(
        on=date(2021, 6, 1), annual_expenses=Decimal(5000), child_age_on_january_1=2
    )
    assert early.annual_credit == Decimal("1150.00")
    later = childcare_tax_credit(
        on=date(2023, 6, 1), annual_expenses=Decimal(5000), child_age_on_january_1=2
    )
    assert later.annual_credit == Decimal("1750.00")


def test_home_employment_ceiling_with_a_child_in_alternating_residence():
    # 12,000 + 1,500 (one child) + 750 (the child in alternating residence) = 14,250 €
    result = home_employment_tax_credit(
        on=date(2026, 6, 1),
        annual_expenses=Decimal(30000),
        dependent_children=2,
        alternating_children=1,
    )
    assert result.retained_expenses == Decimal(14250)
    assert result.annual_credit == Decimal("7125.00")
    assert not result.lines[1].confirmed  # the 750 € is still to read in the text
