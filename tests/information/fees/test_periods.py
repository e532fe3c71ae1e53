"""Rule tables: dated periods, sources, and adding a period as a data change only."""

from datetime import date
from decimal import Decimal

import pytest

from sppe.information.fees import psu_hourly_rate
from sppe.information.fees.cmg import CareMode, cmg_direct_employment
from sppe.information.fees.periods import (
    STATUSES,
    InvalidRuleTable,
    PeriodNotFound,
    all_tables,
    load_table,
    parse_table,
)

SOURCE = """
[periods.source]
title = "Titre"
reference = "Réf."
url = "https://example.org"
consulted = 2026-11-23
"""


def test_the_period_in_force_is_picked_by_date():
    table = load_table("psu_resources")
    assert table.at(date(2025, 8, 31)).figure("ceiling") == Decimal(7000)
    assert table.at(date(2025, 9, 1)).figure("ceiling") == Decimal(8500)
    assert table.at(date(2026, 11, 23)).figure("floor") == Decimal("814.62")


def test_a_date_before_every_period_has_no_figures():
    with pytest.raises(PeriodNotFound):
        load_table("psu_resources").at(date(2018, 12, 31))


def test_figures_are_decimals_never_floats():
    period = load_table("psu_effort_rates").at(date(2026, 1, 1))
    assert period.figure("collective")[0]["rate_percent"] == Decimal("0.0619")
    assert isinstance(period.figure("collective")[0]["max_children"], Decimal)


def test_overlapping_periods_are_rejected():
    text = f"""
rule = "demo"
[[periods]]
valid_from = 2025-01-01
[periods.figures]
x = 1
{SOURCE}
[[periods]]
valid_from = 2025-06-01
[periods.figures]
x = 2
{SOURCE}
"""
    with pytest.raises(InvalidRuleTable, match="overlaps"):
        parse_table(text)


def test_a_period_without_source_is_rejected():
    text = """
rule = "demo"
[[periods]]
valid_from = 2025-01-01
[periods.figures]
x = 1
"""
    with pytest.raises(InvalidRuleTable, match="source"):
        parse_table(text)


@pytest.mark.parametrize("table", all_tables(), ids=lambda table: table.rule)
def test_every_period_of_the_data_names_its_source(table):
    for period in table.periods:
        assert period.source.title and period.source.reference
        assert period.source.url.startswith("https://")
        assert period.source.consulted <= date(2026, 12, 6)
        assert period.status in STATUSES
        for path in period.unconfirmed_figures:
            period.figure(path)  # names a figure that exists


def test_the_last_period_of_each_table_covers_today():
    for table in all_tables():
        assert table.find(date(2026, 11, 23)) is not None, table.rule


def test_unconfirmed_figures_are_flagged():
    reform = load_table("cmg_direct_employment").at(date(2025, 10, 1))
    assert reform.is_confirmed("hourly_cap.assistant_maternel")
    assert reform.is_confirmed("reference_hourly_cost.assistant_maternel")
    assert not reform.is_confirmed("reference_hourly_cost.garde_domicile")
    assert not reform.is_confirmed("reference_hourly_cost")  # a parent of an unconfirmed one


def test_derived_figures_are_not_shown_as_confirmed():
    # The 2026 PSU floor is computed by us from the circular's rule (RSA less the housing
    # allowance), not read in a publication: the page must not present it as confirmed.
    floor = load_table("psu_resources").at(date(2026, 1, 1))
    assert floor.status == "derived"
    assert not floor.is_confirmed("floor")


def _close_open_period(path, *, until: str) -> str:
    text = path.read_text(encoding="utf-8")
    blocks = text.split("[[periods]]")
    last = blocks[-1]
    assert "valid_until" not in last
    blocks[-1] = last.replace("status =", f"valid_until = {until}\nstatus =", 1)
    return "[[periods]]".join(blocks)


def test_adding_a_psu_period_is_a_data_change_only(data_copy):
    path = data_copy / "psu_resources.toml"
    text = _close_open_period(path, until="2026-12-31")
    text += """
[[periods]]
valid_from = 2027-01-01
status = "unconfirmed"
[periods.figures]
floor = 830.00
ceiling = 9000
[periods.source]
title = "Circulaire fictive pour le test"
reference = "Test"
url = "https://example.org/test"
consulted = 2026-11-23
"""
    path.write_text(text, encoding="utf-8")
    # 10,000 € a month: the ceiling applies, 8,500 € in 2026 then 9,000 € in 2027.
    before = psu_hourly_rate(
        on=date(2026, 12, 31),
        annual_resources=Decimal(120000),
        dependent_children=1,
        data_dir=data_copy,
    )
    after = psu_hourly_rate(
        on=date(2027, 1, 1),
        annual_resources=Decimal(120000),
        dependent_children=1,
        data_dir=data_copy,
    )
    assert before.hourly_rate == Decimal("5.26")  # 8,500 × 0.0619 % = 5.2615
    assert after.hourly_rate == Decimal("5.57")  # 9,000 × 0.0619 % = 5.571
    assert after.lines[1].figures_date == date(2027, 1, 1)
    assert not after.lines[-1].confirmed


def test_adding_a_cmg_period_is_a_data_change_only(data_copy):
    path = data_copy / "cmg_direct_employment.toml"
    text = _close_open_period(path, until="2027-03-31")
    new_period = text[text.rindex("[[periods]]") :]
    new_period = (
        new_period.replace("valid_from = 2026-04-01", "valid_from = 2027-04-01")
        .replace("valid_until = 2027-03-31\n", "")
        .replace("assistant_maternel = 4.91", "assistant_maternel = 5.00")
    )
    path.write_text(text + "\n" + new_period, encoding="utf-8")
    result = cmg_direct_employment(
        on=date(2027, 4, 1),
        mode=CareMode.ASSISTANT_MATERNEL,
        annual_resources=Decimal(36000),
        dependent_children=1,
        child_age=1,
        hours_per_month=Decimal(125),
        net_hourly_wage=Decimal("5.00"),
        data_dir=data_copy,
    )
    # 625 × (5.00 − 3,000 × 0.0619 %) ÷ 5.00 = 125 × 3.143 = 392.875
    assert result.amount == Decimal("392.88")


def test_a_figure_fixed_by_an_official_example_is_confirmed():
    # caf.fr: couple, 3,000 € a month, one child, 125 h at 4.85 € → 374 € fixes the
    # effort rate for one child with an assistant maternel (0.0619 %), not the others.
    reform = load_table("cmg_direct_employment").at(date(2025, 10, 1))
    assert reform.figure("effort_rates.assistant_maternel.0")["rate_percent"] == Decimal("0.0619")
    assert reform.is_confirmed("effort_rates.assistant_maternel.0")
    assert not reform.is_confirmed("effort_rates.assistant_maternel.1")
    assert not reform.is_confirmed("effort_rates.garde_domicile.0")
