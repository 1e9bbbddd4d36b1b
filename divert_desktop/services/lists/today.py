"""Appointments of a day, venues, and everything the Today page shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from divert_desktop.core.calendar import place_text
from divert_desktop.core.enums import (
    AppointmentStatus,
    AppointmentType,
    IneligibleReason,
    LocalAuthority,
    ReferralStatus,
)
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_date, format_time
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    Appointment,
    Person,
    PossibleDuplicate,
    Referral,
    StaffUser,
    Venue,
)
from divert_desktop.services.context import Actor
from divert_desktop.services.lists.common import (
    HIDDEN_APPOINTMENTS,
    day_bounds,
    days_left_text,
    full_name,
    short_date,
)
from divert_desktop.services.rule_sql import held_by_repeat_bar_sql


@dataclass(frozen=True)
class AppointmentRow:
    """One appointment in the Today and Diary tables."""

    id: int
    version: int
    start_at: datetime
    day_text: str
    time_text: str
    person_id: int
    person_name: str
    young_person: bool
    type: AppointmentType
    type_text: str
    venue_id: int | None
    place_text: str
    caseworker_text: str
    status: AppointmentStatus
    status_text: str
    police_reference: str | None


def appointment_select() -> sa.Select[*tuple[Any, ...]]:
    """The columns an AppointmentRow needs (one Core select; callers add where/order)."""
    a, p, r = Appointment, Person, Referral
    return (
        sa.select(
            a.id,
            a.version,
            a.start_at,
            a.end_at,
            a.type,
            a.place_kind,
            a.place_detail,
            a.venue_id,
            a.status,
            a.person_id,
            p.first_name,
            p.last_name,
            Venue.name.label("venue_name"),
            StaffUser.display_name.label("caseworker"),
            r.police_reference,
            r.young_person,
        )
        .join(p, p.id == a.person_id)
        .outerjoin(r, r.id == a.referral_id)
        .outerjoin(Venue, Venue.id == a.venue_id)
        .outerjoin(StaffUser, StaffUser.id == a.caseworker_id)
    )


def _place_text(row: Any) -> str:
    return place_text(row.place_kind, row.venue_name, row.place_detail)


def appointment_row(row: Any) -> AppointmentRow:
    """An AppointmentRow, with its display strings, from a row of ``appointment_select()``."""
    status = AppointmentStatus(row.status)
    kind = AppointmentType(row.type)
    return AppointmentRow(
        id=row.id,
        version=row.version,
        start_at=row.start_at,
        day_text=format_date(row.start_at.date()),
        time_text=f"{format_time(row.start_at)}–{format_time(row.end_at)}",
        person_id=row.person_id,
        person_name=full_name(row.first_name, row.last_name),
        young_person=bool(row.young_person),
        type=kind,
        type_text=kind.label,
        venue_id=row.venue_id,
        place_text=_place_text(row),
        caseworker_text=row.caseworker or "Not assigned yet",
        status=status,
        status_text=status.label,
        police_reference=row.police_reference,
    )


def _appointments_on(session: Session, day: date, venue_id: int | None) -> list[AppointmentRow]:
    start, end = day_bounds(day)
    stmt = appointment_select().where(
        Appointment.start_at >= start,
        Appointment.start_at < end,
        Appointment.status.notin_(HIDDEN_APPOINTMENTS),
    )
    if venue_id is not None:
        stmt = stmt.where(Appointment.venue_id == venue_id)
    stmt = stmt.order_by(Appointment.start_at, StaffUser.display_name, Appointment.id)
    return [appointment_row(row) for row in session.execute(stmt)]


def appointments_on(
    db: Database, actor: Actor, day: date, *, venue_id: int | None = None
) -> list[AppointmentRow]:
    """Return the day's appointments (moved ones left out), by time. Raises PermissionDenied."""
    actor.require(Action.VIEW_PERSON)
    with db.unit_of_work(write=False) as session:
        return _appointments_on(session, day, venue_id)


@dataclass(frozen=True)
class VenueOption:
    id: int
    name: str
    area: str


def list_venues(db: Database, actor: Actor) -> list[VenueOption]:
    """Return the active venues by name (for filters)."""
    with db.unit_of_work(write=False) as session:
        rows = session.execute(
            sa.select(Venue.id, Venue.name, Venue.local_authority)
            .where(Venue.active)
            .order_by(Venue.name)
        )
        return [VenueOption(r.id, r.name, LocalAuthority(r.local_authority).value) for r in rows]


