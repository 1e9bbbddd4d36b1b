"""Engagement: status after attendance, closing referrals past their deadline, withdrawing, declining."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.engagement import (
    AWAITING_ATTENDANCE,
    attendance_so_far,
    status_after_attendance,
)
from divert_desktop.core.enums import AppointmentStatus, AppointmentType, ReferralStatus
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_long_date
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    Appointment,
    Assessment,
    EducationalSession,
    Referral,
    ReferralStatusChange,
    utcnow,
)
from divert_desktop.services.audit.trail import AuditEntry, record_many
from divert_desktop.services.context import Actor
from divert_desktop.services.referral_state import change_status

BATCH_SIZE = 1000
_AWAITING = tuple(sorted(AWAITING_ATTENDANCE))


def anything_attended_sql(referral_id: Any, *, server: bool = False) -> sa.ColumnElement[bool]:
    """True when something counts as attended for the referral (core.engagement.
    attendance_so_far, as SQL): an attended appointment, an assessment recorded, or a session
    note saying the person came. With ``server`` (a shared server) the clinical half is asked
    of ``divert_clinical_attendance`` (migration 0013), so a receptionist's login, which may
    not read assessments or session notes, gets the yes or no and nothing else."""
    a, s = cast(sa.Table, Appointment.__table__), cast(sa.Table, EducationalSession.__table__)
    appointment = sa.exists().where(
        a.c.referral_id == referral_id, a.c.status == AppointmentStatus.ATTENDED
    )
    if server:
        return sa.or_(appointment, sa.func.divert_clinical_attendance(referral_id))
    return sa.or_(
        appointment,
        sa.exists().where(Assessment.referral_id == referral_id),
        sa.exists().where(s.c.referral_id == referral_id, s.c.attended.is_(True)),
    )


def due_to_close_not_engaged_sql(
    r: Any, today: date, *, server: bool = False
) -> sa.ColumnElement[bool]:
    """core.engagement.due_to_close_not_engaged as a condition on the referrals table ``r``
    (its stored engagement deadline); tests/db/test_rule_twins.py checks they agree."""
    return sa.and_(
        r.c.status.in_(_AWAITING),
        r.c.engagement_deadline < today,
        ~anything_attended_sql(r.c.id, server=server),
    )


@dataclass
class EngagementUpdateResult:
    """What ``update_engagement`` did: how many referrals it closed, and their police references."""

    closed: int = 0
    references: list[str] = field(default_factory=list)


def not_engaged_reason(deadline: date) -> str:
    """The status reason written when nothing was attended in time."""
    return f"Nothing attended by the engagement deadline ({format_long_date(deadline)})"


def attended_counts(session: Session, referral_id: int) -> tuple[bool, int]:
    """(initial assessment attended, sessions attended), by core.engagement.attendance_so_far."""
    a = Appointment
    rows = session.execute(
        sa.select(a.id, a.type).where(
            a.referral_id == referral_id, a.status == AppointmentStatus.ATTENDED
        )
    ).all()
    initial = any(AppointmentType(r.type) == AppointmentType.INITIAL_ASSESSMENT for r in rows)
    sessions = [
        r.id for r in rows if AppointmentType(r.type) == AppointmentType.EDUCATIONAL_SESSION
    ]
    if session.get_bind().dialect.name == "postgresql":
        # Asked of the server (migration 0013): a receptionist marking attendance may not
        # read assessments or session notes, only what attendance needs from them.
        assessed = session.execute(
            sa.select(sa.func.divert_assessment_recorded(referral_id))
        ).scalar_one()
        notes = session.execute(
            sa.text("SELECT appointment_id, attended FROM divert_session_attendance(:r)"),
            {"r": referral_id},
        ).all()
    else:
        assessed = session.execute(
            sa.select(sa.func.count(Assessment.id)).where(Assessment.referral_id == referral_id)
        ).scalar_one()
        s = EducationalSession
        notes = session.execute(
            sa.select(s.appointment_id, s.attended).where(s.referral_id == referral_id)
        ).all()
    return attendance_so_far(
        initial_appointment_attended=initial,
        assessment_recorded=bool(assessed),
        session_appointments_attended=sessions,
        session_notes=[(n.appointment_id, bool(n.attended)) for n in notes],
    )


def sync_after_attendance(session: Session, actor: Actor, referral_id: int) -> None:
    """Bring a referral's status in line with what has been attended, inside the caller's work.

    Forward: attending the initial assessment makes it engaged (through booked when it was still
    received), then the planned educational sessions make it completed. Back, after attendance
    is undone: an engaged or completed referral returns to what remains attended calls for.
    Closed referrals (not engaged, withdrawn, ineligible) never change here.
    """
    referral = session.get(Referral, referral_id)
    if referral is None:
        return
    initial, sessions = attended_counts(session, referral_id)
    current = ReferralStatus(referral.status)
    planned = referral.sessions_planned
    if current in (ReferralStatus.ENGAGED, ReferralStatus.COMPLETED):
        should: ReferralStatus = current
        if not initial:
            should = ReferralStatus.BOOKED
        elif current == ReferralStatus.COMPLETED and sessions < max(0, planned):
            should = ReferralStatus.ENGAGED
        if should != current:
            change_status(session, actor, referral, should, "Attendance undone", check=False)
            return
    for _ in range(3):
        current = ReferralStatus(referral.status)
        target = status_after_attendance(
            current=current,
            initial_attended=initial,
            sessions_attended=sessions,
            sessions_planned=planned,
        )
        if target == current:
            break
        if current == ReferralStatus.RECEIVED:
            target = ReferralStatus.BOOKED  # the status machine has no received-to-engaged step
        change_status(session, actor, referral, target)


def _cancel_future_bookings(
    session: Session, referral_ids: list[int], status: AppointmentStatus, reason: str, now: datetime
) -> int:
    """Cancel booked appointments from ``now`` on for closed referrals (frees the diary)."""
    t = cast(sa.Table, Appointment.__table__)
    result = session.execute(
        sa.update(t)
        .where(
            t.c.referral_id.in_(referral_ids),
            t.c.status == AppointmentStatus.BOOKED,
            t.c.start_at >= now,
        )
        .values(status=status, status_reason=reason[:300], version=t.c.version + 1)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def update_engagement(
    db: Database, actor: Actor, *, today: date | None = None, batch_size: int = BATCH_SIZE
) -> EngagementUpdateResult:
    """Close as not engaged every received or booked referral past its engagement deadline with
    nothing attended; returns how many were closed and their police references.

    Idempotent: a second run on the same day closes nothing. One transaction, worked through in
    batches; each closed referral gets a status-history row and an audit event, and its booked
    appointments from today on are cancelled. Raises PermissionDenied.
    """
    actor.require(Action.RUN_ENGAGEMENT_UPDATE)
    today = today or db.clock.today()
    result = EngagementUpdateResult()
    r = cast(sa.Table, Referral.__table__)
    candidates = sa.select(
        r.c.id,
        r.c.person_id,
        r.c.police_reference,
        r.c.status,
        r.c.referral_datetime,
        r.c.engagement_deadline,
    ).where(due_to_close_not_engaged_sql(r, today, server=not db.is_sqlite))
    update = (
        sa.update(r)
        .where(r.c.id == sa.bindparam("b_id"), sa.or_(*(r.c.status == x for x in _AWAITING)))
        .values(
            status=ReferralStatus.NOT_ENGAGED,
            status_reason=sa.bindparam("b_reason"),
            status_changed_at=sa.bindparam("b_at"),
            version=r.c.version + 1,
        )
    )
    entries: list[AuditEntry] = []
    with db.unit_of_work() as session:
        last_id = 0
        while True:
            stmt = candidates.where(r.c.id > last_id).order_by(r.c.id).limit(batch_size)
            rows = session.execute(stmt.with_for_update(of=r)).all()
            if not rows:
                break
            last_id = rows[-1].id
            closing = list(rows)
            if closing:
                entries.extend(_close_batch(session, actor, update, closing, today))
                result.references.extend(row.police_reference for row in closing)
        result.closed = len(result.references)
        if result.closed:
            # Audited last, in one go: the audit trail's lock is always taken after row locks,
            # so this never deadlocks with a booking or attendance on another workstation.
            summary = {"today": today.isoformat(), "closed": result.closed}
            entries.append(AuditEntry("engagement.update", "referral", None, None, summary))
            record_many(session, actor, entries)
    return result


def _close_batch(
    session: Session, actor: Actor, update: Any, rows: list[Any], today: date
) -> list[AuditEntry]:
    """Close one batch (status, history, bookings); returns its audit entries to record last."""
    at = utcnow(session)
    reasons = {row.id: not_engaged_reason(row.engagement_deadline) for row in rows}
    session.execute(
        update, [{"b_id": row.id, "b_reason": reasons[row.id], "b_at": at} for row in rows]
    )
    session.execute(
        sa.insert(ReferralStatusChange),
        [
            {
                "referral_id": row.id,
                "from_status": row.status,
                "to_status": ReferralStatus.NOT_ENGAGED,
                "at": at,
                "username": actor.username,
                "reason": reasons[row.id],
            }
            for row in rows
        ],
    )
    _cancel_future_bookings(
        session,
        [row.id for row in rows],
        AppointmentStatus.CANCELLED_BY_PROVIDER,
        "Referral closed as not engaged",
        datetime.combine(today, datetime.min.time()),
    )
    return [
        AuditEntry(
            "referral.status",
            "referral",
            row.id,
            row.person_id,
            {
                "police_reference": row.police_reference,
                "from": str(row.status),
                "to": ReferralStatus.NOT_ENGAGED.value,
                "reason": reasons[row.id],
            },
        )
        for row in rows
    ]
