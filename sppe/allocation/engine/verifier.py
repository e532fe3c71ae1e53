"""Ground truth: check any matching against the fairness definition.

Justified envy (which includes non-wastefulness): child c envies unit u that it
ranks above its outcome when, on every weekday c needs, the seats of u taken by
children of higher priority than c are fewer than u's capacity that day. For a
family placed together, a combo (one crèche, a section per child) blocks when
every child of the family could enter its section by displacing only
lower-priority children, counting the seats its own brothers and sisters take.

Per unit and day the assigned children are sorted by priority once, so that
"how many higher-priority children need this day" is a binary search: the
whole check is near-linear in the size of the wish lists.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from .model import Instance, Matching
from .problem import Agent, Problem, compile_problem

NEVER = -1  # cut-off when a day has no seat at all


@dataclass(slots=True)
class Report:
    n_children: int
    placed: int
    envy_pairs: list[tuple[str, str]] = field(default_factory=list)
    blocking_families: list[tuple[str, str]] = field(default_factory=list)
    wasted: list[tuple[str, int, int]] = field(default_factory=list)
    capacity_violations: list[tuple[str, int, int, int]] = field(default_factory=list)
    invalid_assignments: list[tuple[str, str]] = field(default_factory=list)
    sibling_violations: list[str] = field(default_factory=list)
    transfers_worse_off: list[str] = field(default_factory=list)
    families_split: int = 0
    wish_ranks: dict[int, int] = field(default_factory=dict)  # 0 = not placed
    free_seat_days: int = 0
    seat_days: int = 0

    @property
    def blocking_count(self) -> int:
        return len(self.envy_pairs) + len(self.blocking_families)

    @property
    def wasted_seat_days(self) -> int:
        return sum(n for _, _, n in self.wasted)

    @property
    def envious_children(self) -> int:
        return len({c for c, _ in self.envy_pairs})

    @property
    def is_feasible(self) -> bool:
        return not (
            self.capacity_violations
            or self.invalid_assignments
            or self.sibling_violations
            or self.transfers_worse_off
        )

    @property
    def is_stable(self) -> bool:
        return self.is_feasible and self.blocking_count == 0

    @property
    def mean_wish_rank(self) -> float:
        placed = [(r, n) for r, n in self.wish_ranks.items() if r > 0]
        total = sum(n for _, n in placed)
        return sum(r * n for r, n in placed) / total if total else 0.0

    def summary(self) -> dict[str, object]:
        return {
            "placed": self.placed,
            "envy_pairs": len(self.envy_pairs),
            "envious_children": self.envious_children,
            "blocking_families": len(self.blocking_families),
            "wasted_seat_days": self.wasted_seat_days,
            "capacity_violations": len(self.capacity_violations),
            "invalid_assignments": len(self.invalid_assignments),
            "sibling_violations": len(self.sibling_violations),
            "families_split": self.families_split,
            "transfers_worse_off": len(self.transfers_worse_off),
            "mean_wish_rank": round(self.mean_wish_rank, 3),
        }


@dataclass(slots=True)
class Occupancy:
    """Sorted priority ranks of the children assigned to each (unit, day)."""

    ranks: list[list[list[int]]]
    cutoff: list[list[int]]  # rank of the child holding the last seat, or a huge number

    def higher(self, u: int, d: int, rank: int) -> int:
        """Assigned children needing day d at unit u with a better priority than ``rank``."""
        return bisect_left(self.ranks[u][d], rank)


def occupancy(problem: Problem, assigned: list[int], outcome: list[int] | None = None) -> Occupancy:
    free_for_all = problem.rank.limit
    outcome = outcome if outcome is not None else outcomes(problem, assigned)
    ranks: list[list[list[int]]] = [[[], [], [], [], []] for _ in problem.units]
    for agent, k in zip(problem.agents, outcome, strict=True):
        for c in agent.children:
            u = assigned[c]
            if u < 0:
                continue
            if k < len(agent.wish_ranks):
                r = agent.ranks[k] if not agent.joint else problem.rank[u][c]
            else:
                r = -1  # an unacceptable child ranks first: it is there anyway
            unit_ranks = ranks[u]
            for d in problem.days[c]:
                unit_ranks[d].append(r)
    cutoff = []
    for u, unit_ranks in enumerate(ranks):
        row = []
        cap = problem.cap[u]
        for d, day_ranks in enumerate(unit_ranks):
            day_ranks.sort()
            seats = cap[d]
            if seats == 0:
                row.append(NEVER)
            elif len(day_ranks) >= seats:
                row.append(day_ranks[seats - 1])
            else:
                row.append(free_for_all)
        cutoff.append(row)
    return Occupancy(ranks, cutoff)


def outcomes(problem: Problem, assigned: list[int]) -> list[int]:
    """Each agent's combo index in the matching, or len(combos) when it has none."""
    return [best_combo_taken(problem, assigned, agent) for agent in problem.agents]


def verify(instance: Instance, matching: Matching, *, problem: Problem | None = None) -> Report:
    problem = problem or compile_problem(instance)
    assigned = problem.from_matching(matching)
    report = verify_assigned(problem, assigned)
    for child_id, unit_id in sorted(matching.items(), key=lambda item: item[0]):
        if child_id not in problem.child_index or (
            unit_id is not None and unit_id not in problem.unit_index
        ):
            report.invalid_assignments.append((child_id, str(unit_id)))
    return report


