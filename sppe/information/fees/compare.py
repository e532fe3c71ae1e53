"""Net monthly cost of each mode of care for one family situation.

For each mode: what the family pays each month, minus the CMG, minus the tax credit spread
over twelve months. Every result keeps the lines of its computation with their sources.

The care starts on the date ``on`` (the September intake, say) and lasts
``contract_months`` months: the figures in force at the start apply, the monthly hours are
the weeks of care of the contract spread over its months (mensualisation), and the tax
credit is computed for each calendar year the contract covers (its ceiling is annual),
then spread over the months of care.

Garde partagée: two families employ the same home carer for their children together; each
pays its share of the wage for the hours of care, and each receives its own CMG and its own
tax credit, computed on its own resources (``shared_home_care``).

Simplifications, said to families in ``ModeCost.notes``: the same weekly hours and weeks
are used for every mode; the child's age on 1 January is taken equal to its age at the
start; the social contributions of a home carer are not estimated here (the Urssaf
simulator gives them) and are counted only when provided.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from .cmg import CareMode, cmg_direct_employment, cmg_structure_micro_creche
from .explanation import Explanation, Line, euros, hours, percent, round_cents
from .periods import Period
from .psu import Establishment, check_schedule, monthly_hours, psu_monthly_fee
from .scales import check_child_age, check_family
from .tax_credit import TaxCreditResult, childcare_tax_credit, home_employment_tax_credit


class Mode(StrEnum):
    CRECHE_PSU = "creche_psu"
    MICRO_CRECHE_PAJE = "micro_creche_paje"
    ASSISTANT_MATERNEL = "assistant_maternel"
    GARDE_DOMICILE = "garde_domicile"
    GARDE_PARTAGEE = "garde_partagee"


MODE_TITLES = {
    Mode.CRECHE_PSU: "Crèche au tarif de la Caf (PSU)",
    Mode.MICRO_CRECHE_PAJE: "Micro-crèche à tarif libre (PAJE)",
    Mode.ASSISTANT_MATERNEL: "Assistant maternel",
    Mode.GARDE_DOMICILE: "Garde d'enfants à domicile",
    Mode.GARDE_PARTAGEE: "Garde partagée entre deux familles",
}


class InvalidSituation(ValueError):
    """A family situation no Caf file can describe (age -1, 200 hours a week...)."""


@dataclass(frozen=True, kw_only=True)
class FamilySituation:
    """What the family tells the simulator.

    ``annual_resources``: resources of year N-2 as the Caf knows them (revenu net
    catégoriel). ``child_age``: age of the child to look after at the start of the care, in
    completed years. ``weeks_per_year``: weeks of care over the contract, which lasts
    ``contract_months`` months (12 for a year). ``alternating_residence``: the child lives
    half of the time with each parent. An absurd situation raises ``InvalidSituation``.
    """

    annual_resources: Decimal
    dependent_children: int
    child_age: int
    hours_per_week: Decimal
    weeks_per_year: Decimal
    aeeh_children: int = 0
    single_parent: bool = False
    contract_months: int = 12
    alternating_residence: bool = False

    def __post_init__(self):
        try:
            if Decimal(self.annual_resources) < 0:
                raise ValueError("les ressources annuelles ne peuvent pas être négatives")
            check_family(
                dependent_children=self.dependent_children, aeeh_children=self.aeeh_children
            )
            check_child_age(self.child_age)
            check_schedule(
                hours_per_week=Decimal(self.hours_per_week),
                weeks_per_year=Decimal(self.weeks_per_year),
                months=self.contract_months,
            )
        except ValueError as error:
            raise InvalidSituation(str(error)) from error


@dataclass(frozen=True, kw_only=True)
class CarePrices:
    """Local prices of the modes that have no national scale. A mode whose price is
    missing is left out of the comparison (with the reason).

    ``am_maintenance_per_month`` and ``am_meals_per_month`` are kept apart: meals are not
    childcare expenses for the tax credit. ``shared_home_care_percent``: the family's share
    of a home carer's wage in a garde partagée (50 when two families split equally); the
    shared mode is compared when it and ``gad_net_hourly_wage`` are given.
    """

    psu_establishment: Establishment = Establishment.COLLECTIVE
    micro_creche_hourly_price: Decimal | None = None
    am_net_hourly_wage: Decimal | None = None
    am_maintenance_per_month: Decimal = Decimal(0)
    am_meals_per_month: Decimal = Decimal(0)
    gad_net_hourly_wage: Decimal | None = None
    gad_contributions_per_month: Decimal | None = None
    gad_first_year: bool = False
    shared_home_care_percent: Decimal | None = None


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


def contract_years(on: date, months: int) -> tuple[tuple[date, int], ...]:
    """(first day counted, months of care) for each calendar year a contract covers.

    A contract of 12 months from 1 September: 4 months in the first year, 8 in the next.
    """
    first = min(months, 13 - on.month)
    chunks = [(on, first)]
    if months > first:
        chunks.append((date(on.year + 1, 1, 1), months - first))
    return tuple(chunks)


@dataclass(frozen=True, kw_only=True)
class _Credits:
    results: tuple[TaxCreditResult, ...]
    total: Decimal
    months: int

    @property
    def monthly(self) -> Decimal:
        return round_cents(self.total / self.months)


def _credits_over_contract(*, situation: FamilySituation, on: date, compute) -> _Credits:
    """The tax credit of each calendar year of the contract; ``compute(day, months,
    first_year)`` returns the credit of one year for that many months of care."""
    results = tuple(
        compute(day, months, index == 0)
        for index, (day, months) in enumerate(contract_years(on, situation.contract_months))
    )
    return _Credits(
        results=results,
        total=sum((result.annual_credit for result in results), Decimal("0.00")),
        months=situation.contract_months,
    )


def _summary(
    *,
    mode: Mode,
    explanation: Explanation,
    price: Decimal,
    cmg: Decimal,
    credits: _Credits,
    notes: list[str],
) -> ModeCost:
    for result in credits.results:
        explanation.extend(_as_explanation(result))
    monthly_credit = credits.monthly
    net = price - cmg - monthly_credit
    years = "" if len(credits.results) == 1 else " (sur deux années civiles)"
    explanation.add(
        Line(
            label="Crédit d'impôt ramené au mois",
            value=euros(monthly_credit),
            formula=f"{euros(credits.total)}{years} ÷ {credits.months} mois de garde (versé "
            "l'année suivante, avec un acompte en janvier)",
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


def _outside_home_credits(situation, on, data_dir, *, expenses, aid) -> _Credits:
    """Credit for childcare outside the home, year by year: expenses net of the CMG."""

    def compute(day, months, _first_year):
        return childcare_tax_credit(
            on=day,
            annual_expenses=expenses * months,
            annual_cmg=aid * months,
            child_age_on_january_1=situation.child_age,
            alternating_residence=situation.alternating_residence,
            data_dir=data_dir,
        )

    return _credits_over_contract(situation=situation, on=on, compute=compute)


def _creche_psu(situation, prices, on, data_dir) -> ModeCost:
    fee = psu_monthly_fee(
        on=on,
        annual_resources=situation.annual_resources,
        dependent_children=situation.dependent_children,
        aeeh_children=situation.aeeh_children,
        establishment=prices.psu_establishment,
        hours_per_week=situation.hours_per_week,
        weeks_per_year=situation.weeks_per_year,
        months=situation.contract_months,
        data_dir=data_dir,
    )
    credits = _outside_home_credits(
        situation, on, data_dir, expenses=fee.monthly_fee, aid=Decimal(0)
    )
    return _summary(
        mode=Mode.CRECHE_PSU,
        explanation=_as_explanation(fee),
        price=fee.monthly_fee,
        cmg=Decimal("0.00"),
        credits=credits,
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
    credits = _outside_home_credits(
        situation, on, data_dir, expenses=cmg.monthly_cost, aid=cmg.amount
    )
    return _summary(
        mode=Mode.MICRO_CRECHE_PAJE,
        explanation=_as_explanation(cmg),
        price=cmg.monthly_cost,
        cmg=cmg.amount,
        credits=credits,
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
    if meals:
        notes.append(
            "Les frais de repas ne comptent pas dans les dépenses ouvrant droit au crédit d'impôt."
        )
    # Meals do not count as childcare expenses for the tax credit (BOFiP).
    credits = _outside_home_credits(
        situation, on, data_dir, expenses=cmg.monthly_cost - meals, aid=cmg.amount
    )
    return _summary(
        mode=Mode.ASSISTANT_MATERNEL,
        explanation=_as_explanation(cmg),
        price=cmg.monthly_cost,
        cmg=cmg.amount,
        credits=credits,
        notes=notes,
    )


def _check_share(share: Decimal) -> Decimal:
    share = Decimal(share)
    if not 0 < share <= 100:
        raise InvalidSituation("la part du salaire payée par une famille va de 1 à 100 %")
    return share


def _home_care(situation, prices, on, data_dir, billed, *, share=Decimal(100)) -> ModeCost:
    """A home carer employed by the family alone (share 100 %) or with another family
    (garde partagée): the family pays ``share`` % of the wage for the hours of care, and
    receives its own CMG and tax credit on what it pays."""
    share = _check_share(share)
    shared = share < 100
    wage = Decimal(prices.gad_net_hourly_wage) * share / 100
    cmg = cmg_direct_employment(
        on=on,
        mode=CareMode.GARDE_DOMICILE,
        annual_resources=situation.annual_resources,
        dependent_children=situation.dependent_children,
        aeeh_children=situation.aeeh_children,
        single_parent=situation.single_parent,
        child_age=situation.child_age,
        hours_per_month=billed,
        net_hourly_wage=wage,
        data_dir=data_dir,
    )
    explanation = _as_explanation(cmg)
    if shared:
        explanation.lines.insert(
            0,
            Line(
                label="Votre part du salaire de la garde partagée",
                value=euros(round_cents(wage)),
                formula=f"{euros(Decimal(prices.gad_net_hourly_wage))} net de l'heure × "
                f"{percent(share)} payés par votre famille",
                amount=wage,
            ),
        )
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
        contributions = round_cents(Decimal(contributions) * share / 100)
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

    def compute(day, months, first_year):
        return home_employment_tax_credit(
            on=day,
            annual_expenses=price * months,
            annual_cmg=aid * months,
            dependent_children=situation.dependent_children,
            alternating_children=1 if situation.alternating_residence else 0,
            first_year=prices.gad_first_year and first_year,
            data_dir=data_dir,
        )

    credits = _credits_over_contract(situation=situation, on=on, compute=compute)
    if shared:
        notes.append(
            "Garde partagée : chaque famille emploie la garde pour ses heures et paie sa "
            "part du salaire ; chacune reçoit son propre CMG et son propre crédit d'impôt, "
            "selon ses ressources."
        )
    return _summary(
        mode=Mode.GARDE_PARTAGEE if shared else Mode.GARDE_DOMICILE,
        explanation=explanation,
        price=price,
        cmg=aid,
        credits=credits,
        notes=notes,
    )


def _billed(situation: FamilySituation) -> Decimal:
    return monthly_hours(
        hours_per_week=Decimal(situation.hours_per_week),
        weeks_per_year=Decimal(situation.weeks_per_year),
        months=situation.contract_months,
    )


def shared_home_care(
    *,
    families: Sequence[tuple[FamilySituation, Decimal]],
    prices: CarePrices,
    on: date,
    data_dir: Path | None = None,
) -> tuple[ModeCost, ...]:
    """Garde partagée: the cost, CMG and tax credit of each family sharing a home carer.

    ``families``: (situation, share of the wage in percent) for each family; the shares
    add up to 100. Each family's CMG and tax credit depend on its own resources.
    """
    if len(families) != 2:
        raise InvalidSituation("une garde partagée réunit deux familles")
    if sum(Decimal(share) for _situation, share in families) != 100:
        raise InvalidSituation("les parts du salaire des deux familles font 100 %")
    if prices.gad_net_hourly_wage is None:
        raise InvalidSituation("le salaire horaire de la garde est nécessaire")
    return tuple(
        _home_care(situation, prices, on, data_dir, _billed(situation), share=share)
        for situation, share in families
    )


def compare_modes(
    *,
    situation: FamilySituation,
    prices: CarePrices,
    on: date,
    data_dir: Path | None = None,
) -> Comparison:
    """Net monthly cost of each mode of care for ``situation``, the care starting on ``on``
    (the figures in force that day apply), cheapest first. Modes without a known local
    price are listed in ``skipped``."""
    billed = _billed(situation)
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
        costs.append(_home_care(situation, prices, on, data_dir, billed))
        if prices.shared_home_care_percent is not None:
            costs.append(
                _home_care(
                    situation, prices, on, data_dir, billed, share=prices.shared_home_care_percent
                )
            )
    costs.sort(key=lambda cost: cost.net_monthly_cost)
    return Comparison(on=on, situation=situation, costs=tuple(costs), skipped=tuple(skipped))


def describe_hours(situation: FamilySituation) -> Line:
    """The line that states the hours every mode is compared on."""
    billed = _billed(situation)
    return Line(
        label="Heures de garde par mois, pour tous les modes",
        value=hours(billed),
        formula=f"{hours(Decimal(situation.hours_per_week))} par semaine × "
        f"{situation.weeks_per_year} semaines ÷ {situation.contract_months} mois",
        amount=billed,
    )
