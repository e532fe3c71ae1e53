"""Edge instances: each gives a correct, verified result or a plain ValueError."""

import random
import time
from dataclasses import replace
from datetime import date
from enum import IntEnum

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sppe.allocation.engine import Child, Family, Instance, Unit, _repair_locally, allocate, verify
from sppe.allocation.engine.generator import SCALES, Scale, generate
from sppe.allocation.engine.heuristic import Heuristic
from sppe.allocation.engine.priority import lottery_number
from sppe.allocation.engine.problem import compile_problem

from .test_properties import brute_force

START = date(2026, 1, 5)
WEEK = frozenset(range(5))
LILAS = Unit("A-b", "A", "bebes", 0, 17, (2,) * 5, "Les Lilas")
ROSES = Unit("C-b", "C", "bebes", 0, 17, (1,) * 5, "Les Roses")
CLOSED_TUESDAY = Unit("B-b", "B", "bebes", 0, 17, (1, 0, 1, 1, 1), "Les Iris")


def kid(child_id, wishes, *, points=5, days=WEEK, family=None, age=10, current=None, **extra):
    return Child(
        id=child_id,
        family_id=family or f"F-{child_id}",
        age_months=age,
        wishes=tuple(wishes),
        days=frozenset(days),
        points=points,
        application_date=extra.pop("applied", START),
        current_unit=current,
        **extra,
    )


def solved(instance, method="auto"):
    """Allocate, then check the result against a fresh run of the verifier."""
    result = allocate(instance, method=method, time_limit=2.0)
    again = verify(instance, result.matching)
    assert again.summary() == result.report.summary()
    assert result.report.is_stable, result.report
    assert result.report.wasted_seat_days == 0
    assert set(result.explanations) == {c.id for c in instance.children}
    return result


EDGE_INSTANCES = {
    "no children": Instance((LILAS,), ()),
    "no crèches, no wishes": Instance((), (kid("x", []),)),
    "day closed": Instance(
        (CLOSED_TUESDAY,),
        (kid("x", ["B"], points=9), kid("y", ["B"], days={0, 2}), kid("z", ["B"], days={0, 3})),
    ),
    "empty wish list": Instance((LILAS,), (kid("x", []), kid("y", ["A"]))),
    "no section for the age": Instance((LILAS,), (kid("x", ["A"], age=40),)),
    "three siblings together, two seats": Instance(
        (LILAS,),
        (*(kid(f"s{i}", ["A"], points=9, family="F") for i in range(3)), kid("y", ["A"])),
        (Family("F", together=True),),
    ),
    "transfer listing its own crèche": Instance(
        (LILAS, ROSES),
        (kid("t", ["C", "A"], current="A-b"), kid("u", ["C"], points=9), kid("v", ["A"])),
    ),
    "transfer ranking nothing above its seat": Instance(
        (LILAS,),
        (kid("t", ["A"], points=0, current="A-b"), *(kid(f"v{i}", ["A"], points=9) for i in "12")),
    ),
    "duplicate wishes": Instance(
        (LILAS, ROSES), (kid("x", ["C", "C", "A", "C"]), kid("y", ["C"], points=9))
    ),
}


@pytest.mark.parametrize("method", ["auto", "heuristic", "cp-sat"])
@pytest.mark.parametrize("name", sorted(EDGE_INSTANCES))
def test_edge_instance_gives_a_verified_stable_result(name, method):
    solved(EDGE_INSTANCES[name], method)


def test_no_children_gives_an_empty_matching():
    result = solved(EDGE_INSTANCES["no children"])
    assert result.matching == {}
    assert result.report.placed == 0


def test_child_without_wishes_is_told_its_request_stays_active():
    result = solved(EDGE_INSTANCES["empty wish list"])
    assert result.matching == {"x": None, "y": "A-b"}
    explanation = result.explain("x")
    assert explanation.reasons == ()
    assert "n'a pas obtenu de place" in explanation.text
    assert "Votre demande reste active" in explanation.text


def test_section_closed_on_a_needed_day_is_never_given():
    result = solved(EDGE_INSTANCES["day closed"])
    # x needs Tuesday, when the section is closed: its points do not matter
    assert result.matching["x"] is None
    assert [r.status for r in result.explain("x").reasons] == ["no_section"]
    # y (Monday, Wednesday) and z (Monday, Thursday) compete for Monday's seat
    assert sorted(result.matching[c] or "" for c in ("y", "z")) == ["", "B-b"]


