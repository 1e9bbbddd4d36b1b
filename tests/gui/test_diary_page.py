"""The diary page driven as a receptionist would: views, booking, moving, cancelling, attendance."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit

from divert_desktop.core.clock import FixedClock
from divert_desktop.core.enums import AppointmentStatus, ReferralStatus, Role
from divert_desktop.gui.diary.book_dialog import BookDialog
from divert_desktop.gui.diary.cancel_dialog import CancelDialog
from divert_desktop.gui.diary.diary_page import DiaryPage
from divert_desktop.persistence.models import Appointment, Referral
from divert_desktop.services.context import cli_actor
from divert_desktop.services.diary import booking
from tests.gui.conftest import type_text, wait_idle
from tests.gui.diary_seed import DAY, at, seed_diary


@pytest.fixture
def seeded(sqlite_db: Any) -> dict[str, Any]:
    return seed_diary(sqlite_db)


@pytest.fixture
def page(
    qtbot: Any, sqlite_db: Any, seeded: dict[str, Any], make_actor: Any, runner: Any
) -> DiaryPage:
    diary = DiaryPage(sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    diary.clock = lambda: datetime.combine(DAY, time(17, 30))  # the day's appointments are past
    qtbot.addWidget(diary)
    diary.resize(1300, 860)
    diary.show()
    diary.show_day(DAY)
    wait_idle(qtbot, diary)
    return diary


def before_the_day() -> datetime:
    return datetime.combine(DAY, time(8, 0))


def status_of(db: Any, appointment_id: int) -> AppointmentStatus:
    with db.unit_of_work(write=False) as s:
        return s.execute(
            sa.select(Appointment.status).where(Appointment.id == appointment_id)
        ).scalar_one()


def referral_status(db: Any, referral_id: int) -> ReferralStatus:
    with db.unit_of_work(write=False) as s:
        return s.execute(sa.select(Referral.status).where(Referral.id == referral_id)).scalar_one()


def shown(page: DiaryPage, name: str) -> list[Any]:
    return [a for a in page.canvas.appointments if a.person_name == name]


def column_index(page: DiaryPage, title: str) -> int:
    return [c.title for c in page.canvas.columns].index(title)


def save(qtbot: Any, page: DiaryPage, dialog: Any) -> None:
    """Press the dialog's main button and wait until the diary shows the result."""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    wait_idle(qtbot, page)


def choose_referral(qtbot: Any, dialog: BookDialog, text: str) -> None:
    dialog.search_edit.clear()
    type_text(qtbot, dialog.search_edit, text)
    dialog.search_edit.search_now()
    qtbot.waitUntil(lambda: dialog.referral is not None, timeout=10_000)


def test_day_view_has_a_column_per_caseworker_and_unassigned(page: DiaryPage, seeded: dict) -> None:
    canvas = page.canvas
    assert [c.title for c in canvas.columns] == [
        "Unassigned",  # first: police-booked assessments waiting for a caseworker
        "Jo Bloggs",
        "Priya Lal",
        "Sam Okafor",
    ]
    assert page.heading.text() == "Diary, Wed 2 Dec 2026"
    oskar = seeded["oskar"]
    assert canvas.column_rect(0).contains(canvas.rect_for(oskar.id))  # police-booked, no caseworker
    assert canvas.column_rect(0).right() < canvas.column_rect(1).left()  # drawn leftmost
    zainab = seeded["zainab"]
    assert canvas.column_rect(column_index(page, "Sam Okafor")).contains(canvas.rect_for(zainab.id))
    statuses = {a.person_name: a.status for a in canvas.appointments}
    assert statuses["Callum Vasquez"] == AppointmentStatus.DID_NOT_ATTEND
    assert statuses["Niamh Pemberton"] == AppointmentStatus.CANCELLED_BY_PERSON
    canvas.select(zainab.id)
    assert "Zainab Idowu, young person (under 18)" in canvas.accessibleDescription()
    assert "Status: Arrived" in canvas.accessibleDescription()
    assert page.actions.selected_label.text().startswith("Zainab Idowu, young person (under 18)")
    assert page.actions.attended_button.isEnabled() and not page.actions.arrived_button.isEnabled()


def test_the_hint_under_the_diary_reads_on_one_line_above_the_buttons(
    qtbot: Any, sqlite_db: Any, seeded: dict[str, Any], make_actor: Any, runner: Any
) -> None:
    diary = DiaryPage(sqlite_db, make_actor(sqlite_db, Role.MANAGER), runner)  # every button
    qtbot.addWidget(diary)
    diary.resize(1090, 800)  # the page's width in a 1280 px window, beside the navigation
    diary.show()
    diary.show_day(DAY)
    wait_idle(qtbot, diary)
    label = diary.actions.selected_label
    assert label.text() == "Select an appointment to act on it."
    metrics = label.fontMetrics()
    assert metrics.horizontalAdvance(label.text()) <= label.width()
    assert label.height() < 2 * metrics.lineSpacing()  # one line, not three
    shown = [b for b in diary.actions.buttons.values() if b.isVisible()]
    assert len(shown) == len(diary.actions.buttons)
    assert all(label.geometry().bottom() < b.geometry().top() for b in shown)


