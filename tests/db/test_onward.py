"""The service directory and onward referrals on both databases: managers keep the directory,
caseworkers search it; an onward referral is never sent without recorded consent."""

from __future__ import annotations

from datetime import timedelta

import pytest

from divert_desktop.core.enums import LocalAuthority, OnwardStatus, Role, ServiceType
from divert_desktop.core.errors import (
    PermissionDenied,
    StaleEditError,
    TransitionError,
    ValidationError,
)
from divert_desktop.services.casework import directory, onward
from divert_desktop.services.casework.directory import ServiceDraft
from tests.clock import CLOCK
from tests.db.casework_helpers import add_service, booked_case
from tests.db.test_booking import audit_events

TODAY = CLOCK.today()


def test_the_directory_ships_empty_with_every_service_type(db, make_actor) -> None:
    assert directory.search_services(db, make_actor(db, Role.CASEWORKER)) == []
    assert set(directory.SERVICE_TYPE_LABELS) == set(ServiceType)


def test_managers_keep_the_directory_and_caseworkers_search_it(db, make_actor) -> None:
    manager, worker = make_actor(db, Role.MANAGER), make_actor(db, Role.CASEWORKER)
    draft = ServiceDraft(
        "Example Recovery Hub (invented)",
        ServiceType.DRUG_TREATMENT,
        (LocalAuthority.DUDLEY,),
        contact_name="Referrals team",
        phone="01384 496000",
        notes="Drop-in on Tuesdays",
    )
    hub = directory.save_service(db, manager, draft)
    add_service(db, "Example Housing Advice (invented)")
    assert hub.phone_text == "01384 496000" and hub.areas_text == "Dudley"
    found = directory.search_services(db, worker, text="recovery tuesdays")
    assert [s.organisation for s in found] == ["Example Recovery Hub (invented)"]
    by_area = directory.search_services(db, worker, area=LocalAuthority.COVENTRY)
    assert [s.organisation for s in by_area] == ["Example Housing Advice (invented)"]
    typed = directory.search_services(db, worker, service_type=ServiceType.DRUG_TREATMENT)
    assert [s.id for s in typed] == [hub.id]
    with pytest.raises(PermissionDenied):
        directory.save_service(db, worker, draft)
    with pytest.raises(PermissionDenied):
        directory.search_services(db, make_actor(db, Role.RECEPTIONIST))
    changed = directory.save_service(
        db,
        manager,
        ServiceDraft(
            "Example Recovery Hub (invented)",
            ServiceType.DRUG_TREATMENT,
            (LocalAuthority.DUDLEY, LocalAuthority.WALSALL),
            phone="01384 496000",
        ),
        service_id=hub.id,
        expected_version=hub.version,
    )
    assert changed.areas == (LocalAuthority.DUDLEY, LocalAuthority.WALSALL)
    assert audit_events(db, "service.update")[0].details["areas"]["after"]
    with pytest.raises(StaleEditError):
        directory.set_service_active(db, manager, hub.id, False, expected_version=hub.version)
    retired = directory.set_service_active(
        db, manager, hub.id, False, expected_version=changed.version
    )
    assert not retired.active
    assert hub.id not in {s.id for s in directory.search_services(db, worker)}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"organisation": " "}, "organisation"),
        ({"areas": ()}, "areas"),
        ({"phone": "12345"}, "phone"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "", "email": "", "referral_method": ""}, "phone"),
    ],
)
def test_directory_entries_are_checked(db, make_actor, change, field) -> None:
    base = {
        "organisation": "Example CAB (invented)",
        "service_type": ServiceType.CITIZENS_ADVICE,
        "areas": (LocalAuthority.WALSALL,),
        "phone": "01922 496000",
    }
    with pytest.raises(ValidationError) as err:
        directory.save_service(db, make_actor(db, Role.MANAGER), ServiceDraft(**{**base, **change}))
    assert err.value.field == field


def test_an_onward_referral_cannot_be_sent_without_consent(db, make_actor) -> None:
    worker = make_actor(db, Role.CASEWORKER)
    case = booked_case(db)
    service = add_service(db)
    proposed = onward.propose_onward(
        db, worker, case.referral_id, service_id=service, reason="Sofa surfing since October"
    )
    assert proposed.status == OnwardStatus.PROPOSED
    assert proposed.follow_up_date == TODAY + timedelta(days=14)
    with pytest.raises(ValidationError) as err:
        onward.change_onward_status(
            db, worker, proposed.id, OnwardStatus.SENT, expected_version=proposed.version
        )
    assert err.value.field == "consent" and "consent" in err.value.message
    with pytest.raises(ValidationError) as err:
        onward.record_consent(
            db, worker, proposed.id, share_items=[], expected_version=proposed.version
        )
    assert err.value.field == "share_items"
    consented = onward.record_consent(
        db,
        worker,
        proposed.id,
        share_items=["housing", "contact_details"],
        expected_version=proposed.version,
    )
    assert consented.share_items == ("contact_details", "housing")
    assert consented.consent_text.endswith(f"by {worker.username}")
    sent = onward.change_onward_status(
        db,
        worker,
        proposed.id,
        OnwardStatus.SENT,
        expected_version=consented.version,
        follow_up_date=TODAY + timedelta(days=21),
    )
    assert sent.status == OnwardStatus.SENT and sent.sent_at is not None
    assert sent.follow_up_date == TODAY + timedelta(days=21)
    accepted = onward.change_onward_status(
        db,
        worker,
        proposed.id,
        OnwardStatus.ACCEPTED,
        expected_version=sent.version,
        note="Seen on Friday",
    )
    assert accepted.notes.endswith("accepted (" + worker.username + "): Seen on Friday")
    with pytest.raises(TransitionError):
        onward.change_onward_status(
            db, worker, proposed.id, OnwardStatus.DECLINED, expected_version=accepted.version
        )
    attended = onward.change_onward_status(
        db, worker, proposed.id, OnwardStatus.ATTENDED, expected_version=accepted.version
    )
    closed = onward.change_onward_status(
        db, worker, proposed.id, OnwardStatus.CLOSED, expected_version=attended.version
    )
    assert closed.status_text == "Closed" and not closed.overdue
    steps = [e.details["status"] for e in audit_events(db, "onward.status")]
    assert steps == ["sent", "accepted", "attended", "closed"]