def verify_assigned(problem: Problem, assigned: list[int]) -> Report:
    report = Report(n_children=problem.n_children, placed=sum(1 for u in assigned if u >= 0))
    outcome = [_outcome(problem, agent, assigned, report) for agent in problem.agents]
    occ = occupancy(problem, assigned, outcome)
    _check_capacity(problem, occ, report)
    demand: Counter[tuple[int, int]] = Counter()
    lowest: dict[tuple[int, tuple[int, ...]], int] = {}  # (unit, days) -> smallest cut-off
    for agent, k in zip(problem.agents, outcome, strict=True):
        if agent.joint:
            _family_blocks(problem, occ, assigned, agent, k, report, demand)
        elif k:
            _child_envies(problem, occ, agent, k, report, demand, lowest)
    _wasted(problem, occ, demand, report)
    _families_split(problem, assigned, report)
    return report


def best_combo_taken(problem: Problem, assigned: list[int], agent: Agent) -> int:
    """Index of the agent's combo realised by the matching, or len(combos) if none."""
    k = problem.combo_of(agent, assigned)
    return k if k >= 0 else len(agent.wish_ranks)


def _outcome(problem: Problem, agent: Agent, assigned: list[int], report: Report) -> int:
    k = best_combo_taken(problem, assigned, agent)
    if k < len(agent.wish_ranks):  # the common case, kept short
        rank = agent.wish_ranks[k]
        report.wish_ranks[rank] = report.wish_ranks.get(rank, 0) + len(agent.children)
        return k
    placed = [c for c in agent.children if assigned[c] >= 0]
    if placed:
        if agent.joint:
            report.sibling_violations.append(agent.family_id)
        for c in placed:
            report.invalid_assignments.append(
                (problem.children[c].id, problem.units[assigned[c]].id)
            )
    if agent.transfer and k == len(agent.wish_ranks):
        report.transfers_worse_off.extend(
            problem.children[c].id for c in agent.children if problem.children[c].current_unit
        )
    rank = agent.wish_ranks[k] if k < len(agent.wish_ranks) else 0
    report.wish_ranks[rank] = report.wish_ranks.get(rank, 0) + len(agent.children)
    return k


def _check_capacity(problem: Problem, occ: Occupancy, report: Report) -> None:
    for u, unit_ranks in enumerate(occ.ranks):
        for d, day_ranks in enumerate(unit_ranks):
            seats = problem.cap[u][d]
            report.seat_days += seats
            report.free_seat_days += max(0, seats - len(day_ranks))
            if len(day_ranks) > seats:
                report.capacity_violations.append((problem.units[u].id, d, len(day_ranks), seats))


def _child_envies(
    problem: Problem,
    occ: Occupancy,
    agent: Agent,
    k: int,
    report: Report,
    demand: Counter[tuple[int, int]],
    lowest: dict[tuple[int, tuple[int, ...]], int],
) -> None:
    c = agent.children[0]
    days = problem.days[c]
    units, ranks = agent.units, agent.ranks
    for j in range(k):
        u = units[j]
        cut = lowest.get((u, days))
        if cut is None:
            cutoff = occ.cutoff[u]
            cut = lowest[u, days] = min(cutoff[d] for d in days)
        if ranks[j] < cut:
            report.envy_pairs.append((problem.children[c].id, problem.units[u].id))
            if all(len(occ.ranks[u][d]) < problem.cap[u][d] for d in days):
                for d in days:
                    demand[u, d] += 1


def family_can_take(
    problem: Problem, occ: Occupancy, assigned: list[int], agent: Agent, k: int
) -> bool:
    """Could the family take combo k by displacing only lower-priority children?"""
    combo = agent.combos[k]
    for s, u in combo:
        r = problem.rank[u][s]
        for d in problem.days[s]:
            own = sum(
                1
                for t in agent.children
                if assigned[t] == u and d in problem.days[t] and problem.rank[u].get(t, -1) < r
            )
            siblings = sum(
                1 for t, v in combo if v == u and d in problem.days[t] and problem.rank[u][t] <= r
            )
            if occ.higher(u, d, r) - own + siblings > problem.cap[u][d]:
                return False
    return True


def _family_blocks(
    problem: Problem,
    occ: Occupancy,
    assigned: list[int],
    agent: Agent,
    k: int,
    report: Report,
    demand: Counter[tuple[int, int]],
) -> None:
    for j in range(k):
        if not family_can_take(problem, occ, assigned, agent, j):
            continue
        combo = agent.combos[j]
        creche = problem.units[combo[0][1]].creche_id
        report.blocking_families.append((agent.family_id, creche))
        load = Counter((u, d) for s, u in combo for d in problem.days[s])
        if all(len(occ.ranks[u][d]) + n <= problem.cap[u][d] for (u, d), n in load.items()):
            demand.update(load)


def _wasted(
    problem: Problem, occ: Occupancy, demand: Counter[tuple[int, int]], report: Report
) -> None:
    for (u, d), wanted in sorted(demand.items()):
        free = problem.cap[u][d] - len(occ.ranks[u][d])
        if free > 0:
            report.wasted.append((problem.units[u].id, d, min(free, wanted)))


def _families_split(problem: Problem, assigned: list[int], report: Report) -> None:
    for members in problem.siblings:
        agent = problem.agents[problem.agent_of[members[0]]]
        fallback = agent.transfer and agent.joint and len(agent.combos[-1]) < len(agent.children)
        if fallback and problem.combo_of(agent, assigned) == len(agent.combos) - 1:
            continue  # the fallback of a joint demand: the enrolled keep their seats
        creches = {
            problem.units[assigned[c]].creche_id if assigned[c] >= 0 else None for c in members
        }
        if len(creches) > 1:
            report.families_split += 1
