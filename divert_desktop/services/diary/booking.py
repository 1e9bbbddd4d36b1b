"""The diary's writes: book, move, assign, cancel and mark attendance (reads: services.diary)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import EllipsisType
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core import calendar
from divert_desktop.core.eligibility import held_by_repeat_bar
from divert_desktop.core.enums import (
    AppointmentStatus,
    AppointmentType,
    PlaceKind,
    ReferralStatus,
)
from divert_desktop.core.errors import (
    ConflictError,
    EligibilityError,
    NotFound,
    StaleEditError,
    TransitionError,
    ValidationError,
)
from divert_desktop.core.permissions import Action
from divert_desktop.core.status import ensure_appointment_transition, ensure_attendance_time
from divert_desktop.core.validation import format_date, format_time
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    Appointment,
    Referral,
    Venue,
)
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.casework.engagement import sync_after_attendance
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor
from divert_desktop.services.diary.facts import lock_venues
from divert_desktop.services.diary.slots import (
    _ACTIVE,
    _FIELDS,
    MAX_LENGTH,
    MIN_LENGTH,
    AppointmentDTO,
    SlotConflictError,
    SlotDTO,
    _busy,
    _check_slot,
    _length,
    _load_dto,
    _Place,
    _staff,
    appointments_between,
    find_slots,
    get_appointment,
)
from divert_desktop.services.referral_state import change_status

__all__ = [
    "MAX_LENGTH",
    "MIN_LENGTH",
    "AppointmentDTO",
    "SlotConflictError",
    "SlotDTO",
    "appointments_between",
    "assign_caseworker",
    "book_appointment",
    "cancel_appointment",
    "find_slots",
    "get_appointment",
    "mark_arrived",
    "mark_attended",
    "mark_did_not_attend",
    "move_appointment",
    "undo_attendance",
]

_AWAITING = (ReferralStatus.RECEIVED, ReferralStatus.BOOKED)


# --- checks ------------------------------------------------------------------------------------


def _room_of(session: Session, appt: Appointment) -> _Place | None:
    """The venue an appointment holds a room at (read, not locked), or None."""
    if appt.place_kind != PlaceKind.VENUE or appt.venue_id is None:
        return None
    row = session.execute(
        sa.select(Venue.name, Venue.capacity).where(Venue.id == appt.venue_id)
    ).one()
    return _Place(appt.venue_id, row.name, row.capacity)


def _place(session: Session, kind: PlaceKind, venue_id: int | None) -> _Place | None:
    """The venue of a venue appointment (locked on PostgreSQL while its rooms are counted)."""
    if kind != PlaceKind.VENUE:
        return None
    if venue_id is None:
        raise ValidationError("Choose the venue for the appointment.", field="venue_id")
    v = Venue
    row = session.execute(
        sa.select(v.name, v.capacity, v.active).where(v.id == venue_id)
    ).one_or_none()
    if row is None or not row.active:
        raise ValidationError("Choose a venue that is open for appointments.", field="venue_id")
    lock_venues(session, [venue_id])
    return _Place(venue_id, row.name, row.capacity)


_CLOSED_WORDS = {
    ReferralStatus.COMPLETED: "is completed",
    ReferralStatus.NOT_ENGAGED: "was closed as not engaged",
    ReferralStatus.WITHDRAWN: "was withdrawn",
}


def _bookable_referral(session: Session, referral_id: int) -> Referral:
    # Locked first: referral rows before the audit trail's lock, as every service does.
    referral = session.get(Referral, referral_id, with_for_update=True)
    if referral is None:
        raise NotFound("That referral could not be found. It may have been removed.")
    status = ReferralStatus(referral.status)
    if held_by_repeat_bar(status, referral.status_reason):
        reason = referral.status_reason or "previous referral not engaged"
        raise EligibilityError(
            f"This referral is held for a manager ({reason}). A manager must override the "
            "repeat rule first (Decide… on the Today page under Held for a manager, or on the "
            "person's record, Referrals tab).",
            reason=reason,
        )
    if status == ReferralStatus.INELIGIBLE:
        reason = referral.status_reason or "see the referral for the reason"
        raise EligibilityError(
            f"This referral is not eligible: {reason}. It cannot be booked.", reason=reason
        )
    if status in _CLOSED_WORDS:
        raise TransitionError(
            f"This referral {_CLOSED_WORDS[status]}, so no more appointments can be booked for it."
        )
    return referral


def _deadline(referral: Referral | None) -> date | None:
    """The last day an appointment can be booked for the referral: its engagement deadline
    while nothing is attended yet; None when any day will do."""
    if referral is None or ReferralStatus(referral.status) not in _AWAITING:
        return None
    return referral.engagement_deadline


def _check_before_deadline(referral: Referral | None, start: datetime) -> None:
    """Nothing attended yet: an appointment after the deadline cannot count, so refuse it."""
    if referral is None or ReferralStatus(referral.status) not in _AWAITING:
        return
    if start.date() > referral.engagement_deadline:
        raise ValidationError(
            "That is after this referral's engagement deadline "
            f"({format_date(referral.engagement_deadline)}). Choose a day on or before it.",
            field="start_at",
        )


def _check_single_initial(session: Session, referral: Referral) -> None:
    """Refuse a second initial assessment while one is booked or after one was attended."""
    a = Appointment
    row = session.execute(
        sa.select(a.start_at, a.status).where(
            a.referral_id == referral.id,
            a.type == AppointmentType.INITIAL_ASSESSMENT,
            a.status.in_(_ACTIVE),
        )
    ).first()
    if row is None:
        return
    when = f"{format_date(row.start_at.date())} at {format_time(row.start_at)}"
    if row.status == AppointmentStatus.ATTENDED:
        raise ConflictError(
            f"The initial assessment for this referral was attended on {when}. "
            "Book an educational session or a review instead."
        )
    raise ConflictError(
        f"This referral already has an initial assessment booked for {when}. "
        "Move that appointment instead of booking another."
    )


def _appointment(session: Session, appointment_id: int, expected_version: int) -> Appointment:
    appt = session.get(Appointment, appointment_id)
    if appt is None:
        raise NotFound("That appointment could not be found. It may have been removed.")
    if appt.referral_id is not None:  # lock order: referral, appointment, then the audit trail
        session.get(Referral, appt.referral_id, with_for_update=True)
    if appt.version != expected_version:
        raise StaleEditError(
            "Someone else changed this appointment while you were looking at it. "
            "Refresh the diary to see their change, then try again.",
            mine=expected_version,
            theirs=appt.version,
        )
    return appt


def _snapshot(appt: Appointment) -> dict[str, Any]:
    """The appointment's fields for the audit trail's before and after."""
    values = {f: getattr(appt, f) for f in _FIELDS if f not in ("id", "version", "arrived_at")}
    return {
        k: v.isoformat(sep=" ", timespec="minutes") if isinstance(v, datetime) else v
        for k, v in values.items()
    }


def _audit(
    session: Session, actor: Actor, action: str, appt: Appointment, before: Any, **extra: Any
) -> None:
    details = {"before": before, "after": _snapshot(appt), **extra}
    record(session, actor, AuditEntry(action, "appointment", appt.id, appt.person_id, details))


# --- writing -----------------------------------------------------------------------------------


@announces(Kind.APPOINTMENTS, Kind.REFERRALS)
def book_appointment(
    db: Database,
    actor: Actor,
    *,
    referral_id: int,
    type: AppointmentType = AppointmentType.INITIAL_ASSESSMENT,
    start_at: datetime,
    length_minutes: int | None = None,
    caseworker_id: int | None = None,
    place_kind: PlaceKind = PlaceKind.VENUE,
    venue_id: int | None = None,
    place_detail: str | None = None,
    override_capacity: bool = False,
) -> AppointmentDTO:
    """Book an appointment for a referral and return it.

    Booking the initial assessment of a received referral makes it booked. Raises PermissionDenied;
    NotFound; EligibilityError (ineligible referral); TransitionError (closed referral);
    ValidationError (length, place, caseworker, after the engagement deadline); ConflictError (a
    second initial assessment) and SlotConflictError (a ConflictError naming each clash: double
    booking, hours, closed day, rooms) — and ConflictError from the database itself when another
    workstation took the slot at the same moment.
    """
    actor.require(Action.BOOK_APPOINTMENT)
    kind, place_kind = AppointmentType(type), PlaceKind(place_kind)
    with db.unit_of_work() as session:
        length = _length(session, kind, length_minutes)
        referral = _bookable_referral(session, referral_id)
        if kind == AppointmentType.INITIAL_ASSESSMENT:
            _check_single_initial(session, referral)
        _check_before_deadline(referral, start_at)
        caseworker = _staff(session, caseworker_id)
        place = _place(session, place_kind, venue_id)
        end_at = start_at + timedelta(minutes=length)
        _check_slot(
            session,
            start=start_at,
            end=end_at,
            caseworker=caseworker,
            place=place,
            override_capacity=override_capacity,
            latest=_deadline(referral),
        )
        appt = Appointment(
            person_id=referral.person_id,
            referral_id=referral.id,
            type=kind,
            caseworker_id=caseworker_id,
            start_at=start_at,
            end_at=end_at,
            length_minutes=length,
            place_kind=place_kind,
            venue_id=place.id if place else None,
            place_detail=(place_detail or "").strip() or None,
            status=AppointmentStatus.BOOKED,
            created_by=actor.username,
        )
        session.add(appt)
        session.flush()
        _audit(session, actor, "appointment.book", appt, None, override_capacity=override_capacity)
        if (
            kind == AppointmentType.INITIAL_ASSESSMENT
            and referral.status == ReferralStatus.RECEIVED
        ):
            change_status(session, actor, referral, ReferralStatus.BOOKED)
        return _load_dto(session, appt.id)


@announces(Kind.APPOINTMENTS, Kind.REFERRALS)
def move_appointment(
    db: Database,
    actor: Actor,
    appointment_id: int,
    *,
    start_at: datetime,
    length_minutes: int | None = None,
    caseworker_id: int | EllipsisType | None = ...,
    venue_id: int | EllipsisType | None = ...,
    expected_version: int,
) -> AppointmentDTO:
    """Move a booked appointment; returns the new appointment (the old one becomes ``moved``).

    ``caseworker_id`` and ``venue_id`` left out (``...``) keep the current ones; a venue makes it a
    venue appointment. Raises PermissionDenied, NotFound, StaleEditError, TransitionError,
    ValidationError and SlotConflictError/ConflictError as ``book_appointment``.
    """
    actor.require(Action.MOVE_APPOINTMENT)
    with db.unit_of_work() as session:
        old = _appointment(session, appointment_id, expected_version)
        ensure_appointment_transition(old.status, AppointmentStatus.MOVED)
        length = _length(session, old.type, length_minutes or old.length_minutes)
        kind = PlaceKind.VENUE if isinstance(venue_id, int) else old.place_kind
        new_venue = old.venue_id if isinstance(venue_id, EllipsisType) else venue_id
        new_caseworker = (
            old.caseworker_id if isinstance(caseworker_id, EllipsisType) else caseworker_id
        )
        referral = session.get(Referral, old.referral_id) if old.referral_id is not None else None
        _check_before_deadline(referral, start_at)
        caseworker = _staff(session, new_caseworker)
        place = _place(session, kind, new_venue)
        end_at = start_at + timedelta(minutes=length)
        _check_slot(
            session,
            start=start_at,
            end=end_at,
            caseworker=caseworker,
            place=place,
            exclude_id=old.id,
            latest=_deadline(referral),
        )
        before = _snapshot(old)
        old.status = AppointmentStatus.MOVED
        session.flush()  # free the old slot before the new row takes it
        new = Appointment(
            person_id=old.person_id,
            referral_id=old.referral_id,
            type=old.type,
            caseworker_id=caseworker.id if caseworker else None,
            start_at=start_at,
            end_at=end_at,
            length_minutes=length,
            place_kind=kind,
            venue_id=place.id if place else None,
            place_detail=None if place else old.place_detail,
            status=AppointmentStatus.BOOKED,
            created_by=actor.username,
        )
        session.add(new)
        session.flush()
        old.moved_to_id = new.id
        session.flush()
        _audit(session, actor, "appointment.move", new, before, moved_from_id=old.id)
        return _load_dto(session, new.id)


@announces(Kind.APPOINTMENTS)
def assign_caseworker(
    db: Database,
    actor: Actor,
    appointment_id: int,
    caseworker_id: int | None,
    expected_version: int,
) -> AppointmentDTO:
    """Give the appointment to a caseworker (None: unassigned); returns it.

    Raises PermissionDenied, NotFound, StaleEditError, TransitionError, ValidationError and
    SlotConflictError when the caseworker is busy or not working then.
    """
    actor.require(Action.MOVE_APPOINTMENT)
    with db.unit_of_work() as session:
        return assign_caseworker_in(session, actor, appointment_id, caseworker_id, expected_version)


def assign_caseworker_in(
    session: Session,
    actor: Actor,
    appointment_id: int,
    caseworker_id: int | None,
    expected_version: int,
) -> AppointmentDTO:
    """``assign_caseworker`` inside the caller's unit of work (a use case that books and
    assigns in one transaction: the intake's save). The caller checks the permission."""
    appt = _appointment(session, appointment_id, expected_version)
    if appt.status not in (AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED):
        raise TransitionError(
            f"This appointment is {appt.status.label.lower()}, "
            "so it cannot be given to another caseworker."
        )
    if appt.caseworker_id == caseworker_id:
        return _load_dto(session, appt.id)
    caseworker = _staff(session, caseworker_id)
    if caseworker is not None:
        _check_slot(
            session,
            start=appt.start_at,
            end=appt.end_at,
            caseworker=caseworker,
            place=None,  # its room is held already; a time offered instead needs one too
            exclude_id=appt.id,
            kept_place=_room_of(session, appt),
        )
    before = _snapshot(appt)
    appt.caseworker_id = caseworker_id
    session.flush()
    _audit(session, actor, "appointment.assign", appt, before)
    return _load_dto(session, appt.id)


