"""Helpers shared by the PSU scale and the CMG since September 2025: both apply an effort
rate, chosen by the number of dependent children, to monthly resources bounded by a floor
and a ceiling."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .explanation import Explanation, Line, euros, sourced_line
from .periods import Period

AEEH_PER_CHILD = "per_child"
AEEH_ONCE = "once"


MAX_CHILDREN = 20
MAX_CHILD_AGE = 17


def check_family(*, dependent_children: int, aeeh_children: int) -> None:
    """Refuse a family no Caf file can describe, with a plain-French reason."""
    if not isinstance(dependent_children, int) or dependent_children < 1:
        raise ValueError("une famille a au moins un enfant à charge")
    if dependent_children > MAX_CHILDREN:
        raise ValueError(f"le nombre d'enfants à charge ne peut pas dépasser {MAX_CHILDREN}")
    if not isinstance(aeeh_children, int) or not 0 <= aeeh_children <= dependent_children:
        raise ValueError(
            "le nombre d'enfants bénéficiant de l'AEEH va de 0 au nombre d'enfants à charge"
        )


def check_child_age(child_age: int) -> None:
    if not isinstance(child_age, int) or not 0 <= child_age <= MAX_CHILD_AGE:
        raise ValueError(f"l'âge de l'enfant, en années révolues, va de 0 à {MAX_CHILD_AGE} ans")


def bracket_index(brackets: Sequence[Any], children: int) -> int:
    """Index of the first bracket whose ``max_children`` is at least ``children``."""
    for index, bracket in enumerate(brackets):
        maximum = bracket.get("max_children")
        if maximum is None or children <= maximum:
            return index
    return len(brackets) - 1


def aeeh_steps(*, aeeh_children: int, rule: str) -> int:
    """How many brackets down the AEEH rule moves the family."""
    if aeeh_children <= 0:
        return 0
    return aeeh_children if rule == AEEH_PER_CHILD else 1


@dataclass(frozen=True, kw_only=True)
class EffortRate:
    rate_percent: Decimal
    base_index: int
    applied_index: int


def effort_rate(
    brackets: Sequence[Any], *, dependent_children: int, aeeh_children: int, aeeh_rule: str
) -> EffortRate:
    base = bracket_index(brackets, dependent_children)
    steps = aeeh_steps(aeeh_children=aeeh_children, rule=aeeh_rule)
    applied = min(base + steps, len(brackets) - 1)
    return EffortRate(
        rate_percent=brackets[applied]["rate_percent"], base_index=base, applied_index=applied
    )


def children_words(count: int) -> str:
    return "1 enfant" if count == 1 else f"{count} enfants"


@dataclass(frozen=True, kw_only=True)
class BoundedResources:
    monthly: Decimal
    retained: Decimal


def bounded_monthly_resources(
    *,
    annual_resources: Decimal,
    floor: Decimal,
    ceiling: Decimal,
    period: Period,
    floor_figure: str,
    ceiling_figure: str,
    explanation: Explanation,
) -> BoundedResources:
    """Monthly resources (annual ÷ 12) kept between the floor and the ceiling."""
    if annual_resources < 0:
        raise ValueError("les ressources annuelles ne peuvent pas être négatives")
    monthly = annual_resources / 12
    explanation.add(
        Line(
            label="Vos ressources mensuelles",
            value=euros(monthly),
            formula=f"ressources annuelles de l'année N-2 {euros(annual_resources)} ÷ 12",
            amount=monthly,
        )
    )
    if monthly < floor:
        retained, reason = floor, f"inférieures au plancher de {euros(floor)} : le plancher"
        figure = floor_figure
    elif monthly > ceiling:
        retained, reason = ceiling, f"supérieures au plafond de {euros(ceiling)} : le plafond"
        figure = ceiling_figure
    else:
        retained = monthly
        reason = f"comprises entre le plancher ({euros(floor)}) et le plafond ({euros(ceiling)})"
        # Both bounds were compared: the line is confirmed only if both are.
        figure = floor_figure if not period.is_confirmed(floor_figure) else ceiling_figure
    explanation.add(
        sourced_line(
            label="Vos ressources mensuelles retenues",
            value=euros(retained),
            formula=f"ressources {reason}" + (" est retenu" if retained != monthly else ""),
            period=period,
            figure=figure,
            amount=retained,
        )
    )
    return BoundedResources(monthly=monthly, retained=retained)
