"""Cancel an appointment: who cancelled and why, named in the question ("Cancel … at 10:00?")."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from divert_desktop.core.validation import format_date, format_time
from divert_desktop.gui.forms.ui_cancel_appointment_dialog import Ui_CancelAppointmentDialog
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import set_role
from divert_desktop.gui.widgets import GuardedDialog
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.diary import booking
from divert_desktop.services.diary.slots import AppointmentDTO


def cancel_question(a: AppointmentDTO) -> str:
    """ "Cancel Amelia Hart's appointment on Wed 2 Dec at 10:00?"."""
    day = format_date(a.start_at.date()).rsplit(" ", 1)[0]
    return f"Cancel {a.person_name}'s appointment on {day} at {format_time(a.start_at)}?"


class CancelDialog(GuardedDialog):
    """Asks who cancelled and why, then cancels on the database lane (``sig_saved``)."""

    sig_saved = Signal(object)
    primary_button_name = "confirm_button"
    discard_question = "Keep the appointment and forget the reason you typed?"

    def __init__(
        self,
        parent: QWidget | None,
        runner: TaskRunner,
        db: Database,
        actor: Actor,
        appointment: AppointmentDTO,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_CancelAppointmentDialog()
        self.ui.setupUi(self)
        self.runner, self.db, self.actor, self.appointment = runner, db, actor, appointment
        self.saving = False
        u = self.ui
        self.question_label, self.error_label = u.question_label, u.error_label
        self.by_person_radio, self.by_provider_radio = u.by_person_radio, u.by_provider_radio
        self.reason_edit = u.reason_edit
        self.confirm_button, self.keep_button = u.confirm_button, u.keep_button
        self.question_label.setText(cancel_question(appointment))
        font = self.question_label.font()
        font.setBold(True)
        self.question_label.setFont(font)
        set_role(self.error_label, "error")
        self.error_label.hide()
        self.confirm_button.clicked.connect(self.save)
        self.keep_button.clicked.connect(self.reject)
        self.reason_edit.textEdited.connect(lambda _t: self.error_label.hide())
        self.mark_clean()

    def save(self) -> None:
        reason = self.reason_edit.text().strip()
        if not reason:
            self._failed("Write the reason the appointment was cancelled.")
            self.reason_edit.setFocus()
            return
        self.saving = True
        self.confirm_button.setEnabled(False)
        by = "person" if self.by_person_radio.isChecked() else "provider"
        self.runner.run(
            booking.cancel_appointment,
            self.db,
            self.actor,
            self.appointment.id,
            by=by,
            reason=reason,
            expected_version=self.appointment.version,
            on_done=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, appointment: AppointmentDTO) -> None:
        self.saving = False
        self.sig_saved.emit(appointment)
        self.accept()

    def _failed(self, error: TaskError | str) -> None:
        self.saving = False
        self.confirm_button.setEnabled(True)
        message = error if isinstance(error, str) else error.message
        self.error_label.setText(message)
        self.error_label.show()
        self.reason_edit.setAccessibleDescription(message)
