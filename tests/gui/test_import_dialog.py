"""Import referrals: on a worker with progress, every row's outcome shown, cancel rolls back."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import QPoint, Qt

from divert_desktop.core.enums import Role
from divert_desktop.gui.intake.import_dialog import ImportDialog
from divert_desktop.gui.shell.main_window import MainWindow
from divert_desktop.persistence.models import Person, Referral
from tests.gui.conftest import wait_idle
from tests.gui.factories import big_file, mixed_file


def count(db: Any, model: Any) -> int:
    with db.unit_of_work(write=False) as session:
        return int(session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one())


def open_dialog(qtbot: Any, db: Any, actor: Any, runner: Any) -> ImportDialog:
    dialog = ImportDialog(db, actor, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def start(qtbot: Any, dialog: ImportDialog, path: Path) -> None:
    qtbot.keyClicks(dialog.ui.file_path_edit, str(path))
    qtbot.mouseClick(dialog.ui.start_button, Qt.MouseButton.LeftButton)


def outcomes_shown(dialog: ImportDialog) -> dict[str, list[str]]:
    """Outcome word -> police references, as the result table shows them."""
    model = dialog.ui.result_table.model()
    shown: dict[str, list[str]] = {}
    for row in range(model.rowCount()):
        word = model.index(row, 2).data()
        shown.setdefault(word, []).append(model.index(row, 1).data())
    return shown


def test_import_runs_on_a_worker_and_shows_imported_and_rejected_rows(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    dialog = open_dialog(qtbot, sqlite_db, actor, runner)
    progress: list[int] = []
    dialog.ui.import_progress.valueChanged.connect(progress.append)
    assert not dialog.ui.start_button.isEnabled()  # nothing chosen yet
    with qtbot.waitSignal(dialog.sig_imported, timeout=20_000) as blocker:
        start(qtbot, dialog, mixed_file(tmp_path / "police.csv"))
        assert dialog.running and dialog.task is not None
        assert not dialog.ui.start_button.isEnabled() and dialog.ui.cancel_button.isEnabled()
    result = blocker.args[0]
    assert (result.rows, result.imported, result.rejected, result.ineligible) == (12, 10, 2, 2)
    assert progress and max(progress) == dialog.ui.import_progress.maximum()
    shown = outcomes_shown(dialog)
    assert len(shown["Imported"]) == 10 and len(shown["Rejected"]) == 2
    assert {"WMP-T-000011", "WMP-T-000012"} == set(shown["Rejected"])
    model = dialog.ui.result_table.model()
    rejected_row = next(
        r for r in range(model.rowCount()) if model.index(r, 2).data() == "Rejected"
    )
    assert not model.index(rejected_row, 2).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(rejected_row, 4).data()  # what was wrong, in words
    summary = dialog.ui.summary_label.text()
    assert summary.startswith("Imported 10 of 12 rows: 0 duplicates, 2 rejected, 2 ineligible")
    assert dialog.ui.save_rejects_button.isEnabled() and dialog.ui.start_button.isEnabled()
    assert count(sqlite_db, Referral) == 10


def test_importing_the_same_file_again_changes_nothing(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    path = mixed_file(tmp_path / "police.csv")
    dialog = open_dialog(qtbot, sqlite_db, actor, runner)
    with qtbot.waitSignal(dialog.sig_imported, timeout=20_000):
        start(qtbot, dialog, path)
    with qtbot.waitSignal(dialog.sig_imported, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.ui.start_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].imported == 0 and blocker.args[0].duplicates == 10
    assert len(outcomes_shown(dialog)["Duplicate"]) == 10
    assert count(sqlite_db, Referral) == 10


def test_a_dry_run_reports_but_stores_nothing(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    dialog = open_dialog(qtbot, sqlite_db, actor, runner)
    imported: list[Any] = []
    dialog.sig_imported.connect(imported.append)
    box = dialog.ui.dry_run_check
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert dialog.ui.dry_run_check.isChecked()
    start(qtbot, dialog, mixed_file(tmp_path / "police.csv"))
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20_000)
    assert dialog.result.dry_run and dialog.result.imported == 10
    assert dialog.ui.summary_label.text().startswith("Would import 10 of 12 rows")
    assert "Nothing was stored" in dialog.ui.summary_label.text()
    assert imported == [] and count(sqlite_db, Referral) == 0


def test_cancelling_mid_import_leaves_the_database_unchanged(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    people_before = count(sqlite_db, Person)
    dialog = open_dialog(qtbot, sqlite_db, actor, runner)
    path = big_file(tmp_path / "big.csv", 3000)
    qtbot.keyClicks(dialog.ui.file_path_edit, str(path))
    qtbot.mouseClick(dialog.ui.start_button, Qt.MouseButton.LeftButton)
    task = dialog.task
    assert task is not None
    # Cancel as soon as the worker reports its first progress (it is then mid-import).
    with qtbot.waitSignal(task.sig_progress, timeout=20_000):
        pass
    qtbot.mouseClick(dialog.ui.cancel_button, Qt.MouseButton.LeftButton)
    assert "Stopping" in dialog.ui.progress_label.text()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert dialog.result is None
    assert dialog.ui.summary_label.text() == (
        "The import was stopped. Nothing from this file was stored."
    )
    assert count(sqlite_db, Referral) == 0 and count(sqlite_db, Person) == people_before
    assert dialog.ui.start_button.isEnabled() and dialog.ui.close_button.isEnabled()


def test_cancel_right_after_start_also_stores_nothing(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    dialog = open_dialog(qtbot, sqlite_db, actor, runner)
    start(qtbot, dialog, big_file(tmp_path / "big.csv", 1500))
    dialog.cancel()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert "stopped" in dialog.ui.summary_label.text()
    assert count(sqlite_db, Referral) == 0


def test_an_unreadable_file_is_explained(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    dialog = open_dialog(qtbot, sqlite_db, actor, runner)
    start(qtbot, dialog, tmp_path / "missing.csv")
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    assert dialog.ui.summary_label.isVisible()
    assert dialog.ui.summary_label.property("role") == "error"
    assert dialog.ui.summary_label.text()
    assert dialog.result is None


def test_rejected_rows_can_be_saved_for_correction(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    dialog = open_dialog(qtbot, sqlite_db, actor, runner)
    with qtbot.waitSignal(dialog.sig_imported, timeout=20_000):
        start(qtbot, dialog, mixed_file(tmp_path / "police.csv"))
    target = tmp_path / "rejects.csv"
    task = dialog.save_rejects_to(target)
    assert task is not None and task.lane == "io"
    qtbot.waitUntil(lambda: task.finished, timeout=10_000)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["police_reference"] for r in rows] == ["WMP-T-000011", "WMP-T-000012"]
    assert "Saved 2 rejected rows" in dialog.ui.progress_label.text()


def test_the_main_window_refreshes_referrals_after_an_import(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    window = MainWindow(sqlite_db, actor, runner)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("referrals")
    wait_idle(qtbot, page)
    assert page.table.showing_empty_state
    assert "Import referrals" in page.table.empty_label.text()
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = window.import_dialog
    assert dialog is not None and dialog.isVisible() and dialog.objectName() == "import_dialog"
    with qtbot.waitSignal(page.sig_loaded, timeout=30_000):
        start(qtbot, dialog, mixed_file(tmp_path / "police.csv"))
    assert page.table.model.rowCount() == 10
    assert window.ui.status_bar.currentMessage().startswith("Imported 10 of 12 rows")
    qtbot.mouseClick(dialog.ui.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_ctrl_i_opens_the_import_dialog(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    window = MainWindow(sqlite_db, make_actor(sqlite_db, Role.CASEWORKER), runner)
    qtbot.addWidget(window)
    window.show()
    assert window.ui.import_action.shortcut().toString() == "Ctrl+I"
    window.ui.import_action.trigger()
    assert window.import_dialog is not None and window.import_dialog.isVisible()
