"""The diary service on both databases: book, move, assign, cancel, attendance, listing, slots.

The small data helpers at the top are also used by the other diary, engagement and export tests.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import (
    AppointmentStatus,
    AppointmentType,
    IneligibleReason,
    PlaceKind,
    ReferralStatus,
    Role,
)
from divert_desktop.core.errors import (
    ConflictError,
    EligibilityError,
    StaleEditError,
    TransitionError,
    ValidationError,
)
from divert_desktop.persistence.models import (
    Appointment,
    AuditEvent,
    Closure,
    Person,
    Referral,
    ReferralStatusChange,
    ReferralSubstance,
    StaffUser,
    Venue,
    WorkingHours,
)
from divert_desktop.services.admin.settings import update_settings
from divert_desktop.services.diary import booking
from divert_desktop.services.diary.booking import SlotConflictError

REFERRED_AT = datetime(2026, 11, 30, 9, 30)  # a Monday; the deadline is Mon 11 Jan 2027
MONDAY = date(2026, 12, 7)
TUESDAY = date(2026, 12, 8)
_refs = itertools.count(1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


# --------------------------------------------------------------------------- data helpers


def add_person(
    db, first: str = "Alex", last: str = "Testperson", dob: date = date(1990, 5, 17)
) -> int:
    with db.unit_of_work() as s:
        row = {
            "first_name": first,
            "last_name": last,
            "date_of_birth": dob,
            "search_first": first.lower(),
            "search_last": last.lower(),
        }
        return s.execute(sa.insert(Person).returning(Person.id), [row]).scalar_one()


def add_referral(
    db,
    person_id: int | None = None,
    *,
    reference: str | None = None,
    when: datetime = REFERRED_AT,
    status: ReferralStatus = ReferralStatus.RECEIVED,
    status_reason: str | None = None,
    young: bool = False,
    area: str = "Coventry",
    substances: tuple[str, ...] = (),
    deadline_days: int = 42,
    sessions_planned: int = 1,
) -> int:
    """A referral inserted directly (the intake service is someone else's)."""
    person_id = person_id if person_id is not None else add_person(db)
    row = {
        "police_reference": reference or f"WM/TEST/{next(_refs):05d}",
        "person_id": person_id,
        "referral_datetime": when,
        "officer_name": "PC Ada Example",
        "officer_number": "4711",
        "local_authority": area,
        "young_person": young,
        "status": status,
        "status_reason": status_reason,
        "engagement_deadline": when.date() + timedelta(deadline_days),
        "sessions_planned": sessions_planned,
        "created_by": "test",
    }
    with db.unit_of_work() as s:
        rid = s.execute(sa.insert(Referral).returning(Referral.id), [row]).scalar_one()
        if substances:
            s.execute(
                sa.insert(ReferralSubstance),
                [{"referral_id": rid, "substance": x} for x in substances],
            )
        return rid


def add_staff(db, name: str = "Jo Bloggs", role: Role = Role.CASEWORKER) -> int:
    """A staff member who holds appointments (no password needed: they never sign in here)."""
    username = f"{name.split()[0].lower()}{next(_refs)}"
    with db.unit_of_work() as s:
        row = {"username": username, "display_name": name, "role": role, "password_hash": "-"}
        return s.execute(sa.insert(StaffUser).returning(StaffUser.id), [row]).scalar_one()


def venue(db, name: str = "Coventry", capacity: int | None = None) -> int:
    with db.unit_of_work() as s:
        vid = s.execute(sa.select(Venue.id).where(Venue.name == name)).scalar_one()
        if capacity is not None:
            s.execute(sa.update(Venue).where(Venue.id == vid).values(capacity=capacity))
        return vid


def add_closure(db, day: date, reason: str, venue_id: int | None = None) -> None:
    with db.unit_of_work() as s:
        s.execute(
            sa.insert(Closure),
            [{"day": day, "venue_id": venue_id, "reason": reason, "created_by": "manager"}],
        )


def set_hours(db, user_id: int, hours: dict[int, tuple[time, time]]) -> None:
    with db.unit_of_work() as s:
        s.execute(
            sa.insert(WorkingHours),
            [
                {"user_id": user_id, "weekday": d, "start_time": a, "end_time": b}
                for d, (a, b) in hours.items()
            ],
        )


def referral_status(db, referral_id: int) -> ReferralStatus:
    with db.unit_of_work(write=False) as s:
        return s.execute(sa.select(Referral.status).where(Referral.id == referral_id)).scalar_one()


def appointment_rows(db, **where) -> list:
    with db.unit_of_work(write=False) as s:
        stmt = sa.select(Appointment).order_by(Appointment.id)
        for key, value in where.items():
            stmt = stmt.where(getattr(Appointment, key) == value)
        return list(s.execute(stmt).scalars())


def audit_events(db, action: str) -> list:
    with db.unit_of_work(write=False) as s:
        stmt = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        return list(s.execute(stmt).scalars())


@pytest.fixture
def desk(db, make_actor):
    """A receptionist, a caseworker called Jo Bloggs, the Coventry hub and a received referral."""

    class Desk:
        actor = make_actor(db, Role.RECEPTIONIST)
        jo = add_staff(db, "Jo Bloggs")
        coventry = venue(db, "Coventry")
        referral = add_referral(db)

        def book(self, start: datetime, **kw):
            kw.setdefault("caseworker_id", self.jo)
            kw.setdefault("venue_id", self.coventry)
            kw.setdefault("referral_id", self.referral)
            return booking.book_appointment(db, self.actor, start_at=start, **kw)

    return Desk()


# --------------------------------------------------------------------------- booking


def test_booking_the_initial_assessment_returns_it_and_makes_the_referral_booked(db, desk) -> None:
    appt = desk.book(at(MONDAY, 10))
    assert appt.type == AppointmentType.INITIAL_ASSESSMENT
    assert (appt.start_at, appt.end_at, appt.length_minutes) == (at(MONDAY, 10), at(MONDAY, 11), 60)
    assert (appt.caseworker_name, appt.venue_name, appt.place) == (
        "Jo Bloggs",
        "Coventry",
        "Coventry",
    )
    assert appt.person_name == "Alex Testperson" and appt.young_person is False
    assert appt.status == AppointmentStatus.BOOKED and appt.version == 1
    assert referral_status(db, desk.referral) == ReferralStatus.BOOKED
    with db.unit_of_work(write=False) as s:
        history = s.execute(
            sa.select(ReferralStatusChange.from_status, ReferralStatusChange.to_status).where(
                ReferralStatusChange.referral_id == desk.referral
            )
        ).all()
    assert history == [(ReferralStatus.RECEIVED, ReferralStatus.BOOKED)]
    [event] = audit_events(db, "appointment.book")
    assert event.entity_id == str(appt.id) and event.username == desk.actor.username
    assert event.details["before"] is None
    assert event.details["after"]["start_at"] == "2026-12-07 10:00"


def test_lengths_default_to_the_settings_for_each_type(db, desk, make_actor) -> None:
    update_settings(
        db, make_actor(db, Role.MANAGER), {"initial_assessment_minutes": 45, "session_minutes": 30}
    )
    first = desk.book(at(MONDAY, 9))
    session = desk.book(at(MONDAY, 10), type=AppointmentType.EDUCATIONAL_SESSION)
    assert (first.length_minutes, first.end_at) == (45, at(MONDAY, 9, 45))
    assert (session.length_minutes, session.end_at) == (30, at(MONDAY, 10, 30))
    with pytest.raises(ValidationError) as err:
        desk.book(at(MONDAY, 12), type=AppointmentType.REVIEW, length_minutes=2)
    assert err.value.field == "length_minutes"


def test_a_young_persons_referral_is_flagged(db, desk) -> None:
    young = add_referral(db, add_person(db, "Kai", "Minor", date(2010, 3, 3)), young=True)
    appt = desk.book(at(MONDAY, 10), referral_id=young)
    assert appt.young_person is True and appt.person_name == "Kai Minor"


def test_double_booking_is_refused_naming_the_clash(db, desk) -> None:
    desk.book(at(MONDAY, 10))
    other = add_referral(db)
    with pytest.raises(SlotConflictError) as err:
        desk.book(at(MONDAY, 10, 30), referral_id=other)
    assert isinstance(err.value, ConflictError)
    assert err.value.conflicts == [
        "Jo Bloggs already has an appointment from 10:00 to 11:00 (Initial assessment)"
    ]
    assert str(err.value).startswith("Jo Bloggs already has an appointment from 10:00 to 11:00")
    assert len(appointment_rows(db)) == 1
    assert referral_status(db, other) == ReferralStatus.RECEIVED
    assert desk.book(at(MONDAY, 11), referral_id=other).start_at == at(MONDAY, 11)  # back to back


def test_outside_the_services_hours_is_refused(db, desk, make_actor) -> None:
    with pytest.raises(SlotConflictError) as err:
        desk.book(at(MONDAY, 8, 30))
    assert err.value.conflicts == ["08:30 is outside Jo Bloggs's working hours (09:00–17:00)"]
    update_settings(db, make_actor(db, Role.ADMINISTRATOR), {"day_start": "08:00"})
    assert desk.book(at(MONDAY, 8, 30)).start_at == at(MONDAY, 8, 30)


def test_the_caseworkers_own_hours_replace_the_services(db, desk) -> None:
    set_hours(db, desk.jo, {0: (time(12), time(16))})  # Mondays only, 12:00–16:00
    with pytest.raises(SlotConflictError) as err:
        desk.book(at(MONDAY, 15, 30))
    assert err.value.conflicts == [
        "The appointment would end at 16:30, after Jo Bloggs's working hours (12:00–16:00)"
    ]
    with pytest.raises(SlotConflictError) as err:
        desk.book(at(TUESDAY, 10))
    assert err.value.conflicts == ["Jo Bloggs is not working on Tue 8 Dec 2026"]
    # Unassigned appointments follow the service's hours.
    assert desk.book(at(TUESDAY, 10), caseworker_id=None).caseworker_name is None


def test_closed_days_are_refused(db, desk) -> None:
    with pytest.raises(SlotConflictError) as err:
        desk.book(at(date(2026, 12, 25), 10))
    assert str(err.value) == (  # Boxing Day falls on a Saturday: Monday 28th is its holiday
        "The service is closed on Fri 25 Dec 2026 (Christmas Day). "
        "Next free time for Jo Bloggs: Tue 29 Dec 2026 at 09:00."
    )
    with pytest.raises(SlotConflictError, match=r"closed on Sat 5 Dec 2026 \(Weekend\)"):
        desk.book(at(date(2026, 12, 5), 10))
    add_closure(db, date(2026, 12, 9), "Staff training day")
    with pytest.raises(SlotConflictError, match=r"closed on Wed 9 Dec 2026 \(Staff training day\)"):
        desk.book(at(date(2026, 12, 9), 10))


def test_a_venue_closure_only_closes_that_venue(db, desk) -> None:
    add_closure(db, MONDAY, "Heating broken", venue_id=venue(db, "Dudley"))
    add_closure(db, TUESDAY, "Flooded", venue_id=desk.coventry)
    assert desk.book(at(MONDAY, 10)).venue_name == "Coventry"
    other = add_referral(db)
    with pytest.raises(SlotConflictError, match=r"closed on Tue 8 Dec 2026 \(Coventry: Flooded\)"):
        desk.book(at(TUESDAY, 10), referral_id=other)
    phone = desk.book(at(TUESDAY, 10), referral_id=other, place_kind=PlaceKind.PHONE, venue_id=None)
    assert phone.place == "Phone" and phone.venue_id is None


def test_room_capacity_is_enforced_unless_overridden(db, desk) -> None:
    coventry = venue(db, "Coventry", capacity=2)
    desk.book(at(MONDAY, 10), caseworker_id=None)
    desk.book(at(MONDAY, 10, 30), referral_id=add_referral(db), caseworker_id=None)
    third = add_referral(db)
    with pytest.raises(SlotConflictError) as err:
        desk.book(at(MONDAY, 10, 45), referral_id=third, caseworker_id=None)
    assert err.value.conflicts == ["All 2 rooms at Coventry are in use at 10:45"]
    # Another venue, a phone call, or a manager's judgement that a room is free: all fine.
    assert (
        desk.book(
            at(MONDAY, 10, 45),
            referral_id=third,
            caseworker_id=None,
            venue_id=venue(db, "Solihull"),
        ).venue_name
        == "Solihull"
    )
    fourth = add_referral(db)
    desk.book(
        at(MONDAY, 10, 45),
        referral_id=fourth,
        caseworker_id=None,
        place_kind=PlaceKind.VIDEO,
        venue_id=None,
        place_detail="Teams link sent by text",
    )
    fifth = add_referral(db)
    squeezed = desk.book(
        at(MONDAY, 10, 45),
        referral_id=fifth,
        caseworker_id=None,
        venue_id=coventry,
        override_capacity=True,
    )
    assert squeezed.venue_id == coventry
    [event] = [e for e in audit_events(db, "appointment.book") if e.entity_id == str(squeezed.id)]
    assert event.details["override_capacity"] is True


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        (
            IneligibleReason.PREVIOUS_NOT_ENGAGED,
            "This referral is not eligible: previous referral not engaged. It cannot be booked.",
        ),
        (
            IneligibleReason.INTENT_TO_SUPPLY,
            "This referral is not eligible: intent to supply. It cannot be booked.",
        ),
    ],
)
def test_an_ineligible_referral_cannot_be_booked(db, desk, reason, message) -> None:
    rid = add_referral(db, status=ReferralStatus.INELIGIBLE, status_reason=reason.value)
    with pytest.raises(EligibilityError) as err:
        desk.book(at(MONDAY, 10), referral_id=rid)
    assert str(err.value) == message and err.value.reason == reason.value
    assert appointment_rows(db) == []


