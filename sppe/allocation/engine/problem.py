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

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import product

from .model import WEEKDAYS, Child, Family, Instance, Matching, Unit
from .priority import PriorityKey, lottery_number, priority_key

Combo = tuple[tuple[int, int], ...]


class Agent:
    """A child alone, or a family placed together; ``combos`` are its options, best first."""

    __slots__ = ("index", "children", "_combos", "wish_ranks", "joint", "family_id",
                 "transfer", "units", "ranks")  # fmt: skip

    def __init__(
        self,
        index: int,
        children: tuple[int, ...],
        combos: list[Combo] | None,
        wish_ranks: list[int],  # 1-based position of each combo's crèche in the wish list
        joint: bool,
        family_id: str,
        transfer: bool,  # its last combo is the seat it already holds
        units: list[int] | None = None,  # a single child: the unit of each combo
        ranks: list[int] | None = None,  # a single child: its rank at each unit
    ) -> None:
        self.index = index
        self.children = children
        self._combos = combos
        self.wish_ranks = wish_ranks
        self.joint = joint
        self.family_id = family_id
        self.transfer = transfer
        self.units = units if units is not None else []
        self.ranks = ranks if ranks is not None else []

    @property
    def combos(self) -> list[Combo]:
        # a single child's combos are built on first use: the fast path never needs them
        if self._combos is None:
            c = self.children[0]
            self._combos = [((c, u),) for u in self.units]
        return self._combos


class RankTables:
    """Per unit, child -> rank: an integer, smaller is a better priority, unique in a unit.

    The rank packs the priority key (kept seat, score, then the global tie-break
    order by application date and lottery), so it is computed without sorting
    and the child can be read back from it. Tables are built on first use.
    """

    def __init__(self, collect, n_units: int, tie_order: list[int], limit: int) -> None:
        self._collect = collect  # () -> per unit, the ranks of its applicants
        self._keys: list[list[int]] | None = None
        self._tie_order = tie_order
        self.limit = limit  # every rank is smaller
        self._tables: list[dict[int, int] | None] = [None] * n_units

    def __len__(self) -> int:
        return len(self._tables)

    def __getitem__(self, u: int) -> dict[int, int]:
        table = self._tables[u]
        if table is None:
            if self._keys is None:  # the fast path never asks: collected on first use
                self._keys = self._collect()
            table = {self.child_of(key): key for key in self._keys[u]}
            self._tables[u] = table
        return table

    def child_of(self, rank: int) -> int:
        return self._tie_order[rank % len(self._tie_order)]


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
    rank: RankTables  # rank[u][child]: smaller is a better priority at unit u
    agents: list[Agent]
    agent_of: list[int]
    siblings: list[tuple[int, ...]]  # families with several children in the round

    @property
    def n_children(self) -> int:
        return len(self.children)

    def model_size(self) -> int:
        """Rough count of CP-SAT variables (the whole model), to decide whether it fits."""
        return sum(
            len(self.days[c]) * 3 for agent in self.agents for combo in agent.combos
            for c, _ in combo
        )  # fmt: skip

    def key(self, child: int, unit: int) -> PriorityKey:
        return priority_key(self.children[child], self.units[unit], self.lottery[child])

    def combo_of(self, agent: Agent, assigned: list[int]) -> int:
        """Index of the agent's combo realised by ``assigned`` (child -> unit or -1), or -1."""
        if not agent.joint:
            u = assigned[agent.children[0]]
            return agent.units.index(u) if u >= 0 and u in agent.units else -1
        for k, combo in enumerate(agent.combos):
            # a family's fallback (the enrolled children keep their seats) leaves its new
            # children out: it is realised only when they are indeed not placed
            if all(assigned[c] == u for c, u in combo) and (
                len(combo) == len(agent.children)
                or all(assigned[c] < 0 for c in agent.children if all(c != t for t, _ in combo))
            ):
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
    _check_fields(instance)
    units = sorted(instance.units, key=lambda u: u.id)
    children = sorted(instance.children, key=lambda c: c.id)
    _check_unique([u.id for u in units], "unit")
    _check_unique([c.id for c in children], "child")
    unit_index = {u.id: i for i, u in enumerate(units)}
    child_index = {c.id: i for i, c in enumerate(children)}
    days = [_child_days(c) for c in children]
    for u in units:
        _check_unit(u)
    cap = [tuple(u.capacity) for u in units]
    _check_unique(sorted(f.id for f in instance.families), "family")
    _check_wishes(children, {u.creche_id for u in units} | set(instance.creche_names))
    lottery = [lottery_number(instance.lottery_seed, c.id) for c in children]

    packer = _Packer(children, lottery)
    sections = _Sections(units, cap)
    agents = _build_agents(instance, children, days, sections, unit_index, packer)
    agent_of = [-1] * len(children)
    for agent in agents:
        for c in agent.children:
            agent_of[c] = agent.index
    _check_transfer_capacity(children, days, cap, unit_index)

    rank = _rank_applicants(agents, children, units, packer)
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
        siblings=_siblings(children),
    )


