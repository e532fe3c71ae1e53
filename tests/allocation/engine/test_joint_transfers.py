"""An enrolled child asking a transfer together with a new sibling ("same crèche or none").

The semantics (ADR 0002): the family is placed together in a crèche it ranks above the
enrolled child's current crèche, or the new sibling joins the enrolled child's crèche
(when the family lists it), or else the enrolled child keeps its seat and the new
sibling is not placed.
"""

import random
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sppe.allocation.engine import Child, Family, Instance, Unit, allocate, verify
from sppe.allocation.engine.generator import ALL_FEATURES, Scale, generate

from .test_explain import _brute_full_days
from .test_properties import brute_force, tiny_instance

START = date(2026, 1, 5)
WEEK = frozenset(range(5))
JOINT = replace(ALL_FEATURES, joint_transfers=True)


def units(a_babies=1, a_middle=1, h_babies=1, h_middle=1):
    return (
        Unit("A-b", "A", "bebes", 0, 17, (a_babies,) * 5, "Les Lilas"),
        Unit("A-m", "A", "moyens", 18, 35, (a_middle,) * 5, "Les Lilas"),
        Unit("H-b", "H", "bebes", 0, 17, (h_babies,) * 5, "Les Hirondelles"),
        Unit("H-m", "H", "moyens", 18, 35, (h_middle,) * 5, "Les Hirondelles"),
    )


def kid(child_id, wishes, *, age, points=5, family=None, current=None, label=""):
    return Child(
        id=child_id,
        family_id=family or f"F-{child_id}",
        age_months=age,
        wishes=tuple(wishes),
        days=WEEK,
        points=points,
        application_date=START,
        current_unit=current,
        label=label,
    )


def family(wishes=("A", "H"), points=5):
    return (
        kid("e", wishes, age=24, family="F", current="H-m", points=points, label="Léa"),
        kid("s", wishes, age=6, family="F", points=points, label="Tom"),
    )


TOGETHER = (Family("F", together=True),)


def solved(instance):
    """Allocate; the heuristic and CP-SAT alone agree with it, checked by the verifier."""
    result = allocate(instance, time_limit=2.0)
    assert verify(instance, result.matching).summary() == result.report.summary()
    assert result.report.is_stable, result.report
    assert not result.report.transfers_worse_off
    assert result.method != "deferred-acceptance"
    for method in ("heuristic", "cp-sat"):
        other = allocate(instance, time_limit=2.0, method=method)
        assert other.report.is_stable and other.report.placed == result.report.placed
    return result


def test_the_family_moves_together_to_a_crèche_it_ranks_higher_and_frees_the_seat():
    other = kid("o", ["H"], age=24, points=1)  # waits for the seat the enrolled child leaves
    result = solved(Instance(units(), (*family(), other), TOGETHER))
    assert result.matching == {"e": "A-m", "s": "A-b", "o": "H-m"}
    assert result.report.families_split == 0
    assert "Léa a obtenu une place à Les Lilas" in result.explain("e").text


def test_the_new_sibling_joins_the_enrolled_child_in_its_current_crèche():
    result = solved(Instance(units(a_babies=0), family(), TOGETHER))
    assert result.matching == {"e": "H-m", "s": "H-b"}
    text = result.explain("e").text
    assert "Léa garde sa place actuelle à Les Hirondelles (section des moyens), où ses" in text
    assert "Tom a obtenu une place à Les Hirondelles (section des bébés), votre choix n° 2" in (
        result.explain("s").text
    )
    assert result.explain("s").wish_position == 2


def test_when_neither_is_possible_the_enrolled_child_keeps_its_seat_and_the_sibling_waits():
    rivals = (
        kid("r1", ["A"], age=6, points=9),  # takes the only baby seat of Les Lilas
        kid("r2", ["H"], age=6, points=9),  # and the one of Les Hirondelles
    )
    result = solved(Instance(units(), (*family(), *rivals), TOGETHER))
    assert result.matching == {"e": "H-m", "s": None, "r1": "A-b", "r2": "H-b"}
    assert result.report.families_split == 0  # the fallback of a joint demand is no split
    kept, waiting = result.explain("e"), result.explain("s")
    assert kept.unit_id == "H-m" and waiting.unit_id is None and waiting.wish_position is None
    assert [r.status for r in kept.reasons] == ["full", "kept"]
    assert [r.status for r in waiting.reasons] == ["full", "full"]  # its own wishes, refused
    assert "Léa garde sa place actuelle à Les Hirondelles" in kept.text
    assert "aucune des crèches demandées avant n'avait de place pour vos enfants ensemble" in (
        kept.text
    )
    assert "Tom n'a pas obtenu de place lors de cette commission ; Léa garde sa place" in (
        waiting.text
    )
    # both wishes are explained, with the day counts the matching shows
    assert "Choix n° 1, Les Lilas : pour Tom" in waiting.text
    assert "Choix n° 2, Les Hirondelles, la crèche actuelle : pour Tom" in waiting.text
    assert "au moins 9 points ; Tom en avait 5" in waiting.text
    assert "Votre demande reste active" in waiting.text
    assert "Votre demande reste active" not in kept.text
    instance = Instance(units(), (*family(), *rivals), TOGETHER)
    home = kept.reasons[1]
    tom = instance.children[1]
    for full in home.full_days:
        unit = next(u for u in instance.units if u.id == full.unit_id)
        assert full.day in _brute_full_days(instance, result.matching, tom, unit)