def test_a_held_referral_cannot_be_booked_until_a_manager_decides(db, desk) -> None:
    rid = add_referral(
        db,
        status=ReferralStatus.HELD,
        status_reason=IneligibleReason.PREVIOUS_NOT_ENGAGED.value,
    )
    with pytest.raises(EligibilityError) as err:
        desk.book(at(MONDAY, 10), referral_id=rid)
    assert str(err.value) == (
        "This referral is held for a manager (previous referral not engaged). A manager must "
        "override the repeat rule first (Decide… on the Today page under Held for a manager, "
        "or on the person's record, Referrals tab)."
    )
    assert appointment_rows(db) == []


@pytest.mark.parametrize(
    ("status", "word"),
    [
        (ReferralStatus.WITHDRAWN, "was withdrawn"),
        (ReferralStatus.NOT_ENGAGED, "was closed as not engaged"),
        (ReferralStatus.COMPLETED, "is completed"),
    ],
)
def test_a_closed_referral_cannot_be_booked(db, desk, status, word) -> None:
    rid = add_referral(db, status=status, status_reason="closed")
    with pytest.raises(TransitionError, match=f"This referral {word}, so no more appointments"):
        desk.book(at(MONDAY, 10), referral_id=rid, type=AppointmentType.REVIEW)


