"""What the casework services share: loading a referral, the person's name, marking the diary
appointment a casework record belongs to, and the referral header every casework screen shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.enums import AppointmentStatus, AppointmentType, ReferralStatus
from divert_desktop.core.errors import NotFound, StaleEditError, ValidationError
from divert_desktop.core.status import attendance_time_problem
from divert_desktop.core.validation import format_date, format_time
from divert_desktop.persistence.models import (
    Appointment,
    Person,
    Referral,
    ReferralSubstance,
    clock_of,
)
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.casework.engagement import sync_after_attendance
from divert_desktop.services.context import Actor
from divert_desktop.services.diary.booking import _audit, _snapshot

__all__ = [
    "AppointmentChoice",
    "ReferralHeader",
    "appointment_choices",
    "check_version",
    "consent_from_answers",
    "header",
    "linked_appointment",
    "mark_linked_attendance",
    "record_consent",
    "referral_for",
]

_WAITING = (AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED)
_USABLE = (*_WAITING, AppointmentStatus.ATTENDED, AppointmentStatus.DID_NOT_ATTEND)


@dataclass(frozen=True)
class ReferralHeader:
    """Who and which referral a casework screen is about (the window title never shows it)."""

    referral_id: int
    person_id: int
    person_name: str
    police_reference: str
    referral_date: date
    date_of_birth: date
    young_person: bool
    status: ReferralStatus
    sessions_planned: int
    version: int

    @property
    def text(self) -> str:
        young = " · young person" if self.young_person else ""
        return (
            f"{self.person_name} · {self.police_reference} · referred "
            f"{format_date(self.referral_date)} · {self.status.label}{young}"
        )


@dataclass(frozen=True)
class AppointmentChoice:
    """A diary appointment a casework record can be linked to."""

    id: int
    type: AppointmentType
    start_at: datetime
    status: AppointmentStatus
    length_minutes: int

    @property
    def text(self) -> str:
        when = f"{format_date(self.start_at.date())} {format_time(self.start_at)}"
        return f"{when} ({self.status.label.lower()})"


def referral_for(session: Session, referral_id: int, *, lock: bool = False) -> Referral:
    """The referral (locked for a write: referral rows are always locked first). Raises NotFound."""
    referral = session.get(Referral, referral_id, with_for_update=lock)
    if referral is None:
        raise NotFound("That referral could not be found. It may have been removed.")
    return referral


def header(session: Session, referral: Referral) -> ReferralHeader:
    p = session.execute(
        sa.select(Person.first_name, Person.last_name, Person.date_of_birth).where(
            Person.id == referral.person_id
        )
    ).one()
    return ReferralHeader(
        referral.id,
        referral.person_id,
        f"{p.first_name} {p.last_name}",
        referral.police_reference,
        referral.referral_datetime.date(),
        p.date_of_birth,
        bool(referral.young_person),
        ReferralStatus(referral.status),
        referral.sessions_planned,
        referral.version,
    )


def substances_of(session: Session, referral_id: int) -> list[str]:
    return list(
        session.execute(
            sa.select(ReferralSubstance.substance)
            .where(ReferralSubstance.referral_id == referral_id)
            .order_by(ReferralSubstance.id)
        ).scalars()
    )


def appointment_choices(
    session: Session, referral_id: int, kind: AppointmentType
) -> tuple[AppointmentChoice, ...]:
    """The referral's appointments of one type that a record can belong to, newest first."""
    a = Appointment
    rows = session.execute(
        sa.select(a.id, a.type, a.start_at, a.status, a.length_minutes)
        .where(a.referral_id == referral_id, a.type == kind, a.status.in_(_USABLE))
        .order_by(a.start_at.desc(), a.id.desc())
    )
    return tuple(
        AppointmentChoice(
            r.id, AppointmentType(r.type), r.start_at, AppointmentStatus(r.status), r.length_minutes
        )
        for r in rows
    )


def linked_appointment(
    session: Session, referral: Referral, appointment_id: int | None, kind: AppointmentType
) -> Appointment | None:
    """The appointment a record is linked to: it must be this referral's, of the right type.

    Raises ValidationError (field "appointment_id").
    """
    if appointment_id is None:
        return None
    appt = session.get(Appointment, appointment_id)
    words = (
        "an initial assessment"
        if kind == AppointmentType.INITIAL_ASSESSMENT
        else ("an educational session")
    )
    if appt is None or appt.referral_id != referral.id or appt.type != kind:
        raise ValidationError(
            f"Choose {words} appointment of this referral from the list.", field="appointment_id"
        )
    if appt.status not in _USABLE:
        raise ValidationError(
            f"That appointment was {AppointmentStatus(appt.status).label.lower()}: choose another "
            "one, or none.",
            field="appointment_id",
        )
    return appt


CONSENT_QUESTION = "consent_outcome_police"
"""The assessment question whose answer is the referral's consent to share the outcome."""


def record_consent(
    session: Session, actor: Actor, referral: Referral, consent: bool | None, via: str
) -> bool:
    """Set the referral's consent to share the outcome with the police, the one place it is
    kept (the intake, the assessment and the outcome window all write it here), audited with
    the answer before and after; True when it changed."""
    before = referral.consent_to_share
    if before is consent:
        return False
    referral.consent_to_share = consent
    session.flush()
    record(
        session,
        actor,
        AuditEntry(
            "referral.consent",
            "referral",
            referral.id,
            referral.person_id,
            {
                "police_reference": referral.police_reference,
                "before": before,
                "after": consent,
                "recorded_from": via,
            },
        ),
    )
    return True


def consent_from_answers(
    session: Session, actor: Actor, referral: Referral, answers: dict, via: str
) -> None:
    """An assessment's answer to the consent question becomes the referral's consent."""
    answer = answers.get(CONSENT_QUESTION)
    if isinstance(answer, bool):
        record_consent(session, actor, referral, answer, via)


def mark_linked_attendance(
    session: Session,
    actor: Actor,
    appt: Appointment | None,
    attended: bool,
    via: str,
    *,
    now: datetime | None = None,
) -> None:
    """Mark a booked (or arrived) appointment attended or did-not-attend from a casework record,
    audited like the diary does it; an appointment already marked is left as it is.

    The diary's clock rule applies (core.status.attendance_time_problem): an appointment on a
    later day is never marked attended, nor one not started yet did-not-attend. ``now`` is UK
    local time (default: the clock). Raises ValidationError (field "appointment_id").
    """
    if appt is None or appt.status not in _WAITING:
        return
    target = AppointmentStatus.ATTENDED if attended else AppointmentStatus.DID_NOT_ATTEND
    problem = attendance_time_problem(target, appt.start_at, now or clock_of(session).now())
    if problem is not None:
        raise ValidationError(
            f"{problem} Link this record to an appointment that has taken place, or choose "
            "“Not booked in the diary”.",
            field="appointment_id",
        )
    before = _snapshot(appt)
    appt.status = target
    session.flush()
    action = "appointment.attended" if attended else "appointment.did_not_attend"
    _audit(session, actor, action, appt, before, recorded_from=via)


def sync_referral(session: Session, actor: Actor, referral_id: int) -> None:
    """Bring the referral's status in line with attendance (the one rule path, see engagement)."""
    session.flush()
    sync_after_attendance(session, actor, referral_id)


def check_version(found: int, expected: int | None, what: str) -> None:
    """Raise StaleEditError when somebody else saved the record since it was read."""
    if expected is not None and found != expected:
        raise StaleEditError(
            f"Someone else changed this {what} while you were looking at it. Reopen it to see "
            "their change, then try again.",
            mine=expected,
            theirs=found,
        )
