"""The diary's facts for many days at once (hours, closures, rooms in use), loaded in bulk, and the
free grid starts and booking checks worked out from them with the one rule in core.calendar."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core import calendar
from divert_desktop.core.enums import ACTIVE_APPOINTMENT_STATUSES, LocalAuthority, PlaceKind
from divert_desktop.persistence.models import Appointment, Closure, Venue
from divert_desktop.services.admin import settings as settings_service

__all__ = [
    "PG_VENUE_LOCK",
    "DiaryFacts",
    "VenueFacts",
    "load_diary_facts",
    "lock_venues",
    "service_hours",
]

PG_VENUE_LOCK = 0x56454E55  # "VENU": serialises room-capacity checks for one venue
MAX_LENGTH = 720  # the appointments table's check constraint on length_minutes
_ACTIVE = tuple(s.value for s in ACTIVE_APPOINTMENT_STATUSES)


@dataclass(frozen=True)
class VenueFacts:
    """One venue as the booking checks need it."""

    id: int
    name: str
    capacity: int
    active: bool
    local_authority: str
    address: str


@dataclass
class DiaryFacts:
    """Everything the booking checks need for venues over a run of days, read once.

    ``rooms`` holds the active venue appointments by (venue id, day); ``closures`` the closed days
    of each venue (the service's own closures and the venue's, the service's first).
    """

    first: date
    last: date
    service_hours: tuple[time, time]
    venues: dict[int, VenueFacts]
    closures: dict[int, dict[date, str]]
    rooms: dict[tuple[int, date], list[tuple[datetime, datetime]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def closed(self, venue_id: int, day: date) -> str | None:
        """Why the venue is closed on ``day`` (bank holiday, closure, weekend), or None."""
        return calendar.closed_reason(day, self.closures.get(venue_id, {}))

    def window(
        self, day: date, hours: Mapping[int, tuple[time, time]] | None = None
    ) -> tuple[datetime, datetime] | None:
        """The working hours on ``day``: a caseworker's own ``hours``, else the service's."""
        return calendar.working_window(day, hours, self.service_hours)

    def problems(
        self,
        venue_id: int,
        start: datetime,
        end: datetime,
        *,
        referral_at: datetime | None = None,
        hours: Mapping[int, tuple[time, time]] | None = None,
        caseworker_busy: Sequence[tuple[datetime, datetime, str]] = (),
    ) -> list[calendar.BookingProblem]:
        """Every reason an appointment at the venue cannot go in [start, end)
        (core.calendar.booking_problems with these facts)."""
        venue = self.venues[venue_id]
        day = start.date()
        return calendar.booking_problems(
            start=start,
            end=end,
            window=self.window(day, hours),
            closed=self.closed(venue_id, day),
            caseworker_busy=caseworker_busy,
            venue_busy=self.rooms[(venue_id, day)],
            venue_capacity=venue.capacity,
            venue_name=venue.name,
            referral_at=referral_at,
        )

    def take(self, venue_id: int, start: datetime, end: datetime) -> None:
        """Count a room as in use in [start, end) (an appointment just booked)."""
        first, last = start.date(), end.date()
        self.rooms[(venue_id, first)].append((start, end))
        if last != first:  # it runs past midnight: in use on both days
            self.rooms[(venue_id, last)].append((start, end))

    def free_starts(
        self,
        venue_id: int,
        day: date,
        length_minutes: int,
        *,
        not_before: datetime | None = None,
        hours: Mapping[int, tuple[time, time]] | None = None,
        caseworker_busy: Sequence[tuple[datetime, datetime, str]] = (),
    ) -> list[datetime]:
        """The grid starts on ``day`` where an appointment of that length can be booked at the
        venue (with a caseworker's ``hours`` and other appointments when given)."""
        if self.closed(venue_id, day):
            return []
        # The one rule (core.calendar.booking_problems) for the whole day at once: closed days
        # were left above; a day with nothing booked is every grid start from not_before on.
        return calendar.free_grid_starts(
            self.window(day, hours),
            length_minutes,
            venue_busy=self.rooms.get((venue_id, day), ()),
            venue_capacity=self.venues[venue_id].capacity,
            caseworker_busy=caseworker_busy,
            not_before=not_before,
        )


def service_hours(settings: dict[str, Any]) -> tuple[time, time]:
    """The opening hours from the day_start and day_end settings ("09:00", "17:00")."""
    hours = []
    for key, fallback in zip(("day_start", "day_end"), calendar.DEFAULT_HOURS, strict=True):
        try:
            hours.append(time.fromisoformat(str(settings.get(key))))
        except ValueError:
            hours.append(fallback)
    return hours[0], hours[1]


def lock_venues(session: Session, venue_ids: Iterable[int]) -> None:
    """On PostgreSQL, take the lock a booking takes on each venue (in id order, so two
    callers never wait on each other) before its rooms are counted."""
    if session.get_bind().dialect.name != "postgresql":
        return  # SQLite: a write unit of work already holds the database's one write lock
    for venue_id in sorted(set(venue_ids)):
        session.execute(
            sa.text("SELECT pg_advisory_xact_lock(:k, :v)"), {"k": PG_VENUE_LOCK, "v": venue_id}
        )


def load_diary_facts(
    session: Session, first: date, last: date, venue_ids: Sequence[int] | None = None
) -> DiaryFacts:
    """Read hours, venues, closures and rooms in use from ``first`` to ``last`` (inclusive), for
    the given venues (default: all). Three queries, whatever the number of days."""
    v = Venue
    stmt = sa.select(v.id, v.name, v.capacity, v.active, v.local_authority, v.address)
    if venue_ids is not None:
        stmt = stmt.where(v.id.in_(list(venue_ids)) if venue_ids else sa.false())
    venues = {
        r.id: VenueFacts(
            r.id,
            r.name,
            r.capacity,
            bool(r.active),
            LocalAuthority(r.local_authority).value,
            " ".join((r.address or "").split()),
        )
        for r in session.execute(stmt.order_by(v.name))
    }
    ids = list(venues)
    c = Closure
    closure_rows = session.execute(
        sa.select(c.day, c.venue_id, c.reason, v.name)
        .outerjoin(v, v.id == c.venue_id)
        .where(c.day >= first, c.day <= last)
    )
    service: dict[date, str] = {}
    own: dict[int, dict[date, str]] = defaultdict(dict)
    for row in closure_rows:
        if row.venue_id is None:
            service.setdefault(row.day, row.reason)
        else:
            own[row.venue_id].setdefault(row.day, f"{row.name}: {row.reason}")
    closures = {i: {**own[i], **service} for i in ids}
    facts = DiaryFacts(
        first, last, service_hours(settings_service.read_all(session)), venues, closures
    )
    if ids:
        a = Appointment
        span_start = datetime.combine(first, time())
        span_end = datetime.combine(last, time.max)
        rows = session.execute(
            sa.select(a.venue_id, a.start_at, a.end_at).where(
                a.status.in_(_ACTIVE),
                a.place_kind == PlaceKind.VENUE,
                a.venue_id.in_(ids),
                # The lower bound on start_at lets the index on start_at do the work.
                a.start_at > span_start - timedelta(minutes=MAX_LENGTH),
                a.start_at <= span_end,
                a.end_at > span_start,
            )
        )
        take = facts.take
        for venue_id, start_at, end_at in rows:
            take(venue_id, start_at, end_at)  # type: ignore[arg-type]  # the query asks venue_id IN ids
    return facts