def test_only_one_initial_assessment_at_a_time(db, desk) -> None:
    desk.book(at(MONDAY, 10))
    with pytest.raises(
        ConflictError, match="already has an initial assessment booked for Mon 7 Dec"
    ):
        desk.book(at(TUESDAY, 10))
    # Other kinds of appointment are fine alongside it.
    desk.book(at(TUESDAY, 10), type=AppointmentType.EDUCATIONAL_SESSION)


def test_booking_after_the_engagement_deadline_is_refused(db, desk) -> None:
    with pytest.raises(ValidationError, match=r"engagement deadline \(Mon 11 Jan 2027\)") as err:
        desk.book(at(date(2027, 1, 12), 10))
    assert err.value.field == "start_at"
    assert desk.book(at(date(2027, 1, 11), 10)).start_at.date() == date(2027, 1, 11)


def test_database_refusal_is_the_last_line(db, desk, monkeypatch) -> None:
    """A booking that slips past the service's check (a race) is still refused by the database."""
    desk.book(at(MONDAY, 10))
    monkeypatch.setattr(booking, "_check_slot", lambda *a, **k: None)
    other = add_referral(db)
    with pytest.raises(ConflictError, match="already has an appointment at that time"):
        desk.book(at(MONDAY, 10, 15), referral_id=other)
    assert len(appointment_rows(db)) == 1
    assert referral_status(db, other) == ReferralStatus.RECEIVED  # the whole unit rolled back


