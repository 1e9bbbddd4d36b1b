"""Recording six-month follow-ups in bulk from the police's CSV of references (check, then record)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from divert_desktop.gui.casework.common import button
from divert_desktop.gui.models import Column
from divert_desktop.gui.shell import settings
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import DataTable, GuardedDialog, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.casework import outcomes
from divert_desktop.services.context import Actor

__all__ = ["FollowUpImportDialog", "summary"]

ERROR_COLUMNS = [
    Column("Row", lambda e: str(e.row), sort_key=lambda e: e.row, numeric=True),
    Column("Police reference", lambda e: e.police_reference or ""),
    Column("Field", lambda e: e.field.replace("_", " ")),
    Column("Problem", lambda e: e.message, tooltip=lambda e: e.message),
]


def summary(result: outcomes.FollowUpImportResult) -> str:
    verb = "Would record" if result.dry_run else "Recorded"
    text = (
        f"{verb} {result.updated} follow-up{'s' if result.updated != 1 else ''} from "
        f"{result.rows} row{'s' if result.rows != 1 else ''}; {result.unchanged} already "
        "recorded"
    )
    if result.rejected:
        rows = "1 row needs" if result.rejected == 1 else f"{result.rejected} rows need"
        text += f"; {rows} fixing (below)"
    return text + "."


class FollowUpImportDialog(GuardedDialog):
    """Imports the six-month follow-up answers from a file (``sig_imported``)."""

    sig_imported = Signal(object)
    primary_button_name = ""  # no Ctrl+S: it imports a file, it edits nothing

    def __init__(
        self, db: Database, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.runner = db, actor, runner
        self.setObjectName("followup_import_dialog")
        self.setWindowTitle("Six-month follow-ups")
        self.running = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        heading = QLabel("Record six-month follow-ups from a file", self)
        make_heading(heading, 1.3)
        layout.addWidget(heading)
        hint = QLabel(
            "A CSV file from the police with the columns police_reference, rearrested (yes, no "
            "or unknown), rearrest_date (for yes), learned_on and source. Check it first: nothing "
            "is recorded until you choose “Record follow-ups”.",
            self,
        )
        hint.setWordWrap(True)
        set_role(hint, "hint")
        layout.addWidget(hint)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("followup_path_edit")
        label = QLabel("&File", self)
        label.setBuddy(self.path_edit)
        self.browse_button = button(self, "browse_button", "&Choose file…", "Choose the CSV file")
        row.addWidget(label)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        layout.addLayout(row)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("followup_result_label")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.errors = DataTable("followup_errors_table", ERROR_COLUMNS, "Rows to fix", self)
        layout.addWidget(self.errors, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = button(self, "close_button", "Close", "Close this window")
        self.check_button = button(
            self, "check_button", "Chec&k file", "Check every row; record nothing"
        )
        self.import_button = button(
            self,
            "record_button",
            "&Record follow-ups",
            "Record the follow-ups of every good row",
            primary=True,
        )
        for b in (self.close_button, self.check_button, self.import_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.browse_button.clicked.connect(self.browse)
        self.check_button.clicked.connect(lambda: self.start(dry_run=True))
        self.import_button.clicked.connect(lambda: self.start(dry_run=False))
        self.close_button.clicked.connect(self.reject)
        self.errors.set_rows([], "Problems with rows are listed here after a check.")
        name_controls(self)
        self.resize(860, 560)

    def browse(self) -> None:
        folder = settings.load_text("followups/folder") or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Follow-up file", folder, "CSV files (*.csv)")
        if path:
            self.path_edit.setText(path)
            settings.save_text("followups/folder", str(Path(path).parent))

    def start(self, *, dry_run: bool) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.result_label.setText("Choose the follow-up file first.")
            set_role(self.result_label, "error")
            return
        self.running = True
        for b in (self.check_button, self.import_button):
            b.setEnabled(False)
        self.runner.run(
            outcomes.import_followups,
            self.db,
            self.actor,
            Path(text),
            dry_run=dry_run,
            on_done=self._done,
            on_error=self._failed,
            owner=self,
        )

    def _done(self, result: outcomes.FollowUpImportResult) -> None:
        self.running = False
        for b in (self.check_button, self.import_button):
            b.setEnabled(True)
        set_role(self.result_label, "notice")
        self.result_label.setText(summary(result))
        self.errors.set_rows(result.errors, "Every row is fine.")
        if not result.dry_run:
            self.sig_imported.emit(result)

    def _failed(self, error: TaskError) -> None:
        self.running = False
        for b in (self.check_button, self.import_button):
            b.setEnabled(True)
        set_role(self.result_label, "error")
        self.result_label.setText(error.message)