def test_follow_up_dates_and_who_may_see_onward_referrals(db, make_actor) -> None:
    worker = make_actor(db, Role.CASEWORKER)
    case = booked_case(db)
    service = add_service(db)
    with pytest.raises(ValidationError) as err:
        onward.propose_onward(
            db,
            worker,
            case.referral_id,
            service_id=service,
            reason="x",
            follow_up_date=TODAY - timedelta(days=1),
        )
    assert err.value.field == "follow_up_date"
    with pytest.raises(ValidationError) as err:
        onward.propose_onward(db, worker, case.referral_id, service_id=service, reason=" ")
    assert err.value.field == "reason"
    made = onward.propose_onward(db, worker, case.referral_id, service_id=service, reason="Debt")
    moved = onward.set_follow_up(
        db, worker, made.id, TODAY + timedelta(days=3), expected_version=made.version
    )
    assert moved.follow_up_text and moved.follow_up_date == TODAY + timedelta(days=3)
    assert [o.id for o in onward.list_onward(db, worker, person_id=case.person_id)] == [made.id]
    assert onward.get_onward(db, worker, made.id).reason == "Debt"
    assert {e.action for e in audit_events(db, "onward.view")} == {"onward.view"}
    desk = make_actor(db, Role.RECEPTIONIST)
    for call in (
        lambda: onward.list_onward(db, desk, person_id=case.person_id),
        lambda: onward.get_onward(db, desk, made.id),
        lambda: onward.propose_onward(db, desk, case.referral_id, service_id=service, reason="x"),
    ):
        with pytest.raises(PermissionDenied):
            call()


def completed_case(db, worker):
    """A referral completed: its initial assessment and its one planned session attended."""
    from divert_desktop.core.enums import ReferralStatus
    from divert_desktop.services.casework import assessments, sessions
    from tests.db.casework_helpers import FIRST_SESSION, complete_answers
    from tests.db.casework_helpers import TODAY as CASE_TODAY
    from tests.db.test_booking import referral_status

    case = booked_case(db)
    assessments.save_assessment(
        db,
        worker,
        referral_id=case.referral_id,
        form_id="divert_assessment",
        form_version="1",
        answers=complete_answers(),
        appointment_id=case.initial_id,
        today=CASE_TODAY,
    )
    sessions.record_session(
        db,
        worker,
        case.referral_id,
        appointment_id=None,
        session_date=FIRST_SESSION,
        length_minutes=60,
        attended=True,
        topics=["drug harms"],
        today=CASE_TODAY,
    )
    assert referral_status(db, case.referral_id) == ReferralStatus.COMPLETED
    return case


def test_onward_referrals_live_on_after_the_referral_is_completed(db, make_actor) -> None:
    from divert_desktop.core.enums import LetterTemplate
    from divert_desktop.services.letters import production as letters
    from tests.letters_seed import set_letterhead

    set_letterhead(db)
    worker = make_actor(db, Role.CASEWORKER)
    service = add_service(db)
    case = booked_case(db)
    made = onward.propose_onward(
        db,
        worker,
        case.referral_id,
        service_id=service,
        reason="Sofa surfing",
        share_items=["contact_details"],
    )
    sent = onward.change_onward_status(
        db, worker, made.id, OnwardStatus.SENT, expected_version=made.version
    )
    other = completed_case(db, worker)  # a second person, completed with nothing referred on yet
    late = onward.propose_onward(
        db,
        worker,
        other.referral_id,
        service_id=service,
        reason="Debt advice",
        share_items=["contact_details"],
    )
    letter = letters.produce_letter(
        db, worker, LetterTemplate.ONWARD_REFERRAL, onward_referral_id=late.id
    )
    assert letter.letters[0].recipient == "service"
    late = onward.change_onward_status(
        db, worker, late.id, OnwardStatus.SENT, expected_version=late.version
    )
    for to in (OnwardStatus.DECLINED, OnwardStatus.CLOSED):
        late = onward.change_onward_status(db, worker, late.id, to, expected_version=late.version)
    assert late.status == OnwardStatus.CLOSED
    # The first one's referral completes after it was sent: its reply is still recorded.
    from divert_desktop.services.casework import assessments, sessions
    from tests.db.casework_helpers import FIRST_SESSION, complete_answers
    from tests.db.casework_helpers import TODAY as CASE_TODAY

    assessments.save_assessment(
        db,
        worker,
        referral_id=case.referral_id,
        form_id="divert_assessment",
        form_version="1",
        answers=complete_answers(),
        appointment_id=case.initial_id,
        today=CASE_TODAY,
    )
    sessions.record_session(
        db,
        worker,
        case.referral_id,
        appointment_id=None,
        session_date=FIRST_SESSION,
        length_minutes=60,
        attended=True,
        topics=["drug harms"],
        today=CASE_TODAY,
    )
    for to in (OnwardStatus.ACCEPTED, OnwardStatus.ATTENDED, OnwardStatus.CLOSED):
        sent = onward.change_onward_status(
            db,
            worker,
            sent.id,
            to,
            expected_version=sent.version,
            note=f"{to.value} after completion",
        )
        assert sent.status == to
    assert onward.get_onward(db, worker, sent.id).notes.count("after completion") == 3
