"""Every control a user can reach has an accessible name and a snake_case object name."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar, QWidget

from divert_desktop.core.enums import Role
from divert_desktop.gui.admin.add_user_dialog import AddUserDialog
from divert_desktop.gui.intake.import_dialog import ImportDialog
from divert_desktop.gui.shell.first_run_dialog import FirstRunDialog
from divert_desktop.gui.shell.login_dialog import LoginDialog
from divert_desktop.gui.shell.main_window import MainWindow
from divert_desktop.services.lists import person_record
from tests.gui.conftest import wait_idle

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def unnamed_controls(top: QWidget) -> list[str]:
    """Focusable, visible controls without an accessible name (tab bars name their tabs)."""
    missing = []
    for widget in top.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(top):
            continue
        if isinstance(widget, QTabBar) or widget.parent().inherits("QComboBox"):
            continue
        if widget.objectName() == "qt_scrollarea_viewport":
            continue
        if not widget.accessibleName():
            missing.append(f"{type(widget).__name__}:{widget.objectName()!r}")
    return missing


def badly_named(top: QWidget) -> list[str]:
    """Controls and labels the code named, whose object names are not snake_case."""
    names = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, QAbstractButton | QLabel) or widget.parent().inherits("QTabBar"):
            continue  # (a tab bar's own scroll buttons are Qt's, not ours)
        name = widget.objectName()
        if name and not name.startswith("qt_") and not SNAKE.match(name):
            names.append(name)
    return names


def dialogs(db: Any, actor: Any, runner: Any) -> list[QWidget]:
    return [
        FirstRunDialog(db, runner),
        LoginDialog(db, runner),
        AddUserDialog(db, actor, runner),
        ImportDialog(db, actor, runner),
    ]


def test_every_dialog_names_its_controls(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    actor = make_actor(sqlite_db, Role.ADMINISTRATOR)
    for dialog in dialogs(sqlite_db, actor, runner):
        qtbot.addWidget(dialog)
        dialog.show()
        assert unnamed_controls(dialog) == [], dialog.objectName()
        assert badly_named(dialog) == [], dialog.objectName()
        assert SNAKE.match(dialog.objectName())


def test_every_label_with_a_field_is_its_buddy(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    actor = make_actor(sqlite_db, Role.ADMINISTRATOR)
    dialog = FirstRunDialog(sqlite_db, runner)
    qtbot.addWidget(dialog)
    for name in (
        "username",
        "full_name",
        "password",
        "confirm_password",
        "organisation_name",
        "organisation_address",
        "organisation_phone",
        "organisation_email",
        "signatory_name",
        "signatory_title",
    ):
        label = getattr(dialog.ui, f"{name}_label")
        assert label.buddy() is getattr(dialog.ui, f"{name}_edit"), name
        assert "&" in label.text(), f"{name} has no keyboard shortcut"
    assert actor.role is Role.ADMINISTRATOR


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMINISTRATOR])
def test_every_page_names_its_controls(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any, role: Role
) -> None:
    window = MainWindow(mixed_db, make_actor(mixed_db, role), runner)
    qtbot.addWidget(window)
    window.show()
    for key in window.page_keys:
        page = window.show_page(key)
        wait_idle(qtbot, page)
        assert unnamed_controls(window) == [], key
        assert badly_named(window) == [], key


def test_the_person_record_names_its_controls(qtbot: Any, mixed_db: Any, make_actor: Any) -> None:
    from divert_desktop.gui.people.record_dialog import PersonDialog

    actor = make_actor(mixed_db, Role.CASEWORKER)
    dialog = PersonDialog(person_record(mixed_db, actor, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_controls(dialog) == []
    assert badly_named(dialog) == []