# --- today


@dataclass(frozen=True)
class WaitingReferralRow:
    """A referral received but not yet booked, with the time left to book it."""

    referral_id: int
    police_reference: str
    received_at: datetime
    received_text: str
    person_id: int
    person_name: str
    area: str
    young_person: bool
    days_left: int
    days_left_text: str


@dataclass(frozen=True)
class DuplicateRow:
    """Two people who may be the same, waiting for someone to review them."""

    id: int
    person_id: int
    person_text: str
    candidate_id: int
    candidate_text: str
    score: int
    reasons: str


@dataclass(frozen=True)
class MissingAdultRow:
    """A young person's referral without complete appropriate-adult details."""

    referral_id: int
    police_reference: str
    received_text: str
    person_id: int
    person_name: str
    status: ReferralStatus
    status_text: str
    missing_text: str


@dataclass(frozen=True)
class HeldReferralRow:
    """A referral held for a manager by the repeat-referral bar, until a manager overrides or
    confirms it. It stays held past its engagement deadline (the engagement update does not
    close it); ``days_left`` is then negative and the text says how overdue it is."""

    referral_id: int
    police_reference: str
    received_at: datetime
    received_text: str
    person_id: int
    person_name: str
    young_person: bool
    days_left: int
    days_left_text: str


@dataclass(frozen=True)
class RebookingRow:
    """A referral imported without the appointment the police asked for (closed day, outside
    opening hours, venue full …): what was asked for and why it could not be kept."""

    referral_id: int
    police_reference: str
    person_id: int
    person_name: str
    young_person: bool
    requested_at: datetime | None
    requested_text: str
    venue_id: int | None
    venue_text: str
    reason: str
    days_left: int
    days_left_text: str


@dataclass(frozen=True)
class TodayOverview:
    day: date
    appointments: list[AppointmentRow]
    waiting: list[WaitingReferralRow]
    duplicates: list[DuplicateRow]
    missing_adult: list[MissingAdultRow]
    held: list[HeldReferralRow] = field(default_factory=list)
    rebooking: list[RebookingRow] = field(default_factory=list)


def _waiting(session: Session, today: date) -> list[WaitingReferralRow]:
    r, p = Referral, Person
    rows = session.execute(
        sa.select(
            r.id,
            r.police_reference,
            r.referral_datetime,
            r.engagement_deadline,
            r.local_authority,
            r.young_person,
            r.person_id,
            p.first_name,
            p.last_name,
        )
        .join(p, p.id == r.person_id)
        .where(r.status == ReferralStatus.RECEIVED)
        .order_by(r.referral_datetime, r.id)
    )
    out = []
    for row in rows:
        days = (row.engagement_deadline - today).days
        out.append(
            WaitingReferralRow(
                row.id,
                row.police_reference,
                row.referral_datetime,
                format_date(row.referral_datetime.date()),
                row.person_id,
                full_name(row.first_name, row.last_name),
                LocalAuthority(row.local_authority).value,
                bool(row.young_person),
                days,
                days_left_text(days),
            )
        )
    return out


def _held(session: Session, today: date) -> list[HeldReferralRow]:
    r, p = Referral, Person
    rows = session.execute(
        sa.select(
            r.id,
            r.police_reference,
            r.referral_datetime,
            r.engagement_deadline,
            r.young_person,
            r.person_id,
            p.first_name,
            p.last_name,
        )
        .join(p, p.id == r.person_id)
        .where(held_by_repeat_bar_sql(r.status, r.status_reason))
        .order_by(r.referral_datetime, r.id)
    )
    out = []
    for row in rows:
        days = (row.engagement_deadline - today).days
        out.append(
            HeldReferralRow(
                row.id,
                row.police_reference,
                row.referral_datetime,
                format_date(row.referral_datetime.date()),
                row.person_id,
                full_name(row.first_name, row.last_name),
                bool(row.young_person),
                days,
                days_left_text(days),
            )
        )
    return out


