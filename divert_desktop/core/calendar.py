"""The service calendar: closed days, working hours, the booking grid and slot conflicts (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from types import EllipsisType, MappingProxyType

from divert_desktop.core.enums import PlaceKind
from divert_desktop.core.validation import format_date, format_time

__all__ = [
    "DEFAULT_HOURS",
    "GRID_MINUTES",
    "LATEST_APPOINTMENT_DAYS",
    "NEXT_FREE_DAYS",
    "WEEKEND",
    "BookingProblem",
    "BookingProblemKind",
    "booking_problems",
    "capacity_message",
    "closed_message",
    "closed_reason",
    "double_booking_messages",
    "free_grid_starts",
    "grid_starts",
    "hours_message",
    "is_bank_holiday",
    "next_free_message",
    "open_days",
    "overlaps",
    "parse_slot_id",
    "slot_id",
    "wants_next_free",
    "working_window",
]

DEFAULT_HOURS: tuple[time, time] = (time(9, 0), time(17, 0))
"""Opening hours when neither the settings nor the caseworker's own hours say otherwise."""

GRID_MINUTES = 15
"""The diary's grid: appointments start on a quarter hour."""

WEEKEND = "Weekend"
"""The closed-day reason given for a Saturday or Sunday that is not a bank holiday."""

LATEST_APPOINTMENT_DAYS = 366
"""An appointment more than this many days after the referral is taken for a mistyped date."""

NEXT_FREE_DAYS = 10
"""A refused booking names the next free time within this many open days (two working weeks)."""

_NO_CLOSURES: Mapping[date, str] = MappingProxyType({})


@lru_cache(maxsize=1)
def _table() -> dict[int, dict[date, str]]:
    from divert_desktop.core import bank_holidays

    years: dict[int, dict[date, str]] = {
        year: {} for year in range(bank_holidays.FIRST_YEAR, bank_holidays.LAST_YEAR + 1)
    }
    for line in bank_holidays.TABLE.splitlines():
        day = date.fromisoformat(line[:10])
        years[day.year][day] = line[11:]
    return years


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> Mapping[date, str]:
    known = _table().get(year)
    if known is not None:  # the table: importing ``holidays`` costs 17 MB and 460 modules
        return MappingProxyType(known)
    import holidays

    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return MappingProxyType({day: str(name) for day, name in found.items()})


def is_bank_holiday(d: date) -> str | None:
    """Return the name of the England and Wales bank holiday on ``d`` ("Christmas Day"), or None."""
    return _bank_holidays(d.year).get(d)


def closed_reason(
    d: date, closures: Mapping[date, str] = _NO_CLOSURES, *, weekends_closed: bool = True
) -> str | None:
    """Return why the service is closed on ``d``, or None when it is open.

    A bank holiday comes first (its name), then a closure a manager set (its reason), then the
    weekend ("Weekend") unless ``weekends_closed`` is False.
    """
    holiday = is_bank_holiday(d)
    if holiday:
        return holiday
    closure = closures.get(d)
    if closure:
        return closure
    if weekends_closed and d.weekday() >= 5:
        return WEEKEND
    return None


