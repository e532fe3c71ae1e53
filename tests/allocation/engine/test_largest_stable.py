"""The improvement phase: CP-SAT with hard stability, the stable matching placing most."""

import random
from dataclasses import replace
from datetime import date
from itertools import product

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sppe.allocation.engine import Child, Family, Instance, Unit, allocate, cpsat
from sppe.allocation.engine.generator import Scale, generate
from sppe.allocation.engine.heuristic import Heuristic
from sppe.allocation.engine.problem import compile_problem
from sppe.allocation.engine.verifier import verify_assigned

from .test_determinism import _fingerprint, _shuffled
from .test_properties import brute_force, tiny_instance

MONDAY_TUESDAY = (1, 1, 0, 0, 0)


def _child(cid, wishes, days, points, bonuses=None):
    return Child(cid, f"F{cid}", 12, wishes, frozenset(days), points, date(2026, 1, 5),
                 bonuses or {})  # fmt: skip


def _crossed_wishes(prefix=""):
    """Two crèches, one seat on Monday and Tuesday each; priorities cross the wishes.

    A wants U then V, B wants V then U; U puts B first, V puts A first (a bonus).
    Both {A: U, B: V} and {A: V, B: U} are stable, but in the first A fills U on
    Tuesday, in the second B only takes Monday and C, who needs Tuesday, gets U.
    The heuristic finds the first (each child gets its best wish): 2 children
    placed; the largest stable matching places 3.
    """
    cu, cv = f"{prefix}CU", f"{prefix}CV"
    units = (
        Unit(f"{prefix}U", cu, "mixte", 0, 47, MONDAY_TUESDAY),
        Unit(f"{prefix}V", cv, "mixte", 0, 47, MONDAY_TUESDAY),
    )
    children = (
        _child(f"{prefix}A", (cu, cv), (0, 1), 5, {cv: 10}),
        _child(f"{prefix}B", (cv, cu), (0,), 8),
        _child(f"{prefix}C", (cu,), (1,), 0),
    )
    return units, children


def test_engine_places_more_than_the_heuristic_when_a_larger_stable_matching_exists():
    units, children = _crossed_wishes()
    instance = Instance(units, children)
    heuristic = allocate(instance, method="heuristic")
    assert heuristic.report.is_stable
    assert heuristic.report.placed == 2

    result = allocate(instance)
    assert result.method == "cp-sat"
    assert result.status == "optimal"
    assert result.matching == {"A": "V", "B": "U", "C": "U"}
    assert result.report.is_stable and result.report.wasted_seat_days == 0
    stable = [placed for blocking, placed in brute_force(instance) if blocking == 0]
    assert max(stable) == 3 == result.report.placed
    # the exact model with blocking pairs as slack agrees
    assert cpsat.solve(result.problem).placed == 3
    # every refusal is explained by a full day, none is flagged unfair
    a = result.explain("A")
    assert [r.status for r in a.reasons] == ["full", "obtained"]
    assert "8 points" in a.text


def test_improvement_inside_a_generated_instance():
    base = generate(Scale("test", 200, 6, 70, 1), seed=3)
    units, children = _crossed_wishes(prefix="X")
    instance = replace(base, units=base.units + units, children=base.children + children)
    heuristic = allocate(instance, method="heuristic")
    assert heuristic.report.is_stable
    assert heuristic.matching["XC"] is None

    result = allocate(instance, time_limit=20)
    assert result.status == "optimal"
    assert result.report.is_stable and result.report.wasted_seat_days == 0
    assert result.report.placed == heuristic.report.placed + 1
    assert result.matching["XC"] == "XU"
    # the same matching and explanations whatever the order of the input lists
    assert _fingerprint(allocate(_shuffled(instance, 4), time_limit=20)) == _fingerprint(result)


def test_proven_optimal_on_a_town_keeps_the_heuristic_matching():
    instance = generate(Scale("test", 300, 8, 110, 2), seed=7)
    heuristic = allocate(instance, method="heuristic")
    result = allocate(instance, time_limit=20)
    assert heuristic.status == "stable"
    assert result.status == "optimal"
    assert result.method == "heuristic"  # no stable matching places more: kept as is
    assert result.matching == heuristic.matching
    assert "cp-sat" in result.timings


