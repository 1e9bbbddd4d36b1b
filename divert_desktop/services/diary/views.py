"""What the diary screens, the book dialog and the day sheet load (one read each)."""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core import calendar
from divert_desktop.core.enums import (
    AppointmentStatus,
    AppointmentType,
    LocalAuthority,
    PlaceKind,
    ReferralStatus,
)
from divert_desktop.core.errors import NotFound, ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_date, format_uk_phone, search_key
from divert_desktop.documents.day_sheet import DaySheet, DaySheetRow, DaySheetSection
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
from divert_desktop.persistence.plain_select import select_rows
from divert_desktop.services.admin import settings as settings_service
from divert_desktop.services.audit.trail import AuditEntry, record_many
from divert_desktop.services.changes import Changes, Kind
from divert_desktop.services.context import Actor
from divert_desktop.services.diary.facts import load_diary_facts
from divert_desktop.services.diary.slots import (
    _CAN_HOLD_APPOINTMENTS,
    MAX_LENGTH,
    AppointmentDTO,
    _closures,
    _dto_select,
    _name,
    _overlapping,
    _service_hours,
    _to_dto,
)

# --- what the diary screens and the day sheet load ---------------------------------------------


@dataclass(frozen=True)
class StaffOption:
    """A caseworker or manager who can hold appointments (a diary column)."""

    id: int
    username: str
    name: str


@dataclass(frozen=True)
class VenueInfo:
    id: int
    name: str
    area: str
    capacity: int


@dataclass(frozen=True)
class DiaryData:
    """Everything a diary view paints and checks while dragging, loaded in one read.

    ``closed`` holds why the whole service is closed on a day (bank holiday, closure, weekend);
    ``venue_closed`` a venue's own closures; ``hours`` each caseworker's own hours (None: the
    service's ``service_hours``).
    """

    first: date
    days: int
    appointments: tuple[AppointmentDTO, ...]
    caseworkers: tuple[StaffOption, ...]
    venues: tuple[VenueInfo, ...]
    closed: dict[date, str]
    venue_closed: dict[tuple[int, date], str]
    hours: dict[int, dict[int, tuple[time, time]] | None]
    service_hours: tuple[time, time]
    lengths: dict[AppointmentType, int] = field(default_factory=dict)

    @property
    def dates(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range(self.days)]

    def conflicts(
        self,
        *,
        start: datetime,
        end: datetime,
        caseworker_id: int | None,
        venue_id: int | None,
        exclude_id: int | None = None,
    ) -> list[str]:
        """Every clash of [start, end) with the loaded diary (pure: no database call).

        The service checks again when the change is saved; this is the live check while dragging.
        """
        day = start.date()
        active = [
            a
            for a in self.appointments
            if a.status.holds_slot and a.id != exclude_id and a.start_at < end and a.end_at > start
        ]
        staff = {s.id: s.name for s in self.caseworkers}
        venues = {v.id: v for v in self.venues}
        busy = [
            (a.start_at, a.end_at, a.type.label) for a in active if a.caseworker_id == caseworker_id
        ]
        venue = venues.get(venue_id) if venue_id is not None else None
        room_busy = [(a.start_at, a.end_at) for a in active if venue and a.venue_id == venue.id]
        hours = self.hours.get(caseworker_id) if caseworker_id is not None else None
        closed = self.closed.get(day) or (
            self.venue_closed.get((venue_id, day)) if venue_id is not None else None
        )
        if closed is None and day not in self.dates:
            closed = calendar.closed_reason(day)
        problems = calendar.booking_problems(
            start=start,
            end=end,
            caseworker_busy=busy if caseworker_id is not None else [],
            venue_busy=room_busy,
            venue_capacity=venue.capacity if venue else None,
            window=calendar.working_window(day, hours, self.service_hours),
            closed=closed,
            caseworker_name=staff.get(caseworker_id) if caseworker_id is not None else None,
            venue_name=venue.name if venue else None,
        )
        return [p.message for p in problems]


def _staff_options(session: Session) -> tuple[StaffOption, ...]:
    u = StaffUser
    rows = session.execute(
        sa.select(u.id, u.username, u.display_name)
        .where(u.active, u.role.in_([r.value for r in _CAN_HOLD_APPOINTMENTS]))
        .order_by(u.display_name, u.id)
    )
    return tuple(StaffOption(r.id, r.username, r.display_name) for r in rows)


def _venue_infos(session: Session) -> tuple[VenueInfo, ...]:
    v = Venue
    rows = session.execute(
        sa.select(v.id, v.name, v.local_authority, v.capacity).where(v.active).order_by(v.name)
    )
    return tuple(
        VenueInfo(r.id, r.name, LocalAuthority(r.local_authority).value, r.capacity) for r in rows
    )