def test_venue_filter_shows_only_that_venue(qtbot: Any, page: DiaryPage) -> None:
    qtbot.waitUntil(lambda: page.venue_combo.count() == 8, timeout=10_000)  # all + seven hubs
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.venue_combo.setCurrentIndex(page.venue_combo.findText("Birmingham"))
    assert {a.venue_name for a in page.canvas.appointments} == {"Birmingham"}
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.venue_combo.setCurrentIndex(page.venue_combo.findText("Dudley"))
    assert page.canvas.appointments == []
    assert "at Dudley" in page.canvas.empty_text


def test_book_from_the_button(qtbot: Any, page: DiaryPage, sqlite_db: Any, seeded: dict) -> None:
    page.clock = before_the_day  # the bookings below are in the future
    qtbot.mouseClick(page.book_button, Qt.MouseButton.LeftButton)
    dialog = page.actions.dialog
    assert isinstance(dialog, BookDialog) and dialog.isVisible()
    choose_referral(qtbot, dialog, "ozt")
    assert dialog.referral.police_reference == "WMP-D-00008"
    dialog.caseworker_combo.setCurrentIndex(dialog.caseworker_combo.findText("Sam Okafor"))
    dialog.time_combo.setCurrentIndex(dialog.time_combo.findText("12:00"))
    dialog.venue_combo.setCurrentIndex(dialog.venue_combo.findText("Coventry"))
    save(qtbot, page, dialog)
    [booked] = shown(page, "Siân Öztürk-Jones")
    assert (booked.start_at, booked.caseworker_name, booked.venue_name) == (
        at(12),
        "Sam Okafor",
        "Coventry",
    )
    assert (
        page.status_label.text()
        == "Booked Siân Öztürk-Jones: initial assessment, Wed 2 Dec at 12:00."
    )
    assert page.canvas.selected_id == booked.id
    assert referral_status(sqlite_db, seeded["siân_ref"]) == ReferralStatus.BOOKED


def test_book_by_clicking_free_time(qtbot: Any, page: DiaryPage, seeded: dict) -> None:
    page.clock = before_the_day  # the bookings below are in the future
    canvas = page.canvas
    sam = column_index(page, "Sam Okafor")
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.point_for(sam, at(11, 15)))
    dialog = page.actions.dialog
    assert isinstance(dialog, BookDialog)
    assert dialog.caseworker_combo.currentText() == "Sam Okafor"
    assert dialog.start_at() == at(11, 15)
    choose_referral(qtbot, dialog, "WMP-D-00008")
    save(qtbot, page, dialog)
    [booked] = shown(page, "Siân Öztürk-Jones")
    assert canvas.column_rect(sam).contains(canvas.rect_for(booked.id))


def drag(qtbot: Any, canvas: Any, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    middle = QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2)
    qtbot.mouseMove(canvas, middle)
    qtbot.mouseMove(canvas, end)


def test_move_by_drag_to_another_caseworker_and_time(
    qtbot: Any, page: DiaryPage, sqlite_db: Any, seeded: dict
) -> None:
    page.clock = before_the_day  # the bookings below are in the future
    canvas = page.canvas
    amelia = seeded["amelia"]
    start = canvas.rect_for(amelia.id).topLeft() + QPoint(20, 4)
    target = canvas.point_for(column_index(page, "Priya Lal"), at(11))
    drag(qtbot, canvas, start, target)
    assert canvas.drag_conflicts == []
    assert page.status_label.text() == "11:00 is free."
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=target)
    qtbot.waitUntil(lambda: page.status_label.text().startswith("Moved"), timeout=10_000)
    wait_idle(qtbot, page)
    assert status_of(sqlite_db, amelia.id) == AppointmentStatus.MOVED
    [moved] = shown(page, "Amelia Hartwell")
    assert (moved.start_at, moved.caseworker_name) == (at(11), "Priya Lal")
    assert page.status_label.text() == "Moved Amelia Hartwell's appointment to Wed 2 Dec at 11:00."


def test_drag_onto_a_clash_is_refused_live_and_names_it(
    qtbot: Any,
    page: DiaryPage,
    sqlite_db: Any,
    seeded: dict,
    monkeypatch: Any,
) -> None:
    page.clock = before_the_day  # a clash later today: the service names the next free time
    canvas = page.canvas
    amelia = seeded["amelia"]
    calls: list[Any] = []
    monkeypatch.setattr(page.runner, "run", lambda *a, **k: calls.append(a))  # no DB on drag
    start = canvas.rect_for(amelia.id).topLeft() + QPoint(20, 4)
    target = canvas.point_for(column_index(page, "Jo Bloggs"), at(11, 30))
    drag(qtbot, canvas, start, target)
    assert calls == []
    assert canvas.drag_conflicts == [
        "Jo Bloggs already has an appointment from 11:30 to 12:30 (Initial assessment)"
    ]
    assert "Jo Bloggs already has an appointment from 11:30 to 12:30" in page.status_label.text()
    monkeypatch.undo()  # the drop goes to the service, which has the last word
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=target)
    assert page.status_label.text().startswith("Not moved: Jo Bloggs already has an appointment")
    # The service refuses it too, and names Jo's next free time, as the move dialog does.
    qtbot.waitUntil(
        lambda: "Next free time for Jo Bloggs" in page.status_label.text(), timeout=10_000
    )
    wait_idle(qtbot, page)
    assert page.status_label.text().startswith("Not moved: Jo Bloggs already has an appointment")
    assert status_of(sqlite_db, amelia.id) == AppointmentStatus.BOOKED


