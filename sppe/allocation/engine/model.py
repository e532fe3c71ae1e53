"""Plain data classes describing one allocation round (no Django here).

Conventions:
- weekdays are integers 0 (Monday) to 4 (Friday);
- a unit's capacity counts the seats offered in this round, including the seats
  currently held by children who ask for a transfer out of that unit;
- a matching maps every child id to a unit id, or to ``None`` when not placed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

WEEKDAYS = (0, 1, 2, 3, 4)
DAY_NAMES_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
SECTION_LABELS_FR = {
    "bebes": "des bébés",
    "moyens": "des moyens",
    "grands": "des grands",
    "mixte": "mixte",
    # The single desk's age sections (sppe/dossiers/ages.py).
    "babies": "des bébés",
    "middle": "des moyens",
    "older": "des grands",
}

Matching = dict[str, str | None]


class SafetyLimitReached(RuntimeError):
    """The far wall-clock safety net of a search was reached.

    The searches stop on budgets counted in steps and in CP-SAT's deterministic time, so
    that their outcome depends on the data only. The wall-clock limit is a safety net far
    beyond those budgets: reaching it means the machine is pathologically slow, and the
    engine raises rather than return a matching that another run would not reproduce.
    """


@dataclass(frozen=True, slots=True)
class Unit:
    """A section of a crèche with a number of seats per weekday."""

    id: str
    creche_id: str
    section: str
    min_age_months: int
    max_age_months: int
    capacity: tuple[int, int, int, int, int]
    creche_name: str = ""

    def fits(self, age_months: int) -> bool:
        return self.min_age_months <= age_months <= self.max_age_months

    @property
    def label_fr(self) -> str:
        section = SECTION_LABELS_FR.get(self.section, self.section)
        return f"section {section}"


@dataclass(frozen=True, slots=True)
class Child:
    """A child applying in this round.

    ``wishes`` are crèche ids, best first. ``bonuses`` maps a crèche id to the
    extra points the territory's grid gives at that crèche (sibling already
    there, residence in the crèche's commune). ``current_unit`` is set for a
    child already enrolled who asks for a transfer: it keeps that seat unless
    it gets a crèche it ranks higher.
    """

    id: str
    family_id: str
    age_months: int
    wishes: tuple[str, ...]
    days: frozenset[int]
    points: int
    application_date: date
    bonuses: Mapping[str, int] = field(default_factory=dict)
    current_unit: str | None = None
    label: str = ""

    def score_at(self, creche_id: str) -> int:
        return self.points + self.bonuses.get(creche_id, 0)


@dataclass(frozen=True, slots=True)
class Family:
    """A family with several children in the round.

    ``together`` means "same crèche or none": the children are placed in one
    crèche (each in the section of its age) or none of them is.
    """

    id: str
    together: bool


@dataclass(frozen=True, slots=True)
class Instance:
    units: tuple[Unit, ...]
    children: tuple[Child, ...]
    families: tuple[Family, ...] = ()
    lottery_seed: str = "sppe"
    start_date: date | None = None
    creche_names: Mapping[str, str] = field(default_factory=dict)