# --------------------------------------------------------------------------- moving and assigning


def test_moving_keeps_the_old_row_as_moved_and_books_a_new_one(db, desk) -> None:
    old = desk.book(at(MONDAY, 10))
    new = booking.move_appointment(
        db, desk.actor, old.id, start_at=at(MONDAY, 10, 30), expected_version=old.version
    )
    assert new.id != old.id and new.start_at == at(MONDAY, 10, 30)  # overlapping its old self
    assert (new.status, new.caseworker_id, new.venue_id) == (
        AppointmentStatus.BOOKED,
        desk.jo,
        desk.coventry,
    )
    [before, after] = appointment_rows(db)
    assert before.status == AppointmentStatus.MOVED and before.moved_to_id == after.id
    assert referral_status(db, desk.referral) == ReferralStatus.BOOKED
    [event] = audit_events(db, "appointment.move")
    assert event.details["before"]["start_at"] == "2026-12-07 10:00"
    assert event.details["after"]["start_at"] == "2026-12-07 10:30"
    assert event.details["moved_from_id"] == old.id


def test_moving_with_a_stale_version_is_refused(db, desk) -> None:
    old = desk.book(at(MONDAY, 10))
    booking.mark_arrived(db, desk.actor, old.id, old.version, now=old.start_at)
    with pytest.raises(StaleEditError) as err:
        booking.move_appointment(
            db, desk.actor, old.id, start_at=at(TUESDAY, 10), expected_version=old.version
        )
    assert (err.value.mine, err.value.theirs) == (1, 2)


def test_moving_into_a_clash_changes_nothing(db, desk) -> None:
    desk.book(at(MONDAY, 14), referral_id=add_referral(db))
    old = desk.book(at(MONDAY, 10))
    with pytest.raises(SlotConflictError, match="from 14:00 to 15:00"):
        booking.move_appointment(
            db, desk.actor, old.id, start_at=at(MONDAY, 14, 30), expected_version=old.version
        )
    assert [r.status for r in appointment_rows(db)] == [AppointmentStatus.BOOKED] * 2


def test_moving_to_another_caseworker_venue_and_length(db, desk) -> None:
    sam = add_staff(db, "Sam Example")
    old = desk.book(at(MONDAY, 10))
    new = booking.move_appointment(
        db,
        desk.actor,
        old.id,
        start_at=at(TUESDAY, 9),
        length_minutes=90,
        caseworker_id=sam,
        venue_id=venue(db, "Walsall"),
        expected_version=old.version,
    )
    assert (new.caseworker_name, new.venue_name, new.end_at) == (
        "Sam Example",
        "Walsall",
        at(TUESDAY, 10, 30),
    )
    # The old caseworker's slot is free again.
    other = desk.book(at(MONDAY, 10), referral_id=add_referral(db))
    assert other.caseworker_id == desk.jo