def test_a_drag_onto_a_clash_in_the_past_stays_refused_without_asking(
    qtbot: Any, page: DiaryPage, sqlite_db: Any, seeded: dict, monkeypatch: Any
) -> None:
    # The day shown is over: the drop is refused as shown, with no question about moving into
    # the past and no call to the service.
    canvas = page.canvas  # the page's clock: 17:30 on the day shown
    amelia = seeded["amelia"]
    calls: list[Any] = []
    monkeypatch.setattr(page.runner, "run", lambda *a, **k: calls.append(a))
    start = canvas.rect_for(amelia.id).topLeft() + QPoint(20, 4)
    target = canvas.point_for(column_index(page, "Jo Bloggs"), at(11, 30))
    drag(qtbot, canvas, start, target)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=target)
    assert page.status_label.text().startswith("Not moved: Jo Bloggs already has an appointment")
    assert calls == [] and QApplication.activeModalWidget() is None
    assert status_of(sqlite_db, amelia.id) == AppointmentStatus.BOOKED


def test_drag_between_columns_at_the_same_time_assigns_the_caseworker(
    qtbot: Any, page: DiaryPage, sqlite_db: Any, seeded: dict
) -> None:
    canvas = page.canvas
    oskar = seeded["oskar"]
    start = canvas.rect_for(oskar.id).topLeft() + QPoint(20, 4)
    target = QPoint(canvas.column_rect(column_index(page, "Priya Lal")).left() + 20, start.y())
    drag(qtbot, canvas, start, target)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=target)
    qtbot.waitUntil(lambda: "Gave Oskar" in page.status_label.text(), timeout=10_000)
    wait_idle(qtbot, page)
    [assigned] = shown(page, "Oskar Lindqvist")
    assert (assigned.id, assigned.caseworker_name) == (oskar.id, "Priya Lal")
    assert page.status_label.text() == "Gave Oskar Lindqvist's appointment to Priya Lal."


def test_cancel_asks_naming_the_appointment_and_needs_a_reason(
    qtbot: Any, page: DiaryPage, sqlite_db: Any, seeded: dict
) -> None:
    canvas = page.canvas
    amelia = seeded["amelia"]
    canvas.select(amelia.id)
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    dialog = page.actions.dialog
    assert isinstance(dialog, CancelDialog)
    assert (
        dialog.question_label.text()
        == "Cancel Amelia Hartwell's appointment on Wed 2 Dec at 10:00?"
    )
    assert (dialog.confirm_button.text(), dialog.keep_button.text()) == (
        "Cancel appointment",
        "Keep appointment",
    )
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == "Write the reason the appointment was cancelled."
    assert dialog.isVisible()
    dialog.by_provider_radio.setChecked(True)
    qtbot.keyClicks(dialog.reason_edit, "Caseworker off sick")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    wait_idle(qtbot, page)
    [cancelled] = shown(page, "Amelia Hartwell")
    assert cancelled.status == AppointmentStatus.CANCELLED_BY_PROVIDER
    assert (
        page.status_label.text() == "Cancelled Amelia Hartwell's appointment on Wed 2 Dec at 10:00."
    )
    assert referral_status(sqlite_db, seeded["amelia_ref"]) == ReferralStatus.RECEIVED


def test_keep_appointment_changes_nothing(
    qtbot: Any, page: DiaryPage, sqlite_db: Any, seeded: dict
) -> None:
    dialog = page.actions.cancel(seeded["amelia"])
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert status_of(sqlite_db, seeded["amelia"].id) == AppointmentStatus.BOOKED