@dataclass(frozen=True)
class _Reference:
    """What every diary read needs and that rarely changes: staff, venues, their hours and
    closures, the settings (read once, kept until something may have changed them)."""

    staff: tuple[StaffOption, ...]
    venues: tuple[VenueInfo, ...]
    hours: dict[int, dict[int, tuple[time, time]] | None]
    closures: tuple[tuple[date, int | None, str, str | None], ...]  # day, venue, reason, name
    service_hours: tuple[time, time]
    lengths: dict[AppointmentType, int]


_REFERENCE: weakref.WeakKeyDictionary[Database, tuple[int, _Reference]] = (
    weakref.WeakKeyDictionary()
)
REFERENCE_KINDS = frozenset({Kind.SETTINGS, Kind.USERS, Kind.VENUES})
"""The kinds of change (``services.changes``) that make the kept reference data stale."""


def forget_reference(db: Database, changes: Changes | None = None) -> None:
    """Read staff, venues, hours, closures and settings again on the next diary read: always
    (``changes`` None: another workstation may have changed them), or when ``changes`` touch
    them. This process's own writes are noticed without it (``Database.writes``)."""
    if changes is None or changes.touches(REFERENCE_KINDS):
        _REFERENCE.pop(db, None)


def _read_reference(session: Session) -> _Reference:
    staff = _staff_options(session)
    venues = _venue_infos(session)
    w = WorkingHours
    hours: dict[int, dict[int, tuple[time, time]] | None] = {s.id: None for s in staff}
    for r in session.execute(sa.select(w.user_id, w.weekday, w.start_time, w.end_time)):
        if r.user_id in hours:
            hours[r.user_id] = (hours[r.user_id] or {}) | {r.weekday: (r.start_time, r.end_time)}
    c = Closure
    closures = tuple(
        (r.day, r.venue_id, r.reason, r.name)
        for r in session.execute(
            sa.select(c.day, c.venue_id, c.reason, Venue.name).outerjoin(
                Venue, Venue.id == c.venue_id
            )
        )
    )
    settings = settings_service.read_all(session)
    session_minutes = int(settings.get("session_minutes") or 60)
    lengths = {kind: session_minutes for kind in AppointmentType}
    lengths[AppointmentType.INITIAL_ASSESSMENT] = int(
        settings.get("initial_assessment_minutes") or 60
    )
    return _Reference(staff, venues, hours, closures, _service_hours(settings), lengths)


def _reference(db: Database, session: Session | None = None) -> _Reference:
    """The kept reference data, read again when this process wrote since (or it was forgotten)."""
    kept = _REFERENCE.get(db)
    if kept is not None and kept[0] == db.writes:
        return kept[1]
    writes = db.writes
    if session is None:
        with db.unit_of_work(write=False) as own:
            reference = _read_reference(own)
    else:
        reference = _read_reference(session)
    _REFERENCE[db] = (writes, reference)
    return reference


def _appointments_sql(dialect: str, narrow: str | None) -> Any:
    """The diary's appointment read as plain SQL, compiled once per dialect and narrowing (by
    ``caseworker_id`` or ``venue_id``, so their ``(…, start_at)`` index does the work)."""
    key = (dialect, narrow)
    sql = _APPOINTMENTS_SQL.get(key)
    if sql is None:
        a = Appointment
        stmt = _dto_select().where(
            a.start_at > sa.bindparam("low"),
            a.start_at < sa.bindparam("end"),
            a.end_at > sa.bindparam("start"),
            a.status != AppointmentStatus.MOVED.value,
        )
        if narrow is not None:
            stmt = stmt.where(getattr(a, narrow) == sa.bindparam("who"))
        stmt = stmt.order_by(a.start_at, a.id)
        sql = _APPOINTMENTS_SQL[key] = stmt
    return sql


_APPOINTMENTS_SQL: dict[tuple[str, str | None], Any] = {}


def load_diary(
    db: Database,
    actor: Actor,
    first: date,
    days: int = 1,
    *,
    caseworker_id: int | None = None,
    venue_id: int | None = None,
) -> DiaryData:
    """Return ``days`` days of the diary from ``first``: appointments (cancelled and did-not-attend
    too, moved ones left out), the caseworker columns, venues, closed days and working hours.

    ``caseworker_id`` or ``venue_id`` narrow the appointments (a week for one of them, or the day
    at one venue) and the query then runs on that index. The staff, venues, hours, closures and
    settings are read once and kept (see ``forget_reference``). Raises PermissionDenied.
    """
    with db.plain_connection():  # the session check and the read share one connection
        return _load_diary(db, actor, first, days, caseworker_id, venue_id)


