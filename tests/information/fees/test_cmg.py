"""CMG. Expected values computed by hand from article D. 531-18 CSS (décret n° 2025-515),
the caf.fr worked example, the former bracket rules (BMAF percentages, 85 % cap, CRDS) and
the figures of the data files."""

from datetime import date
from decimal import Decimal

import pytest

from sppe.information.fees import CareMode, cmg_direct_employment, cmg_structure_micro_creche
from sppe.information.fees.cmg import PREVIOUS_RULES, REFORM_RULES
from sppe.information.fees.periods import load_table

AM = CareMode.ASSISTANT_MATERNEL
GAD = CareMode.GARDE_DOMICILE
REFORM_DAY = date(2025, 10, 1)


def cmg(
    *,
    on=REFORM_DAY,
    mode=AM,
    annual=36000,
    children=1,
    age=1,
    hours=125,
    wage="4.85",
    aeeh=0,
    single=False,
    **extra,
):
    return cmg_direct_employment(
        on=on,
        mode=mode,
        annual_resources=Decimal(annual),
        dependent_children=children,
        child_age=age,
        hours_per_month=Decimal(hours),
        net_hourly_wage=Decimal(wage),
        aeeh_children=aeeh,
        single_parent=single,
        **extra,
    )


# --- rules since 1 September 2025 -------------------------------------------------------


def test_official_caf_example_since_the_reform():
    # caf.fr: couple, 3,000 € a month, one child, 125 h at 4.85 € → CMG of 374 €.
    # 606.25 × (4.85 − 3,000 × 0.0619 %) ÷ 4.85 = 125 × 2.993 = 374.125
    result = cmg()
    assert result.rules == REFORM_RULES
    assert result.amount == Decimal("374.13")
    assert result.contributions_coverage_percent == Decimal(100)


def test_change_of_rules_on_1_september_2025():
    before = cmg(on=date(2025, 8, 31))
    # Bracket 2 (23,903 < 36,000 ≤ 53,119): 71.91 % × 474.37 = 341.12 ; 85 % of 606.25 =
    # 515.31 ; the smaller, less 0.5 % CRDS = 339.41 (caf.fr: "339 €" before the reform).
    assert before.rules == PREVIOUS_RULES
    assert before.maximum_amount == Decimal("341.12")
    assert before.amount == Decimal("339.41")
    assert cmg(on=date(2025, 9, 1)).amount == Decimal("374.13")


def test_revaluation_on_1_april_2026():
    assert cmg(on=date(2026, 3, 31)).amount == Decimal("374.13")
    # 606.25 × (4.91 − 1.857) ÷ 4.91 = 376.9616
    assert cmg(on=date(2026, 4, 1)).amount == Decimal("376.96")


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        (1, "374.13"),
        (2, "412.75"),  # 125 × (4.85 − 3,000 × 0.0516 %) = 125 × 3.302
        (3, "451.38"),  # 125 × (4.85 − 1.239) = 451.375
        (4, "490.00"),  # 125 × (4.85 − 0.93)
        (8, "529.00"),  # 125 × (4.85 − 0.618)
    ],
)
def test_effort_rate_by_number_of_children(children, expected):
    assert cmg(children=children).amount == Decimal(expected)


def test_aeeh_moves_the_family_one_rate_down_once():
    assert cmg(children=1, aeeh=1).amount == Decimal("412.75")  # rate of 2 children
    # Two disabled children: still one step only (caf.fr), unlike the PSU scale.
    assert cmg(children=2, aeeh=2).amount == Decimal("451.38")


def test_hourly_wage_cap_for_an_assistant_maternel():
    # 9 € × 100 h = 900 € > 8 € × 100 h: 800 € retained; 800 × 2.993 ÷ 4.85 = 493.69
    over = cmg(hours=100, wage="9.00")
    assert over.amount == Decimal("493.69")
    # Contributions covered pro rata: 800 ÷ 900.
    assert over.contributions_coverage_percent.quantize(Decimal("0.01")) == Decimal("88.89")
    at_cap = cmg(hours=100, wage="8.00")
    assert at_cap.amount == Decimal("493.69")
    assert at_cap.contributions_coverage_percent == Decimal(100)
    assert "la part au-delà du plafond" in over.lines[1].formula


def test_allowances_count_in_the_cost_and_under_the_cap():
    # 4 € × 100 h + 100 € maintenance + 100 € meals = 600 €, i.e. 6 € an hour < 8 €.
    result = cmg(
        hours=100, wage="4.00", maintenance_per_month=Decimal(100), meals_per_month=Decimal(100)
    )
    assert result.monthly_cost == Decimal("600.00")
    # 600 × 2.993 ÷ 4.85 = 370.268
    assert result.amount == Decimal("370.27")