_CANCELLED = {
    "person": AppointmentStatus.CANCELLED_BY_PERSON,
    "provider": AppointmentStatus.CANCELLED_BY_PROVIDER,
}


@announces(Kind.APPOINTMENTS, Kind.REFERRALS)
def cancel_appointment(
    db: Database,
    actor: Actor,
    appointment_id: int,
    *,
    by: Literal["person", "provider"],
    reason: str,
    expected_version: int,
) -> AppointmentDTO:
    """Cancel a booked appointment (by the person or by the service, with a reason); returns it.

    A booked referral with no other active appointment goes back to received. Raises
    PermissionDenied, NotFound, StaleEditError, TransitionError and ValidationError.
    """
    actor.require(Action.CANCEL_APPOINTMENT)
    if by not in _CANCELLED:
        raise ValidationError("Say who cancelled: the person or the service.", field="by")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Write the reason the appointment was cancelled.", field="reason")
    with db.unit_of_work() as session:
        appt = _appointment(session, appointment_id, expected_version)
        ensure_appointment_transition(appt.status, _CANCELLED[by])
        before = _snapshot(appt)
        appt.status, appt.status_reason = _CANCELLED[by], reason[:300]
        session.flush()
        _audit(session, actor, "appointment.cancel", appt, before)
        referral = session.get(Referral, appt.referral_id) if appt.referral_id else None
        if referral is not None and referral.status == ReferralStatus.BOOKED:
            remaining = session.execute(
                sa.select(sa.func.count(Appointment.id)).where(
                    Appointment.referral_id == referral.id, Appointment.status.in_(_ACTIVE)
                )
            ).scalar_one()
            if not remaining:
                why = f"Appointment cancelled: {reason}"[:300]
                change_status(session, actor, referral, ReferralStatus.RECEIVED, why)
        return _load_dto(session, appt.id)


