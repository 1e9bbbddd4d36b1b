"""Shortcuts and Esc behave the same in every editing dialog: Ctrl+S saves, Esc with changes
asks first, Esc without changes closes; Ctrl+P on Today says where its list is printed."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import datetime, time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

import divert_desktop.gui
from divert_desktop.core.enums import Role
from divert_desktop.gui import widgets
from divert_desktop.gui.widgets import GuardedDialog
from tests.db.casework_helpers import booked_case, complete_answers
from tests.gui.casework_helpers import opened
from tests.gui.conftest import wait_idle
from tests.gui.diary_seed import DAY, seed_diary

NOT_EDITING = {
    # dialogs that edit nothing: Esc simply closes them
    "DaySheetDialog": "chooses a sheet to print or save",
    "FindSlotDialog": "finds a time; the booking is made in Book appointment",
    "ImportDialog": "imports a file (Esc stops a running import first)",
    "LetterBatchDialog": "prints letters (Esc stops a running batch first)",
    "LetterDialog": "previews a letter",
    "LetterViewerDialog": "shows a letter already sent",
    "PersonDialog": "shows a record; its details are edited in PersonEditDialog",
    "HelpWindow": "the user guide",
    "LoginDialog": "signs in",
}


def every_dialog_class() -> list[type]:
    for info in pkgutil.walk_packages(divert_desktop.gui.__path__, "divert_desktop.gui."):
        if ".forms." not in info.name:
            importlib.import_module(info.name)
    found: list[type] = []
    todo = list(QDialog.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("divert_desktop.gui.") and not cls.__name__.startswith("_"):
            found.append(cls)
    return found


def test_every_dialog_that_edits_is_a_guarded_dialog_with_its_save_key_decided() -> None:
    classes = every_dialog_class()
    names = {cls.__name__ for cls in classes}
    assert {"BookDialog", "CancelDialog", "SessionNoteDialog"} <= names
    for cls in classes:
        if cls.__name__ in NOT_EDITING:
            assert not issubclass(cls, GuardedDialog) or cls.__name__ == "GuardedDialog"
            continue
        assert issubclass(cls, GuardedDialog), f"{cls.__name__} edits but Esc never asks"
    assert set(NOT_EDITING) <= names, "a dialog listed here no longer exists"


class Spy:
    """Records the discard questions; answers "Keep editing"."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, _parent: Any, _title: str, question: str, *_a: Any) -> bool:
        self.asked.append(question)
        return False


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Spy:
    spy = Spy()
    monkeypatch.setattr(widgets, "ask", spy)
    return spy


def esc(qtbot: Any, dialog: QWidget) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def active(qtbot: Any, window: QWidget) -> None:
    """Shortcuts work in the active window, as on a desktop."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.window(), timeout=5_000)


def ctrl_s(qtbot: Any, dialog: QWidget) -> None:
    active(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def check_guarded(qtbot: Any, asked: Spy, make: Any, change: Any) -> None:
    """Esc closes an untouched dialog without a question; after ``change`` it asks (and the
    dialog stays open on "Keep editing"); Ctrl+S presses the dialog's save button."""
    dialog = make()
    dialog.show()
    qtbot.waitExposed(dialog)
    esc(qtbot, dialog)
    assert asked.asked == [] and not dialog.isVisible(), "Esc on an untouched dialog"
    dialog = make()
    dialog.show()
    qtbot.waitExposed(dialog)
    change(dialog)
    esc(qtbot, dialog)
    assert len(asked.asked) == 1 and dialog.isVisible(), "Esc after a change must ask"
    button = dialog.primary_button()
    assert button is not None and "Ctrl+S" in button.toolTip()
    with qtbot.waitSignal(button.clicked, timeout=2_000):
        ctrl_s(qtbot, dialog)
    dialog.reject_without_asking()


@pytest.fixture
def diary(qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any) -> Any:
    from divert_desktop.gui.diary.diary_page import DiaryPage

    seed_diary(sqlite_db)
    page = DiaryPage(sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    page.clock = lambda: datetime.combine(DAY, time(8, 0))
    qtbot.addWidget(page)
    page.show()
    page.show_day(DAY)
    wait_idle(qtbot, page)
    return page


def test_book_appointment_asks_before_esc_throws_away_a_change(
    qtbot: Any, diary: Any, asked: Spy
) -> None:
    def change(dialog: Any) -> None:
        dialog.time_combo.setCurrentIndex(dialog.time_combo.findText("12:00"))

    check_guarded(qtbot, asked, diary.actions.book, change)


def test_cancel_appointment_asks_before_esc_throws_away_the_reason(
    qtbot: Any, diary: Any, asked: Spy
) -> None:
    booked = next(a for a in diary.canvas.appointments if a.status.value == "booked")

    def change(dialog: Any) -> None:
        qtbot.keyClicks(dialog.reason_edit, "Rang to say")

    check_guarded(qtbot, asked, lambda: diary.actions.cancel(booked), change)


def test_ctrl_s_saves_the_session_note(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, asked: Spy
) -> None:
    from divert_desktop.gui.casework.launch import open_session_note
    from divert_desktop.services.casework import assessments

    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db)
    assessments.save_assessment(
        sqlite_db,
        actor,
        referral_id=case.referral_id,
        form_id="divert_assessment",
        form_version="1",
        answers=complete_answers(),
        appointment_id=case.initial_id,
    )
    host = QWidget()
    qtbot.addWidget(host)

    def make() -> Any:
        return opened(qtbot, open_session_note, host, sqlite_db, actor, runner, case.referral_id)

    def change(dialog: Any) -> None:
        qtbot.keyClicks(dialog.reflections_edit, "Surprised how strong it is now.")

    check_guarded(qtbot, asked, make, change)
    dialog = make()
    dialog.show()
    qtbot.mouseClick(dialog.topic_boxes["drug harms"], Qt.MouseButton.LeftButton)
    dialog.topic_boxes["drug harms"].setChecked(True)
    with qtbot.waitSignal(dialog.sig_saved, timeout=15_000):
        ctrl_s(qtbot, dialog)  # the note is saved by the keyboard alone


def test_add_user_and_first_run_follow_the_same_keys(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, asked: Spy
) -> None:
    from divert_desktop.gui.admin.add_user_dialog import AddUserDialog
    from divert_desktop.gui.shell.first_run_dialog import FirstRunDialog

    admin = make_actor(sqlite_db, Role.ADMINISTRATOR)

    def typed(dialog: Any) -> None:
        qtbot.keyClicks(dialog.ui.full_name_edit, "Jo Example")

    def add_user() -> Any:
        dialog = AddUserDialog(sqlite_db, admin, runner)
        qtbot.addWidget(dialog, before_close_func=lambda d: d.reject_without_asking())
        return dialog

    def first_run() -> Any:
        dialog = FirstRunDialog(sqlite_db, runner)
        qtbot.addWidget(dialog, before_close_func=lambda d: d.reject_without_asking())
        return dialog

    check_guarded(qtbot, asked, add_user, typed)
    asked.asked.clear()
    check_guarded(qtbot, asked, first_run, typed)


def test_ctrl_p_on_today_says_where_the_list_is_printed(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    from divert_desktop.gui.diary.today_page import TodayPage

    page = TodayPage(sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    qtbot.addWidget(page)
    page.show()
    active(qtbot, page)
    with qtbot.waitSignal(page.sig_status, timeout=2_000) as said:
        qtbot.keyClick(page, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert "Print day sheet" in said.args[0]
