"""Today: one-click arrival, attendance and DNA; waiting referrals; duplicate review; refresh."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import Qt

from divert_desktop.core.enums import AppointmentStatus, ReferralStatus, Role
from divert_desktop.persistence.models import Appointment, Person, PossibleDuplicate, Referral
from tests.clock import CLOCK
from tests.gui.conftest import wait_idle
from tests.gui.test_people_and_admin import window_for


def column(table: Any, index: int) -> list[str]:
    model = table.model
    return [model.index(r, index).data() for r in range(model.rowCount())]


def today_page(qtbot: Any, db: Any, make_actor: Any, runner: Any) -> tuple[Any, Any]:
    window = window_for(qtbot, db, make_actor(db, Role.RECEPTIONIST), runner)
    page = window.show_page("today")
    # After the 14:00 appointment of the test data, whatever the time the tests run.
    page.clock = lambda: datetime.combine(CLOCK.today(), time(15, 0))
    wait_idle(qtbot, page)
    return window, page


def statuses(db: Any) -> tuple[Any, Any]:
    with db.unit_of_work(write=False) as session:
        appointment = session.execute(sa.select(Appointment.status)).scalar_one()
        referral = session.execute(
            sa.select(Referral.status).where(Referral.police_reference == "WMP-T-000001")
        ).scalar_one()
    return appointment, referral


def test_arrival_by_keyboard_then_attended_updates_the_row_and_engages(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    _window, page = today_page(qtbot, mixed_db, make_actor, runner)
    page.appointments.view.setFocus()
    page.appointments.view.selectRow(0)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.keyClick(page, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # "Mark &arrived"
    assert column(page.appointments, 5) == ["Arrived"]
    assert page.appointments.current_row() is not None  # the selection stays on the row
    assert not page.arrived_button.isEnabled() and page.attended_button.isEnabled()
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(page.attended_button, Qt.MouseButton.LeftButton)
    assert column(page.appointments, 5) == ["Attended"]
    assert statuses(mixed_db) == (AppointmentStatus.ATTENDED, ReferralStatus.ENGAGED)
    assert not page.attended_button.isEnabled() and not page.did_not_attend_button.isEnabled()


def test_did_not_attend(qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any) -> None:
    _window, page = today_page(qtbot, mixed_db, make_actor, runner)
    page.appointments.view.selectRow(0)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(page.did_not_attend_button, Qt.MouseButton.LeftButton)
    assert column(page.appointments, 5) == ["Did not attend"]
    assert statuses(mixed_db)[0] is AppointmentStatus.DID_NOT_ATTEND


def test_waiting_referrals_oldest_first_with_days_left(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    with mixed_db.unit_of_work() as session:  # make one referral older than the rest
        referral = session.execute(
            sa.select(Referral).where(Referral.police_reference == "WMP-T-000009")
        ).scalar_one()
        referral.referral_datetime = referral.referral_datetime.replace(day=1, month=1)
        referral.engagement_deadline = CLOCK.today()
    _window, page = today_page(qtbot, mixed_db, make_actor, runner)
    assert column(page.waiting, 1)[0] == "WMP-T-000009"
    assert column(page.waiting, 4)[0] == "Last day today"
    assert all(text == "39 days left" for text in column(page.waiting, 4)[1:])
    received = [row.received_at for row in page.waiting.model.rows]
    assert received == sorted(received)
    assert page.waiting.current_row().police_reference == "WMP-T-000009"  # ready to book
    assert page.book_button.isEnabled() and page.waiting_record_button.isEnabled()


def test_selection_is_kept_when_the_page_refreshes(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    _window, page = today_page(qtbot, mixed_db, make_actor, runner)
    page.waiting.view.selectRow(3)
    chosen = page.waiting.current_row().referral_id
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page._auto_refresh()
    assert page.waiting.current_row().referral_id == chosen


def test_duplicate_review_marks_not_the_same(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    with mixed_db.unit_of_work() as session:
        ids = session.execute(sa.select(Person.id).order_by(Person.id).limit(2)).scalars().all()
        session.add(
            PossibleDuplicate(
                person_id=ids[1],
                candidate_id=ids[0],
                score=75,
                reasons="Same date of birth, similar name",
            )
        )
    window, page = today_page(qtbot, mixed_db, make_actor, runner)
    assert page.tabs.tabText(1) == "Possible duplicates to review (1)"
    assert page.duplicates.current_row() is not None  # the first is selected, ready to review
    page.tabs.setCurrentIndex(1)
    page.duplicates.view.selectRow(0)
    assert page.not_same_button.isEnabled() and page.compare_button.isEnabled()
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(page.not_same_button, Qt.MouseButton.LeftButton)
    assert page.duplicates.showing_empty_state
    assert page.tabs.tabText(1) == "Possible duplicates to review (0)"
    assert window.ui.status_bar.currentMessage() == "Marked as two different people."
    with mixed_db.unit_of_work(write=False) as session:
        assert session.execute(sa.select(PossibleDuplicate.status)).scalar_one() == "not_same"


def test_compare_opens_both_records(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    from divert_desktop.gui.people.record_dialog import PersonDialog

    with mixed_db.unit_of_work() as session:
        ids = session.execute(sa.select(Person.id).order_by(Person.id).limit(2)).scalars().all()
        session.add(
            PossibleDuplicate(
                person_id=ids[1], candidate_id=ids[0], score=75, reasons="Same date of birth"
            )
        )
    _window, page = today_page(qtbot, mixed_db, make_actor, runner)
    page.tabs.setCurrentIndex(1)
    page.duplicates.view.selectRow(0)
    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(page.findChildren(PersonDialog)) == 2, timeout=10_000)
    shown = sorted(d.record.id for d in page.findChildren(PersonDialog))
    assert shown == sorted(ids)
    for dialog in page.findChildren(PersonDialog):
        assert dialog.windowTitle() == "Person's record"
        dialog.close()


def test_book_opens_find_a_slot_for_the_waiting_referral(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    from PySide6.QtWidgets import QDialog

    _window, page = today_page(qtbot, mixed_db, make_actor, runner)
    page.waiting.view.selectRow(0)
    qtbot.mouseClick(page.book_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(QDialog, "find_slot_dialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Find a slot"
    dialog.reject()


def test_needs_rebooking_opens_find_a_slot_at_the_venue_from_the_time_asked_for(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    from datetime import timedelta

    from PySide6.QtWidgets import QDialog

    from divert_desktop.persistence.models import Venue

    asked = datetime.combine(CLOCK.today() + timedelta(days=20), time(10, 0))
    with mixed_db.unit_of_work() as s:
        walsall = s.execute(sa.select(Venue.id).where(Venue.name == "Walsall")).scalar_one()
        referral = s.execute(
            sa.select(Referral).where(Referral.status == ReferralStatus.RECEIVED).limit(1)
        ).scalar_one()
        referral.rebook_requested_at = asked
        referral.rebook_venue = "Walsall"
        referral.rebook_reason = "The service is closed on that day (Staff training)"
        reference = referral.police_reference
    _window, page = today_page(qtbot, mixed_db, make_actor, runner)
    assert page.tabs.tabText(4) == "Needs rebooking (1)"
    assert column(page.rebooking, 2) == [reference]
    assert "Staff training" in column(page.rebooking, 5)[0]
    page.tabs.setCurrentIndex(4)
    page.rebooking.view.selectRow(0)
    qtbot.mouseClick(page.rebook_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(QDialog, "find_slot_dialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.from_edit.date() == asked.date()
    qtbot.waitUntil(lambda: dialog.venue_combo.currentData() == walsall, timeout=10_000)
    dialog.reject()