def _load_diary(
    db: Database,
    actor: Actor,
    first: date,
    days: int,
    caseworker_id: int | None,
    venue_id: int | None,
) -> DiaryData:
    actor.require(Action.VIEW_PERSON)
    start = datetime.combine(first, time())
    end = start + timedelta(days=days)
    params: dict[str, Any] = {"low": start - timedelta(minutes=MAX_LENGTH), "end": end}
    params["start"] = start
    narrow = None
    if caseworker_id is not None:
        narrow, params["who"] = "caseworker_id", caseworker_id
    if venue_id is not None:
        narrow, params["who"] = "venue_id", venue_id
    stmt = _appointments_sql(db.backend, narrow)
    if caseworker_id is not None and venue_id is not None:
        stmt = stmt.where(Appointment.caseworker_id == caseworker_id)
    kept = _REFERENCE.get(db)
    if kept is not None and kept[0] == db.writes:
        # One statement with the reference data kept, on the driver's cursor of a plain
        # connection (no transaction around it, no SQLAlchemy result objects: together most
        # of a day's read at one venue on SQLite).
        rows: Sequence[Any] = select_rows(db, stmt, params)
        ref = kept[1]
    else:
        with db.unit_of_work(write=False) as session:
            rows = session.connection().execute(stmt, params).all()
            ref = _reference(db, session)
    appointments = tuple(map(_to_dto, rows))
    last = first + timedelta(days=days - 1)
    everywhere: dict[date, str] = {}
    venue_closed: dict[tuple[int, date], str] = {}
    for day, venue, reason, _venue_name in ref.closures:
        if first <= day <= last:
            if venue is None:
                everywhere.setdefault(day, reason)
            else:
                venue_closed[(venue, day)] = reason
    closed = {
        d: why
        for n in range(days)
        if (why := calendar.closed_reason(d := first + timedelta(days=n), everywhere))
    }
    return DiaryData(
        first,
        days,
        appointments,
        ref.staff,
        ref.venues,
        closed,
        venue_closed,
        ref.hours,
        ref.service_hours,
        ref.lengths,
    )


@dataclass(frozen=True)
class ReferralOption:
    """An open referral to book for (the book dialog's picker)."""

    referral_id: int
    person_id: int
    person_name: str
    police_reference: str
    status: ReferralStatus
    referral_date: date
    local_authority: str
    young_person: bool
    engagement_deadline: date

    @property
    def label(self) -> str:
        young = " · under 18" if self.young_person else ""
        return (
            f"{self.person_name} — {self.police_reference} — referred "
            f"{format_date(self.referral_date)} ({self.status.label.lower()}){young}"
        )


_OPEN = (ReferralStatus.RECEIVED, ReferralStatus.BOOKED, ReferralStatus.ENGAGED)


def open_referrals(
    db: Database, actor: Actor, text: str = "", *, limit: int = 50
) -> list[ReferralOption]:
    """Return open referrals (received, booked, engaged) whose person's name or police reference
    starts with ``text`` (every word of a name matches a first, last or known-as name), newest
    first. Raises PermissionDenied."""
    actor.require(Action.BOOK_APPOINTMENT)
    r, p = Referral, Person
    stmt = (
        sa.select(
            r.id,
            r.person_id,
            r.police_reference,
            r.status,
            r.referral_datetime,
            r.local_authority,
            r.young_person,
            r.engagement_deadline,
            p.first_name,
            p.last_name,
            p.known_as,
        )
        .join(p, p.id == r.person_id)
        .where(r.status.in_([s.value for s in _OPEN]))
    )
    text = text.strip()
    if text:
        by_reference = sa.func.upper(r.police_reference).startswith(text.upper())
        words = search_key(text).split()
        by_name = sa.and_(
            *(
                sa.or_(
                    p.search_first.startswith(w),
                    p.search_last.startswith(w),
                    p.search_known_as.startswith(w),
                )
                for w in words
            )
        )
        stmt = stmt.where(sa.or_(by_reference, by_name) if words else by_reference)
    stmt = stmt.order_by(r.referral_datetime.desc(), r.id.desc()).limit(limit)
    with db.unit_of_work(write=False) as session:
        return [
            ReferralOption(
                row.id,
                row.person_id,
                _name(row),
                row.police_reference,
                ReferralStatus(row.status),
                row.referral_datetime.date(),
                LocalAuthority(row.local_authority).value,
                bool(row.young_person),
                row.engagement_deadline,
            )
            for row in session.execute(stmt)
        ]


def resolve_venue(db: Database, name: str) -> VenueInfo:
    """Return the active venue called ``name`` (any case). Raises NotFound naming the choices."""
    with db.unit_of_work(write=False) as session:
        venues = _venue_infos(session)
    for venue in venues:
        if venue.name.casefold() == name.strip().casefold():
            return venue
    choices = ", ".join(v.name for v in venues)
    raise NotFound(f"There is no venue called {name!r}. The venues are: {choices}.")


