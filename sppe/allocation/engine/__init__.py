"""Crèche place allocation: fair by construction, explained to every family.

Pure Python (no Django). Entry point::

    result = allocate(instance, time_limit=10.0)
    result.matching      # child id -> unit id or None
    result.report        # the verifier's findings (justified envy, waste, violations)
    result.explain(id)   # why this child got this outcome, in French
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cached_property

from . import deferred_acceptance as da
from .explain import Explainer, Explanation
from .heuristic import heuristic
from .model import Child, Family, Instance, Matching, Unit
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
    "Unit",
    "allocate",
    "verify",
]

CPSAT_MAX_VARIABLES = 40_000  # beyond this the model's presolve alone eats the budget


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
) -> Result:
    """Allocate the seats of ``instance``.

    ``method``: ``auto`` (deferred acceptance when exact, else the heuristic then
    CP-SAT when the model is small enough), ``deferred-acceptance``,
    ``heuristic`` or ``cp-sat`` (CP-SAT whatever the size).
    """
    start = time.perf_counter()
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
    found = heuristic(problem, time_limit=max(0.1, time_limit / 2))
    timings["heuristic"] = time.perf_counter() - start - timings["compile"]
    assigned, chosen, status = found.assigned, "heuristic", "best-effort"
    if found.converged:
        status = "stable"
    if method == "heuristic":
        return _result(problem, assigned, chosen, status, timings, start)
    from . import cpsat  # imported late: OR-Tools is only needed off the fast paths

    if method == "cp-sat" or cpsat.model_size(problem) <= cpsat_max_variables:
        remaining = time_limit - (time.perf_counter() - start)
        solved = cpsat.solve(problem, hint=assigned, time_limit=max(0.5, remaining))
        timings["cp-sat"] = time.perf_counter() - start - sum(timings.values())
        if solved.assigned is not None:
            before = verify_assigned(problem, assigned)
            mine = (before.blocking_count, -before.placed)
            theirs = (solved.blocking, -solved.placed)
            if theirs < mine or (theirs == mine and solved.status == "OPTIMAL"):
                assigned, chosen = solved.assigned, "cp-sat"
            status = "optimal" if solved.status == "OPTIMAL" else status
    return _result(problem, assigned, chosen, status, timings, start)


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