def working_window(
    d: date,
    hours: Mapping[int, tuple[time, time]] | None,
    default: tuple[time, time] = DEFAULT_HOURS,
) -> tuple[datetime, datetime] | None:
    """Return the start and end of the working day ``d``, or None when nobody works that day.

    ``hours`` maps weekdays (0 = Monday) to a caseworker's own hours; a weekday missing from it is
    a day they do not work. ``hours`` None means the caseworker has no hours of their own, so the
    service's ``default`` hours apply.
    """
    start, end = default if hours is None else hours.get(d.weekday(), (None, None))
    if start is None or end is None or start >= end:
        return None
    return datetime.combine(d, start), datetime.combine(d, end)


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Return True when two half-open intervals [start, end) share any moment.

    An appointment ending at 11:00 does not overlap one starting at 11:00.
    """
    return a_start < b_end and b_start < a_end


def closed_message(d: date, reason: str, next_open: date | None = None) -> str:
    """The message for booking on a closed day, naming the next open day when it is known."""
    text = f"The service is closed on {format_date(d)} ({reason})"
    if next_open is not None:
        text += f". The next open day is {format_date(next_open)}"
    return text


def _possessive(name: str | None) -> str:
    return f"{name}'s working hours" if name else "the service's opening hours"


def hours_message(
    start: datetime,
    end: datetime,
    window: tuple[datetime, datetime] | None,
    caseworker_name: str | None = None,
) -> str | None:
    """Return why [start, end) does not fit the working ``window``, or None when it fits."""
    if window is None:
        who = caseworker_name or "The service"
        verb = "is not working" if caseworker_name else "is not open"
        return f"{who} {verb} on {format_date(start.date())}"
    open_at, close_at = window
    span = f"({format_time(open_at)}–{format_time(close_at)})"
    if start < open_at or start >= close_at:
        return f"{format_time(start)} is outside {_possessive(caseworker_name)} {span}"
    if end > close_at:
        return (
            f"The appointment would end at {format_time(end)}, after "
            f"{_possessive(caseworker_name)} {span}"
        )
    return None


def double_booking_messages(
    start: datetime,
    end: datetime,
    caseworker_busy: Iterable[tuple[datetime, datetime, str]],
    caseworker_name: str | None = None,
) -> list[str]:
    """Return one message for each of the caseworker's appointments that overlaps [start, end)."""
    who = caseworker_name or "The caseworker"
    messages = []
    for busy_start, busy_end, label in sorted(caseworker_busy, key=lambda b: (b[0], b[1])):
        if overlaps(start, end, busy_start, busy_end):
            text = (
                f"{who} already has an appointment from {format_time(busy_start)} "
                f"to {format_time(busy_end)}"
            )
            messages.append(f"{text} ({label})" if label else text)
    return messages


def capacity_message(
    start: datetime,
    end: datetime,
    venue_busy: Iterable[tuple[datetime, datetime]],
    venue_capacity: int,
    venue_name: str | None = None,
) -> str | None:
    """Return a message naming the first moment in [start, end) when every room is in use.

    ``venue_busy`` holds the other appointments at the venue; None when a room stays free.
    """
    place = venue_name or "the venue"
    if venue_capacity <= 0:
        return f"{place[:1].upper()}{place[1:]} has no rooms that can be booked"
    busy = [(s, e) for s, e in venue_busy if overlaps(start, end, s, e)]
    # The number of rooms in use only rises when another appointment starts: check those moments.
    moments = sorted({start} | {s for s, _ in busy if start < s < end})
    for moment in moments:
        in_use = sum(1 for s, e in busy if s <= moment < e)
        if in_use >= venue_capacity:
            if venue_capacity == 1:
                return f"The only room at {place} is in use at {format_time(moment)}"
            return f"All {venue_capacity} rooms at {place} are in use at {format_time(moment)}"
    return None


class BookingProblemKind(StrEnum):
    """Why an appointment cannot go where it was asked for (see ``booking_problems``)."""

    IN_THE_PAST = "in_the_past"
    BEFORE_REFERRAL = "before_referral"
    TOO_FAR_AHEAD = "too_far_ahead"
    CLOSED = "closed"
    OUTSIDE_HOURS = "outside_hours"
    DOUBLE_BOOKED = "double_booked"
    NO_ROOM = "no_room"


@dataclass(frozen=True, slots=True)
class BookingProblem:
    """One reason an appointment cannot be booked; ``message`` is ready to show to the user."""

    kind: BookingProblemKind
    message: str

    def __str__(self) -> str:
        return self.message


