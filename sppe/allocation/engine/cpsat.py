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

:func:`maximise_stable` is the same model with stability hard (no slack), for
when the heuristic already found a stable matching: the search is then only
for a larger one. Stability constraints are added lazily (first those of the
agents placed, then those of any agent the verifier finds envious), and CP-SAT's
presolve (probing) usually proves on its own that no larger stable matching
exists, for a few thousand children in a few seconds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import LinearExpr

from .model import SafetyLimitReached
from .problem import Problem
from .verifier import verify_assigned

DETERMINISTIC_SHARE = 0.2  # CP-SAT's deterministic time runs at about a quarter of wall time
# wall seconds: far beyond any deterministic budget; reaching it raises SafetyLimitReached
SAFETY_LIMIT = 600.0


def configure(solver: cp_model.CpSolver, deterministic_limit: float, safety_limit: float) -> None:
    """One worker, a fixed seed, the deterministic budget, and the far wall-clock safety net."""
    if safety_limit <= 0:
        raise SafetyLimitReached(
            "the allocation search went past its wall-clock safety net before CP-SAT: "
            "the machine is too slow or overloaded; run it again on a lighter machine"
        )
    solver.parameters.max_time_in_seconds = safety_limit
    solver.parameters.max_deterministic_time = deterministic_limit
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0


def run(solver: cp_model.CpSolver, model: cp_model.CpModel, safety_limit: float) -> int:
    """Solve; raise :class:`SafetyLimitReached` when the wall clock, not the data, stopped it."""
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.INFEASIBLE) and (
        solver.wall_time >= 0.95 * safety_limit
    ):
        raise SafetyLimitReached(
            f"CP-SAT reached its wall-clock safety net ({safety_limit:.0f} s) before its "
            f"deterministic budget ({solver.parameters.max_deterministic_time:.2f}): its "
            "result would depend on the machine's load, so none is returned"
        )
    return status


def choice_variables(problem: Problem, model: cp_model.CpModel):
    """y[agent][k]: the agent gets its k-th combination; x[(child, unit)]: the y that
    place that child in that unit. At most one combination each; a transfer keeps one."""
    y: list[list[cp_model.IntVar]] = []
    x: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    for agent in problem.agents:
        ys = [model.new_bool_var(f"y{agent.index}_{k}") for k in range(len(agent.combos))]
        y.append(ys)
        if agent.transfer:
            model.add_exactly_one(ys)
        elif len(ys) > 1:
            model.add_at_most_one(ys)
        for k, combo in enumerate(agent.combos):
            for c, u in combo:
                x.setdefault((c, u), []).append(ys[k])
    return y, x


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
    deterministic_limit: float | None = None,
    safety_limit: float = SAFETY_LIMIT,
) -> CpResult:
    """Fewest blocking pairs, then most children placed.

    ``deterministic_limit`` (CP-SAT's deterministic seconds; a share of ``time_limit``
    by default, ``time_limit`` being only that scale) ends the search in the same place
    on every machine: same input, same output. ``safety_limit`` (wall seconds) is a far
    safety net: reaching it raises :class:`SafetyLimitReached`.
    """
    if deterministic_limit is None:
        deterministic_limit = time_limit * DETERMINISTIC_SHARE
    builder = _Builder(problem)
    builder.build()
    if hint is not None:
        builder.add_hint(hint)
    solver = cp_model.CpSolver()
    configure(solver, max(0.05, deterministic_limit), safety_limit)
    status = run(solver, builder.model, safety_limit)
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
        self.y, self.x = choice_variables(p, m)
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


# The largest stable matching --------------------------------------------------------------


