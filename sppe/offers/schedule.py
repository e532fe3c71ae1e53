"""Weekdays and opening hours (pure Python; `opening-hours-py` parses OSM syntax).

Opening hours are stored and exchanged in the OpenStreetMap `opening_hours` syntax.
For search we derive once, on save, a weekly schedule: weekday -> open intervals in
minutes since midnight, read off a reference week that has no public holiday.
"""

import datetime as dt
from collections.abc import Iterable

import opening_hours
from django.utils.translation import gettext, gettext_lazy, pgettext

WEEKDAY_CODES = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
# Same msgids as sppe.offers.enums.Weekday: one translation for each day name.
WEEKDAY_LABELS = [
    gettext_lazy("lundi"),
    gettext_lazy("mardi"),
    gettext_lazy("mercredi"),
    gettext_lazy("jeudi"),
    gettext_lazy("vendredi"),
    gettext_lazy("samedi"),
    gettext_lazy("dimanche"),
]
ALL_WORKDAYS = 0b11111
# Monday 12 January 2026: a week without public holiday in France.
REFERENCE_MONDAY = dt.datetime(2026, 1, 12)
EARLY_LIMIT = 7 * 60
LATE_LIMIT = 19 * 60


class OpeningHoursError(ValueError):
    """The opening_hours string is not valid OSM syntax."""


def days_to_mask(days: Iterable[int]) -> int:
    mask = 0
    for day in days:
        if not 0 <= int(day) <= 6:
            raise ValueError(f"weekday out of range: {day}")
        mask |= 1 << int(day)
    return mask


def mask_to_days(mask: int) -> list[int]:
    return [day for day in range(7) if mask & (1 << day)]


def _list_separator() -> str:
    return pgettext("between the items of a list", ", ")


def describe_days(mask: int) -> str:
    """'du lundi au vendredi', 'lundi, mardi et jeudi'…, in the active language."""
    days = mask_to_days(mask)
    if not days:
        return gettext("aucun jour")
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return gettext("du %(first)s au %(last)s") % {
            "first": WEEKDAY_LABELS[days[0]],
            "last": WEEKDAY_LABELS[days[-1]],
        }
    labels = [str(WEEKDAY_LABELS[d]) for d in days]
    if len(labels) == 1:
        return labels[0]
    return gettext("%(days)s et %(last)s") % {
        "days": _list_separator().join(labels[:-1]),
        "last": labels[-1],
    }


def validate(value: str) -> str:
    value = (value or "").strip()
    if value and not opening_hours.validate(value):
        raise OpeningHoursError(value)
    return value


def weekly_schedule(value: str) -> dict[str, list[list[int]]]:
    """{"0": [[450, 1110]], ...}: open minute intervals per weekday (0 = Monday)."""
    value = validate(value)
    if not value:
        return {}
    parsed = opening_hours.OpeningHours(value)
    end = REFERENCE_MONDAY + dt.timedelta(days=7)
    schedule: dict[str, list[list[int]]] = {}
    for start, stop, state, _comment in parsed.intervals(REFERENCE_MONDAY, end):
        if state != opening_hours.State.OPEN:
            continue
        cursor = start
        while cursor < stop:  # split intervals that cross midnight
            day_end = dt.datetime.combine(cursor.date() + dt.timedelta(days=1), dt.time())
            piece_end = min(stop, day_end)
            weekday = str(cursor.weekday())
            start_minute = cursor.hour * 60 + cursor.minute
            end_minute = (piece_end - cursor).seconds // 60 + start_minute
            if piece_end - cursor == dt.timedelta(days=1):
                end_minute = 24 * 60
            schedule.setdefault(weekday, []).append([start_minute, end_minute])
            cursor = piece_end
    return schedule


def open_days_mask(schedule: dict) -> int:
    return days_to_mask(int(day) for day, intervals in schedule.items() if intervals)


def regular_hours(schedule: dict) -> tuple[int, int] | None:
    """(opens, closes) in minutes when every open day has the same single interval.

    Most offers keep the same hours every day they open: for them search checks the
    family's hours in SQL. None for an empty schedule or hours that vary by day or
    break at noon, which search checks in Python with covers().
    """
    spans = {tuple(intervals[0]) for intervals in schedule.values() if len(intervals) == 1}
    if len(spans) != 1 or any(len(intervals) > 1 for intervals in schedule.values()):
        return None
    return spans.pop()


def schedule_summary(schedule: dict) -> dict[str, int | None]:
    """The columns derived from a weekly schedule for search (see models.Scheduled)."""
    hours = regular_hours(schedule)
    return {
        "open_days": open_days_mask(schedule),
        "regular_opens": hours[0] if hours else None,
        "regular_closes": hours[1] if hours else None,
    }


def is_atypical(schedule: dict) -> bool:
    for day, intervals in schedule.items():
        if int(day) >= 5 and intervals:
            return True
        for start, end in intervals:
            if start < EARLY_LIMIT or end > LATE_LIMIT:
                return True
    return False


def covers(schedule: dict, *, days_mask: int, start: int | None, end: int | None) -> bool:
    """Open on every wanted weekday for the whole [start, end] span (minutes).

    An empty schedule means unknown hours: it does not exclude the offer.
    """
    if not schedule:
        return True
    for day in mask_to_days(days_mask):
        intervals = schedule.get(str(day), [])
        if not intervals:
            return False
        wants_hours = start is not None and end is not None
        if wants_hours and not any(a <= start and end <= b for a, b in intervals):
            return False
    return True


def format_minutes(minutes: int) -> str:
    """'7 h 30', '18 h' in French; each language writes the time its own way."""
    hours, rest = divmod(minutes, 60)
    if rest:
        return gettext("%(hours)s h %(minutes)02d") % {"hours": hours, "minutes": rest}
    return gettext("%(hours)s h") % {"hours": hours}


def describe_schedule(schedule: dict) -> list[tuple[str, str]]:
    """[('lundi', '7 h 30 – 18 h 30'), ...] for the place page, in the active language."""
    rows = []
    for day in range(7):
        intervals = schedule.get(str(day), [])
        text = _list_separator().join(
            gettext("%(start)s – %(end)s") % {"start": format_minutes(a), "end": format_minutes(b)}
            for a, b in intervals
        )
        rows.append((str(WEEKDAY_LABELS[day]), text or gettext("fermé")))
    return rows