def booking_problems(
    *,
    start: datetime,
    end: datetime,
    window: tuple[datetime, datetime] | EllipsisType | None = ...,
    closed: str | None = None,
    caseworker_busy: Sequence[tuple[datetime, datetime, str]] = (),
    venue_busy: Sequence[tuple[datetime, datetime]] = (),
    venue_capacity: int | None = None,
    caseworker_name: str | None = None,
    venue_name: str | None = None,
    now: datetime | None = None,
    referral_at: datetime | None = None,
    next_open: date | None = None,
) -> list[BookingProblem]:
    """Return every reason an appointment cannot go in [start, end): the one booking check.

    The diary, intake (live on the screen and when saving) and the import all call this with
    what they know; a check whose facts are not given is skipped. An empty list means the slot
    is free. In order:

    - ``now`` given: an appointment starting before it is in the past;
    - ``referral_at`` given: before the referral, or more than a year after it;
    - ``closed``: the closed-day reason (``closed_reason``: bank holiday, a manager's closure,
      weekend), named with ``next_open`` when known; on a closed day the hours and rooms are
      not checked;
    - ``window`` from ``working_window`` (None: not working that day; ``...``: hours unknown);
    - ``caseworker_busy``: the caseworker's other appointments (double booking);
    - ``venue_capacity`` (None: no room needed, as for phone, video and outreach) against
      ``venue_busy``, the venue's other appointments.
    """
    found: list[BookingProblem] = []

    def add(kind: BookingProblemKind, message: str | None) -> None:
        if message:
            found.append(BookingProblem(kind, message))

    if now is not None and start < now:
        add(BookingProblemKind.IN_THE_PAST, "The appointment must be in the future")
    if referral_at is not None and start < referral_at:
        add(
            BookingProblemKind.BEFORE_REFERRAL,
            "The appointment must be after the referral date and time",
        )
    elif referral_at is not None and start > referral_at + timedelta(days=LATEST_APPOINTMENT_DAYS):
        add(
            BookingProblemKind.TOO_FAR_AHEAD,
            "The appointment is more than a year after the referral. Check the date",
        )
    if closed:
        add(BookingProblemKind.CLOSED, closed_message(start.date(), closed, next_open))
    elif not isinstance(window, EllipsisType):
        add(
            BookingProblemKind.OUTSIDE_HOURS,
            hours_message(start, end, window, caseworker_name),
        )
    for message in double_booking_messages(start, end, caseworker_busy, caseworker_name):
        add(BookingProblemKind.DOUBLE_BOOKED, message)
    if not closed and venue_capacity is not None:
        add(
            BookingProblemKind.NO_ROOM,
            capacity_message(start, end, venue_busy, venue_capacity, venue_name),
        )
    return found


_NEXT_FREE_KINDS = frozenset(
    {
        BookingProblemKind.DOUBLE_BOOKED,
        BookingProblemKind.OUTSIDE_HOURS,
        BookingProblemKind.CLOSED,
        BookingProblemKind.NO_ROOM,
    }
)


def wants_next_free(problems: Iterable[BookingProblem]) -> bool:
    """True when another time would cure every one of ``problems`` (the caseworker is busy or
    not working, the service is closed, the rooms are full), so the refusal names the next
    free time; False when there is none, or one is about the date itself (in the past, before
    the referral, a year after it)."""
    kinds = {problem.kind for problem in problems}
    return bool(kinds) and kinds <= _NEXT_FREE_KINDS


def next_free_message(
    when: datetime | None,
    *,
    caseworker_name: str | None = None,
    venue_name: str | None = None,
    days: int = NEXT_FREE_DAYS,
) -> str:
    """The sentence a refused booking ends with: "Next free time for Sam Taylor: Tue 8 Dec 2026
    at 11:00" (the caseworker's, else the venue's, else the service's), or that there is none in
    the next ``days`` open days."""
    who = (
        f" for {caseworker_name}" if caseworker_name else f" at {venue_name}" if venue_name else ""
    )
    if when is None:
        return (
            f"There is no free time{who} in the next {days} open days. Choose another "
            "caseworker or venue, or use Find a slot"
        )
    return f"Next free time{who}: {format_date(when.date())} at {format_time(when)}"


def grid_starts(
    window: tuple[datetime, datetime] | None, length_minutes: int, step_minutes: int = GRID_MINUTES
) -> list[datetime]:
    """Return every grid start in ``window`` where an appointment of that length fits whole."""
    if window is None or length_minutes <= 0 or step_minutes <= 0:
        return []
    return list(_grid(window[0], window[1], length_minutes, step_minutes))


