"""Unit tests for the referral and appointment status machines."""

from __future__ import annotations

import itertools
from datetime import datetime as _dt

import pytest

from divert_desktop.core.enums import AppointmentStatus, ReferralStatus
from divert_desktop.core.errors import TransitionError, ValidationError
from divert_desktop.core.status import (
    ALLOWED_TRANSITIONS,
    APPOINTMENT_TRANSITIONS,
    CLOSED_STATUSES,
    REASON_REQUIRED,
    attendance_time_problem,
    can_appointment_transition,
    can_transition,
    ensure_appointment_transition,
    ensure_attendance_time,
    ensure_transition,
    reason_required,
)

R = ReferralStatus
A = AppointmentStatus

# The referral's life, written out edge by edge.
EXPECTED_REFERRAL_EDGES = {
    (R.RECEIVED, R.BOOKED),
    (R.RECEIVED, R.INELIGIBLE),
    (R.RECEIVED, R.NOT_ENGAGED),
    (R.RECEIVED, R.WITHDRAWN),
    (R.BOOKED, R.RECEIVED),
    (R.BOOKED, R.ENGAGED),
    (R.BOOKED, R.NOT_ENGAGED),
    (R.BOOKED, R.WITHDRAWN),
    (R.ENGAGED, R.COMPLETED),
    (R.ENGAGED, R.WITHDRAWN),
    (R.ENGAGED, R.NOT_ENGAGED),
    (R.INELIGIBLE, R.RECEIVED),
    # Held for a manager by the repeat-referral bar: stored so at intake, then decided.
    (R.RECEIVED, R.HELD),
    (R.HELD, R.RECEIVED),
    (R.HELD, R.BOOKED),
    (R.HELD, R.INELIGIBLE),
}

EXPECTED_APPOINTMENT_EDGES = {
    (A.BOOKED, A.ARRIVED),
    (A.BOOKED, A.ATTENDED),
    (A.BOOKED, A.DID_NOT_ATTEND),
    (A.BOOKED, A.CANCELLED_BY_PERSON),
    (A.BOOKED, A.CANCELLED_BY_PROVIDER),
    (A.BOOKED, A.MOVED),
    (A.ARRIVED, A.ATTENDED),
    (A.ARRIVED, A.DID_NOT_ATTEND),
    (A.ARRIVED, A.BOOKED),
    (A.ATTENDED, A.BOOKED),
    (A.DID_NOT_ATTEND, A.BOOKED),
}


def test_every_referral_status_has_an_entry() -> None:
    assert set(ALLOWED_TRANSITIONS) == set(ReferralStatus)
    assert set(APPOINTMENT_TRANSITIONS) == set(AppointmentStatus)


@pytest.mark.parametrize(("current", "new"), list(itertools.product(R, R)))
def test_referral_transition_matrix(current: ReferralStatus, new: ReferralStatus) -> None:
    allowed = (current, new) in EXPECTED_REFERRAL_EDGES
    assert can_transition(current, new) is allowed
    if allowed:
        ensure_transition(current, new, reason="Person moved out of the area")
    else:
        with pytest.raises(TransitionError):
            ensure_transition(current, new, reason="Person moved out of the area")


def test_closed_statuses_are_terminal() -> None:
    assert CLOSED_STATUSES == {R.COMPLETED, R.NOT_ENGAGED, R.WITHDRAWN}
    for status in CLOSED_STATUSES:
        assert ALLOWED_TRANSITIONS[status] == frozenset()


def test_transition_message_is_plain_english() -> None:
    with pytest.raises(TransitionError) as err:
        ensure_transition(R.COMPLETED, R.BOOKED)
    assert err.value.message == "A completed referral cannot be changed to booked"


def test_transition_message_uses_an_before_vowels() -> None:
    with pytest.raises(TransitionError) as err:
        ensure_transition(R.ENGAGED, R.BOOKED)
    assert err.value.message == "An engaged referral cannot be changed to booked"
    with pytest.raises(TransitionError) as err:
        ensure_transition(R.NOT_ENGAGED, R.COMPLETED)
    assert err.value.message == "A not engaged referral cannot be changed to completed"


def test_same_status_is_not_a_change() -> None:
    with pytest.raises(TransitionError) as err:
        ensure_transition(R.BOOKED, R.BOOKED)
    assert err.value.message == "This referral is already booked"


def test_reason_required_for_exits() -> None:
    assert REASON_REQUIRED == {R.INELIGIBLE, R.HELD, R.NOT_ENGAGED, R.WITHDRAWN}


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (R.RECEIVED, R.INELIGIBLE),
        (R.RECEIVED, R.WITHDRAWN),
        (R.BOOKED, R.NOT_ENGAGED),
        (R.ENGAGED, R.NOT_ENGAGED),
        (R.ENGAGED, R.WITHDRAWN),
        (R.INELIGIBLE, R.RECEIVED),  # the manager's override
        (R.RECEIVED, R.HELD),  # why it is held
        (R.HELD, R.RECEIVED),  # the manager's override
        (R.HELD, R.INELIGIBLE),  # the manager's confirmation: the reason it was held
    ],
)
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_missing_reason_is_a_validation_error(
    current: ReferralStatus, new: ReferralStatus, reason: str | None
) -> None:
    assert reason_required(current, new) is True
    with pytest.raises(ValidationError) as err:
        ensure_transition(current, new, reason)
    assert err.value.field == "reason"
    assert err.value.message.startswith("Write the reason")


