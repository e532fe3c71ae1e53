"""Fee of a crèche financed by the PSU (national scale of family contributions).

hourly rate = monthly resources (year N-2 ÷ 12, bounded by the floor and the ceiling in
force) × effort rate by number of dependent children (Cnaf circular 2019-005).
Monthly fee of a regular contract (mensualisation) = hourly rate × hours per week × weeks
per year ÷ 12.

Rounding: the Cnaf circular does not state one; the hourly rate is rounded to the cent
(half up), as crèche managers bill it, and the monthly fee too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from .explanation import Explanation, Line, euros, hours, percent, round_cents, sourced_line
from .periods import Period, load_table
from .scales import bounded_monthly_resources, check_family, children_words, effort_rate


class Establishment(StrEnum):
    """Kinds of PSU crèches; each uses the scale the Cnaf assigns to it."""

    COLLECTIVE = "collective"
    MICRO_CRECHE = "micro_creche"
    FAMILIAL = "familial"
    PARENTAL = "parental"


# Which scale of psu_effort_rates.toml each kind of crèche uses. The micro-crèches under
# PSU were aligned on the collective scale by circular 2019-005 (the brief grouped them
# with the familial scale; the circular prevails).
SCALE_BY_ESTABLISHMENT = {
    Establishment.COLLECTIVE: "collective",
    Establishment.MICRO_CRECHE: "collective",
    Establishment.FAMILIAL: "familial",
    Establishment.PARENTAL: "familial",
}

SCALE_LABELS = {
    "collective": "barème de l'accueil collectif (crèche collective, multi-accueil, micro-crèche)",
    "familial": "barème de l'accueil familial et parental (crèche familiale ou parentale)",
}


@dataclass(frozen=True, kw_only=True)
class PsuHourlyRate:
    hourly_rate: Decimal
    monthly_resources: Decimal
    retained_resources: Decimal
    effort_rate_percent: Decimal
    lines: tuple[Line, ...]
    periods: tuple[Period, ...]


@dataclass(frozen=True, kw_only=True)
class PsuMonthlyFee:
    hourly_rate: Decimal
    monthly_hours: Decimal
    monthly_fee: Decimal
    lines: tuple[Line, ...]
    periods: tuple[Period, ...]


def _hourly_rate(
    *,
    on: date,
    annual_resources: Decimal,
    dependent_children: int,
    aeeh_children: int,
    establishment: Establishment,
    data_dir: Path | None,
    explanation: Explanation,
) -> PsuHourlyRate:
    check_family(dependent_children=dependent_children, aeeh_children=aeeh_children)
    bounds = explanation.use(load_table("psu_resources", data_dir=data_dir).at(on))
    rates = explanation.use(load_table("psu_effort_rates", data_dir=data_dir).at(on))
    resources = bounded_monthly_resources(
        annual_resources=annual_resources,
        floor=bounds.figure("floor"),
        ceiling=bounds.figure("ceiling"),
        period=bounds,
        floor_figure="floor",
        ceiling_figure="ceiling",
        explanation=explanation,
    )
    scale = SCALE_BY_ESTABLISHMENT[Establishment(establishment)]
    rate = effort_rate(
        rates.figure(scale),
        dependent_children=dependent_children,
        aeeh_children=aeeh_children,
        aeeh_rule=rates.figure("aeeh_step"),
    )
    formula = f"{SCALE_LABELS[scale]}, {children_words(dependent_children)} à charge"
    if rate.applied_index != rate.base_index:
        formula += (
            f" ; {children_words(aeeh_children)} bénéficiant de l'AEEH : le taux "
            "immédiatement inférieur s'applique" + (" autant de fois" if aeeh_children > 1 else "")
        )
    explanation.add(
        sourced_line(
            label="Votre taux d'effort horaire",
            value=percent(rate.rate_percent),
            formula=formula,
            period=rates,
            figure=scale,
            amount=rate.rate_percent,
        )
    )
    hourly = round_cents(resources.retained * rate.rate_percent / 100)
    explanation.add(
        Line(
            label="Votre tarif horaire en crèche",
            value=euros(hourly),
            formula=(
                f"{euros(resources.retained)} × {percent(rate.rate_percent)}, arrondi au centime"
            ),
            confirmed=explanation.all_confirmed,
            amount=hourly,
        )
    )
    return PsuHourlyRate(
        hourly_rate=hourly,
        monthly_resources=resources.monthly,
        retained_resources=resources.retained,
        effort_rate_percent=rate.rate_percent,
        lines=tuple(explanation.lines),
        periods=tuple(explanation.periods),
    )


def psu_hourly_rate(
    *,
    on: date,
    annual_resources: Decimal,
    dependent_children: int,
    aeeh_children: int = 0,
    establishment: Establishment = Establishment.COLLECTIVE,
    data_dir: Path | None = None,
) -> PsuHourlyRate:
    """Hourly fee a family pays in a PSU crèche on date ``on``.

    ``annual_resources``: the family's resources of year N-2 (as the Caf knows them).
    ``aeeh_children``: dependent children entitled to the AEEH (disabled children).
    """
    return _hourly_rate(
        on=on,
        annual_resources=Decimal(annual_resources),
        dependent_children=dependent_children,
        aeeh_children=aeeh_children,
        establishment=establishment,
        data_dir=data_dir,
        explanation=Explanation(),
    )


MAX_HOURS_PER_WEEK = Decimal(70)


def max_weeks(months: int) -> int:
    """Most weeks of care a contract of ``months`` months can hold (53 for a year)."""
    return -(-months * 53 // 12)


def check_schedule(*, hours_per_week: Decimal, weeks_per_year: Decimal, months: int = 12) -> None:
    """Refuse a schedule no contract can have, with a plain-French reason."""
    if not isinstance(months, int) or not 1 <= months <= 12:
        raise ValueError("la durée du contrat doit être de 1 à 12 mois")
    if not 0 < Decimal(hours_per_week) <= MAX_HOURS_PER_WEEK:
        raise ValueError("les heures de garde doivent être comprises entre 0 et 70 par semaine")
    if not 0 < Decimal(weeks_per_year) <= max_weeks(months):
        raise ValueError(
            f"un contrat de {months} mois compte de 1 à {max_weeks(months)} semaines de garde"
        )


def monthly_hours(*, hours_per_week: Decimal, weeks_per_year: Decimal, months: int = 12) -> Decimal:
    """Hours billed each month of a regular contract (mensualisation): hours per week ×
    weeks of care over the contract ÷ months of the contract (12 for a year)."""
    check_schedule(hours_per_week=hours_per_week, weeks_per_year=weeks_per_year, months=months)
    return Decimal(hours_per_week) * Decimal(weeks_per_year) / months


def psu_monthly_fee(
    *,
    on: date,
    annual_resources: Decimal,
    dependent_children: int,
    hours_per_week: Decimal,
    weeks_per_year: Decimal,
    aeeh_children: int = 0,
    establishment: Establishment = Establishment.COLLECTIVE,
    months: int = 12,
    data_dir: Path | None = None,
) -> PsuMonthlyFee:
    """Monthly fee of a regular PSU contract: hourly rate × hours per week × weeks ÷ months
    of the contract (12 for a year; a contract of 4 months spreads its weeks over 4)."""
    explanation = Explanation()
    rate = _hourly_rate(
        on=on,
        annual_resources=Decimal(annual_resources),
        dependent_children=dependent_children,
        aeeh_children=aeeh_children,
        establishment=establishment,
        data_dir=data_dir,
        explanation=explanation,
    )
    billed = monthly_hours(
        hours_per_week=Decimal(hours_per_week),
        weeks_per_year=Decimal(weeks_per_year),
        months=months,
    )
    explanation.add(
        Line(
            label="Heures facturées chaque mois",
            value=hours(billed),
            formula=(
                f"{hours(Decimal(hours_per_week))} par semaine × {weeks_per_year} semaines ÷ "
                f"{months} mois (mensualisation)"
            ),
            amount=billed,
        )
    )
    # Divide last, so that an exact half cent (e.g. 254.975) is not lost to 1/12 rounding.
    fee = round_cents(rate.hourly_rate * Decimal(hours_per_week) * Decimal(weeks_per_year) / months)
    explanation.add(
        Line(
            label="Votre participation mensuelle à la crèche",
            value=euros(fee),
            formula=f"{euros(rate.hourly_rate)} × {hours(billed)}, repas et couches compris",
            confirmed=explanation.all_confirmed,
            amount=fee,
        )
    )
    return PsuMonthlyFee(
        hourly_rate=rate.hourly_rate,
        monthly_hours=billed,
        monthly_fee=fee,
        lines=tuple(explanation.lines),
        periods=tuple(explanation.periods),
    )