def test_a_cancelled_appointment_cannot_be_moved(db, desk) -> None:
    appt = desk.book(at(MONDAY, 10))
    gone = booking.cancel_appointment(
        db, desk.actor, appt.id, by="provider", reason="Sickness", expected_version=appt.version
    )
    with pytest.raises(TransitionError, match="cannot be changed to moved"):
        booking.move_appointment(
            db, desk.actor, appt.id, start_at=at(TUESDAY, 10), expected_version=gone.version
        )


def test_assigning_a_caseworker(db, desk) -> None:
    unassigned = desk.book(at(MONDAY, 10), caseworker_id=None)
    busy = desk.book(at(MONDAY, 10, 30), referral_id=add_referral(db))
    sam = add_staff(db, "Sam Example")
    with pytest.raises(SlotConflictError, match="Jo Bloggs already has an appointment from 10:30"):
        booking.assign_caseworker(db, desk.actor, unassigned.id, desk.jo, unassigned.version)
    done = booking.assign_caseworker(db, desk.actor, unassigned.id, sam, unassigned.version)
    assert (done.caseworker_id, done.caseworker_name, done.version) == (sam, "Sam Example", 2)
    with pytest.raises(StaleEditError):
        booking.assign_caseworker(db, desk.actor, unassigned.id, None, unassigned.version)
    back = booking.assign_caseworker(db, desk.actor, done.id, None, done.version)
    assert back.caseworker_id is None
    with pytest.raises(ValidationError, match="active caseworker"):
        booking.assign_caseworker(
            db, desk.actor, busy.id, add_staff(db, "Rae Desk", Role.RECEPTIONIST), busy.version
        )
    assert len(audit_events(db, "appointment.assign")) == 2


# --------------------------------------------------------------------------- cancelling


def test_cancelling_needs_a_reason_and_frees_the_slot(db, desk) -> None:
    appt = desk.book(at(MONDAY, 10))
    with pytest.raises(ValidationError) as err:
        booking.cancel_appointment(
            db, desk.actor, appt.id, by="person", reason="  ", expected_version=appt.version
        )
    assert err.value.field == "reason"
    done = booking.cancel_appointment(
        db, desk.actor, appt.id, by="person", reason="Rang to say they are ill", expected_version=1
    )
    assert done.status == AppointmentStatus.CANCELLED_BY_PERSON
    assert done.status_reason == "Rang to say they are ill"
    assert referral_status(db, desk.referral) == ReferralStatus.RECEIVED  # nothing else booked
    again = desk.book(at(MONDAY, 10))  # the same slot, the same caseworker
    assert again.status == AppointmentStatus.BOOKED
    [event] = audit_events(db, "appointment.cancel")
    assert event.details["before"]["status"] == "booked"
    assert event.details["after"]["status"] == "cancelled_by_person"


def test_cancelling_one_of_two_appointments_keeps_the_referral_booked(db, desk) -> None:
    first = desk.book(at(MONDAY, 10))
    desk.book(at(TUESDAY, 10), type=AppointmentType.EDUCATIONAL_SESSION)
    booking.cancel_appointment(
        db,
        desk.actor,
        first.id,
        by="provider",
        reason="Caseworker ill",
        expected_version=first.version,
    )
    assert referral_status(db, desk.referral) == ReferralStatus.BOOKED
    with pytest.raises(ValidationError, match="person or the service"):
        booking.cancel_appointment(
            db,
            desk.actor,
            first.id,
            by="police",
            reason="x",  # type: ignore[arg-type]
            expected_version=2,
        )


# --------------------------------------------------------------------------- attendance


def test_arrived_then_attended_makes_the_referral_engaged(db, desk) -> None:
    appt = desk.book(at(MONDAY, 10))
    here = booking.mark_arrived(db, desk.actor, appt.id, appt.version, now=appt.start_at)
    assert here.status == AppointmentStatus.ARRIVED and here.arrived_at is not None
    seen = booking.mark_attended(db, desk.actor, here.id, here.version, now=here.start_at)
    assert seen.status == AppointmentStatus.ATTENDED
    assert referral_status(db, desk.referral) == ReferralStatus.ENGAGED
    assert [e.action for e in audit_events(db, "appointment.arrived")] == ["appointment.arrived"]


def test_a_future_appointment_cannot_be_marked_and_nothing_changes(db, desk) -> None:
    appt = desk.book(at(MONDAY, 10))
    day_before = datetime.combine(MONDAY - timedelta(days=1), time(16, 0))
    for mark in (booking.mark_arrived, booking.mark_attended):
        with pytest.raises(TransitionError, match="Mon 7 Dec 2026"):
            mark(db, desk.actor, appt.id, appt.version, now=day_before)
    with pytest.raises(TransitionError, match="once that time has passed"):
        booking.mark_did_not_attend(db, desk.actor, appt.id, appt.version, now=at(MONDAY, 9))
    [row] = appointment_rows(db, id=appt.id)
    assert row.status == AppointmentStatus.BOOKED and row.version == appt.version
    assert referral_status(db, desk.referral) == ReferralStatus.BOOKED
    assert audit_events(db, "appointment.attended") == []
    later = booking.mark_did_not_attend(db, desk.actor, appt.id, appt.version, now=at(MONDAY, 10))
    assert later.status == AppointmentStatus.DID_NOT_ATTEND


