"""Educational sessions: session notes linked to the diary, and each referral's session plan.

A note saying the person attended marks its booked appointment attended, and the referral then
follows the one attendance rule (core.engagement): completed once the initial assessment and the
planned number of sessions are attended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.casework import SESSION_TOPICS, validate_session_note
from divert_desktop.core.enums import AppointmentStatus, AppointmentType, ReferralStatus
from divert_desktop.core.errors import NotFound, TransitionError, ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_date
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import EducationalSession, Referral, StaffUser
from divert_desktop.services.admin import settings as settings_service
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.casework.common import (
    AppointmentChoice,
    ReferralHeader,
    appointment_choices,
    check_version,
    header,
    linked_appointment,
    mark_linked_attendance,
    referral_for,
    sync_referral,
)
from divert_desktop.services.casework.engagement import attended_counts
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor

__all__ = [
    "SessionNoteDTO",
    "SessionPlanDTO",
    "SessionStart",
    "get_note",
    "list_sessions",
    "record_session",
    "session_plan",
    "set_session_plan",
    "start_session",
]

_SESSION = AppointmentType.EDUCATIONAL_SESSION
MAX_PLANNED = 10
_TEXT_LIMIT = 5000


@dataclass(frozen=True)
class SessionNoteDTO:
    id: int
    referral_id: int
    police_reference: str
    appointment_id: int | None
    session_date: date
    date_text: str
    length_minutes: int
    attended: bool
    topics: tuple[str, ...]
    topics_text: str
    topics_other: str
    reflections: str
    next_steps: str
    caseworker: str
    created_by: str


@dataclass(frozen=True)
class SessionPlanDTO:
    """How many sessions are planned for a referral and how many have been attended."""

    referral: ReferralHeader
    planned: int
    attended: int
    initial_attended: bool

    @property
    def text(self) -> str:
        plural = "s" if self.planned != 1 else ""
        return f"{self.attended} of {self.planned} planned session{plural} attended"


@dataclass(frozen=True)
class SessionStart:
    """What the session note form opens with."""

    plan: SessionPlanDTO
    appointments: tuple[AppointmentChoice, ...]
    default_minutes: int


def _plan(session: Session, referral: Referral) -> SessionPlanDTO:
    h = header(session, referral)
    initial, attended = attended_counts(session, h.referral_id)
    return SessionPlanDTO(h, h.sessions_planned, attended, initial)


def start_session(db: Database, actor: Actor, referral_id: int) -> SessionStart:
    """The referral's plan and its session appointments, for a new note.

    Raises PermissionDenied, NotFound and TransitionError (not eligible).
    """
    actor.require(Action.RECORD_SESSION)
    with db.unit_of_work(write=False) as session:
        referral = referral_for(session, referral_id)
        if referral.status == ReferralStatus.INELIGIBLE:
            raise TransitionError("This referral is not eligible, so it has no sessions.")
        if referral.status == ReferralStatus.HELD:
            raise TransitionError(
                "This referral is held for a manager to decide on the repeat-referral rule, so "
                "it has no sessions yet."
            )
        choices = appointment_choices(session, referral.id, _SESSION)
        minutes = int(settings_service.read(session, "session_minutes") or 60)
        return SessionStart(_plan(session, referral), choices, minutes)


def _clean(text: str | None, field: str) -> str | None:
    text = (text or "").strip()
    if len(text) > _TEXT_LIMIT:
        raise ValidationError(f"Keep this to {_TEXT_LIMIT} characters or fewer", field=field)
    return text or None


@announces(Kind.CASEWORK, Kind.REFERRALS, Kind.APPOINTMENTS)
def record_session(
    db: Database,
    actor: Actor,
    referral_id: int,
    *,
    appointment_id: int | None,
    session_date: date,
    length_minutes: int,
    attended: bool,
    topics: list[str],
    topics_other: str | None = None,
    reflections: str | None = None,
    next_steps: str | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> SessionNoteDTO:
    """Record an educational session note; returns it.

    Linked to a booked session appointment, that appointment is marked attended (or did not
    attend) when the diary's clock rule allows it (``now``: UK local time, default the clock);
    an attended session then counts towards the plan and may complete the referral.
    Raises PermissionDenied, NotFound, TransitionError (not eligible) and ValidationError.
    """
    actor.require(Action.RECORD_SESSION)
    today = today or db.clock.today()
    chosen = validate_session_note(
        session_date=session_date,
        today=today,
        length_minutes=length_minutes,
        attended=attended,
        topics=topics,
    )
    texts = {
        f: _clean(v, f)
        for f, v in (
            ("topics_other", topics_other),
            ("reflections", reflections),
            ("next_steps", next_steps),
        )
    }
    with db.unit_of_work() as session:
        referral = referral_for(session, referral_id, lock=True)
        if referral.status == ReferralStatus.INELIGIBLE:
            raise TransitionError("This referral is not eligible, so it has no sessions.")
        if referral.status == ReferralStatus.HELD:
            raise TransitionError(
                "This referral is held for a manager to decide on the repeat-referral rule, so "
                "it has no sessions yet."
            )
        appt = linked_appointment(session, referral, appointment_id, _SESSION)
        if (
            appt is not None
            and session.execute(
                sa.select(EducationalSession.id).where(EducationalSession.appointment_id == appt.id)
            ).first()
        ):
            raise ValidationError(
                "A note for that appointment is already recorded. Choose another appointment.",
                field="appointment_id",
            )
        if appt is not None and appt.status == AppointmentStatus.ATTENDED and not attended:
            raise ValidationError(
                "The diary shows that appointment as attended. Tick “Attended”, or undo the "
                "attendance in the diary first.",
                field="attended",
            )
        note = EducationalSession(
            referral_id=referral.id,
            appointment_id=appt.id if appt else None,
            caseworker_id=(appt.caseworker_id if appt else None) or actor.user_id,
            session_date=session_date,
            length_minutes=int(length_minutes),
            attended=attended,
            topics=chosen,
            created_by=actor.username,
            **texts,
        )
        session.add(note)
        session.flush()
        mark_linked_attendance(session, actor, appt, attended, "session_note", now=now)
        record(
            session,
            actor,
            AuditEntry(
                "session.create",
                "educational_session",
                note.id,
                referral.person_id,
                {
                    "referral_id": referral.id,
                    "appointment_id": note.appointment_id,
                    "attended": attended,
                    "session_date": session_date.isoformat(),
                },
            ),
        )
        sync_referral(session, actor, referral.id)
        return _notes(session, [note.id])[0]


def _notes(session: Session, ids: list[int] | None = None, **where: int) -> list[SessionNoteDTO]:
    s = EducationalSession
    stmt = (
        sa.select(s, Referral.police_reference, StaffUser.display_name)
        .join(Referral, Referral.id == s.referral_id)
        .outerjoin(StaffUser, StaffUser.id == s.caseworker_id)
    )
    if ids is not None:
        stmt = stmt.where(s.id.in_(ids))
    if "person_id" in where:
        stmt = stmt.where(Referral.person_id == where["person_id"])
    if "referral_id" in where:
        stmt = stmt.where(s.referral_id == where["referral_id"])
    out = []
    for row in session.execute(stmt.order_by(s.session_date.desc(), s.id.desc())):
        n = row.EducationalSession
        topics = tuple(n.topics or ())
        out.append(
            SessionNoteDTO(
                n.id,
                n.referral_id,
                row.police_reference,
                n.appointment_id,
                n.session_date,
                format_date(n.session_date),
                n.length_minutes,
                bool(n.attended),
                topics,
                ", ".join(SESSION_TOPICS.get(t, t) for t in topics),
                n.topics_other or "",
                n.reflections or "",
                n.next_steps or "",
                row.display_name or n.created_by,
                n.created_by,
            )
        )
    return out


def list_sessions(
    db: Database, actor: Actor, *, person_id: int | None = None, referral_id: int | None = None
) -> list[SessionNoteDTO]:
    """A person's (or one referral's) session notes, newest first; the view is audited.

    Raises PermissionDenied and ValidationError (neither person nor referral given).
    """
    actor.require(Action.VIEW_CLINICAL)
    if person_id is None and referral_id is None:
        raise ValidationError("Say whose session notes to list.", field="person_id")
    where = {"person_id": person_id} if person_id is not None else {"referral_id": referral_id}
    with db.unit_of_work() as session:
        notes = _notes(session, **where)  # type: ignore[arg-type]
        owner = person_id
        if owner is None:
            owner = referral_for(session, referral_id).person_id  # type: ignore[arg-type]
        record(
            session,
            actor,
            AuditEntry(
                "session.list",
                "person",
                owner,
                owner,
                {"referral_id": referral_id, "count": len(notes)},
            ),
        )
        return notes


def session_plan(db: Database, actor: Actor, referral_id: int) -> SessionPlanDTO:
    """The referral's session plan and attendance so far. Raises PermissionDenied, NotFound."""
    actor.require(Action.VIEW_CLINICAL)
    with db.unit_of_work(write=False) as session:
        return _plan(session, referral_for(session, referral_id))