def test_child_fitting_no_section_gets_no_section_reason():
    result = solved(EDGE_INSTANCES["no section for the age"])
    reason = result.explain("x").reasons[0]
    assert (reason.status, reason.creche_name) == ("no_section", "Les Lilas")
    assert "aucune section de cette crèche n'accueille un enfant de cet âge" in (
        result.explain("x").text
    )


def test_equal_points_go_to_the_oldest_application_then_the_lottery():
    kids = (
        kid("late", ["C"], applied=date(2026, 3, 1)),
        kid("early", ["C"], applied=date(2026, 1, 2)),
        kid("middle", ["C"], applied=date(2026, 2, 1)),
    )
    assert allocate(Instance((ROSES,), kids)).matching["early"] == "C-b"
    same_day = tuple(kid(f"E{i}", ["C"]) for i in range(5))
    for seed in ("2026-a", "2026-b", "2026-c"):
        result = solved(Instance((ROSES,), same_day, lottery_seed=seed))
        winner = min(same_day, key=lambda c: lottery_number(seed, c.id))
        assert [c for c, u in result.matching.items() if u] == [winner.id]
        loser = next(c for c, u in result.matching.items() if u is None)
        assert f"graine « {seed} »" in result.explain(loser).text


def test_joint_family_of_three_is_not_split_for_two_seats():
    result = solved(EDGE_INSTANCES["three siblings together, two seats"])
    assert result.matching == {"s0": None, "s1": None, "s2": None, "y": "A-b"}
    assert not result.report.sibling_violations
    text = result.explain("s0").text
    assert "ne peut pas accueillir tous vos enfants ensemble" in text


def test_transfer_listing_its_own_crèche_keeps_its_seat_when_the_better_one_is_full():
    result = solved(EDGE_INSTANCES["transfer listing its own crèche"])
    assert result.matching == {"t": "A-b", "u": "C-b", "v": "A-b"}
    explanation = result.explain("t")
    assert explanation.wish_position == 2
    assert [r.status for r in explanation.reasons] == ["full", "kept"]
    assert "garde sa place actuelle à Les Lilas" in explanation.text


def test_transfer_moving_up_frees_its_seat_for_another_child():
    instance = Instance(
        (Unit("A-b", "A", "bebes", 0, 17, (1,) * 5, "Les Lilas"), ROSES),
        (kid("t", ["C", "A"], current="A-b"), kid("v", ["A"], points=1)),
    )
    assert solved(instance).matching == {"t": "C-b", "v": "A-b"}


def test_transfer_ranking_nothing_above_its_seat_keeps_it_against_more_points():
    result = solved(EDGE_INSTANCES["transfer ranking nothing above its seat"])
    assert result.matching["t"] == "A-b"
    assert result.explain("t").reasons[0].status == "kept"
    assert not result.report.transfers_worse_off


def test_duplicate_wishes_count_once():
    result = solved(EDGE_INSTANCES["duplicate wishes"])
    assert result.matching == {"x": "A-b", "y": "C-b"}
    explanation = result.explain("x")
    assert explanation.wish_position == 2
    assert [(r.position, r.creche_id) for r in explanation.reasons] == [(1, "C"), (2, "A")]


def test_crèche_named_without_a_section_this_round_is_explained():
    instance = Instance((LILAS,), (kid("x", ["Z", "A"]),), creche_names={"Z": "Les Tulipes"})
    result = solved(instance)
    assert result.matching == {"x": "A-b"}
    explanation = result.explain("x")
    assert explanation.reasons[0].status == "no_seat"
    assert "Les Tulipes : cette crèche n'ouvre aucune place à cette commission." in (
        explanation.text
    )


