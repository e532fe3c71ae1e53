"""Explanation lines: how a result was computed, in plain French, with its sources.

The web pages render these lines as they are; the French text is written for families,
not for administrators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .periods import Period

CENT = Decimal("0.01")
NBSP = "\u00a0"


def round_cents(amount: Decimal) -> Decimal:
    """Round to the cent, half up, as amounts are shown on a bill."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _group_thousands(integer_part: str) -> str:
    groups = []
    while len(integer_part) > 3:
        groups.insert(0, integer_part[-3:])
        integer_part = integer_part[:-3]
    groups.insert(0, integer_part)
    return NBSP.join(groups)


def french_number(value: Decimal, *, places: int = 2) -> str:
    """``Decimal("1234.5")`` → ``"1 234,50"`` (non-breaking spaces between thousands)."""
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):.{places}f}"
    integer_part, _, decimals = text.partition(".")
    grouped = _group_thousands(integer_part)
    return f"{sign}{grouped},{decimals}" if places else f"{sign}{grouped}"


def euros(value: Decimal) -> str:
    return f"{french_number(value)}{NBSP}€"


def percent(value: Decimal) -> str:
    """A rate given in percent, with its significant decimals: ``0.0619`` → ``0,0619 %``."""
    text = format(value.normalize(), "f")
    return f"{text.replace('.', ',')}{NBSP}%"


def hours(value: Decimal) -> str:
    return f"{french_number(value)}{NBSP}h"


@dataclass(frozen=True, kw_only=True)
class Line:
    """One step of a computation.

    ``label`` says what the step is ("Vos ressources mensuelles retenues"), ``formula`` how
    it was obtained, ``value`` the formatted result. ``source`` and ``figures_date`` name the
    legal text and the start of the period the figures come from; ``confirmed`` is False
    when a figure was not read in an official source (the page shows a warning).
    """

    label: str
    value: str
    formula: str = ""
    source: str = ""
    source_url: str = ""
    figures_date: date | None = None
    confirmed: bool = True
    amount: Decimal | None = None

    def as_text(self) -> str:
        parts = [f"{self.label} : {self.value}"]
        if self.formula:
            parts.append(f"({self.formula})")
        if self.source:
            dated = f", barème du {self.figures_date:%d/%m/%Y}" if self.figures_date else ""
            parts.append(f"[{self.source}{dated}]")
        if not self.confirmed:
            parts.append("— chiffre à confirmer")
        return " ".join(parts)


def sourced_line(
    *,
    label: str,
    value: str,
    period: Period,
    figure: str,
    formula: str = "",
    amount: Decimal | None = None,
) -> Line:
    """A line whose value rests on a figure of ``period``."""
    return Line(
        label=label,
        value=value,
        formula=formula,
        source=period.source.reference,
        source_url=period.source.url,
        figures_date=period.valid_from,
        confirmed=period.is_confirmed(figure),
        amount=amount,
    )


@dataclass(kw_only=True)
class Explanation:
    """Lines gathered while computing, and the periods whose figures were used."""

    lines: list[Line] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)

    def add(self, line: Line) -> None:
        self.lines.append(line)

    def use(self, period: Period) -> Period:
        if period not in self.periods:
            self.periods.append(period)
        return period

    def extend(self, other: Explanation) -> None:
        self.lines.extend(other.lines)
        for period in other.periods:
            self.use(period)

    @property
    def all_confirmed(self) -> bool:
        return all(line.confirmed for line in self.lines)
