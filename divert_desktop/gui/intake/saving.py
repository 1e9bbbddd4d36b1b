"""Saving an intake on the database worker, and the sentence that tells the user what happened."""

from __future__ import annotations

from dataclasses import dataclass

from divert_desktop.core.enums import ReferralStatus
from divert_desktop.core.errors import DivertError
from divert_desktop.core.validation import format_date, format_time
from divert_desktop.persistence.database import Database
from divert_desktop.services import booking, intake
from divert_desktop.services.context import Actor
from divert_desktop.services.intake import ReferralDraft, ReferralDTO
from divert_desktop.services.intake_person import TypedAddress


@dataclass(frozen=True)
class IntakeSaved:
    """A saved referral, and what happened to the caseworker of the chosen slot (if any)."""

    referral: ReferralDTO
    person_name: str
    caseworker_note: str | None = None
    person_note: str | None = None


def save_referral(
    db: Database,
    actor: Actor,
    draft: ReferralDraft,
    *,
    person_id: int | None,
    override_reason: str | None,
    caseworker_id: int | None,
    address: TypedAddress | None = None,
) -> IntakeSaved:
    """Runs on the database worker: ``intake.create_referral`` (which also gives the person the
    referral's area and the typed address where their record has none, in the same
    transaction), then gives the booked initial assessment to the chosen slot's caseworker.
    Raises what create_referral raises; an address left out because the record holds another
    is reported in ``person_note``, a caseworker not assigned in ``caseworker_note``."""
    dto = intake.create_referral(
        db, actor, draft, person_id=person_id, override_reason=override_reason, address=address
    )
    name = " ".join(part for part in (draft.first_name, draft.last_name) if part)
    person_note = None
    if dto.address_kept:
        person_note = (
            f"The address typed was not saved: {name}'s record already has a different "
            "address. Check it on their record."
        )
    note = None
    if caseworker_id is not None and dto.appointment_id is not None:
        try:
            booking.assign_caseworker(db, actor, dto.appointment_id, caseworker_id, 1)
        except DivertError as exc:
            note = f"The appointment was left unassigned: {exc}"
    return IntakeSaved(dto, name, note, person_note)


def saved_message(saved: IntakeSaved) -> str:
    """ "Saved referral WMP-1 for Amelia Hart; initial assessment booked Wed 2 Dec 2026 at 10:00"."""
    dto = saved.referral
    text = f"Saved referral {dto.police_reference} for {saved.person_name}"
    if dto.held:
        text += (
            ", held for a manager (an earlier referral, of this person or of someone they may "
            "be, closed as not engaged); no appointment was booked. It waits on the Today page "
            "under Held for a manager"
        )
    elif dto.status == ReferralStatus.INELIGIBLE:
        reason = dto.status_reason or "not eligible"
        text += f" as not eligible ({reason}); no appointment was booked"
    elif dto.appointment_start is not None:
        start = dto.appointment_start
        text += f"; initial assessment booked {format_date(start.date())} at {format_time(start)}"
        if dto.venue_name:
            text += f", {dto.venue_name}"
    else:
        text += "; the initial assessment is still to be booked"
    if dto.overridden:
        text += " (repeat-referral bar overridden)"
    text += "."
    if saved.caseworker_note:
        text += f" {saved.caseworker_note}"
    if saved.person_note:
        text += f" {saved.person_note}"
    return text
