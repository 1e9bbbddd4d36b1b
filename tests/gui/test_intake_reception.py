"""The intake screen after a new receptionist's trial: closed days explained next to the
appointment with the next open day, the appropriate adult's required fields marked, and the
person's area and address saved on their record."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import Qt

from divert_desktop.core.calendar import open_days
from divert_desktop.core.enums import LocalAuthority, Role
from divert_desktop.core.validation import format_date
from divert_desktop.persistence.models import AuditEvent, Closure, Person, Venue
from divert_desktop.services.lists import person_record
from tests.clock import CLOCK
from tests.gui.intake_helpers import (
    checked,
    choose,
    fill,
    fill_referral,
    open_day,
    open_intake,
    referral_row,
    save,
    seed_referral,
    tick,
    typed_date,
    years_ago,
)

LEFT = Qt.MouseButton.LeftButton


def next_weekday(weekday: int, days_ahead: int = 3) -> date:
    day = CLOCK.today() + timedelta(days=days_ahead)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


def person_row(db: Any, person_id: int) -> Any:
    with db.unit_of_work(write=False) as session:
        return session.get(Person, person_id)


def test_a_saturday_is_explained_next_to_the_appointment_and_the_next_open_day_offered(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    u = dialog.ui
    fill_referral(qtbot, dialog)
    saturday = next_weekday(5)
    monday = open_days(saturday, 1)[0]
    assert not u.next_open_day_button.isVisible()
    fill(qtbot, u.appointment_datetime_edit, f"{typed_date(saturday)} 10:00")
    choose(u.appointment_venue_combo, "Dudley")
    message = u.appointment_datetime_error_label.text()
    assert u.appointment_datetime_error_label.isVisible()
    assert message == (
        f"The service is closed on {format_date(saturday)} (Weekend). "
        f"The next open day is {format_date(monday)}."
    )
    button = u.next_open_day_button
    assert button.isVisible() and button.text() == f"Use {format_date(monday)} at 10:00"
    qtbot.mouseClick(u.save_button, LEFT)  # refused here, before the database is asked
    qtbot.waitUntil(lambda: dialog.summary.visible, timeout=10_000)
    assert dialog.summary.messages["appointment_datetime"] == message
    assert referral_row(sqlite_db, "WMP-2026-013377") is None
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)  # reachable by keyboard
    assert u.appointment_datetime_edit.text() == f"{typed_date(monday)} 10:00"
    assert u.appointment_datetime_error_label.isHidden() and not button.isVisible()
    checked(qtbot, dialog)
    saved = save(qtbot, dialog)
    assert saved.referral.appointment_start == datetime.combine(monday, time(10))


def test_a_bank_holiday_is_named_with_the_next_open_day(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    u = dialog.ui
    today = CLOCK.today()
    christmas = date(today.year if today < date(today.year, 12, 20) else today.year + 1, 12, 25)
    fill_referral(qtbot, dialog)
    fill(qtbot, u.appointment_datetime_edit, f"{typed_date(christmas)} 14:30")
    following = open_days(christmas, 1)[0]
    assert u.appointment_datetime_error_label.text() == (
        f"The service is closed on {format_date(christmas)} (Christmas Day). "
        f"The next open day is {format_date(following)}."
    )
    assert u.next_open_day_button.text() == f"Use {format_date(following)} at 14:30"


def test_a_venue_closure_refused_on_saving_is_shown_next_to_the_appointment(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    day = open_day(3)
    with sqlite_db.unit_of_work() as session:
        dudley = session.execute(sa.select(Venue.id).where(Venue.name == "Dudley")).scalar_one()
        session.add(Closure(day=day, venue_id=dudley, reason="Staff training", created_by="t"))
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    u = dialog.ui
    fill_referral(qtbot, dialog)
    fill(qtbot, u.appointment_datetime_edit, f"{typed_date(day)} 10:00")
    choose(u.appointment_venue_combo, "Dudley")
    assert u.appointment_datetime_error_label.isHidden()  # only the database knows this one
    checked(qtbot, dialog)
    qtbot.mouseClick(u.save_button, LEFT)
    qtbot.waitUntil(lambda: u.appointment_datetime_error_label.isVisible(), timeout=10_000)
    following = open_days(day + timedelta(days=1), 1)[0]  # the refusal names the next free time
    expected = (
        f"The service is closed on {format_date(day)} (Dudley: Staff training). "
        f"Next free time at Dudley: {format_date(following)} at 09:00."
    )
    assert u.appointment_datetime_error_label.text() == expected
    assert dialog.summary.messages == {"appointment_datetime": expected}
    assert referral_row(sqlite_db, "WMP-2026-013377") is None


def test_a_young_persons_adult_name_and_relationship_are_marked_required(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    u = dialog.ui
    fill_referral(qtbot, dialog, born=years_ago(15))
    assert u.appropriate_adult_group.isVisible()
    for name, words in (("name", "Name"), ("relationship", "Relationship")):
        label = getattr(u, f"appropriate_adult_{name}_label")
        edit = getattr(u, f"appropriate_adult_{name}_edit")
        assert label.text() == f"{words} *"
        assert label.toolTip().startswith("Required: the person is under 18 on the referral date")
        assert edit.toolTip() == label.toolTip()
        assert edit.accessibleName().endswith("(required)")
    assert u.appropriate_adult_phone_label.text() == "Phone"  # optional
    tick(qtbot, u.no_adult_check)
    assert u.appropriate_adult_name_label.text() == "Name"
    assert (
        u.appropriate_adult_name_label.toolTip() == "Not needed: no appropriate adult was present"
    )


def test_a_new_person_gets_the_referral_area_and_the_address_typed(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    dialog = open_intake(qtbot, sqlite_db, actor, runner)
    u = dialog.ui
    fill_referral(qtbot, dialog, area="Walsall", postcode="WS1 1AA")
    fill(qtbot, u.address_line1_edit, "12  Park Street")
    fill(qtbot, u.town_edit, "Walsall")
    for name in ("address_line1", "address_line2", "town"):
        edit = getattr(u, f"{name}_edit")
        assert edit.accessibleName() and dialog.findChild(type(u.postcode_label), f"{name}_label")
    checked(qtbot, dialog)
    saved = save(qtbot, dialog)
    assert saved.referral.new_person and saved.person_note is None
    person = person_row(sqlite_db, saved.referral.person_id)
    assert person.local_authority == LocalAuthority.WALSALL
    assert (person.address_line1, person.address_line2, person.town, person.postcode) == (
        "12 Park Street",
        None,
        "Walsall",
        "WS1 1AA",
    )
    record = person_record(sqlite_db, actor, person.id)
    assert record.contact.area == "Walsall"  # no longer "Not recorded"
    with sqlite_db.unit_of_work(write=False) as session:
        audit = session.execute(
            sa.select(AuditEvent.details).where(
                AuditEvent.action == "person.update", AuditEvent.person_id == person.id
            )
        ).scalar_one()
    assert audit["after"]["address_line1"] == "12 Park Street"
    assert audit["source"] == "referral intake"


def test_a_linked_person_keeps_the_address_on_record_and_the_user_is_told(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    born = years_ago(30)
    other = seed_referral(
        sqlite_db, "WMP-2025-007310", "Orla", "Fennimore", born, postcode="DY1 1HF"
    )
    with sqlite_db.unit_of_work() as session:
        session.execute(
            sa.update(Person)
            .where(Person.id == other.person_id)
            .values(address_line1="3 Castle Hill", town="Dudley", local_authority=None)
        )
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    u = dialog.ui
    fill_referral(qtbot, dialog, born=born, area="Sandwell", postcode="B70 7AA")
    fill(qtbot, u.address_line1_edit, "9 New Road")
    checked(qtbot, dialog)
    tick(qtbot, u.same_person_radio)
    saved = save(qtbot, dialog)
    assert saved.referral.person_id == other.person_id
    person = person_row(sqlite_db, other.person_id)
    assert (person.address_line1, person.town, person.postcode) == (
        "3 Castle Hill",
        "Dudley",
        "DY1 1HF",
    )
    assert person.local_authority == LocalAuthority.SANDWELL  # had none: the referral's area
    assert dialog.message.endswith(
        "The address typed was not saved: Orla Fennimore's record already has a different "
        "address. Check it on their record."
    )
