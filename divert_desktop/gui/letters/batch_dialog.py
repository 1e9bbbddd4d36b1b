"""Letters in a batch: choose which, run on a worker with a progress bar and Cancel, see who was
left out, open the folder or the one file to print."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.enums import LetterTemplate
from divert_desktop.core.letters import permission_for
from divert_desktop.gui.letters.pdf_panel import PdfPanel
from divert_desktop.gui.models import Column
from divert_desktop.gui.shell import settings
from divert_desktop.gui.shell.tasks import Task, TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import DataTable, DateField, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.letters.batches import BatchResult, run_batch

T = LetterTemplate
BATCHES = [
    (T.APPOINTMENT_REMINDER, "Reminders for appointments on a day", False),
    (T.MISSED_APPOINTMENT, "Missed appointments on a day (yesterday)", False),
    (T.POLICE_OUTCOME, "Outcomes to the police decided between two dates, not yet sent", True),
    (T.APPOINTMENT_CONFIRMATION, "Confirmations for appointments on a day", False),
    (T.COMPLETION, "Completion letters for referrals completed between two dates", True),
    (T.NOT_ENGAGED, "Not-engaged letters for referrals closed between two dates", True),
]
LEFT_OUT_COLUMNS = [
    Column("Police reference", lambda x: x.police_reference),
    Column("Person", lambda x: x.person_name),
    Column("Why they were left out", lambda x: x.reason, tooltip=lambda x: x.reason),
]


def default_dates(template: LetterTemplate, today: date) -> tuple[date, date]:
    if template == T.MISSED_APPOINTMENT:
        return today - timedelta(days=1), today - timedelta(days=1)
    if template in (T.APPOINTMENT_REMINDER, T.APPOINTMENT_CONFIRMATION):
        return today + timedelta(days=1), today + timedelta(days=1)
    return today - timedelta(days=7), today


class LetterBatchDialog(QDialog):
    """Runs a batch on the pdf lane; ``sig_finished`` carries the BatchResult."""

    sig_finished = Signal(object)
    sig_status = Signal(str)

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        *,
        template: LetterTemplate | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("letter_batch_dialog")
        self.setWindowTitle("Letters in a batch")
        self.db, self.actor, self.runner = db, actor, runner
        self.today = today or db.clock.today()
        self.task: Task | None = None
        self.result: BatchResult | None = None
        layout = QVBoxLayout(self)
        heading = QLabel("Letters in a batch", self)
        make_heading(heading, 1.25)
        layout.addWidget(heading)
        intro = QLabel(
            "Each letter is logged on the person's record and saved as its own file, "
            "with one file holding them all for printing. People who must not be "
            "written to at their address are left out and listed.",
            self,
        )
        intro.setWordWrap(True)
        set_role(intro, "hint")
        layout.addWidget(intro)
        form = QFormLayout()
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("batch_kind_combo")
        for kind, text, ranged in BATCHES:
            if actor.can(permission_for(kind)):
                self.kind_combo.addItem(text, (kind, ranged))
        form.addRow("&Which letters", self.kind_combo)
        self.from_edit = DateField(self.today, self)
        self.from_edit.setObjectName("batch_from_edit")
        self.to_edit = DateField(self.today, self)
        self.to_edit.setObjectName("batch_to_edit")
        self.from_label = QLabel("&Day", self)
        self.from_label.setBuddy(self.from_edit)
        self.to_label = QLabel("&To", self)
        self.to_label.setBuddy(self.to_edit)
        form.addRow(self.from_label, self.from_edit)
        form.addRow(self.to_label, self.to_edit)
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setObjectName("batch_folder_edit")
        self.folder_edit.setText(
            settings.load_text("letters/batch_folder") or str(Path.home() / "DIVERT letters")
        )
        self.browse_button = QPushButton("B&rowse…", self)
        self.browse_button.setObjectName("browse_button")
        self.browse_button.clicked.connect(self._browse)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        folder_label = QLabel("Save in &folder", self)
        folder_label.setBuddy(self.folder_edit)
        form.addRow(folder_label, folder_row)
        self.large_print_check = QCheckBox(
            "Large print for everyone (otherwise as each person's record says)", self
        )
        self.large_print_check.setObjectName("batch_large_print_check")
        form.addRow("", self.large_print_check)
        layout.addLayout(form)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("batch_progress_bar")
        self.progress_bar.setAccessibleName("Progress")
        self.progress_bar.hide()
        layout.addWidget(self.progress_bar)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("batch_message_label")
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)
        self.left_out_label = QLabel(
            "People left out: write to them another way, or update their record", self
        )
        self.left_out_label.setObjectName("left_out_label")
        make_heading(self.left_out_label, 1.05)
        self.left_out_label.hide()
        layout.addWidget(self.left_out_label)
        self.left_out = DataTable("left_out_table", LEFT_OUT_COLUMNS, "People left out", self)
        self.left_out.hide()
        layout.addWidget(self.left_out, 10)
        layout.addStretch(1)  # takes the room while the table is hidden
        buttons = QHBoxLayout()
        self.open_folder_button = QPushButton("Open &folder", self)
        self.open_folder_button.setObjectName("open_folder_button")
        self.open_combined_button = QPushButton("Open the file to &print", self)
        self.open_combined_button.setObjectName("open_combined_button")
        self.start_button = QPushButton("&Make letters", self)
        self.start_button.setObjectName("start_button")
        self.start_button.setProperty("primary", True)
        self.start_button.setDefault(True)
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("close_button")
        for button in (self.open_folder_button, self.open_combined_button):
            button.hide()
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.start_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        self.open_folder_button.clicked.connect(lambda: self._open(Path(self.folder_edit.text())))
        self.open_combined_button.clicked.connect(
            lambda: (
                self._open(self.result.combined) if self.result and self.result.combined else None
            )
        )
        if template is not None:
            index = next(
                (
                    i
                    for i in range(self.kind_combo.count())
                    if self.kind_combo.itemData(i)[0] == template
                ),
                0,
            )
            self.kind_combo.setCurrentIndex(index)
        self._kind_changed()
        name_controls(self)
        self.resize(760, 560)

    @property
    def kind(self) -> tuple[LetterTemplate, bool] | None:
        return self.kind_combo.currentData()

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.finished

    def _kind_changed(self) -> None:
        if self.kind is None:
            self.start_button.setEnabled(False)
            self.message_label.setText("Your role cannot make letters in a batch.")
            return
        template, ranged = self.kind
        first, last = default_dates(template, self.today)
        self.from_edit.set_date(first)
        self.to_edit.set_date(last)
        self.from_label.setText("&From" if ranged else "&Day")
        self.to_label.setVisible(ranged)
        self.to_edit.setVisible(ranged)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Save the letters in", self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)

    def _open(self, path: Path) -> None:
        PdfPanel.open_url(QUrl.fromLocalFile(str(path)))

    def start(self) -> None:
        """Make the letters on the pdf worker, with progress."""
        if self.kind is None or self.running:
            return
        template, ranged = self.kind
        first = self.from_edit.date()
        last = self.to_edit.date() if ranged else None
        folder = self.folder_edit.text().strip()
        if not folder:
            self.message_label.setText("Choose the folder to save the letters in.")
            return
        settings.save_text("letters/batch_folder", folder)
        self.result = None
        self.left_out.hide()
        self.left_out_label.hide()
        self.open_folder_button.hide()
        self.open_combined_button.hide()
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.message_label.setText("Finding the letters to make…")
        self.start_button.setEnabled(False)
        self.close_button.setText("Cancel")
        self.close_button.setToolTip(
            "Stop after the letter being made (letters made so far are kept)"
        )
        self.task = self.runner.run(
            run_batch,
            self.db,
            self.actor,
            template,
            first,
            last,
            folder,
            large_print=True if self.large_print_check.isChecked() else None,
            lane="pdf",
            owner=self,
            on_done=self._done,
            on_error=self._failed,
            on_progress=self._progress,
        )

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.message_label.setText(text)

    def _finish(self) -> None:
        self.progress_bar.hide()
        self.start_button.setEnabled(True)
        self.close_button.setText("Close")
        self.close_button.setToolTip("")

    def _done(self, result: BatchResult) -> None:
        self.result = result
        self.message_label.setText(
            result.summary
            if result.total or result.already_made
            else "There are no letters to make for those dates."
        )
        if result.left_out:
            self.left_out.set_rows(list(result.left_out))
            self.left_out.show()
            self.left_out_label.show()
        self.open_folder_button.setVisible(bool(result.files))
        self.open_combined_button.setVisible(result.combined is not None)
        self.sig_status.emit(result.summary)
        self.sig_finished.emit(result)
        self._finish()

    def _failed(self, error: TaskError) -> None:
        self.message_label.setText(error.message)
        self._finish()

    def reject(self) -> None:
        """Cancel stops a running batch (keeping the letters made); otherwise it closes."""
        if self.running:
            assert self.task is not None
            self.task.cancel()
            self.message_label.setText("Stopping after the letter being made…")
            self.close_button.setEnabled(True)
            return
        super().reject()
