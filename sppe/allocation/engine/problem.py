"""Compile an :class:`Instance` into indexed, canonical arrays shared by all solvers.

Everything is sorted by id first, so the result never depends on the order of
the input lists (determinism, byte for byte).

An *agent* is what proposes: a single child, or a family whose children must be
placed together. An agent's *combos* are its acceptable outcomes, best first;
a combo lists (child, unit) pairs. A child alone has one combo per acceptable
unit; a joint family has one combo per crèche (times the choice of sections
when a child fits several sections of that crèche).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from .model import WEEKDAYS, Child, Instance, Matching, Unit
from .priority import PriorityKey, lottery_number, priority_key

Combo = tuple[tuple[int, int], ...]


@dataclass(slots=True)
class Agent:
    index: int
    children: tuple[int, ...]
    combos: list[Combo]
    wish_ranks: list[int]  # 1-based position of each combo's crèche in the wish list
    joint: bool
    family_id: str
    transfer: bool  # its last combo is the seat it already holds


@dataclass(slots=True)
class Problem:
    instance: Instance
    units: list[Unit]
    unit_index: dict[str, int]
    children: list[Child]
    child_index: dict[str, int]
    days: list[tuple[int, ...]]
    cap: list[tuple[int, ...]]
    lottery: list[int]
    rank: list[dict[int, int]]  # per unit: child -> rank (0 is the best priority)
    agents: list[Agent]
    agent_of: list[int]

    @property
    def n_children(self) -> int:
        return len(self.children)

    def key(self, child: int, unit: int) -> PriorityKey:
        return priority_key(self.children[child], self.units[unit], self.lottery[child])

    def combo_of(self, agent: Agent, assigned: list[int]) -> int:
        """Index of the agent's combo realised by ``assigned`` (child -> unit or -1), or -1."""
        for k, combo in enumerate(agent.combos):
            if all(assigned[c] == u for c, u in combo):
                return k
        return -1

    def to_matching(self, assigned: list[int]) -> Matching:
        return {
            child.id: (self.units[u].id if u >= 0 else None)
            for child, u in zip(self.children, assigned, strict=True)
        }

    def from_matching(self, matching: Matching) -> list[int]:
        assigned = [-1] * len(self.children)
        for child_id, unit_id in matching.items():
            c = self.child_index.get(child_id)
            if c is not None and unit_id is not None:
                assigned[c] = self.unit_index.get(unit_id, -1)
        return assigned


def compile_problem(instance: Instance) -> Problem:
    units = sorted(instance.units, key=lambda u: u.id)
    children = sorted(instance.children, key=lambda c: c.id)
    _check_unique([u.id for u in units], "unit")
    _check_unique([c.id for c in children], "child")
    unit_index = {u.id: i for i, u in enumerate(units)}
    child_index = {c.id: i for i, c in enumerate(children)}
    days = [_child_days(c) for c in children]
    cap = [tuple(u.capacity) for u in units]
    for u in units:
        if len(u.capacity) != len(WEEKDAYS) or min(u.capacity) < 0:
            raise ValueError(f"unit {u.id}: capacity needs 5 non-negative numbers")
    lottery = [lottery_number(instance.lottery_seed, c.id) for c in children]

    agents = _build_agents(instance, children, days, _Sections(units, cap), unit_index)
    agent_of = [-1] * len(children)
    for agent in agents:
        for c in agent.children:
            agent_of[c] = agent.index
    _check_transfer_capacity(children, days, cap, unit_index)

    rank = _rank_applicants(agents, children, units, lottery)
    return Problem(
        instance=instance,
        units=units,
        unit_index=unit_index,
        children=children,
        child_index=child_index,
        days=days,
        cap=cap,
        lottery=lottery,
        rank=rank,
        agents=agents,
        agent_of=agent_of,
    )


def _rank_applicants(
    agents: list[Agent], children: list[Child], units: list[Unit], lottery: list[int]
) -> list[dict[int, int]]:
    """Rank every applicant of every unit, in the order of :func:`priority_key`.

    Ties on the score are broken by one global order (application date, then
    lottery), so the key packs into a single integer and sorts fast.
    """
    n = len(children)
    tie_order = sorted(range(n), key=lambda c: (children[c].application_date, lottery[c]))
    tie_rank = [0] * n
    for position, c in enumerate(tie_order):
        tie_rank[c] = position
    top = max((c.points + max(c.bonuses.values(), default=0) for c in children), default=0)
    low = min((c.points + min(c.bonuses.values(), default=0) for c in children), default=0)
    span = top - min(low, 0) + 1
    applicants: list[list[int]] = [[] for _ in units]
    seen: set[tuple[int, int]] = set()
    for agent in agents:
        for combo in agent.combos:
            for c, u in combo:
                if agent.joint:
                    if (c, u) in seen:
                        continue
                    seen.add((c, u))
                child, unit = children[c], units[u]
                tier = 0 if child.current_unit == unit.id else 1
                score = child.points + child.bonuses.get(unit.creche_id, 0)
                applicants[u].append((tier * span + top - score) * n + tie_rank[c])
    rank = []
    for keys in applicants:
        keys.sort()
        rank.append({tie_order[key % n]: r for r, key in enumerate(keys)})
    return rank


def _check_unique(ids: list[str], what: str) -> None:
    for a, b in zip(ids, ids[1:], strict=False):
        if a == b:
            raise ValueError(f"duplicate {what} id {a!r}")


