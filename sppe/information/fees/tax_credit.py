"""Income-tax credits on childcare costs.

- Outside the home (crèche, assistant maternel, micro-crèche), article 200 quater B CGI:
  50 % of the expenses net of the CMG, within a ceiling per child under 6 on 1 January of
  the tax year. Cross-checked against OpenFisca-France (``ci_gardenf``).
- Employment at home (home carer), article 199 sexdecies CGI: 50 % of the expenses net of
  the CMG, within 12,000 € + 1,500 € per dependent child (at most 15,000 €; 15,000 € +
  1,500 € up to 18,000 € the first year of employment).

Amounts are annual, as on the tax return; the comparison divides them by 12.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from .explanation import Explanation, Line, euros, percent, round_cents, sourced_line
from .periods import Period, load_table


@dataclass(frozen=True, kw_only=True)
class TaxCreditResult:
    eligible: bool
    annual_credit: Decimal
    retained_expenses: Decimal
    lines: tuple[Line, ...]
    periods: tuple[Period, ...]

    @property
    def monthly_credit(self) -> Decimal:
        return round_cents(self.annual_credit / 12)


def _net_expenses(
    *, annual_expenses: Decimal, annual_cmg: Decimal, explanation: Explanation
) -> Decimal:
    if annual_expenses < 0 or annual_cmg < 0:
        raise ValueError("les dépenses et le CMG ne peuvent pas être négatifs")
    net = max(Decimal(0), annual_expenses - annual_cmg)
    explanation.add(
        Line(
            label="Dépenses de garde de l'année, aides déduites",
            value=euros(net),
            formula=f"{euros(annual_expenses)} payés − {euros(annual_cmg)} de CMG reçus",
            amount=net,
        )
    )
    return net


def _result(explanation: Explanation, **values) -> TaxCreditResult:
    return TaxCreditResult(
        lines=tuple(explanation.lines), periods=tuple(explanation.periods), **values
    )


def childcare_tax_credit(
    *,
    on: date,
    annual_expenses: Decimal,
    child_age_on_january_1: int,
    annual_cmg: Decimal = Decimal(0),
    alternating_residence: bool = False,
    data_dir: Path | None = None,
) -> TaxCreditResult:
    """Credit for one child looked after outside the home, for the tax year of ``on``.

    ``annual_expenses`` are the sums paid for that child during the year (meals excluded);
    ``annual_cmg`` the CMG received for them.
    """
    explanation = Explanation()
    period = explanation.use(load_table("tax_credit_outside_home", data_dir=data_dir).at(on))
    age_limit = period.figure("age_limit")
    if child_age_on_january_1 >= age_limit:
        explanation.add(
            sourced_line(
                label="Pas de crédit d'impôt pour frais de garde hors du domicile",
                value=euros(Decimal(0)),
                formula=f"réservé aux enfants de moins de {age_limit} ans au 1er janvier",
                period=period,
                figure="age_limit",
            )
        )
        return _result(
            explanation, eligible=False, annual_credit=Decimal("0.00"), retained_expenses=Decimal(0)
        )
    net = _net_expenses(
        annual_expenses=Decimal(annual_expenses),
        annual_cmg=Decimal(annual_cmg),
        explanation=explanation,
    )
    ceiling = period.figure("ceiling_per_child")
    ceiling_text = f"plafond de {euros(ceiling)} par enfant"
    if alternating_residence:
        ceiling = ceiling / 2
        ceiling_text = f"plafond réduit de moitié en résidence alternée : {euros(ceiling)}"
    retained = min(net, ceiling)
    explanation.add(
        sourced_line(
            label="Dépenses retenues",
            value=euros(retained),
            formula=ceiling_text,
            period=period,
            figure="ceiling_per_child",
            amount=retained,
        )
    )
    rate = period.figure("rate_percent")
    credit = round_cents(retained * rate / 100)
    explanation.add(
        sourced_line(
            label="Votre crédit d'impôt pour frais de garde",
            value=euros(credit),
            formula=f"{percent(rate)} de {euros(retained)}, par an",
            period=period,
            figure="rate_percent",
            amount=credit,
        )
    )
    return _result(explanation, eligible=True, annual_credit=credit, retained_expenses=retained)


def home_employment_tax_credit(
    *,
    on: date,
    annual_expenses: Decimal,
    dependent_children: int,
    annual_cmg: Decimal = Decimal(0),
    first_year: bool = False,
    alternating_children: int = 0,
    data_dir: Path | None = None,
) -> TaxCreditResult:
    """Credit for employing a carer at home (article 199 sexdecies CGI).

    ``alternating_children``: dependent children in alternating residence, for whom the
    increase of the ceiling is halved."""
    if not 0 <= alternating_children <= dependent_children:
        raise ValueError("les enfants en résidence alternée font partie des enfants à charge")
    explanation = Explanation()
    period = explanation.use(load_table("tax_credit_home_employment", data_dir=data_dir).at(on))
    net = _net_expenses(
        annual_expenses=Decimal(annual_expenses),
        annual_cmg=Decimal(annual_cmg),
        explanation=explanation,
    )
    prefix = "first_year_" if first_year else ""
    base = period.figure(prefix + "base_ceiling")
    maximum = period.figure(prefix + "max_ceiling")
    increase = (dependent_children - alternating_children) * period.figure(
        "increase_per_child"
    ) + alternating_children * period.figure("increase_per_child_alternating")
    ceiling = min(maximum, base + increase)
    retained = min(net, ceiling)
    explanation.add(
        sourced_line(
            label="Dépenses retenues",
            value=euros(retained),
            formula=(
                f"plafond de {euros(base)} majoré par enfant à charge, au plus {euros(maximum)}"
                f" : {euros(ceiling)}"
            ),
            period=period,
            figure="increase_per_child_alternating" if alternating_children else "base_ceiling",
            amount=retained,
        )
    )
    rate = period.figure("rate_percent")
    credit = round_cents(retained * rate / 100)
    explanation.add(
        sourced_line(
            label="Votre crédit d'impôt pour l'emploi à domicile",
            value=euros(credit),
            formula=f"{percent(rate)} de {euros(retained)}, par an",
            period=period,
            figure="rate_percent",
            amount=credit,
        )
    )
    return _result(explanation, eligible=True, annual_credit=credit, retained_expenses=retained)
