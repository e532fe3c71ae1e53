"""Exact repair of a few blocking pairs: CP-SAT on a small neighbourhood (LNS).

When the heuristic stalls with a handful of blocking pairs on a big instance,
the whole CP-SAT model is too large, but the conflict is local. The agents
with justified envy and the agents holding seats in the units they envy become
free; every other child keeps its seat. For the units those free agents may
take, each applicant's stability is modelled exactly as in :mod:`cpsat`, the
fixed children counting as constants, so "seats taken by higher-priority
children" is a constant plus a few free variables. The new matching is kept
only if the verifier finds fewer blocking pairs (or as many and more children
placed).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from .cpsat import DETERMINISTIC_SHARE, SAFETY_LIMIT, configure, run
from .problem import Problem


def repair(
    problem: Problem,
    assigned: list[int],
    blocking_agents: list[int],
    *,
    time_limit: float = 5.0,
    max_free: int = 80,
) -> list[int] | None:
    """A better assignment of the neighbourhood of ``blocking_agents``, or None.

    ``time_limit`` only scales the deterministic budget (see :func:`repair_within`).
    """
    deterministic_limit = time_limit * DETERMINISTIC_SHARE
    return repair_within(
        problem, assigned, blocking_agents, deterministic_limit, SAFETY_LIMIT, max_free
    )[0]


def repair_within(
    problem: Problem,
    assigned: list[int],
    blocking_agents: list[int],
    deterministic_limit: float,
    safety_limit: float = SAFETY_LIMIT,
    max_free: int = 80,
) -> tuple[list[int] | None, float]:
    """:func:`repair` on a budget of CP-SAT deterministic seconds; also the seconds spent.

    The deterministic budget ends the search in the same place on every machine (same
    input, same output); ``safety_limit`` (wall seconds) is only a far safety net:
    reaching it raises :class:`~sppe.allocation.engine.model.SafetyLimitReached`.
    """
    free = _neighbourhood(problem, assigned, blocking_agents, max_free)
    model = _LocalModel(problem, assigned, free)
    model.build()
    solver = cp_model.CpSolver()
    configure(solver, max(0.01, deterministic_limit), safety_limit)
    status = run(solver, model.model, safety_limit)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, solver.deterministic_time
    result = list(assigned)
    for a in free:
        for c in problem.agents[a].children:
            result[c] = -1
    for a in free:
        agent = problem.agents[a]
        for k, var in enumerate(model.y[a]):
            if solver.boolean_value(var):
                for c, u in agent.combos[k]:
                    result[c] = u
    return result, solver.deterministic_time


def _neighbourhood(
    problem: Problem, assigned: list[int], blocking_agents: list[int], max_free: int
) -> list[int]:
    """The blocking agents, then, ring by ring, the agents seated where free agents may go."""
    free = set(blocking_agents)
    holders: dict[int, list[int]] = {}
    for c, u in enumerate(assigned):
        if u >= 0:
            holders.setdefault(u, []).append(problem.agent_of[c])
    ring = sorted(free)
    while ring and len(free) < max_free:
        units = sorted({u for a in ring for combo in problem.agents[a].combos for _, u in combo})
        ring = []
        for u in units:
            for a in holders.get(u, ()):
                if a not in free and len(free) < max_free:
                    free.add(a)
                    ring.append(a)
    return sorted(free)


class _LocalModel:
    def __init__(self, problem: Problem, assigned: list[int], free: list[int]) -> None:
        self.p = problem
        self.assigned = assigned
        self.free = free
        self.free_set = set(free)
        self.model = cp_model.CpModel()
        self.y: dict[int, list[cp_model.IntVar]] = {}
        self.x: dict[tuple[int, int], list[cp_model.IntVar]] = {}
        self.slack: list[cp_model.IntVar] = []

    def build(self) -> None:
        p, m = self.p, self.model
        for a in self.free:
            agent = p.agents[a]
            ys = [m.new_bool_var("") for _ in agent.combos]
            self.y[a] = ys
            (m.add_exactly_one if agent.transfer else m.add_at_most_one)(ys)
            for k, combo in enumerate(agent.combos):
                for c, u in combo:
                    self.x.setdefault((c, u), []).append(ys[k])
        units = sorted({u for _, u in self.x})
        self.orders = {}
        for u in units:
            table = p.rank[u]
            self.orders[u] = sorted(table, key=table.__getitem__)
        self._tables(units)
        self._capacity(units)
        self._stability(units)
        placed = sum(len(p.agents[a].children) * v for a in self.free for v in self.y[a])
        m.minimize((p.n_children + 1) * sum(self.slack) - placed)
        self._hint()

    def _tables(self, units: list[int]) -> None:
        """Per (unit, day): applicants in priority order, fixed seats before each, free ones."""
        p = self.p
        self.position: dict[tuple[int, int, int], int] = {}
        self.fixed_before: dict[tuple[int, int], list[int]] = {}
        self.free_at: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for u in units:
            for d in range(5):
                needing = [c for c in self.orders[u] if d in p.days[c]]
                fixed, run, free = [0], 0, []
                for j, c in enumerate(needing):
                    self.position[u, d, c] = j
                    if p.agent_of[c] in self.free_set:
                        if (c, u) in self.x:
                            free.append((j, c))
                    elif self.assigned[c] == u:
                        run += 1
                    fixed.append(run)
                self.fixed_before[u, d] = fixed
                self.free_at[u, d] = free

    def _capacity(self, units: list[int]) -> None:
        p = self.p
        for u in units:
            for d in range(5):
                fixed = self.fixed_before[u, d][-1]
                load = [v for _, c in self.free_at[u, d] for v in self.x[c, u]]
                self.model.add(sum(load) + fixed <= p.cap[u][d])

    def _stability(self, units: list[int]) -> None:
        p = self.p
        modelled = set(units)
        for agent in p.agents:
            is_free = agent.index in self.free_set
            outcome = p.combo_of(agent, self.assigned)
            outcome = len(agent.combos) if outcome < 0 else outcome
            last = len(agent.combos) if is_free else outcome
            for k in range(last):
                if all(u in modelled for _, u in agent.combos[k]):
                    self._pair(agent, k, is_free)

    def _pair(self, agent, k: int, is_free: bool) -> None:
        p, m = self.p, self.model
        combo = agent.combos[k]
        members = agent.children
        reasons = []
        for s, u in combo:
            r = p.rank[u][s]
            for d in p.days[s]:
                siblings = sum(
                    1 for t, v in combo if v == u and d in p.days[t] and p.rank[u][t] <= r
                )
                need = p.cap[u][d] - siblings + 1
                j = self.position[u, d, s]
                own = [t for t in members if t != s and p.rank[u].get(t, r) < r
                       and (u, d, t) in self.position]  # fmt: skip
                if j - len(own) < need:
                    continue  # even all of them would leave a seat
                fixed = self.fixed_before[u, d][j]
                fixed -= sum(1 for t in own if not is_free and self.assigned[t] == u)
                terms = [
                    v
                    for i, c in self.free_at[u, d]
                    if i < j and c not in members
                    for v in self.x[c, u]
                ]
                if not terms:
                    if fixed >= need:
                        return  # a day already full of higher-priority children: no claim
                    continue
                z = m.new_bool_var("")
                m.add(sum(terms) + fixed >= need).only_enforce_if(z)
                reasons.append(z)
        better = self.y[agent.index][: k + 1] if is_free else []
        slack = m.new_bool_var("")
        self.slack.append(slack)
        m.add_bool_or([*better, *reasons, slack])

    def _hint(self) -> None:
        for a in self.free:
            agent = self.p.agents[a]
            k = self.p.combo_of(agent, self.assigned)
            for j, var in enumerate(self.y[a]):
                self.model.add_hint(var, j == k)