def maximise_stable(
    problem: Problem,
    hint: list[int],
    *,
    deterministic_limit: float,
    safety_limit: float = SAFETY_LIMIT,
    max_rounds: int = 20,
) -> CpResult:
    """The stable matching placing the most children, starting from the stable ``hint``.

    Stability is a hard constraint here (no slack), and it is added lazily: the
    first model checks only the agents ``hint`` places (a relaxation: it may
    place more children than any stable matching, never fewer). When CP-SAT proves
    that the relaxation places no more than ``hint``, no stable matching does
    either; when it places more, the verifier checks its matching: stable, it is
    kept; otherwise the agents with justified envy are checked too and the model is
    solved again. On the benchmark instances one or two rounds settle it, on about
    a third of the model (CP-SAT's presolve proves the bound on its own, by probing).

    ``status`` is ``OPTIMAL`` when no stable matching places more than the result,
    ``FEASIBLE`` when the budget ran out first (the result is then the best stable
    matching found, ``hint`` at worst), ``INFEASIBLE`` when ``hint`` is not stable
    and no stable matching exists. ``deterministic_limit`` (CP-SAT's deterministic
    seconds, all rounds together) ends the search in the same place on every
    machine; ``safety_limit`` (wall seconds, all rounds together) is only a far safety
    net: reaching it raises :class:`SafetyLimitReached`.
    """
    started = time.perf_counter()
    best = list(hint)
    best_report = verify_assigned(problem, best)
    stable = best_report.is_stable
    # the placed agents: without their stability they would give their seats up; the
    # others, with no seat to lose, rarely matter (measured: one round in two suffices)
    checked = {problem.agent_of[c] for c, u in enumerate(hint) if u >= 0}
    spent, size, name = 0.0, 0, "FEASIBLE"
    for _ in range(max_rounds):
        if deterministic_limit - spent < 0.01:
            name = "FEASIBLE"
            break
        wall = safety_limit - (time.perf_counter() - started)
        # an unstable hint: the exact model at once (it may have no solution at all)
        builder = _StableBuilder(problem, checked if stable else None)
        builder.build()
        builder.add_hint(best)
        size = max(size, builder.size)
        solver = _stable_solver(deterministic_limit - spent, wall)
        status = run(solver, builder.model, wall)
        spent += solver.deterministic_time
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            infeasible = status == cp_model.INFEASIBLE and not stable
            name = "INFEASIBLE" if infeasible else "FEASIBLE"
            break
        name = solver.status_name(status)
        assigned = _assigned(problem, builder, solver)
        placed = sum(1 for u in assigned if u >= 0)
        if stable and placed <= best_report.placed:
            break  # OPTIMAL: even the relaxation places no more than a stable matching
        report = verify_assigned(problem, assigned)
        if report.is_stable:
            best, best_report, stable = assigned, report, True
            checked.update(problem.agent_of[c] for c, u in enumerate(best) if u >= 0)
            if status == cp_model.OPTIMAL:
                break  # the relaxation's optimum is stable: the largest stable matching
            continue
        envious = {problem.agent_of[problem.child_index[c]] for c, _ in report.envy_pairs}
        families = {f for f, _ in report.blocking_families}
        envious.update(a.index for a in problem.agents if a.joint and a.family_id in families)
        if builder.checked is None or not report.is_feasible or envious <= checked:
            name = "FEASIBLE"  # cannot happen with an exact model: keep what is verified
            break
        checked |= envious
    else:
        name = "FEASIBLE"
    if not stable:
        return CpResult(None, name, -1, -1, size)
    return CpResult(best, name, 0, best_report.placed, size)


