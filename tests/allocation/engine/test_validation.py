"""Malformed fields give a plain ValueError naming the child (or unit, or family)."""

from dataclasses import replace
from datetime import date

import pytest

from sppe.allocation.engine import Child, Family, Instance, Unit, allocate, verify

UNIT = Unit("A-b", "A", "bebes", 0, 17, (2,) * 5, "Les Lilas")
CHILD = Child("x", "F-x", 10, ("A",), frozenset({0, 1}), 5, date(2026, 1, 5))


def with_child(**changes):
    return Instance((UNIT,), (replace(CHILD, **changes),))


@pytest.mark.parametrize(
    ("instance", "message"),
    [
        (with_child(points=None), "child x: points must be a whole number, got None"),
        (with_child(points=2.5), "child x: points must be a whole number, got 2.5"),
        (with_child(points="12"), "child x: points must be a whole number, got '12'"),
        (with_child(points=True), "child x: points must be a whole number"),
        (with_child(application_date=None), "child x: application_date must be a date"),
        (with_child(application_date="2026-01-05"), "child x: application_date must be a date"),
        (with_child(age_months=None), "child x: age_months must be a whole number"),
        (with_child(age_months=-1), "child x: age_months must be a whole number"),
        (with_child(wishes=None), "child x: wishes must be a list of crèche ids"),
        (with_child(wishes=("A", None)), "child x: every wish must be a crèche id"),
        (with_child(bonuses=None), "child x: bonuses must map crèche ids to whole numbers"),
        (with_child(bonuses={"A": None}), "child x: bonuses must map crèche ids"),
        (with_child(family_id=None), "child x: family_id must be a non-empty text"),
        (with_child(current_unit=3), "child x: current_unit must be a unit id or None"),
        (with_child(label=None), "child x: label must be a text"),
        (with_child(id=None), "child None: the id must be a non-empty text"),
        (with_child(days=None), "child x: days must be"),
        (Instance((replace(UNIT, min_age_months=None),), ()), "unit A-b: the age range needs"),
        (Instance((replace(UNIT, max_age_months=-3),), ()), "unit A-b: the age range needs"),
        (Instance((replace(UNIT, creche_id=None),), ()), "unit A-b: creche_id must be a text"),
        (Instance((replace(UNIT, id=None),), ()), "unit None: the id must be a non-empty text"),
        (
            Instance((UNIT,), (CHILD,), (Family("F-x", together="yes"),)),
            "family F-x: together must be True or False",
        ),
        (replace(with_child(), lottery_seed=None), "the lottery seed must be a text"),
        (replace(with_child(), start_date="2026-09-01"), "the start date must be a date"),
        (Instance((UNIT,), ("x",)), "children must be Child objects, got str"),
    ],
)
def test_malformed_fields_are_named_in_a_plain_error(instance, message):
    with pytest.raises(ValueError, match=message):
        allocate(instance)
    with pytest.raises(ValueError, match=message):
        verify(instance, {})
