"""Shared helpers of the list queries: display strings and index-friendly prefix ranges."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from divert_desktop.core.enums import AppointmentStatus
from divert_desktop.core.substances import format_substances
from divert_desktop.core.validation import format_date, format_time

MAX_PEOPLE = 200
MAX_REFERRALS = 500
HIDDEN_APPOINTMENTS = (AppointmentStatus.MOVED,)


def short_date(d: date) -> str:
    """Return a date without its weekday, such as "2 Dec 2001" (for dates of birth)."""
    return format_date(d).split(" ", 1)[1]


def days_left_text(days: int) -> str:
    """Plain words for the days left before the engagement deadline."""
    if days > 1:
        return f"{days} days left"
    if days == 1:
        return "1 day left"
    if days == 0:
        return "Last day today"
    return f"Overdue by {-days} day{'s' if days < -1 else ''}"


def substance_text(items: Any) -> str:
    """Substances for a list ("cannabis, cocaine"); files keep the canonical ";" form."""
    return ", ".join(part.strip() for part in format_substances(items).split(";") if part.strip())


def full_name(first: str, last: str) -> str:
    """ "First Last" as lists show it."""
    return f"{first} {last}".strip()


def prefix_range(column: Any, text: str) -> Any:
    """``column`` starts with ``text``, as an index-friendly range (see PITFALLS.md)."""
    return sa.and_(column >= text, column < prefix_end(text))


def prefix_end(text: str) -> str:
    """The smallest text after every text starting with ``text`` (its last character moved on
    by one, stepping over the surrogate halves, which cannot be sent to a database)."""
    while text and ord(text[-1]) >= 0x10FFFF:
        text = text[:-1]  # nothing comes after the last code point: widen to the one before
    if not text:
        return "\U0010ffff"
    following = ord(text[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:
        following = 0xE000
    return text[:-1] + chr(following)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Midnight at the start of ``day`` and of the next day."""
    start = datetime.combine(day, time.min)
    return start, start + timedelta(days=1)


def utc_text(moment: datetime) -> str:
    """A stored naive-UTC timestamp (audit, history, sign-ins) as local "Wed 2 Dec 2026 14:30"."""
    local = moment.replace(tzinfo=UTC).astimezone()
    return f"{format_date(local.date())} {format_time(local)}"
