"""Crèche place allocation: fair by construction, explained to every family.

Pure Python (no Django). Entry point::

    result = allocate(instance, time_limit=10.0)
    result.matching      # child id -> unit id or None
    result.report        # the verifier's findings (justified envy, waste, violations)
    result.explain(id)   # why this child got this outcome, in French
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from . import deferred_acceptance as da
from .explain import Explainer, Explanation
from .heuristic import Heuristic
from .model import Child, Family, Instance, Matching, SafetyLimitReached, Unit
from .problem import Problem, compile_problem
from .verifier import Report, verify, verify_assigned

__all__ = [
    "Child",
    "Explanation",
    "Family",
    "Instance",
    "Matching",
    "Report",
    "Result",
    "SafetyLimitReached",
    "Unit",
    "allocate",
    "verify",
]

METHODS = ("auto", "deferred-acceptance", "heuristic", "cp-sat")
CPSAT_MAX_VARIABLES = 20_000  # about 500 children; beyond, presolve alone eats the budget
# the largest stable matching, once the heuristic found a stable one: stability is then a
# hard constraint, added lazily, and the model far easier (Montreuil, 2,500 children:
# 120,000 by this count; CP-SAT proves the optimum on about 25,000 variables in 2 to 4 s)
STABLE_MAX_VARIABLES = 250_000
STABLE_DETERMINISTIC_SHARE = 0.2  # of the time limit, in CP-SAT's deterministic seconds
# when the heuristic leaves blocking pairs: the local repairs and the whole model share
# this budget (CP-SAT's deterministic seconds, measured at 2 to 4 wall seconds each), so
# that the rounds and their outcome do not depend on the speed of the machine
REPAIR_DETERMINISTIC_SHARE = 0.15  # of the time limit
REPAIR_ROUND_DETERMINISTIC = 1.0  # at most, for one neighbourhood
REPAIR_ROUND_MINIMUM = 0.2  # a smaller budget left is not worth a round
# wall seconds for a whole call: a far safety net, never a budget (see allocate)
SAFETY_LIMIT = 900.0


@dataclass
class Result:
    matching: Matching
    report: Report
    method: str  # deferred-acceptance, heuristic or cp-sat
    status: str  # exact, optimal, feasible, best-effort
    problem: Problem = field(repr=False)
    assigned: list[int] = field(repr=False)
    timings: dict[str, float] = field(default_factory=dict)

    @cached_property
    def _explainer(self) -> Explainer:
        return Explainer(self.problem, self.assigned)

    def explain(self, child_id: str) -> Explanation:
        return self._explainer.explain(child_id)

    @cached_property
    def explanations(self) -> dict[str, Explanation]:
        return {child.id: self.explain(child.id) for child in self.problem.children}


def allocate(
    instance: Instance,
    *,
    time_limit: float = 10.0,
    method: str = "auto",
    cpsat_max_variables: int = CPSAT_MAX_VARIABLES,
    stable_max_variables: int = STABLE_MAX_VARIABLES,
    safety_limit: float = SAFETY_LIMIT,
) -> Result:
    """Allocate the seats of ``instance``.

    ``method``: ``auto`` (deferred acceptance when exact, else the heuristic, a
    CP-SAT repair of the neighbourhood of any blocking pair left, then CP-SAT on the
    whole model when it is small enough: with stability as a hard constraint, warm-started
    from the heuristic, when the heuristic's matching is stable, to find the stable
    matching placing the most children; minimising blocking pairs otherwise),
    ``deferred-acceptance``, ``heuristic`` or ``cp-sat`` (CP-SAT whatever the size).

    The result depends on the data only, never on the machine or its load: the heuristic
    is bounded by counts of rounds and proposals, CP-SAT by its deterministic time.
    ``time_limit`` is the scale of those deterministic budgets (CP-SAT's deterministic
    seconds are a share of it; on an idle machine a run takes about that many seconds at
    most); it is not a clock. ``safety_limit`` (wall seconds for the whole call) is a far
    safety net: when it is reached the engine raises :class:`SafetyLimitReached` instead
    of returning a matching that another run would not reproduce.
    The result is always the best matching found, with the verifier's report.
    ``status``: ``exact`` (deferred acceptance: every stable matching places the same
    children), ``optimal`` (CP-SAT proved no matching has fewer blocking pairs, or as many
    and more children placed), ``stable`` (no blocking pair, optimality not proven) or
    ``best-effort``.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}, expected one of {', '.join(METHODS)}")
    collecting = gc.isenabled()
    gc.disable()  # building many small objects: the cyclic collector would double the time
    try:
        return _allocate(
            instance, time_limit, method, cpsat_max_variables, stable_max_variables, safety_limit
        )
    finally:
        if collecting:
            gc.enable()


