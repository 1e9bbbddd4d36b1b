"""A manager lets a referral held by the repeat-referral bar go ahead, with a written reason
(DOMAIN rule 3: booking is blocked unless a manager overrides; the reason is audited)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from divert_desktop.core.eligibility import MIN_OVERRIDE_REASON_LENGTH
from divert_desktop.core.validation import format_date
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import set_invalid, set_role
from divert_desktop.gui.widgets import GuardedDialog, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.intake.referrals import OverrideDTO, override_repeat_bar


class OverrideDialog(GuardedDialog):
    """``sig_overridden`` carries the OverrideDTO once the referral may be booked."""

    primary_button_name = "override_button"

    sig_overridden = Signal(object)  # OverrideDTO

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        referral_id: int,
        police_reference: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("override_dialog")
        self.setWindowTitle("Override the repeat-referral rule")
        self.db, self.actor, self.runner, self.referral_id = db, actor, runner, referral_id
        self.busy = False
        layout = QVBoxLayout(self)
        question = QLabel(f"Let referral {police_reference} go ahead?", self)
        question.setObjectName("override_question_label")
        question.setWordWrap(True)
        layout.addWidget(question)
        explain = QLabel(
            "It was held because an earlier referral (this person's, or of someone they may be) "
            "was closed as not engaged. After the override it can be booked as usual. Your "
            "name and reason are kept with the referral and in the audit trail.",
            self,
        )
        explain.setWordWrap(True)
        set_role(explain, "hint")
        layout.addWidget(explain)
        label = QLabel(
            f"&Reason (required, at least {MIN_OVERRIDE_REASON_LENGTH} characters)", self
        )
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("override_reason_edit")
        self.reason_edit.setMaxLength(500)
        self.reason_edit.setAccessibleName("Reason for the override")
        label.setBuddy(self.reason_edit)
        layout.addWidget(label)
        layout.addWidget(self.reason_edit)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("override_error_label")
        self.error_label.setWordWrap(True)
        set_role(self.error_label, "error")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(self)
        self.override_button = buttons.addButton(
            "&Override and allow booking", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.override_button.setObjectName("override_button")
        self.keep_button = buttons.addButton("Keep it held", QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.setObjectName("keep_held_button")
        layout.addWidget(buttons)
        self.override_button.clicked.connect(self.override)
        self.keep_button.clicked.connect(self.reject)
        self.reason_edit.textEdited.connect(lambda _t: self._clear_error())
        name_controls(self)
        self.resize(540, 240)

    def has_unsaved_input(self) -> bool:
        return bool(self.reason_edit.text().strip()) and not self.busy

    def _clear_error(self) -> None:
        self.error_label.hide()
        set_invalid(self.reason_edit, False)

    def override(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.override_button.setEnabled(False)
        self.runner.run(
            override_repeat_bar,
            self.db,
            self.actor,
            self.referral_id,
            self.reason_edit.text(),
            on_done=self._done,
            on_error=self._failed,
            owner=self,
        )

    def _done(self, result: OverrideDTO) -> None:
        self.sig_overridden.emit(result)
        self.accept()

    def _failed(self, error: TaskError) -> None:
        self.busy = False
        self.override_button.setEnabled(True)
        self.error_label.setText(error.message)
        self.error_label.show()
        if error.field in ("override_reason", "reason"):
            set_invalid(self.reason_edit, True)
            self.reason_edit.setFocus()


def override_outcome_text(result: OverrideDTO) -> str:
    """What the record says after an override: it can be booked, or the deadline has passed."""
    text = f"Referral {result.police_reference} can now be booked."
    if result.deadline_passed:
        text += (
            f" But its engagement deadline ({format_date(result.engagement_deadline)}) has "
            "passed, so no appointment can be booked for it now."
        )
    return text