@pytest.mark.parametrize(
    ("instance", "message"),
    [
        (Instance((LILAS,), (kid("x", ["Z", "A"]),)), "child x: unknown crèche 'Z'"),
        (Instance((LILAS,), (kid("x", ["A-b"]),)), "child x: unknown crèche 'A-b'"),
        (Instance((), (kid("x", ["A"]),)), "child x: unknown crèche 'A'"),
        (Instance((LILAS,), (replace(kid("x", []), wishes="A"),)), "list of crèche ids"),
        (Instance((LILAS,), (kid("x", ["A"], days=()),)), "child x: days must be"),
        (Instance((LILAS,), (kid("x", ["A"], days={5}),)), "child x: days must be"),
        (Instance((LILAS,), (replace(kid("x", ["A"]), days=2),)), "child x: days must be"),
        (Instance((LILAS,), (replace(kid("x", ["A"]), days="01"),)), "child x: days must be"),
        (Instance((LILAS,), (kid("x", ["A"], days={1.5}),)), "child x: days must be"),
        (Instance((replace(LILAS, capacity=(1, 1)),), ()), "unit A-b: capacity needs 5"),
        (Instance((replace(LILAS, capacity=None),), ()), "unit A-b: capacity needs 5"),
        (Instance((replace(LILAS, capacity=(1, 1, 1.5, 1, 1)),), ()), "non-negative whole"),
        (Instance((replace(LILAS, capacity=(1, 1, -1, 1, 1)),), ()), "non-negative whole"),
        (
            Instance((LILAS,), (), (Family("F", together=True), Family("F", together=False))),
            "duplicate family id 'F'",
        ),
        (
            Instance((LILAS,), (kid("x", ["A"], current="Z-b"),)),
            "child x: unknown current unit 'Z-b'",
        ),
        (
            Instance((CLOSED_TUESDAY,), (kid("x", ["B"], current="B-b"),)),
            "capacity must include the seats of children asking for a transfer",
        ),
    ],
)
def test_invalid_input_is_refused_with_a_plain_message(instance, message):
    with pytest.raises(ValueError, match=message):
        allocate(instance)


def test_malus_elsewhere_never_outranks_a_kept_seat():
    """A negative bonus at another crèche once packed the score outside the rank range."""
    unit = Unit("C-b", "C", "bebes", 0, 17, (1,) * 5, "Les Roses")
    other = Unit("E-b", "E", "bebes", 0, 17, (1,) * 5, "Les Iris")
    for seed in ("0", "1", "3"):
        instance = Instance(
            (unit, other),
            (
                kid("t", ["C"], points=1, current="C-b"),
                kid("u", ["C"], points=3, bonuses={"E": -2}),
            ),
            lottery_seed=seed,
        )
        result = solved(instance)
        assert result.matching == {"t": "C-b", "u": None}


def test_verifier_sees_the_waste_of_a_child_with_negative_points():
    instance = Instance((ROSES,), (kid("u", ["C"], points=-30, bonuses={"E": 2}),))
    report = verify(instance, {"u": None})
    assert report.envy_pairs == [("u", "C-b")]
    assert report.wasted_seat_days == 5
    assert solved(instance).matching == {"u": "C-b"}


def _shuffled(instance, seed):
    """The same instance with every list, set and mapping in another order."""
    rng = random.Random(seed)

    def reorder(items):
        items = list(items)
        rng.shuffle(items)
        return items

    children = [
        replace(c, bonuses=dict(reorder(c.bonuses.items())), days=frozenset(reorder(c.days)))
        for c in reorder(instance.children)
    ]
    return replace(
        instance,
        units=tuple(reorder(instance.units)),
        children=tuple(children),
        families=tuple(reorder(instance.families)),
        creche_names=dict(reorder(instance.creche_names.items())),
    )


def _serialised(result):
    explanations = [repr(e) for _, e in sorted(result.explanations.items())]
    return "\n".join(
        [repr(sorted(result.matching.items())), result.method, result.status,
         repr(result.report.summary()), *explanations]
    )  # fmt: skip


@pytest.mark.parametrize("seed", [7, 11])
def test_whole_pipeline_is_byte_identical_whatever_the_input_order(seed):
    instance = generate(SCALES["village"], seed=seed)
    reference = _serialised(allocate(instance))
    for shuffle in (1, 2):
        assert _serialised(allocate(_shuffled(instance, shuffle))) == reference


@pytest.mark.parametrize("seed", [7, 11, 23])
def test_unfair_status_in_explanations_matches_the_verifier(seed):
    """Every wish above the outcome is 'full' unless the verifier finds envy or blocking."""
    instance = generate(SCALES["village"], seed=seed)
    result = allocate(instance)
    creche_of = {u.id: u.creche_id for u in instance.units}
    blocking = {(c, creche_of[u]) for c, u in result.report.envy_pairs}
    family_of = {c.id: c.family_id for c in instance.children}
    families = set(result.report.blocking_families)
    for child in instance.children:
        for reason in result.explain(child.id).reasons:
            if reason.status in ("obtained", "kept", "no_seat", "no_section"):
                continue
            found = (child.id, reason.creche_id) in blocking or (
                family_of[child.id],
                reason.creche_id,
            ) in families
            assert (reason.status == "unfair") == found
            assert reason.status == "unfair" or reason.full_days