def test_resources_floor_and_ceiling_of_the_reform():
    # 500 € a month → floor 814.62 €: 100 × (4.85 − 0.50424978) = 434.575
    assert cmg(annual=6000, hours=100).amount == Decimal("434.58")
    # 10,000 € a month → ceiling 8,500 €: 8,500 × 0.0619 % = 5.2615 > 4.85 → no CMG on the
    # pay, but the contributions are still covered.
    high = cmg(annual=120000)
    assert high.eligible and high.amount == Decimal("0.00")
    assert high.contributions_coverage_percent == Decimal(100)


def test_home_carer_since_the_reform():
    # 12 € × 150 h = 1,800 €; 4,000 € a month × 0.1238 % = 4.952;
    # 1,800 × (10.38 − 4.952) ÷ 10.38 = 941.27
    result = cmg(mode=GAD, annual=48000, hours=150, wage="12.00")
    assert result.amount == Decimal("941.27")
    assert result.contributions_coverage_percent == Decimal(50)


def test_hourly_wage_cap_for_a_home_carer():
    # 16 € × 100 h = 1,600 € > 15 € × 100 h: 1,500 × 5.428 ÷ 10.38 = 784.39
    assert cmg(mode=GAD, annual=48000, hours=100, wage="16.00").amount == Decimal("784.39")


def test_home_carer_gets_no_maintenance_allowance():
    with pytest.raises(ValueError, match="ne concernent qu.un assistant maternel"):
        cmg(mode=GAD, maintenance_per_month=Decimal(50))


def test_age_limit_six_or_twelve_for_a_single_parent():
    assert not cmg(age=6).eligible
    assert cmg(age=6, single=True).eligible
    assert cmg(age=11, single=True).amount > 0
    assert not cmg(age=12, single=True).eligible


def test_reform_explanation_lines():
    result = cmg()
    labels = [line.label for line in result.lines]
    assert labels[-2] == "Votre CMG emploi direct"
    assert "Coût horaire de référence" in labels
    reference = next(line for line in result.lines if line.label == "Coût horaire de référence")
    assert reference.value == "4,85\u00a0€"
    assert reference.confirmed  # read in the caf.fr official example
    assert reference.figures_date == date(2025, 9, 1)
    assert "2025-515" in reference.source
    # The result rests on figures still to confirm (resources floor and ceiling).
    assert not result.lines[-2].confirmed


# --- rules before 1 September 2025 ------------------------------------------------------

BEFORE = date(2025, 6, 1)


def test_previous_rules_first_bracket_capped_at_85_percent():
    result = cmg(on=BEFORE, annual=20000)
    assert result.bracket == 1
    assert result.maximum_amount == Decimal("540.97")  # 114.04 % × 474.37 = 540.9715
    # 85 % × 606.25 = 515.31 < 540.97 ; less 0.5 % CRDS = 512.73
    assert result.amount == Decimal("512.73")


def test_previous_rules_bracket_boundaries_are_inclusive():
    assert cmg(on=BEFORE, annual=23903).bracket == 1
    assert cmg(on=BEFORE, annual=23904).bracket == 2
    assert cmg(on=BEFORE, annual=53119).bracket == 2
    assert cmg(on=BEFORE, annual=53120).bracket == 3
    assert cmg(on=BEFORE, annual=60000).maximum_amount == Decimal("204.64")  # 43.14 %


def test_previous_rules_ceilings_by_number_of_children_and_single_parent():
    assert cmg(on=BEFORE, annual=27295, children=2).bracket == 1
    assert cmg(on=BEFORE, annual=27296, children=2).bracket == 2
    assert cmg(on=BEFORE, annual=30687, children=3).bracket == 1  # 27,295 + 3,392
    assert cmg(on=BEFORE, annual=68199, children=3).bracket == 2  # 60,659 + 7,540
    assert cmg(on=BEFORE, annual=30000).bracket == 2
    assert cmg(on=BEFORE, annual=30000, single=True).bracket == 1  # 23,903 × 1.4


def test_previous_rules_halved_from_three_to_six():
    assert cmg(on=BEFORE, age=4).maximum_amount == Decimal("170.56")  # 341.1195 ÷ 2
    assert not cmg(on=BEFORE, age=6).eligible


def test_previous_rules_bmaf_changes_on_1_april():
    assert cmg(on=date(2025, 3, 31), annual=60000).maximum_amount == Decimal("201.22")
    assert cmg(on=date(2025, 4, 1), annual=60000).maximum_amount == Decimal("204.64")


