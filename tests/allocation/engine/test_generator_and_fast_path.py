from collections import Counter

from sppe.allocation.engine import allocate
from sppe.allocation.engine import deferred_acceptance as da
from sppe.allocation.engine.generator import FULL_WEEK_SINGLES, generate
from sppe.allocation.engine.problem import compile_problem


def test_generated_distributions_are_realistic():
    instance = generate("montreuil", seed=0)
    children = instance.children
    assert len(children) == 2_500
    assert len({u.creche_id for u in instance.units}) == 50
    assert sum(u.capacity[0] for u in instance.units) == 700
    days = Counter(len(c.days) for c in children)
    assert 0.55 < days[5] / len(children) < 0.65
    assert 0.20 < days[4] / len(children) < 0.30
    assert max(len(c.wishes) for c in children) == 5
    assert 0.04 < sum(1 for c in children if c.current_unit) / len(children) < 0.11
    families = Counter(c.family_id for c in children)
    multi = sum(1 for n in families.values() if n > 1)
    assert 0.08 < multi / len(families) < 0.16
    assert any(c.bonuses for c in children)
    compile_problem(instance)  # valid: transfers' seats fit, joint siblings share wishes


def test_fast_path_is_stable_and_wastes_nothing():
    instance = generate("small", seed=4, features=FULL_WEEK_SINGLES)
    assert da.applies(compile_problem(instance))
    result = allocate(instance)
    assert result.method == "deferred-acceptance"
    assert result.report.is_stable
    assert result.report.wasted_seat_days == 0
    assert result.report.placed == 300  # demand exceeds supply: every seat is used


def test_general_path_on_a_small_town():
    result = allocate(generate("small", seed=2), method="heuristic")
    report = result.report
    assert report.is_stable
    assert report.wasted_seat_days == 0
    assert not report.transfers_worse_off
    assert not report.sibling_violations


def test_stability_can_cost_places_and_the_engine_finds_the_largest_stable_matching():
    # found by search: "first choices first" places 59 children here, with blocking pairs;
    # CP-SAT proves that no stable matching places more than 55, and the engine finds 55.
    from sppe.allocation.engine.baselines import first_choices_first
    from sppe.allocation.engine.verifier import verify_assigned

    instance = generate("village", seed=5)
    result = allocate(instance, time_limit=30)
    assert result.status == "optimal"
    assert result.report.is_stable
    greedy = verify_assigned(result.problem, first_choices_first(result.problem))
    assert greedy.placed > result.report.placed
    assert greedy.blocking_count > 0