def test_joint_family_with_a_repeated_wish_is_still_one_demand():
    kids = (
        kid("s1", ["A", "A", "C"], family="F"),
        kid("s2", ["A", "C"], family="F"),
    )
    result = solved(Instance((LILAS, ROSES), kids, (Family("F", together=True),)))
    assert result.matching == {"s1": "A-b", "s2": "A-b"}


def test_weekdays_given_as_integer_choices_are_accepted():
    Weekday = IntEnum("Weekday", "MONDAY TUESDAY", start=0)
    instance = Instance((LILAS,), (kid("x", ["A"], days={Weekday.MONDAY, Weekday.TUESDAY}),))
    assert solved(instance).matching == {"x": "A-b"}


@pytest.mark.slow
def test_local_repairs_stop_on_a_deterministic_budget_not_on_the_clock():
    """The rounds of CP-SAT repairs once depended on the wall-clock time left."""
    problem = compile_problem(generate(Scale("test", 300, 8, 110, 2), seed=2))
    start = Heuristic(problem).run()
    assert not start.converged  # this instance needs the repairs
    outcomes = []
    for seconds_left in (60.0, 15.0):
        deadline = time.perf_counter() + seconds_left
        safety = lambda deadline=deadline: deadline - time.perf_counter()  # noqa: E731
        assigned, improved, spent = _repair_locally(problem, start.assigned, safety, 0.6)
        outcomes.append((assigned, improved and improved.blocking_count, round(spent, 6)))
        assert spent <= 0.6 + 1.0  # the budget, overrun at most by its last round
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][1] is not None  # the repairs removed blocking pairs


def odd_instance(seed: int) -> Instance:
    """A tiny instance with the shapes the other property tests rarely draw.

    Empty and repeated wishes, a crèche without sections, families of three, negative
    points and maluses, transfers listing their own crèche, sections closed some days.
    """
    rng = random.Random(seed)
    units = []
    for i in range(rng.randint(1, 3)):
        sections = (
            [("mixte", 0, 47)] if rng.random() < 0.3 else [("bebes", 0, 17), ("grands", 18, 47)]
        )
        for name, low, high in sections[: rng.randint(1, 2)]:
            capacity = tuple(rng.randint(0, 2) for _ in range(5))
            units.append(Unit(f"C{i}-{name}", f"C{i}", name, low, high, capacity))
    creches = sorted({u.creche_id for u in units})
    names = {"Z": "Les Tulipes"} if rng.random() < 0.3 else {}
    pool = creches + list(names)
    children: list[Child] = []
    families = []
    wanted = rng.randint(1, 6)
    while len(children) < wanted:
        family = f"F{len(children)}"
        size = rng.choice((1, 1, 2, 3)) if len(children) + 3 <= wanted else 1
        together = size > 1 and rng.random() < 0.6
        if size > 1:
            families.append(Family(family, together))
        wishes = [rng.choice(pool) for _ in range(rng.randint(0, 4))]
        for _ in range(size):
            if not together:
                wishes = [rng.choice(pool) for _ in range(rng.randint(0, 4))]
            days = {d for d in range(5) if rng.random() < 0.5} or {rng.randrange(5)}
            bonuses = {c: rng.choice((-2, 2)) for c in creches if rng.random() < 0.3}
            applied = date(2026, rng.randint(1, 2), 1)
            children.append(
                kid(f"E{len(children)}", wishes, points=rng.randint(-2, 3), days=days,
                    family=family, age=rng.choice((6, 20, 30)), bonuses=bonuses, applied=applied)
            )  # fmt: skip
    joint = {f.id for f in families if f.together}
    held: dict[tuple[str, int], int] = {}
    for i, child in enumerate(children):
        free = [u for u in units if all(held.get((u.id, d), 0) < u.capacity[d] for d in child.days)]
        if child.family_id in joint or not free or rng.random() > 0.3:
            continue
        seat = rng.choice(free)
        for d in child.days:
            held[seat.id, d] = held.get((seat.id, d), 0) + 1
        children[i] = replace(child, current_unit=seat.id)
    return Instance(tuple(units), tuple(children), tuple(families), str(seed), creche_names=names)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_odd_shapes_reach_the_brute_force_optimum(seed):
    instance = odd_instance(seed)
    result = allocate(instance, time_limit=5.0)
    assert result.report.is_feasible
    assert verify(instance, result.matching).summary() == result.report.summary()
    assert len(result.explanations) == len(instance.children)
    outcomes = brute_force(instance)
    best_blocking = min(b for b, _ in outcomes)
    best_placed = max(p for b, p in outcomes if b == best_blocking)
    assert (result.report.blocking_count, result.report.placed) == (best_blocking, best_placed)
