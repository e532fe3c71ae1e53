"""Complément de libre choix du mode de garde (CMG), paid by the Caf through Pajemploi.

Three rule sets, each chosen by the date from the data files:

- "emploi direct" (an assistant maternel or a home carer employed by the family) since
  1 September 2025 (décret n° 2025-515 du 30 mai 2025, article D. 531-18 CSS):
  CMG = coût mensuel retenu × (1 − ressources mensuelles × taux d'effort ÷ coût horaire de
  référence), the cost being capped per hour. OpenFisca-France does not model this reform
  yet (its CMG parameters were last checked in January 2025): this module is the only
  implementation the project has, and its tests use hand-computed values.
- "emploi direct" before 1 September 2025: a monthly amount by income bracket (three
  brackets, halved for a child aged 3 to 6), at most 85 % of the net wage and maintenance
  allowances. Cross-checked against OpenFisca-France (``paje_cmg``).
- "structure" for a PAJE micro-crèche: the bracket amounts of article D. 531-23, unchanged by
  the reform, at most 85 % of the price paid.

Not modelled: the PreParE at a partial rate (halved ceilings), the AAH increase (+30 %),
the transitional "complément différentiel", shared care between two families, the daily
wage cap of the former rules (five hourly Smic per day and child).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from .explanation import Explanation, Line, euros, hours, percent, round_cents, sourced_line
from .periods import Period, load_table
from .scales import (
    bounded_monthly_resources,
    check_child_age,
    check_family,
    children_words,
    effort_rate,
)


class CareMode(StrEnum):
    ASSISTANT_MATERNEL = "assistant_maternel"
    GARDE_DOMICILE = "garde_domicile"


MODE_LABELS = {
    CareMode.ASSISTANT_MATERNEL: "un assistant maternel",
    CareMode.GARDE_DOMICILE: "une garde d'enfants à domicile",
}

# 70 hours a week over 53 weeks, spread over 12 months: no contract bills more.
MAX_HOURS_PER_MONTH = Decimal(310)

REFORM_RULES = "since_2025_09"
PREVIOUS_RULES = "before_2025_09"
STRUCTURE_RULES = "structure"


@dataclass(frozen=True, kw_only=True)
class CmgResult:
    """A monthly CMG and how it was computed.

    ``amount`` is the CMG on the pay or price (the "rémunération" part).
    ``contributions_coverage_percent`` is the share of the employer's social contributions
    the CMG also pays (None for a micro-crèche, which bills no contributions).
    ``maximum_amount`` and ``bracket`` exist under the bracket rules only.
    """

    eligible: bool
    amount: Decimal
    monthly_cost: Decimal
    rules: str
    lines: tuple[Line, ...]
    periods: tuple[Period, ...]
    contributions_coverage_percent: Decimal | None = None
    maximum_amount: Decimal | None = None
    bracket: int | None = None


def _result(explanation: Explanation, **values) -> CmgResult:
    return CmgResult(lines=tuple(explanation.lines), periods=tuple(explanation.periods), **values)


def _not_eligible(
    explanation: Explanation, *, reason: str, monthly_cost: Decimal, rules: str
) -> CmgResult:
    explanation.add(Line(label="Pas de CMG", value=euros(Decimal(0)), formula=reason))
    return _result(
        explanation, eligible=False, amount=Decimal("0.00"), monthly_cost=monthly_cost, rules=rules
    )


def _direct_monthly_cost(
    *,
    mode: CareMode,
    hours_per_month: Decimal,
    net_hourly_wage: Decimal,
    maintenance_per_month: Decimal,
    meals_per_month: Decimal,
    explanation: Explanation,
) -> tuple[Decimal, Decimal]:
    """(net wage of the month, wage + allowances) with the lines that show them."""
    if not 0 < hours_per_month <= MAX_HOURS_PER_MONTH or net_hourly_wage <= 0:
        raise ValueError(
            "les heures du mois (au plus 310) et le salaire horaire doivent être positifs"
        )
    if maintenance_per_month < 0 or meals_per_month < 0:
        raise ValueError("les indemnités d'entretien et de repas ne peuvent pas être négatives")
    if mode == CareMode.GARDE_DOMICILE and (maintenance_per_month or meals_per_month):
        raise ValueError(
            "les indemnités d'entretien et de repas ne concernent qu'un assistant maternel"
        )
    wage = round_cents(net_hourly_wage * hours_per_month)
    explanation.add(
        Line(
            label="Salaire net du mois",
            value=euros(wage),
            formula=f"{euros(net_hourly_wage)} net de l'heure × {hours(hours_per_month)}",
            amount=wage,
        )
    )
    allowances = maintenance_per_month + meals_per_month
    if allowances:
        explanation.add(
            Line(
                label="Indemnités d'entretien et frais de repas du mois",
                value=euros(allowances),
                formula=(
                    f"entretien {euros(maintenance_per_month)} + repas {euros(meals_per_month)}"
                ),
                amount=allowances,
            )
        )
    return wage, wage + allowances


def _reform_cmg(
    *,
    period: Period,
    mode: CareMode,
    annual_resources: Decimal,
    dependent_children: int,
    aeeh_children: int,
    single_parent: bool,
    child_age: int,
    hours_per_month: Decimal,
    monthly_cost: Decimal,
    explanation: Explanation,
) -> CmgResult:
    age_limit = period.figure("single_parent_age_limit" if single_parent else "age_limit")
    if child_age >= age_limit:
        reason = f"le CMG emploi direct est versé jusqu'aux {age_limit} ans de l'enfant"
        if not single_parent:
            reason += f" ({period.figure('single_parent_age_limit')} ans pour un parent seul)"
        return _not_eligible(
            explanation, reason=reason, monthly_cost=monthly_cost, rules=REFORM_RULES
        )

    cap = period.figure(f"hourly_cap.{mode}")
    capped_cost = round_cents(cap * hours_per_month)
    hourly_cost = monthly_cost / hours_per_month
    retained = min(monthly_cost, capped_cost)
    explanation.add(
        sourced_line(
            label="Coût de la garde retenu pour le CMG",
            value=euros(retained),
            formula=(
                f"coût moyen de {euros(hourly_cost)} de l'heure, plafonné à {euros(cap)} de "
                f"l'heure pour {MODE_LABELS[mode]}"
                + (
                    f" : {euros(cap)} × {hours(hours_per_month)} ; la part au-delà du plafond "
                    "reste entièrement à votre charge"
                    if retained < monthly_cost
                    else ""
                )
            ),
            period=period,
            figure=f"hourly_cap.{mode}",
            amount=retained,
        )
    )
    resources = bounded_monthly_resources(
        annual_resources=annual_resources,
        floor=period.figure("resources_floor"),
        ceiling=period.figure("resources_ceiling"),
        period=period,
        floor_figure="resources_floor",
        ceiling_figure="resources_ceiling",
        explanation=explanation,
    )
    rate = effort_rate(
        period.figure(f"effort_rates.{mode}"),
        dependent_children=dependent_children,
        aeeh_children=aeeh_children,
        aeeh_rule=period.figure("aeeh_step"),
    )
    formula = f"{children_words(dependent_children)} à charge, pour {MODE_LABELS[mode]}"
    if rate.applied_index != rate.base_index:
        formula += " ; enfant bénéficiant de l'AEEH : le taux immédiatement inférieur s'applique"
    explanation.add(
        sourced_line(
            label="Votre taux d'effort",
            value=percent(rate.rate_percent),
            formula=formula,
            period=period,
            figure=f"effort_rates.{mode}.{rate.applied_index}",
            amount=rate.rate_percent,
        )
    )
    reference = period.figure(f"reference_hourly_cost.{mode}")
    explanation.add(
        sourced_line(
            label="Coût horaire de référence",
            value=euros(reference),
            formula="fixé nationalement, revalorisé chaque année",
            period=period,
            figure=f"reference_hourly_cost.{mode}",
            amount=reference,
        )
    )
    # retained × (1 − R × rate ÷ reference), written so that Decimal divides last: the
    # official example (125 h at the reference cost) then lands exactly on its half cent.
    hourly_effort = resources.retained * rate.rate_percent / 100
    covered = max(Decimal(0), reference - hourly_effort)
    amount = round_cents(retained * covered / reference)
    explanation.add(
        Line(
            label="Votre CMG emploi direct",
            value=euros(amount),
            formula=(
                f"{euros(retained)} × (1 − {euros(resources.retained)} × "
                f"{percent(rate.rate_percent)} ÷ {euros(reference)})"
                + (" : votre participation dépasse le coût de référence" if not covered else "")
            ),
            source=period.source.reference,
            source_url=period.source.url,
            figures_date=period.valid_from,
            # The amount is only as sure as the figures it was computed from.
            confirmed=explanation.all_confirmed,
            amount=amount,
        )
    )
    coverage = period.figure(f"contributions_coverage_percent.{mode}")
    if mode == CareMode.ASSISTANT_MATERNEL and monthly_cost > capped_cost:
        # D. 531-17: above the hourly cap, the contributions are covered pro rata.
        coverage = coverage * capped_cost / monthly_cost
    explanation.add(
        sourced_line(
            label="Cotisations sociales prises en charge par le CMG",
            value=percent(round_cents(coverage)),
            formula=_coverage_formula(mode, capped=monthly_cost > capped_cost),
            period=period,
            figure=f"contributions_coverage_percent.{mode}",
            amount=coverage,
        )
    )
    return _result(
        explanation,
        eligible=True,
        amount=amount,
        monthly_cost=monthly_cost,
        rules=REFORM_RULES,
        contributions_coverage_percent=coverage,
    )


def _coverage_formula(mode: CareMode, *, capped: bool) -> str:
    if mode == CareMode.GARDE_DOMICILE:
        return "la moitié des cotisations, dans la limite d'un plafond mensuel"
    if capped:
        return "au prorata de la part du coût sous le plafond horaire"
    return "toutes les cotisations, car le coût horaire ne dépasse pas le plafond"


def _income_ceilings(
    period: Period, *, dependent_children: int, single_parent: bool
) -> tuple[Decimal, Decimal]:
    def ceiling(which: str) -> Decimal:
        if dependent_children == 1:
            value = period.figure(f"{which}.one_child")
        else:
            value = period.figure(f"{which}.two_children") + (
                dependent_children - 2
            ) * period.figure(f"{which}.per_extra_child")
        if single_parent:
            value = value * (100 + period.figure("single_parent_increase_percent")) / 100
        return value

    return ceiling("first"), ceiling("second")


def _bracket_maximum(
    *,
    on: date,
    scale: str,
    annual_resources: Decimal,
    dependent_children: int,
    single_parent: bool,
    child_age: int,
    rules: Period,
    data_dir: Path | None,
    explanation: Explanation,
) -> tuple[int, Decimal]:
    """(bracket, monthly maximum) of the bracket rules for ``scale``."""
    ceilings = explanation.use(load_table("cmg_income_ceilings", data_dir=data_dir).at(on))
    bmaf = explanation.use(load_table("bmaf", data_dir=data_dir).at(on))
    first, second = _income_ceilings(
        ceilings, dependent_children=dependent_children, single_parent=single_parent
    )
    bracket = 1 if annual_resources <= first else 2 if annual_resources <= second else 3
    who = children_words(dependent_children) + (", parent seul" if single_parent else "")
    explanation.add(
        sourced_line(
            label="Votre tranche de revenus",
            value=f"tranche {bracket} sur 3",
            formula=(
                f"ressources annuelles {euros(annual_resources)} comparées aux plafonds "
                f"{euros(first)} et {euros(second)} ({who})"
            ),
            period=ceilings,
            figure="first",
        )
    )
    share = rules.figure(f"{scale}.bracket_{bracket}_percent")
    base = bmaf.figure("bmaf")
    formula = f"{percent(share)} de la base mensuelle des allocations familiales ({euros(base)})"
    maximum = base * share / 100
    if child_age >= rules.figure("age_full_rate_limit"):
        reduction = rules.figure("age_reduction_percent")
        maximum = maximum * reduction / 100
        formula += f", réduit à {percent(reduction)} pour un enfant de 3 à 6 ans"
    figures = [(bmaf, "bmaf"), (rules, f"{scale}.bracket_{bracket}_percent")]
    uplift = rules.figure("single_parent_maximum_increase_percent")
    if single_parent and uplift:
        # Former D. 531-18 and D. 531-23: the maxima are raised for a parent living alone
        # (gardes from 1 October 2018), on top of the 40 % raise of the income ceilings.
        maximum = maximum * (100 + uplift) / 100
        formula += f", majoré de {percent(uplift)} pour un parent qui vit seul"
        figures.append((rules, "single_parent_maximum_increase_percent"))
    maximum = round_cents(maximum)
    explanation.add(
        Line(
            label="Montant maximal du CMG",
            value=euros(maximum),
            formula=formula,
            source=bmaf.source.reference,
            source_url=bmaf.source.url,
            figures_date=bmaf.valid_from,
            confirmed=all(period.is_confirmed(figure) for period, figure in figures),
            amount=maximum,
        )
    )
    explanation.add(
        Line(
            label="Barème appliqué",
            value=f"{percent(share)} de la BMAF",
            source=rules.source.reference,
            source_url=rules.source.url,
            figures_date=rules.valid_from,
        )
    )
    return bracket, maximum


def _capped_at_share(
    *, maximum: Decimal, base_cost: Decimal, rules: Period, what: str, explanation: Explanation
) -> Decimal:
    share = rules.figure("max_share_of_cost_percent")
    limit = round_cents(base_cost * share / 100)
    gross = min(maximum, limit)
    explanation.add(
        sourced_line(
            label="CMG avant CRDS",
            value=euros(gross),
            formula=(
                f"le plus petit du montant maximal ({euros(maximum)}) et de {percent(share)} "
                f"{what} ({euros(limit)}) : au moins {percent(100 - share)} reste à votre charge"
            ),
            period=rules,
            figure="max_share_of_cost_percent",
            amount=gross,
        )
    )
    crds = rules.figure("crds_percent")
    amount = round_cents(gross * (100 - crds) / 100)
    explanation.add(
        sourced_line(
            label="Votre CMG",
            value=euros(amount),
            formula=f"{euros(gross)} moins la CRDS de {percent(crds)}",
            period=rules,
            figure="crds_percent",
            amount=amount,
        )
    )
    return amount


def _previous_cmg(
    *,
    on: date,
    mode: CareMode,
    annual_resources: Decimal,
    dependent_children: int,
    single_parent: bool,
    child_age: int,
    wage: Decimal,
    maintenance_per_month: Decimal,
    monthly_cost: Decimal,
    data_dir: Path | None,
    explanation: Explanation,
) -> CmgResult:
    rules = explanation.use(load_table("cmg_previous_rules", data_dir=data_dir).at(on))
    age_limit = rules.figure("age_limit")
    if child_age >= age_limit:
        return _not_eligible(
            explanation,
            reason=f"le CMG est versé jusqu'aux {age_limit} ans de l'enfant",
            monthly_cost=monthly_cost,
            rules=PREVIOUS_RULES,
        )
    bracket, maximum = _bracket_maximum(
        on=on,
        scale="direct_employment",
        annual_resources=annual_resources,
        dependent_children=dependent_children,
        single_parent=single_parent,
        child_age=child_age,
        rules=rules,
        data_dir=data_dir,
        explanation=explanation,
    )
    amount = _capped_at_share(
        maximum=maximum,
        base_cost=wage + maintenance_per_month,
        rules=rules,
        what="du salaire net et des indemnités d'entretien",
        explanation=explanation,
    )
    coverage = rules.figure(f"contributions_coverage_percent.{mode}")
    explanation.add(
        sourced_line(
            label="Cotisations sociales prises en charge par le CMG",
            value=percent(coverage),
            formula=_coverage_formula(mode, capped=False),
            period=rules,
            figure=f"contributions_coverage_percent.{mode}",
            amount=coverage,
        )
    )
    return _result(
        explanation,
        eligible=True,
        amount=amount,
        monthly_cost=monthly_cost,
        rules=PREVIOUS_RULES,
        contributions_coverage_percent=coverage,
        maximum_amount=maximum,
        bracket=bracket,
    )


def cmg_direct_employment(
    *,
    on: date,
    mode: CareMode,
    annual_resources: Decimal,
    dependent_children: int,
    child_age: int,
    hours_per_month: Decimal,
    net_hourly_wage: Decimal,
    aeeh_children: int = 0,
    single_parent: bool = False,
    maintenance_per_month: Decimal = Decimal(0),
    meals_per_month: Decimal = Decimal(0),
    data_dir: Path | None = None,
) -> CmgResult:
    """Monthly CMG for an assistant maternel or a home carer employed by the family.

    The rules in force on ``on`` apply: the reformed formula from 1 September 2025 (as long
    as ``cmg_direct_employment.toml`` has a period covering the date), the bracket rules
    before. ``child_age`` is the age of the child looked after, in completed years.
    ``maintenance_per_month`` and ``meals_per_month`` are the allowances paid to an
    assistant maternel.
    """
    check_family(dependent_children=dependent_children, aeeh_children=aeeh_children)
    check_child_age(child_age)
    mode = CareMode(mode)
    explanation = Explanation()
    hours_per_month = Decimal(hours_per_month)
    maintenance = Decimal(maintenance_per_month)
    wage, monthly_cost = _direct_monthly_cost(
        mode=mode,
        hours_per_month=hours_per_month,
        net_hourly_wage=Decimal(net_hourly_wage),
        maintenance_per_month=maintenance,
        meals_per_month=Decimal(meals_per_month),
        explanation=explanation,
    )
    reform = load_table("cmg_direct_employment", data_dir=data_dir).find(on)
    if reform is not None:
        return _reform_cmg(
            period=explanation.use(reform),
            mode=mode,
            annual_resources=Decimal(annual_resources),
            dependent_children=dependent_children,
            aeeh_children=aeeh_children,
            single_parent=single_parent,
            child_age=child_age,
            hours_per_month=hours_per_month,
            monthly_cost=monthly_cost,
            explanation=explanation,
        )
    return _previous_cmg(
        on=on,
        mode=mode,
        annual_resources=Decimal(annual_resources),
        dependent_children=dependent_children,
        single_parent=single_parent,
        child_age=child_age,
        wage=wage,
        maintenance_per_month=maintenance,
        monthly_cost=monthly_cost,
        data_dir=data_dir,
        explanation=explanation,
    )


def cmg_structure_micro_creche(
    *,
    on: date,
    annual_resources: Decimal,
    dependent_children: int,
    child_age: int,
    hours_per_month: Decimal,
    hourly_price: Decimal,
    single_parent: bool = False,
    data_dir: Path | None = None,
) -> CmgResult:
    """Monthly CMG "structure" for a child in a micro-crèche financed by the PAJE."""
    check_family(dependent_children=dependent_children, aeeh_children=0)
    check_child_age(child_age)
    hours_per_month = Decimal(hours_per_month)
    hourly_price = Decimal(hourly_price)
    if not 0 < hours_per_month <= MAX_HOURS_PER_MONTH or hourly_price <= 0:
        raise ValueError(
            "les heures du mois (au plus 310) et le prix horaire doivent être positifs"
        )
    explanation = Explanation()
    rules = explanation.use(load_table("cmg_previous_rules", data_dir=data_dir).at(on))
    cost = round_cents(hourly_price * hours_per_month)
    explanation.add(
        Line(
            label="Prix mensuel de la micro-crèche",
            value=euros(cost),
            formula=f"{euros(hourly_price)} de l'heure × {hours(hours_per_month)}",
            amount=cost,
        )
    )
    price_cap = rules.figure("structure_hourly_price_cap")
    min_hours = rules.figure("structure_min_hours_per_month")
    age_limit = rules.figure("age_limit")
    reason = ""
    if child_age >= age_limit:
        reason = f"le CMG est versé jusqu'aux {age_limit} ans de l'enfant"
    elif hours_per_month < min_hours:
        reason = f"l'enfant doit être accueilli au moins {hours(min_hours)} dans le mois"
    elif hourly_price > price_cap:
        reason = (
            f"le prix horaire dépasse {euros(price_cap)} : la micro-crèche n'ouvre pas droit au CMG"
        )
    if reason:
        explanation.add(
            sourced_line(
                label="Condition non remplie",
                value="CMG non dû",
                formula=reason,
                period=rules,
                figure="structure_hourly_price_cap",
            )
        )
        return _not_eligible(explanation, reason=reason, monthly_cost=cost, rules=STRUCTURE_RULES)
    bracket, maximum = _bracket_maximum(
        on=on,
        scale="structure_micro_creche",
        annual_resources=Decimal(annual_resources),
        dependent_children=dependent_children,
        single_parent=single_parent,
        child_age=child_age,
        rules=rules,
        data_dir=data_dir,
        explanation=explanation,
    )
    amount = _capped_at_share(
        maximum=maximum, base_cost=cost, rules=rules, what="du prix payé", explanation=explanation
    )
    return _result(
        explanation,
        eligible=True,
        amount=amount,
        monthly_cost=cost,
        rules=STRUCTURE_RULES,
        maximum_amount=maximum,
        bracket=bracket,
    )
