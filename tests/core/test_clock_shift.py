"""SPPE_TEST_CLOCK_SHIFT_DAYS moves the clock of a whole test session (tests/conftest.py)."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = "SPPE_TEST_EXPECTED_TODAY"


def test_the_days_seen_by_a_session():
    """Run by the test below in a shifted session; in the ordinary run it checks only that
    the `time_machine` fixture still pins a day on top of the session's clock."""
    expected = os.environ.get(EXPECTED)
    if expected:
        assert dt.date.today().isoformat() == expected
        assert timezone.localdate().isoformat() == expected
    first = timezone.now()
    assert timezone.now() >= first  # the shifted clock ticks


def test_a_pinned_day_wins_over_the_session_shift(time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 10, tzinfo=dt.UTC), tick=False)
    assert timezone.now() == dt.datetime(2027, 3, 1, 10, tzinfo=dt.UTC)


def test_a_session_runs_a_year_ahead():
    today = dt.date.today()
    # This session may itself run shifted (CI): the inner one shifts from the real day.
    outer_shift = int(os.environ.get("SPPE_TEST_CLOCK_SHIFT_DAYS") or 0)
    expected = today - dt.timedelta(days=outer_shift) + dt.timedelta(days=400)
    env = {
        **os.environ,
        "SPPE_TEST_CLOCK_SHIFT_DAYS": "400",
        EXPECTED: expected.isoformat(),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{Path(__file__).relative_to(ROOT)}::test_the_days_seen_by_a_session",
            f"{Path(__file__).relative_to(ROOT)}::test_a_pinned_day_wins_over_the_session_shift",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if dt.date.today() != today:  # midnight passed during the run
        return
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
