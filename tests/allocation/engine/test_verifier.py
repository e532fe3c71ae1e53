from datetime import date

from sppe.allocation.engine import Child, Family, Instance, Unit, verify

MON_TUE = frozenset({0, 1})
WEEK = frozenset(range(5))


def child(cid, wishes, points, days=WEEK, family=None, current=None, day=1):
    return Child(
        id=cid,
        family_id=family or f"F-{cid}",
        age_months=10,
        wishes=tuple(wishes),
        days=days,
        points=points,
        application_date=date(2026, 1, day),
        current_unit=current,
    )


def unit(uid, seats, creche=None):
    seats = seats if isinstance(seats, tuple) else (seats,) * 5
    return Unit(uid, creche or uid, "bebes", 0, 17, seats)


def test_justified_envy_is_found():
    instance = Instance(
        units=(unit("A", 1), unit("B", 1)),
        children=(child("high", ["A", "B"], 10), child("low", ["A", "B"], 5)),
    )
    report = verify(instance, {"high": "B", "low": "A"})
    assert report.envy_pairs == [("high", "A")]
    assert report.is_feasible and not report.is_stable


def test_empty_seat_wanted_by_a_child_is_waste():
    instance = Instance(units=(unit("A", 2),), children=(child("x", ["A"], 1),))
    report = verify(instance, {"x": None})
    assert report.envy_pairs == [("x", "A")]
    assert report.wasted_seat_days == 5


def test_part_week_envy_needs_every_day_free_of_higher_priority():
    # A has one seat a day; "mon" holds Monday only, so "week" (lower priority) cannot enter,
    # but "tue" (Tuesday only) can share the week with it and must not be refused.
    instance = Instance(
        units=(unit("A", 1),),
        children=(
            child("mon", ["A"], 10, days=frozenset({0})),
            child("week", ["A"], 5, days=MON_TUE),
            child("tue", ["A"], 1, days=frozenset({1})),
        ),
    )
    assert verify(instance, {"mon": "A", "week": None, "tue": "A"}).is_stable
    report = verify(instance, {"mon": "A", "week": None, "tue": None})
    assert report.envy_pairs == [("tue", "A")]


def test_capacity_sibling_and_transfer_violations():
    instance = Instance(
        units=(unit("A", 1), unit("B", 1)),
        children=(
            child("t1", ["A", "B"], 3, family="F"),
            child("t2", ["A", "B"], 3, family="F"),
            child("moving", ["A"], 1, current="B"),
        ),
        families=(Family("F", together=True),),
    )
    report = verify(instance, {"t1": "A", "t2": None, "moving": None})
    assert report.sibling_violations == ["F"]
    assert report.transfers_worse_off == ["moving"]
    report = verify(instance, {"t1": "A", "t2": "A", "moving": "B"})
    assert ("A", 0, 2, 1) in report.capacity_violations
    assert not report.is_feasible


def test_transfer_seat_is_guaranteed_against_higher_points():
    instance = Instance(
        units=(unit("A", 1),),
        children=(child("kept", ["A"], 0, current="A"), child("new", ["A"], 20)),
    )
    assert verify(instance, {"kept": "A", "new": None}).is_stable


def test_family_blocks_only_with_room_for_all_its_children():
    instance = Instance(
        units=(unit("A", 3), unit("B", 2)),
        children=(
            child("s1", ["A", "B"], 9, family="F"),
            child("s2", ["A", "B"], 9, family="F"),
            child("other", ["A"], 10),
            child("low", ["A"], 1),
        ),
        families=(Family("F", together=True),),
    )
    # A (3 seats): "other" outranks the twins, "low" does not: displacing "low" makes room
    report = verify(instance, {"s1": "B", "s2": "B", "other": "A", "low": "A"})
    assert report.blocking_families == [("F", "A")]
    higher = Instance(
        units=instance.units,
        children=(*instance.children[:3], child("low", ["A"], 10, day=2)),
        families=instance.families,
    )
    assert verify(higher, {"s1": "B", "s2": "B", "other": "A", "low": "A"}).is_stable


def test_unknown_child_or_unit_is_reported():
    instance = Instance(units=(unit("A", 1),), children=(child("x", ["A"], 1),))
    report = verify(instance, {"x": "nowhere", "ghost": "A"})
    assert ("x", "nowhere") in report.invalid_assignments
    assert ("ghost", "A") in report.invalid_assignments
    assert not report.is_feasible
