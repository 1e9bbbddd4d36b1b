"""The caseload: a caseworker's appointments today and this week, and their referrals with the
state and next step of each (assessment due, session due, onward reply awaited, follow-up
overdue). Drafts are local files: the page reads them from services.drafts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.casework import CaseFacts, NextStep, OnwardFact, next_steps
from divert_desktop.core.engagement import attendance_so_far
from divert_desktop.core.enums import (
    AppointmentStatus,
    AppointmentType,
    OnwardStatus,
    ReferralStatus,
)
from divert_desktop.core.onward import OPEN_ONWARD
from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    Appointment,
    Assessment,
    EducationalSession,
    OnwardReferral,
    Person,
    Referral,
    Service,
    StaffUser,
)
from divert_desktop.services.context import Actor
from divert_desktop.services.lists.common import day_bounds, full_name
from divert_desktop.services.lists.today import AppointmentRow, appointment_row, appointment_select

__all__ = ["MAX_CASELOAD", "Caseload", "CaseloadRow", "caseload"]

MAX_CASELOAD = 500
_OPEN = (ReferralStatus.RECEIVED, ReferralStatus.BOOKED, ReferralStatus.ENGAGED)
_GONE = (
    AppointmentStatus.MOVED,
    AppointmentStatus.CANCELLED_BY_PERSON,
    AppointmentStatus.CANCELLED_BY_PROVIDER,
)
_CHUNK = 400


@dataclass(frozen=True)
class CaseloadRow:
    """One referral on the caseload with its most urgent next step (all of them in ``steps``)."""

    referral_id: int
    version: int
    person_id: int
    person_name: str
    police_reference: str
    young_person: bool
    status: ReferralStatus
    status_text: str
    sessions_text: str
    next_step: str
    next_key: str
    due: date | None
    due_text: str
    overdue: bool
    steps: tuple[NextStep, ...]
    assessment_id: int | None = None

    @property
    def steps_text(self) -> str:
        return "\n".join(s.text for s in self.steps)


@dataclass(frozen=True)
class Caseload:
    caseworker_id: int | None
    today: date
    appointments_today: tuple[AppointmentRow, ...]
    appointments_week: tuple[AppointmentRow, ...]
    referrals: tuple[CaseloadRow, ...]
    truncated: bool


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def _referral_ids(session: Session, caseworker_id: int | None, username: str | None) -> list[int]:
    """Open referrals (and closed ones with an open onward referral) of the caseworker."""
    r, a, o = Referral, Appointment, OnwardReferral
    open_onward = sa.select(o.referral_id).where(o.status.in_([s.value for s in OPEN_ONWARD]))
    if caseworker_id is None:
        stmt = sa.select(r.id).where(sa.or_(r.status.in_(_OPEN), r.id.in_(open_onward)))
    else:
        mine = sa.select(a.referral_id).where(
            a.caseworker_id == caseworker_id, a.referral_id.is_not(None)
        )
        theirs = sa.select(o.referral_id).where(
            o.created_by == (username or ""), o.status.in_([s.value for s in OPEN_ONWARD])
        )
        stmt = sa.select(r.id).where(
            sa.or_(
                sa.and_(r.status.in_(_OPEN), r.id.in_(mine)),
                r.id.in_(theirs),
                sa.and_(r.id.in_(open_onward), r.id.in_(mine)),
            )
        )
    stmt = stmt.order_by(r.referral_datetime.desc(), r.id.desc()).limit(MAX_CASELOAD + 1)
    return list(session.execute(stmt).scalars())


def _facts(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    facts: dict[int, dict[str, Any]] = defaultdict(
        lambda: {
            "initial": None,
            "sessions_attended": [],
            "next_session": None,
            "assessed": None,
            "notes": [],
            "onward": [],
        }
    )
    a = Appointment
    for chunk in _chunks(ids):
        for row in session.execute(
            sa.select(a.id, a.referral_id, a.type, a.status, a.start_at)
            .where(a.referral_id.in_(chunk), a.status.notin_(_GONE))
            .order_by(a.start_at)
        ):
            f = facts[row.referral_id]
            status = AppointmentStatus(row.status)
            if row.type == AppointmentType.INITIAL_ASSESSMENT:
                if f["initial"] is None or f["initial"][0] != AppointmentStatus.ATTENDED:
                    f["initial"] = (status, row.start_at)
            elif row.type == AppointmentType.EDUCATIONAL_SESSION:
                if status == AppointmentStatus.ATTENDED:
                    f["sessions_attended"].append(row.id)
                elif status == AppointmentStatus.BOOKED and f["next_session"] is None:
                    f["next_session"] = row.start_at
        for aid, rid in session.execute(
            sa.select(Assessment.id, Assessment.referral_id)
            .where(Assessment.referral_id.in_(chunk), Assessment.amended_at.is_(None))
            .order_by(Assessment.id)
        ):
            facts[rid]["assessed"] = aid  # the newest current version
        s = EducationalSession
        for note in session.execute(
            sa.select(s.referral_id, s.appointment_id, s.attended).where(s.referral_id.in_(chunk))
        ):
            facts[note.referral_id]["notes"].append((note.appointment_id, bool(note.attended)))
        o = OnwardReferral
        for onward in session.execute(
            sa.select(o.referral_id, o.status, o.follow_up_date, Service.organisation)
            .join(Service, Service.id == o.service_id)
            .where(o.referral_id.in_(chunk), o.status != OnwardStatus.CLOSED)
            .order_by(o.created_at)
        ):
            facts[onward.referral_id]["onward"].append(
                OnwardFact(onward.organisation, OnwardStatus(onward.status), onward.follow_up_date)
            )
    return facts


def _rows(session: Session, ids: list[int], today: date) -> list[CaseloadRow]:
    facts = _facts(session, ids)
    r, p = Referral, Person
    out = []
    for chunk in _chunks(ids):
        for row in session.execute(
            sa.select(
                r.id,
                r.version,
                r.person_id,
                r.police_reference,
                r.young_person,
                r.status,
                r.engagement_deadline,
                r.sessions_planned,
                p.first_name,
                p.last_name,
            )
            .join(p, p.id == r.person_id)
            .where(r.id.in_(chunk))
        ):
            f = facts[row.id]
            initial_attended = bool(f["initial"]) and f["initial"][0] == AppointmentStatus.ATTENDED
            initial, attended = attendance_so_far(
                initial_appointment_attended=initial_attended,
                assessment_recorded=f["assessed"] is not None,
                session_appointments_attended=f["sessions_attended"],
                session_notes=f["notes"],
            )
            status = ReferralStatus(row.status)
            case = CaseFacts(
                status=status,
                engagement_deadline=row.engagement_deadline,
                initial_status=f["initial"][0] if f["initial"] else None,
                initial_start=f["initial"][1] if f["initial"] else None,
                assessment_recorded=f["assessed"] is not None,
                sessions_planned=row.sessions_planned,
                sessions_attended=attended,
                next_session=f["next_session"],
                onward=tuple(f["onward"]),
            )
            steps = tuple(next_steps(case, today))
            first = steps[0] if steps else NextStep("none", "Nothing to do")
            out.append(
                CaseloadRow(
                    row.id,
                    row.version,
                    row.person_id,
                    full_name(row.first_name, row.last_name),
                    row.police_reference,
                    bool(row.young_person),
                    status,
                    status.label,
                    f"{attended} of {row.sessions_planned}" if initial else "Not assessed yet",
                    first.text,
                    first.key,
                    first.due,
                    first.due_text,
                    first.overdue,
                    steps,
                    f["assessed"],
                )
            )
    return sorted(
        out,
        key=lambda c: (not c.overdue, c.due is None, c.due or date.max, c.person_name.casefold()),
    )


def _appointments(
    session: Session, caseworker_id: int | None, start: datetime, end: datetime
) -> tuple[AppointmentRow, ...]:
    a = Appointment
    stmt = appointment_select().where(a.start_at >= start, a.start_at < end, a.status.notin_(_GONE))
    if caseworker_id is not None:
        stmt = stmt.where(a.caseworker_id == caseworker_id)
    stmt = stmt.order_by(a.start_at, StaffUser.display_name, a.id)
    return tuple(appointment_row(row) for row in session.execute(stmt))


def caseload(
    db: Database,
    actor: Actor,
    *,
    today: date | None = None,
    caseworker_id: int | None = None,
    everyone: bool = False,
) -> Caseload:
    """The caseload of one caseworker (default: the signed-in user), or ``everyone``'s.

    Referrals come most urgent first (overdue, then by due date); at most MAX_CASELOAD, with
    ``truncated`` saying when there were more. Raises PermissionDenied.
    """
    actor.require(Action.RECORD_ASSESSMENT)
    today = today or db.clock.today()
    who = None if everyone else (caseworker_id if caseworker_id is not None else actor.user_id)
    with db.unit_of_work(write=False) as session:
        username = None
        if who is not None:
            username = session.execute(
                sa.select(StaffUser.username).where(StaffUser.id == who)
            ).scalar_one_or_none()
        ids = _referral_ids(session, who, username)
        truncated = len(ids) > MAX_CASELOAD
        rows = _rows(session, ids[:MAX_CASELOAD], today)
        start, tomorrow = day_bounds(today)
        return Caseload(
            who,
            today,
            _appointments(session, who, start, tomorrow),
            _appointments(session, who, tomorrow, start + timedelta(days=8)),
            tuple(rows),
            truncated,
        )