def test_did_not_attend_then_rebook(
    qtbot: Any, page: DiaryPage, sqlite_db: Any, seeded: dict
) -> None:
    canvas = page.canvas
    amelia = seeded["amelia"]
    canvas.select(amelia.id)
    qtbot.mouseClick(page.actions.did_not_attend_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "did not attend" in page.status_label.text(), timeout=10_000)
    wait_idle(qtbot, page)
    assert (
        page.status_label.text() == "Marked as did not attend: Amelia Hartwell, Wed 2 Dec at 10:00."
    )
    assert canvas.selected.status == AppointmentStatus.DID_NOT_ATTEND
    assert referral_status(sqlite_db, seeded["amelia_ref"]) == ReferralStatus.BOOKED
    assert page.actions.rebook_button.isEnabled()
    qtbot.mouseClick(page.actions.rebook_button, Qt.MouseButton.LeftButton)
    dialog = page.actions.dialog
    assert isinstance(dialog, BookDialog)
    qtbot.waitUntil(lambda: dialog.referral is not None, timeout=10_000)
    assert dialog.referral.police_reference == "WMP-D-00001"
    assert dialog.start_at() == at(10, day=date(2026, 12, 3))  # the next open day, same time
    assert dialog.caseworker_combo.currentText() == "Jo Bloggs"
    save(qtbot, page, dialog)
    assert (
        page.status_label.text()
        == "Booked Amelia Hartwell: initial assessment, Thu 3 Dec at 10:00."
    )
    assert page.day == DAY  # still on the day the user was looking at
    with sqlite_db.unit_of_work(write=False) as s:
        starts = s.execute(
            sa.select(Appointment.start_at, Appointment.status)
            .where(Appointment.referral_id == seeded["amelia_ref"])
            .order_by(Appointment.id)
        ).all()
    assert [tuple(r) for r in starts] == [
        (at(10), AppointmentStatus.DID_NOT_ATTEND),
        (at(10, day=date(2026, 12, 3)), AppointmentStatus.BOOKED),
    ]


def test_arrived_then_attended_makes_the_referral_engaged(
    qtbot: Any, page: DiaryPage, sqlite_db: Any, seeded: dict
) -> None:
    page.canvas.select(seeded["amelia"].id)
    qtbot.mouseClick(page.actions.arrived_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.status_label.text().startswith("Marked as arrived"), timeout=10_000
    )
    wait_idle(qtbot, page)
    qtbot.mouseClick(page.actions.attended_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.status_label.text().startswith("Marked as attended"), timeout=10_000
    )
    wait_idle(qtbot, page)
    assert page.canvas.selected.status == AppointmentStatus.ATTENDED
    assert referral_status(sqlite_db, seeded["amelia_ref"]) == ReferralStatus.ENGAGED


def test_marks_wait_for_the_time_and_a_mistake_can_be_put_back(
    qtbot: Any, page: DiaryPage, sqlite_db: Any, seeded: dict, monkeypatch: Any
) -> None:
    from divert_desktop.gui.diary import actions as actions_module

    a = page.actions
    page.clock = lambda: datetime.combine(DAY - timedelta(days=1), time(16, 0))  # the day before
    page.canvas.select(seeded["amelia"].id)
    assert not a.arrived_button.isEnabled() and not a.attended_button.isEnabled()
    assert not a.did_not_attend_button.isEnabled() and not a.undo_button.isEnabled()
    page.clock = lambda: datetime.combine(DAY, time(9, 50))  # on the day, before 10:00
    page.canvas.select(None)
    page.canvas.select(seeded["amelia"].id)
    assert a.arrived_button.isEnabled() and a.attended_button.isEnabled()
    assert not a.did_not_attend_button.isEnabled()  # not until 10:00
    qtbot.mouseClick(a.attended_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.status_label.text().startswith("Marked as attended"), timeout=10_000
    )
    wait_idle(qtbot, page)
    assert referral_status(sqlite_db, seeded["amelia_ref"]) == ReferralStatus.ENGAGED
    questions: list[str] = []
    monkeypatch.setattr(actions_module, "ask", lambda _p, _t, q, *a: questions.append(q) or True)
    assert a.undo_button.isEnabled()
    qtbot.mouseClick(a.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.status_label.text().startswith("Put back to booked"), timeout=10_000
    )
    wait_idle(qtbot, page)
    assert "back to booked? It is marked as attended now." in questions[0]
    assert status_of(sqlite_db, seeded["amelia"].id) == AppointmentStatus.BOOKED
    assert referral_status(sqlite_db, seeded["amelia_ref"]) == ReferralStatus.BOOKED


