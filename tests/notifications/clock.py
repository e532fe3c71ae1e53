"""A clock the tests move forward: patches django.utils.timezone.now."""

from datetime import timedelta
from unittest import mock

from django.utils import timezone


class Clock:
    def __init__(self, start=None):
        self.now = start or timezone.now()

    def advance(self, **delta):
        self.now += timedelta(**delta)
        return self.now

    def __enter__(self):
        self._patch = mock.patch("django.utils.timezone.now", side_effect=lambda: self.now)
        self._patch.start()
        return self

    def __exit__(self, *exc):
        self._patch.stop()
        return False
