"""Reports → Evaluation extract…: the dialog makes the file on a worker thread and says what it
generalised; a key file in the data folder is refused with a message in the dialog."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from divert_desktop.core.enums import Role
from divert_desktop.gui.reports.evaluation_dialog import EvaluationDialog
from divert_desktop.paths import user_data_dir
from divert_desktop.services.reports.evaluation import EVALUATION_COLUMNS
from tests.db.test_evaluation import KEY, population
from tests.gui.test_reports_page import _page


def _click(qtbot: Any, dialog: EvaluationDialog, name: str) -> None:
    qtbot.mouseClick(dialog.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def test_evaluation_extract_from_the_reports_page(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    population(sqlite_db, 20, seed=4)
    page = _page(qtbot, sqlite_db, make_actor(sqlite_db, Role.MANAGER), runner)
    page.from_edit.set_date(date(2026, 1, 1))
    page.to_edit.set_date(date(2026, 12, 31))
    button = page.findChild(QPushButton, "evaluation_extract_button")
    assert button is not None and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(EvaluationDialog, "evaluation_dialog")
    assert dialog is not None and dialog.isVisible()
    key = tmp_path / "divert-evaluation.key"
    key.write_bytes(KEY)
    out = tmp_path / "extract"
    monkeypatch.setattr(
        "divert_desktop.gui.reports.evaluation_dialog.QFileDialog.getOpenFileName",
        lambda *a: (str(key), ""),
    )
    monkeypatch.setattr(
        "divert_desktop.gui.reports.evaluation_dialog.QFileDialog.getSaveFileName",
        lambda *a: (str(out), ""),
    )
    _click(qtbot, dialog, "make_extract_button")  # nothing chosen yet: says what to do
    message = dialog.message_label.text()
    assert message == "Choose the key file shared with the police evaluators."
    _click(qtbot, dialog, "choose_key_button")
    _click(qtbot, dialog, "choose_output_button")
    assert dialog.findChild(QLineEdit, "output_file_edit").text() == f"{out}.csv"
    with qtbot.waitSignal(dialog.sig_finished, timeout=30_000) as done:
        _click(qtbot, dialog, "make_extract_button")
    made = done.args[0]
    assert made is not None and made.rows == 20
    text = dialog.message_label.text()
    assert text.startswith("Wrote 20 referral(s) to extract.csv.")
    assert "Ethnicity shown as its broad group" in text and made.fingerprint in text
    with open(f"{out}.csv", encoding="utf-8", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == EVALUATION_COLUMNS
    inside = user_data_dir() / "gui-evaluation.key"
    inside.write_bytes(KEY)
    try:
        dialog.findChild(QLineEdit, "key_file_edit").setText(str(inside))
        with qtbot.waitSignal(dialog.sig_finished, timeout=30_000) as failed:
            _click(qtbot, dialog, "make_extract_button")
    finally:
        inside.unlink()
    assert failed.args[0] is None
    assert "must not be kept in the app's data folder" in dialog.message_label.text()
    dialog.reject()
