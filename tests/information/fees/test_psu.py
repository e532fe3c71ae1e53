"""PSU crèche fee. Expected values computed by hand from circular Cnaf 2019-005 (effort
rates), the Cnaf floors and ceilings (psu_resources.toml) and the rounding to the cent."""

from datetime import date
from decimal import Decimal

import pytest

from sppe.information.fees import Establishment, psu_hourly_rate, psu_monthly_fee

TODAY = date(2026, 11, 23)


def rate(annual, children=1, *, on=TODAY, aeeh=0, establishment=Establishment.COLLECTIVE):
    return psu_hourly_rate(
        on=on,
        annual_resources=Decimal(annual),
        dependent_children=children,
        aeeh_children=aeeh,
        establishment=establishment,
    ).hourly_rate


def test_hourly_rate_is_monthly_resources_times_effort_rate():
    # 48,000 € ÷ 12 = 4,000 € ; × 0.0619 % = 2.476 → 2.48 €
    assert rate(48000) == Decimal("2.48")


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        (1, "1.86"),  # 3,000 × 0.0619 % = 1.857
        (2, "1.55"),  # 3,000 × 0.0516 % = 1.548
        (3, "1.24"),  # 3,000 × 0.0413 % = 1.239
        (4, "0.93"),  # 3,000 × 0.0310 % = 0.93
        (7, "0.93"),
        (8, "0.62"),  # 3,000 × 0.0206 % = 0.618
        (10, "0.62"),
    ],
)
def test_effort_rate_by_number_of_children(children, expected):
    assert rate(36000, children) == Decimal(expected)


def test_floor_applies_below_it_and_changes_on_1_january_2026():
    # 6,000 € a year = 500 € a month, below the floor; two children: 0.0516 %.
    assert rate(6000, 2, on=date(2025, 12, 31)) == Decimal("0.41")  # 801.00 × 0.0516 % = 0.4133
    assert rate(6000, 2, on=date(2026, 1, 1)) == Decimal("0.42")  # 814.62 × 0.0516 % = 0.4203


def test_resources_exactly_at_the_floor_are_kept():
    result = psu_hourly_rate(
        on=TODAY, annual_resources=Decimal("9775.44"), dependent_children=1
    )  # 814.62 × 12
    assert result.retained_resources == Decimal("814.62")
    assert result.monthly_resources == Decimal("814.62")


def test_ceiling_rises_to_8500_on_1_september_2025():
    # 120,000 € a year = 10,000 € a month, above both ceilings.
    assert rate(120000, on=date(2025, 8, 31)) == Decimal("4.33")  # 7,000 × 0.0619 % = 4.333
    assert rate(120000, on=date(2025, 9, 1)) == Decimal("5.26")  # 8,500 × 0.0619 % = 5.2615
    # Exactly at the ceiling, the same rate.
    assert rate(102000, on=date(2025, 9, 1)) == Decimal("5.26")


def test_aeeh_moves_the_family_one_rate_down_per_disabled_child():
    assert rate(36000, 1, aeeh=1) == Decimal("1.55")  # rate of 2 children
    assert rate(36000, 2, aeeh=1) == Decimal("1.24")  # rate of 3 children
    assert rate(36000, 2, aeeh=2) == Decimal("0.93")  # two steps
    assert rate(36000, 8, aeeh=1) == Decimal("0.62")  # already the lowest rate


def test_familial_and_parental_crèches_use_their_own_scale():
    assert rate(36000, establishment=Establishment.FAMILIAL) == Decimal("1.55")  # 0.0516 %
    assert rate(36000, establishment=Establishment.PARENTAL) == Decimal("1.55")
    # PSU micro-crèches follow the collective scale since circular 2019-005.
    assert rate(36000, establishment=Establishment.MICRO_CRECHE) == Decimal("1.86")


