"""Exact model with OR-Tools CP-SAT: the most stable, then largest, matching.

Variables: ``y[a][k]`` is 1 when agent a gets its combo k. For each unit u and
day d, the applicants of u needing d are sorted by priority and chained prefix
sums ``P[j]`` count how many of the first j are placed in u, so "the seats of u
on day d taken by children of higher priority than c" is one variable.

Every (agent, combo better than nothing) pair gets a stability constraint:
the agent gets this combo or a better one, or some day one of its children
needs is full of higher-priority children, or the pair is counted as blocking
(slack ``b``). The objective minimises blocking pairs first, then maximises
the children placed; with no slack used the matching is stable and the
largest stable one when the solver proves optimality.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from .problem import Problem

DETERMINISTIC_SHARE = 0.2  # CP-SAT's deterministic time runs at about a quarter of wall time


@dataclass(slots=True)
class CpResult:
    assigned: list[int] | None
    status: str
    blocking: int
    placed: int
    size: int


def solve(
    problem: Problem,
    *,
    hint: list[int] | None = None,
    time_limit: float = 10.0,
    workers: int = 1,
) -> CpResult:
    builder = _Builder(problem)
    builder.build()
    if hint is not None:
        builder.add_hint(hint)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    # the deterministic budget normally ends the search first: same input, same output
    solver.parameters.max_deterministic_time = max(0.05, time_limit * DETERMINISTIC_SHARE)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    status = solver.solve(builder.model)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return CpResult(None, name, -1, -1, builder.size)
    assigned = [-1] * problem.n_children
    for agent in problem.agents:
        for k, var in enumerate(builder.y[agent.index]):
            if solver.boolean_value(var):
                for c, u in agent.combos[k]:
                    assigned[c] = u
    blocking = sum(solver.value(b) for b in builder.slack)
    placed = sum(1 for u in assigned if u >= 0)
    return CpResult(assigned, name, blocking, placed, builder.size)


class _Builder:
    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.model = cp_model.CpModel()
        self.y: list[list[cp_model.IntVar]] = []
        self.x: dict[tuple[int, int], list[cp_model.IntVar]] = {}
        self.prefix: dict[tuple[int, int], list] = {}  # (u, d) -> [P_0 .. P_L]
        self.position: dict[tuple[int, int, int], int] = {}  # (u, d, child) -> j
        self.order: dict[tuple[int, int], list[int]] = {}
        self.slack: list[cp_model.IntVar] = []
        self.guards: list[tuple[cp_model.IntVar, tuple, int]] = []
        self.pairs: list[tuple[int, int, int, int]] = []  # agent, combo, its guards' slice
        self.size = 0

    def build(self) -> None:
        p, m = self.p, self.model
        for agent in p.agents:
            ys = [m.new_bool_var(f"y{agent.index}_{k}") for k in range(len(agent.combos))]
            self.y.append(ys)
            if agent.transfer:
                m.add_exactly_one(ys)
            elif ys:
                m.add_at_most_one(ys)
            for k, combo in enumerate(agent.combos):
                for c, u in combo:
                    self.x.setdefault((c, u), []).append(ys[k])
        self._prefix_sums()
        for agent in p.agents:
            for k in range(len(agent.combos)):
                self._stability(agent, k)
        n = p.n_children + 1
        placed = sum(len(agent.children) * v for agent in p.agents for v in self.y[agent.index])
        m.minimize(n * sum(self.slack) - placed)
        self.size = len(m.proto.variables)

    def _prefix_sums(self) -> None:
        p, m = self.p, self.model
        by_unit: dict[int, list[int]] = {}
        for c, u in self.x:
            by_unit.setdefault(u, []).append(c)
        for u, applicants in sorted(by_unit.items()):
            applicants.sort(key=lambda c, u=u: p.rank[u][c])
            for d in range(5):
                cap = p.cap[u][d]
                needing = [c for c in applicants if d in p.days[c]]
                if not needing:
                    continue
                chain = [0]
                for j, c in enumerate(needing):
                    self.position[u, d, c] = j
                    var = m.new_int_var(0, cap, f"P{u}_{d}_{j + 1}")
                    m.add(var == chain[-1] + sum(self.x[c, u]))
                    chain.append(var)
                self.prefix[u, d] = chain
                self.order[u, d] = needing

    def _stability(self, agent, k: int) -> None:
        p, m = self.p, self.model
        combo = agent.combos[k]
        reasons = []
        for s, u in combo:
            r = p.rank[u][s]
            for d in p.days[s]:
                siblings = sum(
                    1 for t, v in combo if v == u and d in p.days[t] and p.rank[u][t] <= r
                )
                need = p.cap[u][d] - siblings + 1  # higher-priority others that make it full
                j = self.position[u, d, s]
                own = self._own_above(agent, u, d, j)
                if j - len(own) < need:
                    continue  # even all of them would leave a seat
                z = m.new_bool_var("")
                own_vars = [var for t in own for var in self.x[t, u]]
                m.add(self.prefix[u, d][j] - sum(own_vars) >= need).only_enforce_if(z)
                reasons.append(z)
                self.guards.append((z, (u, d, j, own), need))
        slack = m.new_bool_var(f"b{agent.index}_{k}")
        self.slack.append(slack)
        self.pairs.append((agent.index, k, len(self.guards) - len(reasons), len(self.guards)))
        m.add_bool_or([*self.y[agent.index][: k + 1], *reasons, slack])

    def _own_above(self, agent, u: int, d: int, j: int) -> tuple[int, ...]:
        """The agent's other children ahead of position j on (u, d): they would move too."""
        if not agent.joint:
            return ()
        return tuple(t for t in self.order[u, d][:j] if t in agent.children)

    def add_hint(self, assigned: list[int]) -> None:
        p, m = self.p, self.model
        taken = []
        for agent in p.agents:
            k = p.combo_of(agent, assigned)
            taken.append(k)
            for j, var in enumerate(self.y[agent.index]):
                m.add_hint(var, j == k)
        values: dict[tuple[int, int], list[int]] = {}
        for (u, d), chain in self.prefix.items():
            run, vals = 0, [0]
            for j, c in enumerate(self.order[u, d]):
                run += 1 if assigned[c] == u else 0
                vals.append(run)
                m.add_hint(chain[j + 1], run)
            values[u, d] = vals
        holds = []
        for z, (u, d, j, own), need in self.guards:
            value = values[u, d][j] - sum(1 for t in own if assigned[t] == u) >= need
            m.add_hint(z, value)
            holds.append(value)
        for slack, (a, k, first, last) in zip(self.slack, self.pairs, strict=True):
            better = 0 <= taken[a] <= k
            m.add_hint(slack, not (better or any(holds[first:last])))