def _stable_solver(deterministic_limit: float, safety_limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    configure(solver, max(0.01, deterministic_limit), safety_limit)
    # measured on the benchmark instances: light probing proves the bound as well as
    # the default, symmetries are rare and costly to detect
    solver.parameters.cp_model_probing_level = 1
    solver.parameters.symmetry_level = 0
    return solver


def _assigned(problem: Problem, builder: _StableBuilder, solver: cp_model.CpSolver) -> list[int]:
    assigned = [-1] * problem.n_children
    for agent in problem.agents:
        for k, var in enumerate(builder.y[agent.index]):
            if solver.boolean_value(var):
                for c, u in agent.combos[k]:
                    assigned[c] = u
    return assigned


class _StableBuilder:
    """The model of :class:`_Builder` with every stability constraint hard, kept lean.

    A prefix-sum variable is created only where a stability constraint reads it
    (and at the end of the chain, for the capacity), so the chain of a unit's day
    jumps over runs of applicants nobody compares against.
    """

    def __init__(self, problem: Problem, checked: set[int] | None = None) -> None:
        self.p = problem
        self.checked = checked  # the agents whose stability is modelled (None: all)
        self.model = cp_model.CpModel()
        self.y: list[list[cp_model.IntVar]] = []
        self.x: dict[tuple[int, int], list[cp_model.IntVar]] = {}
        self.order: dict[tuple[int, int], list[int]] = {}
        self.prefix: dict[tuple[int, int], dict[int, cp_model.IntVar]] = {}
        self.guards: list[tuple[cp_model.IntVar, int, int, int, tuple[int, ...], int]] = []
        self.size = 0

    def build(self) -> None:
        p, m = self.p, self.model
        self.y, self.x = choice_variables(p, m)
        position = self._orders()
        needed: dict[tuple[int, int], set[int]] = {key: set() for key in self.order}
        pairs = []
        for agent in p.agents:
            if self.checked is not None and agent.index not in self.checked:
                continue
            members = set(agent.children) if agent.joint else ()
            for k in range(len(agent.combos)):
                reasons = self._reasons(agent, k, members, position)
                for u, d, j, _, _ in reasons:
                    needed[u, d].add(j)
                pairs.append((agent.index, k, reasons))
        self._prefix_sums(needed)
        for a, k, reasons in pairs:
            literals = list(self.y[a][: k + 1])
            for u, d, j, own, need in reasons:
                z = m.new_bool_var("")
                held = self.prefix[u, d][j]
                if own:
                    held = held - LinearExpr.sum([var for t in own for var in self.x[t, u]])
                m.add(held >= need).only_enforce_if(z)
                literals.append(z)
                self.guards.append((z, u, d, j, own, need))
            m.add_bool_or(literals)
        m.maximize(
            LinearExpr.weighted_sum(
                [v for agent in p.agents for v in self.y[agent.index]],
                [len(agent.children) for agent in p.agents for _ in self.y[agent.index]],
            )
        )
        self.size = len(m.proto.variables)

    def _orders(self) -> dict[tuple[int, int, int], int]:
        p = self.p
        by_unit: dict[int, list[int]] = {}
        for c, u in self.x:
            by_unit.setdefault(u, []).append(c)
        position: dict[tuple[int, int, int], int] = {}
        for u, applicants in sorted(by_unit.items()):
            table = p.rank[u]
            applicants.sort(key=table.__getitem__)
            for d in range(5):
                needing = [c for c in applicants if d in p.days[c]]
                if needing:
                    self.order[u, d] = needing
                    for j, c in enumerate(needing):
                        position[u, d, c] = j
        return position

    def _reasons(self, agent, k: int, members, position) -> list[tuple]:
        """(u, d, j, own, need): day d of unit u full of the first j applicants is a reason."""
        p = self.p
        combo = agent.combos[k]
        reasons = []
        for s, u in combo:
            rank_u = p.rank[u]
            r = rank_u[s]
            for d in p.days[s]:
                siblings = sum(1 for t, v in combo if v == u and d in p.days[t] and rank_u[t] <= r)
                need = p.cap[u][d] - siblings + 1  # higher-priority others that make it full
                j = position[u, d, s]
                own = tuple(t for t in self.order[u, d][:j] if t in members) if members else ()
                if j - len(own) < need:
                    continue  # even all of them would leave a seat
                reasons.append((u, d, j, own, need))
        return reasons

    def _prefix_sums(self, needed: dict[tuple[int, int], set[int]]) -> None:
        p, m = self.p, self.model
        for (u, d), needing in self.order.items():
            cap = p.cap[u][d]
            ends = sorted(needed[u, d])
            if len(needing) > cap and (not ends or ends[-1] != len(needing)):
                ends.append(len(needing))  # the capacity
            chain: dict[int, cp_model.IntVar] = {}
            previous, before = 0, None
            for j in ends:
                var = m.new_int_var(0, min(cap, j), f"P{u}_{d}_{j}")
                terms = [v for c in needing[previous:j] for v in self.x[c, u]]
                if before is not None:
                    terms.append(before)
                m.add(LinearExpr.sum(terms) == var)
                chain[j] = var
                previous, before = j, var
            if not ends:
                continue  # never more applicants than seats: nothing to count
            self.prefix[u, d] = chain

    def add_hint(self, assigned: list[int]) -> None:
        """A complete hint, written in bulk (``add_hint`` one by one is slow at this size)."""
        p = self.p
        indices: list[int] = []
        values: list[int] = []
        for agent in p.agents:
            k = p.combo_of(agent, assigned)
            for j, var in enumerate(self.y[agent.index]):
                indices.append(var.index)
                values.append(1 if j == k else 0)
        counts: dict[tuple[int, int], list[int]] = {}
        for (u, d), chain in self.prefix.items():
            run, held = 0, [0]
            for c in self.order[u, d]:
                run += 1 if assigned[c] == u else 0
                held.append(run)
            counts[u, d] = held
            for j, var in chain.items():
                indices.append(var.index)
                values.append(held[j])
        for z, u, d, j, own, need in self.guards:
            indices.append(z.index)
            values.append(1 if counts[u, d][j] - sum(assigned[t] == u for t in own) >= need else 0)
        hint = self.model.proto.solution_hint
        hint.vars.extend(indices)
        hint.values.extend(values)