@announces(Kind.CASEWORK, Kind.REFERRALS)
def set_session_plan(
    db: Database, actor: Actor, referral_id: int, planned: int, *, expected_version: int
) -> SessionPlanDTO:
    """Change how many educational sessions a referral needs (1 to 10); returns the plan.

    Fewer sessions may complete an engaged referral at once. Raises PermissionDenied, NotFound,
    StaleEditError, TransitionError (the referral is closed) and ValidationError.
    """
    actor.require(Action.RECORD_SESSION)
    if not 1 <= int(planned) <= MAX_PLANNED:
        raise ValidationError(
            f"Plan between 1 and {MAX_PLANNED} educational sessions", field="sessions_planned"
        )
    with db.unit_of_work() as session:
        referral = referral_for(session, referral_id, lock=True)
        check_version(referral.version, expected_version, "referral")
        status = ReferralStatus(referral.status)
        if not status.is_open:
            raise TransitionError(
                f"This referral is {status.label.lower()}, so its session plan can no longer change."
            )
        before = referral.sessions_planned
        if before != planned:
            referral.sessions_planned = int(planned)
            session.flush()
            record(
                session,
                actor,
                AuditEntry(
                    "referral.session_plan",
                    "referral",
                    referral.id,
                    referral.person_id,
                    {"before": before, "after": int(planned)},
                ),
            )
            sync_referral(session, actor, referral.id)
        session.flush()
        return _plan(session, referral)


def get_note(db: Database, actor: Actor, note_id: int) -> SessionNoteDTO:
    """One session note; the view is audited. Raises PermissionDenied and NotFound."""
    actor.require(Action.VIEW_CLINICAL)
    with db.unit_of_work() as session:
        found = _notes(session, [note_id])
        if not found:
            raise NotFound("That session note could not be found.")
        note = found[0]
        person = referral_for(session, note.referral_id).person_id
        record(session, actor, AuditEntry("session.view", "educational_session", note_id, person))
        return note
