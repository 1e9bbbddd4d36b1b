"""A manager decides on a referral held by the repeat-referral bar: let it go ahead, with a written
reason, or keep it as ineligible (DOMAIN rule 3: booking is blocked unless a manager overrides;
either decision is audited)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from divert_desktop.core.eligibility import MIN_OVERRIDE_REASON_LENGTH
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_date
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import set_invalid, set_role
from divert_desktop.gui.widgets import GuardedDialog, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.intake.referrals import (
    ConfirmedDTO,
    OverrideDTO,
    confirm_repeat_bar,
    override_repeat_bar,
)


class OverrideDialog(GuardedDialog):
    """``sig_overridden`` carries the OverrideDTO once the referral may be booked;
    ``sig_confirmed`` the ConfirmedDTO once a manager kept it as ineligible."""

    primary_button_name = "override_button"

    sig_overridden = Signal(object)  # OverrideDTO
    sig_confirmed = Signal(object)  # ConfirmedDTO

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
            "was closed as not engaged. After the override it can be booked as usual. Or keep it "
            "as ineligible: it is then closed as not eligible (previous referral not engaged). "
            "Your name and reason are kept with the referral and in the audit trail.",
            self,
        )
        explain.setWordWrap(True)
        set_role(explain, "hint")
        layout.addWidget(explain)
        label = QLabel(
            f"&Reason (at least {MIN_OVERRIDE_REASON_LENGTH} characters to override; "
            "a note is optional when keeping it ineligible)",
            self,
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
        self.ineligible_button = buttons.addButton(
            "Keep as &ineligible", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.ineligible_button.setObjectName("keep_ineligible_button")
        self.ineligible_button.setToolTip(
            "Close the referral as not eligible: the earlier referral was not engaged "
            "(the reason above, if written, is kept as your note)"
        )
        self.ineligible_button.setVisible(actor.can(Action.CONFIRM_INELIGIBLE))
        self.keep_button = buttons.addButton("Keep it held", QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.setObjectName("keep_held_button")
        layout.addWidget(buttons)
        self.override_button.clicked.connect(self.override)
        self.ineligible_button.clicked.connect(self.keep_ineligible)
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

    def keep_ineligible(self) -> None:
        """Keep the referral as ineligible (the reason box, if filled, is the manager's note)."""
        if self.busy:
            return
        self.busy = True
        self.ineligible_button.setEnabled(False)
        self.runner.run(
            confirm_repeat_bar,
            self.db,
            self.actor,
            self.referral_id,
            self.reason_edit.text(),
            on_done=self._confirmed,
            on_error=self._failed,
            owner=self,
        )

    def _confirmed(self, result: ConfirmedDTO) -> None:
        self.sig_confirmed.emit(result)
        self.accept()

    def _done(self, result: OverrideDTO) -> None:
        self.sig_overridden.emit(result)
        self.accept()

    def _failed(self, error: TaskError) -> None:
        self.busy = False
        self.override_button.setEnabled(True)
        self.ineligible_button.setEnabled(True)
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


def confirmed_outcome_text(result: ConfirmedDTO) -> str:
    """What the record says after a manager kept a held referral as ineligible."""
    return (
        f"Referral {result.police_reference} is kept as ineligible: "
        f"{result.status_reason or 'previous referral not engaged'}."
    )
