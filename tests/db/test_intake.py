"""Intake of one referral (the intake screen's service) on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from divert_desktop.core.eligibility import AppropriateAdult
from divert_desktop.core.enums import (
    AppointmentStatus,
    IneligibleReason,
    LocalAuthority,
    ReferralStatus,
    Role,
    Substance,
)
from divert_desktop.core.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    TransitionError,
    ValidationError,
)
from divert_desktop.persistence.models import (
    Appointment,
    AuditEvent,
    Person,
    PossibleDuplicate,
    Referral,
    ReferralStatusChange,
    ReferralSubstance,
    Venue,
)
from divert_desktop.services.diary.booking import book_appointment
from divert_desktop.services.intake.referrals import (
    ReferralDraft,
    check_draft,
    create_referral,
    override_repeat_bar,
)
from divert_desktop.services.referral_state import change_status
from tests.clock import CLOCK

NOW = CLOCK.now().replace(second=0)


def open_slot(days_ahead: int, hour: int = 10) -> datetime:
    """A time the service is open (no weekend or bank holiday) ``days_ahead`` or more from now."""
    from divert_desktop.core.calendar import closed_reason

    day = CLOCK.today() + timedelta(days=days_ahead)
    while closed_reason(day):
        day += timedelta(days=1)
    return datetime.combine(day, time(hour, 0))


_refs = iter(range(1, 10_000))


def draft(**overrides: Any) -> ReferralDraft:
    values: dict[str, Any] = {
        "police_reference": f"IN-{next(_refs):05d}",
        "referral_datetime": NOW - timedelta(days=3),
        "officer_name": "PC Ada Fenwick",
        "officer_number": "4410",
        "first_name": "Rosalind",
        "last_name": "Featherstonehaugh",
        "date_of_birth": date(1990, 8, 21),
        "local_authority": LocalAuthority.SOLIHULL,
        "substances": [(Substance.CANNABIS, None), (Substance.OTHER, "poppers")],
        "intent_to_supply": False,
        "postcode": "b91 3qe",
        "phone": "+44 7700 900 555",
    }
    values.update(overrides)
    return ReferralDraft(**values)


def rows(db, model, *where):  # type: ignore[no-untyped-def]
    with db.unit_of_work(write=False) as s:
        return s.execute(sa.select(model).where(*where)).scalars().all()


def audit_actions(db) -> list[str]:  # type: ignore[no-untyped-def]
    with db.unit_of_work(write=False) as s:
        return s.execute(sa.select(AuditEvent.action).order_by(AuditEvent.id)).scalars().all()


def audit_events(db) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    with db.unit_of_work(write=False) as s:
        return list(s.execute(sa.select(AuditEvent).order_by(AuditEvent.id)).scalars())


def close_not_engaged(db, actor, referral_id: int) -> None:  # type: ignore[no-untyped-def]
    with db.unit_of_work() as s:
        referral = s.get(Referral, referral_id)
        change_status(s, actor, referral, ReferralStatus.NOT_ENGAGED, "Did not attend anything")


def test_adult_referral_is_received_with_a_new_person(db, make_actor):
    receptionist = make_actor(db, Role.RECEPTIONIST)
    dto = create_referral(db, receptionist, draft())
    assert dto.status == ReferralStatus.RECEIVED and dto.new_person and not dto.young_person
    assert dto.engagement_deadline == (NOW - timedelta(days=3)).date() + timedelta(days=42)
    (person,) = rows(db, Person)
    assert (person.postcode, person.phone, person.search_last) == (
        "B91 3QE",
        "07700900555",
        "featherstonehaugh",
    )
    assert not person.needs_review
    (referral,) = rows(db, Referral)
    assert (referral.source, referral.source_hash, referral.created_by) == (
        "manual",
        None,
        receptionist.username,
    )
    subs = rows(db, ReferralSubstance)
    assert [(s.substance, s.other_text) for s in subs] == [
        (Substance.CANNABIS, None),
        (Substance.OTHER, "poppers"),
    ]
    history = rows(db, ReferralStatusChange)
    assert [(h.from_status, h.to_status, h.username) for h in history] == [
        (None, ReferralStatus.RECEIVED, receptionist.username)
    ]
    with db.unit_of_work(write=False) as s:
        event = s.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "referral.create")
        ).scalar_one()
    assert (event.person_id, event.entity_id) == (person.id, str(dto.id))


def test_young_person_with_and_without_appropriate_adult(db, make_actor):
    actor = make_actor(db, Role.RECEPTIONIST)
    young = {"date_of_birth": date(NOW.year - 15, 1, 15)}
    venue = {"appointment_datetime": open_slot(4), "appointment_venue": "SOLIHULL"}
    ok = create_referral(
        db,
        actor,
        draft(
            first_name="Kit",
            appropriate_adult=AppropriateAdult("Jo Marsh", "foster carer", "07700900444"),
            **young,
            **venue,
        ),
    )
    assert ok.young_person and ok.status == ReferralStatus.BOOKED and ok.venue_name == "Solihull"
    (appt,) = rows(db, Appointment)
    assert appt.status == AppointmentStatus.BOOKED and appt.referral_id == ok.id
    referral = rows(db, Referral, Referral.id == ok.id)[0]
    assert (referral.appropriate_adult_name, referral.appropriate_adult_phone) == (
        "Jo Marsh",
        "07700900444",
    )
    barred = create_referral(db, actor, draft(first_name="Lyle", **young, **venue))
    assert (barred.status, barred.status_reason) == (
        ReferralStatus.INELIGIBLE,
        "no appropriate adult",
    )
    assert barred.appointment_id is None and len(rows(db, Appointment)) == 1
    history = rows(db, ReferralStatusChange, ReferralStatusChange.referral_id == barred.id)
    assert [h.to_status for h in history] == [ReferralStatus.RECEIVED, ReferralStatus.INELIGIBLE]
    assert history[-1].reason == "no appropriate adult"


def test_intent_to_supply_is_ineligible(db, make_actor):
    dto = create_referral(db, make_actor(db, Role.CASEWORKER), draft(intent_to_supply=True))
    assert (dto.status, dto.status_reason) == (ReferralStatus.INELIGIBLE, "intent to supply")
    assert "intent to supply" in dto.eligibility_message


def test_repeat_bar_and_manager_override(db, make_actor):
    receptionist = make_actor(db, Role.RECEPTIONIST)
    manager = make_actor(db, Role.MANAGER)
    first = create_referral(db, receptionist, draft(referral_datetime=NOW - timedelta(days=200)))
    close_not_engaged(db, receptionist, first.id)

    barred = create_referral(db, receptionist, draft(), person_id=first.person_id)
    assert barred.person_id == first.person_id and not barred.new_person
    assert (barred.status, barred.status_reason) == (
        ReferralStatus.HELD,
        IneligibleReason.PREVIOUS_NOT_ENGAGED.value,
    )

    with pytest.raises(PermissionDenied):
        create_referral(
            db,
            receptionist,
            draft(),
            person_id=first.person_id,
            override_reason="Seen by the youth team, ready to engage now",
        )
    with pytest.raises(ValidationError) as short:
        create_referral(db, manager, draft(), person_id=first.person_id, override_reason="ok")
    assert short.value.field == "override_reason"

    reason = "Housing settled now; agreed with the police lead"
    allowed = create_referral(
        db,
        manager,
        draft(appointment_datetime=open_slot(2), appointment_venue="Birmingham"),
        person_id=first.person_id,
        override_reason=reason,
    )
    assert allowed.overridden and allowed.status == ReferralStatus.BOOKED
    stored = rows(db, Referral, Referral.id == allowed.id)[0]
    assert (stored.override_reason, stored.overridden_by) == (reason, manager.username)
    history = rows(db, ReferralStatusChange, ReferralStatusChange.referral_id == allowed.id)
    assert reason in history[0].reason
    with db.unit_of_work(write=False) as s:
        event = s.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "referral.override")
        ).scalar_one()
    assert event.username == manager.username and event.details["reason"] == reason
    assert event.details["barring_reference"] == first.police_reference


def test_certain_match_is_linked_and_possible_match_flagged(db, make_actor):
    actor = make_actor(db, Role.RECEPTIONIST)
    first = create_referral(db, actor, draft(referral_datetime=NOW - timedelta(days=90)))
    same = create_referral(db, actor, draft(first_name="ROSALIND", phone=None))
    assert same.person_id == first.person_id and not same.new_person
    typo = create_referral(db, actor, draft(last_name="Featherstonhaugh", postcode=None))
    assert typo.new_person and typo.possible_matches == 1
    (flag,) = rows(db, PossibleDuplicate)
    assert (flag.person_id, flag.candidate_id) == (typo.person_id, first.person_id)
    assert rows(db, Person, Person.id == typo.person_id)[0].needs_review


def test_check_draft_previews_without_writing(db, make_actor):
    actor = make_actor(db, Role.RECEPTIONIST)
    first = create_referral(db, actor, draft(referral_datetime=NOW - timedelta(days=120)))
    close_not_engaged(db, actor, first.id)
    before = audit_actions(db)
    check = check_draft(db, draft(last_name="Featherstonhaugh"), actor=actor)
    # Not confirmed as the same person, but a likely match was closed as not engaged: held.
    assert check.linked_person_id is None and not check.eligibility.eligible
    assert check.eligibility.possible_repeat
    assert check.eligibility.barring_reference == first.police_reference
    (match,) = check.matches
    assert match.person.id == first.person_id and not match.certain and match.score >= 70
    assert (match.person.referrals, match.person.last_status) == (1, ReferralStatus.NOT_ENGAGED)
    assert match.person.last_police_reference == first.police_reference
    chosen = check_draft(db, draft(last_name="Featherstonhaugh"), person_id=first.person_id)
    assert chosen.linked_person_id == first.person_id
    assert chosen.eligibility.reason == IneligibleReason.PREVIOUS_NOT_ENGAGED
    retyped = check_draft(db, draft(police_reference=first.police_reference))
    assert retyped.reference_taken and retyped.matches[0].certain
    assert audit_actions(db) == before and len(rows(db, Referral)) == 1


def test_problems_are_refused_with_their_field(db, make_actor):
    actor = make_actor(db, Role.RECEPTIONIST)
    cases = [
        (draft(date_of_birth=NOW.date() + timedelta(days=1)), "date_of_birth"),
        (draft(referral_datetime=NOW + timedelta(days=1)), "referral_datetime"),
        (draft(postcode="nowhere"), "postcode"),
        (draft(email="a@"), "email"),
        (draft(first_name="  "), "first_name"),
        (draft(substances=[]), "substances"),
        (draft(appointment_datetime=NOW + timedelta(days=1)), "appointment_venue"),
        (
            draft(appointment_datetime=NOW + timedelta(days=1), appointment_venue="Atlantis"),
            "appointment_venue",
        ),
    ]
    for bad, field in cases:
        with pytest.raises(ValidationError) as err:
            create_referral(db, actor, bad)
        assert err.value.field == field
    assert rows(db, Referral) == []
    with pytest.raises(NotFound):
        create_referral(db, actor, draft(), person_id=999_999)


def test_police_reference_already_recorded_and_roles(db, make_actor):
    receptionist = make_actor(db, Role.RECEPTIONIST)
    first = create_referral(db, receptionist, draft())
    with pytest.raises(ConflictError):
        create_referral(db, receptionist, draft(police_reference=first.police_reference))
    with pytest.raises(PermissionDenied):
        create_referral(db, make_actor(db, Role.ADMINISTRATOR), draft())
    assert len(rows(db, Referral)) == 1


def test_a_typed_appointment_gets_the_diary_checks(db, make_actor):
    """Unlike an import (the officer's booking app chose the slot), a typed time is checked."""
    from divert_desktop.core.calendar import closed_reason
    from divert_desktop.services.diary.slots import SlotConflictError

    actor = make_actor(db, Role.RECEPTIONIST)
    day = CLOCK.today() + timedelta(days=1)
    while not closed_reason(day):
        day += timedelta(days=1)
    closed = draft(
        appointment_datetime=datetime.combine(day, time(10, 0)), appointment_venue="Dudley"
    )
    with pytest.raises(SlotConflictError, match="closed"):
        create_referral(db, actor, closed)
    assert rows(db, Referral) == []
    evening = draft(appointment_datetime=open_slot(2, hour=20), appointment_venue="Dudley")
    with pytest.raises(SlotConflictError, match="outside"):
        create_referral(db, actor, evening)
    assert rows(db, Referral) == []


def test_a_typed_appointment_in_the_past_is_refused_when_saving_as_on_the_screen(db, make_actor):
    """The screen said "must be in the future" while the service booked it: now the one booking
    check (core.calendar.booking_problems) refuses it in both places."""
    from divert_desktop.core.calendar import closed_reason
    from divert_desktop.services.diary.slots import SlotConflictError

    actor = make_actor(db, Role.RECEPTIONIST)
    day = db.clock.today() - timedelta(days=1)
    while closed_reason(day):
        day -= timedelta(days=1)
    start = datetime.combine(day, time(10, 0))
    past = draft(
        referral_datetime=start - timedelta(days=2),
        appointment_datetime=start,
        appointment_venue="Dudley",
    )
    with pytest.raises(SlotConflictError, match="must be in the future") as err:
        create_referral(db, actor, past)
    assert [p.kind.value for p in err.value.problems] == ["in_the_past"]
    assert rows(db, Referral) == []


# --------------------------------------------------------------------------- rules 3 and 4 together


def test_a_barred_person_recorded_as_new_is_held_for_a_manager(db, make_actor):
    """Rule 3 cannot be stepped round by saying "new person" to a likely match (rule 4)."""
    receptionist = make_actor(db, Role.RECEPTIONIST)
    manager = make_actor(db, Role.MANAGER)
    first = create_referral(db, receptionist, draft(referral_datetime=NOW - timedelta(days=200)))
    close_not_engaged(db, receptionist, first.id)

    # A typo in the surname: a likely match, not a certain one; the receptionist says "new".
    typed = draft(
        last_name="Featherstonhaugh",
        postcode=None,
        appointment_datetime=open_slot(2),
        appointment_venue="Birmingham",
    )
    held = create_referral(db, receptionist, typed)
    assert held.new_person and held.person_id != first.person_id and held.possible_matches == 1
    assert (held.status, held.status_reason) == (
        ReferralStatus.HELD,
        IneligibleReason.PREVIOUS_NOT_ENGAGED.value,
    )
    assert held.appointment_id is None and not rows(db, Appointment)
    assert first.police_reference in held.eligibility_message
    assert "may be the same person" in held.eligibility_message
    assert rows(db, Person, Person.id == held.person_id)[0].needs_review

    # A manager who knows it is someone else lets it through at intake, with a reason.
    reason = "Different person: checked the PNC record with the officer"
    # The next referral of the "new" person is linked to them, and still meets the bar of the
    # person they may be, until a manager decides.
    again = create_referral(db, receptionist, draft(last_name="Featherstonhaugh", postcode=None))
    assert again.person_id == held.person_id and again.status == ReferralStatus.HELD
    allowed = create_referral(
        db, manager, draft(last_name="Featherstonhaugh", postcode=None), override_reason=reason
    )
    assert allowed.overridden and allowed.status == ReferralStatus.RECEIVED
    assert allowed.person_id == held.person_id
    event = [e for e in audit_events(db) if e.action == "referral.override"][-1]
    assert event.details["barring_reference"] == first.police_reference
    assert event.details["reason"] == reason


def test_choosing_another_likely_match_is_judged_on_that_person(db, make_actor):
    receptionist = make_actor(db, Role.RECEPTIONIST)
    first = create_referral(db, receptionist, draft(referral_datetime=NOW - timedelta(days=200)))
    close_not_engaged(db, receptionist, first.id)
    chosen = create_referral(
        db, receptionist, draft(last_name="Featherstonhaugh"), person_id=first.person_id
    )
    assert chosen.status == ReferralStatus.HELD and not chosen.new_person


def test_a_manager_overrides_a_held_referral_afterwards(db, make_actor):
    """Booking is blocked until a manager overrides with a written reason, audited (rule 3)."""
    receptionist = make_actor(db, Role.RECEPTIONIST)
    manager = make_actor(db, Role.MANAGER)
    first = create_referral(db, receptionist, draft(referral_datetime=NOW - timedelta(days=200)))
    close_not_engaged(db, receptionist, first.id)
    held = create_referral(db, receptionist, draft(), person_id=first.person_id)
    assert held.status == ReferralStatus.HELD

    with pytest.raises(PermissionDenied):
        override_repeat_bar(db, receptionist, held.id, "Manager agreed on the phone today")
    with pytest.raises(ValidationError) as short:
        override_repeat_bar(db, manager, held.id, "ok")
    assert short.value.field == "override_reason"
    assert rows(db, Referral, Referral.id == held.id)[0].status == ReferralStatus.HELD

    reason = "Was in hospital during the last referral; ready now"
    result = override_repeat_bar(db, manager, held.id, reason)
    assert result.status == ReferralStatus.RECEIVED and not result.deadline_passed
    stored = rows(db, Referral, Referral.id == held.id)[0]
    assert (stored.status, stored.override_reason, stored.overridden_by) == (
        ReferralStatus.RECEIVED,
        reason,
        manager.username,
    )
    history = rows(db, ReferralStatusChange, ReferralStatusChange.referral_id == held.id)
    assert (history[-1].from_status, history[-1].to_status) == (
        ReferralStatus.HELD,
        ReferralStatus.RECEIVED,
    )
    assert reason in history[-1].reason and history[-1].username == manager.username
    event = [e for e in audit_events(db) if e.action == "referral.override"][-1]
    assert event.username == manager.username and event.details["reason"] == reason
    assert event.entity_id == str(held.id)

    # Now it can be booked like any other referral.
    (venue,) = rows(db, Venue, Venue.name == "Birmingham")
    appointment = book_appointment(
        db, receptionist, referral_id=held.id, start_at=open_slot(3), venue_id=venue.id
    )
    assert appointment.id
    assert rows(db, Referral, Referral.id == held.id)[0].status == ReferralStatus.BOOKED
    with pytest.raises(TransitionError):
        override_repeat_bar(db, manager, held.id, reason)


def test_rules_that_cannot_be_overridden_stay_ineligible(db, make_actor):
    manager = make_actor(db, Role.MANAGER)
    supply = create_referral(db, manager, draft(intent_to_supply=True))
    with pytest.raises(TransitionError) as refused:
        override_repeat_bar(db, manager, supply.id, "The officer says it was a mistake")
    assert (
        "intent to supply" in refused.value.message
        and "cannot be overridden" in refused.value.message
    )
    assert rows(db, Referral, Referral.id == supply.id)[0].status == ReferralStatus.INELIGIBLE
    with pytest.raises(NotFound):
        override_repeat_bar(db, manager, 999_999, "No such referral at all here")
