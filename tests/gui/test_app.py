"""The composition root: a new database, first run, sign in, main window, engagement, sign out."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from divert_desktop import app as app_module
from divert_desktop.app import AppController, prepare_database
from divert_desktop.core.enums import Role
from divert_desktop.gui.shell.first_run_dialog import FirstRunDialog
from divert_desktop.gui.shell.login_dialog import LoginDialog
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.migrate import head_revision
from divert_desktop.services.admin import users
from tests.clock import CLOCK
from tests.gui.factories import import_file, referral, write_csv

PASSWORD = "plum orchard lantern ninety"


@pytest.fixture
def new_db(tmp_path: Path) -> Any:
    """A database file that does not exist yet (the app creates and migrates it)."""
    database = Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    yield database
    database.dispose()


def test_prepare_database_migrates_a_new_file_and_asks_for_first_run(new_db: Any) -> None:
    info = prepare_database(new_db)
    assert info.first_run and info.schema_revision == head_revision()
    assert users.needs_first_run(new_db)


def test_from_an_empty_database_to_the_main_window_and_back_to_sign_in(
    qtbot: Any, qapp: Any, new_db: Any, runner: Any
) -> None:
    controller = AppController(qapp, new_db, runner)
    controller.start()
    qtbot.waitUntil(lambda: isinstance(controller.dialog, FirstRunDialog), timeout=20_000)
    first_run = controller.dialog
    assert first_run.isVisible()
    u = first_run.ui
    qtbot.keyClicks(u.username_edit, "admin")
    qtbot.keyClicks(u.full_name_edit, "Ada Example")
    qtbot.keyClicks(u.password_edit, PASSWORD)
    qtbot.keyClicks(u.confirm_password_edit, PASSWORD)
    qtbot.mouseClick(u.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.dialog, LoginDialog), timeout=20_000)
    login = controller.dialog
    assert login.ui.username_edit.text() == "admin"  # carried over from the first run
    qtbot.keyClicks(login.ui.password_edit, PASSWORD)
    qtbot.keyClick(login.ui.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: controller.window is not None and controller.window.isVisible(), timeout=20_000
    )
    window = controller.window
    qtbot.addWidget(window)
    assert window.page_keys == ["people", "audit", "privacy", "admin"]
    assert window.status_role_label.text() == "Administrator"
    window.ui.sign_out_action.trigger()
    qtbot.waitUntil(
        lambda: controller.dialog is not login and isinstance(controller.dialog, LoginDialog),
        timeout=5000,
    )
    assert controller.window is None
    controller.dialog.close()


def test_sign_in_runs_the_engagement_update_and_reports_it(
    qtbot: Any, qapp: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    old = datetime.combine(CLOCK.today() - timedelta(days=60), time(9, 30))
    import_file(
        sqlite_db,
        write_csv(
            tmp_path / "old.csv", [referral(1, referral_datetime=old.strftime("%Y-%m-%d %H:%M"))]
        ),
    )
    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    controller = AppController(qapp, sqlite_db, runner)
    window = controller.signed_in(actor)
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(
        lambda: "past their engagement deadline" in window.ui.status_bar.currentMessage(),
        timeout=10_000,
    )
    assert window.ui.status_bar.currentMessage() == (
        "Closed 1 referral past their engagement deadline."
    )


def test_demo_data_fills_an_empty_database_with_progress(
    qtbot: Any, qapp: Any, sqlite_db: Any, make_actor: Any, runner: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(app_module, "DEMO_PEOPLE", 40)
    actor = make_actor(sqlite_db, Role.ADMINISTRATOR)
    controller = AppController(qapp, sqlite_db, runner, demo=True)
    window = controller.signed_in(actor)
    qtbot.addWidget(window)
    qtbot.waitUntil(
        lambda: window.ui.status_bar.currentMessage().startswith("Added demo data"), timeout=60_000
    )
    from divert_desktop.services.lists import count_people

    assert count_people(sqlite_db) == 40


def test_a_bad_database_address_stops_with_a_message(monkeypatch: Any) -> None:
    shown: list[str] = []
    monkeypatch.setattr(app_module, "show_fatal", shown.append)
    monkeypatch.setattr(app_module, "configure_logging", lambda: None)
    assert app_module.run_gui("nonsense://nowhere", demo=False) == 1
    assert "not valid" in shown[0]


def _visible_sign_in_windows(qapp: Any) -> list[Any]:
    return [w for w in qapp.topLevelWidgets() if w.objectName() == "login_dialog" and w.isVisible()]


def test_the_sign_in_window_is_painted_first_and_sign_in_waits_for_the_database(
    qtbot: Any, qapp: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    controller = AppController(qapp, sqlite_db, runner)
    controller.start()
    shown = _visible_sign_in_windows(qapp)  # at once, before the database is checked
    assert len(shown) == 1
    login = shown[0]
    qtbot.addWidget(login)
    opening = login.findChild(QLabel, "opening_label")
    assert opening.isVisible() and opening.text() == "Opening the database…"
    assert not login.ui.sign_in_button.isEnabled() and login.opening
    assert login.ui.database_label.text() == sqlite_db.description
    assert controller.dialog is None  # not usable yet
    qtbot.waitUntil(lambda: controller.dialog is login, timeout=20_000)  # the same window
    assert login.ui.sign_in_button.isEnabled() and not opening.isVisible()
    assert login.database is sqlite_db
    qtbot.keyClicks(login.ui.username_edit, actor.username)
    qtbot.keyClicks(login.ui.password_edit, "wrong password entirely")
    qtbot.mouseClick(login.ui.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: login.ui.message_label.isVisible() and not login.busy, timeout=20_000)
    assert controller.window is None


def test_a_first_run_replaces_the_opening_sign_in_window(
    qtbot: Any, qapp: Any, new_db: Any, runner: Any
) -> None:
    controller = AppController(qapp, new_db, runner)
    controller.start()
    assert len(_visible_sign_in_windows(qapp)) == 1
    qtbot.waitUntil(lambda: isinstance(controller.dialog, FirstRunDialog), timeout=20_000)
    assert controller.dialog.isVisible()
    assert _visible_sign_in_windows(qapp) == []  # taken away, and the app did not quit
    qtbot.addWidget(controller.dialog)
