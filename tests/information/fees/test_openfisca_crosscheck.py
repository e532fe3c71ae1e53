"""Cross-check against OpenFisca-France, the rules-as-code engine of the French
administration's simulators, on generated family situations.

Compared where OpenFisca models the rule:
- the CMG before 1 September 2025 (``paje_cmg``, monthly maximum by income bracket and age)
  for a directly employed carer, and the CMG "structure" for a micro-crèche, which keeps
  those brackets today;
- the tax credit for childcare outside the home (``ci_gardenf``).

Not compared: the CMG reform of 1 September 2025, which OpenFisca does not model yet (its
CMG parameters were last checked in January 2025), the PSU crèche fee (not a benefit, so not
in OpenFisca), and the single-parent increase of the CMG ceilings (absent from OpenFisca's
formula). OpenFisca compares resources to the first ceiling with a strict "<" where the
code says "au plus égaux": generated resources are never exactly on a ceiling.

OpenFisca cannot be installed next to this project's pins (it requires gunicorn < 22 and
pytest < 9): the module is skipped when it is absent. See docs/adr/0003-fee-simulator.md.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from sppe.information.fees import (
    CareMode,
    childcare_tax_credit,
    cmg_direct_employment,
    cmg_structure_micro_creche,
)

openfisca_france = pytest.importorskip(
    "openfisca_france",
    reason="openfisca-france is not installed (it conflicts with the project's pins of "
    "gunicorn and pytest; install it in a separate environment to run the cross-check)",
)
simulation_builder = pytest.importorskip("openfisca_core.simulation_builder")

SITUATIONS_PER_PERIOD = 60
TOLERANCE = Decimal("0.006")  # we round to the cent, OpenFisca does not round


@pytest.fixture(scope="module")
def tax_benefit_system():
    # Loading the whole French system takes seconds: once for the module.
    return openfisca_france.FranceTaxBenefitSystem()


def _birth_date(*, month_start: date, age: int) -> str:
    # Mid-year birthdays keep the age away from OpenFisca's and our boundaries.
    return (month_start.replace(year=month_start.year - age) - timedelta(days=120)).isoformat()


def _generate_families(seed: int, month_start: date):
    rng = random.Random(seed)
    families = []
    for index in range(SITUATIONS_PER_PERIOD):
        families.append(
            {
                "index": index,
                "young_child_age": rng.randint(0, 5),
                "older_children": rng.randint(0, 3),
                "resources": Decimal(rng.randint(300_000, 9_000_000)) / 100,
                "structure": index % 2 == 1,
            }
        )
    return families


def _openfisca_cmg(tax_benefit_system, *, month: str, families):
    month_start = date.fromisoformat(month + "-01")
    individus, familles, foyers, menages = {}, {}, {}, {}
    for family in families:
        i = family["index"]
        parents = [f"parent_a_{i}", f"parent_b_{i}"]
        children = [f"child_{i}_0"] + [
            f"child_{i}_{rank}" for rank in range(1, family["older_children"] + 1)
        ]
        for parent in parents:
            individus[parent] = {"date_naissance": {"ETERNITY": "1990-03-15"}}
        individus[children[0]] = {
            "date_naissance": {
                "ETERNITY": _birth_date(month_start=month_start, age=family["young_child_age"])
            }
        }
        for rank, child in enumerate(children[1:], start=1):
            individus[child] = {
                "date_naissance": {
                    "ETERNITY": _birth_date(month_start=month_start, age=7 + 2 * rank)
                }
            }
        familles[f"famille_{i}"] = {
            "parents": parents,
            "enfants": children,
            "empl_dir": {month: not family["structure"]},
            # A micro-crèche is an "établissement d'accueil de jeunes enfants": OpenFisca's
            # gar_dom scale (D. 531-23, III, 2°: 208.53 %, 179.76 %, 151 %). This check
            # used ass_mat (III, 1°: an association or company employing assistants
            # maternels), the same mistake as our data, so it agreed with an understated
            # micro-crèche CMG.
            "ass_mat": {month: False},
            "gar_dom": {month: family["structure"]},
            "prestations_familiales_base_ressources": {month: float(family["resources"])},
        }
        foyers[f"foyer_{i}"] = {"declarants": parents, "personnes_a_charge": children}
        menages[f"menage_{i}"] = {
            "personne_de_reference": parents[:1],
            "conjoint": parents[1:],
            "enfants": children,
        }
    simulation = simulation_builder.SimulationBuilder().build_from_entities(
        tax_benefit_system,
        {
            "individus": individus,
            "familles": familles,
            "foyers_fiscaux": foyers,
            "menages": menages,
        },
    )
    return simulation.calculate("paje_cmg", month)


def _our_cmg_maximum(*, on: date, family) -> Decimal:
    common = {
        "on": on,
        "annual_resources": family["resources"],
        "dependent_children": 1 + family["older_children"],
        "child_age": family["young_child_age"],
    }
    if family["structure"]:
        result = cmg_structure_micro_creche(
            hours_per_month=Decimal(100), hourly_price=Decimal(5), **common
        )
    else:
        result = cmg_direct_employment(
            mode=CareMode.ASSISTANT_MATERNEL,
            hours_per_month=Decimal(100),
            net_hourly_wage=Decimal(5),
            **common,
        )
    return result.maximum_amount


@pytest.mark.parametrize(
    "month",
    [
        "2024-06",  # 2024 ceilings, BMAF of April 2024
        "2025-02",  # 2025 ceilings, BMAF of April 2024
        "2025-06",  # 2025 ceilings, BMAF of April 2025
        "2025-08",  # last month of the former rules for direct employment
    ],
)
def test_cmg_before_the_reform_matches_openfisca(tax_benefit_system, month):
    on = date.fromisoformat(month + "-01")
    families = _generate_families(seed=int(month.replace("-", "")), month_start=on)
    theirs = _openfisca_cmg(tax_benefit_system, month=month, families=families)
    for family, their_amount in zip(families, theirs, strict=True):
        ours = _our_cmg_maximum(on=on, family=family)
        assert abs(ours - Decimal(str(float(their_amount)))) <= TOLERANCE, (month, family)


@pytest.mark.parametrize("month", ["2025-10", "2026-06"])
def test_cmg_structure_after_the_reform_matches_openfisca(tax_benefit_system, month):
    on = date.fromisoformat(month + "-01")
    families = [
        {**family, "structure": True}
        for family in _generate_families(seed=int(month.replace("-", "")), month_start=on)
    ]
    theirs = _openfisca_cmg(tax_benefit_system, month=month, families=families)
    for family, their_amount in zip(families, theirs, strict=True):
        ours = _our_cmg_maximum(on=on, family=family)
        assert abs(ours - Decimal(str(float(their_amount)))) <= TOLERANCE, (month, family)


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_childcare_tax_credit_matches_openfisca(tax_benefit_system, year):
    rng = random.Random(year)
    # The tax return boxes (7GA...) take whole euros, as OpenFisca does.
    expenses = [Decimal(rng.randint(0, 8_000)) for _ in range(SITUATIONS_PER_PERIOD)]
    individus, foyers = {}, {}
    for index, amount in enumerate(expenses):
        individus[f"declarant_{index}"] = {"date_naissance": {"ETERNITY": "1990-03-15"}}
        foyers[f"foyer_{index}"] = {
            "declarants": [f"declarant_{index}"],
            "f7ga": {str(year): float(amount)},
        }
    simulation = simulation_builder.SimulationBuilder().build_from_entities(
        tax_benefit_system, {"individus": individus, "foyers_fiscaux": foyers}
    )
    theirs = simulation.calculate("ci_gardenf", str(year))
    for amount, their_credit in zip(expenses, theirs, strict=True):
        ours = childcare_tax_credit(
            on=date(year, 6, 1), annual_expenses=amount, child_age_on_january_1=2
        ).annual_credit
        assert abs(ours - Decimal(str(float(their_credit)))) <= TOLERANCE, (year, amount)
