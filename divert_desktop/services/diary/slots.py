"""The diary's read side: appointment DTOs, listing, free slots and the slot checks bookings share."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core import calendar
from divert_desktop.core.calendar import place_text
from divert_desktop.core.eligibility import is_young_person
from divert_desktop.core.enums import (
    ACTIVE_APPOINTMENT_STATUSES,
    AppointmentStatus,
    AppointmentType,
    LocalAuthority,
    PlaceKind,
    Role,
)
from divert_desktop.core.errors import ConflictError, NotFound, ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    Appointment,
    Closure,
    Person,
    Referral,
    StaffUser,
    Venue,
    WorkingHours,
)
from divert_desktop.services.admin import settings as settings_service
from divert_desktop.services.context import Actor
from divert_desktop.services.diary.facts import load_diary_facts
from divert_desktop.services.diary.facts import service_hours as _service_hours

MIN_LENGTH, MAX_LENGTH = 5, 720  # the appointments table's check constraint

_ACTIVE = tuple(s.value for s in ACTIVE_APPOINTMENT_STATUSES)
_GONE = (
    AppointmentStatus.MOVED,
    AppointmentStatus.CANCELLED_BY_PERSON,
    AppointmentStatus.CANCELLED_BY_PROVIDER,
)
_CAN_HOLD_APPOINTMENTS = (Role.CASEWORKER, Role.MANAGER)


@dataclass(frozen=True)
class AppointmentDTO:
    """One appointment as the diary, Today page and record pages show it."""

    id: int
    person_id: int
    referral_id: int | None
    type: AppointmentType
    caseworker_id: int | None
    caseworker_name: str | None
    start_at: datetime
    end_at: datetime
    length_minutes: int
    place_kind: PlaceKind
    venue_id: int | None
    venue_name: str | None
    place_detail: str | None
    status: AppointmentStatus
    status_reason: str | None
    version: int
    person_name: str
    young_person: bool
    police_reference: str | None = None
    moved_to_id: int | None = None
    arrived_at: datetime | None = None

    @property
    def place(self) -> str:
        """Where it happens, in words (``core.calendar.place_text``)."""
        return place_text(self.place_kind, self.venue_name, self.place_detail)


@dataclass(frozen=True)
class SlotDTO:
    """A free slot found by ``find_slots``."""

    start_at: datetime
    end_at: datetime
    venue_id: int
    venue_name: str
    caseworker_id: int | None


class SlotConflictError(ConflictError):
    """The slot clashes; ``problems`` lists each (core.calendar.booking_problems), ``conflicts``
    their messages. ``next_free`` is the first time from the one asked for that has none of them
    (None: not looked for, or none found); ``suggestion`` says it in words. The error's message
    joins the conflicts and the suggestion."""

    def __init__(
        self,
        problems: Sequence[calendar.BookingProblem],
        *,
        next_free: datetime | None = None,
        suggestion: str | None = None,
    ) -> None:
        self.problems = list(problems)
        self.conflicts = [p.message for p in self.problems]
        self.next_free = next_free
        self.suggestion = suggestion
        message = ". ".join(self.conflicts) + "."
        super().__init__(f"{message} {suggestion}." if suggestion else message)


def _busy(
    session: Session, start: datetime, end: datetime, exclude_id: int | None, *where: Any
) -> list[Any]:
    """Active appointments overlapping [start, end) that match ``where``, except ``exclude_id``."""
    a = Appointment
    stmt = sa.select(a.start_at, a.end_at, a.type).where(
        a.status.in_(_ACTIVE), *_overlapping(start, end), *where, a.id != (exclude_id or 0)
    )
    return list(session.execute(stmt))


def _check_slot(
    session: Session,
    *,
    start: datetime,
    end: datetime,
    caseworker: _Staff | None,
    place: _Place | None,
    exclude_id: int | None = None,
    override_capacity: bool = False,
    now: datetime | None = None,
    referral_at: datetime | None = None,
    latest: date | None = None,
    kept_place: _Place | None = None,
) -> None:
    """Raise SlotConflictError listing every clash of [start, end) (calendar.booking_problems,
    with this day's closures, hours and rooms loaded; ``now`` and ``referral_at`` as there).

    When another time would cure them (calendar.wants_next_free), the error names the next free
    time from ``start`` on for the same caseworker, place and length, on or before ``latest``
    (the engagement deadline) when given: the booking dialog, the move dialog and the intake
    all say the same. ``kept_place``: a venue not checked now (its room is already held, as
    when an appointment is given to another caseworker) whose rooms the time offered instead
    must also fit."""
    day, busy = start.date(), []
    if caseworker is not None:
        rows = _busy(session, start, end, exclude_id, Appointment.caseworker_id == caseworker.id)
        busy = [(r.start_at, r.end_at, AppointmentType(r.type).label) for r in rows]
    hours = _own_hours(session, caseworker.id) if caseworker else None
    window = calendar.working_window(day, hours, _service_hours(settings_service.read_all(session)))
    room_busy, capacity = [], None
    if place is not None and not override_capacity:
        at_venue = (Appointment.venue_id == place.id, Appointment.place_kind == PlaceKind.VENUE)
        room_busy = [
            (r.start_at, r.end_at) for r in _busy(session, start, end, exclude_id, *at_venue)
        ]
        capacity = place.capacity
    conflicts = calendar.booking_problems(
        start=start,
        end=end,
        caseworker_busy=busy,
        venue_busy=room_busy,
        venue_capacity=capacity,
        window=window,
        closed=calendar.closed_reason(
            day, _closures(session, day, day, place.id if place else None)
        ),
        caseworker_name=caseworker.name if caseworker else None,
        venue_name=place.name if place else None,
        now=now,
        referral_at=referral_at,
    )
    if not conflicts:
        return
    if not calendar.wants_next_free(conflicts):
        raise SlotConflictError(conflicts)
    free = next_free_start(
        session,
        start=start,
        length_minutes=(end - start) // timedelta(minutes=1),
        caseworker=caseworker,
        place=place or kept_place,
        exclude_id=exclude_id,
        rooms_counted=not override_capacity,
        latest=latest,
    )
    suggestion = calendar.next_free_message(
        free,
        caseworker_name=caseworker.name if caseworker else None,
        venue_name=place.name if place else None,
    )
    raise SlotConflictError(conflicts, next_free=free, suggestion=suggestion)


def next_free_start(
    session: Session,
    *,
    start: datetime,
    length_minutes: int,
    caseworker: _Staff | None,
    place: _Place | None,
    exclude_id: int | None = None,
    rooms_counted: bool = True,
    latest: date | None = None,
) -> datetime | None:
    """The first grid start from ``start`` on, in the next ``calendar.NEXT_FREE_DAYS`` open days
    (of the venue, when there is one) and not after ``latest``, where an appointment of that
    length passes the one booking check: the caseworker's hours and other appointments (all but
    ``exclude_id``, the one being moved) and, when ``rooms_counted``, the venue's rooms.
    None when there is no such time."""
    first = start.date()
    horizon = calendar.NEXT_FREE_DAYS * 3 + 30
    closures = _closures(
        session, first, first + timedelta(days=horizon), place.id if place else None
    )
    days = calendar.open_days(first, calendar.NEXT_FREE_DAYS, closures, search_days=horizon)
    days = [day for day in days if latest is None or day <= latest]
    if not days:
        return None
    a = Appointment
    span = _overlapping(datetime.combine(days[0], time()), datetime.combine(days[-1], time.max))
    others = (a.status.in_(_ACTIVE), *span, a.id != (exclude_id or 0))
    own: dict[Any, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    if caseworker is not None:
        rows = session.execute(
            sa.select(a.start_at, a.end_at).where(*others, a.caseworker_id == caseworker.id)
        )
        own = _by_day(rows, lambda r, day: day)
    rooms: dict[Any, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    if place is not None and rooms_counted:
        at_venue = (a.venue_id == place.id, a.place_kind == PlaceKind.VENUE)
        rooms = _by_day(
            session.execute(sa.select(a.start_at, a.end_at).where(*others, *at_venue)),
            lambda r, day: day,
        )
    hours = _own_hours(session, caseworker.id) if caseworker else None
    service = _service_hours(settings_service.read_all(session))
    for day in days:
        starts = calendar.free_grid_starts(
            calendar.working_window(day, hours, service),
            length_minutes,
            venue_busy=[(s, e) for s, e, _label in rooms[day]],
            venue_capacity=place.capacity if place is not None and rooms_counted else None,
            caseworker_busy=own[day],
            not_before=start,
        )
        if starts:
            return starts[0]
    return None


@dataclass(frozen=True)
class _Staff:
    id: int
    name: str


@dataclass(frozen=True)
class _Place:
    id: int
    name: str
    capacity: int


# --- reading -----------------------------------------------------------------------------------


_FIELDS = (
    "id person_id referral_id type caseworker_id start_at end_at length_minutes place_kind "
    "venue_id place_detail status status_reason version moved_to_id arrived_at"
).split()


def _dto_select() -> sa.Select[Any]:
    """Appointment columns with the names the diary shows (a column select, no ORM objects)."""
    a = Appointment
    names = (StaffUser.display_name.label("caseworker_name"), Venue.name.label("venue_name"))
    person = (Person.first_name, Person.last_name, Person.known_as, Person.date_of_birth)
    referral = (Referral.young_person, Referral.police_reference)
    return (
        sa.select(*(getattr(a, f) for f in _FIELDS), *names, *person, *referral)
        .join(Person, Person.id == a.person_id)
        .outerjoin(StaffUser, StaffUser.id == a.caseworker_id)
        .outerjoin(Venue, Venue.id == a.venue_id)
        .outerjoin(Referral, Referral.id == a.referral_id)
    )


def _name(row: Any) -> str:
    """ "First Last", or "First (Known-as) Last"."""
    if row.known_as and row.known_as != row.first_name:
        return f"{row.first_name} ({row.known_as}) {row.last_name}"
    return f"{row.first_name} {row.last_name}"


_N = len(_FIELDS)
_CASEWORKER_NAME, _VENUE_NAME, _FIRST, _LAST, _KNOWN_AS, _BORN, _YOUNG, _REFERENCE = range(
    _N, _N + 8
)


def _to_dto(row: Any) -> AppointmentDTO:
    """An AppointmentDTO from a row of ``_dto_select()`` (by position: the diary turns
    thousands of rows a second into DTOs, and attribute lookups were most of a week's read)."""
    first, last, known_as = row[_FIRST], row[_LAST], row[_KNOWN_AS]
    if known_as and known_as != first:
        name = f"{first} ({known_as}) {last}"
    else:
        name = f"{first} {last}"
    young = row[_YOUNG]
    if young is None:  # an appointment with no referral: age on the day
        on = row[5].date()
        born = row[_BORN]
        young = born <= on and is_young_person(born, on)
    return _dto_of(
        row[0],  # id, person_id, referral_id, type, caseworker_id: _FIELDS' order
        row[1],
        row[2],
        row[3],
        row[4],
        row[_CASEWORKER_NAME],
        row[5],  # start_at, end_at, length_minutes, place_kind, venue_id
        row[6],
        row[7],
        row[8],
        row[9],
        row[_VENUE_NAME],
        row[10],  # place_detail, status, status_reason, version
        row[11],
        row[12],
        row[13],
        name,
        bool(young),
        row[_REFERENCE],
        row[14],  # moved_to_id, arrived_at
        row[15],
    )


_DTO_FIELDS = tuple(f.name for f in fields(AppointmentDTO))
_new = object.__new__


def _dto_of(*values: Any) -> AppointmentDTO:
    """``AppointmentDTO(*values)`` (every field, in order) at a third of the cost: a frozen
    dataclass's ``__init__`` sets each of its 21 fields through ``object.__setattr__``, about
    2.4 µs a row, a seventh of a diary week's read. The result is the same frozen, equal and
    hashable object (tests/unit/test_diary_dto.py)."""
    dto = _new(AppointmentDTO)
    dto.__dict__.update(zip(_DTO_FIELDS, values, strict=True))
    return dto


def _load_dto(session: Session, appointment_id: int) -> AppointmentDTO:
    row = session.execute(_dto_select().where(Appointment.id == appointment_id)).one()
    return _to_dto(row)


def get_appointment(db: Database, actor: Actor, appointment_id: int) -> AppointmentDTO:
    """Return one appointment. Raises PermissionDenied or NotFound."""
    actor.require(Action.VIEW_PERSON)
    with db.unit_of_work(write=False) as session:
        row = session.execute(_dto_select().where(Appointment.id == appointment_id)).one_or_none()
        if row is None:
            raise NotFound("That appointment could not be found. It may have been removed.")
        return _to_dto(row)


def appointments_between(
    db: Database,
    actor: Actor,
    start: datetime,
    end: datetime,
    *,
    caseworker_id: int | None = None,
    venue_id: int | None = None,
    include_cancelled: bool = False,
) -> list[AppointmentDTO]:
    """Return the appointments overlapping [start, end), by start time (one column select).

    Moved and cancelled appointments are left out unless ``include_cancelled``. Raises
    PermissionDenied.
    """
    actor.require(Action.VIEW_PERSON)
    a = Appointment
    stmt = _dto_select().where(
        # The lower bound on start_at lets the index on start_at do the work (lengths are bounded).
        a.start_at > start - timedelta(minutes=MAX_LENGTH),
        a.start_at < end,
        a.end_at > start,
    )
    if caseworker_id is not None:
        stmt = stmt.where(a.caseworker_id == caseworker_id)
    if venue_id is not None:
        stmt = stmt.where(a.venue_id == venue_id)
    if not include_cancelled:
        stmt = stmt.where(a.status.notin_(_GONE))
    stmt = stmt.order_by(a.start_at, StaffUser.display_name, a.id)
    with db.unit_of_work(write=False) as session:
        return [_to_dto(row) for row in session.execute(stmt)]


def _own_hours(session: Session, user_id: int) -> dict[int, tuple[time, time]] | None:
    """A caseworker's own hours by weekday, or None when they have none (service hours apply)."""
    w = WorkingHours
    rows = session.execute(
        sa.select(w.weekday, w.start_time, w.end_time).where(w.user_id == user_id)
    )
    return {r.weekday: (r.start_time, r.end_time) for r in rows} or None


def _closures(session: Session, first: date, last: date, venue_id: int | None) -> dict[date, str]:
    """Closed days in [first, last] for all venues, or this venue (all-venue closures first)."""
    which: sa.ColumnElement[bool] = Closure.venue_id.is_(None)
    if venue_id is not None:
        which = which | (Closure.venue_id == venue_id)
    stmt = (
        sa.select(Closure.day, Closure.venue_id, Closure.reason, Venue.name)
        .outerjoin(Venue, Venue.id == Closure.venue_id)
        .where(Closure.day >= first, Closure.day <= last, which)
    )
    found: dict[date, str] = {}
    for row in sorted(session.execute(stmt), key=lambda r: r.venue_id is not None):
        found.setdefault(row.day, f"{row.name}: {row.reason}" if row.venue_id else row.reason)
    return found


def _staff(session: Session, user_id: int | None) -> _Staff | None:
    if user_id is None:
        return None
    u = StaffUser
    row = session.execute(
        sa.select(u.display_name, u.role, u.active).where(u.id == user_id)
    ).one_or_none()
    if row is None or not row.active or Role(row.role) not in _CAN_HOLD_APPOINTMENTS:
        raise ValidationError(
            "Choose an active caseworker or manager to hold the appointment.", field="caseworker_id"
        )
    return _Staff(user_id, row.display_name)


def _overlapping(start: datetime, end: datetime) -> tuple[Any, ...]:
    a = Appointment
    # The lower bound on start_at lets the index on start_at do the work (lengths are bounded).
    return a.start_at > start - timedelta(minutes=MAX_LENGTH), a.start_at < end, a.end_at > start


def _length(session: Session, kind: AppointmentType, length: int | None) -> int:
    """The length asked for, or the setting for the type; refused outside 5 minutes to 12 hours."""
    if length is None:
        initial = kind == AppointmentType.INITIAL_ASSESSMENT
        key = "initial_assessment_minutes" if initial else "session_minutes"
        length = int(settings_service.read(session, key) or 60)
    if not MIN_LENGTH <= length <= MAX_LENGTH:
        raise ValidationError(
            f"An appointment must last between {MIN_LENGTH} minutes and {MAX_LENGTH // 60} hours.",
            field="length_minutes",
        )
    return length


# --- finding slots -----------------------------------------------------------------------------


def _by_day(rows: Any, key: Any) -> dict[Any, list[tuple[datetime, datetime, str]]]:
    """Intervals grouped by ``key(row, day)`` for each day they touch."""
    found: dict[Any, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    for r in rows:
        for day in {r.start_at.date(), r.end_at.date()}:
            found[key(r, day)].append((r.start_at, r.end_at, ""))
    return found


def find_slots(
    db: Database,
    actor: Actor,
    *,
    venue_id: int | None = None,
    local_authority: LocalAuthority | str | None = None,
    type: AppointmentType = AppointmentType.INITIAL_ASSESSMENT,
    from_date: date,
    working_days: int = 5,
    length_minutes: int | None = None,
    limit: int = 10,
    caseworker_id: int | None = None,
    now: datetime | None = None,
) -> list[SlotDTO]:
    """Return up to ``limit`` free slots, earliest first, on the 15-minute grid.

    Searches ``working_days`` open days from ``from_date`` at one venue, the venues of one area, or
    every venue; respects closed days, opening (or the caseworker's) hours, room capacity and, when
    ``caseworker_id`` is given, that caseworker's diary. Slots before ``now`` (default: the
    current time) are left out. Raises PermissionDenied and ValidationError.
    """
    actor.require(Action.BOOK_APPOINTMENT)
    now = now or db.clock.now()
    a, v = Appointment, Venue
    with db.unit_of_work(write=False) as session:
        length = _length(session, AppointmentType(type), length_minutes)
        stmt = sa.select(v.id, v.name, v.capacity).where(v.active).order_by(v.name)
        if venue_id is not None:
            stmt = stmt.where(v.id == venue_id)
        if local_authority is not None:
            stmt = stmt.where(v.local_authority == LocalAuthority(local_authority))
        venues = [_Place(r.id, r.name, r.capacity) for r in session.execute(stmt)]
        if not venues:
            raise ValidationError(
                "There is no open venue to search. Choose another venue or area.", field="venue_id"
            )
        caseworker = _staff(session, caseworker_id)
        hours = _own_hours(session, caseworker.id) if caseworker else None
        horizon = (working_days + 1) * 3 + 30
        closures = _closures(session, from_date, from_date + timedelta(days=horizon), None)
        days = calendar.open_days(from_date, working_days, closures, search_days=horizon)
        if not days:
            return []
        facts = load_diary_facts(session, days[0], days[-1], [p.id for p in venues])
        own: dict[Any, list[tuple[datetime, datetime, str]]] = defaultdict(list)
        if caseworker:
            span = _overlapping(
                datetime.combine(days[0], time()), datetime.combine(days[-1], time.max)
            )
            own = _by_day(
                session.execute(
                    sa.select(a.start_at, a.end_at).where(
                        a.status.in_(_ACTIVE), *span, a.caseworker_id == caseworker.id
                    )
                ),
                lambda r, day: day,
            )
    found: list[SlotDTO] = []
    for day in days:
        starts = sorted(
            (start, index)
            for index, place in enumerate(venues)
            for start in facts.free_starts(
                place.id, day, length, not_before=now, hours=hours, caseworker_busy=own[day]
            )
        )
        for start, index in starts:
            place = venues[index]
            end = start + timedelta(minutes=length)
            found.append(SlotDTO(start, end, place.id, place.name, caseworker_id))
            if len(found) >= limit:
                return found
    return found
