"""The columns search filters on (open days, regular hours) stay in step with the hours."""

import pytest

from sppe.offers.schedule import regular_hours, schedule_summary, weekly_schedule

from .factories import ChildminderFactory, EstablishmentFactory


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ("Mo-Fr 07:30-18:30", (450, 1110)),
        ("Mo-Fr 07:30-18:30; PH off", (450, 1110)),
        ("Mo,Tu,Th,Fr 08:00-17:30", (480, 1050)),
        ("Mo-Fr 07:30-12:00,13:30-18:30", None),  # a break at noon
        ("Mo-Th 07:30-18:30; Fr 07:30-16:00", None),  # hours that vary by day
        ("", None),
    ],
)
def test_regular_hours(hours, expected):
    assert regular_hours(weekly_schedule(hours)) == expected


def test_summary_of_an_unknown_schedule():
    assert schedule_summary({}) == {"open_days": 0, "regular_opens": None, "regular_closes": None}


@pytest.mark.django_db
def test_save_derives_the_columns_even_with_update_fields():
    am = ChildminderFactory(opening_hours="Mo-Th 08:00-17:00")
    am.refresh_from_db()
    assert (am.open_days, am.regular_opens, am.regular_closes) == (0b1111, 480, 1020)
    am.opening_hours = "Mo,We 07:00-12:00,13:00-19:00"
    am.weekly_schedule = weekly_schedule(am.opening_hours)
    am.save(update_fields=["opening_hours", "weekly_schedule"])
    am.refresh_from_db()
    assert (am.open_days, am.regular_opens, am.regular_closes) == (0b101, None, None)
    creche = EstablishmentFactory(opening_hours="")
    assert (creche.open_days, creche.regular_opens) == (0, None)
