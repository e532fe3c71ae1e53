"""Net monthly cost of each mode of care for one family situation.

For each mode: what the family pays each month, minus the CMG, minus the tax credit spread
over twelve months. Every result keeps the lines of its computation with their sources.

Simplifications, said to families in ``ModeCost.notes``: the same weekly hours and weeks
per year are used for every mode (mensualisation); the child's age on 1 January is taken
equal to its age today for the tax credit; the social contributions of a home carer are
not estimated here (the Urssaf simulator gives them) and are counted only when provided.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from .cmg import CareMode, cmg_direct_employment, cmg_structure_micro_creche
from .explanation import Explanation, Line, euros, hours, round_cents
from .periods import Period
from .psu import Establishment, monthly_hours, psu_monthly_fee
from .tax_credit import TaxCreditResult, childcare_tax_credit, home_employment_tax_credit


class Mode(StrEnum):
    CRECHE_PSU = "creche_psu"
    MICRO_CRECHE_PAJE = "micro_creche_paje"
    ASSISTANT_MATERNEL = "assistant_maternel"
    GARDE_DOMICILE = "garde_domicile"


MODE_TITLES = {
    Mode.CRECHE_PSU: "Crèche au tarif de la Caf (PSU)",
    Mode.MICRO_CRECHE_PAJE: "Micro-crèche à tarif libre (PAJE)",
    Mode.ASSISTANT_MATERNEL: "Assistant maternel",
    Mode.GARDE_DOMICILE: "Garde d'enfants à domicile",
}


@dataclass(frozen=True, kw_only=True)
class FamilySituation:
    """What the family tells the simulator.

    ``annual_resources``: resources of year N-2 as the Caf knows them (revenu net
    catégoriel). ``child_age``: age of the child to look after, in completed years.
    """

    annual_resources: Decimal
    dependent_children: int
    child_age: int
    hours_per_week: Decimal
    weeks_per_year: Decimal
    aeeh_children: int = 0
    single_parent: bool = False


@dataclass(frozen=True, kw_only=True)
class CarePrices:
    """Local prices of the modes that have no national scale. A mode whose price is
    missing is left out of the comparison (with the reason)."""

    psu_establishment: Establishment = Establishment.COLLECTIVE
    micro_creche_hourly_price: Decimal | None = None
    am_net_hourly_wage: Decimal | None = None
    am_maintenance_per_month: Decimal = Decimal(0)
    am_meals_per_month: Decimal = Decimal(0)
    gad_net_hourly_wage: Decimal | None = None
    gad_contributions_per_month: Decimal | None = None
    gad_first_year: bool = False


@dataclass(frozen=True, kw_only=True)
class ModeCost:
    mode: Mode
    title: str
    monthly_price: Decimal
    monthly_cmg: Decimal
    monthly_tax_credit: Decimal
    net_monthly_cost: Decimal
    lines: tuple[Line, ...]
    periods: tuple[Period, ...]
    notes: tuple[str, ...] = ()

    @property
    def all_confirmed(self) -> bool:
        return all(line.confirmed for line in self.lines)


@dataclass(frozen=True, kw_only=True)
class Comparison:
    on: date
    situation: FamilySituation
    costs: tuple[ModeCost, ...]
    skipped: tuple[tuple[Mode, str], ...] = field(default=())

    def cost_of(self, mode: Mode) -> ModeCost | None:
        return next((cost for cost in self.costs if cost.mode == mode), None)


def _summary(
    *,
    mode: Mode,
    explanation: Explanation,
    price: Decimal,
    cmg: Decimal,
    credit: TaxCreditResult,
    notes: list[str],
) -> ModeCost:
    explanation.extend(_as_explanation(credit))
    monthly_credit = credit.monthly_credit
    net = price - cmg - monthly_credit
    explanation.add(
        Line(
            label="Crédit d'impôt ramené au mois",
            value=euros(monthly_credit),
            formula=f"{euros(credit.annual_credit)} ÷ 12 (versé l'année suivante, avec un "
            "acompte en janvier)",
            amount=monthly_credit,
        )
    )
    explanation.add(
        Line(
            label="Reste à votre charge par mois",
            value=euros(net),
            formula=f"{euros(price)} − {euros(cmg)} de CMG − {euros(monthly_credit)} de "
            "crédit d'impôt",
            amount=net,
        )
    )
    return ModeCost(
        mode=mode,
        title=MODE_TITLES[mode],
        monthly_price=price,
        monthly_cmg=cmg,
        monthly_tax_credit=monthly_credit,
        net_monthly_cost=net,
        lines=tuple(explanation.lines),
        periods=tuple(explanation.periods),
        notes=tuple(notes),
    )


def _as_explanation(result) -> Explanation:
    return Explanation(lines=list(result.lines), periods=list(result.periods))


def _creche_psu(situation, prices, on, data_dir) -> ModeCost:
    fee = psu_monthly_fee(
        on=on,
        annual_resources=situation.annual_resources,
        dependent_children=situation.dependent_children,
        aeeh_children=situation.aeeh_children,
        establishment=prices.psu_establishment,
        hours_per_week=situation.hours_per_week,
        weeks_per_year=situation.weeks_per_year,
        data_dir=data_dir,
    )
    credit = childcare_tax_credit(
        on=on,
        annual_expenses=fee.monthly_fee * 12,
        child_age_on_january_1=situation.child_age,
        data_dir=data_dir,
    )
    return _summary(
        mode=Mode.CRECHE_PSU,
        explanation=_as_explanation(fee),
        price=fee.monthly_fee,
        cmg=Decimal("0.00"),
        credit=credit,
        notes=["La Caf finance directement la crèche : vous ne recevez pas de CMG."],
    )


def _micro_creche(situation, prices, on, data_dir, billed) -> ModeCost:
    cmg = cmg_structure_micro_creche(
        on=on,
        annual_resources=situation.annual_resources,
        dependent_children=situation.dependent_children,
        single_parent=situation.single_parent,
        child_age=situation.child_age,
        hours_per_month=billed,
        hourly_price=prices.micro_creche_hourly_price,
        data_dir=data_dir,
    )
    credit = childcare_tax_credit(
        on=on,
        annual_expenses=cmg.monthly_cost * 12,
        annual_cmg=cmg.amount * 12,
        child_age_on_january_1=situation.child_age,
        data_dir=data_dir,
    )
    return _summary(
        mode=Mode.MICRO_CRECHE_PAJE,
        explanation=_as_explanation(cmg),
        price=cmg.monthly_cost,
        cmg=cmg.amount,
        credit=credit,
        notes=["Le prix horaire est celui de la micro-crèche : demandez-le lui."],
    )


def _assistant_maternel(situation, prices, on, data_dir, billed) -> ModeCost:
    maintenance = Decimal(prices.am_maintenance_per_month)
    meals = Decimal(prices.am_meals_per_month)
    cmg = cmg_direct_employment(
        on=on,
        mode=CareMode.ASSISTANT_MATERNEL,
        annual_resources=situation.annual_resources,
        dependent_children=situation.dependent_children,
        aeeh_children=situation.aeeh_children,
        single_parent=situation.single_parent,
        child_age=situation.child_age,
        hours_per_month=billed,
        net_hourly_wage=prices.am_net_hourly_wage,
        maintenance_per_month=maintenance,
        meals_per_month=meals,
        data_dir=data_dir,
    )
    notes = []
    coverage = cmg.contributions_coverage_percent
    if cmg.eligible and coverage is not None and coverage < 100:
        notes.append(
            "Le salaire dépasse le plafond horaire : une partie des cotisations sociales "
            "reste à votre charge ; elle n'est pas comptée ici."
        )
    if not cmg.eligible:
        notes.append(
            "Sans CMG, les cotisations sociales sont à votre charge ; elles ne sont "
            "pas comptées ici."
        )
    # Meals do not count as childcare expenses for the tax credit (BOFiP).
    credit = childcare_tax_credit(
        on=on,
        annual_expenses=(cmg.monthly_cost - meals) * 12,
        annual_cmg=cmg.amount * 12,
        child_age_on_january_1=situation.child_age,
        data_dir=data_dir,
    )
    return _summary(
        mode=Mode.ASSISTANT_MATERNEL,
        explanation=_as_explanation(cmg),
        price=cmg.monthly_cost,
        cmg=cmg.amount,
        credit=credit,
        notes=notes,
    )


def _garde_domicile(situation, prices, on, data_dir, billed) -> ModeCost:
    cmg = cmg_direct_employment(
        on=on,
        mode=CareMode.GARDE_DOMICILE,
        annual_resources=situation.annual_resources,
        dependent_children=situation.dependent_children,
        aeeh_children=situation.aeeh_children,
        single_parent=situation.single_parent,
        child_age=situation.child_age,
        hours_per_month=billed,
        net_hourly_wage=prices.gad_net_hourly_wage,
        data_dir=data_dir,
    )
    explanation = _as_explanation(cmg)
    notes = []
    contributions = prices.gad_contributions_per_month
    covered = Decimal("0.00")
    if contributions is None:
        contributions = Decimal("0.00")
        notes.append(
            "Les cotisations sociales de l'employeur ne sont pas comptées : le simulateur de "
            "l'Urssaf (Pajemploi) les donne ; la moitié est prise en charge par le CMG."
        )
    else:
        contributions = Decimal(contributions)
        if cmg.eligible and cmg.contributions_coverage_percent is not None:
            covered = round_cents(contributions * cmg.contributions_coverage_percent / 100)
        explanation.add(
            Line(
                label="Cotisations sociales du mois",
                value=euros(contributions),
                formula=f"dont {euros(covered)} pris en charge par le CMG (plafond mensuel "
                "de prise en charge non vérifié ici)",
                amount=contributions,
            )
        )
    price = cmg.monthly_cost + contributions
    aid = cmg.amount + covered
    credit = home_employment_tax_credit(
        on=on,
        annual_expenses=price * 12,
        annual_cmg=aid * 12,
        dependent_children=situation.dependent_children,
        first_year=prices.gad_first_year,
        data_dir=data_dir,
    )
    notes.append("Une garde partagée entre deux familles divise le coût : non simulée ici.")
    return _summary(
        mode=Mode.GARDE_DOMICILE,
        explanation=explanation,
        price=price,
        cmg=aid,
        credit=credit,
        notes=notes,
    )


def compare_modes(
    *,
    situation: FamilySituation,
    prices: CarePrices,
    on: date,
    data_dir: Path | None = None,
) -> Comparison:
    """Net monthly cost of each mode of care for ``situation`` with the rules of ``on``,
    cheapest first. Modes without a known local price are listed in ``skipped``."""
    billed = monthly_hours(
        hours_per_week=Decimal(situation.hours_per_week),
        weeks_per_year=Decimal(situation.weeks_per_year),
    )
    costs = [_creche_psu(situation, prices, on, data_dir)]
    skipped = []
    if prices.micro_creche_hourly_price is None:
        skipped.append((Mode.MICRO_CRECHE_PAJE, "prix horaire de la micro-crèche non renseigné"))
    else:
        costs.append(_micro_creche(situation, prices, on, data_dir, billed))
    if prices.am_net_hourly_wage is None:
        skipped.append(
            (Mode.ASSISTANT_MATERNEL, "salaire horaire de l'assistant maternel non renseigné")
        )
    else:
        costs.append(_assistant_maternel(situation, prices, on, data_dir, billed))
    if prices.gad_net_hourly_wage is None:
        skipped.append(
            (Mode.GARDE_DOMICILE, "salaire horaire de la garde à domicile non renseigné")
        )
    else:
        costs.append(_garde_domicile(situation, prices, on, data_dir, billed))
    costs.sort(key=lambda cost: cost.net_monthly_cost)
    return Comparison(on=on, situation=situation, costs=tuple(costs), skipped=tuple(skipped))


def describe_hours(situation: FamilySituation) -> Line:
    """The line that states the hours every mode is compared on."""
    billed = monthly_hours(
        hours_per_week=Decimal(situation.hours_per_week),
        weeks_per_year=Decimal(situation.weeks_per_year),
    )
    return Line(
        label="Heures de garde par mois, pour tous les modes",
        value=hours(billed),
        formula=f"{hours(Decimal(situation.hours_per_week))} par semaine × "
        f"{situation.weeks_per_year} semaines ÷ 12",
        amount=billed,
    )
