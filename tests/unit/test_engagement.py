"""Unit tests for the engagement deadline and the status that attendance calls for."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from divert_desktop.core.engagement import (
    DEFAULT_DEADLINE_DAYS,
    days_left,
    engagement_deadline,
    should_close_not_engaged,
    status_after_attendance,
)
from divert_desktop.core.enums import ReferralStatus
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.status import can_transition

R = ReferralStatus
REFERRED = date(2026, 1, 10)


def test_default_deadline_is_42_days() -> None:
    assert DEFAULT_DEADLINE_DAYS == 42
    assert engagement_deadline(REFERRED) == date(2026, 2, 21)


def test_deadline_setting_is_used() -> None:
    assert engagement_deadline(REFERRED, 28) == date(2026, 2, 7)
    assert engagement_deadline(date(2024, 2, 1), 29) == date(2024, 3, 1)  # leap year


@pytest.mark.parametrize("days", [0, -1])
def test_deadline_setting_must_be_positive(days: int) -> None:
    with pytest.raises(ValidationError) as err:
        engagement_deadline(REFERRED, days)
    assert err.value.field == "deadline_days"


@pytest.mark.parametrize(
    ("today", "left"),
    [
        (REFERRED, 42),
        (REFERRED + timedelta(days=41), 1),
        (REFERRED + timedelta(days=42), 0),
        (REFERRED + timedelta(days=43), -1),
    ],
)
def test_days_left(today: date, left: int) -> None:
    assert days_left(REFERRED, today) == left


def test_days_left_with_a_setting() -> None:
    assert days_left(REFERRED, REFERRED + timedelta(days=10), days=14) == 4


@pytest.mark.parametrize("status", [R.RECEIVED, R.BOOKED])
def test_day_42_is_still_in_time_and_day_43_closes(status: ReferralStatus) -> None:
    def close(day: int) -> bool:
        return should_close_not_engaged(
            status=status,
            referral_date=REFERRED,
            today=REFERRED + timedelta(days=day),
            anything_attended=False,
        )

    assert close(0) is False
    assert close(41) is False
    assert close(42) is False
    assert close(43) is True
    assert close(400) is True


def test_deadline_days_setting_moves_the_closing_day() -> None:
    kwargs = {"status": R.BOOKED, "referral_date": REFERRED, "anything_attended": False}
    assert should_close_not_engaged(**kwargs, today=REFERRED + timedelta(days=29), deadline_days=28)
    assert not should_close_not_engaged(
        **kwargs, today=REFERRED + timedelta(days=28), deadline_days=28
    )


def test_attending_anything_keeps_the_referral_open() -> None:
    assert not should_close_not_engaged(
        status=R.BOOKED,
        referral_date=REFERRED,
        today=REFERRED + timedelta(days=100),
        anything_attended=True,
    )


@pytest.mark.parametrize(
    "status", [R.ENGAGED, R.COMPLETED, R.INELIGIBLE, R.NOT_ENGAGED, R.WITHDRAWN]
)
def test_only_received_or_booked_referrals_close(status: ReferralStatus) -> None:
    assert not should_close_not_engaged(
        status=status,
        referral_date=REFERRED,
        today=REFERRED + timedelta(days=100),
        anything_attended=False,
    )


@given(
    st.sampled_from(list(R)),
    st.booleans(),
    st.integers(min_value=-10, max_value=200),
    st.integers(min_value=1, max_value=120),
)
def test_closing_always_follows_an_allowed_transition(
    status: ReferralStatus, attended: bool, day: int, deadline: int
) -> None:
    closes = should_close_not_engaged(
        status=status,
        referral_date=REFERRED,
        today=REFERRED + timedelta(days=day),
        anything_attended=attended,
        deadline_days=deadline,
    )
    if closes:
        assert can_transition(status, R.NOT_ENGAGED)
        assert day > deadline
        assert not attended


# --------------------------------------------------------------------------- after attendance


@pytest.mark.parametrize("current", [R.RECEIVED, R.BOOKED])
def test_attending_the_assessment_engages(current: ReferralStatus) -> None:
    assert (
        status_after_attendance(current=current, initial_attended=True, sessions_attended=0)
        is R.ENGAGED
    )


def test_engaged_stays_engaged_until_the_planned_sessions_are_attended() -> None:
    assert (
        status_after_attendance(current=R.ENGAGED, initial_attended=True, sessions_attended=0)
        is R.ENGAGED
    )
    assert (
        status_after_attendance(current=R.ENGAGED, initial_attended=True, sessions_attended=1)
        is R.COMPLETED
    )


def test_planned_sessions_setting() -> None:
    kwargs = {"current": R.ENGAGED, "initial_attended": True, "sessions_planned": 3}
    assert status_after_attendance(**kwargs, sessions_attended=2) is R.ENGAGED
    assert status_after_attendance(**kwargs, sessions_attended=3) is R.COMPLETED
    assert status_after_attendance(**kwargs, sessions_attended=4) is R.COMPLETED


def test_applying_again_reaches_completed_one_allowed_step_at_a_time() -> None:
    status = R.BOOKED
    seen = []
    for _ in range(4):
        new = status_after_attendance(current=status, initial_attended=True, sessions_attended=1)
        if new == status:
            break
        assert can_transition(status, new)
        seen.append(new)
        status = new
    assert seen == [R.ENGAGED, R.COMPLETED]


@pytest.mark.parametrize("current", [R.RECEIVED, R.BOOKED, R.ENGAGED])
def test_did_not_attend_alone_never_changes_status(current: ReferralStatus) -> None:
    assert (
        status_after_attendance(current=current, initial_attended=False, sessions_attended=0)
        is current
    )


def test_sessions_without_the_assessment_do_not_complete() -> None:
    assert (
        status_after_attendance(current=R.ENGAGED, initial_attended=False, sessions_attended=2)
        is R.ENGAGED
    )


@pytest.mark.parametrize("current", [R.COMPLETED, R.NOT_ENGAGED, R.WITHDRAWN, R.INELIGIBLE])
def test_closed_statuses_never_change(current: ReferralStatus) -> None:
    assert (
        status_after_attendance(current=current, initial_attended=True, sessions_attended=5)
        is current
    )
