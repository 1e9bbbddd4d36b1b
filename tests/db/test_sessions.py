"""Educational session notes and session plans on both databases: one rule completes a referral,
whether attendance is marked in the diary or recorded in a session note."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from divert_desktop.core.enums import AppointmentStatus, ReferralStatus, Role
from divert_desktop.core.errors import PermissionDenied, TransitionError, ValidationError
from divert_desktop.services.casework import assessments, sessions
from divert_desktop.services.context import cli_actor
from divert_desktop.services.diary import booking
from tests.db.casework_helpers import (
    ASSESSED,
    FIRST_SESSION,
    TODAY,
    book_session,
    booked_case,
    complete_answers,
)
from tests.db.test_booking import appointment_rows, audit_events, referral_status

LATER = datetime(2030, 1, 1, 12, 0)  # after every appointment these tests book


def note(db, actor, case, **kw):
    kw.setdefault("appointment_id", None)
    kw.setdefault("session_date", FIRST_SESSION)
    kw.setdefault("length_minutes", 60)
    kw.setdefault("attended", True)
    kw.setdefault("topics", ["drug harms", "harm reduction"])
    return sessions.record_session(db, actor, case.referral_id, today=TODAY, **kw)


def engaged(db, actor, case):
    assessments.save_assessment(
        db,
        actor,
        referral_id=case.referral_id,
        form_id="divert_assessment",
        form_version="1",
        answers=complete_answers(),
        appointment_id=case.initial_id,
        today=TODAY,
    )
    assert referral_status(db, case.referral_id) == ReferralStatus.ENGAGED


def test_a_session_note_completes_the_referral_and_marks_the_diary(db, make_actor) -> None:
    actor = make_actor(db, Role.CASEWORKER)
    case = booked_case(db)
    engaged(db, actor, case)
    session_appt = book_session(db, case, FIRST_SESSION)
    dto = note(
        db,
        actor,
        case,
        appointment_id=session_appt,
        reflections="Wants to cut down.",
        next_steps="Call in a month",
        topics_other="Festival safety",
    )
    assert dto.topics == ("drug harms", "harm reduction")
    assert dto.topics_text == "Drug harms for the substances they use, Harm reduction"
    assert dto.reflections == "Wants to cut down." and dto.caseworker == "Case Worker"
    assert appointment_rows(db, id=session_appt)[0].status == AppointmentStatus.ATTENDED
    assert referral_status(db, case.referral_id) == ReferralStatus.COMPLETED
    assert audit_events(db, "session.create")[0].details["appointment_id"] == session_appt


def test_marking_the_diary_and_the_note_count_the_session_once(db, make_actor) -> None:
    actor = make_actor(db, Role.CASEWORKER)
    case = booked_case(db, sessions_planned=2)
    engaged(db, actor, case)
    first = book_session(db, case, FIRST_SESSION)
    appt = appointment_rows(db, id=first)[0]
    booking.mark_attended(db, cli_actor(), first, appt.version, now=LATER)  # reception first
    note(db, actor, case, appointment_id=first)  # then the caseworker writes it up
    plan = sessions.session_plan(db, actor, case.referral_id)
    assert (plan.attended, plan.planned) == (
        1,
        2,
    ) and plan.text == "1 of 2 planned sessions attended"
    assert referral_status(db, case.referral_id) == ReferralStatus.ENGAGED
    note(db, actor, case, session_date=date(2026, 11, 23))  # a session with no diary booking
    assert referral_status(db, case.referral_id) == ReferralStatus.COMPLETED


def test_marking_the_diary_alone_completes_too(db, make_actor) -> None:
    case = booked_case(db)
    desk = cli_actor()
    initial = appointment_rows(db, id=case.initial_id)[0]
    booking.mark_attended(db, desk, case.initial_id, initial.version, now=LATER)
    first = book_session(db, case, FIRST_SESSION)
    booking.mark_attended(db, desk, first, appointment_rows(db, id=first)[0].version, now=LATER)
    assert referral_status(db, case.referral_id) == ReferralStatus.COMPLETED


def test_a_did_not_attend_note_marks_the_diary_and_counts_nothing(db, make_actor) -> None:
    actor = make_actor(db, Role.CASEWORKER)
    case = booked_case(db)
    engaged(db, actor, case)
    first = book_session(db, case, FIRST_SESSION)
    note(db, actor, case, appointment_id=first, attended=False, topics=[])
    assert appointment_rows(db, id=first)[0].status == AppointmentStatus.DID_NOT_ATTEND
    assert referral_status(db, case.referral_id) == ReferralStatus.ENGAGED


def test_a_note_never_marks_an_appointment_before_the_clock_allows(db, make_actor) -> None:
    actor = make_actor(db, Role.CASEWORKER)
    case = booked_case(db)
    engaged(db, actor, case)
    first = book_session(db, case, FIRST_SESSION, hour=14)  # Mon 16 Nov 2026 at 14:00
    morning = datetime(2026, 11, 16, 11, 0)
    with pytest.raises(ValidationError) as err:  # not started yet: not a did-not-attend
        note(db, actor, case, appointment_id=first, attended=False, topics=[], now=morning)
    assert err.value.field == "appointment_id" and "starts at 14:00" in str(err.value)
    with pytest.raises(ValidationError) as err:  # a later day: not attended yet
        note(
            db,
            actor,
            case,
            appointment_id=first,
            session_date=ASSESSED,
            now=datetime(2026, 11, 13, 12, 0),
        )
    assert "cannot be marked attended yet" in str(err.value)
    assert appointment_rows(db, id=first)[0].status == AppointmentStatus.BOOKED
    assert sessions.list_sessions(db, actor, referral_id=case.referral_id) == []
    note(db, actor, case, appointment_id=first, now=morning)  # came early on the day: attended
    assert appointment_rows(db, id=first)[0].status == AppointmentStatus.ATTENDED


def test_session_notes_are_checked(db, make_actor) -> None:
    actor = make_actor(db, Role.CASEWORKER)
    case = booked_case(db)
    cases = [
        ({"session_date": date(2026, 12, 25)}, "session_date"),
        ({"length_minutes": 2}, "length_minutes"),
        ({"topics": []}, "topics"),
        ({"topics": ["juggling"]}, "topics"),
        ({"appointment_id": case.initial_id}, "appointment_id"),  # not a session appointment
    ]
    for kw, field in cases:
        with pytest.raises(ValidationError) as err:
            note(db, actor, case, **kw)
        assert err.value.field == field
    first = book_session(db, case, FIRST_SESSION)
    note(db, actor, case, appointment_id=first)
    with pytest.raises(ValidationError) as err:
        note(db, actor, case, appointment_id=first)
    assert err.value.field == "appointment_id"


def test_the_session_plan_decides_when_a_referral_completes(db, make_actor) -> None:
    actor = make_actor(db, Role.CASEWORKER)
    case = booked_case(db, sessions_planned=3)
    engaged(db, actor, case)
    note(db, actor, case)
    version = sessions.session_plan(db, actor, case.referral_id).referral.version
    with pytest.raises(ValidationError):
        sessions.set_session_plan(db, actor, case.referral_id, 0, expected_version=version)
    plan = sessions.set_session_plan(db, actor, case.referral_id, 1, expected_version=version)
    assert plan.planned == 1 and plan.referral.status == ReferralStatus.COMPLETED
    assert audit_events(db, "referral.session_plan")[0].details == {"before": 3, "after": 1}
    with pytest.raises(TransitionError):  # a completed referral's plan no longer changes
        sessions.set_session_plan(
            db, actor, case.referral_id, 2, expected_version=plan.referral.version
        )


def test_listing_is_audited_and_receptionists_are_refused(db, make_actor) -> None:
    actor = make_actor(db, Role.CASEWORKER)
    case = booked_case(db)
    note(db, actor, case)
    listed = sessions.list_sessions(db, actor, person_id=case.person_id)
    assert [n.session_date for n in listed] == [FIRST_SESSION]
    assert sessions.get_note(db, actor, listed[0].id).attended is True
    assert {
        e.action for e in audit_events(db, "session.list") + audit_events(db, "session.view")
    } == {"session.list", "session.view"}
    desk = make_actor(db, Role.RECEPTIONIST)
    for call in (
        lambda: sessions.list_sessions(db, desk, person_id=case.person_id),
        lambda: sessions.get_note(db, desk, listed[0].id),
        lambda: note(db, desk, case),
        lambda: sessions.start_session(db, desk, case.referral_id),
    ):
        with pytest.raises(PermissionDenied):
            call()
    start = sessions.start_session(db, actor, case.referral_id)
    assert start.plan.attended == 1 and start.default_minutes == 60
    assert ASSESSED < FIRST_SESSION <= TODAY