def _set_attendance(
    db: Database,
    actor: Actor,
    appointment_id: int,
    version: int,
    to: AppointmentStatus,
    action: str,
    now: datetime | None,
) -> AppointmentDTO:
    actor.require(Action.MARK_ATTENDANCE)
    with db.unit_of_work() as session:
        appt = _appointment(session, appointment_id, version)
        current = appt.status
        ensure_appointment_transition(current, to)
        ensure_attendance_time(to, appt.start_at, now or db.clock.now())
        if current == AppointmentStatus.DID_NOT_ATTEND and appt.caseworker_id is not None:
            # Undoing a did-not-attend takes the slot back: refuse if the caseworker is now busy.
            rows = _busy(
                session,
                appt.start_at,
                appt.end_at,
                appt.id,
                Appointment.caseworker_id == appt.caseworker_id,
            )
            busy = [(r.start_at, r.end_at, AppointmentType(r.type).label) for r in rows]
            if clash := calendar.booking_problems(
                start=appt.start_at, end=appt.end_at, caseworker_busy=busy
            ):
                raise SlotConflictError(clash)
        before = _snapshot(appt)
        appt.status = to
        if to == AppointmentStatus.ARRIVED:
            appt.arrived_at = db.clock.now()
        elif to == AppointmentStatus.BOOKED:
            appt.arrived_at = None
        session.flush()
        _audit(session, actor, action, appt, before)
        if appt.referral_id is not None:
            sync_after_attendance(session, actor, appt.referral_id)
        return _load_dto(session, appt.id)


