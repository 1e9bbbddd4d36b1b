"""Engagement rules: the deadline for attending, closing as not engaged, status after attendance."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, timedelta

from divert_desktop.core.enums import ReferralStatus
from divert_desktop.core.errors import ValidationError

__all__ = [
    "AWAITING_ATTENDANCE",
    "DEFAULT_DEADLINE_DAYS",
    "attendance_so_far",
    "days_left",
    "due_to_close_not_engaged",
    "engagement_deadline",
    "should_close_not_engaged",
    "status_after_attendance",
]

DEFAULT_DEADLINE_DAYS = 42
"""Default number of days after the referral date by which the person must attend something."""

AWAITING_ATTENDANCE = frozenset({ReferralStatus.RECEIVED, ReferralStatus.BOOKED})
"""The statuses in which nothing has been attended yet: the engagement deadline applies."""


def engagement_deadline(referral_date: date, days: int = DEFAULT_DEADLINE_DAYS) -> date:
    """Return the last day on which attending still counts as engaging in time.

    Raises ValidationError when ``days`` is less than 1.
    """
    if days < 1:
        raise ValidationError(
            "The engagement deadline must be at least 1 day after the referral",
            field="deadline_days",
        )
    return referral_date + timedelta(days=days)


def days_left(referral_date: date, today: date, days: int = DEFAULT_DEADLINE_DAYS) -> int:
    """Return the days from ``today`` to the deadline: 0 on the deadline day, negative after it."""
    return (engagement_deadline(referral_date, days) - today).days


def should_close_not_engaged(
    *,
    status: ReferralStatus,
    referral_date: date,
    today: date,
    anything_attended: bool,
    deadline_days: int = DEFAULT_DEADLINE_DAYS,
) -> bool:
    """Return True when a referral must now close as not engaged.

    Only a received or booked referral with nothing attended closes, and only once the deadline
    day has passed (attending on the deadline day itself is still in time).
    """
    return due_to_close_not_engaged(
        status=status,
        deadline=engagement_deadline(referral_date, deadline_days),
        today=today,
        anything_attended=anything_attended,
    )


def due_to_close_not_engaged(
    *, status: ReferralStatus | str, deadline: date, today: date, anything_attended: bool
) -> bool:
    """Return True when a referral with this (stored) engagement ``deadline`` must now close as
    not engaged: received or booked, nothing attended (``attendance_so_far``), and the deadline
    day has passed. Its SQL twin is ``services.engagement.due_to_close_not_engaged_sql``."""
    if ReferralStatus(status) not in AWAITING_ATTENDANCE or anything_attended:
        return False
    return today > deadline


def status_after_attendance(
    *,
    current: ReferralStatus,
    initial_attended: bool,
    sessions_attended: int,
    sessions_planned: int = 1,
) -> ReferralStatus:
    """Return the referral status that attendance so far calls for, one step at a time.

    Received or booked with the initial assessment attended becomes engaged; engaged with the
    initial assessment and at least the planned number of sessions attended becomes completed.
    Apply again after saving "engaged" to reach "completed" in one go (the status machine has no
    booked-to-completed step). Closed statuses never change, and a did-not-attend alone (nothing
    attended) leaves the status as it is.
    """
    current = ReferralStatus(current)
    if not current.is_open or not initial_attended:
        return current
    if current in AWAITING_ATTENDANCE:
        return ReferralStatus.ENGAGED
    if sessions_attended >= max(0, sessions_planned):
        return ReferralStatus.COMPLETED
    return current


def attendance_so_far(
    *,
    initial_appointment_attended: bool,
    assessment_recorded: bool,
    session_appointments_attended: Collection[int],
    session_notes: Iterable[tuple[int | None, bool]],
) -> tuple[bool, int]:
    """What counts as attended so far: (initial assessment attended, sessions attended).

    The one rule that both attendance marking and casework records feed: the initial
    assessment is attended when its diary appointment is marked attended or an assessment has
    been recorded (one done by phone without a booking counts). Each educational session counts
    once: an attended session appointment, or a session note saying the person attended
    (``session_notes`` are (appointment id or None, attended) pairs), whichever was recorded.
    """
    sessions = set(session_appointments_attended)
    unbooked = 0
    for appointment_id, attended in session_notes:
        if not attended:
            continue
        if appointment_id is None:
            unbooked += 1
        else:
            sessions.add(appointment_id)
    return initial_appointment_attended or assessment_recorded, len(sessions) + unbooked
