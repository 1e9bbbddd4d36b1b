"""The tests' view of the app's clock: the system clock the app uses (moved for a whole run by
``DIVERT_TEST_CLOCK``, see tests/conftest.py), never the wall clock read directly; tests that
need a fixed moment use FixedClock.

On a day the service is closed (a weekend, a bank holiday, such as the Sunday the clocks change)
the diary has no "today": there the tests' clock, which the test databases also tell the time by,
is the same time of day on the next open day, so tests that book "today" mean a day that can have
appointments, whatever day the suite runs on.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from divert_desktop.clock import SystemClock
from divert_desktop.core.calendar import closed_reason
from divert_desktop.core.clock import Clock
from divert_desktop.core.validation import UK_TIMEZONE


class TestClock(Clock):
    """The system clock, stepped to the next open day when today is closed."""

    __test__ = False  # not a test class

    def aware_now(self) -> datetime:
        now = SystemClock().aware_now()
        local = now.astimezone(UK_TIMEZONE)
        day = local.date()
        while closed_reason(day):
            day += timedelta(days=1)
        if day == local.date():
            return now
        return datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=UK_TIMEZONE)


CLOCK = TestClock()