class _Packer:
    """Packs a priority key into one integer (smaller is better), as :func:`priority_key`.

    Ties on the score are broken by one global order (application date, then
    lottery), so (kept seat, score, that order) fits in a single integer.
    """

    def __init__(self, children: list[Child], lottery: list[int]) -> None:
        n = self.n = len(children)
        tie_key = [
            c.application_date.toordinal() << 64 | lot
            for c, lot in zip(children, lottery, strict=True)
        ]
        self.tie_order = sorted(range(n), key=tie_key.__getitem__)
        self.tie_rank = [0] * n
        for position, c in enumerate(self.tie_order):
            self.tie_rank[c] = position
        top = low = 0
        for child in children:
            # the score at a crèche without bonus counts too: points or bonuses may be
            # negative (a malus), and every score must fall in [low, top] for the packing
            extra = (0, *child.bonuses.values()) if child.bonuses else (0,)
            top = max(top, child.points + max(extra))
            low = min(low, child.points + min(extra))
        self.top, self.span = top, top - low + 1

    def base(self, child: Child, c: int) -> int:
        """The key of child c at a crèche where it has no bonus and no seat."""
        return (self.span + self.top - child.points) * self.n + self.tie_rank[c]

    def key(self, child: Child, c: int, unit: Unit) -> int:
        key = self.base(child, c) - child.bonuses.get(unit.creche_id, 0) * self.n
        if child.current_unit is not None and child.current_unit == unit.id:
            key -= self.span * self.n
        return key


def _rank_applicants(
    agents: list[Agent], children: list[Child], units: list[Unit], packer: _Packer
) -> RankTables:
    """Rank every applicant of every unit (single children ranked already are kept)."""
    for agent in agents:
        if not agent.joint and not agent.ranks:
            c = agent.children[0]
            agent.ranks = [packer.key(children[c], c, units[u]) for u in agent.units]

    def collect() -> list[list[int]]:
        applicants: list[list[int]] = [[] for _ in units]
        seen: set[tuple[int, int]] = set()
        for agent in agents:
            if not agent.joint:
                for u, key in zip(agent.units, agent.ranks, strict=True):
                    applicants[u].append(key)
                continue
            for combo in agent.combos:
                for c, u in combo:
                    if (c, u) not in seen:
                        seen.add((c, u))
                        applicants[u].append(packer.key(children[c], c, units[u]))
        return applicants

    limit = (2 * packer.span + 1) * packer.n
    return RankTables(collect, len(units), packer.tie_order, limit)


def _siblings(children: list[Child]) -> list[tuple[int, ...]]:
    members: dict[str, list[int]] = {}
    for c, child in enumerate(children):
        members.setdefault(child.family_id, []).append(c)
    return [tuple(m) for m in members.values() if len(m) > 1]


_DAYS_CACHE: dict[frozenset[int], tuple[int, ...]] = {}


def _check_unique(ids: list[str], what: str) -> None:
    for a, b in zip(ids, ids[1:], strict=False):
        if a == b:
            raise ValueError(f"duplicate {what} id {a!r}")


def _is_whole(value: object) -> bool:
    """An integer (an IntEnum member too), but neither a bool nor a float."""
    return isinstance(value, int) and not isinstance(value, bool)


def _check_unit(unit: Unit) -> None:
    capacity = unit.capacity
    if not isinstance(capacity, tuple | list) or len(capacity) != len(WEEKDAYS):
        raise ValueError(f"unit {unit.id}: capacity needs 5 numbers, Monday to Friday")
    if not all(_is_whole(n) and n >= 0 for n in capacity):
        raise ValueError(f"unit {unit.id}: capacity needs 5 non-negative whole numbers")


