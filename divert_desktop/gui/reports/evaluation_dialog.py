"""Reports → Evaluation extract…: the pseudonymised CSV for the police evaluators (managers)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import DateField, GuardedDialog
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.reports.evaluation import EvaluationExtract, export_evaluation

INTRO = (
    "One row per referral made in the period, for the police's evaluation: no names, dates of "
    "birth, addresses, contact details, officers or notes. Referrals are shown by a code made "
    "with the key file you share with the police evaluators. Small groups of people are "
    "generalised so that nobody can be picked out."
)


class EvaluationDialog(GuardedDialog):
    """Choose a period, the key file and where to save; the extract is made on a worker thread.
    ``sig_finished`` carries the EvaluationExtract, or None when it failed."""

    primary_button_name = ""  # no Ctrl+S: it makes a file, it edits nothing

    sig_finished = Signal(object)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        date_from: date,
        date_to: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("evaluation_dialog")
        self.setWindowTitle("Evaluation extract")
        self._db, self._actor, self._runner = db, actor, runner
        self.result_extract: EvaluationExtract | None = None
        layout = QVBoxLayout(self)
        heading = QLabel("Evaluation extract", self)
        make_heading(heading)
        layout.addWidget(heading)
        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        set_role(intro, "hint")
        layout.addWidget(intro)
        grid = QGridLayout()
        self.from_edit = DateField(date_from, self)
        self.from_edit.setObjectName("evaluation_from_edit")
        self.to_edit = DateField(date_to, self)
        self.to_edit.setObjectName("evaluation_to_edit")
        self.key_edit = QLineEdit(self)
        self.key_edit.setObjectName("key_file_edit")
        self.key_button = QPushButton("Choose key file…", self)
        self.key_button.setObjectName("choose_key_button")
        self.out_edit = QLineEdit(self)
        self.out_edit.setObjectName("output_file_edit")
        self.out_button = QPushButton("Save as…", self)
        self.out_button.setObjectName("choose_output_button")
        rows = [
            ("&From", self.from_edit, None),
            ("&To", self.to_edit, None),
            ("&Key file", self.key_edit, self.key_button),
            ("&Save the extract as", self.out_edit, self.out_button),
        ]
        for i, (text, field, button) in enumerate(rows):
            label = QLabel(text, self)
            label.setBuddy(field)
            field.setAccessibleName(text.replace("&", ""))
            grid.addWidget(label, i, 0)
            grid.addWidget(field, i, 1)
            if button is not None:
                grid.addWidget(button, i, 2)
        layout.addLayout(grid)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("evaluation_progress")
        self.progress.hide()
        layout.addWidget(self.progress)
        self.message_label = QLabel("", self)
        self.message_label.setObjectName("evaluation_message_label")
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)
        buttons = QDialogButtonBox(self)
        self.make_button = buttons.addButton("Make extract", QDialogButtonBox.ButtonRole.AcceptRole)
        self.make_button.setObjectName("make_extract_button")
        self.make_button.setProperty("primary", True)
        self.close_button = buttons.addButton("Close", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setObjectName("close_button")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.make_button.clicked.connect(self.make)
        self.close_button.clicked.connect(self.reject)
        self.key_button.clicked.connect(self._choose_key)
        self.out_button.clicked.connect(self._choose_out)
        for field in (self.from_edit, self.to_edit):
            field.sig_invalid.connect(self._error)
        self.resize(620, 360)

    def _choose_key(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose the evaluation key file", str(Path.home()), "All files (*)"
        )
        if path:
            self.key_edit.setText(path)

    def _choose_out(self) -> None:
        name = (
            f"DIVERT evaluation {self.from_edit.date().isoformat()} to "
            f"{self.to_edit.date().isoformat()}.csv"
        )
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the evaluation extract", str(Path.home() / name), "CSV file (*.csv)"
        )
        if path:
            self.out_edit.setText(path if path.lower().endswith(".csv") else f"{path}.csv")

    def _error(self, text: str) -> None:
        set_role(self.message_label, "error")
        self.message_label.setText(text)

    def make(self) -> None:
        """Check the fields and make the extract on a worker thread."""
        key, out = self.key_edit.text().strip(), self.out_edit.text().strip()
        if not key:
            self._error("Choose the key file shared with the police evaluators.")
            return
        if not out:
            self._error("Choose where to save the extract.")
            return
        self.make_button.setEnabled(False)
        set_role(self.message_label, "hint")
        self.message_label.setText("Making the extract…")
        self.progress.setValue(0)
        self.progress.show()
        self._runner.run(
            export_evaluation,
            self._db,
            self._actor,
            self.from_edit.date(),
            self.to_edit.date(),
            Path(key),
            Path(out),
            lane="io",
            owner=self,
            on_done=self._done,
            on_error=self._failed,
            on_progress=self._progress,
        )

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(text or "%p%")

    def _done(self, made: EvaluationExtract) -> None:
        self.result_extract = made
        self.progress.hide()
        self.make_button.setEnabled(True)
        set_role(self.message_label, "hint")
        self.message_label.setText(made.message())
        self.sig_finished.emit(made)

    def _failed(self, error: TaskError) -> None:
        self.progress.hide()
        self.make_button.setEnabled(True)
        self._error(error.message)
        self.sig_finished.emit(None)