def test_a_family_not_listing_the_current_crèche_asks_only_to_move_together():
    result = solved(Instance(units(a_babies=0), family(wishes=("A",)), TOGETHER))
    assert result.matching == {"e": "H-m", "s": None}  # H-b is free, but was not asked


def test_the_sibling_joins_only_by_priority():
    rival = kid("r", ["H"], age=6, points=6)
    result = solved(Instance(units(a_babies=0), (*family(points=5), rival), TOGETHER))
    assert result.matching == {"e": "H-m", "s": None, "r": "H-b"}
    result = solved(Instance(units(a_babies=0), (*family(points=7), rival), TOGETHER))
    assert result.matching == {"e": "H-m", "s": "H-b", "r": None}


def test_the_verifier_sees_a_family_split_or_a_seat_lost():
    instance = Instance(units(), family(), TOGETHER)
    apart = verify(instance, {"e": "H-m", "s": "A-b"})
    assert apart.sibling_violations == ["F"] and not apart.is_feasible
    lost = verify(instance, {"e": None, "s": None})
    assert lost.transfers_worse_off == ["e"]
    moved_alone = verify(instance, {"e": "A-m", "s": None})
    assert not moved_alone.is_feasible
    blocked = verify(instance, {"e": "H-m", "s": None})  # every seat is free
    assert blocked.blocking_families == [("F", "A"), ("F", "H")]


def test_enrolled_children_of_one_joint_family_in_two_crèches_are_refused():
    kids = (
        kid("e1", ["A"], age=24, family="F", current="H-m"),
        kid("e2", ["A"], age=6, family="F", current="A-b"),
    )
    with pytest.raises(ValueError, match="family F: children placed together who are already"):
        allocate(Instance(units(), kids, TOGETHER))


def test_a_joint_family_of_enrolled_children_moves_together_or_stays():
    kids = (
        kid("e1", ["A", "H"], age=24, family="F", current="H-m"),
        kid("e2", ["A", "H"], age=6, family="F", current="H-b"),
    )
    assert solved(Instance(units(), kids, TOGETHER)).matching == {"e1": "A-m", "e2": "A-b"}
    full = solved(Instance(units(a_babies=0), kids, TOGETHER))
    assert full.matching == {"e1": "H-m", "e2": "H-b"}


def joint_transfer_instance(seed: int) -> Instance:
    """A tiny instance whose families placed together often hold an enrolled child."""
    instance = tiny_instance(seed)
    rng = random.Random(seed)
    held: dict[tuple[str, int], int] = {}
    for child in instance.children:
        if child.current_unit:
            for d in child.days:
                held[child.current_unit, d] = held.get((child.current_unit, d), 0) + 1
    together = {f.id for f in instance.families if f.together}
    children = list(instance.children)
    for i, child in enumerate(children):
        if child.family_id not in together or rng.random() < 0.3:
            continue
        if any(c.current_unit for c in children if c.family_id == child.family_id):
            continue
        fitting = [
            u for u in instance.units
            if u.fits(child.age_months)
            and all(held.get((u.id, d), 0) < u.capacity[d] for d in child.days)
        ]  # fmt: skip
        if fitting:
            unit = rng.choice(fitting)
            for d in child.days:
                held[unit.id, d] = held.get((unit.id, d), 0) + 1
            children[i] = replace(child, current_unit=unit.id)
    return replace(instance, children=tuple(children))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32 - 1))
@example(1)
@example(3)
def test_engine_matches_brute_force_optimum_with_joint_transfers(seed):
    instance = joint_transfer_instance(seed)
    result = allocate(instance, time_limit=5.0)
    report = result.report
    assert report.is_feasible, report
    assert not report.transfers_worse_off
    outcomes = brute_force(instance)
    best_blocking = min(b for b, _ in outcomes)
    best_placed = max(p for b, p in outcomes if b == best_blocking)
    assert report.blocking_count == best_blocking
    assert report.placed == best_placed
    for child in instance.children:
        assert result.explain(child.id).text  # every outcome is explained


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_generated_instances_with_joint_transfers_verify(seed):
    instance = generate(Scale("test", 400, 10, 150, 2), seed=seed, features=JOINT)
    together = {f.id for f in instance.families if f.together}
    enrolled = [c for c in instance.children if c.current_unit and c.family_id in together]
    assert enrolled  # the generator did draw the case
    result = allocate(instance, time_limit=4.0)
    report = verify(instance, result.matching)
    assert report.summary() == result.report.summary()
    assert report.is_feasible and not report.transfers_worse_off
    assert report.blocking_count == 0 and report.wasted_seat_days == 0
    units = {u.id: u for u in instance.units}
    for child in enrolled:
        unit = result.matching[child.id]
        assert unit is not None
        explanation = result.explain(child.id)
        if unit == child.current_unit:
            assert "garde sa place actuelle" in explanation.text
        siblings = [c for c in instance.children if c.family_id == child.family_id]
        creches = {units[result.matching[c.id]].creche_id for c in siblings
                   if result.matching[c.id]}  # fmt: skip
        assert len(creches) == 1  # never apart
