"""The one clock: every "now" and "today" in the app comes from a Clock passed in, never the wall.

Times are UK local and naive (as appointments and referrals are stored); ``utc_now`` is naive UTC
(as audit and creation times are stored). The composition roots (``app.py``, ``cli.py``,
``selftest.py``) build a ``divert_desktop.clock.SystemClock``; tests pass a ``FixedClock``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import UTC, date, datetime, timedelta

from divert_desktop.core.validation import UK_TIMEZONE


class Clock(ABC):
    """Tells the time. Subclasses give ``aware_now()``; the rest follows from it."""

    @abstractmethod
    def aware_now(self) -> datetime:
        """The current moment as an aware datetime (any zone)."""

    def now(self) -> datetime:
        """UK local time now, naive, to the second."""
        return self.aware_now().astimezone(UK_TIMEZONE).replace(tzinfo=None, microsecond=0)

    def today(self) -> date:
        """Today's date in the UK."""
        return self.aware_now().astimezone(UK_TIMEZONE).date()

    def utc_now(self) -> datetime:
        """UTC now, naive (as audit and creation times are stored)."""
        return self.aware_now().astimezone(UTC).replace(tzinfo=None)


class FixedClock(Clock):
    """A clock that stands still at a UK local time until moved (tests, previews, the self-test)."""

    def __init__(self, moment: datetime) -> None:
        self.set(moment)

    def set(self, moment: datetime) -> None:
        """Stand at ``moment`` (naive means UK local time)."""
        self._moment = moment if moment.tzinfo else moment.replace(tzinfo=UK_TIMEZONE)

    def advance(self, delta: timedelta) -> None:
        self._moment = (self._moment.astimezone(UTC) + delta).astimezone(UK_TIMEZONE)

    def aware_now(self) -> datetime:
        return self._moment
