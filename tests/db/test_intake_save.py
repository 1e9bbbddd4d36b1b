"""The intake's save is one use case in one transaction, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import ReferralStatus, Role
from divert_desktop.persistence.models import Appointment, AuditEvent, Person, Referral, Venue
from divert_desktop.services.changes import Kind, changes_of
from divert_desktop.services.diary import booking
from divert_desktop.services.diary.booking import SlotConflictError
from divert_desktop.services.intake.save import save_intake
from tests.clock import CLOCK
from tests.db.test_booking import add_referral, add_staff
from tests.db.test_intake import draft, open_slot


def counts(db) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    with db.unit_of_work(write=False) as s:
        return tuple(  # type: ignore[return-value]
            s.execute(sa.select(sa.func.count()).select_from(m)).scalar_one()
            for m in (Person, Referral, Appointment, AuditEvent)
        )


def venue_id(db, name: str) -> int:  # type: ignore[no-untyped-def]
    with db.unit_of_work(write=False) as s:
        return s.execute(sa.select(Venue.id).where(Venue.name == name)).scalar_one()


def test_the_chosen_caseworker_gets_the_booked_appointment_in_the_same_save(db, make_actor) -> None:
    actor = make_actor(db, Role.RECEPTIONIST)
    jo = add_staff(db, "Jo Bloggs")
    start = open_slot(4)
    saved = save_intake(
        db,
        actor,
        draft(appointment_datetime=start, appointment_venue="Solihull"),
        person_id=None,
        override_reason=None,
        caseworker_id=jo,
    )
    assert saved.referral.status == ReferralStatus.BOOKED
    assert saved.caseworker_note is None
    with db.unit_of_work(write=False) as s:
        appointment = s.get(Appointment, saved.referral.appointment_id)
        assert appointment is not None and appointment.caseworker_id == jo
    assert changes_of(save_intake, saved).kinds == {Kind.REFERRALS, Kind.PEOPLE, Kind.APPOINTMENTS}


def test_a_caseworker_taken_meanwhile_leaves_no_referral_person_or_appointment(
    db, make_actor
) -> None:
    """Before, the referral and person were saved in one transaction and the caseworker given in
    a second: a failure there left a referral booked with nobody. Now nothing is saved."""
    actor = make_actor(db, Role.RECEPTIONIST)
    jo = add_staff(db, "Jo Bloggs")
    start = open_slot(4)
    # Someone else books Jo at that time after the receptionist chose the slot.
    booking.book_appointment(
        db,
        actor,
        referral_id=add_referral(db, when=CLOCK.now() - timedelta(days=1)),  # deadline ahead
        start_at=start,
        caseworker_id=jo,
        venue_id=venue_id(db, "Solihull"),
    )
    before = counts(db)
    with pytest.raises(SlotConflictError):
        save_intake(
            db,
            actor,
            draft(appointment_datetime=start, appointment_venue="Solihull"),
            person_id=None,
            override_reason=None,
            caseworker_id=jo,
        )
    assert counts(db) == before  # no person, referral, appointment or audit event


def test_the_saved_message_names_the_matched_person_as_their_record_spells_it(
    db, make_actor
) -> None:
    """Issue 17: typed "Rosalynd" for Rosalind's record: the save names Rosalind."""
    from tests.db.test_booking import add_person

    actor = make_actor(db, Role.RECEPTIONIST)
    person = add_person(db, "Rosalind", "Featherstonehaugh", date(1990, 8, 21))
    saved = save_intake(
        db,
        actor,
        draft(first_name="Rosalynd"),
        person_id=person,
        override_reason=None,
        caseworker_id=None,
    )
    assert saved.referral.person_id == person
    assert saved.person_name == "Rosalind Featherstonehaugh"
