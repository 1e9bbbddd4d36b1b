"""Assessment answers flow to the rest of the record: the consent answer is the referral's
consent (what the outcome window shows), and saving against its appointment marks it attended."""

from __future__ import annotations

from datetime import datetime

from divert_desktop.core.enums import AppointmentStatus, Role
from divert_desktop.persistence.models import Appointment
from divert_desktop.services.casework import assessments, outcomes
from tests.db.casework_helpers import TODAY, booked_case, complete_answers
from tests.db.test_assessments import save
from tests.db.test_booking import audit_events


def test_the_consent_answer_is_what_the_outcome_window_shows(db, make_actor) -> None:
    worker, manager = make_actor(db, Role.CASEWORKER), make_actor(db, Role.MANAGER)
    case = booked_case(db)
    answers = complete_answers()
    assert answers["consent_outcome_police"] is True
    first = save(db, worker, case, answers)
    view = outcomes.get_outcome(db, manager, case.referral_id)
    assert view.outcome.consent_to_share is True  # "Yes" to the police being told
    event = audit_events(db, "referral.consent")[-1]
    assert event.details["after"] is True and event.details["recorded_from"] == "assessment"
    changed = dict(answers, consent_outcome_police=False)  # they changed their mind
    assessments.amend_assessment(
        db, worker, first.id, changed, expected_version=first.version, today=TODAY
    )
    assert outcomes.get_outcome(db, manager, case.referral_id).outcome.consent_to_share is False
    # The outcome window writes the same one field.
    outcomes.record_consent_to_share(db, manager, case.referral_id, True)
    assert outcomes.get_outcome(db, manager, case.referral_id).outcome.consent_to_share is True
    assert audit_events(db, "referral.consent")[-1].details["recorded_from"] == "outcome"


def test_saving_against_the_appointment_marks_it_attended(db, make_actor) -> None:
    case = booked_case(db)  # Mon 9 Nov 2026 at 10:00
    save(
        db,
        make_actor(db, Role.CASEWORKER),
        case,
        complete_answers(),
        appointment_id=case.initial_id,
        now=datetime(2026, 11, 9, 11, 0),
    )
    with db.unit_of_work(write=False) as s:
        assert s.get(Appointment, case.initial_id).status == AppointmentStatus.ATTENDED
