"""Pure casework rules: onward referral life and consent, session notes, outcomes, follow-ups,
the attendance rule and each referral's next steps."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest

from divert_desktop.core.casework import (
    CaseFacts,
    OnwardFact,
    next_steps,
    validate_follow_up_result,
    validate_outcome,
    validate_session_note,
)
from divert_desktop.core.engagement import attendance_so_far
from divert_desktop.core.enums import (
    AppointmentStatus,
    FollowUpResult,
    OnwardStatus,
    ReferralStatus,
)
from divert_desktop.core.errors import TransitionError, ValidationError
from divert_desktop.core.onward import (
    ONWARD_TRANSITIONS,
    ensure_onward_transition,
    follow_up_overdue,
    validate_follow_up,
    validate_share_items,
)

ON, R, A = OnwardStatus, ReferralStatus, AppointmentStatus
TODAY = date(2026, 11, 30)


def test_onward_life_follows_the_domain() -> None:
    path = [ON.PROPOSED, ON.CONSENT_GIVEN, ON.SENT, ON.ACCEPTED, ON.ATTENDED, ON.CLOSED]
    for current, new in itertools.pairwise(path):
        ensure_onward_transition(current, new, consent_recorded=True)
    ensure_onward_transition(ON.SENT, ON.DECLINED, consent_recorded=True)
    assert all(ON.CLOSED in targets for s, targets in ONWARD_TRANSITIONS.items() if s != ON.CLOSED)
    with pytest.raises(TransitionError):
        ensure_onward_transition(ON.PROPOSED, ON.ACCEPTED, consent_recorded=True)
    with pytest.raises(TransitionError):
        ensure_onward_transition(ON.CLOSED, ON.SENT, consent_recorded=True)


def test_sending_without_consent_is_refused_first() -> None:
    for current in (ON.PROPOSED, ON.CONSENT_GIVEN):
        with pytest.raises(ValidationError) as err:
            ensure_onward_transition(current, ON.SENT, consent_recorded=False)
        assert err.value.field == "consent"


def test_share_items_and_follow_up_dates() -> None:
    assert validate_share_items(["housing", "contact_details", "housing"]) == [
        "contact_details",
        "housing",
    ]
    for bad in ([], ["bank_details"]):
        with pytest.raises(ValidationError):
            validate_share_items(bad)
    assert validate_follow_up(TODAY, TODAY) == TODAY
    for bad in (None, TODAY - timedelta(days=1), TODAY + timedelta(days=400)):
        with pytest.raises(ValidationError):
            validate_follow_up(bad, TODAY)
    assert follow_up_overdue(ON.SENT, TODAY - timedelta(days=1), TODAY)
    assert not follow_up_overdue(ON.SENT, TODAY, TODAY)
    assert not follow_up_overdue(ON.CLOSED, TODAY - timedelta(days=9), TODAY)


def test_session_notes() -> None:
    assert validate_session_note(
        session_date=TODAY,
        today=TODAY,
        length_minutes=45,
        attended=True,
        topics=["the law", "drug harms"],
    ) == ["drug harms", "the law"]
    assert (
        validate_session_note(
            session_date=TODAY, today=TODAY, length_minutes=45, attended=False, topics=[]
        )
        == []
    )


def test_outcomes_need_a_reason_to_exit() -> None:
    start = date(2026, 11, 2)
    assert validate_outcome(R.COMPLETED, TODAY, None, earliest=start, today=TODAY)[2] == ""
    with pytest.raises(ValidationError) as err:
        validate_outcome(R.WITHDRAWN, TODAY, "  ", earliest=start, today=TODAY)
    assert err.value.message == "Write the reason the referral is withdrawn"
    with pytest.raises(ValidationError) as err:
        validate_outcome(R.ENGAGED, TODAY, "x", earliest=start, today=TODAY)
    assert err.value.field == "outcome"


def test_follow_up_results() -> None:
    referred = date(2026, 3, 2)
    args = {
        "referral_date": referred,
        "learned_on": date(2026, 10, 1),
        "source": "WMP",
        "today": TODAY,
    }
    assert (
        validate_follow_up_result(result="NO", rearrest_date=None, **args)[0] == FollowUpResult.NO
    )
    last_day = referred + timedelta(days=183)
    assert validate_follow_up_result(result="yes", rearrest_date=last_day, **args)[3] == last_day
    for bad_day in (referred, last_day + timedelta(days=1), None):
        with pytest.raises(ValidationError) as err:
            validate_follow_up_result(result="yes", rearrest_date=bad_day, **args)
        assert err.value.field == "rearrest_date"
    with pytest.raises(ValidationError) as err:
        validate_follow_up_result(result="perhaps", rearrest_date=None, **args)
    assert err.value.field == "rearrested"


def test_attendance_counts_each_session_once() -> None:
    assert attendance_so_far(
        initial_appointment_attended=False,
        assessment_recorded=True,
        session_appointments_attended=[7],
        session_notes=[(7, True), (None, True), (9, False)],
    ) == (True, 2)
    assert attendance_so_far(
        initial_appointment_attended=False,
        assessment_recorded=False,
        session_appointments_attended=[],
        session_notes=[],
    ) == (False, 0)


def facts(**kw: object) -> CaseFacts:
    kw.setdefault("engagement_deadline", TODAY + timedelta(days=20))
    return CaseFacts(**kw)  # type: ignore[arg-type]


def keys(f: CaseFacts, today: date = TODAY) -> list[str]:
    return [s.key for s in next_steps(f, today)]


def test_next_steps_through_a_referral() -> None:
    soon = datetime(2026, 12, 2, 10)
    assert keys(facts(status=R.RECEIVED)) == ["book_initial"]
    late = facts(status=R.RECEIVED, engagement_deadline=TODAY - timedelta(days=1))
    assert next_steps(late, TODAY)[0].overdue
    assert keys(facts(status=R.BOOKED, initial_status=A.BOOKED, initial_start=soon)) == [
        "assessment_due"
    ]
    past = facts(status=R.BOOKED, initial_status=A.BOOKED, initial_start=datetime(2026, 11, 20, 10))
    assert keys(past) == ["record_attendance"]
    dna = facts(status=R.BOOKED, initial_status=A.DID_NOT_ATTEND, initial_start=soon)
    assert next_steps(dna, TODAY)[0].text.startswith("Rebook the initial assessment")
    engaged = facts(
        status=R.ENGAGED, initial_status=A.ATTENDED, initial_start=datetime(2026, 11, 20, 10)
    )
    assert keys(engaged) == ["record_assessment", "book_session"]
    assert next_steps(engaged, TODAY)[0].overdue
    booked = facts(
        status=R.ENGAGED,
        assessment_recorded=True,
        sessions_planned=2,
        sessions_attended=1,
        next_session=soon,
    )
    step = next_steps(booked, TODAY)[0]
    assert (step.key, step.text) == ("session_due", "Educational session 2 of 2 booked")
    assert step.due_text == "Wed 2 Dec 2026 10:00"
    assert keys(facts(status=R.COMPLETED)) == []


def test_onward_steps_waiting_last_and_overdue_first() -> None:
    onward = (
        OnwardFact("Example Housing (invented)", ON.SENT, TODAY + timedelta(days=3)),
        OnwardFact("Example CAB (invented)", ON.SENT, TODAY - timedelta(days=2)),
        OnwardFact("Example GP (invented)", ON.PROPOSED, TODAY + timedelta(days=9)),
    )
    got = next_steps(facts(status=R.COMPLETED, onward=onward), TODAY)
    assert [s.key for s in got] == ["follow_up_overdue", "onward_consent", "onward_reply"]
    assert got[0].text.startswith("Follow up the referral to Example CAB (invented)")
