"""The demo generator's diary: working days, and who is busy when, as bitmasks of 15-minute slots."""

from __future__ import annotations

import math
import random
from bisect import bisect_left, bisect_right
from datetime import date, datetime, time, timedelta

SLOT = 15  # minutes: the diary grid


def _pick(rng: random.Random, free: int, slots: int) -> int | None:
    """A random start slot with ``slots`` free slots from it (half-hour starts preferred)."""
    run = free
    for shift in range(1, slots):
        run &= free >> shift
    if not run:
        return None
    aligned = run & 0x5555555555555555
    if aligned and rng.random() < 0.9:
        run = aligned
    for _ in range(rng.randrange(run.bit_count())):
        run &= run - 1
    return (run & -run).bit_length() - 1


class Diary:
    """Working days and busy time: a bitmask of 15-minute slots per caseworker-day and room-day.

    Weekends and England and Wales bank holidays are never working days. Every appointment the
    generator makes holds its caseworker's and its room's time, whatever its status, so the
    database's double-booking guard never fires.
    """

    def __init__(self, first: date, last: date, day_start: time, slots: int) -> None:
        import holidays

        closed = holidays.country_holidays(
            "GB", subdiv="ENG", years=range(first.year, last.year + 1)
        )
        self.days = [
            o
            for o in range(first.toordinal(), last.toordinal() + 1)
            if date.fromordinal(o).weekday() < 5 and date.fromordinal(o) not in closed
        ]
        self.day_start = day_start
        self.slots = slots
        self.full = (1 << slots) - 1
        self.cw: dict[int, dict[int, int]] = {}
        self.rooms: dict[int, dict[int, list[int]]] = {}
        self.capacity: dict[int, int] = {}

    def after(self, ordinal: int, workdays: int) -> int:
        """The working day ``workdays`` working days after ``ordinal`` (1 = the next one)."""
        index = min(bisect_right(self.days, ordinal) + workdays - 1, len(self.days) - 1)
        return self.days[index]

    def start_of(self, ordinal: int, slot: int) -> datetime:
        base = datetime.combine(date.fromordinal(ordinal), self.day_start)
        return base + timedelta(minutes=SLOT * slot)

    def occupy(
        self, caseworker: int | None, venue: int | None, start: datetime, end: datetime
    ) -> None:
        """Mark an appointment already in the database as busy time."""
        day = start.toordinal()
        base = datetime.combine(start.date(), self.day_start)
        first = max(0, int((start - base).total_seconds() // (SLOT * 60)))
        last = min(self.slots, math.ceil((end - base).total_seconds() / (SLOT * 60)))
        if last <= first:
            return
        bits = ((1 << (last - first)) - 1) << first
        if caseworker is not None:
            days = self.cw.setdefault(caseworker, {})
            days[day] = days.get(day, 0) | bits
        if venue is not None and venue in self.capacity:
            rooms = self.rooms[venue].setdefault(day, [0] * self.capacity[venue])
            for i, mask in enumerate(rooms):
                if not mask & bits:
                    rooms[i] = mask | bits
                    break

    def find(
        self,
        rng: random.Random,
        caseworker: int | None,
        ordinal: int,
        slots: int,
        venues: list[int] | None,
        latest: int | None = None,
        horizon: int = 25,
    ) -> tuple[int, int, int | None] | None:
        """Book the first working day from ``ordinal`` with free time: (day, slot, venue) or None."""
        days = self.days
        index = bisect_left(days, ordinal)
        stop = min(len(days), index + horizon)
        busy = self.cw.setdefault(caseworker, {}) if caseworker is not None else None
        bits = (1 << slots) - 1
        while index < stop:
            day = days[index]
            if latest is not None and day > latest:
                return None
            free = self.full & ~(busy.get(day, 0) if busy is not None else 0)
            if venues is None:
                start = _pick(rng, free, slots)
                if start is not None:
                    if busy is not None:
                        busy[day] = busy.get(day, 0) | bits << start
                    return day, start, None
            else:
                for venue in venues:
                    by_day = self.rooms[venue]
                    rooms = by_day.get(day)
                    if rooms is None:
                        rooms = by_day[day] = [0] * self.capacity[venue]
                    for i, mask in enumerate(rooms):
                        start = _pick(rng, free & ~mask, slots)
                        if start is not None:
                            rooms[i] = mask | bits << start
                            if busy is not None:
                                busy[day] = busy.get(day, 0) | bits << start
                            return day, start, venue
            index += 1
        return None
