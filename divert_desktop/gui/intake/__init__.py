"""The referral intake screen: a police referral typed in, checked live, saved and booked."""

from __future__ import annotations

from .intake_dialog import IntakeDialog
from .saving import IntakeSaved, saved_message

__all__ = ["IntakeDialog", "IntakeSaved", "saved_message"]