def test_override_reason_message() -> None:
    with pytest.raises(ValidationError) as err:
        ensure_transition(R.INELIGIBLE, R.RECEIVED)
    assert err.value.message == "Write the reason for the override"


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (R.RECEIVED, R.BOOKED),
        (R.BOOKED, R.ENGAGED),
        (R.ENGAGED, R.COMPLETED),
        (R.BOOKED, R.RECEIVED),
    ],
)
def test_progress_needs_no_reason(current: ReferralStatus, new: ReferralStatus) -> None:
    assert reason_required(current, new) is False
    ensure_transition(current, new)  # does not raise


def test_transition_error_beats_missing_reason() -> None:
    # A closed referral cannot be withdrawn at all: say that, not "write a reason".
    with pytest.raises(TransitionError):
        ensure_transition(R.COMPLETED, R.WITHDRAWN)


def test_statuses_given_as_strings_are_accepted() -> None:
    ensure_transition("received", "booked")  # type: ignore[arg-type]
    with pytest.raises(TransitionError):
        ensure_transition("completed", "booked")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- appointments


@pytest.mark.parametrize(("current", "new"), list(itertools.product(A, A)))
def test_appointment_transition_matrix(current: AppointmentStatus, new: AppointmentStatus) -> None:
    allowed = (current, new) in EXPECTED_APPOINTMENT_EDGES
    assert can_appointment_transition(current, new) is allowed
    if allowed:
        ensure_appointment_transition(current, new)
    else:
        with pytest.raises(TransitionError):
            ensure_appointment_transition(current, new)


@pytest.mark.parametrize("final", [A.CANCELLED_BY_PERSON, A.CANCELLED_BY_PROVIDER, A.MOVED])
def test_cancelled_and_moved_appointments_are_final(final: AppointmentStatus) -> None:
    assert APPOINTMENT_TRANSITIONS[final] == frozenset()


def test_appointment_message_is_plain_english() -> None:
    with pytest.raises(TransitionError) as err:
        ensure_appointment_transition(A.CANCELLED_BY_PERSON, A.ATTENDED)
    assert err.value.message == (
        "This appointment was cancelled by the person, so it cannot be changed to attended"
    )
    with pytest.raises(TransitionError) as err:
        ensure_appointment_transition(A.ATTENDED, A.ATTENDED)
    assert err.value.message == "This appointment is already marked as attended"


# ---------------------------------------------------------------- when attendance can be marked
_START = _dt(2026, 12, 2, 10, 0)  # Wednesday 2 December 2026, 10:00


@pytest.mark.parametrize(
    ("to", "now", "ok"),
    [
        (AppointmentStatus.ARRIVED, _dt(2026, 12, 1, 16, 0), False),  # the day before
        (AppointmentStatus.ARRIVED, _dt(2026, 12, 2, 9, 40), True),  # early, on the day
        (AppointmentStatus.ARRIVED, _dt(2026, 12, 2, 17, 0), True),
        (AppointmentStatus.ARRIVED, _dt(2026, 12, 3, 9, 0), False),  # the day after
        (AppointmentStatus.ATTENDED, _dt(2026, 12, 1, 23, 59), False),
        (AppointmentStatus.ATTENDED, _dt(2026, 12, 2, 9, 55), True),  # came early
        (AppointmentStatus.ATTENDED, _dt(2026, 12, 9, 9, 0), True),  # recorded later
        (AppointmentStatus.DID_NOT_ATTEND, _dt(2026, 12, 2, 9, 59), False),
        (AppointmentStatus.DID_NOT_ATTEND, _dt(2026, 12, 2, 10, 0), True),
        (AppointmentStatus.DID_NOT_ATTEND, _dt(2026, 12, 5, 10, 0), True),
        (AppointmentStatus.BOOKED, _dt(2026, 11, 1, 9, 0), True),  # undo: any time
    ],
)
def test_attendance_is_marked_only_when_it_can_have_happened(to, now, ok) -> None:
    assert (attendance_time_problem(to, _START, now) is None) is ok


def test_the_messages_say_when_it_can_be_marked() -> None:
    with pytest.raises(
        TransitionError, match=r"on Wed 2 Dec 2026, so it cannot be marked attended"
    ):
        ensure_attendance_time(AppointmentStatus.ATTENDED, _START, _dt(2026, 12, 1, 12, 0))
    with pytest.raises(TransitionError, match=r"starts at 10:00 on Wed 2 Dec 2026"):
        ensure_attendance_time(AppointmentStatus.DID_NOT_ATTEND, _START, _dt(2026, 12, 2, 8, 0))


def test_a_greyed_out_did_not_attend_says_from_when() -> None:
    from datetime import datetime

    from divert_desktop.core.enums import AppointmentStatus as A
    from divert_desktop.core.status import attendance_waits_for

    start = datetime(2026, 12, 2, 10, 0)
    assert attendance_waits_for(A.DID_NOT_ATTEND, A.BOOKED, start, datetime(2026, 12, 2, 9)) == (
        "Available from 10:00, once the appointment has started"
    )
    assert attendance_waits_for(A.DID_NOT_ATTEND, A.BOOKED, start, datetime(2026, 12, 1, 9)) == (
        "Available from 10:00 on Wed 2 Dec 2026, once the appointment has started"
    )
    assert (
        attendance_waits_for(A.DID_NOT_ATTEND, A.BOOKED, start, datetime(2026, 12, 2, 11)) is None
    )
    assert attendance_waits_for(A.DID_NOT_ATTEND, A.ATTENDED, start, start) is None  # by status


def test_held_is_its_own_status_with_its_own_words() -> None:
    """A held referral is neither open for casework nor closed: a manager decides it."""
    assert R.HELD.label == "Held for a manager"
    assert not R.HELD.is_open and R.HELD not in CLOSED_STATUSES
    with pytest.raises(TransitionError) as err:
        ensure_transition(R.HELD, R.ENGAGED)
    assert err.value.message == "A held referral cannot be changed to engaged"