def _check_fields(instance: Instance) -> None:
    """Every field has the type the engine computes with: a plain error names the culprit."""
    if not isinstance(instance.lottery_seed, str):
        raise ValueError("the lottery seed must be a text")
    if instance.start_date is not None and not isinstance(instance.start_date, date):
        raise ValueError("the start date must be a date or None")
    if not all(isinstance(n, str) for n in instance.creche_names.values()):
        raise ValueError("the crèche names must be texts")
    for unit in instance.units:
        if not isinstance(unit, Unit):
            raise ValueError(f"units must be Unit objects, got {type(unit).__name__}")
        if not isinstance(unit.id, str) or not unit.id:
            raise ValueError(f"unit {unit.id!r}: the id must be a non-empty text")
        for name in ("creche_id", "section", "creche_name"):
            if not isinstance(getattr(unit, name), str):
                raise ValueError(f"unit {unit.id}: {name} must be a text")
        if not unit.creche_id:
            raise ValueError(f"unit {unit.id}: creche_id must be a non-empty text")
        low, high = unit.min_age_months, unit.max_age_months
        if not (_is_whole(low) and _is_whole(high)) or not 0 <= low <= high:
            raise ValueError(
                f"unit {unit.id}: the age range needs two whole numbers of months, "
                f"0 <= min_age_months <= max_age_months (got {low!r} and {high!r})"
            )
    for family in instance.families:
        if not isinstance(family, Family):
            raise ValueError(f"families must be Family objects, got {type(family).__name__}")
        if not isinstance(family.id, str) or not family.id:
            raise ValueError(f"family {family.id!r}: the id must be a non-empty text")
        if not isinstance(family.together, bool):
            raise ValueError(f"family {family.id}: together must be True or False")
    for child in instance.children:
        _check_child(child)


def _check_child(child: Child) -> None:
    if not isinstance(child, Child):
        raise ValueError(f"children must be Child objects, got {type(child).__name__}")
    who = child.id
    if not isinstance(who, str) or not who:
        raise ValueError(f"child {who!r}: the id must be a non-empty text")
    if not isinstance(child.family_id, str) or not child.family_id:
        raise ValueError(f"child {who}: family_id must be a non-empty text")
    if not _is_whole(child.age_months) or child.age_months < 0:
        raise ValueError(
            f"child {who}: age_months must be a whole number of months, got {child.age_months!r}"
        )
    if not _is_whole(child.points):
        raise ValueError(f"child {who}: points must be a whole number, got {child.points!r}")
    if not isinstance(child.application_date, date):
        raise ValueError(
            f"child {who}: application_date must be a date, got {child.application_date!r}"
        )
    if isinstance(child.wishes, str) or not isinstance(child.wishes, tuple | list):
        raise ValueError(f"child {who}: wishes must be a list of crèche ids")
    if not all(isinstance(w, str) for w in child.wishes):
        raise ValueError(f"child {who}: every wish must be a crèche id (a text)")
    bonuses = child.bonuses
    if not isinstance(bonuses, Mapping) or not all(
        isinstance(k, str) and _is_whole(v) for k, v in bonuses.items()
    ):
        raise ValueError(f"child {who}: bonuses must map crèche ids to whole numbers of points")
    if child.current_unit is not None and (
        not isinstance(child.current_unit, str) or not child.current_unit
    ):
        raise ValueError(f"child {who}: current_unit must be a unit id or None")
    if not isinstance(child.label, str):
        raise ValueError(f"child {who}: label must be a text")


def _check_wishes(children: list[Child], known: set[str]) -> None:
    """Every wish names a crèche of the round: a typo would silently drop a wish."""
    for child in children:
        if isinstance(child.wishes, str):
            raise ValueError(f"child {child.id}: wishes must be a list of crèche ids")
        if not known.issuperset(child.wishes):
            unknown = sorted(set(child.wishes) - known)
            raise ValueError(
                f"child {child.id}: unknown crèche {', '.join(map(repr, unknown))} in the "
                "wishes (a crèche with no section in this round needs a name in creche_names)"
            )