@lru_cache(maxsize=1024)
def _grid(
    open_at: datetime, close_at: datetime, length_minutes: int, step_minutes: int
) -> tuple[datetime, ...]:
    """``grid_starts`` worked out once for a window (every venue on a day shares it)."""
    midnight = datetime.combine(open_at.date(), time())
    offset = (open_at - midnight) // timedelta(minutes=1)
    first = midnight + timedelta(minutes=-(-offset // step_minutes) * step_minutes)
    length, step = timedelta(minutes=length_minutes), timedelta(minutes=step_minutes)
    if first + length > close_at:
        return ()
    count = (close_at - length - first) // step + 1
    return tuple(first + step * i for i in range(count))


def free_grid_starts(
    window: tuple[datetime, datetime] | None,
    length_minutes: int,
    *,
    venue_busy: Sequence[tuple[datetime, datetime]] = (),
    venue_capacity: int | None = None,
    caseworker_busy: Sequence[tuple[datetime, datetime, str]] = (),
    not_before: datetime | None = None,
    step_minutes: int = GRID_MINUTES,
) -> list[datetime]:
    """The grid starts in ``window`` where ``booking_problems`` finds nothing (same ``window``,
    ``venue_busy``, ``venue_capacity`` and ``caseworker_busy``, on an open day), from
    ``not_before`` on: the same rule worked out for a whole day at once by interval arithmetic.

    The rooms in use only change where an appointment starts or ends, so the day is cut there
    into spans with a constant count; a start is free when its [start, end) meets no span with
    every room in use and none of the caseworker's appointments. tests/unit/test_calendar.py
    checks it against ``booking_problems`` start by start.
    """
    starts = grid_starts(window, length_minutes, step_minutes)
    if not_before is not None:
        starts = [start for start in starts if start >= not_before]
    if venue_capacity is not None and venue_capacity <= 0:
        return []
    blocked = [(b[0], b[1]) for b in caseworker_busy]  # overlaps(), as the per-slot rule
    if venue_capacity is not None and venue_busy:
        changes: dict[datetime, int] = {}
        for busy_start, busy_end in venue_busy:
            if busy_start < busy_end:
                changes[busy_start] = changes.get(busy_start, 0) + 1
                changes[busy_end] = changes.get(busy_end, 0) - 1
        in_use, full_from = 0, None
        for moment in sorted(changes):
            in_use += changes[moment]
            if in_use >= venue_capacity and full_from is None:
                full_from = moment
            elif in_use < venue_capacity and full_from is not None:
                blocked.append((full_from, moment))
                full_from = None
    if not blocked or not starts:
        return starts
    length = timedelta(minutes=length_minutes)
    blocked.sort()
    return [
        start
        for start in starts
        if not any(b_start < start + length and start < b_end for b_start, b_end in blocked)
    ]


def open_days(
    from_date: date,
    count: int,
    closures: Mapping[date, str] = _NO_CLOSURES,
    *,
    weekends_closed: bool = True,
    search_days: int = 120,
) -> list[date]:
    """Return the first ``count`` days from ``from_date`` (inclusive) on which the service is open.

    Stops after ``search_days`` calendar days, so a long closure gives fewer days, never a hang.
    """
    days: list[date] = []
    day = from_date
    for _ in range(search_days):
        if len(days) >= count:
            break
        if closed_reason(day, closures, weekends_closed=weekends_closed) is None:
            days.append(day)
        day += timedelta(days=1)
    return days


_SLOT_ID = re.compile(r"v(\d{1,9})-(\d{8})-(\d{4})")


def slot_id(venue_id: int, start: datetime) -> str:
    """The id of the slot at ``venue_id`` starting at ``start`` (UK local time), the same in
    every feed and safe in a file name: ``v3-20261201-0930``."""
    # %-formatting: the same text as f"v{venue_id}-{start:%Y%m%d-%H%M}" at a fifth of the cost
    # (the feed makes one per free slot).
    return "v%d-%04d%02d%02d-%02d%02d" % (  # noqa: UP031
        venue_id,
        start.year,
        start.month,
        start.day,
        start.hour,
        start.minute,
    )


def parse_slot_id(text: str) -> tuple[int, datetime] | None:
    """The venue id and start of a ``slot_id``, or None when the text is not one."""
    found = _SLOT_ID.fullmatch(text.strip().casefold())
    if found is None:
        return None
    try:
        start = datetime.strptime(found[2] + found[3], "%Y%m%d%H%M")
    except ValueError:
        return None
    return int(found[1]), start


def place_text(kind: PlaceKind | str, venue_name: str | None, detail: str | None) -> str:
    """Where an appointment happens, in words, the same on every screen and sheet: the venue's
    name; "Video call" (not "Video: Video call"); "Outreach: Timberlane Library"."""
    kind = PlaceKind(kind)
    if kind == PlaceKind.VENUE:
        return venue_name or "Venue"
    label = kind.value.capitalize()
    text = (detail or "").strip()
    if not text:
        return label
    # a detail that starts with the kind says it already; otherwise the kind goes first
    return text if text.lower().startswith(label.lower()) else f"{label}: {text}"
