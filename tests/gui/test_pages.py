"""Today, Diary, Referrals and Reports pages, driven as a user would."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import Qt

from divert_desktop.core.enums import AppointmentStatus, ReferralStatus, Role
from divert_desktop.core.validation import format_date
from divert_desktop.gui.shell.main_window import MainWindow
from divert_desktop.persistence.models import Appointment, Referral
from tests.clock import CLOCK
from tests.gui.conftest import type_text, wait_idle


def window_for(qtbot: Any, db: Any, actor: Any, runner: Any) -> MainWindow:
    window = MainWindow(db, actor, runner)
    qtbot.addWidget(window)
    window.show()
    return window


def column(table: Any, index: int) -> list[str]:
    model = table.model
    return [model.index(r, index).data() for r in range(model.rowCount())]


def test_today_lists_appointments_waiting_referrals_and_missing_adults(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.RECEPTIONIST), runner)
    page = window.show_page("today")
    wait_idle(qtbot, page)
    assert page.heading.text() == f"Today, {format_date(CLOCK.today())}"
    assert column(page.appointments, 1) == ["Siân Öztürk-Jones"]
    assert column(page.appointments, 0) == ["14:00–15:00"]
    assert column(page.appointments, 5) == ["Booked"]  # a word, not only a colour
    assert page.appointments_label.text() == "Appointments today (1)"
    assert page.waiting.model.rowCount() == 7  # received, not booked (ineligible ones excluded)
    assert column(page.waiting, 4)[0].endswith("days left")
    received = [row.received_at for row in page.waiting.model.rows]
    assert received == sorted(received)  # oldest first
    assert page.tabs.tabText(0) == "Waiting to be booked (7)"
    assert column(page.missing_adult, 4) == ["No appropriate adult recorded"]
    assert page.duplicates.showing_empty_state
    assert "Nothing to review" in page.duplicates.empty_label.text()


def test_today_marks_arrival_then_attendance(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.RECEPTIONIST), runner)
    page = window.show_page("today")
    wait_idle(qtbot, page)
    assert not page.arrived_button.isEnabled()
    page.appointments.view.selectRow(0)
    assert page.arrived_button.isEnabled() and page.attended_button.isEnabled()
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(page.arrived_button, Qt.MouseButton.LeftButton)
    assert column(page.appointments, 5) == ["Arrived"]
    assert window.ui.status_bar.currentMessage().startswith("Marked as arrived: Siân")
    page.appointments.view.selectRow(0)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(page.attended_button, Qt.MouseButton.LeftButton)
    with mixed_db.unit_of_work(write=False) as session:
        appointment = session.execute(sa.select(Appointment.status)).scalar_one()
        referral = session.execute(
            sa.select(Referral.status).where(Referral.police_reference == "WMP-T-000001")
        ).scalar_one()
    assert appointment is AppointmentStatus.ATTENDED
    assert referral is ReferralStatus.ENGAGED


# The diary's page tests live in tests/gui/test_diary_page.py.


def test_referrals_filter_by_status_and_search(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.RECEPTIONIST), runner)
    page = window.show_page("referrals")
    wait_idle(qtbot, page)
    assert page.table.model.rowCount() == 10
    assert page.import_button.isVisible()
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.status_combo.setCurrentIndex(page.status_combo.findData("ineligible"))
    assert column(page.table, 4) == ["Ineligible", "Ineligible"]
    young = [row.police_reference for row in page.table.model.rows if row.young_person]
    assert young == ["WMP-T-000002"]
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.status_combo.setCurrentIndex(0)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        type_text(qtbot, page.search_edit, "wmp-t-000007")
    assert column(page.table, 0) == ["WMP-T-000007"]
    page.search_edit.clear()
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        type_text(qtbot, page.search_edit, "Nobody Here")
    assert page.table.showing_empty_state
    assert "Clear the search" in page.table.empty_label.text()


def test_reports_show_headline_counts_for_a_period(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.MANAGER), runner)
    page = window.show_page("reports")
    page.from_edit.set_date(CLOCK.today() - timedelta(days=10))
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    figures = dict(zip(column(page.table, 0), column(page.table, 1), strict=True))
    assert figures["Referrals"] == "10"
    assert figures["Eligible"] == "8"
    assert figures["Ineligible"] == "2"
    assert figures["      Ineligible: intent to supply"] == "1"
    assert figures["Booked"] == "1"
    assert figures["Young people (under 18)"] == "1"
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.area_combo.setCurrentIndex(page.area_combo.findData("Coventry"))
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert "Coventry" in page.period_label.text()
    assert dict(zip(column(page.table, 0), column(page.table, 1), strict=True))["Referrals"] == "2"
