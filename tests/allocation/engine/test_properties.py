"""Property-based checks against brute force on tiny random instances."""

import random
from dataclasses import replace
from datetime import date
from itertools import permutations, product

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sppe.allocation.engine import Child, Family, Instance, Unit, allocate
from sppe.allocation.engine.heuristic import Heuristic
from sppe.allocation.engine.neighbourhood import repair
from sppe.allocation.engine.problem import compile_problem
from sppe.allocation.engine.verifier import verify_assigned

DAYS = (0, 1, 2)  # few days so that part-week contracts collide often


def tiny_instance(seed: int) -> Instance:
    rng = random.Random(seed)
    units = []
    for i in range(rng.randint(1, 3)):
        sections = [("mixte", 0, 47)] if rng.random() < 0.3 else []
        sections += [("bebes", 0, 17), ("grands", 18, 47)][: rng.randint(1, 2)]
        for name, low, high in sections:
            capacity = tuple(rng.randint(0, 2) if d in DAYS else 0 for d in range(5))
            units.append(Unit(f"C{i}-{name}", f"C{i}", name, low, high, capacity))
    creches = sorted({u.creche_id for u in units})
    children: list[Child] = []
    families = []
    n = rng.randint(2, 6)
    while len(children) < n:
        fid = f"F{len(children)}"
        size = 2 if rng.random() < 0.5 and len(children) + 2 <= n else 1
        together = size > 1 and rng.random() < 0.7
        if size > 1:
            families.append(Family(fid, together))
        wishes = tuple(rng.sample(creches, rng.randint(1, len(creches))))
        for _ in range(size):
            days = frozenset(d for d in DAYS if rng.random() < 0.6) or frozenset({DAYS[0]})
            if not together:
                wishes = tuple(rng.sample(creches, rng.randint(1, len(creches))))
            children.append(
                Child(
                    id=f"E{len(children)}",
                    family_id=fid,
                    age_months=rng.choice((6, 24)),
                    wishes=wishes,
                    days=days,
                    points=rng.randint(0, 3),
                    application_date=date(2026, rng.randint(1, 2), 1),
                    bonuses={c: 2 for c in creches if rng.random() < 0.2},
                )
            )
    children = _add_transfers(rng, children, units, {f.id for f in families if f.together})
    return Instance(tuple(units), tuple(children), tuple(families), lottery_seed=str(seed))


def _add_transfers(rng, children, units, joint):
    held: dict[tuple[str, int], int] = {}
    result = []
    for child in children:
        fitting = [
            u for u in units
            if u.fits(child.age_months)
            and all(held.get((u.id, d), 0) < u.capacity[d] for d in child.days)
        ]  # fmt: skip
        if child.family_id in joint or not fitting or rng.random() > 0.25:
            result.append(child)
            continue
        unit = rng.choice(fitting)
        for d in child.days:
            held[unit.id, d] = held.get((unit.id, d), 0) + 1
        result.append(
            Child(child.id, child.family_id, child.age_months, child.wishes, child.days,
                  child.points, child.application_date, child.bonuses, current_unit=unit.id)
        )  # fmt: skip
    return result


def brute_force(instance: Instance):
    """Every feasible matching with its (blocking count, placed), by enumeration."""
    problem = compile_problem(instance)
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
        if report.is_feasible:
            found.append((report.blocking_count, report.placed))
    return found


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32 - 1))
@example(308)  # no stable matching: a joint family and part-week contracts
@example(730)  # no stable matching: two joint families
def test_engine_matches_brute_force_optimum(seed):
    instance = tiny_instance(seed)
    result = allocate(instance, time_limit=5.0)
    report = result.report
    assert report.is_feasible, report
    assert not report.capacity_violations
    assert not report.sibling_violations
    assert not report.transfers_worse_off
    outcomes = brute_force(instance)
    best_blocking = min(b for b, _ in outcomes)
    best_placed = max(p for b, p in outcomes if b == best_blocking)
    assert report.blocking_count == best_blocking
    assert report.placed == best_placed
    if best_blocking == 0:
        assert report.is_stable
        assert report.wasted_seat_days == 0


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_heuristic_never_violates_hard_constraints(seed):
    instance = tiny_instance(seed)
    result = allocate(instance, method="heuristic")
    assert result.report.is_feasible


def test_pinned_instances_have_no_stable_matching():
    for seed in (308, 730):
        assert min(b for b, _ in brute_force(tiny_instance(seed))) > 0


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
@example(308)
@example(730)
def test_local_repair_keeps_constraints_and_never_adds_blocking(seed):
    problem = compile_problem(tiny_instance(seed))
    start = Heuristic(problem).run().assigned
    before = verify_assigned(problem, start)
    blocking = sorted({problem.agent_of[problem.child_index[c]] for c, _ in before.envy_pairs}
                      | {a.index for a in problem.agents if a.joint
                         and a.family_id in {f for f, _ in before.blocking_families}})  # fmt: skip
    repaired = repair(problem, start, blocking or [0], time_limit=2.0)
    assert repaired is not None
    after = verify_assigned(problem, repaired)
    assert after.is_feasible
    # the neighbourhood optimum is at least as good as the start restricted to it
    assert after.blocking_count <= before.blocking_count


def _full_week_singles(seed: int) -> Instance:
    instance = tiny_instance(seed)
    children = tuple(
        Child(c.id, f"F-{c.id}", c.age_months, c.wishes, frozenset(range(5)), c.points,
              c.application_date, c.bonuses)
        for c in instance.children
    )  # fmt: skip
    units = tuple(
        Unit(u.id, u.creche_id, u.section, u.min_age_months, u.max_age_months,
             (min(u.capacity[:3]),) * 5)
        for u in instance.units
    )  # fmt: skip
    return Instance(units, children, (), instance.lottery_seed)


def _position(child: Child, instance: Instance, unit_id) -> int:
    if unit_id is None:
        return len(child.wishes)
    creche = next(u.creche_id for u in instance.units if u.id == unit_id)
    return child.wishes.index(creche)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_fast_path_is_strategy_proof(seed):
    """No child gets a crèche it prefers by reporting another list (any order, any subset)."""
    instance = _full_week_singles(seed)
    truthful = allocate(instance)
    assert truthful.method == "deferred-acceptance"
    for child in instance.children:
        honest = _position(child, instance, truthful.matching[child.id])
        for size in range(1, len(child.wishes) + 1):
            for lie in permutations(child.wishes, size):
                others = tuple(c for c in instance.children if c.id != child.id)
                liar = Child(child.id, child.family_id, child.age_months, lie, child.days,
                             child.points, child.application_date, child.bonuses)  # fmt: skip
                outcome = allocate(replace(instance, children=(*others, liar)))
                assert _position(child, instance, outcome.matching[child.id]) >= honest
