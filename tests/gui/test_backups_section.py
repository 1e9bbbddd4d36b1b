"""Admin > Backups driven by object name: back up now, restore a backup (then sign in again),
a damaged backup refused with the database untouched, and PostgreSQL's procedure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit, QPushButton

from divert_desktop.core.enums import Role
from divert_desktop.gui.admin.backups_section import BackupsSection
from divert_desktop.gui.shell.main_window import MainWindow
from divert_desktop.persistence.engine import sqlite_path
from divert_desktop.persistence.models import Venue
from tests.gui.conftest import wait_idle


def _admin(qtbot: Any, db: Any, make_actor: Any, runner: Any, tmp_path: Path) -> Any:
    window = MainWindow(db, make_actor(db, Role.ADMINISTRATOR), runner)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("admin")
    wait_idle(qtbot, page)
    section = page.findChild(BackupsSection, "backups_section")
    section.set_folder(str(tmp_path / "backups"))
    qtbot.waitUntil(lambda: section.table.showing_empty_state, timeout=10_000)
    return window, section


def _close_restored_box(qtbot: Any) -> str:
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, QMessageBox) and w.objectName() == "restored_box" and w.isVisible()
            for w in QApplication.topLevelWidgets()
        ),
        timeout=10_000,
    )
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "restored_box")
    text = box.text()
    box.done(0)
    return text


def test_back_up_now_then_restore_and_sign_in_again(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    window, section = _admin(qtbot, sqlite_db, make_actor, runner, tmp_path)
    assert section.table.showing_empty_state and "Back up now" in section.table.empty_label.text()
    button = section.findChild(QPushButton, "backup_now_button")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.table.model.rowCount() == 1, timeout=10_000)
    assert section.message_label.text().startswith("Backed up the database")
    [made] = section.table.model.rows
    assert made.kind_text == "Made by hand" and (tmp_path / "backups" / made.name).is_file()

    with sqlite_db.unit_of_work() as s:  # a change made after the backup
        s.execute(sa.delete(Venue).where(Venue.name == "Walsall"))
    section.table.view.selectRow(0)
    with qtbot.waitSignal(window.sig_closed, timeout=15_000) as closed:
        section.restore_from(str(made.path), confirm=False)
    assert closed.args == [True]  # signing out: the app shows the sign-in again
    assert "restored from the backup made on" in _close_restored_box(qtbot)
    with sqlite_db.unit_of_work(write=False) as s:
        assert "Walsall" in set(s.execute(sa.select(Venue.name)).scalars())
    assert any(p.name.startswith("before-restore-") for p in (tmp_path / "backups").iterdir())


def test_a_damaged_backup_is_refused_and_nothing_changes(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    window, section = _admin(qtbot, sqlite_db, make_actor, runner, tmp_path)
    qtbot.mouseClick(section.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.table.model.rowCount() == 1, timeout=10_000)
    [made] = section.table.model.rows
    made.path.write_bytes(made.path.read_bytes()[:4096])
    source = sqlite_path(sqlite_db.url)
    before = source.read_bytes()
    section.restore_from(str(made.path), confirm=False)
    qtbot.waitUntil(lambda: not section.working, timeout=10_000)
    assert "damaged or incomplete" in section.message_label.text()
    assert window.isVisible() and source.read_bytes() == before
    assert section.restore_button.isEnabled()


def test_asking_first_and_keeping_the_current_data(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    window, section = _admin(qtbot, sqlite_db, make_actor, runner, tmp_path)
    qtbot.mouseClick(section.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.table.model.rowCount() == 1, timeout=10_000)
    asked: list[str] = []

    def keep(_parent: Any, _title: str, question: str, yes: str, no: str) -> bool:
        asked.append(f"{question} [{yes}/{no}]")
        return False

    monkeypatch.setattr("divert_desktop.gui.admin.backups_section.ask", keep)
    qtbot.mouseClick(section.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not section.working, timeout=10_000)
    assert asked and asked[0].startswith("Restore the backup made on ")
    assert asked[0].endswith("[Restore backup/Keep the current data]")
    assert section.message_label.text() == "Nothing was restored." and window.isVisible()


def test_postgresql_shows_the_administrators_procedure(
    qtbot: Any, make_actor: Any, runner: Any, tmp_path: Path, request: Any
) -> None:
    from divert_desktop.persistence.database import Database
    from tests.conftest import fresh_url

    db = Database(fresh_url("postgresql", request, tmp_path))
    try:
        window = MainWindow(db, make_actor(db, Role.ADMINISTRATOR), runner)
        qtbot.addWidget(window)
        window.show()
        page = window.show_page("admin")
        wait_idle(qtbot, page)
        text = page.findChild(QPlainTextEdit, "pg_procedure_edit").toPlainText()
        assert "pg_dump --host=" in text and "pg_restore" in text
        assert page.findChild(QPushButton, "backup_now_button") is None
        qtbot.mouseClick(
            page.findChild(QPushButton, "copy_procedure_button"), Qt.MouseButton.LeftButton
        )
        assert QApplication.clipboard().text() == text
        window.close()
    finally:
        db.dispose()


def test_the_first_start_of_the_day_makes_a_daily_backup(
    qtbot: Any, qapp: Any, sqlite_db: Any, runner: Any, tmp_path: Path
) -> None:
    from divert_desktop.app import PRELOAD_MS, AppController
    from divert_desktop.gui.shell import settings
    from divert_desktop.services.admin.backups import list_backups

    settings.save_text("backups/folder", str(tmp_path / "daily"))
    for start in range(2):  # a second start on the same day makes no second backup
        controller = AppController(qapp, sqlite_db, runner)
        controller.start()
        qtbot.waitUntil(lambda controller=controller: controller.dialog is not None, timeout=20_000)
        if start == 0:  # started a moment after the window (app.PRELOAD_MS), on the worker
            qtbot.waitUntil(lambda: bool(list_backups(tmp_path / "daily")), timeout=20_000)
        else:
            qtbot.wait(3 * PRELOAD_MS)  # its turn to look, and find today's backup made
        runner.wait_for_done()
        controller.dialog.close()
    made = list_backups(tmp_path / "daily")
    assert [b.kind for b in made] == ["daily"] and made[0].has_checksum


def test_keeping_one_or_many_backups_is_said_in_good_english(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    _window, section = _admin(qtbot, sqlite_db, make_actor, runner, tmp_path)
    for keep, said in (
        (1, "Only the newest backup of each kind is kept."),
        (2, "The newest 2 backups of each kind are kept."),
    ):
        section.keep_spin.setValue(keep)
        section.save_keep()
        qtbot.waitUntil(lambda said=said: section.message_label.text() == said, timeout=10_000)


def test_a_restore_while_another_copy_has_the_database_open_is_refused(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    from divert_desktop.persistence.database import Database

    window, section = _admin(qtbot, sqlite_db, make_actor, runner, tmp_path)
    qtbot.mouseClick(section.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.table.model.rowCount() == 1, timeout=10_000)
    [made] = section.table.model.rows
    other = Database(sqlite_db.url)  # another copy of the app on this computer
    try:
        with other.unit_of_work() as s:
            s.execute(sa.delete(Venue).where(Venue.name == "Walsall"))
        section.restore_from(str(made.path), confirm=False)
        qtbot.waitUntil(lambda: not section.working, timeout=10_000)
        text = section.message_label.text()
        assert "open in another copy of DIVERT Desktop" in text and "Close it and try" in text
        assert window.isVisible() and not any(
            p.name.startswith("before-restore-") for p in (tmp_path / "backups").iterdir()
        )
        with other.unit_of_work() as s:  # the other copy's saves still count
            s.execute(sa.delete(Venue).where(Venue.name == "Dudley"))
    finally:
        other.dispose()
    with sqlite_db.unit_of_work(write=False) as s:
        names = set(s.execute(sa.select(Venue.name)).scalars())
    assert not {"Walsall", "Dudley"} & names


def test_a_window_whose_database_file_was_replaced_signs_out_and_says_why(
    qtbot: Any, qapp: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    import os
    import shutil

    from divert_desktop.app import AppController
    from divert_desktop.gui.shell.login_dialog import LoginDialog
    from divert_desktop.persistence.backup import online_backup

    rita = make_actor(sqlite_db, Role.RECEPTIONIST, username="rita")
    source = sqlite_path(sqlite_db.url)
    copy = online_backup(source, tmp_path / "copy.sqlite3").path
    controller = AppController(qapp, sqlite_db, runner)
    window = controller.signed_in(rita)
    wait_idle(qtbot, window.ui.page_stack.currentWidget())
    incoming = tmp_path / "incoming.sqlite3"  # replaced behind its back, as a restore would
    shutil.copyfile(copy, incoming)
    os.replace(incoming, source)
    window.refresh_current()  # her next action
    qtbot.waitUntil(lambda: isinstance(controller.dialog, LoginDialog), timeout=10_000)
    login = controller.dialog
    assert controller.window is None
    assert "database has been replaced" in login.ui.message_label.text()
    assert login.ui.message_label.isVisible()
    login.close()
