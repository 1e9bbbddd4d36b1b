"""The referral intake screen: a police referral typed in, checked live, saved and booked."""

from __future__ import annotations

from divert_desktop.gui.intake.intake_dialog import IntakeDialog
from divert_desktop.gui.intake.saving import IntakeSaved, saved_message

__all__ = ["IntakeDialog", "IntakeSaved", "saved_message"]
