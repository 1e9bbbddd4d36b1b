"""Starting the app on an older, failing, newer or shared database: backed up and upgraded with
a note, stopped with the reason, or asked and waited for, as a user sees it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from divert_desktop import app as app_module
from divert_desktop.app import AppController
from divert_desktop.core.clock import FixedClock
from divert_desktop.gui.shell.login_dialog import LoginDialog
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.migrate import (
    PG_MIGRATION_LOCK,
    WAITING_MESSAGE,
    current_revision,
    head_revision,
    upgrade,
)
from tests.db.old_schema import (
    CASEWORKER,
    FIRST_REVISION,
    PASSWORD,
    empty_database_url,
    make_first_schema_database,
    scripts_with_extra_revision,
    use_migration_scripts,
)
from tests.db.test_upgrade import FAILING


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "user data"
    monkeypatch.setenv("DIVERT_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def old_db(backend: str, request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    url = empty_database_url(backend, request, tmp_path)
    make_first_schema_database(url)
    database = Database(url)
    yield database
    database.dispose()
    if not database.is_sqlite:  # logins are cluster-wide: none is left behind
        _drop_login(url)


@pytest.fixture(autouse=True)
def close_main_windows_left_open() -> Any:
    """A test that fails after signing in leaves no main window behind. (The windows are not
    given to qtbot: the controller deletes its window when it closes, so qtbot's own close at
    teardown could reach a deleted object.)"""
    yield
    from divert_desktop.gui.shell.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            widget.close()


@pytest.fixture
def fatal(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(app_module, "show_fatal", shown.append)
    return shown


def _drop_login(url: str) -> None:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP ROLE IF EXISTS "{CASEWORKER}"'))
    finally:
        engine.dispose()


def sign_in(qtbot: Any, controller: AppController) -> Any:
    qtbot.waitUntil(lambda: isinstance(controller.dialog, LoginDialog), timeout=30_000)
    login = controller.dialog
    if not controller.db.is_sqlite:
        # After the owner's upgrade the account gets its own login (as README's upgrade step
        # says: a password reset by the owner), and signs in as it.
        from divert_desktop.services.admin.server_logins import manage_login

        _drop_login(controller.db.url)
        with controller.db.unit_of_work() as session:
            manage_login(session, CASEWORKER, password=PASSWORD)
    qtbot.keyClicks(login.ui.username_edit, CASEWORKER)
    qtbot.keyClicks(login.ui.password_edit, PASSWORD)
    qtbot.keyClick(login.ui.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=10_000)
    return controller.window


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_older_database_is_backed_up_upgraded_and_the_user_is_told(
    qtbot: Any, qapp: Any, old_db: Database, runner: Any, data_dir: Path
) -> None:
    # the old database's referrals are from November 2026: on this day none is past its deadline
    # (on a later one the start-up engagement update would say so in the status bar instead)
    old_db.clock = FixedClock(datetime(2026, 11, 20, 17, 0))
    controller = AppController(qapp, old_db, runner)
    controller.start()
    window = sign_in(qtbot, controller)
    backups = sorted((data_dir / "backups").glob("before-upgrade-0001-*.sqlite3"))
    assert len(backups) == 1
    assert window.ui.status_bar.currentMessage() == (
        f"The database was upgraded from schema 0001 to {head_revision()}. "
        f"A copy of it as it was is kept at {backups[0]}."
    )
    assert current_revision(old_db.engine) == head_revision()
    window.close()


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_failed_upgrade_stops_the_app_with_the_reason_and_the_database_put_back(
    qtbot: Any,
    qapp: Any,
    old_db: Database,
    runner: Any,
    data_dir: Path,
    fatal: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scripts = scripts_with_extra_revision(tmp_path, FAILING)
    use_migration_scripts(monkeypatch, scripts)
    controller = AppController(qapp, old_db, runner)
    with qtbot.waitSignal(controller.sig_quit, timeout=30_000) as quit_signal:
        controller.start()
    assert quit_signal.args == [1]
    assert len(fatal) == 1 and "put back exactly as it was" in fatal[0]
    assert "simulated failure in migration 0099" in fatal[0]
    assert controller.dialog is None and controller.window is None  # never half started
    assert current_revision(old_db.engine) == FIRST_REVISION


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_database_from_a_newer_version_is_refused_at_start(
    qtbot: Any, qapp: Any, old_db: Database, runner: Any, data_dir: Path, fatal: list[str]
) -> None:
    upgrade(old_db.engine)
    with old_db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0999'"))
    controller = AppController(qapp, old_db, runner)
    with qtbot.waitSignal(controller.sig_quit, timeout=30_000) as quit_signal:
        controller.start()
    assert quit_signal.args == [1]
    assert fatal == [
        "This database was made by a newer version of DIVERT Desktop (schema 0999). "
        "Install the newer version; the database was not changed."
    ]
    assert not (data_dir / "backups").exists()


def confirm_box(qtbot: Any, controller: AppController) -> QMessageBox:
    qtbot.waitUntil(lambda: isinstance(controller.dialog, QMessageBox), timeout=30_000)
    box = controller.dialog
    assert box.objectName() == "upgrade_confirm_box"
    return box


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_shared_database_is_upgraded_only_after_asking(
    qtbot: Any, qapp: Any, old_db: Database, runner: Any, data_dir: Path
) -> None:
    controller = AppController(qapp, old_db, runner)
    controller.start()
    box = confirm_box(qtbot, controller)
    assert f"schema 0001 to {head_revision()}" in box.text()
    assert "pg_dump" in box.informativeText()
    assert box.defaultButton().objectName() == "quit_button"
    with qtbot.waitSignal(controller.sig_quit, timeout=5000) as quit_signal:
        qtbot.mouseClick(box.findChild(QPushButton, "quit_button"), Qt.MouseButton.LeftButton)
    assert quit_signal.args == [0]
    assert current_revision(old_db.engine) == FIRST_REVISION  # Quit changed nothing

    again = AppController(qapp, old_db, runner)
    again.start()
    box = confirm_box(qtbot, again)
    qtbot.mouseClick(box.findChild(QPushButton, "upgrade_button"), Qt.MouseButton.LeftButton)
    window = sign_in(qtbot, again)
    assert window.ui.status_bar.currentMessage().startswith(
        f"The database was upgraded from schema 0001 to {head_revision()}."
    )
    assert current_revision(old_db.engine) == head_revision()
    window.close()


@pytest.mark.parametrize("backend", ["postgresql"])
@pytest.mark.parametrize("then", ["other workstation finishes", "user quits"])
def test_a_workstation_says_an_upgrade_is_in_progress_elsewhere_and_waits(
    qtbot: Any, qapp: Any, old_db: Database, runner: Any, data_dir: Path, then: str
) -> None:
    holder = sa.create_engine(old_db.url, poolclass=sa.pool.NullPool)
    conn = holder.connect()
    try:
        conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": PG_MIGRATION_LOCK})
        controller = AppController(qapp, old_db, runner)
        controller.start()
        box = confirm_box(qtbot, controller)
        qtbot.mouseClick(box.findChild(QPushButton, "upgrade_button"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: (
                controller.progress_dialog is not None
                and controller.progress_dialog.labelText() == WAITING_MESSAGE
                and controller.progress_dialog.isVisible()
            ),
            timeout=10_000,
        )
        quit_button = controller.progress_dialog.findChild(QPushButton)
        assert quit_button is not None and quit_button.text() == "Quit"
        if then == "user quits":
            with qtbot.waitSignal(controller.sig_quit, timeout=10_000) as quit_signal:
                qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)
            assert quit_signal.args == [0]
            assert current_revision(old_db.engine) == FIRST_REVISION
            return
        conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": PG_MIGRATION_LOCK})
        qtbot.waitUntil(  # migrating now: Quit is gone (an upgrade under way is not stopped)
            lambda: (
                controller.progress_dialog is None
                or controller.progress_dialog.findChild(QPushButton) is None
            ),
            timeout=10_000,
        )
        window = sign_in(qtbot, controller)
        assert current_revision(old_db.engine) == head_revision()
        window.close()
    finally:
        conn.close()
        holder.dispose()