def resolve_caseworker(db: Database, username: str) -> StaffOption:
    """Return the active caseworker or manager with this username. Raises NotFound."""
    with db.unit_of_work(write=False) as session:
        staff = _staff_options(session)
    for person in staff:
        if person.username.casefold() == username.strip().casefold():
            return person
    raise NotFound(f"There is no active caseworker or manager with the username {username!r}.")


@dataclass(frozen=True)
class DiaryChoices:
    """The caseworkers and venues the diary's filters and dialogs offer."""

    caseworkers: tuple[StaffOption, ...]
    venues: tuple[VenueInfo, ...]


def diary_choices(db: Database, actor: Actor) -> DiaryChoices:
    """Return the active caseworkers (and managers) and the active venues. Raises PermissionDenied."""
    actor.require(Action.VIEW_PERSON)
    ref = _reference(db)
    return DiaryChoices(ref.staff, ref.venues)


def day_sheet(
    db: Database,
    actor: Actor,
    day: date,
    *,
    venue_id: int | None = None,
    caseworker_id: int | None = None,
) -> DaySheet:
    """Return the day sheet of ``day`` for one venue, one caseworker or (neither) every venue;
    moved appointments are left out, cancelled ones shown with their status. The sheet lists
    people's names and phone numbers for printing, so it is audited (one ``day_sheet.print``
    event per person on it). Raises PermissionDenied, ValidationError (both given) and NotFound."""
    actor.require(Action.VIEW_PERSON)
    if venue_id is not None and caseworker_id is not None:
        raise ValidationError("Choose one venue or one caseworker for the day sheet, not both.")
    a = Appointment
    start = datetime.combine(day, time())
    stmt = (
        _dto_select()
        .add_columns(Person.phone)
        .where(*_overlapping(start, start + timedelta(days=1)), a.status != AppointmentStatus.MOVED)
        .order_by(a.start_at, StaffUser.display_name, a.id)
    )
    with db.unit_of_work() as session:
        if venue_id is not None:
            name = session.execute(sa.select(Venue.name).where(Venue.id == venue_id)).scalar()
            stmt = stmt.where(a.venue_id == venue_id)
        elif caseworker_id is not None:
            name = session.execute(
                sa.select(StaffUser.display_name).where(StaffUser.id == caseworker_id)
            ).scalar()
            stmt = stmt.where(a.caseworker_id == caseworker_id)
        else:
            name = "All venues"
        if name is None:
            raise NotFound("That venue or caseworker could not be found.")
        rows = [(_to_dto(r), r.phone) for r in session.execute(stmt)]
        settings = settings_service.read_all(session)
        everywhere = _closures(session, day, day, venue_id)
        every_venue = venue_id is None and caseworker_id is None
        facts = load_diary_facts(session, day, day) if every_venue else None
        details = {"day": day.isoformat(), "for": name, "appointments": len(rows)}
        people: list[int | None] = [*sorted({dto.person_id for dto, _phone in rows})] or [None]
        record_many(
            session,
            actor,
            [
                AuditEntry("day_sheet.print", "day_sheet", day.isoformat(), person_id, details)
                for person_id in people
            ],
        )
    by_venue = caseworker_id is None

    def sheet_row(dto: AppointmentDTO, phone: str | None, who: str | None = None) -> DaySheetRow:
        return DaySheetRow(
            dto.start_at,
            dto.end_at,
            dto.person_name,
            dto.young_person,
            dto.type.label,
            who or ((dto.caseworker_name or "Unassigned") if by_venue else dto.place),
            dto.status.label,
            format_uk_phone(phone) if phone else "",
        )

    closed = calendar.closed_reason(day, everywhere)
    sections: list[DaySheetSection] = []
    if facts is not None:  # the front desk's sheet: each venue in turn, then the rest
        for venue in facts.venues.values():  # by name
            here = [
                (d, p)
                for d, p in rows
                if d.place_kind == PlaceKind.VENUE and d.venue_id == venue.id
            ]
            if venue.active or here:
                own = facts.closed(venue.id, day)
                sections.append(
                    DaySheetSection(
                        f"Venue: {venue.name}",
                        tuple(sheet_row(d, p) for d, p in here),
                        own if own != closed else None,
                    )
                )
        elsewhere = [(d, p) for d, p in rows if d.place_kind != PlaceKind.VENUE]
        if elsewhere:
            sections.append(
                DaySheetSection(
                    "Not at a venue: phone, video and outreach",
                    tuple(
                        sheet_row(d, p, f"{d.caseworker_name or 'Unassigned'} ({d.place})")
                        for d, p in elsewhere
                    ),
                )
            )
    return DaySheet(
        organisation=str(settings.get("organisation_name") or ""),
        day=day,
        kind="Caseworker" if caseworker_id is not None else "Venue",
        name=name,
        rows=tuple(sheet_row(dto, phone) for dto, phone in rows),
        closed=closed,
        sections=tuple(sections),
    )