def _allocate(
    instance: Instance,
    time_limit: float,
    method: str,
    cpsat_max_variables: int,
    stable_max_variables: int,
    safety_limit: float,
) -> Result:
    start = time.perf_counter()
    safety_end = start + safety_limit  # the far wall-clock safety net (raises, never cuts)

    def safety() -> float:
        return safety_end - time.perf_counter()

    timings: dict[str, float] = {}
    problem = compile_problem(instance)
    timings["compile"] = time.perf_counter() - start
    fast = da.applies(problem)
    if method == "deferred-acceptance" or (method == "auto" and fast):
        if not fast:
            raise ValueError(
                "deferred acceptance is exact only with one set of days per unit "
                "and no joint sibling demands"
            )
        assigned = da.deferred_acceptance(problem)
        return _result(problem, assigned, "deferred-acceptance", "exact", timings, start)
    found = Heuristic(problem).run()
    timings["heuristic"] = time.perf_counter() - start - timings["compile"]
    assigned, chosen, status = found.assigned, "heuristic", "best-effort"
    if found.converged:
        status = "stable"
    if method == "heuristic":
        return _result(problem, assigned, chosen, status, timings, start)
    # CP-SAT's deterministic seconds for what follows (see above); CP-SAT alone gets more
    share = STABLE_DETERMINISTIC_SHARE if method == "cp-sat" else REPAIR_DETERMINISTIC_SHARE
    budget = time_limit * share
    if not found.converged and method != "cp-sat":
        assigned, repaired, spent = _repair_locally(problem, assigned, safety, budget)
        budget -= spent
        timings["repair"] = time.perf_counter() - start - sum(timings.values())
        if repaired:
            chosen = "heuristic+lns"
            status = "stable" if repaired.is_stable else status
    size = problem.model_size()
    if status == "stable" and (method == "cp-sat" or size <= stable_max_variables):
        assigned, chosen, status = _largest_stable(problem, assigned, chosen, time_limit, safety)
        timings["cp-sat"] = time.perf_counter() - start - sum(timings.values())
    elif method == "cp-sat" or size <= cpsat_max_variables:
        from . import cpsat  # imported late: OR-Tools is only needed off the fast paths

        solved = cpsat.solve(
            problem,
            hint=assigned,
            deterministic_limit=max(REPAIR_ROUND_MINIMUM, budget),
            safety_limit=safety(),
        )
        timings["cp-sat"] = time.perf_counter() - start - sum(timings.values())
        if solved.assigned is not None:
            before = verify_assigned(problem, assigned)
            mine = (before.blocking_count, -before.placed)
            theirs = (solved.blocking, -solved.placed)
            if theirs < mine or (theirs == mine and solved.status == "OPTIMAL"):
                assigned, chosen = solved.assigned, "cp-sat"
            status = "optimal" if solved.status == "OPTIMAL" else status
    return _result(problem, assigned, chosen, status, timings, start)


def _largest_stable(
    problem: Problem,
    assigned: list[int],
    chosen: str,
    time_limit: float,
    safety: Callable[[], float],
) -> tuple[list[int], str, str]:
    """CP-SAT, warm-started from the stable ``assigned``: the stable matching placing most.

    The heuristic's matching is kept unless CP-SAT finds one placing more children
    (the heuristic gives the children their best wishes); the status becomes
    ``optimal`` when CP-SAT proves that no stable matching places more.
    """
    from . import cpsat  # imported late: OR-Tools is only needed off the fast paths

    solved = cpsat.maximise_stable(
        problem,
        assigned,
        deterministic_limit=time_limit * STABLE_DETERMINISTIC_SHARE,
        safety_limit=safety(),
    )
    status = "optimal" if solved.status == "OPTIMAL" else "stable"
    if solved.assigned is not None and solved.placed > sum(1 for u in assigned if u >= 0):
        return solved.assigned, "cp-sat", status  # verified stable by maximise_stable
    return assigned, chosen, status


def _repair_locally(
    problem: Problem,
    assigned: list[int],
    safety: Callable[[], float],
    budget: float,
    rounds: int = 20,
) -> tuple[list[int], Report | None, float]:
    """Fix the remaining blocking pairs with CP-SAT on their neighbourhood, while it helps.

    ``budget`` is in CP-SAT's deterministic seconds and the rounds are counted: the
    rounds stop in the same place on every machine; ``safety()``, the wall seconds left
    before the far safety net, never cuts a round short (reaching it raises). Returns the
    assignment, the verifier's report when it improved, and the budget spent.
    """
    from .neighbourhood import repair_within

    report = verify_assigned(problem, assigned)
    improved = None
    spent = 0.0
    for _ in range(rounds):
        allowed = min(REPAIR_ROUND_DETERMINISTIC, budget - spent)
        if report.blocking_count == 0 or allowed < REPAIR_ROUND_MINIMUM:
            break
        agents = {problem.agent_of[problem.child_index[c]] for c, _ in report.envy_pairs}
        families = {f for f, _ in report.blocking_families}
        agents.update(a.index for a in problem.agents if a.joint and a.family_id in families)
        candidate, cost = repair_within(problem, assigned, sorted(agents), allowed, safety())
        spent += cost
        if candidate is None:
            break
        after = verify_assigned(problem, candidate)
        if not after.is_feasible:
            break
        if (after.blocking_count, -after.placed) >= (report.blocking_count, -report.placed):
            break
        assigned, report, improved = candidate, after, after
    return assigned, improved, spent


def _result(
    problem: Problem,
    assigned: list[int],
    method: str,
    status: str,
    timings: dict[str, float],
    start: float,
) -> Result:
    before = time.perf_counter()
    report = verify_assigned(problem, assigned)
    timings["verify"] = time.perf_counter() - before
    timings["total"] = time.perf_counter() - start
    return Result(problem.to_matching(assigned), report, method, status, problem, assigned, timings)