def test_planned_sessions_attended_complete_the_referral(db, desk) -> None:
    rid = add_referral(db, sessions_planned=2)
    initial = desk.book(at(MONDAY, 9), referral_id=rid)
    first = desk.book(at(MONDAY, 11), referral_id=rid, type=AppointmentType.EDUCATIONAL_SESSION)
    second = desk.book(at(TUESDAY, 11), referral_id=rid, type=AppointmentType.EDUCATIONAL_SESSION)
    booking.mark_attended(
        db, desk.actor, first.id, first.version, now=first.start_at
    )  # before the assessment
    assert referral_status(db, rid) == ReferralStatus.BOOKED
    booking.mark_attended(db, desk.actor, initial.id, initial.version, now=initial.start_at)
    assert referral_status(db, rid) == ReferralStatus.ENGAGED
    done = booking.mark_attended(db, desk.actor, second.id, second.version, now=second.start_at)
    assert referral_status(db, rid) == ReferralStatus.COMPLETED
    # Undoing the last session takes it back to engaged; undoing the assessment back to booked.
    booking.undo_attendance(db, desk.actor, done.id, done.version, now=done.start_at)
    assert referral_status(db, rid) == ReferralStatus.ENGAGED
    booking.undo_attendance(db, desk.actor, initial.id, initial.version + 1, now=initial.start_at)
    assert referral_status(db, rid) == ReferralStatus.BOOKED


def test_attending_on_a_referral_still_received_goes_through_booked(db, desk) -> None:
    with db.unit_of_work() as s:  # as a police-booked appointment might arrive
        s.execute(
            sa.insert(Appointment),
            [
                {
                    "person_id": s.get(Referral, desk.referral).person_id,
                    "referral_id": desk.referral,
                    "type": AppointmentType.INITIAL_ASSESSMENT,
                    "start_at": at(MONDAY, 10),
                    "end_at": at(MONDAY, 11),
                    "length_minutes": 60,
                    "place_kind": PlaceKind.VENUE,
                    "venue_id": desk.coventry,
                    "status": AppointmentStatus.BOOKED,
                    "created_by": "import",
                }
            ],
        )
    [appt] = appointment_rows(db)
    booking.mark_attended(db, desk.actor, appt.id, appt.version, now=appt.start_at)
    with db.unit_of_work(write=False) as s:
        steps = s.execute(
            sa.select(ReferralStatusChange.to_status).order_by(ReferralStatusChange.id)
        ).scalars()
        assert list(steps) == [ReferralStatus.BOOKED, ReferralStatus.ENGAGED]


def test_did_not_attend_leaves_the_referral_and_allows_a_rebooking(db, desk) -> None:
    appt = desk.book(at(MONDAY, 10))
    dna = booking.mark_did_not_attend(db, desk.actor, appt.id, appt.version, now=appt.start_at)
    assert dna.status == AppointmentStatus.DID_NOT_ATTEND
    assert referral_status(db, desk.referral) == ReferralStatus.BOOKED
    rebooked = desk.book(at(TUESDAY, 14))  # a second initial assessment is fine after a DNA
    assert rebooked.type == AppointmentType.INITIAL_ASSESSMENT
    with pytest.raises(TransitionError):
        booking.mark_attended(
            db, desk.actor, dna.id, dna.version, now=dna.start_at
        )  # DNA -> attended needs an undo


def test_undoing_a_did_not_attend_whose_slot_was_given_away_is_refused(db, desk) -> None:
    appt = desk.book(at(MONDAY, 10))
    dna = booking.mark_did_not_attend(db, desk.actor, appt.id, appt.version, now=appt.start_at)
    desk.book(at(MONDAY, 10), referral_id=add_referral(db))
    with pytest.raises(SlotConflictError, match="already has an appointment from 10:00 to 11:00"):
        booking.undo_attendance(db, desk.actor, dna.id, dna.version, now=dna.start_at)


def test_attendance_with_a_stale_version_is_refused(db, desk) -> None:
    appt = desk.book(at(MONDAY, 10))
    booking.mark_arrived(db, desk.actor, appt.id, appt.version, now=appt.start_at)
    with pytest.raises(StaleEditError):
        booking.mark_did_not_attend(db, desk.actor, appt.id, appt.version, now=appt.start_at)


# --------------------------------------------------------------------------- listing