# --- CMG "structure" for a PAJE micro-crèche -------------------------------------------


def micro(*, price="9.50", hours=150, annual=36000, age=1, on=date(2026, 11, 23), **extra):
    return cmg_structure_micro_creche(
        on=on,
        annual_resources=Decimal(annual),
        dependent_children=1,
        child_age=age,
        hours_per_month=Decimal(hours),
        hourly_price=Decimal(price),
        **extra,
    )


def test_micro_creche_structure_amount():
    result = micro()
    # A micro-crèche is an "établissement d'accueil de jeunes enfants": article D. 531-23,
    # III, 2° (208.53 %, 179.76 %, 151 % of the BMAF), not III, 1° (172.57 %, 143.81 %,
    # 115.05 %, for an association or company employing assistants maternels).
    # Bracket 2 of 2026 (24,333 < 36,000 ≤ 54,075): 179.76 % × 478.16 = 859.5404 ;
    # 85 % × 1,425 = 1,211.25 ; less 0.5 % CRDS: 859.54 × 0.995 = 855.2423
    assert result.bracket == 2
    assert result.maximum_amount == Decimal("859.54")
    assert result.amount == Decimal("855.24")


@pytest.mark.parametrize(
    ("annual", "bracket", "maximum"),
    [
        (20000, 1, "997.11"),  # 208.53 % × 478.16 = 997.107048
        (60000, 3, "722.02"),  # 151 % × 478.16 = 722.0216
    ],
)
def test_micro_creche_structure_brackets_of_iii_2(annual, bracket, maximum):
    result = micro(annual=annual)
    assert result.bracket == bracket
    assert result.maximum_amount == Decimal(maximum)


def test_micro_creche_structure_matches_the_caf_amounts_of_april_2024():
    # Caf, 1 April 2024 to 31 March 2025, micro-crèche, child under 3: 967.81 €, 834.28 €,
    # 700.80 € net of CRDS. 466.44 × 208.53 % = 972.67 × 0.995 = 967.81, etc.
    for annual, published in ((20000, "967.81"), (36000, "834.28"), (80000, "700.80")):
        result = micro(annual=annual, on=date(2024, 6, 1), hours=200, price="9.99")
        assert result.amount == Decimal(published), annual


def test_micro_creche_keeps_the_bracket_rules_after_the_reform():
    before = micro(on=date(2025, 8, 31))
    after = micro(on=date(2025, 9, 1))
    assert before.maximum_amount == after.maximum_amount == Decimal("852.73")  # 179.76 % × 474.37


def test_micro_creche_conditions():
    assert micro(price="10.00").eligible
    assert not micro(price="10.01").eligible
    assert not micro(hours=15).eligible
    assert micro(hours=16).eligible
    assert not micro(age=6).eligible
    assert micro(age=3).maximum_amount == Decimal("429.77")  # 859.5404 ÷ 2


def test_micro_creche_single_parent_uplift():
    # Ceilings × 1.4: 24,333 × 1.4 = 34,066.20 < 36,000 ≤ 75,705 → bracket 2; maximum
    # 859.5404 × 1.3 = 1,117.40 ; 85 % × 1,425 = 1,211.25 ; less CRDS: 1,111.81
    result = micro(single_parent=True)
    assert result.bracket == 2
    assert result.maximum_amount == Decimal("1117.40")
    assert result.amount == Decimal("1111.81")
    assert "majoré de 30" in result.lines[2].formula


def test_previous_rules_single_parent_uplift_of_the_maximum():
    # 2025-06, 30,000 € ≤ 23,903 × 1.4 = 33,464.20 → bracket 1: 114.04 % × 474.37 =
    # 540.9715, × 1.3 = 703.26 ; 200 h × 4.85 = 970 €, 85 % = 824.50 ; less CRDS: 699.74
    result = cmg(on=BEFORE, annual=30000, single=True, hours=200)
    assert result.bracket == 1
    assert result.maximum_amount == Decimal("703.26")
    assert result.amount == Decimal("699.74")
    # Before 1 October 2018 the maximum was not raised (only the ceilings).
    rules = load_table("cmg_previous_rules")
    assert rules.at(date(2018, 9, 30)).figure("single_parent_maximum_increase_percent") == 0
    assert rules.at(date(2018, 10, 1)).figure("single_parent_maximum_increase_percent") == 30


def test_micro_creche_85_percent_cap():
    # 20 h at 9.50 € = 190 €: 85 % = 161.50 €, less CRDS = 160.69 €
    assert micro(hours=20).amount == Decimal("160.69")