def test_double_booking_is_refused_in_the_dialog_naming_the_clash(
    qtbot: Any, page: DiaryPage, sqlite_db: Any
) -> None:
    page.clock = before_the_day  # the bookings below are in the future
    dialog = page.actions.book()
    choose_referral(qtbot, dialog, "WMP-D-00008")
    dialog.caseworker_combo.setCurrentIndex(dialog.caseworker_combo.findText("Jo Bloggs"))
    dialog.time_combo.setCurrentIndex(dialog.time_combo.findText("10:30"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)
    assert "Jo Bloggs already has an appointment from 10:00 to 11:00" in dialog.error_label.text()
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    # a closed day: Christmas Day
    dialog.date_edit.set_date(date(2026, 12, 25))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Christmas Day" in dialog.error_label.text(), timeout=10_000)
    assert "The service is closed on Fri 25 Dec 2026 (Christmas Day)" in dialog.error_label.text()


def test_a_refused_booking_names_the_next_free_time_and_offers_it(
    qtbot: Any, page: DiaryPage, sqlite_db: Any, seeded: dict
) -> None:
    page.clock = before_the_day  # the bookings below are in the future
    dialog = page.actions.book()
    choose_referral(qtbot, dialog, "WMP-D-00008")
    assert not dialog.next_free_button.isVisible()
    dialog.caseworker_combo.setCurrentIndex(dialog.caseworker_combo.findText("Jo Bloggs"))
    dialog.time_combo.setCurrentIndex(dialog.time_combo.findText("10:30"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)
    # Jo is busy 10:00–11:00 and 11:30–12:30: the first hour free from 10:30 on is 12:30
    assert dialog.error_label.text().endswith(
        "Next free time for Jo Bloggs: Wed 2 Dec 2026 at 12:30."
    )
    assert dialog.next_free_button.isVisible()
    assert dialog.next_free_button.text() == "Use the next free time: Wed 2 Dec 2026 at 12:30"
    qtbot.mouseClick(dialog.next_free_button, Qt.MouseButton.LeftButton)
    assert (dialog.date_edit.date(), dialog.time_combo.currentText()) == (DAY, "12:30")
    assert dialog.time_combo.currentIndex() == dialog.time_combo.findText("12:30")  # not added
    assert not dialog.error_label.isVisible() and not dialog.next_free_button.isVisible()
    save(qtbot, page, dialog)
    [booked] = [a for a in page.canvas.appointments if a.start_at == at(12, 30)]
    assert booked.caseworker_name == "Jo Bloggs"
    # moving Jo's 10:00 into 11:30 is refused with the same words (its own hour counts as free)
    dialog = page.actions.move(seeded["amelia"])
    dialog.time_combo.setCurrentIndex(dialog.time_combo.findText("11:00"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)
    assert "Jo Bloggs already has an appointment from 11:30 to 12:30" in dialog.error_label.text()
    assert dialog.error_label.text().endswith(
        "Next free time for Jo Bloggs: Wed 2 Dec 2026 at 13:30."
    )
    dialog.reject_without_asking()


def test_closed_day_is_painted_closed_and_clicks_do_not_book(qtbot: Any, page: DiaryPage) -> None:
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.show_day(date(2026, 12, 25))
    assert {c.closed for c in page.canvas.columns} == {"Christmas Day"}
    canvas = page.canvas
    qtbot.mouseClick(
        canvas, Qt.MouseButton.LeftButton, pos=canvas.point_for(0, datetime(2026, 12, 25, 10))
    )
    assert page.actions.dialog is None
    assert page.status_label.text() == "The service is closed that day (Christmas Day)."


def test_find_a_slot_then_book_it(
    qtbot: Any, page: DiaryPage, sqlite_db: Any, seeded: dict
) -> None:
    sqlite_db.clock = FixedClock(datetime.combine(DAY, time(8, 0)))  # early on the day
    page.clock = sqlite_db.clock.now  # slots are found from the clock's time on
    qtbot.mouseClick(page.find_slot_button, Qt.MouseButton.LeftButton)
    finder = page.actions.dialog
    qtbot.waitUntil(lambda: finder.slots_list.count() > 0, timeout=10_000)
    assert finder.slots_list.count() >= 5
    assert len({s.start_at.date() for s in finder.slots}) >= 2  # options over several days
    finder.slots_list.setCurrentRow(1)
    slot = finder.slots[1]
    qtbot.mouseClick(finder.choose_button, Qt.MouseButton.LeftButton)
    dialog = page.actions.dialog
    assert isinstance(dialog, BookDialog)
    assert dialog.start_at() == slot.start_at
    assert dialog.venue_combo.currentData() == slot.venue_id
    choose_referral(qtbot, dialog, "WMP-D-00008")
    save(qtbot, page, dialog)
    with sqlite_db.unit_of_work(write=False) as s:
        row = s.execute(
            sa.select(Appointment.start_at, Appointment.venue_id).where(
                Appointment.referral_id == seeded["siân_ref"]
            )
        ).one()
    assert tuple(row) == (slot.start_at, slot.venue_id)


def test_keyboard_moves_between_days_and_appointments(
    qtbot: Any, page: DiaryPage, seeded: dict
) -> None:
    canvas = page.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.selected.person_name == "Zainab Idowu"  # 09:30, the first of the day
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.selected.start_at == at(10)
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    assert canvas.selected.person_name == "Zainab Idowu"
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert page.day == DAY + timedelta(days=1)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert page.day == DAY
    canvas.select(seeded["amelia"].id)
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    menu = page.actions.menu
    assert menu is not None and menu.isVisible()
    assert "Amelia Hartwell" in menu.actions()[0].text()
    menu.close()
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.keyClick(canvas, Qt.Key.Key_T)
    assert page.day == page.clock().date()


def test_every_control_has_an_accessible_name_and_the_canvas_takes_focus(page: DiaryPage) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit

    from divert_desktop.gui.widgets import name_controls

    name_controls(page)  # as the main window does for every page
    for kind in (QAbstractButton, QComboBox, QLineEdit):
        for widget in page.findChildren(kind):
            if widget.isVisible():
                assert widget.accessibleName(), widget.objectName()
    assert page.canvas.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert page.canvas.accessibleName() == "Diary"


def test_refresh_picks_up_other_workstations_and_keeps_the_selection(
    qtbot: Any, page: DiaryPage, sqlite_db: Any, seeded: dict
) -> None:
    page.canvas.select(seeded["tomasz"].id)
    scroll = page.scroll.verticalScrollBar().value()
    booking.book_appointment(
        sqlite_db,
        cli_actor(),
        referral_id=seeded["siân_ref"],
        start_at=at(16),
        caseworker_id=seeded["sam"],
        venue_id=seeded["coventry"],
    )  # another workstation
    page.refresh_quietly()
    wait_idle(qtbot, page)
    assert shown(page, "Siân Öztürk-Jones")
    assert page.canvas.selected_id == seeded["tomasz"].id
    assert page.day == DAY and page.scroll.verticalScrollBar().value() == scroll
    assert page.refresh_timer.isActive() and page.refresh_timer.interval() == 30_000


def test_an_older_query_result_is_dropped(qtbot: Any, page: DiaryPage) -> None:
    page.show_day(DAY + timedelta(days=1))
    page.show_day(DAY)
    wait_idle(qtbot, page)
    assert page.data.first == DAY
    assert shown(page, "Amelia Hartwell")


def test_week_view_for_a_caseworker_and_for_a_venue(
    qtbot: Any, page: DiaryPage, seeded: dict
) -> None:
    page.set_view("week")
    qtbot.waitUntil(lambda: page.week_combo.count() > 0, timeout=10_000)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.week_combo.setCurrentIndex(page.week_combo.findText("Caseworker: Jo Bloggs"))
    canvas = page.canvas
    assert [c.title for c in canvas.columns][:3] == ["Mon 30 Nov", "Tue 1 Dec", "Wed 2 Dec"]
    assert canvas.columns[5].closed == "Weekend"
    assert {a.person_name for a in canvas.appointments} == {
        "Amelia Hartwell",
        "Tomasz Brindley",
        "Kwame Okonjo",
    }
    assert canvas.column_rect(2).contains(canvas.rect_for(seeded["amelia"].id))
    assert page.heading.text() == "Diary, week of Mon 30 Nov 2026 to Sun 6 Dec 2026"
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.week_combo.setCurrentIndex(page.week_combo.findText("Venue: Birmingham"))
    assert {a.venue_name for a in canvas.appointments} == {"Birmingham"}
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.day == DAY + timedelta(days=7)


def test_typed_date_and_previous_next_today(qtbot: Any, page: DiaryPage) -> None:
    page.date_edit.selectAll()
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.keyClicks(page.date_edit, "3/12/2026")
        qtbot.keyClick(page.date_edit, Qt.Key.Key_Return)
    assert page.day == date(2026, 12, 3) and page.heading.text() == "Diary, Thu 3 Dec 2026"
    page.date_edit.selectAll()
    qtbot.keyClicks(page.date_edit, "31/02/2026")
    qtbot.keyClick(page.date_edit, Qt.Key.Key_Return)
    assert page.date_error_label.isVisible() and page.day == date(2026, 12, 3)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    assert page.day == DAY
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(page.today_button, Qt.MouseButton.LeftButton)
    assert page.day == page.clock().date() and not page.date_error_label.isVisible()


def test_print_day_sheet_saves_a_pdf_for_a_venue(
    qtbot: Any, page: DiaryPage, tmp_path: Any
) -> None:
    from pypdf import PdfReader

    qtbot.mouseClick(page.day_sheet_button, Qt.MouseButton.LeftButton)
    dialog = page.actions.dialog
    dialog.for_combo.setCurrentIndex(dialog.for_combo.findText("Venue: Coventry"))
    target = tmp_path / "sheet.pdf"
    with qtbot.waitSignal(dialog.sig_saved, timeout=15_000):
        dialog.save_to(str(target))
    text = PdfReader(str(target)).pages[0].extract_text()
    for expected in (
        "Wednesday 2 December 2026",
        "Venue: Coventry",
        "Amelia Hartwell",
        "10:00–11:00",
        "Jo Bloggs",
        "Page 1 of 1",
    ):
        assert expected in text
    assert "Zainab" not in text  # Birmingham's
    assert page.status_label.text() == f"Saved the day sheet to {target}."


def test_the_front_desk_prints_every_venue_in_one_day_sheet(
    qtbot: Any, page: DiaryPage, sqlite_db: Any, tmp_path: Any
) -> None:
    """All venues (the choice the diary's all-venues day view starts on): each venue's heading
    and appointments in one PDF, venue after venue, then the phone and video appointments."""
    from pypdf import PdfReader

    from divert_desktop.persistence.models import Venue

    qtbot.mouseClick(page.day_sheet_button, Qt.MouseButton.LeftButton)
    dialog = page.actions.dialog
    assert dialog.for_combo.currentText() == "All venues"
    assert dialog.message_label.text().startswith("Every venue's appointments in one sheet")
    assert dialog.suggested_name() == "day-sheet-2026-12-02-all-venues.pdf"
    target = tmp_path / "all.pdf"
    with qtbot.waitSignal(dialog.sig_saved, timeout=15_000):
        dialog.save_to(str(target))
    text = "\n".join(p.extract_text() for p in PdfReader(str(target)).pages)
    with sqlite_db.unit_of_work(write=False) as session:
        venues = session.execute(sa.select(Venue.name).order_by(Venue.name)).scalars().all()
    headings = [text.index(f"Venue: {name}\n") for name in venues]  # every venue, by name
    assert headings == sorted(headings) and len(venues) >= 7
    assert "Venue: All venues" in text and "8 appointments\n" in text
    birmingham, coventry = (text.index(f"Venue: {v}\n") for v in ("Birmingham", "Coventry"))
    for person in ("Zainab Idowu", "Oskar Lindqvist", "Callum Vasquez"):  # Birmingham's
        assert birmingham < text.index(person) < coventry, person
    after = min(h for h in headings if h > coventry)
    for person in ("Amelia Hartwell", "Tomasz Brindley", "Niamh Pemberton"):  # Coventry's
        assert coventry < text.index(person) < after, person
    elsewhere = text.index("Not at a venue: phone, video and outreach")
    assert elsewhere > max(headings) and text.index("Kwame Okonjo") > elsewhere
    assert "Jo Bloggs (Phone)" in text and "Venue: Walsall\nNo appointments." in text
    assert page.status_label.text() == f"Saved the day sheet to {target}."


def test_print_day_sheet_sends_every_page_to_the_printer(
    qtbot: Any, page: DiaryPage, tmp_path: Any
) -> None:
    """The Print… path with a real QPrinter (printing to a file, as a PDF printer driver
    would): the sheet's pages are rendered by Qt PDF and painted onto the printer."""
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    qtbot.mouseClick(page.day_sheet_button, Qt.MouseButton.LeftButton)
    dialog = page.actions.dialog
    assert dialog.print_button.isDefault()
    dialog.for_combo.setCurrentIndex(dialog.for_combo.findText("Venue: Coventry"))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    with qtbot.waitSignal(dialog.accepted, timeout=15_000):
        dialog.print_sheet(printer)
    assert len(PdfReader(str(target)).pages) == 1
    assert page.status_label.text() == "Sent the day sheet (1 page) to the printer."


def test_move_and_assign_through_the_move_dialog(
    qtbot: Any, page: DiaryPage, sqlite_db: Any, seeded: dict
) -> None:
    page.clock = before_the_day  # the bookings below are in the future
    page.canvas.select(seeded["oskar"].id)
    qtbot.mouseClick(page.actions.move_button, Qt.MouseButton.LeftButton)
    dialog = page.actions.dialog
    assert isinstance(dialog, BookDialog) and dialog.objectName() == "move_dialog"
    assert dialog.caseworker_combo.currentText() == "Unassigned (no caseworker yet)"
    dialog.caseworker_combo.setCurrentIndex(dialog.caseworker_combo.findText("Priya Lal"))
    save(qtbot, page, dialog)  # same time: the appointment is given to Priya, not moved
    assert page.status_label.text() == "Gave Oskar Lindqvist's appointment to Priya Lal."
    [oskar] = shown(page, "Oskar Lindqvist")
    assert (oskar.id, oskar.caseworker_name) == (seeded["oskar"].id, "Priya Lal")
    dialog = page.actions.move(oskar)
    dialog.time_combo.setCurrentIndex(dialog.time_combo.findText("12:30"))
    save(qtbot, page, dialog)
    [moved] = shown(page, "Oskar Lindqvist")
    assert (moved.start_at, moved.caseworker_name) == (at(12, 30), "Priya Lal")
    assert status_of(sqlite_db, oskar.id) == AppointmentStatus.MOVED


def answer_question(button_name: str, seen: list[str]) -> None:
    """When the question box comes up (it blocks in its own event loop), note its text and
    click one of its buttons as the user would."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

    def look() -> None:
        box = next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()
            ),
            None,
        )
        if box is None:
            QTimer.singleShot(20, look)
            return
        seen.append(box.text())
        button = box.findChild(QPushButton, button_name)
        seen.append(button.text())
        button.click()

    QTimer.singleShot(0, look)


def test_booking_a_time_that_has_passed_asks_first(
    qtbot: Any, page: DiaryPage, sqlite_db: Any, seeded: dict
) -> None:
    # The page's clock is 17:30 on the diary day: 12:00 has already passed.
    qtbot.mouseClick(page.book_button, Qt.MouseButton.LeftButton)
    dialog = page.actions.dialog
    choose_referral(qtbot, dialog, "ozt")
    dialog.time_combo.setCurrentIndex(dialog.time_combo.findText("12:00"))
    seen: list[str] = []
    answer_question("keep_button", seen)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    assert seen[0].startswith(
        "That time has already passed: Wed 2 Dec 2026 at 12:00 is before now (17:30). "
        "Book it anyway?"
    )
    assert seen[1] == "Choose another time"
    assert dialog.isVisible() and dialog.save_button.isEnabled() and not dialog.saving
    assert shown(page, "Siân Öztürk-Jones") == []  # nothing booked
    seen.clear()
    answer_question("confirm_button", seen)
    save(qtbot, page, dialog)
    assert seen[1] == "Book in the past"
    [booked] = shown(page, "Siân Öztürk-Jones")
    assert booked.start_at == at(12)


def test_a_future_booking_is_not_questioned(
    qtbot: Any, page: DiaryPage, sqlite_db: Any, seeded: dict
) -> None:
    page.clock = before_the_day
    dialog = page.actions.book()
    choose_referral(qtbot, dialog, "ozt")
    dialog.time_combo.setCurrentIndex(dialog.time_combo.findText("12:00"))
    save(qtbot, page, dialog)  # no question box: it would block this test
    assert [a.start_at for a in shown(page, "Siân Öztürk-Jones")] == [at(12)]


def test_dragging_an_appointment_into_the_past_asks_first(
    qtbot: Any, page: DiaryPage, sqlite_db: Any, seeded: dict
) -> None:
    page.clock = lambda: datetime.combine(DAY, time(9, 45))
    canvas = page.canvas
    amelia = seeded["amelia"]  # 10:00, still to come
    start = canvas.rect_for(amelia.id).topLeft() + QPoint(20, 4)
    target = canvas.point_for(column_index(page, "Priya Lal"), at(9))
    drag(qtbot, canvas, start, target)
    seen: list[str] = []
    answer_question("keep_button", seen)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=target)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    assert seen[0].startswith("That time has already passed: Wed 2 Dec 2026 at 09:00")
    assert "Move the appointment to that time anyway?" in seen[0]
    assert page.status_label.text() == "The appointment was not moved."
    assert status_of(sqlite_db, amelia.id) == AppointmentStatus.BOOKED


def test_the_move_dialog_shows_only_labelled_fields(
    qtbot: Any, page: DiaryPage, seeded: dict
) -> None:
    from PySide6.QtWidgets import QFormLayout, QListWidget, QSpinBox, QWidget

    page.canvas.select(seeded["oskar"].id)
    qtbot.mouseClick(page.actions.move_button, Qt.MouseButton.LeftButton)
    dialog = page.actions.dialog
    qtbot.waitExposed(dialog)
    form = dialog.findChild(QFormLayout)
    inputs = [
        w
        for w in dialog.findChildren(QWidget)
        if w.parentWidget() is dialog
        and w.isVisible()
        and isinstance(w, (QLineEdit, QComboBox, QListWidget, QSpinBox))
    ]
    assert sorted(w.objectName() for w in inputs) == [
        "caseworker_combo",
        "date_edit",
        "length_spin",
        "time_combo",
        "venue_combo",
    ]
    for widget in inputs:
        assert form.labelForField(widget) is not None, widget.objectName()
    for stray in (
        dialog.search_edit,
        dialog.referral_list,
        dialog.type_combo,
        dialog.place_combo,
        dialog.detail_edit,
    ):
        assert not stray.isVisible()
    dialog.reject()


def badge_checks(qtbot: Any, canvas: Any, appointment_id: int) -> None:
    """The U18 badge is painted on the block (its colour is on the canvas), and hovering it
    says what it means."""
    from divert_desktop.gui.diary.canvas import BADGE_FILL, YOUNG_BADGE

    badge = canvas.badge_rect(appointment_id)
    assert badge is not None and canvas.rect_for(appointment_id).contains(badge)
    image = canvas.grab().toImage()
    corner = badge.topLeft() + QPoint(2, badge.height() // 2)
    assert image.pixelColor(corner).name() == BADGE_FILL.name()
    assert badge.width() >= canvas.fontMetrics().horizontalAdvance(YOUNG_BADGE)
    qtbot.mouseMove(canvas, badge.center())
    qtbot.waitUntil(lambda: canvas.toolTip() == "Young person (under 18)", timeout=5_000)
    elsewhere = canvas.rect_for(appointment_id).bottomLeft() + QPoint(20, -4)
    assert canvas.tooltip_at(elsewhere).startswith("Zainab Idowu, young person (under 18): ")


def test_a_young_person_has_a_u18_badge_in_the_day_and_week_views(
    qtbot: Any, page: DiaryPage, seeded: dict
) -> None:
    zainab, amelia = seeded["zainab"].id, seeded["amelia"].id
    badge_checks(qtbot, page.canvas, zainab)
    assert page.canvas.badge_rect(amelia) is None  # adults have none
    page.set_view("week")
    qtbot.waitUntil(lambda: page.week_combo.count() > 0, timeout=10_000)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.week_combo.setCurrentIndex(page.week_combo.findText("Caseworker: Sam Okafor"))
    badge_checks(qtbot, page.canvas, zainab)


def test_the_day_at_one_venue_asks_for_that_venue_only() -> None:
    """Issue 18: the page loaded every venue's day and filtered it; it now asks for the venue."""
    from datetime import date

    from divert_desktop.gui.diary.diary_page import DAY, WEEK, diary_request

    day = date(2026, 12, 2)
    assert diary_request(DAY, day, 3, None) == (day, 1, {"venue_id": 3})
    assert diary_request(DAY, day, None, None) == (day, 1, {})
    assert diary_request(WEEK, day, 3, ("caseworker", 7)) == (
        date(2026, 11, 30),
        7,
        {"caseworker_id": 7},
    )