@announces(Kind.APPOINTMENTS, Kind.REFERRALS)
def mark_arrived(
    db: Database,
    actor: Actor,
    appointment_id: int,
    expected_version: int,
    *,
    now: datetime | None = None,
) -> AppointmentDTO:
    """Mark that the person has arrived (waiting to be seen), on the appointment's day; returns
    the appointment. ``now`` is UK local time (default: the clock).

    Raises PermissionDenied, NotFound, StaleEditError and TransitionError (not that day).
    """
    arrived = AppointmentStatus.ARRIVED
    return _set_attendance(
        db, actor, appointment_id, expected_version, arrived, "appointment.arrived", now
    )


@announces(Kind.APPOINTMENTS, Kind.REFERRALS)
def mark_attended(
    db: Database,
    actor: Actor,
    appointment_id: int,
    expected_version: int,
    *,
    now: datetime | None = None,
) -> AppointmentDTO:
    """Mark the appointment attended; returns it.

    Attending the initial assessment makes the referral engaged, and the planned educational
    sessions after it make it completed. Only from the appointment's day on. Raises
    PermissionDenied, NotFound, StaleEditError and TransitionError.
    """
    attended = AppointmentStatus.ATTENDED
    return _set_attendance(
        db, actor, appointment_id, expected_version, attended, "appointment.attended", now
    )


