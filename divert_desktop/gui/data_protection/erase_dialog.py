"""Erase a person's record on their request, with the reason: anonymised now if they have
referrals (the statistics stay), deleted outright if they have none."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import set_invalid, set_role
from divert_desktop.gui.widgets import GuardedDialog, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.data_protection.anonymise import ErasureResult, erase_person


class EraseDialog(GuardedDialog):
    """``sig_erased`` carries the result once the record is erased."""

    primary_button_name = ""  # no Ctrl+S: erasing is never one keystroke

    sig_erased = Signal(object)  # ErasureResult

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        person_id: int,
        name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("erase_dialog")
        self.setWindowTitle("Erase a record")
        self.db, self.actor, self.runner, self.person_id = db, actor, runner, person_id
        self.busy = False
        layout = QVBoxLayout(self)
        question = QLabel(f"Erase {name}'s record at their request?", self)
        question.setObjectName("erase_question_label")
        question.setWordWrap(True)
        layout.addWidget(question)
        explain = QLabel(
            "If they have referrals, the record is anonymised now, whatever the retention "
            "setting: names, contact details, notes and letters are removed, and the referrals "
            "stay without anything that identifies them, for the statistics. A record with no "
            "referrals is deleted completely. This cannot be undone.",
            self,
        )
        explain.setWordWrap(True)
        set_role(explain, "hint")
        layout.addWidget(explain)
        label = QLabel("&Reason (required), such as the date of their request", self)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("erase_reason_edit")
        self.reason_edit.setMaxLength(500)
        label.setBuddy(self.reason_edit)
        layout.addWidget(label)
        layout.addWidget(self.reason_edit)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("erase_error_label")
        self.error_label.setWordWrap(True)
        set_role(self.error_label, "error")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        layout.addStretch(1)  # spare room above the buttons, not between a label and its field
        buttons = QDialogButtonBox(self)
        self.erase_button = buttons.addButton(
            "&Erase record", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.erase_button.setObjectName("erase_button")
        self.keep_button = buttons.addButton("Keep record", QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.setObjectName("keep_record_button")
        layout.addWidget(buttons)
        self.erase_button.clicked.connect(self.erase)
        self.keep_button.clicked.connect(self.reject)
        self.reason_edit.textEdited.connect(lambda _t: self._clear_error())
        name_controls(self)
        self.resize(520, 260)

    def has_unsaved_input(self) -> bool:
        return bool(self.reason_edit.text().strip()) and not self.busy

    def _clear_error(self) -> None:
        self.error_label.hide()
        set_invalid(self.reason_edit, False)

    def erase(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.erase_button.setEnabled(False)
        self.runner.run(
            erase_person,
            self.db,
            self.actor,
            self.person_id,
            self.reason_edit.text(),
            on_done=self._erased,
            on_error=self._failed,
            owner=self,
        )

    def _erased(self, result: ErasureResult) -> None:
        self.sig_erased.emit(result)
        self.accept()

    def _failed(self, error: TaskError) -> None:
        self.busy = False
        self.erase_button.setEnabled(True)
        self.error_label.setText(error.message)
        self.error_label.show()
        if error.field == "reason":
            set_invalid(self.reason_edit, True)
            self.reason_edit.setFocus()