def test_too_large_for_the_improvement_phase_keeps_the_heuristic():
    instance = generate(Scale("test", 300, 8, 110, 2), seed=7)
    result = allocate(instance, stable_max_variables=10, cpsat_max_variables=10)
    assert result.status == "stable"
    assert "cp-sat" not in result.timings


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_largest_stable_matches_brute_force(seed):
    instance = tiny_instance(seed)
    problem = compile_problem(instance)
    stable = [placed for blocking, placed in brute_force(instance) if blocking == 0]
    hint = Heuristic(problem).run().assigned
    solved = cpsat.maximise_stable(problem, hint, deterministic_limit=5)
    if not stable:
        assert solved.status == "INFEASIBLE"
        return
    assert solved.status == "OPTIMAL"
    report = verify_assigned(problem, solved.assigned)
    assert report.is_stable
    assert report.placed == solved.placed == max(stable)


def crossed_instance(seed: int) -> Instance:
    """Two days, one or two seats a day, bonuses that cross the crèches' priorities."""
    rng = random.Random(seed)
    creches = [f"C{i}" for i in range(rng.randint(2, 3))]
    units = tuple(
        Unit(f"{c}-m", c, "mixte", 0, 47, (rng.randint(1, 2), rng.randint(1, 2), 0, 0, 0))
        for c in creches
    )
    children: list[Child] = []
    families = []
    n = rng.randint(3, 6)
    while len(children) < n:
        fid = f"F{len(children)}"
        together = len(children) + 2 <= n and rng.random() < 0.2
        if together:
            families.append(Family(fid, True))
        wishes = tuple(rng.sample(creches, rng.randint(1, len(creches))))
        for _ in range(2 if together else 1):
            days = rng.choice([(0,), (1,), (0, 1)])
            points = rng.randint(0, 3)
            applied = date(2026, 1, rng.randint(1, 3))
            bonuses = {c: 5 for c in creches if rng.random() < 0.4}
            children.append(
                Child(
                    f"E{len(children)}", fid, 12, wishes, frozenset(days), points, applied, bonuses
                )
            )
    return Instance(units, tuple(children), tuple(families), lottery_seed=str(seed))


def stable_matchings(problem):
    """Every stable matching, by enumeration: (children placed, child -> unit)."""
    choices = [
        range(len(a.combos)) if a.transfer else range(-1, len(a.combos)) for a in problem.agents
    ]
    found = []
    for pick in product(*choices):
        assigned = [-1] * problem.n_children
        for agent, k in zip(problem.agents, pick, strict=True):
            if k >= 0:
                for c, u in agent.combos[k]:
                    assigned[c] = u
        report = verify_assigned(problem, assigned)
        if report.is_stable:
            found.append((report.placed, assigned))
    return found


def test_a_family_placed_together_in_a_larger_stable_matching():
    # found by search among crossed instances: the heuristic places 2 children, stably;
    # moving E0 to its second wish makes room for the family E1 + E2 (placed together)
    instance = crossed_instance(217)
    problem = compile_problem(instance)
    heuristic = allocate(instance, method="heuristic")
    assert heuristic.report.is_stable and heuristic.report.placed == 2
    result = allocate(instance)
    assert (result.method, result.status) == ("cp-sat", "optimal")
    assert result.report.is_stable and not result.report.sibling_violations
    assert result.report.placed == 4 == max(p for p, _ in stable_matchings(problem))
    assert result.matching["E1"] is not None
    assert result.matching["E1"] == result.matching["E2"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32 - 1))
@example(217)  # stable matchings placing 2 or 4 children
def test_largest_stable_from_the_smallest_one(seed):
    problem = compile_problem(crossed_instance(seed))
    stable = stable_matchings(problem)
    if not stable:
        return
    smallest = min(stable, key=lambda found: found[0])[1]
    solved = cpsat.maximise_stable(problem, smallest, deterministic_limit=5)
    assert solved.status == "OPTIMAL"
    report = verify_assigned(problem, solved.assigned)
    assert report.is_stable
    assert report.placed == solved.placed == max(placed for placed, _ in stable)
