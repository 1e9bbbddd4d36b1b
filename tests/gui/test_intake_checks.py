"""The intake screen's checks: messages next to fields, the error summary, Esc asking first,
nothing lost on a refused save, and how the main window opens it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from divert_desktop.core.enums import Role
from divert_desktop.gui import widgets
from divert_desktop.gui.intake import IntakeDialog
from divert_desktop.gui.shell.main_window import MainWindow
from divert_desktop.persistence.models import Referral
from tests.gui.conftest import find_top_level, wait_idle
from tests.gui.intake_helpers import (
    NOW,
    checked,
    count,
    fill,
    fill_referral,
    open_intake,
    seed_referral,
    typed_date,
)

LEFT = Qt.MouseButton.LeftButton


def test_messages_appear_next_to_fields_when_leaving_them(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    u = dialog.ui
    fill(qtbot, u.postcode_edit, "B1 1A", leave=False)
    assert u.postcode_error_label.isHidden()  # not while the first value is still being typed
    qtbot.keyClick(u.postcode_edit, Qt.Key.Key_Tab)
    assert u.postcode_error_label.text() == "Enter a UK postcode, like B1 1AA"
    assert u.postcode_edit.property("invalid") is True
    qtbot.keyClicks(u.postcode_edit, "A")  # fixed as it is typed: the message goes at once
    assert u.postcode_error_label.isHidden() and u.postcode_edit.property("invalid") is False
    tomorrow = NOW + timedelta(days=1)
    fill(qtbot, u.referral_datetime_edit, f"{typed_date(tomorrow.date())} 09:00")
    assert u.referral_datetime_error_label.text() == (
        "The referral date and time must be now or in the past"
    )
    fill(qtbot, u.referral_datetime_edit, f"{typed_date((NOW - timedelta(days=10)).date())} 09:00")
    assert u.referral_datetime_error_label.isHidden()
    fill(qtbot, u.date_of_birth_edit, typed_date((NOW - timedelta(days=5)).date()))
    assert u.date_of_birth_error_label.text() == "Date of birth must be before the referral date"
    fill(qtbot, u.date_of_birth_edit, "31/2/2001")
    assert "Enter a real date" in u.date_of_birth_error_label.text()
    for text in ("2/12/2001", "02/12/2001", "2001-12-02"):
        fill(qtbot, u.date_of_birth_edit, text)
        assert u.date_of_birth_error_label.isHidden(), text
    fill(qtbot, u.phone_edit, "12345")
    assert u.phone_error_label.text() == "Enter a UK phone number, like 07700 900123"
    fill(qtbot, u.email_edit, "someone@")
    assert u.email_error_label.text() == "Enter an email address, like name@example.com"


def test_the_error_summary_lists_each_problem_and_links_to_its_field(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    u = dialog.ui
    fill(qtbot, u.postcode_edit, "nowhere")
    qtbot.mouseClick(u.save_button, LEFT)
    messages = dialog.summary.messages
    assert list(messages) == [
        "police_reference",
        "officer_name",
        "officer_number",
        "local_authority",
        "substances",
        "first_name",
        "last_name",
        "date_of_birth",
        "postcode",
    ]
    assert messages["date_of_birth"] == "Enter a date of birth"
    assert u.date_of_birth_error_label.text() == "Enter a date of birth"
    assert u.error_summary_frame.isVisible()
    qtbot.mouseClick(dialog.summary.buttons["date_of_birth"], LEFT)
    assert QApplication.focusWidget() is u.date_of_birth_edit
    fill(qtbot, u.date_of_birth_edit, "2/12/2001")
    assert "date_of_birth" not in dialog.summary.messages  # the summary follows the fixes
    assert count(sqlite_db, Referral) == 0


def test_esc_asks_before_discarding_what_was_typed(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions: list[tuple[str, str, str]] = []
    answer = {"discard": False}

    def ask(_parent: Any, _title: str, question: str, yes: str, no: str) -> bool:
        questions.append((question, yes, no))
        return answer["discard"]

    monkeypatch.setattr(widgets, "ask", ask)
    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    empty = open_intake(qtbot, sqlite_db, actor, runner)
    qtbot.keyClick(empty, Qt.Key.Key_Escape)
    assert not empty.isVisible() and questions == []  # nothing typed: closes at once
    dialog = open_intake(qtbot, sqlite_db, actor, runner)
    fill(qtbot, dialog.ui.first_name_edit, "Orla")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert questions == [
        ("Discard this referral? Nothing has been saved yet.", "Discard", "Keep editing")
    ]
    assert dialog.isVisible() and dialog.ui.first_name_edit.text() == "Orla"  # kept editing
    answer["discard"] = True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_nothing_typed_is_lost_when_the_save_is_refused(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    seed_referral(sqlite_db, "WMP-2026-013377", "Ivo", "Castellane", date(1987, 1, 5))
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    u = dialog.ui
    fill_referral(qtbot, dialog, substances=("ketamine", "other"))
    fill(qtbot, u.other_substance_edit, "poppers")
    u.notes_text.setFocus()
    qtbot.keyClicks(u.notes_text, "Called from the custody suite")
    typed = dialog._snapshot()
    checked(qtbot, dialog)
    qtbot.mouseClick(u.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.summary.visible, timeout=10_000)
    assert dialog.summary.messages == {
        "police_reference": "A referral with police reference WMP-2026-013377 is already recorded"
    }
    assert u.police_reference_error_label.isVisible()
    assert dialog.isVisible() and dialog._snapshot() == typed
    assert count(sqlite_db, Referral) == 1
    # The service refuses it too (another workstation saved it in between): still nothing lost.
    dialog.preview = None
    dialog._save_failed(
        type("E", (), {"field": "police_reference", "message": "Already recorded elsewhere"})()
    )
    assert u.police_reference_error_label.text() == "Already recorded elsewhere"
    assert dialog._snapshot() == typed and not dialog.saving


def open_window(qtbot: Any, db: Any, actor: Any, runner: Any) -> MainWindow:
    window = MainWindow(db, actor, runner)
    qtbot.addWidget(window)
    window.show()
    return window


def test_ctrl_n_and_the_referrals_button_open_the_screen_and_a_save_refreshes_pages(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    window = open_window(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    assert window.new_referral_action.isVisible()
    assert window.new_referral_action.shortcut().toString() == "Ctrl+N"
    page = window.show_page("referrals")
    wait_idle(qtbot, page)
    assert page.new_referral_button.isVisible()
    qtbot.mouseClick(page.new_referral_button, LEFT)
    dialog = find_top_level(IntakeDialog, "intake_dialog")
    assert dialog is window.intake_dialog and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.ui.appointment_venue_combo.count() > 1, timeout=10_000)
    fill_referral(qtbot, dialog)
    qtbot.mouseClick(dialog.ui.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=15_000)
    assert window.ui.status_bar.currentMessage().startswith("Saved referral WMP-2026-013377")
    qtbot.waitUntil(lambda: page.table.model.rowCount() == 1, timeout=10_000)
    window.new_referral_action.trigger()
    again = window.intake_dialog
    assert again is not dialog and again.isVisible()
    again.reject_without_asking()


def test_the_new_referral_action_is_hidden_from_roles_that_cannot_add_referrals(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    window = open_window(qtbot, sqlite_db, make_actor(sqlite_db, Role.ADMINISTRATOR), runner)
    assert not window.new_referral_action.isVisible()
    assert window.open_intake_dialog() is None
