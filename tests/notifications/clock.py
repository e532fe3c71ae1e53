"""A clock the tests move forward: the whole process's clock (time-machine), not ticking.

`clock.now` may be read, set or advanced; `timezone.now()`, `date.today()` and
`time.time()` all follow it, so factories and services agree on the day.
"""

from datetime import timedelta

import time_machine
from django.utils import timezone


class Clock:
    def __init__(self, start=None):
        self._now = start or timezone.now()
        self._travel = None
        self._traveller = None

    @property
    def now(self):
        return self._now

    @now.setter
    def now(self, value):
        self._now = value
        if self._traveller is not None:
            self._traveller.move_to(value)

    def advance(self, **delta):
        self.now = self._now + timedelta(**delta)
        return self._now

    def __enter__(self):
        self._travel = time_machine.travel(self._now, tick=False)
        self._traveller = self._travel.start()
        return self

    def __exit__(self, *exc):
        self._travel.stop()
        self._traveller = None
        return False
