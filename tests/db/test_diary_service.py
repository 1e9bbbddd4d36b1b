"""The diary's read side on both databases: a day's diary, live conflicts, referral search, sheets."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from divert_desktop.core.enums import AppointmentStatus, PlaceKind, ReferralStatus, Role
from divert_desktop.core.errors import NotFound, ValidationError
from divert_desktop.services.diary import booking
from divert_desktop.services.diary import slots as diary
from divert_desktop.services.diary import views as diary_view
from tests.db.test_booking import add_closure, add_person, add_referral, add_staff, set_hours, venue

DAY = date(2026, 12, 2)  # a Wednesday
REFERRED = datetime(2026, 11, 25, 10, 0)


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour, minute))


@pytest.fixture
def desk(db, make_actor):
    """A receptionist, two caseworkers, two hubs and three booked referrals on Wed 2 Dec 2026."""

    class Desk:
        actor = make_actor(db, Role.RECEPTIONIST)
        jo = add_staff(db, "Jo Bloggs")
        sam = add_staff(db, "Sam Okafor")
        coventry = venue(db, "Coventry")
        dudley = venue(db, "Dudley")
        amelia_ref = add_referral(
            db, add_person(db, "Amelia", "Hartwell"), reference="WMP-S-1", when=REFERRED
        )
        kai_ref = add_referral(
            db,
            add_person(db, "Kai", "Brindley", date(2010, 4, 1)),
            reference="WMP-S-2",
            when=REFERRED,
            young=True,
        )
        nell_ref = add_referral(
            db, add_person(db, "Nell", "Hartley"), reference="WMP-S-3", when=REFERRED
        )

        def book(self, referral: int, start: datetime, caseworker: int | None, **kw):
            kw.setdefault("venue_id", self.coventry)
            return booking.book_appointment(
                db, self.actor, referral_id=referral, start_at=start, caseworker_id=caseworker, **kw
            )

    return Desk()


def test_the_read_side_moved_to_services_diary_and_booking_still_exports_it() -> None:
    assert booking.AppointmentDTO is diary.AppointmentDTO
    assert booking.SlotDTO is diary.SlotDTO
    assert booking.appointments_between is diary.appointments_between
    assert booking.find_slots is diary.find_slots
    assert booking.get_appointment is diary.get_appointment


def test_load_diary_returns_the_day_with_columns_hours_and_cancelled_appointments(db, desk) -> None:
    amelia = desk.book(desk.amelia_ref, at(10), desk.jo)
    kai = desk.book(desk.kai_ref, at(11), None)
    nell = desk.book(desk.nell_ref, at(14), desk.sam)
    booking.cancel_appointment(
        db, desk.actor, nell.id, by="person", reason="Unwell", expected_version=nell.version
    )
    set_hours(db, desk.sam, {2: (time(12), time(16))})
    data = diary_view.load_diary(db, desk.actor, DAY)
    assert [s.name for s in data.caseworkers] == ["Jo Bloggs", "Sam Okafor"]
    assert {a.id: a.status for a in data.appointments} == {
        amelia.id: AppointmentStatus.BOOKED,
        kai.id: AppointmentStatus.BOOKED,
        nell.id: AppointmentStatus.CANCELLED_BY_PERSON,
    }
    assert [a.young_person for a in data.appointments if a.id == kai.id] == [True]
    assert data.hours[desk.sam] == {2: (time(12), time(16))} and data.hours[desk.jo] is None
    assert data.service_hours == (time(9), time(17))
    assert data.closed == {}
    assert len(data.venues) == 7


def test_load_diary_for_a_week_narrows_to_one_caseworker_and_marks_closed_days(db, desk) -> None:
    desk.book(desk.amelia_ref, at(10), desk.jo)
    desk.book(desk.kai_ref, at(10), desk.sam)
    add_closure(db, date(2026, 12, 1), "Staff training")
    week = diary_view.load_diary(db, desk.actor, date(2026, 11, 30), 7, caseworker_id=desk.jo)
    assert [a.caseworker_name for a in week.appointments] == ["Jo Bloggs"]
    assert week.closed == {
        date(2026, 12, 1): "Staff training",
        date(2026, 12, 5): "Weekend",
        date(2026, 12, 6): "Weekend",
    }
    christmas = diary_view.load_diary(db, desk.actor, date(2026, 12, 25))
    assert christmas.closed == {date(2026, 12, 25): "Christmas Day"}


def test_conflicts_on_loaded_data_name_each_clash_like_the_service(db, desk) -> None:
    amelia = desk.book(desk.amelia_ref, at(10), desk.jo)
    data = diary_view.load_diary(db, desk.actor, DAY)
    clash = data.conflicts(
        start=at(10, 30), end=at(11, 30), caseworker_id=desk.jo, venue_id=desk.coventry
    )
    assert clash == [
        "Jo Bloggs already has an appointment from 10:00 to 11:00 (Initial assessment)"
    ]
    assert (
        data.conflicts(
            start=at(10, 30),
            end=at(11, 30),
            caseworker_id=desk.jo,
            venue_id=desk.coventry,
            exclude_id=amelia.id,
        )
        == []
    )
    late = data.conflicts(start=at(16, 30), end=at(17, 30), caseworker_id=desk.sam, venue_id=None)
    assert late == [
        "The appointment would end at 17:30, after Sam Okafor's working hours (09:00–17:00)"
    ]
    with pytest.raises(booking.SlotConflictError) as refused:  # the service agrees
        desk.book(desk.kai_ref, at(10, 30), desk.jo)
    assert refused.value.conflicts == clash


def test_conflicts_check_room_capacity(db, desk) -> None:
    venue(db, "Dudley", capacity=1)
    desk.book(desk.amelia_ref, at(10), desk.jo, venue_id=desk.dudley)
    data = diary_view.load_diary(db, desk.actor, DAY)
    assert data.conflicts(
        start=at(10), end=at(11), caseworker_id=desk.sam, venue_id=desk.dudley
    ) == ["The only room at Dudley is in use at 10:00"]


def test_open_referrals_search_by_name_or_reference_leaves_closed_ones_out(db, desk) -> None:
    add_referral(
        db,
        add_person(db, "Amelia", "Hartwell"),
        reference="WMP-S-9",
        when=REFERRED,
        status=ReferralStatus.NOT_ENGAGED,
    )
    found = diary_view.open_referrals(db, desk.actor, "hart")
    assert [r.police_reference for r in found] == ["WMP-S-3", "WMP-S-1"]  # newest first (by id)
    assert [
        r.police_reference for r in diary_view.open_referrals(db, desk.actor, "amelia hart")
    ] == ["WMP-S-1"]
    [kai] = diary_view.open_referrals(db, desk.actor, "wmp-s-2")
    assert (kai.person_name, kai.young_person, kai.status) == (
        "Kai Brindley",
        True,
        ReferralStatus.RECEIVED,
    )
    assert "under 18" in kai.label
    assert len(diary_view.open_referrals(db, desk.actor, "")) == 3


def test_day_sheet_for_a_venue_a_caseworker_and_everything(db, desk) -> None:
    desk.book(desk.amelia_ref, at(10), desk.jo)
    desk.book(desk.kai_ref, at(9), None, venue_id=desk.dudley)
    sheet = diary_view.day_sheet(db, desk.actor, DAY, venue_id=desk.coventry)
    assert (sheet.kind, sheet.name, sheet.closed) == ("Venue", "Coventry", None)
    assert [(r.person_name, r.who, r.status_label) for r in sheet.rows] == [
        ("Amelia Hartwell", "Jo Bloggs", "Booked")
    ]
    mine = diary_view.day_sheet(db, desk.actor, DAY, caseworker_id=desk.jo)
    assert (mine.kind, mine.name, [r.who for r in mine.rows]) == (
        "Caseworker",
        "Jo Bloggs",
        ["Coventry"],
    )
    everything = diary_view.day_sheet(db, desk.actor, DAY)
    assert [(r.person_name, r.who, r.young_person) for r in everything.rows] == [
        ("Kai Brindley", "Unassigned", True),
        ("Amelia Hartwell", "Jo Bloggs", False),
    ]
    with pytest.raises(ValidationError):
        diary_view.day_sheet(db, desk.actor, DAY, venue_id=desk.coventry, caseworker_id=desk.jo)


def test_the_all_venues_day_sheet_groups_by_venue(db, desk) -> None:
    """The front desk's sheet: every open venue in name order with its own appointments (a
    venue closed that day says so), then the appointments not at a venue."""
    desk.book(desk.amelia_ref, at(10), desk.jo)
    desk.book(desk.kai_ref, at(9), None, venue_id=desk.dudley)
    add_closure(db, DAY, "Boiler", venue_id=desk.dudley)
    phone = add_referral(db)
    booking.book_appointment(
        db,
        desk.actor,
        referral_id=phone,
        start_at=at(15),
        caseworker_id=desk.jo,
        place_kind=PlaceKind.PHONE,
    )
    sheet = diary_view.day_sheet(db, desk.actor, DAY)
    venues = [f"Venue: {v.name}" for v in diary_view.diary_choices(db, desk.actor).venues]
    titles = [section.title for section in sheet.sections]
    assert titles == [*venues, "Not at a venue: phone, video and outreach"]
    found = {
        section.title: [(r.person_name, r.who) for r in section.rows] for section in sheet.sections
    }
    assert found["Venue: Coventry"] == [("Amelia Hartwell", "Jo Bloggs")]
    assert found["Venue: Dudley"] == [("Kai Brindley", "Unassigned")]
    assert found["Not at a venue: phone, video and outreach"] == [
        ("Alex Testperson", "Jo Bloggs (Phone)")
    ]
    assert {s.title: s.closed for s in sheet.sections}["Venue: Dudley"] == "Dudley: Boiler"
    assert len(sheet.rows) == 3 and sheet.closed is None


def test_resolve_venue_and_caseworker_by_name(db, desk) -> None:
    assert diary_view.resolve_venue(db, "coventry").id == desk.coventry
    with pytest.raises(
        NotFound, match=r"There is no venue called 'Atlantis'\. The venues are: Birmingham"
    ):
        diary_view.resolve_venue(db, "Atlantis")
    jo = diary_view.diary_choices(db, desk.actor).caseworkers[0]
    assert diary_view.resolve_caseworker(db, jo.username.upper()).id == desk.jo
    with pytest.raises(
        NotFound, match="no active caseworker or manager with the username 'nobody'"
    ):
        diary_view.resolve_caseworker(db, "nobody")


def _statements(db):
    """Every SQL statement the database runs while the returned list is being watched."""
    import sqlalchemy as sa

    seen: list[str] = []
    sa.event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def test_load_diary_reads_staff_hours_venues_and_settings_once(db, desk) -> None:
    """Issue 18: the reference data was most of a diary read; now only the appointments are."""
    set_hours(db, desk.jo, {2: (time(10), time(14))})
    diary_view.load_diary(db, desk.actor, DAY, 7, caseworker_id=desk.jo)
    seen = _statements(db)
    data = diary_view.load_diary(db, desk.actor, DAY, 1, venue_id=desk.coventry)
    reads = [s for s in seen if s.lstrip().upper().startswith("SELECT")]
    reads = [s for s in reads if "must_change_password" not in s]  # the account check aside
    assert len(reads) == 1 and "FROM appointments" in reads[0], reads
    assert not any("working_hours" in s or "FROM settings" in s for s in seen)
    assert data.hours[desk.jo] == {2: (time(10), time(14))}  # still there, from the kept copy
    assert {s.name for s in data.caseworkers} >= {"Jo Bloggs", "Sam Okafor"}


def test_kept_reference_data_follows_writes_and_the_change_signal(db, db_url, desk) -> None:
    from divert_desktop.persistence.database import Database
    from divert_desktop.services.changes import Changes, Kind

    diary_view.load_diary(db, desk.actor, DAY)
    add_staff(db, "Ola Nowak")  # a write through this process: seen at once
    names = {s.name for s in diary_view.load_diary(db, desk.actor, DAY).caseworkers}
    assert "Ola Nowak" in names
    other = Database(db_url)  # another workstation adds a caseworker
    try:
        add_staff(other, "Priya Shah")
    finally:
        other.dispose()
    diary_view.forget_reference(db, Changes.of(Kind.APPOINTMENTS))  # not reference data
    names = {s.name for s in diary_view.load_diary(db, desk.actor, DAY).caseworkers}
    assert "Priya Shah" not in names  # kept until something says it may have changed
    diary_view.forget_reference(db, Changes.of(Kind.USERS))
    names = {s.name for s in diary_view.load_diary(db, desk.actor, DAY).caseworkers}
    assert "Priya Shah" in names
    add_staff(other := Database(db_url), "Tom Reid")
    other.dispose()
    diary_view.forget_reference(db)  # the page's quiet refresh: anything may have changed
    assert "Tom Reid" in {s.name for s in diary_view.load_diary(db, desk.actor, DAY).caseworkers}


def test_a_venue_day_reads_only_that_venue(db, desk) -> None:
    """The day at one venue asks the database for that venue (its (venue_id, start_at) index),
    not every venue's day to filter afterwards."""
    desk.book(desk.amelia_ref, at(10), desk.jo)
    desk.book(desk.nell_ref, at(10), desk.sam, venue_id=desk.dudley)
    diary_view.load_diary(db, desk.actor, DAY, 1, venue_id=desk.dudley)
    seen = _statements(db)
    data = diary_view.load_diary(db, desk.actor, DAY, 1, venue_id=desk.dudley)
    assert [a.venue_id for a in data.appointments] == [desk.dudley]
    (query,) = [s for s in seen if "FROM appointments" in s]
    assert "appointments.venue_id =" in query