def _child_days(child: Child) -> tuple[int, ...]:
    days = tuple(sorted(set(child.days)))
    if not days or days[0] < WEEKDAYS[0] or days[-1] > WEEKDAYS[-1]:
        raise ValueError(f"child {child.id}: days must be a non-empty subset of 0..4")
    return days


def _hostable(cap: tuple[int, ...], days: tuple[int, ...]) -> bool:
    return all(cap[d] > 0 for d in days)


def _unique_wishes(child: Child) -> list[str]:
    if len(set(child.wishes)) == len(child.wishes):
        return list(child.wishes)
    seen: set[str] = set()
    wishes = []
    for creche in child.wishes:
        if creche not in seen:
            seen.add(creche)
            wishes.append(creche)
    return wishes


class _Sections:
    """The units of a crèche that can host a child of a given age on given days (cached)."""

    def __init__(self, units: list[Unit], cap: list[tuple[int, ...]]) -> None:
        self.units = units
        self.cap = cap
        self.of_creche: dict[str, list[int]] = {}
        for i, u in enumerate(units):
            self.of_creche.setdefault(u.creche_id, []).append(i)
        self.cache: dict[tuple[str, int, tuple[int, ...]], tuple[int, ...]] = {}

    def fitting(self, creche: str, age: int, days: tuple[int, ...]) -> tuple[int, ...]:
        key = (creche, age, days)
        found = self.cache.get(key)
        if found is None:
            found = tuple(
                u
                for u in self.of_creche.get(creche, ())
                if self.units[u].fits(age) and _hostable(self.cap[u], days)
            )
            self.cache[key] = found
        return found


def _child_options(
    child: Child,
    days: tuple[int, ...],
    sections: _Sections,
    unit_index: dict[str, int],
) -> tuple[list[int], list[int]]:
    """Acceptable units, best first, and the wish rank of each."""
    current = unit_index.get(child.current_unit) if child.current_unit else None
    if child.current_unit and current is None:
        raise ValueError(f"child {child.id}: unknown current unit {child.current_unit!r}")
    current_creche = sections.units[current].creche_id if current is not None else None
    options: list[int] = []
    ranks: list[int] = []
    wishes = _unique_wishes(child)
    age = child.age_months
    for position, creche in enumerate(wishes, start=1):
        if creche == current_creche:
            break
        for u in sections.fitting(creche, age, days):
            options.append(u)
            ranks.append(position)
    if current is not None:
        options.append(current)
        in_list = current_creche in wishes
        ranks.append(wishes.index(current_creche) + 1 if in_list else len(wishes) + 1)
    return options, ranks


def _build_agents(
    instance: Instance,
    children: list[Child],
    days: list[tuple[int, ...]],
    sections: _Sections,
    unit_index: dict[str, int],
) -> list[Agent]:
    together = {f.id for f in instance.families if f.together}
    members: dict[str, list[int]] = {}
    for c, child in enumerate(children):
        members.setdefault(child.family_id, []).append(c)
    agents: list[Agent] = []
    done: set[int] = set()
    for c, child in enumerate(children):
        if c in done:
            continue
        family = members[child.family_id]
        if child.family_id in together and len(family) > 1:
            done.update(family)
            agents.append(
                _joint_agent(len(agents), child.family_id, family, children, days, sections)
            )
            continue
        options, ranks = _child_options(child, days[c], sections, unit_index)
        agents.append(
            Agent(
                index=len(agents),
                children=(c,),
                combos=[((c, u),) for u in options],
                wish_ranks=ranks,
                joint=False,
                family_id=child.family_id,
                transfer=child.current_unit is not None,
            )
        )
    return agents


def _joint_agent(
    index: int,
    family_id: str,
    family: list[int],
    children: list[Child],
    days: list[tuple[int, ...]],
    sections: _Sections,
) -> Agent:
    first = children[family[0]]
    for c in family:
        if children[c].current_unit:
            raise ValueError(f"family {family_id}: a transfer cannot be part of a joint demand")
        if tuple(children[c].wishes) != tuple(first.wishes):
            raise ValueError(f"family {family_id}: children placed together need the same wishes")
    combos: list[Combo] = []
    ranks: list[int] = []
    for position, creche in enumerate(_unique_wishes(first), start=1):
        choices = [sections.fitting(creche, children[c].age_months, days[c]) for c in family]
        for pick in product(*choices):
            combo = tuple(zip(family, pick, strict=True))
            if _combo_fits(combo, days, sections.cap):
                combos.append(combo)
                ranks.append(position)
    return Agent(index, tuple(family), combos, ranks, True, family_id, False)


def _combo_fits(combo: Combo, days: list[tuple[int, ...]], cap: list[tuple[int, ...]]) -> bool:
    load: dict[tuple[int, int], int] = {}
    for c, u in combo:
        for d in days[c]:
            load[u, d] = load.get((u, d), 0) + 1
    return all(n <= cap[u][d] for (u, d), n in load.items())


def _check_transfer_capacity(
    children: list[Child],
    days: list[tuple[int, ...]],
    cap: list[tuple[int, ...]],
    unit_index: dict[str, int],
) -> None:
    held: dict[tuple[int, int], int] = {}
    for c, child in enumerate(children):
        if child.current_unit:
            u = unit_index[child.current_unit]
            for d in days[c]:
                held[u, d] = held.get((u, d), 0) + 1
                if held[u, d] > cap[u][d]:
                    raise ValueError(
                        f"unit {child.current_unit}: capacity must include the seats of "
                        "children asking for a transfer"
                    )
