"""Help > User guide (F1): the signed-in role's guide, the other roles' a choice away."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from divert_desktop.core.enums import Role
from divert_desktop.gui.shell.help_window import GUIDE_ROLES, HelpWindow, guide_path
from tests.gui.test_main_window import open_window


def wait_guide(qtbot: Any, help_window: HelpWindow, role: Role) -> None:
    qtbot.waitUntil(lambda: help_window.role is role and not help_window.loading, timeout=5000)


def test_f1_opens_the_guide_for_the_signed_in_role(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    window = open_window(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    assert window.user_guide_action.shortcut().toString() == "F1"
    menu = [a.objectName() for a in window.ui.menu_help.actions() if not a.isSeparator()]
    assert menu == ["user_guide_action", "about_action"]
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.help_window is not None, timeout=2000)
    help_window = window.help_window
    wait_guide(qtbot, help_window, Role.RECEPTIONIST)
    assert help_window.isVisible() and not help_window.isModal()
    assert help_window.role_combo.currentText() == "Receptionists"
    text = help_window.browser.toPlainText()
    assert text.startswith("Guide for receptionists")
    assert "Ctrl+N" in text and "Did not attend" in text
    qtbot.keyClick(window, Qt.Key.Key_F1)  # again: the same window, not a second one
    assert window.help_window is help_window
    help_window.close()


def test_another_roles_guide_is_chosen_with_the_keyboard(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    window = open_window(qtbot, sqlite_db, make_actor(sqlite_db, Role.CASEWORKER), runner)
    help_window = window.show_help()
    wait_guide(qtbot, help_window, Role.CASEWORKER)
    help_window.role_combo.setFocus()
    qtbot.keyClick(help_window.role_combo, Qt.Key.Key_Down)
    wait_guide(qtbot, help_window, Role.MANAGER)
    assert help_window.browser.toPlainText().startswith("Guide for managers")
    assert "Internal copy: show numbers under 5" in help_window.browser.toPlainText()
    assert help_window.role_combo.accessibleName() == "Guide for"
    help_window.close()


@pytest.mark.parametrize("role", GUIDE_ROLES)
def test_every_role_has_a_plain_english_guide(qtbot: Any, runner: Any, role: Role) -> None:
    text = guide_path(role).read_text(encoding="utf-8")
    assert text.startswith(f"# Guide for {role.value}s\n")
    assert 150 < len(text.split()) < 1000  # short, but more than a stub
    help_window = HelpWindow(runner, role)
    qtbot.addWidget(help_window)
    help_window.show()
    wait_guide(qtbot, help_window, role)
    shown = help_window.browser.toPlainText()
    assert shown.startswith(f"Guide for {role.value}s") and "#" not in shown.split("\n")[0]


def test_the_guide_window_is_named_for_assistive_tools(qtbot: Any, runner: Any) -> None:
    from tests.gui.test_accessibility import badly_named, unnamed_controls

    help_window = HelpWindow(runner, Role.ADMINISTRATOR)
    qtbot.addWidget(help_window)
    help_window.show()
    wait_guide(qtbot, help_window, Role.ADMINISTRATOR)
    assert unnamed_controls(help_window) == []
    assert badly_named(help_window) == []
    order = [help_window.role_combo]
    widget = help_window.role_combo
    for _ in range(2):
        widget = widget.nextInFocusChain()
        while widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisible():
            widget = widget.nextInFocusChain()
        order.append(widget)
    assert [w.objectName() for w in order] == [
        "help_role_combo",
        "help_browser",
        "help_close_button",
    ]
