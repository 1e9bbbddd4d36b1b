"""A letter already sent, shown exactly as it was made, to save, open or print again."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from divert_desktop.core.letters import label
from divert_desktop.gui.letters.pdf_panel import PdfPanel
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import set_role
from divert_desktop.gui.widgets import name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.letters import production as letters
from divert_desktop.services.lists.common import utc_text


class LetterViewerDialog(QDialog):
    """Shows a logged letter (its kept file: a reprint is the same document)."""

    sig_status = Signal(str)

    def __init__(
        self, parent: QWidget | None, runner: TaskRunner, letter: letters.LetterFile
    ) -> None:
        super().__init__(parent)
        self.setObjectName("letter_viewer_dialog")
        self.setWindowTitle("Letter sent")
        self.letter = letter
        layout = QVBoxLayout(self)
        who = letters.RECIPIENT_TEXT.get(letter.recipient, letter.recipient)
        self.info_label = QLabel(
            f"{label(letter.template)} letter to {who.lower()}, made {utc_text(letter.created_at)} "
            f"by {letter.created_by} (wording version {letter.template_version}). This is the "
            f"file as it was sent. SHA-256 {letter.sha256[:16]}…",
            self,
        )
        self.info_label.setObjectName("letter_info_label")
        self.info_label.setWordWrap(True)
        set_role(self.info_label, "hint")
        layout.addWidget(self.info_label)
        self.panel = PdfPanel(runner, self)
        self.panel.sig_status.connect(self._status)
        layout.addWidget(self.panel, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("close_button")
        self.close_button.clicked.connect(self.accept)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.panel.show_pdf(letter.pdf, letter.filename)
        name_controls(self)
        self.resize(860, 900)

    def _status(self, text: str) -> None:
        self.info_label.setText(text)
        self.sig_status.emit(text)


def open_letter(
    parent: QWidget,
    db: Database,
    actor: Actor,
    runner: TaskRunner,
    letter_id: int,
    *,
    on_error: Callable[[TaskError], None] | None = None,
    on_open: Callable[[LetterViewerDialog], None] | None = None,
) -> None:
    """Load a logged letter on the database lane (the reprint is audited), then show it."""

    def show(letter: letters.LetterFile) -> None:
        dialog = LetterViewerDialog(parent, runner, letter)
        dialog.open()
        if on_open is not None:
            on_open(dialog)

    runner.run(
        letters.letter_file, db, actor, letter_id, on_done=show, on_error=on_error, owner=parent
    )
