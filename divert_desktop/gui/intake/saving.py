"""The sentence that tells the user what saving an intake did (the save is one service call)."""

from __future__ import annotations

from divert_desktop.core.enums import ReferralStatus
from divert_desktop.core.validation import format_date, format_time
from divert_desktop.services.intake.save import IntakeSaved, save_intake

__all__ = ["IntakeSaved", "save_intake", "saved_message"]


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