def test_monthly_fee_of_a_contract():
    fee = psu_monthly_fee(
        on=TODAY,
        annual_resources=Decimal(48000),
        dependent_children=1,
        hours_per_week=Decimal(40),
        weeks_per_year=Decimal(45),
    )
    assert fee.monthly_hours == Decimal(150)  # 40 × 45 ÷ 12
    assert fee.monthly_fee == Decimal("372.00")  # 2.48 × 150


def test_monthly_fee_rounds_half_up_to_the_cent():
    fee = psu_monthly_fee(
        on=TODAY,
        annual_resources=Decimal(36000),
        dependent_children=1,
        hours_per_week=Decimal(35),
        weeks_per_year=Decimal(47),
    )
    # 1.86 × 35 × 47 ÷ 12 = 254.975 → 254.98
    assert fee.monthly_fee == Decimal("254.98")


def test_explanation_lines_name_sources_and_dates():
    fee = psu_monthly_fee(
        on=TODAY,
        annual_resources=Decimal(48000),
        dependent_children=1,
        hours_per_week=Decimal(40),
        weeks_per_year=Decimal(45),
    )
    labels = [line.label for line in fee.lines]
    assert labels == [
        "Vos ressources mensuelles",
        "Vos ressources mensuelles retenues",
        "Votre taux d'effort horaire",
        "Votre tarif horaire en crèche",
        "Heures facturées chaque mois",
        "Votre participation mensuelle à la crèche",
    ]
    retained, effort = fee.lines[1], fee.lines[2]
    assert retained.value == "4\u00a0000,00\u00a0€"
    assert retained.figures_date == date(2026, 1, 1)
    assert "2019-005" in retained.source
    assert effort.value == "0,0619\u00a0%"
    assert effort.figures_date == date(2022, 1, 1)
    assert {period.rule for period in fee.periods} == {"psu_resources", "psu_effort_rates"}
    # The 2026 floor is derived from the circular's rule, not read in a publication: a
    # line that compared the resources with it is not shown as confirmed.
    assert fee.lines[1].confirmed is False
    assert "2,48" in fee.lines[3].as_text()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dependent_children": 0}, "au moins un enfant"),
        ({"dependent_children": -5}, "au moins un enfant"),
        ({"dependent_children": 21}, "ne peut pas dépasser 20"),
        ({"aeeh_children": 2}, "AEEH"),
        ({"annual_resources": Decimal(-1)}, "négatives"),
    ],
)
def test_invalid_situations_are_refused(kwargs, message):
    arguments = {"on": TODAY, "annual_resources": Decimal(30000), "dependent_children": 1}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        psu_hourly_rate(**arguments)


@pytest.mark.parametrize(
    ("on", "annual", "children", "expected"),
    [
        # Before the circular 2019-005 scale: 3,000 × 0.06 % = 1.80
        (date(2019, 3, 1), 36000, 1, "1.80"),
        # From 1 September 2019, + 0.8 %: 3,000 × 0.0605 % = 1.815 → 1.82
        (date(2019, 10, 1), 36000, 1, "1.82"),
        # 2020 floor 705.27 € (RSA 559.74 × 1.5 × 0.84): 705.27 × 0.0508 % = 0.3583 → 0.36
        (date(2020, 6, 1), 6000, 2, "0.36"),
        # 2021 ceiling 5,800 €: 5,800 × 0.0615 % = 3.567 → 3.57
        (date(2021, 6, 1), 120000, 1, "3.57"),
        # 2023: a date that used to raise an error; 3,000 × 0.0619 % = 1.857 → 1.86
        (date(2023, 6, 1), 36000, 1, "1.86"),
        # 2023 ceiling 6,000 €: 6,000 × 0.0619 % = 3.714 → 3.71
        (date(2023, 6, 1), 120000, 1, "3.71"),
    ],
)
def test_psu_history_back_to_2019(on, annual, children, expected):
    assert rate(annual, children, on=on) == Decimal(expected)
