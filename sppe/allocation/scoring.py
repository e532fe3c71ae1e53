"""The points of a dossier under a published grid: pure Python, no Django.

The grid is the territory's (criteria and points are data); this module only says how
each rule reads the facts of a dossier, line by line, so that the family, the members
and anyone checking the published data find the same total.

Two legal guard rails are built in and cannot be switched off:
- "Parents en activité" is counted as met for a family of three or more children when
  a child will be two or older at the start date: holding it against such a family is
  unlawful (Défenseur des droits, décision 2021-237).
- A criterion of the family's situation (disability, single parent, insertion…) can
  only add points: only a declined offer may cost points (`check_grid`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SITUATION_RULES = (
    "single_parent",
    "parents_active",
    "job_seeking",
    "insertion",
    "social_support",
    "parent_disability",
    "child_disability",
    "multiple_birth",
    "large_family",
)
CRECHE_RULES = ("same_commune", "sibling_there")
HISTORY_RULES = ("seniority", "declined_offer")
ALL_RULES = SITUATION_RULES + CRECHE_RULES + HISTORY_RULES
ACTIVE = frozenset({"employed", "self_employed", "training"})
LARGE_FAMILY_CHILDREN = 3
EXEMPTION_AGE_MONTHS = 24


@dataclass(frozen=True)
class CriterionSpec:
    rule: str
    points: int
    label: str
    needs_agent: bool = False


@dataclass(frozen=True)
class Facts:
    """What a grid may read of a dossier, as verified by the desk."""

    single_parent: bool
    activities: tuple[str, ...]  # one per parent living with the child
    situations: frozenset[str] = frozenset()
    dependent_children: int = 1
    commune: str = ""  # INSEE code of the household's commune
    sibling_creches: frozenset[str] = frozenset()
    oldest_child_months: int = 0  # at the start date
    sessions_passed: int = 0  # earlier commissions that studied it without a place
    declined_offers: int = 0  # suitable offers declined or left unanswered
    confirmed: frozenset[str] = frozenset()  # rules an agent confirmed on this dossier


@dataclass(frozen=True)
class Line:
    rule: str
    label: str
    points: int
    times: int = 1
    note: str = ""

    @property
    def total(self) -> int:
        return self.points * self.times


@dataclass(frozen=True)
class Score:
    lines: tuple[Line, ...]
    # crèche id -> its extra lines (residence in its commune, sibling there)
    bonuses: dict[str, tuple[Line, ...]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines)

    def bonus_at(self, creche: str) -> int:
        return sum(line.total for line in self.bonuses.get(creche, ()))

    def to_dict(self) -> dict:
        def lines(items):
            return [
                {
                    "rule": x.rule,
                    "label": x.label,
                    "points": x.points,
                    "times": x.times,
                    "note": x.note,
                }
                for x in items
            ]

        return {
            "lines": lines(self.lines),
            "total": self.total,
            "bonuses": {creche: lines(items) for creche, items in sorted(self.bonuses.items())},
        }


class GridError(ValueError):
    """A grid that cannot be published; the message is plain French."""


def check_grid(criteria: list[CriterionSpec]) -> list[str]:
    """Raise GridError for an unlawful or malformed grid; return the notes to publish."""
    seen = set()
    notes = []
    for criterion in criteria:
        if criterion.rule not in ALL_RULES:
            raise GridError(f"Règle inconnue : {criterion.rule}.")
        if criterion.rule in seen:
            raise GridError(f"Le critère « {criterion.label} » apparaît deux fois.")
        seen.add(criterion.rule)
        if criterion.rule != "declined_offer" and criterion.points < 0:
            raise GridError(
                f"Le critère « {criterion.label} » ne peut pas retirer de points : la situation "
                "d'une famille ne peut jouer que pour elle. Seul le refus d'une place adaptée "
                "peut coûter des points."
            )
        if criterion.rule == "declined_offer" and criterion.points > 0:
            raise GridError("Le refus d'une place ne peut pas rapporter de points.")
        if criterion.rule == "parents_active" and criterion.points > 0:
            notes.append(
                "« Parents en activité » est compté d'office aux familles de trois enfants ou "
                "plus pour un enfant de deux ans ou plus (Défenseur des droits, décision "
                "2021-237)."
            )
    return notes


def _situation_met(rule: str, facts: Facts) -> tuple[bool, str]:
    active = [a in ACTIVE for a in facts.activities]
    if rule == "single_parent":
        return facts.single_parent, ""
    if rule == "parents_active":
        if active and all(active):
            return True, ""
        large = facts.dependent_children >= LARGE_FAMILY_CHILDREN
        if large and facts.oldest_child_months >= EXEMPTION_AGE_MONTHS:
            return True, "compté d'office : famille de trois enfants ou plus"
        return False, ""
    if rule == "job_seeking":
        return "job_seeking" in facts.activities, ""
    if rule == "insertion":
        return bool({"minimum_income", "social_support"} & facts.situations), ""
    if rule == "large_family":
        return facts.dependent_children >= LARGE_FAMILY_CHILDREN, ""
    return rule in facts.situations, ""


def score(facts: Facts, criteria: list[CriterionSpec]) -> Score:
    """The dossier's lines under `criteria` (a criterion needing an agent's confirmation
    counts once confirmed), and its crèche-specific bonuses."""
    lines: list[Line] = []
    bonuses: dict[str, list[Line]] = {}
    for criterion in criteria:
        if criterion.needs_agent and criterion.rule not in facts.confirmed:
            continue
        rule = criterion.rule
        if rule in SITUATION_RULES:
            met, note = _situation_met(rule, facts)
            if met:
                lines.append(Line(rule, criterion.label, criterion.points, note=note))
        elif rule == "seniority" and facts.sessions_passed:
            lines.append(Line(rule, criterion.label, criterion.points, facts.sessions_passed))
        elif rule == "declined_offer" and facts.declined_offers:
            lines.append(Line(rule, criterion.label, criterion.points, facts.declined_offers))
        elif rule == "sibling_there":
            for creche in sorted(facts.sibling_creches):
                bonuses.setdefault(creche, []).append(Line(rule, criterion.label, criterion.points))
    return Score(tuple(lines), {k: tuple(v) for k, v in bonuses.items()})


def with_commune_bonus(
    base: Score, criteria: list[CriterionSpec], facts: Facts, creche_communes: dict[str, str]
) -> Score:
    """Add "lives in the crèche's commune" at each wished crèche of the family's commune."""
    found = next((c for c in criteria if c.rule == "same_commune"), None)
    if found is None or (found.needs_agent and "same_commune" not in facts.confirmed):
        return base
    bonuses = {k: list(v) for k, v in base.bonuses.items()}
    for creche, commune in sorted(creche_communes.items()):
        if commune == facts.commune:
            bonuses.setdefault(creche, []).append(Line("same_commune", found.label, found.points))
    return Score(base.lines, {k: tuple(v) for k, v in bonuses.items()})
