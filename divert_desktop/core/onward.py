"""Onward referrals: their life (proposed → consent given → sent → reply → attended → closed),
the consent rule, what may be shared, and when a follow-up is overdue."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from types import MappingProxyType

from divert_desktop.core.enums import OnwardStatus
from divert_desktop.core.errors import TransitionError, ValidationError

__all__ = [
    "DEFAULT_FOLLOW_UP_DAYS",
    "ONWARD_TRANSITIONS",
    "OPEN_ONWARD",
    "SHARE_ITEMS",
    "STATUS_LABELS",
    "can_onward_transition",
    "ensure_onward_transition",
    "follow_up_overdue",
    "validate_follow_up",
    "validate_share_items",
]

_O = OnwardStatus

ONWARD_TRANSITIONS: Mapping[OnwardStatus, frozenset[OnwardStatus]] = MappingProxyType(
    {
        _O.PROPOSED: frozenset({_O.CONSENT_GIVEN, _O.CLOSED}),
        _O.CONSENT_GIVEN: frozenset({_O.SENT, _O.CLOSED}),
        _O.SENT: frozenset({_O.ACCEPTED, _O.DECLINED, _O.CLOSED}),
        _O.ACCEPTED: frozenset({_O.ATTENDED, _O.CLOSED}),
        _O.DECLINED: frozenset({_O.CLOSED}),
        _O.ATTENDED: frozenset({_O.CLOSED}),
        _O.CLOSED: frozenset(),
    }
)
"""Allowed next statuses; any open onward referral may be closed (with a note)."""

OPEN_ONWARD = frozenset(s for s in OnwardStatus if s != _O.CLOSED)

STATUS_LABELS: Mapping[OnwardStatus, str] = MappingProxyType(
    {
        _O.PROPOSED: "Proposed",
        _O.CONSENT_GIVEN: "Consent given",
        _O.SENT: "Sent",
        _O.ACCEPTED: "Accepted",
        _O.DECLINED: "Declined",
        _O.ATTENDED: "Attended",
        _O.CLOSED: "Closed",
    }
)

SHARE_ITEMS: Mapping[str, str] = MappingProxyType(
    {
        "contact_details": "Name, address and phone number",
        "date_of_birth": "Date of birth",
        "substances": "Substances they use",
        "screening_scores": "Screening scores (ASSIST, AUDIT)",
        "referral_reason": "Why they are being referred",
        "health": "Physical and mental health",
        "housing": "Housing situation",
        "safeguarding": "Safeguarding concerns",
    }
)
"""What a person may agree to share with the service (key -> words on screen and in letters)."""

DEFAULT_FOLLOW_UP_DAYS = 14
MAX_FOLLOW_UP_DAYS = 366


def can_onward_transition(current: OnwardStatus, new: OnwardStatus) -> bool:
    return new in ONWARD_TRANSITIONS.get(OnwardStatus(current), frozenset())


def ensure_onward_transition(
    current: OnwardStatus, new: OnwardStatus, *, consent_recorded: bool
) -> None:
    """Check a change of an onward referral's status.

    Sending needs the person's consent recorded first: ValidationError (field "consent").
    Any other change the life does not allow: TransitionError.
    """
    current, new = OnwardStatus(current), OnwardStatus(new)
    if new == _O.SENT and not consent_recorded:
        raise ValidationError(
            "Record the person's consent before sending this referral: they must agree to it, "
            "and to what is shared.",
            field="consent",
        )
    if current == new:
        raise TransitionError(f"This onward referral is already {STATUS_LABELS[new].lower()}")
    if not ONWARD_TRANSITIONS[current]:
        raise TransitionError("This onward referral is closed, so it cannot change")
    if not can_onward_transition(current, new):
        raise TransitionError(
            f"An onward referral that is {STATUS_LABELS[current].lower()} cannot be changed to "
            f"{STATUS_LABELS[new].lower()}"
        )


def validate_share_items(items: Iterable[str]) -> list[str]:
    """The items the person agreed to share, in the standard order.

    Raises ValidationError (field "share_items") when none is ticked or one is unknown.
    """
    chosen = list(dict.fromkeys(items))
    unknown = [item for item in chosen if item not in SHARE_ITEMS]
    if unknown:
        raise ValidationError(
            f"“{unknown[0]}” is not something that can be shared", field="share_items"
        )
    if not chosen:
        raise ValidationError(
            "Tick what the person agrees may be shared with the service (at least one item)",
            field="share_items",
        )
    return [key for key in SHARE_ITEMS if key in chosen]


def validate_follow_up(follow_up: date | None, today: date) -> date:
    """A follow-up date: required, not in the past, within a year.

    Raises ValidationError (field "follow_up_date").
    """
    if follow_up is None:
        raise ValidationError("Enter a date to follow this referral up", field="follow_up_date")
    if follow_up < today:
        raise ValidationError("The follow-up date cannot be in the past", field="follow_up_date")
    if follow_up > today + timedelta(days=MAX_FOLLOW_UP_DAYS):
        raise ValidationError(
            "Choose a follow-up date within the next year", field="follow_up_date"
        )
    return follow_up


def follow_up_overdue(status: OnwardStatus, follow_up: date | None, today: date) -> bool:
    """True when an open onward referral's follow-up date has passed."""
    return follow_up is not None and OnwardStatus(status) in OPEN_ONWARD and follow_up < today