def test_appointments_between_lists_overlaps_in_order_with_filters(db, desk) -> None:
    sam = add_staff(db, "Sam Example")
    a = desk.book(at(MONDAY, 9))
    b = desk.book(
        at(MONDAY, 11),
        referral_id=add_referral(db),
        caseworker_id=sam,
        venue_id=venue(db, "Dudley"),
    )
    c = desk.book(at(MONDAY, 13), referral_id=add_referral(db))
    booking.cancel_appointment(db, desk.actor, c.id, by="person", reason="Away", expected_version=1)
    desk.book(at(TUESDAY, 9), referral_id=add_referral(db))
    day = booking.appointments_between(db, desk.actor, at(MONDAY, 0), at(TUESDAY, 0))
    assert [x.id for x in day] == [a.id, b.id]
    with_cancelled = booking.appointments_between(
        db, desk.actor, at(MONDAY, 0), at(TUESDAY, 0), include_cancelled=True
    )
    assert [x.status for x in with_cancelled][-1] == AppointmentStatus.CANCELLED_BY_PERSON
    assert [
        x.id
        for x in booking.appointments_between(
            db, desk.actor, at(MONDAY, 0), at(TUESDAY, 0), caseworker_id=sam
        )
    ] == [b.id]
    assert [
        x.id
        for x in booking.appointments_between(
            db, desk.actor, at(MONDAY, 0), at(TUESDAY, 0), venue_id=desk.coventry
        )
    ] == [a.id]
    # Half-open: 09:00–10:00 and 11:00–12:00 are outside 10:00–11:00, inside 09:59–11:01.
    assert booking.appointments_between(db, desk.actor, at(MONDAY, 10), at(MONDAY, 11)) == []
    assert [
        x.id
        for x in booking.appointments_between(db, desk.actor, at(MONDAY, 9, 59), at(MONDAY, 11, 1))
    ] == [a.id, b.id]


# --------------------------------------------------------------------------- finding slots


def test_find_slots_skips_closed_days_and_full_rooms(db, desk) -> None:
    walsall = venue(db, "Walsall", capacity=1)
    desk.book(at(date(2026, 12, 24), 9), venue_id=walsall, caseworker_id=None)
    slots = booking.find_slots(
        db,
        desk.actor,
        venue_id=walsall,
        from_date=date(2026, 12, 24),
        working_days=2,
        limit=100,
        now=datetime(2026, 1, 1),
    )
    days = sorted({s.start_at.date() for s in slots})
    assert days == [date(2026, 12, 24), date(2026, 12, 29)]  # Christmas, Boxing Day, weekend out
    assert slots[0].start_at == at(date(2026, 12, 24), 10)  # the one room is busy until 10:00
    assert all(
        s.venue_name == "Walsall" and s.end_at - s.start_at == timedelta(hours=1) for s in slots
    )
    assert len(slots) == 25 + 29  # 09:00–09:45 starts clash with the booking


def test_find_slots_respects_the_caseworkers_diary_and_hours(db, desk) -> None:
    set_hours(db, desk.jo, {0: (time(9), time(12)), 1: (time(9), time(12))})
    desk.book(at(MONDAY, 9, 30))
    slots = booking.find_slots(
        db,
        desk.actor,
        venue_id=desk.coventry,
        from_date=MONDAY,
        working_days=2,
        caseworker_id=desk.jo,
        now=datetime(2026, 1, 1),
    )
    starts = [s.start_at for s in slots]
    assert starts[:3] == [at(MONDAY, 10, 30), at(MONDAY, 10, 45), at(MONDAY, 11)]
    assert starts[3] == at(TUESDAY, 9)
    assert all(s.caseworker_id == desk.jo for s in slots)
    # The first slot found is bookable.
    booked = desk.book(slots[0].start_at, referral_id=add_referral(db))
    assert booked.start_at == at(MONDAY, 10, 30)


def test_find_slots_in_an_area_lists_each_venue_and_leaves_out_the_past(db, desk) -> None:
    slots = booking.find_slots(
        db, desk.actor, local_authority="Dudley", from_date=MONDAY, limit=3, now=at(MONDAY, 15, 50)
    )
    assert [(s.venue_name, s.start_at) for s in slots] == [
        ("Dudley", at(MONDAY, 16)),
        ("Dudley", at(TUESDAY, 9)),
        ("Dudley", at(TUESDAY, 9, 15)),
    ]
    everywhere = booking.find_slots(
        db, desk.actor, from_date=MONDAY, limit=7, now=datetime(2026, 1, 1)
    )
    assert {s.venue_name for s in everywhere} == {
        "Birmingham",
        "Coventry",
        "Dudley",
        "Sandwell",
        "Solihull",
        "Walsall",
        "Wolverhampton",
    }
    assert {s.start_at for s in everywhere} == {at(MONDAY, 9)}


# --------------------------------------------------------------------------- the next free time
# A refused booking or move names the next free time for that caseworker (issue 17, item 6),
# decided once in services.diary.slots with core.calendar's one booking rule.


