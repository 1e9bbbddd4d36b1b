"""Import referrals: choose a file, import it on the database worker, see every row's outcome."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QHeaderView, QWidget

from divert_desktop.gui.forms.ui_import_dialog import Ui_ImportDialog
from divert_desktop.gui.models import Column, RowTableModel
from divert_desktop.gui.shell import settings
from divert_desktop.gui.shell.tasks import Task, TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import ask, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.intake.police_import import (
    ImportCancelled,
    ImportResult,
    RowOutcome,
    import_referrals,
    write_rejects,
)

OUTCOME_WORDS = {"imported": "Imported", "duplicate": "Duplicate", "rejected": "Rejected"}
OUTCOME_ICONS = {"imported": "status-ok", "duplicate": "status-info", "rejected": "status-error"}
OUTCOME_ORDER = {"rejected": 0, "duplicate": 1, "imported": 2}

RESULT_COLUMNS = [
    Column("Row", lambda o: str(o.row), sort_key=lambda o: o.row),
    Column("Police reference", lambda o: o.police_reference or "–"),
    Column(
        "Outcome",
        lambda o: OUTCOME_WORDS.get(o.outcome, o.outcome.capitalize()),
        sort_key=lambda o: (OUTCOME_ORDER.get(o.outcome, 3), o.row),
        icon=lambda o: OUTCOME_ICONS.get(o.outcome),
    ),
    Column("Status", lambda o: (o.status or "").replace("_", " ").capitalize() or "–"),
    Column("What happened", lambda o: o.message, tooltip=lambda o: o.message),
]


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def summary_text(result: ImportResult) -> str:
    """ "Imported 10 of 12 rows: 1 duplicate, 1 rejected, 2 ineligible, 1 possible match to review"."""
    verb = "Would import" if result.dry_run else "Imported"
    text = (
        f"{verb} {result.imported} of {_plural(result.rows, 'row')}: "
        f"{_plural(result.duplicates, 'duplicate')}, {result.rejected} rejected, "
        f"{result.ineligible} ineligible, {result.held} held for a manager, "
        f"{_plural(result.possible_matches, 'possible match', 'possible matches')} to review."
    )
    if result.dry_run:
        text += " Nothing was stored: this was a check only."
    elif result.rejected:
        text += " Rejected rows were not stored: save them, correct them and import them again."
    if result.not_booked:
        text += (
            f" {result.not_booked} imported without the appointment asked for: see Needs "
            "rebooking on the Today page."
        )
    if result.ignored_columns:
        text += " Columns not used, ignored: " + ", ".join(result.ignored_columns) + "."
    return text


class ImportDialog(QDialog):
    """Runs ``services.importer.import_referrals`` with a progress bar and Cancel, then shows the
    result of every row, rejected rows included. ``sig_imported`` follows a real (not dry) run."""

    sig_imported = Signal(object)  # ImportResult

    def __init__(
        self, db: Database, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_ImportDialog()
        self.ui.setupUi(self)
        self._db, self._actor, self._runner = db, actor, runner
        self.task: Task | None = None
        self.result: ImportResult | None = None
        self._close_when_stopped = False
        u = self.ui
        make_heading(u.heading_label)
        set_role(u.intro_label, "hint")
        set_role(u.progress_label, "hint")
        set_role(u.summary_label, "notice")
        self.model = RowTableModel(RESULT_COLUMNS, self)
        u.result_table.setModel(self.model)
        # Problems first: rejected rows, then duplicates, then imported, each in file order.
        u.result_table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)
        self.model.sort(2, Qt.SortOrder.AscendingOrder)
        u.result_table.verticalHeader().hide()
        u.result_table.horizontalHeader().setStretchLastSection(True)
        u.result_table.setWordWrap(False)
        u.result_table.hide()
        u.import_progress.setValue(0)
        u.import_progress.setFormat("%p%")
        u.browse_button.clicked.connect(self.browse)
        u.start_button.clicked.connect(self.start)
        u.cancel_button.clicked.connect(self.cancel)
        u.close_button.clicked.connect(self.reject)
        u.save_rejects_button.clicked.connect(self.save_rejects)
        u.file_path_edit.textChanged.connect(lambda _t: self._update_buttons())
        self._update_buttons()
        name_controls(self)

    # ---------------------------------------------------------------- state
    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.finished

    def _update_buttons(self) -> None:
        u = self.ui
        running = self.running
        u.start_button.setEnabled(not running and bool(u.file_path_edit.text().strip()))
        u.cancel_button.setEnabled(running and not (self.task and self.task.is_cancelled()))
        u.cancel_button.setVisible(running)
        u.file_path_edit.setEnabled(not running)
        u.browse_button.setEnabled(not running)
        u.dry_run_check.setEnabled(not running)
        u.close_button.setEnabled(not running)
        u.save_rejects_button.setEnabled(
            not running and self.result is not None and bool(self.result.rejected)
        )

    # ---------------------------------------------------------------- actions
    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Choose a referral file",
            settings.last_folder("import"),
            "Referral files (*.csv *.jsonl *.txt);;All files (*)",
        )
        if path:
            self.ui.file_path_edit.setText(path)
            settings.remember_folder("import", path)

    def start(self) -> None:
        """Import (or check) the chosen file on the database worker."""
        if self.running:
            return
        u = self.ui
        path = u.file_path_edit.text().strip()
        if not path:
            self._show_summary("Choose the file to import first.", error=True)
            return
        self.result = None
        self.model.set_rows([])
        u.result_table.hide()
        u.import_progress.setRange(0, 0)  # busy until the first progress report
        u.progress_label.setText("Reading the file…")
        self._show_summary("")
        self.task = self._runner.run(
            import_referrals,
            self._db,
            self._actor,
            Path(path),
            dry_run=u.dry_run_check.isChecked(),
            on_progress=self._progress,
            on_done=self._done,
            on_error=self._failed,
            owner=self,
        )
        self.task.sig_cancelled.connect(self._stopped)  # cancelled before it even started
        self.task.sig_finished.connect(self._finished)
        self._update_buttons()
        u.cancel_button.setFocus()

    def cancel(self) -> None:
        """Stop the running import; the service rolls everything back."""
        if self.running and self.task is not None:
            self.task.cancel()
            self.ui.progress_label.setText("Stopping… nothing from this file will be stored.")
            self._update_buttons()

    def _progress(self, done: int, total: int, text: str) -> None:
        bar = self.ui.import_progress
        if total > 0:
            bar.setRange(0, total)
            bar.setValue(min(done, total))
        if not (self.task and self.task.is_cancelled()):
            self.ui.progress_label.setText(text)

    def _done(self, result: ImportResult) -> None:
        self.result = result
        u = self.ui
        if u.import_progress.maximum() <= 0:
            u.import_progress.setRange(0, 1)
        u.import_progress.setValue(u.import_progress.maximum())
        u.progress_label.setText("Check finished." if result.dry_run else "Import finished.")
        self.show_outcomes(result.outcomes)
        self._show_summary(summary_text(result))
        if not result.dry_run:
            self.sig_imported.emit(result)

    def _failed(self, error: TaskError) -> None:
        u = self.ui
        u.import_progress.setRange(0, 1)
        u.import_progress.setValue(0)
        if isinstance(error.exception, ImportCancelled):
            self._stopped()
        else:
            u.progress_label.setText("")
            self._show_summary(error.message, error=True)

    def _stopped(self) -> None:
        self.ui.import_progress.setRange(0, 1)
        self.ui.import_progress.setValue(0)
        self.ui.progress_label.setText("Import stopped.")
        self._show_summary("The import was stopped. Nothing from this file was stored.")

    def _finished(self) -> None:
        self._update_buttons()
        if self._close_when_stopped:
            super().reject()

    def show_outcomes(self, outcomes: list[RowOutcome]) -> None:
        table = self.ui.result_table
        self.model.set_rows(outcomes)
        table.show()
        header = table.horizontalHeader()
        table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            header.resizeSection(column, min(header.sectionSize(column) + 16, 260))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)

    def _show_summary(self, text: str, *, error: bool = False) -> None:
        label = self.ui.summary_label
        label.setText(text)
        set_role(label, "error" if error else "notice")
        label.setVisible(bool(text))

    # ---------------------------------------------------------------- rejects
    def save_rejects(self) -> None:
        if self.result is None or not self.result.rejected:
            return
        suggested = str(Path(settings.last_folder("rejects")) / "rejected-referrals.csv")
        path, _ = QFileDialog.getSaveFileName(
            self, "Save rejected rows", suggested, "CSV files (*.csv)"
        )
        if path:
            settings.remember_folder("rejects", path)
            self.save_rejects_to(path)

    def save_rejects_to(self, path: str | Path) -> Task | None:
        """Write the rejected rows (with their problems) to a CSV file on the file worker."""
        if self.result is None:
            return None
        target = Path(path)
        return self._runner.run(
            write_rejects,
            self.result,
            target,
            lane="io",
            on_done=lambda count: self.ui.progress_label.setText(
                f"Saved {_plural(count, 'rejected row')} to {target.name}."
            ),
            on_error=lambda error: self._show_summary(error.message, error=True),
            owner=self,
        )

    # ---------------------------------------------------------------- closing
    def reject(self) -> None:
        """Esc or Close: while importing, ask first; stopping rolls the import back."""
        if not self.running:
            super().reject()
            return
        if ask(
            self,
            "Stop the import?",
            "The import is still running. Stop it? Nothing from this file will be stored.",
            "Stop import",
            "Keep importing",
        ):
            self._close_when_stopped = True
            self.cancel()