def _child_days(child: Child) -> tuple[int, ...]:
    known = _DAYS_CACHE.get(child.days) if isinstance(child.days, frozenset) else None
    if known is not None:
        return known
    given = child.days
    if isinstance(given, str) or not isinstance(given, Iterable):
        given = ()  # a single day or a text: refused below, with a plain message
    valid = all(_is_whole(d) and d in WEEKDAYS for d in given)
    days = tuple(sorted({int(d) for d in given})) if valid else ()
    if not days:
        raise ValueError(
            f"child {child.id}: days must be a non-empty set of weekdays, "
            "integers from 0 (Monday) to 4 (Friday)"
        )
    if isinstance(child.days, frozenset):
        _DAYS_CACHE[child.days] = days
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
        # ages between two consecutive section bounds fit the same sections
        self.bounds = sorted(
            {u.min_age_months for u in units} | {u.max_age_months + 1 for u in units}
        )
        self.closed = [sum(1 << d for d in range(5) if c[d] == 0) for c in cap]
        self.cache: dict[tuple[str, int], tuple[int, ...]] = {}
        self.partly_closed: set[tuple[str, int]] = set()  # a section closed on some day

    def fitting(self, creche: str, age: int, days: tuple[int, ...]) -> tuple[int, ...]:
        key = (creche, bisect_right(self.bounds, age))
        found = self.cache.get(key)
        if found is None:
            found = tuple(u for u in self.of_creche.get(creche, ()) if self.units[u].fits(age))
            self.cache[key] = found
            if any(self.closed[u] for u in found):
                self.partly_closed.add(key)
        if key in self.partly_closed:
            found = tuple(u for u in found if _hostable(self.cap[u], days))
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
    packer: _Packer,
) -> list[Agent]:
    together = {f.id for f in instance.families if f.together}
    members: dict[str, list[int]] = {}
    for c, child in enumerate(children):
        members.setdefault(child.family_id, []).append(c)
    agents: list[Agent] = []
    done: set[int] = set()
    fitting, cache, bounds = sections.fitting, sections.cache, sections.bounds
    n, tie_rank, span_top = packer.n, packer.tie_rank, packer.span + packer.top
    closed = sections.partly_closed  # the same set object, filled as the cache grows
    for c, child in enumerate(children):
        if c in done:
            continue
        family = members[child.family_id]
        if len(family) > 1 and child.family_id in together:
            done.update(family)
            agents.append(
                _joint_agent(
                    len(agents), child.family_id, family, children, days, sections, unit_index
                )
            )
            continue
        keys: list[int] = []
        if child.current_unit is None and len(set(child.wishes)) == len(child.wishes):
            # the common case, inlined: ranks are computed on the way
            options, ranks = [], []
            age, bonuses = child.age_months, child.bonuses
            band = bisect_right(bounds, age)
            base = (span_top - child.points) * n + tie_rank[c]
            for position, creche in enumerate(child.wishes, start=1):
                found = cache.get((creche, band))
                if found is None or (closed and (creche, band) in closed):
                    found = fitting(creche, age, days[c])
                key = base - bonuses.get(creche, 0) * n if bonuses else base
                for u in found:
                    options.append(u)
                    ranks.append(position)
                    keys.append(key)
        else:
            options, ranks = _child_options(child, days[c], sections, unit_index)
        agents.append(
            Agent(
                len(agents),
                (c,),
                None,
                ranks,
                False,
                child.family_id,
                child.current_unit is not None,
                options,
                keys,
            )  # fmt: skip
        )
    return agents


def _joint_agent(
    index: int,
    family_id: str,
    family: list[int],
    children: list[Child],
    days: list[tuple[int, ...]],
    sections: _Sections,
    unit_index: dict[str, int],
) -> Agent:
    """A family placed together ("same crèche or none"), possibly with enrolled children.

    Its combos, best first: one per crèche of the shared wish list (a section per
    child). When some children are already enrolled (a transfer), the list is cut at
    their current crèche: there, the enrolled children keep their sections and the new
    ones take a section of that crèche (when the family listed it); the last combo is the
    fallback, the enrolled children keep their seats and the new ones are not placed.
    """
    first = children[family[0]]
    wishes = _unique_wishes(first)
    for c in family:
        if _unique_wishes(children[c]) != wishes:
            raise ValueError(f"family {family_id}: children placed together need the same wishes")
    current: dict[int, int] = {}
    for c in family:
        unit_id = children[c].current_unit
        if unit_id:
            if unit_id not in unit_index:
                raise ValueError(f"child {children[c].id}: unknown current unit {unit_id!r}")
            current[c] = unit_index[unit_id]
    homes = {sections.units[u].creche_id for u in current.values()}
    if len(homes) > 1:
        raise ValueError(
            f"family {family_id}: children placed together who are already enrolled must be "
            "in the same crèche to ask for a transfer together"
        )
    home = next(iter(homes), None)
    combos: list[Combo] = []
    ranks: list[int] = []
    for position, creche in enumerate(wishes, start=1):
        if creche == home:
            if len(current) < len(family):  # the new children join the enrolled ones
                choices = [
                    (current[c],) if c in current
                    else sections.fitting(creche, children[c].age_months, days[c])
                    for c in family
                ]  # fmt: skip
                _add_combos(family, choices, position, days, sections.cap, combos, ranks)
            break
        choices = [sections.fitting(creche, children[c].age_months, days[c]) for c in family]
        _add_combos(family, choices, position, days, sections.cap, combos, ranks)
    if current:
        combos.append(tuple((c, current[c]) for c in family if c in current))
        ranks.append(wishes.index(home) + 1 if home in wishes else len(wishes) + 1)
    return Agent(index, tuple(family), combos, ranks, True, family_id, bool(current))


def _add_combos(
    family: list[int],
    choices: list,
    position: int,
    days: list[tuple[int, ...]],
    cap: list[tuple[int, ...]],
    combos: list[Combo],
    ranks: list[int],
) -> None:
    for pick in product(*choices):
        combo = tuple(zip(family, pick, strict=True))
        if _combo_fits(combo, days, cap):
            combos.append(combo)
            ranks.append(position)


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