def test_a_double_booking_names_the_caseworkers_next_free_time(db, desk) -> None:
    desk.book(at(MONDAY, 10))
    desk.book(at(MONDAY, 11), referral_id=add_referral(db))
    other = add_referral(db)
    with pytest.raises(SlotConflictError) as err:
        desk.book(at(MONDAY, 10, 30), referral_id=other)
    assert err.value.next_free == at(MONDAY, 12)
    assert str(err.value) == (
        "Jo Bloggs already has an appointment from 10:00 to 11:00 (Initial assessment). "
        "Jo Bloggs already has an appointment from 11:00 to 12:00 (Initial assessment). "
        "Next free time for Jo Bloggs: Mon 7 Dec 2026 at 12:00."
    )
    assert err.value.conflicts[-1].endswith("11:00 to 12:00 (Initial assessment)")  # unchanged
    assert desk.book(err.value.next_free, referral_id=other).start_at == at(MONDAY, 12)


def test_the_next_free_time_also_has_a_free_room(db, desk) -> None:
    venue(db, "Coventry", capacity=1)
    sam = add_staff(db, "Sam Example")
    desk.book(at(MONDAY, 10))
    desk.book(at(MONDAY, 11), referral_id=add_referral(db), caseworker_id=sam)  # the one room
    with pytest.raises(SlotConflictError) as err:
        desk.book(at(MONDAY, 10, 15), referral_id=add_referral(db))
    assert err.value.next_free == at(MONDAY, 12)
    assert str(err.value).endswith("Next free time for Jo Bloggs: Mon 7 Dec 2026 at 12:00.")


def test_a_refused_assignment_names_a_time_when_the_room_is_free_too(db, desk) -> None:
    # Giving an appointment to a busy caseworker keeps its room: the time offered instead must
    # have the caseworker free and a room at its venue (at 11:00 Jo is free but the room is not).
    venue(db, "Coventry", capacity=1)
    dudley = venue(db, "Dudley")
    sam = add_staff(db, "Sam Example")
    kept = desk.book(at(MONDAY, 10), caseworker_id=None)  # the one room, 10:00–11:00
    desk.book(at(MONDAY, 10), referral_id=add_referral(db), venue_id=dudley)  # Jo is busy
    desk.book(at(MONDAY, 11), referral_id=add_referral(db), caseworker_id=sam)  # room, 11–12
    with pytest.raises(SlotConflictError) as err:
        booking.assign_caseworker(db, desk.actor, kept.id, desk.jo, kept.version)
    assert err.value.next_free == at(MONDAY, 12)
    assert str(err.value).endswith("Next free time for Jo Bloggs: Mon 7 Dec 2026 at 12:00.")


def test_outside_the_caseworkers_hours_names_their_next_working_time(db, desk) -> None:
    set_hours(db, desk.jo, {0: (time(12), time(16))})  # Mondays only, 12:00–16:00
    with pytest.raises(SlotConflictError) as err:
        desk.book(at(TUESDAY, 10))
    assert str(err.value) == (
        "Jo Bloggs is not working on Tue 8 Dec 2026. "
        "Next free time for Jo Bloggs: Mon 14 Dec 2026 at 12:00."
    )


def test_a_refused_move_names_the_next_free_time_counting_its_own_slot_as_free(db, desk) -> None:
    moving = desk.book(at(MONDAY, 10))
    desk.book(at(MONDAY, 9), referral_id=add_referral(db))
    with pytest.raises(SlotConflictError) as err:
        booking.move_appointment(
            db, desk.actor, moving.id, start_at=at(MONDAY, 9, 30), expected_version=moving.version
        )
    assert err.value.next_free == at(MONDAY, 10)  # where it is now: free once it moves
    assert str(err.value).endswith("Next free time for Jo Bloggs: Mon 7 Dec 2026 at 10:00.")


def test_no_free_time_before_the_engagement_deadline_says_so(db, desk) -> None:
    due_monday = add_referral(db, deadline_days=(MONDAY - REFERRED_AT.date()).days)
    desk.book(at(MONDAY, 9), length_minutes=8 * 60, referral_id=add_referral(db))  # all day
    with pytest.raises(SlotConflictError) as err:
        desk.book(at(MONDAY, 10), referral_id=due_monday)
    assert err.value.next_free is None  # Tuesday is free, but after the deadline
    assert str(err.value).endswith(
        "There is no free time for Jo Bloggs in the next 10 open days. Choose another "
        "caseworker or venue, or use Find a slot."
    )


def test_an_unassigned_booking_names_the_venues_next_free_time(db, desk) -> None:
    venue(db, "Coventry", capacity=1)
    desk.book(at(MONDAY, 10), caseworker_id=None)
    with pytest.raises(SlotConflictError) as err:
        desk.book(at(MONDAY, 10), caseworker_id=None, referral_id=add_referral(db))
    assert str(err.value) == (
        "The only room at Coventry is in use at 10:00. "
        "Next free time at Coventry: Mon 7 Dec 2026 at 11:00."
    )