def _rebooking(session: Session, today: date) -> list[RebookingRow]:
    """Referrals still waiting whose requested appointment could not be booked and that have
    had no appointment since (booking one from the list takes it off)."""
    r, p = Referral, Person
    has_appointment = sa.exists().where(Appointment.referral_id == r.id)
    rows = session.execute(
        sa.select(
            r.id,
            r.police_reference,
            r.engagement_deadline,
            r.young_person,
            r.person_id,
            r.rebook_requested_at,
            r.rebook_venue,
            r.rebook_reason,
            p.first_name,
            p.last_name,
            Venue.id.label("venue_id"),
        )
        .join(p, p.id == r.person_id)
        .outerjoin(Venue, Venue.name == r.rebook_venue)
        .where(r.status == ReferralStatus.RECEIVED, r.rebook_reason.is_not(None), ~has_appointment)
        .order_by(r.rebook_requested_at, r.id)
    )
    out = []
    for row in rows:
        days = (row.engagement_deadline - today).days
        when = row.rebook_requested_at
        out.append(
            RebookingRow(
                row.id,
                row.police_reference,
                row.person_id,
                full_name(row.first_name, row.last_name),
                bool(row.young_person),
                when,
                f"{format_date(when.date())} {format_time(when)}" if when else "No time given",
                row.venue_id,
                row.rebook_venue or "No venue given",
                row.rebook_reason,
                days,
                days_left_text(days),
            )
        )
    return out


def _duplicates(session: Session) -> list[DuplicateRow]:
    d = PossibleDuplicate
    a, b = aliased(Person), aliased(Person)
    rows = session.execute(
        sa.select(
            d.id,
            d.score,
            d.reasons,
            a.id.label("a_id"),
            a.first_name.label("a_first"),
            a.last_name.label("a_last"),
            a.date_of_birth.label("a_dob"),
            b.id.label("b_id"),
            b.first_name.label("b_first"),
            b.last_name.label("b_last"),
            b.date_of_birth.label("b_dob"),
        )
        .join(a, a.id == d.person_id)
        .join(b, b.id == d.candidate_id)
        .where(d.status == "open")
        .order_by(d.score.desc(), d.id)
    )
    return [
        DuplicateRow(
            row.id,
            row.a_id,
            f"{full_name(row.a_first, row.a_last)} (born {short_date(row.a_dob)})",
            row.b_id,
            f"{full_name(row.b_first, row.b_last)} (born {short_date(row.b_dob)})",
            row.score,
            row.reasons,
        )
        for row in rows
    ]


def _missing_adult(session: Session, today: date) -> list[MissingAdultRow]:
    r, p = Referral, Person
    incomplete = sa.or_(
        r.appropriate_adult_name.is_(None),
        r.appropriate_adult_relationship.is_(None),
        r.appropriate_adult_phone.is_(None),
    )
    open_or_recent_refusal = sa.or_(
        r.status.in_([ReferralStatus.RECEIVED, ReferralStatus.BOOKED, ReferralStatus.ENGAGED]),
        sa.and_(
            r.status == ReferralStatus.INELIGIBLE,
            r.status_reason == IneligibleReason.NO_APPROPRIATE_ADULT.value,
            r.engagement_deadline >= today,
        ),
    )
    rows = session.execute(
        sa.select(
            r.id,
            r.police_reference,
            r.referral_datetime,
            r.status,
            r.person_id,
            r.appropriate_adult_name,
            r.appropriate_adult_relationship,
            r.appropriate_adult_phone,
            p.first_name,
            p.last_name,
        )
        .join(p, p.id == r.person_id)
        .where(r.young_person, incomplete, open_or_recent_refusal)
        .order_by(r.referral_datetime, r.id)
    )
    out = []
    for row in rows:
        if not row.appropriate_adult_name:
            missing = "No appropriate adult recorded"
        else:
            gaps = [
                label
                for label, value in (
                    ("relationship", row.appropriate_adult_relationship),
                    ("phone", row.appropriate_adult_phone),
                )
                if not value
            ]
            missing = "Missing the adult's " + " and ".join(gaps)
        status = ReferralStatus(row.status)
        out.append(
            MissingAdultRow(
                row.id,
                row.police_reference,
                format_date(row.referral_datetime.date()),
                row.person_id,
                full_name(row.first_name, row.last_name),
                status,
                status.label,
                missing,
            )
        )
    return out


def today_overview(db: Database, actor: Actor, today: date) -> TodayOverview:
    """Return everything the Today page shows, read in one transaction. Raises PermissionDenied."""
    actor.require(Action.VIEW_PERSON)
    with db.unit_of_work(write=False) as session:
        return TodayOverview(
            today,
            _appointments_on(session, today, None),
            _waiting(session, today),
            _duplicates(session),
            _missing_adult(session, today),
            _held(session, today),
            _rebooking(session, today),
        )
