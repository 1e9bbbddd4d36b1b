"""First run creates the administrator; the sign-in dialog signs in or refuses without a hint."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import Qt

from divert_desktop.core.enums import Role
from divert_desktop.gui import widgets
from divert_desktop.gui.shell.first_run_dialog import FirstRunDialog
from divert_desktop.gui.shell.login_dialog import LoginDialog
from divert_desktop.persistence.models import Setting, StaffUser
from divert_desktop.services.admin import users

NEW_PASSWORD = "plum orchard lantern ninety"


def _first_run(qtbot: Any, db: Any, runner: Any) -> FirstRunDialog:
    dialog = FirstRunDialog(db, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _fill_account(qtbot: Any, dialog: FirstRunDialog, password: str, confirm: str) -> None:
    u = dialog.ui
    qtbot.keyClicks(u.username_edit, "Admin")
    qtbot.keyClicks(u.full_name_edit, "Ada Example")
    qtbot.keyClicks(u.password_edit, password)
    qtbot.keyClicks(u.confirm_password_edit, confirm)


def test_first_run_refuses_a_short_password_next_to_the_field(
    qtbot: Any, sqlite_db: Any, runner: Any
) -> None:
    dialog = _first_run(qtbot, sqlite_db, runner)
    _fill_account(qtbot, dialog, "too short", "too short")
    assert dialog.ui.password_hint_label.text() == "3 more characters needed."
    qtbot.mouseClick(dialog.ui.create_button, Qt.MouseButton.LeftButton)
    assert dialog.ui.password_error_label.isVisible()
    assert "at least 12 characters" in dialog.ui.password_error_label.text()
    assert dialog.ui.password_edit.property("invalid") is True
    assert dialog.focusWidget() is dialog.ui.password_edit
    assert dialog.isVisible() and dialog.created is None
    assert not dialog.ui.password_hint_label.isVisible()  # the error says it once
    assert users.needs_first_run(sqlite_db)
    qtbot.keyClicks(dialog.ui.password_edit, "x")  # editing the field clears its error
    assert not dialog.ui.password_error_label.isVisible()
    assert dialog.ui.password_hint_label.isVisible()
    assert dialog.ui.password_hint_label.text() == "2 more characters needed."


def test_first_run_refuses_different_passwords_and_a_bad_email(
    qtbot: Any, sqlite_db: Any, runner: Any
) -> None:
    dialog = _first_run(qtbot, sqlite_db, runner)
    _fill_account(qtbot, dialog, NEW_PASSWORD, NEW_PASSWORD + "x")
    qtbot.keyClicks(dialog.ui.organisation_email_edit, "not an email")
    qtbot.mouseClick(dialog.ui.create_button, Qt.MouseButton.LeftButton)
    assert "different" in dialog.ui.confirm_password_error_label.text()
    assert "email address" in dialog.ui.organisation_email_error_label.text()
    assert users.needs_first_run(sqlite_db)


def test_first_run_creates_one_administrator_with_an_argon2id_hash(
    qtbot: Any, sqlite_db: Any, runner: Any
) -> None:
    dialog = _first_run(qtbot, sqlite_db, runner)
    _fill_account(qtbot, dialog, NEW_PASSWORD, NEW_PASSWORD)
    u = dialog.ui
    qtbot.keyClicks(u.organisation_name_edit, "Example Recovery Trust")
    qtbot.keyClicks(u.organisation_phone_edit, "0121 496 0000")
    qtbot.keyClicks(u.signatory_name_edit, "Jo Example")
    assert u.password_hint_label.text() == "Long enough."
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(u.create_button, Qt.MouseButton.LeftButton)
    assert dialog.created is not None and dialog.created.username == "admin"
    with sqlite_db.unit_of_work(write=False) as session:
        accounts = session.execute(sa.select(StaffUser.role, StaffUser.password_hash)).all()
        organisation = session.get(Setting, "organisation_name")
        phone = session.get(Setting, "organisation_phone")
    assert len(accounts) == 1 and accounts[0].role is Role.ADMINISTRATOR
    assert accounts[0].password_hash.startswith("$argon2id$")
    assert NEW_PASSWORD not in accounts[0].password_hash
    assert organisation.value == "Example Recovery Trust"
    assert phone.value == "0121 496 0000"


def test_escape_asks_before_throwing_away_what_was_typed(
    qtbot: Any, sqlite_db: Any, runner: Any, monkeypatch: Any
) -> None:
    questions: list[tuple[str, str, str]] = []
    answer = {"value": False}

    def fake_ask(_parent: Any, _title: str, question: str, yes: str, no: str) -> bool:
        questions.append((question, yes, no))
        return answer["value"]

    monkeypatch.setattr(widgets, "ask", fake_ask)
    dialog = _first_run(qtbot, sqlite_db, runner)
    qtbot.keyClicks(dialog.ui.username_edit, "admin")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible(), "Keep editing must keep the dialog open"
    assert questions[0][1:] == ("Discard", "Keep editing")
    answer["value"] = True
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def _login(qtbot: Any, db: Any, runner: Any, **kwargs: Any) -> LoginDialog:
    dialog = LoginDialog(db, runner, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_sign_in_with_enter(
    qtbot: Any, sqlite_db: Any, runner: Any, make_actor: Any, password: str
) -> None:
    make_actor(sqlite_db, Role.RECEPTIONIST, username="rita")
    dialog = _login(qtbot, sqlite_db, runner)
    assert dialog.ui.database_label.text().startswith("Local file: ")
    qtbot.keyClicks(dialog.ui.username_edit, "Rita")
    qtbot.keyClicks(dialog.ui.password_edit, password)
    with qtbot.waitSignal(dialog.sig_signed_in, timeout=10_000) as blocker:
        qtbot.keyClick(dialog.ui.password_edit, Qt.Key.Key_Return)
    actor = blocker.args[0]
    assert actor.username == "rita" and actor.role is Role.RECEPTIONIST
    assert dialog.result() == LoginDialog.DialogCode.Accepted and dialog.actor == actor


def test_wrong_password_is_refused_in_the_dialog_without_revealing_the_account(
    qtbot: Any, sqlite_db: Any, runner: Any, make_actor: Any
) -> None:
    make_actor(sqlite_db, Role.CASEWORKER, username="cara")
    dialog = _login(qtbot, sqlite_db, runner)
    messages = []
    for username in ("cara", "nobody"):
        dialog.ui.username_edit.clear()
        qtbot.keyClicks(dialog.ui.username_edit, username)
        qtbot.keyClicks(dialog.ui.password_edit, "wrong password here")
        qtbot.mouseClick(dialog.ui.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: dialog.ui.message_label.isVisible() and not dialog.busy, timeout=10_000
        )
        messages.append(dialog.ui.message_label.text())
        assert dialog.ui.password_edit.text() == ""
        assert dialog.ui.username_edit.text() == username
        assert dialog.focusWidget() is dialog.ui.password_edit
        assert dialog.isVisible() and dialog.actor is None
    assert messages[0] == messages[1]  # an unknown user and a wrong password look the same
    assert "username or password is not right" in messages[0]


def test_empty_fields_are_asked_for_before_any_database_work(
    qtbot: Any, sqlite_db: Any, runner: Any
) -> None:
    dialog = _login(qtbot, sqlite_db, runner, username="rita")
    assert dialog.ui.username_edit.text() == "rita"
    qtbot.mouseClick(dialog.ui.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.ui.message_label.text() == "Enter your password."
    assert runner.active_tasks() == []