@announces(Kind.APPOINTMENTS, Kind.REFERRALS)
def mark_did_not_attend(
    db: Database,
    actor: Actor,
    appointment_id: int,
    expected_version: int,
    *,
    now: datetime | None = None,
) -> AppointmentDTO:
    """Mark the appointment as did not attend; returns it.

    The referral's status does not change: the person can be booked again before the deadline.
    Only once the start time has passed. Raises PermissionDenied, NotFound, StaleEditError and
    TransitionError.
    """
    dna = AppointmentStatus.DID_NOT_ATTEND
    return _set_attendance(
        db, actor, appointment_id, expected_version, dna, "appointment.did_not_attend", now
    )


@announces(Kind.APPOINTMENTS, Kind.REFERRALS)
def undo_attendance(
    db: Database,
    actor: Actor,
    appointment_id: int,
    expected_version: int,
    *,
    now: datetime | None = None,
) -> AppointmentDTO:
    """Put an arrived, attended or did-not-attend appointment back to booked; returns it.

    An engaged or completed referral goes back to the status its remaining attendance calls for.
    Raises PermissionDenied, NotFound, StaleEditError, TransitionError and SlotConflictError (the
    caseworker took another appointment in the slot of a did-not-attend).
    """
    booked = AppointmentStatus.BOOKED
    return _set_attendance(
        db, actor, appointment_id, expected_version, booked, "appointment.undo_attendance", now
    )
