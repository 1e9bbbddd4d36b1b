"""The intake screen's live preview: ``check_draft`` plus the date of the referral that bars it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Referral
from divert_desktop.services.context import Actor
from divert_desktop.services.intake.referrals import IntakeCheck, ReferralDraft, check_draft

__all__ = ["IntakePreview", "preview_referral"]


@dataclass(frozen=True)
class IntakePreview:
    """What the intake screen shows while typing: the service's check and, when an earlier
    referral bars this one, that referral's date (so the screen can name it in full)."""

    check: IntakeCheck
    barring_date: date | None = None


def preview_referral(
    db: Database,
    draft: ReferralDraft,
    *,
    actor: Actor | None = None,
    person_id: int | None = None,
    override_reason: str | None = None,
) -> IntakePreview:
    """Preview a referral without saving (one read-only unit of work) and return IntakePreview.

    Raises what ``services.intake.check_draft`` raises: ValidationError, NotFound, PermissionDenied.
    """
    with db.unit_of_work(write=False) as session:
        check = check_draft(
            session, draft, actor=actor, person_id=person_id, override_reason=override_reason
        )
        barring = check.eligibility.barring_reference
        when = None
        if barring:
            when = session.execute(
                sa.select(Referral.referral_datetime).where(Referral.police_reference == barring)
            ).scalar_one_or_none()
        return IntakePreview(check, when.date() if when is not None else None)
