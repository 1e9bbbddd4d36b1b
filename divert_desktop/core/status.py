"""The referral and appointment status machines: which changes are allowed and which need a reason."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType

from divert_desktop.core.enums import AppointmentStatus, ReferralStatus
from divert_desktop.core.errors import TransitionError, ValidationError

__all__ = [
    "ALLOWED_TRANSITIONS",
    "APPOINTMENT_TRANSITIONS",
    "CLOSED_STATUSES",
    "OVERRIDE_TRANSITIONS",
    "REASON_REQUIRED",
    "attendance_choices",
    "attendance_time_problem",
    "can_appointment_transition",
    "can_transition",
    "ensure_appointment_transition",
    "ensure_attendance_time",
    "ensure_transition",
    "reason_required",
]

_R = ReferralStatus
_A = AppointmentStatus

ALLOWED_TRANSITIONS: Mapping[ReferralStatus, frozenset[ReferralStatus]] = MappingProxyType(
    {
        _R.RECEIVED: frozenset({_R.BOOKED, _R.INELIGIBLE, _R.HELD, _R.NOT_ENGAGED, _R.WITHDRAWN}),
        # Back to received when every appointment has been cancelled.
        _R.BOOKED: frozenset({_R.RECEIVED, _R.ENGAGED, _R.NOT_ENGAGED, _R.WITHDRAWN}),
        # Not engaged from engaged: the person declines further sessions.
        _R.ENGAGED: frozenset({_R.COMPLETED, _R.WITHDRAWN, _R.NOT_ENGAGED}),
        # Only through a manager's override of the repeat-referral bar.
        _R.INELIGIBLE: frozenset({_R.RECEIVED}),
        # Held by the repeat-referral bar until a manager decides: override (received, or booked
        # at once) or confirm (ineligible, with the reason it was held).
        _R.HELD: frozenset({_R.RECEIVED, _R.BOOKED, _R.INELIGIBLE}),
        _R.COMPLETED: frozenset(),
        _R.NOT_ENGAGED: frozenset(),
        _R.WITHDRAWN: frozenset(),
    }
)
"""Allowed next statuses for each referral status; closed statuses allow none."""

CLOSED_STATUSES: frozenset[ReferralStatus] = frozenset(
    status for status, targets in ALLOWED_TRANSITIONS.items() if not targets
)

REASON_REQUIRED: frozenset[ReferralStatus] = frozenset(
    {_R.INELIGIBLE, _R.HELD, _R.NOT_ENGAGED, _R.WITHDRAWN}
)
"""Statuses that can only be entered with a written reason (the exits)."""

OVERRIDE_TRANSITIONS: frozenset[tuple[ReferralStatus, ReferralStatus]] = frozenset(
    {(_R.INELIGIBLE, _R.RECEIVED), (_R.HELD, _R.RECEIVED), (_R.HELD, _R.BOOKED)}
)
"""Changes that are overrides of a rule: they need a reason too."""


def _article(word: str) -> str:
    return "An" if word[:1].lower() in "aeiou" else "A"


def _referral_word(status: ReferralStatus) -> str:
    if status is ReferralStatus.HELD:
        return "held"
    return status.value.replace("_", " ")


def can_transition(current: ReferralStatus, new: ReferralStatus) -> bool:
    """Return True when a referral may go from ``current`` to ``new``."""
    return new in ALLOWED_TRANSITIONS.get(current, frozenset())


def reason_required(current: ReferralStatus, new: ReferralStatus) -> bool:
    """Return True when moving from ``current`` to ``new`` needs a written reason."""
    return new in REASON_REQUIRED or (current, new) in OVERRIDE_TRANSITIONS


def ensure_transition(
    current: ReferralStatus, new: ReferralStatus, reason: str | None = None
) -> None:
    """Check a referral status change.

    Raises TransitionError when the change is not allowed, and ValidationError (field "reason")
    when the change needs a reason and none was written.
    """
    current, new = ReferralStatus(current), ReferralStatus(new)
    if current == new:
        raise TransitionError(f"This referral is already {_referral_word(current)}")
    if not can_transition(current, new):
        word = _referral_word(current)
        raise TransitionError(
            f"{_article(word)} {word} referral cannot be changed to {_referral_word(new)}"
        )
    if reason_required(current, new) and not (reason or "").strip():
        if (current, new) in OVERRIDE_TRANSITIONS:
            message = "Write the reason for the override"
        else:
            message = f"Write the reason the referral is {_referral_word(new)}"
        raise ValidationError(message, field="reason")


APPOINTMENT_TRANSITIONS: Mapping[AppointmentStatus, frozenset[AppointmentStatus]] = (
    MappingProxyType(
        {
            _A.BOOKED: frozenset(
                {
                    _A.ARRIVED,
                    _A.ATTENDED,
                    _A.DID_NOT_ATTEND,
                    _A.CANCELLED_BY_PERSON,
                    _A.CANCELLED_BY_PROVIDER,
                    _A.MOVED,
                }
            ),
            _A.ARRIVED: frozenset({_A.ATTENDED, _A.DID_NOT_ATTEND, _A.BOOKED}),
            # Undo, for a same-day correction.
            _A.ATTENDED: frozenset({_A.BOOKED}),
            _A.DID_NOT_ATTEND: frozenset({_A.BOOKED}),
            _A.CANCELLED_BY_PERSON: frozenset(),
            _A.CANCELLED_BY_PROVIDER: frozenset(),
            _A.MOVED: frozenset(),
        }
    )
)
"""Allowed next statuses for each appointment status; cancelled and moved are final."""

_APPOINTMENT_WORDS = {
    _A.BOOKED: "booked",
    _A.ARRIVED: "marked as arrived",
    _A.ATTENDED: "marked as attended",
    _A.DID_NOT_ATTEND: "marked as did not attend",
    _A.CANCELLED_BY_PERSON: "cancelled by the person",
    _A.CANCELLED_BY_PROVIDER: "cancelled by the service",
    _A.MOVED: "moved to another time",
}


def can_appointment_transition(current: AppointmentStatus, new: AppointmentStatus) -> bool:
    """Return True when an appointment may go from ``current`` to ``new``."""
    return new in APPOINTMENT_TRANSITIONS.get(current, frozenset())


def ensure_appointment_transition(current: AppointmentStatus, new: AppointmentStatus) -> None:
    """Check an appointment status change; raise TransitionError when it is not allowed."""
    current, new = AppointmentStatus(current), AppointmentStatus(new)
    if current == new:
        raise TransitionError(f"This appointment is already {_APPOINTMENT_WORDS[current]}")
    if not can_appointment_transition(current, new):
        target = _APPOINTMENT_WORDS[new].removeprefix("marked as ")
        raise TransitionError(
            f"This appointment was {_APPOINTMENT_WORDS[current]}, so it cannot be changed to "
            f"{target}"
        )


def _attendance_time_rule(
    to: AppointmentStatus, start_at: datetime, now: datetime
) -> tuple[str, str] | None:
    """The clock's rule for attendance marks: None when ``to`` may be marked at ``now``, else
    (the refusal, the disabled button's reason).

    Arrival is marked on the day; attendance from the day on (someone may come early); a
    did-not-attend once the start time has passed. Putting it back to booked is always possible.
    """
    from divert_desktop.core.validation import format_date, format_time

    day, when = format_date(start_at.date()), format_time(start_at)
    on_day = when if now.date() == start_at.date() else f"{when} on {day}"
    if to == _A.ARRIVED:
        if now.date() < start_at.date():
            return (
                f"This appointment is on {day}: mark the arrival on the day.",
                f"Available on {day}, the day of the appointment",
            )
        if now.date() > start_at.date():
            return (
                f"This appointment was on {day}: mark it attended or did not attend instead.",
                f"Not available: the appointment was on {day}",
            )
    elif to == _A.ATTENDED and now.date() < start_at.date():
        return (
            f"This appointment is on {day}, so it cannot be marked attended yet.",
            f"Available on {day}, the day of the appointment",
        )
    elif to == _A.DID_NOT_ATTEND and now < start_at:
        return (
            f"This appointment starts at {when} on {day}: it can be marked as did not attend "
            "once that time has passed.",
            f"Available from {on_day}, once the appointment has started",
        )
    return None


def attendance_time_problem(to: AppointmentStatus, start_at: datetime, now: datetime) -> str | None:
    """Why the appointment cannot be marked ``to`` at ``now`` (None when it can)."""
    rule = _attendance_time_rule(AppointmentStatus(to), start_at, now)
    return rule[0] if rule else None


def attendance_waits_for(
    to: AppointmentStatus, status: AppointmentStatus, start_at: datetime, now: datetime
) -> str | None:
    """Why the mark ``to`` is greyed out, for its tooltip and the hint line ("Available from
    10:00, once the appointment has started"); None when it can be marked, or when the status
    (not the clock) rules it out."""
    if not can_appointment_transition(AppointmentStatus(status), AppointmentStatus(to)):
        return None
    rule = _attendance_time_rule(AppointmentStatus(to), start_at, now)
    return rule[1] if rule else None


def ensure_attendance_time(to: AppointmentStatus, start_at: datetime, now: datetime) -> None:
    """Raise TransitionError when the appointment cannot be marked ``to`` yet (or any more)."""
    problem = attendance_time_problem(AppointmentStatus(to), start_at, now)
    if problem is not None:
        raise TransitionError(problem)


def attendance_choices(
    status: AppointmentStatus, start_at: datetime, now: datetime
) -> dict[AppointmentStatus, bool]:
    """Which attendance marks the appointment can take at ``now``: arrived, attended, did not
    attend, and booked (putting a mark back), each by the status machine and the clock."""
    status = AppointmentStatus(status)
    return {
        to: can_appointment_transition(status, to)
        and attendance_time_problem(to, start_at, now) is None
        for to in (_A.ARRIVED, _A.ATTENDED, _A.DID_NOT_ATTEND, _A.BOOKED)
    }
