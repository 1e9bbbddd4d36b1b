"""The wording of each letter, for managers: merge fields listed, live checks and a live preview
with invented data; each save is a new version (letters already sent keep theirs)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.enums import LetterTemplate
from divert_desktop.core.letter_fields import fields_for, wording_problems
from divert_desktop.documents.letters import Letterhead, render_letter
from divert_desktop.gui.letters.pdf_panel import PdfPanel
from divert_desktop.gui.models import Column
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import DataTable, GuardedDialog, ask, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.letters import templates as letter_templates
from divert_desktop.services.letters.templates import Wording
from divert_desktop.services.lists.common import utc_text

PREVIEW_DELAY_MS = 500
FIELD_COLUMNS = [
    Column("Merge field", lambda f: "{" + f.name + "}"),
    Column("What it holds", lambda f: f.description, tooltip=lambda f: f.description),
]
HELP = (
    'Paragraphs are separated by a blank line; start a line with "- " for a bullet point. '
    "Double-click a merge field to put it where the cursor is."
)


def preview_pdf(
    template: LetterTemplate, subject: str, body: str, head: Letterhead, on: date
) -> bytes:
    """The wording with invented data, dated ``on``, as a PDF (the pdf lane). Raises
    ValidationError."""
    return render_letter(
        letter_templates.sample_letter(template, subject, body, head, letter_date=on)
    )


class LetterTemplatesDialog(GuardedDialog):
    """Edit and preview each template; ``sig_saved`` carries the new Wording."""

    sig_saved = Signal(object)
    discard_question = "Discard your changes to the wording?"

    def __init__(
        self, parent: QWidget | None, db: Database, actor: Actor, runner: TaskRunner
    ) -> None:
        super().__init__(parent)
        self.setObjectName("letter_templates_dialog")
        self.setWindowTitle("Letter wording")
        self.db, self.actor, self.runner = db, actor, runner
        self.wordings: dict[LetterTemplate, Wording] = {}
        self.head: Letterhead | None = None
        self.current: Wording | None = None
        self._filling = False
        self._preview_generation = 0
        outer = QVBoxLayout(self)
        heading = QLabel("Letter wording", self)
        make_heading(heading, 1.25)
        outer.addWidget(heading)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.template_list = QListWidget(splitter)
        self.template_list.setObjectName("template_list")
        self.template_list.setAccessibleName("Letters")
        editor = QWidget(splitter)
        form = QVBoxLayout(editor)
        form.setContentsMargins(8, 0, 8, 0)
        self.subject_edit = QLineEdit(editor)
        self.subject_edit.setObjectName("subject_edit")
        subject_label = QLabel("&Subject", editor)
        subject_label.setBuddy(self.subject_edit)
        self.body_edit = QPlainTextEdit(editor)
        self.body_edit.setObjectName("body_edit")
        self.body_edit.setTabChangesFocus(True)
        body_label = QLabel("&Wording", editor)
        body_label.setBuddy(self.body_edit)
        help_label = QLabel(HELP, editor)
        help_label.setWordWrap(True)
        set_role(help_label, "hint")
        self.problems_label = QLabel(editor)
        self.problems_label.setObjectName("problems_label")
        self.problems_label.setWordWrap(True)
        set_role(self.problems_label, "error")
        self.problems_label.hide()
        self.version_label = QLabel(editor)
        self.version_label.setObjectName("version_label")
        self.version_label.setWordWrap(True)
        set_role(self.version_label, "hint")
        self.fields = DataTable(
            "merge_fields_table", FIELD_COLUMNS, "Merge fields", editor, sort_column=None
        )
        fields_label = QLabel("&Merge fields", editor)
        fields_label.setBuddy(self.fields.view)
        for widget in (subject_label, self.subject_edit, body_label):
            form.addWidget(widget)
        form.addWidget(self.body_edit, 3)
        form.addWidget(help_label)
        form.addWidget(self.problems_label)
        form.addWidget(fields_label)
        form.addWidget(self.fields, 2)
        form.addWidget(self.version_label)
        self.panel = PdfPanel(runner, splitter)
        splitter.addWidget(self.template_list)
        splitter.addWidget(editor)
        splitter.addWidget(self.panel)
        splitter.setSizes([200, 520, 520])
        outer.addWidget(splitter, 1)
        row = QHBoxLayout()
        self.message_label = QLabel(self)
        self.message_label.setObjectName("message_label")
        set_role(self.message_label, "hint")
        row.addWidget(self.message_label, 1)
        self.revert_button = QPushButton("&Undo changes", self)
        self.revert_button.setObjectName("revert_button")
        self.save_button = QPushButton("Sa&ve as a new version", self)
        self.save_button.setObjectName("save_wording_button")
        self.save_button.setProperty("primary", True)
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("close_button")
        for button in (self.revert_button, self.save_button, self.close_button):
            row.addWidget(button)
        outer.addLayout(row)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.refresh_preview)
        self.subject_edit.textChanged.connect(self._edited)
        self.body_edit.textChanged.connect(self._edited)
        self.fields.sig_activated.connect(self.insert_field)
        self.template_list.currentItemChanged.connect(self._choose)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(
            lambda: self._show(self.current) if self.current else None
        )
        self.close_button.clicked.connect(self.reject)
        name_controls(self)
        self.resize(1360, 860)
        self._set_enabled(False)
        self.runner.run(
            letter_templates.list_wordings,
            db,
            actor,
            on_done=self._loaded,
            on_error=self._failed,
            owner=self,
        )
        self.runner.run(
            letter_templates.preview_letterhead,
            db,
            actor,
            owner=self,
            on_done=self._letterhead,
            on_error=self._failed,
        )

    def _set_enabled(self, on: bool) -> None:
        for widget in (self.subject_edit, self.body_edit, self.save_button, self.revert_button):
            widget.setEnabled(on)

    def _failed(self, error: TaskError) -> None:
        self.message_label.setText(error.message)

    def _letterhead(self, head: Letterhead) -> None:
        self.head = head
        self.refresh_preview()

    def _loaded(self, wordings: list[Wording]) -> None:
        self.wordings = {w.template: w for w in wordings}
        self.template_list.blockSignals(True)
        for wording in wordings:
            item = QListWidgetItem(wording.label)
            item.setData(Qt.ItemDataRole.UserRole, wording.template)
            self.template_list.addItem(item)
        self.template_list.blockSignals(False)
        self._set_enabled(True)
        self.template_list.setCurrentRow(0)

    # ---------------------------------------------------------------- editing
    @property
    def template(self) -> LetterTemplate | None:
        return self.current.template if self.current else None

    def has_unsaved_input(self) -> bool:
        if self.current is None:
            return False
        return (self.subject_edit.text(), self.body_edit.toPlainText().strip()) != (
            self.current.subject,
            self.current.body.strip(),
        )

    def _choose(self, item: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        if self.has_unsaved_input() and not ask(
            self,
            self.windowTitle(),
            f"Discard your changes to the {self.current.label.lower()} letter?",
            "Discard",
            "Keep editing",
        ):
            self.template_list.blockSignals(True)
            self.template_list.setCurrentItem(previous)
            self.template_list.blockSignals(False)
            return
        self._show(self.wordings[item.data(Qt.ItemDataRole.UserRole)])

    def _show(self, wording: Wording) -> None:
        self.current = wording
        self._filling = True
        self.subject_edit.setText(wording.subject)
        self.body_edit.setPlainText(wording.body)
        self._filling = False
        self.fields.set_rows(fields_for(wording.template))
        who = (
            "the default wording"
            if wording.created_by == "system"
            else f"saved by {wording.created_by}"
        )
        when = (
            f" on {utc_text(wording.created_at)}"
            if wording.created_at and wording.created_by != "system"
            else ""
        )
        self.version_label.setText(
            f"Version {wording.version}: {who}{when}. Letters already sent keep the wording they "
            "were made with."
        )
        self._check()
        self.refresh_preview()

    def _edited(self) -> None:
        if self._filling:
            return
        self._check()
        self.timer.start()

    def _check(self) -> list[str]:
        if self.template is None:
            return []
        problems = wording_problems(
            self.template, self.subject_edit.text(), self.body_edit.toPlainText()
        )
        self.problems_label.setText(" ".join(problems))
        self.problems_label.setVisible(bool(problems))
        self.save_button.setEnabled(not problems and self.has_unsaved_input())
        return problems

    def insert_field(self, field: object) -> None:
        """Put a merge field where the cursor is in the wording."""
        self.body_edit.insertPlainText("{" + field.name + "}")
        self.body_edit.setFocus()

    def refresh_preview(self) -> None:
        """Render the sample letter on the pdf lane (the newest edit wins)."""
        if self.template is None or self.head is None or self._check():
            return  # the last good preview stays; the problem shows under the wording
        self._preview_generation += 1
        generation = self._preview_generation

        def show(pdf: bytes) -> None:
            if generation == self._preview_generation:
                self.panel.show_pdf(pdf, f"{self.template.value}-sample.pdf")  # type: ignore[union-attr]

        self.runner.run(
            preview_pdf,
            self.template,
            self.subject_edit.text(),
            self.body_edit.toPlainText(),
            self.head,
            self.db.clock.today(),
            lane="pdf",
            owner=self,
            on_done=show,
            on_error=lambda e: self.panel.show_message(e.message),
        )

    def save(self) -> None:
        """Save the wording as a new version (the database lane)."""
        if self.current is None or self._check():
            return
        self.save_button.setEnabled(False)
        current = self.current

        def saved(wording: Wording) -> None:
            self.wordings[wording.template] = wording
            self._show(wording)
            self.message_label.setText(
                f"Saved version {wording.version} of the {wording.label.lower()} letter."
            )
            self.sig_saved.emit(wording)

        def failed(error: TaskError) -> None:
            self.message_label.setText(error.message)
            self._check()

        self.runner.run(
            letter_templates.save_wording,
            self.db,
            self.actor,
            current.template,
            self.subject_edit.text(),
            self.body_edit.toPlainText(),
            expected_version=current.version,
            on_done=saved,
            on_error=failed,
            owner=self,
        )
