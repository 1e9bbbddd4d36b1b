"""Changing a referral's status: checks the state machine, writes history and the audit trail."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.enums import ReferralStatus
from divert_desktop.persistence.models import Referral, ReferralStatusChange, utcnow
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.context import Actor


def change_status(
    session: Session,
    actor: Actor,
    referral: Referral,
    to: ReferralStatus,
    reason: str | None = None,
    *,
    at: datetime | None = None,
    check: bool = True,
) -> None:
    """Move ``referral`` to ``to`` inside the caller's transaction.

    Raises TransitionError when the state machine forbids it, ValidationError when an exit needs a
    reason and none is given. A change to the same status is a no-op.
    """
    current = ReferralStatus(referral.status)
    if current == to:
        return
    if check:
        from divert_desktop.core.status import ensure_transition

        ensure_transition(current, to, reason)
    when = at or utcnow(session)
    referral.status = to
    referral.status_reason = reason
    referral.status_changed_at = when
    session.add(
        ReferralStatusChange(
            referral_id=referral.id,
            from_status=current,
            to_status=to,
            at=when,
            username=actor.username,
            reason=reason,
        )
    )
    record(
        session,
        actor,
        AuditEntry(
            "referral.status",
            "referral",
            referral.id,
            referral.person_id,
            {
                "police_reference": referral.police_reference,
                "from": current.value,
                "to": to.value,
                "reason": reason,
            },
        ),
    )


def status_history(session: Session, referral_id: int) -> list[ReferralStatusChange]:
    return list(
        session.execute(
            sa.select(ReferralStatusChange)
            .where(ReferralStatusChange.referral_id == referral_id)
            .order_by(ReferralStatusChange.at, ReferralStatusChange.id)
        ).scalars()
    )
