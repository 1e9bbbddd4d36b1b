"""Users and access in the GUI: role, disable and reset from Admin; a disabled user's window
signs out with the reason; a reset user chooses a new password after signing in; the lock."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence

from divert_desktop.app import AppController, build_main_window
from divert_desktop.core.enums import Role
from divert_desktop.gui.admin import admin_page as admin_page_module
from divert_desktop.gui.admin import lock_screen as lock_module
from divert_desktop.gui.admin.change_password_dialog import ChangePasswordDialog
from divert_desktop.gui.shell.login_dialog import LoginDialog
from divert_desktop.services.admin import accounts, users
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import wait_idle
from tests.gui.intake_helpers import fill

TEMPORARY = "temporary lantern harbour"
NEW = "quiet meadow copper kettle"


def window_for(qtbot: Any, db: Any, actor: Any, runner: Any) -> Any:
    window = build_main_window(db, actor, runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, window.ui.page_stack.currentWidget())
    return window


def still_showing(widget: Any) -> bool:
    """True while the widget exists and shows (the controller frees ended sessions)."""
    return shiboken6.isValid(widget) and widget.isVisible()


def test_admin_changes_a_role_disables_and_resets_from_the_page(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, monkeypatch: Any
) -> None:
    admin = make_actor(sqlite_db, Role.ADMINISTRATOR, username="ada")
    kim = make_actor(sqlite_db, Role.CASEWORKER, username="kim")
    window = window_for(qtbot, sqlite_db, admin, runner)
    page = window.show_page("admin")
    wait_idle(qtbot, page)
    assert not page.role_button.isEnabled()  # nothing selected yet
    page.select_username("kim")
    assert page.active_button.text() == "Disable account"
    dialog = page.change_role()
    dialog.role_combo.setCurrentIndex(list(Role).index(Role.MANAGER))
    assert "reports" in dialog.role_help_label.text()
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    page.select_username("kim")
    assert page.selected().role is Role.MANAGER
    monkeypatch.setattr(admin_page_module, "ask", lambda *a: True)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    page.select_username("kim")
    assert page.selected().active_text == "Disabled"
    assert page.active_button.text() == "Enable account"
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    page.select_username("kim")
    reset = page.reset_password()
    fill(qtbot, reset.fields.password_edit, "qwerty123456")
    fill(qtbot, reset.fields.confirm_edit, "qwerty123456")
    qtbot.mouseClick(reset.ok_button, Qt.MouseButton.LeftButton)
    error = reset.findChild(type(reset.form_error_label), "password_error_label")
    qtbot.waitUntil(lambda: "most common" in error.text(), timeout=10_000)
    fill(qtbot, reset.fields.password_edit, TEMPORARY)
    fill(qtbot, reset.fields.confirm_edit, TEMPORARY)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(reset.ok_button, Qt.MouseButton.LeftButton)
    page.select_username("kim")
    assert page.selected().active_text == "Active, must choose a new password"
    assert users.authenticate(sqlite_db, "kim", TEMPORARY).must_change_password
    assert kim.user_id == page.selected().id


def test_a_disabled_users_window_signs_out_at_the_next_action_and_says_why(
    qtbot: Any, qapp: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    admin = make_actor(sqlite_db, Role.ADMINISTRATOR)
    rita = make_actor(sqlite_db, Role.RECEPTIONIST, username="rita")
    controller = AppController(qapp, sqlite_db, runner)
    window = controller.signed_in(rita)
    wait_idle(qtbot, window.ui.page_stack.currentWidget())
    accounts.set_active(sqlite_db, admin, rita.user_id, False)
    window.refresh_current()  # her next action
    qtbot.waitUntil(lambda: isinstance(controller.dialog, LoginDialog), timeout=10_000)
    login = controller.dialog
    assert controller.window is None and not still_showing(window)
    assert "disabled" in login.ui.message_label.text() and login.ui.message_label.isVisible()
    login.close()


def test_after_a_reset_the_user_chooses_a_new_password_before_anything_else(
    qtbot: Any, qapp: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    admin = make_actor(sqlite_db, Role.ADMINISTRATOR)
    kim = make_actor(sqlite_db, Role.CASEWORKER, username="kim")
    accounts.reset_password(sqlite_db, admin, kim.user_id, TEMPORARY)
    controller = AppController(qapp, sqlite_db, runner)
    login = controller.show_login("kim")
    qtbot.keyClicks(login.ui.password_edit, TEMPORARY)
    qtbot.keyClick(login.ui.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(controller.dialog, ChangePasswordDialog), timeout=10_000)
    change = controller.dialog
    assert controller.window is None  # nothing opens before the new password
    assert change.fields.current_edit is None
    fill(qtbot, change.fields.password_edit, NEW)
    fill(qtbot, change.fields.confirm_edit, NEW)
    qtbot.mouseClick(change.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=10_000)
    qtbot.addWidget(controller.window)
    assert not users.authenticate(sqlite_db, "kim", NEW).must_change_password


def test_ctrl_l_hides_records_and_open_forms_until_the_same_user_signs_in(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    rita = make_actor(sqlite_db, Role.RECEPTIONIST, username="rita")
    window = window_for(qtbot, sqlite_db, rita, runner)
    intake = window.open_intake_dialog()
    qtbot.waitUntil(lambda: intake.ui.appointment_venue_combo.count() > 1, timeout=10_000)
    fill(qtbot, intake.ui.first_name_edit, "Orla")
    assert window.lock_action.shortcut() == QKeySequence("Ctrl+L")
    window.lock_action.trigger()
    assert window.locked and window.lock_screen.isVisible() and not intake.isVisible()
    assert window.lock_screen.geometry() == window.centralWidget().rect()
    assert not window.ui.refresh_action.isEnabled()  # no shortcut reaches the records
    assert window.windowTitle() == "DIVERT Desktop"
    screen = window.lock_screen
    assert screen.username_edit.text() == "rita"
    qtbot.keyClicks(screen.password_edit, "not the password!")
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.message_label.isVisible() and not screen.busy, timeout=10_000)
    assert window.locked and not intake.isVisible()
    qtbot.keyClicks(screen.password_edit, STRONG_PASSWORD)
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert intake.isVisible() and intake.ui.first_name_edit.text() == "Orla"
    assert window.ui.refresh_action.isEnabled()
    intake.reject_without_asking()


def test_a_window_whose_data_arrives_after_the_lock_stays_hidden_until_sign_in(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    from PySide6.QtWidgets import QDialog

    rita = make_actor(sqlite_db, Role.RECEPTIONIST, username="rita")
    window = window_for(qtbot, sqlite_db, rita, runner)
    window.lock()
    late = QDialog(window)  # as a record window would open when its query returns
    late.setObjectName("late_record_dialog")
    late.show()
    qtbot.waitUntil(lambda: not late.isVisible(), timeout=5000)
    screen = window.lock_screen
    qtbot.keyClicks(screen.password_edit, STRONG_PASSWORD)
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert late.isVisible()
    late.close()


def test_ctrl_l_locks_from_a_dialog_in_front_too(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    from PySide6.QtWidgets import QApplication

    rita = make_actor(sqlite_db, Role.RECEPTIONIST, username="rita")
    window = window_for(qtbot, sqlite_db, rita, runner)
    intake = window.open_intake_dialog()  # window-modal: the main window's shortcut is blocked
    intake.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is intake, timeout=5000)
    qtbot.keyClick(intake, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.locked, timeout=5000)
    assert not intake.isVisible()
    qtbot.keyClicks(window.lock_screen.password_edit, STRONG_PASSWORD)
    qtbot.keyClick(window.lock_screen.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert intake.isVisible()
    intake.reject_without_asking()


def test_the_window_locks_itself_after_the_inactivity_time(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    window = window_for(qtbot, sqlite_db, make_actor(sqlite_db, Role.CASEWORKER), runner)
    qtbot.waitUntil(lambda: window.inactivity.timer.interval() == 10 * 60_000, timeout=5000)
    window.inactivity.set_interval_ms(200)
    qtbot.waitUntil(lambda: window.locked, timeout=5000)
    assert window.lock_screen.isVisible()


def test_another_user_signing_in_at_the_lock_ends_the_first_session(
    qtbot: Any, qapp: Any, sqlite_db: Any, make_actor: Any, runner: Any, monkeypatch: Any
) -> None:
    rita = make_actor(sqlite_db, Role.RECEPTIONIST, username="rita")
    make_actor(sqlite_db, Role.CASEWORKER, username="cara")
    controller = AppController(qapp, sqlite_db, runner)
    window = controller.signed_in(rita)
    intake = window.open_intake_dialog()
    fill(qtbot, intake.ui.first_name_edit, "Orla")
    window.lock()
    questions: list[str] = []
    monkeypatch.setattr(lock_module, "ask", lambda _p, _t, q, *a: questions.append(q) or True)
    screen = window.lock_screen
    screen.username_edit.setText("cara")
    qtbot.keyClicks(screen.password_edit, STRONG_PASSWORD)
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.window not in (None, window), timeout=10_000)
    qtbot.addWidget(controller.window)
    assert "Rita's session ends" in questions[0]
    assert controller.window.actor.username == "cara"
    assert not still_showing(window) and not still_showing(intake)


def test_with_nothing_selected_the_page_says_what_to_do_and_the_actions_wait(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    admin = make_actor(sqlite_db, Role.ADMINISTRATOR, username="ada")
    make_actor(sqlite_db, Role.CASEWORKER, username="kim")
    window = window_for(qtbot, sqlite_db, admin, runner)
    page = window.show_page("admin")
    wait_idle(qtbot, page)
    details = page.findChild(type(page.heading), "account_details_label")
    assert details is page.details_label and details.isVisible()
    assert details.text().startswith("Choose a user to see and change their account")
    assert not any(b.isEnabled() for b in (page.role_button, page.active_button, page.reset_button))
    page.table.view.setFocus()
    qtbot.keyClick(page.table.view, Qt.Key.Key_Down)  # by keyboard: the first row, ada
    qtbot.keyClick(page.table.view, Qt.Key.Key_Down)
    assert page.selected().username == "kim"
    assert (
        details.text() == "Selected: Kim (kim), caseworker. Account: active; last signed in "
        f"{page.selected().last_sign_in_text}."
    )
    assert all(b.isEnabled() for b in (page.role_button, page.active_button, page.reset_button))


def test_the_same_account_stays_selected_after_each_action_whatever_the_sort(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, monkeypatch: Any
) -> None:
    admin = make_actor(sqlite_db, Role.ADMINISTRATOR, username="ada")
    for name in ("bea", "kim", "zed"):
        make_actor(sqlite_db, Role.CASEWORKER, username=name)
    window = window_for(qtbot, sqlite_db, admin, runner)
    page = window.show_page("admin")
    wait_idle(qtbot, page)
    header = page.table.view.horizontalHeader()
    point = QPoint(header.sectionViewportPosition(0) + 5, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=point)  # Username, Z to A
    order = [page.table.model.row(r).username for r in range(page.table.model.rowCount())]
    assert order == ["zed", "kim", "bea", "ada"]  # the table's order is not the service's now
    page.select_username("bea")
    monkeypatch.setattr(admin_page_module, "ask", lambda *a: True)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)  # disable
    assert page.selected().username == "bea" and page.selected().active_text == "Disabled"
    assert page.table.view.selectionModel().selectedRows()[0].row() == 2
    assert "Bea" in page.details_label.text() and "disabled" in page.details_label.text()
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)  # enable again
    assert page.selected().username == "bea" and page.selected().active
    dialog = page.change_role()
    dialog.role_combo.setCurrentIndex(list(Role).index(Role.MANAGER))
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert page.selected().username == "bea" and page.selected().role is Role.MANAGER
    reset = page.reset_password()
    fill(qtbot, reset.fields.password_edit, TEMPORARY)
    fill(qtbot, reset.fields.confirm_edit, TEMPORARY)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(reset.ok_button, Qt.MouseButton.LeftButton)
    assert page.selected().username == "bea"
    assert page.selected().active_text == "Active, must choose a new password"
    assert page.role_button.isEnabled()
