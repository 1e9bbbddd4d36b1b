"""Assessments on both databases: saved with computed scores, engaging the referral, amended by
a new version, opened (audited) with the form version they were filled in with."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import AppointmentStatus, ReferralStatus, Role
from divert_desktop.core.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    StaleEditError,
    ValidationError,
)
from divert_desktop.persistence.models import Appointment, Assessment
from divert_desktop.services.admin.settings import update_settings
from divert_desktop.services.casework import assessments
from divert_desktop.services.casework.assessments import AnswersInvalid
from divert_desktop.services.casework.forms_library import load_library
from tests.db.casework_helpers import TODAY, booked_case, complete_answers
from tests.db.test_booking import audit_events, referral_status

FORMS = Path(__file__).resolve().parents[2] / "resources" / "forms"


def save(db, actor, case, answers, **kw):
    return assessments.save_assessment(
        db,
        actor,
        referral_id=case.referral_id,
        form_id="divert_assessment",
        form_version="1",
        answers=answers,
        today=TODAY,
        **kw,
    )


def test_start_prefills_from_the_referral(db, make_actor) -> None:
    case = booked_case(db, young=True)
    start = assessments.start_assessment(
        db, make_actor(db, Role.CASEWORKER), case.referral_id, today=TODAY
    )
    assert (start.form.form_id, start.form.version) == ("divert_assessment", "1")
    assert start.context["young_person"] is True
    assert start.answers["substances_used"] == ["cannabis", "cocaine"]
    assert start.answers["assist_used"] == ["cannabis", "cocaine"]
    assert [a.id for a in start.appointments] == [case.initial_id]
    assert start.settings["audit_c_threshold"] == 5


def test_saving_computes_scores_marks_the_appointment_and_engages(db, make_actor) -> None:
    actor = make_actor(db, Role.CASEWORKER)
    case = booked_case(db)
    answers = complete_answers()
    answers["assist"]["cannabis"]["q3"] = "daily"  # q2 is weekly, so q3 is asked: 6 more
    answers["gp_practice"] = "kept"
    answers["gp_registered"] = False  # the practice question is now hidden: its answer is dropped
    dto = save(db, actor, case, answers, appointment_id=case.initial_id)
    assert dto.scores["assist.cannabis"]["score"] == 4 + 6
    assert dto.scores["assist.cannabis"]["band"] == "moderate"
    assert dto.scores["assist.cocaine"] == {
        "label": "ASSIST: Cocaine (coke, crack)",
        "score": 27,
        "band": "high",
        "band_label": "High risk",
        "level": "high",
    }
    assert dto.scores["audit_c"]["score"] == 5 and dto.scores["audit_c"]["band"] == "positive"
    assert dto.scores["audit"]["score"] == 5
    assert "gp_practice" not in dto.answers
    with db.unit_of_work(write=False) as s:
        appt = s.get(Appointment, case.initial_id)
        stored = s.get(Assessment, dto.id)
        assert appt.status == AppointmentStatus.ATTENDED
        assert (stored.form_id, stored.form_version) == ("divert_assessment", "1")
        assert stored.scores == dto.scores
    assert referral_status(db, case.referral_id) == ReferralStatus.ENGAGED
    created = audit_events(db, "assessment.create")
    assert len(created) == 1 and created[0].person_id == case.person_id
    assert audit_events(db, "appointment.attended")[0].details["recorded_from"] == "assessment"


def test_audit_c_threshold_comes_from_the_settings(db, make_actor) -> None:
    actor = make_actor(db, Role.MANAGER)
    update_settings(db, actor, {"audit_c_threshold": 6})
    dto = save(db, actor, booked_case(db), complete_answers())
    assert dto.scores["audit_c"]["score"] == 5 and dto.scores["audit_c"]["band"] == "negative"


def test_missing_answers_are_all_listed_and_nothing_is_saved(db, make_actor) -> None:
    case = booked_case(db, young=True)
    answers = complete_answers()  # an adult's answers for a young person
    del answers["readiness_ruler"]
    with pytest.raises(AnswersInvalid) as err:
        save(db, make_actor(db, Role.CASEWORKER), case, answers)
    assert {"readiness_ruler", "yp_lives_with", "yp_actions"} <= set(err.value.problems)
    assert err.value.field == next(iter(err.value.problems))
    with db.unit_of_work(write=False) as s:
        assert s.execute(sa.select(sa.func.count(Assessment.id))).scalar_one() == 0
    assert referral_status(db, case.referral_id) == ReferralStatus.BOOKED


def test_an_assessment_without_a_booking_still_engages(db, make_actor) -> None:
    case = booked_case(db)
    save(db, make_actor(db, Role.CASEWORKER), case, complete_answers(drinks=False))
    assert referral_status(db, case.referral_id) == ReferralStatus.ENGAGED
    with db.unit_of_work(write=False) as s:
        assert s.get(Appointment, case.initial_id).status == AppointmentStatus.BOOKED


def test_a_future_appointment_is_never_marked_attended_by_an_assessment(db, make_actor) -> None:
    actor = make_actor(db, Role.CASEWORKER)
    case = booked_case(db)  # the initial assessment is booked for Mon 9 Nov 2026 at 10:00
    with pytest.raises(ValidationError) as err:
        save(
            db,
            actor,
            case,
            complete_answers(),
            appointment_id=case.initial_id,
            now=datetime(2026, 11, 6, 15, 0),
        )
    assert err.value.field == "appointment_id"
    assert str(err.value).startswith(
        "This appointment is on Mon 9 Nov 2026, so it cannot be marked attended yet."
    )
    assert "Not booked in the diary" in str(err.value)
    with db.unit_of_work(write=False) as s:
        assert s.execute(sa.select(sa.func.count(Assessment.id))).scalar_one() == 0
        assert s.get(Appointment, case.initial_id).status == AppointmentStatus.BOOKED
    assert referral_status(db, case.referral_id) == ReferralStatus.BOOKED
    assert audit_events(db, "appointment.attended") == []
    # On the day (even before the time: the person may come early) it is marked attended.
    save(
        db,
        actor,
        case,
        complete_answers(),
        appointment_id=case.initial_id,
        now=datetime(2026, 11, 9, 9, 15),
    )
    with db.unit_of_work(write=False) as s:
        assert s.get(Appointment, case.initial_id).status == AppointmentStatus.ATTENDED
    assert referral_status(db, case.referral_id) == ReferralStatus.ENGAGED


def test_amending_keeps_the_earlier_version_marked(db, make_actor) -> None:
    jo, sam = make_actor(db, Role.CASEWORKER, "jo"), make_actor(db, Role.CASEWORKER, "sam")
    case = booked_case(db)
    first = save(db, jo, case, complete_answers())
    changed = complete_answers()
    changed["readiness_ruler"] = 9
    second = assessments.amend_assessment(
        db, sam, first.id, changed, expected_version=first.version, today=TODAY
    )
    assert second.supersedes_id == first.id and second.answers["readiness_ruler"] == 9
    old = assessments.open_assessment(db, jo, first.id)
    assert old.amended_by == "sam" and old.superseded_by_id == second.id
    assert old.amended_text.startswith("Amended on ") and old.amended_text.endswith(" by sam")
    assert old.answers["readiness_ruler"] == 7
    rows = assessments.list_assessments(db, jo, person_id=case.person_id)
    assert [r.current for r in rows] == [True, False]
    assert rows[1].status_text.startswith("Amended on")
    assert audit_events(db, "assessment.amend")[0].details["changed"] == ["readiness_ruler"]
    with pytest.raises(ConflictError):  # amend the newest version, not the old one
        assessments.amend_assessment(
            db, sam, first.id, changed, expected_version=old.version, today=TODAY
        )
    with pytest.raises(StaleEditError):
        assessments.amend_assessment(db, sam, second.id, changed, expected_version=99, today=TODAY)


def test_opening_is_audited_and_receptionists_are_refused(db, make_actor) -> None:
    case = booked_case(db)
    dto = save(db, make_actor(db, Role.CASEWORKER), case, complete_answers())
    manager = make_actor(db, Role.MANAGER)
    assessments.open_assessment(db, manager, dto.id)
    views = audit_events(db, "assessment.view")
    assert [(v.username, v.person_id) for v in views] == [(manager.username, case.person_id)]
    desk = make_actor(db, Role.RECEPTIONIST)
    for call in (
        lambda: assessments.open_assessment(db, desk, dto.id),
        lambda: assessments.list_assessments(db, desk, person_id=case.person_id),
        lambda: assessments.start_assessment(db, desk, case.referral_id),
        lambda: save(db, desk, case, complete_answers()),
        lambda: assessments.open_assessment(db, make_actor(db, Role.ADMINISTRATOR), dto.id),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_an_old_assessment_opens_with_its_own_form_version(db, make_actor, tmp_path) -> None:
    actor = make_actor(db, Role.CASEWORKER)
    case = booked_case(db)
    old = save(db, actor, case, complete_answers())
    newer = tmp_path / "forms"
    newer.mkdir()
    shutil.copy(FORMS / "divert_assessment.v1.json", newer)
    data = json.loads((FORMS / "divert_assessment.v1.json").read_text(encoding="utf-8"))
    data["version"] = "2"
    data["sections"] = [s for s in data["sections"] if s["id"] != "readiness"]
    (newer / "divert_assessment.v2.json").write_text(json.dumps(data), encoding="utf-8")
    library = load_library([newer])
    start = assessments.start_assessment(db, actor, case.referral_id, library=library, today=TODAY)
    assert start.form.version == "2"
    opened = assessments.open_assessment(db, actor, old.id, library=library)
    assert opened.form.version == "1" and opened.form.question("readiness_ruler") is not None
    with pytest.raises(NotFound) as err:  # version 1's file removed: say so, never guess
        assessments.open_assessment(db, actor, old.id, library=load_library([tmp_path / "none"]))
    assert "divert_assessment.v1.json" in str(err.value)
