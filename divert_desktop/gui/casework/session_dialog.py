"""The educational session note: linked to its diary appointment, with topics, reflections and
next steps; saving an attended session may complete the referral."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.casework import SESSION_TOPICS
from divert_desktop.core.errors import ValidationError
from divert_desktop.gui.casework.common import (
    button,
    dialog_heading,
    error_label,
    text_box,
    tidy_form,
)
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.widgets import DateField, FieldErrors, GuardedDialog, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.casework import sessions
from divert_desktop.services.context import Actor

__all__ = ["SessionNoteDialog"]


class SessionNoteDialog(GuardedDialog):
    """``sig_saved(SessionNoteDTO)`` once the note is in the database."""

    sig_saved = Signal(object)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        start: sessions.SessionStart,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.runner, self.start = db, actor, runner, start
        self.setObjectName("session_note_dialog")
        self.setWindowTitle("Educational session")
        self.saving = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        dialog_heading(self, layout, "Educational session note", start.plan.referral)
        self.plan_label = QLabel(start.plan.text, self)
        self.plan_label.setObjectName("session_plan_label")
        layout.addWidget(self.plan_label)
        form = tidy_form(QFormLayout())
        layout.addLayout(form)
        errors: dict[str, tuple[QWidget, QLabel]] = {}

        def add(label: str, name: str, widget: QWidget, field: str) -> None:
            box = QWidget(self)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            message = error_label(box, f"{field}_error_label")
            column.addWidget(message)
            column.addWidget(widget)
            text = QLabel(label, self)
            text.setBuddy(widget)
            form.addRow(text, box)
            errors[field] = (widget, message)

        self.appointment_combo = QComboBox(self)
        self.appointment_combo.setObjectName("appointment_combo")
        self.appointment_combo.setMaximumWidth(360)
        self.appointment_combo.addItem("Not booked in the diary", None)
        for choice in start.appointments:
            self.appointment_combo.addItem(choice.text, choice.id)
        add("Diary &appointment", "appointment_combo", self.appointment_combo, "appointment_id")
        self.date_edit = DateField(db.clock.today(), self)
        self.date_edit.setObjectName("session_date_edit")
        self.date_edit.setMaximumWidth(220)
        add("&Date", "session_date_edit", self.date_edit, "session_date")
        self.length_spin = QSpinBox(self)
        self.length_spin.setObjectName("length_spin")
        self.length_spin.setRange(5, 720)
        self.length_spin.setSingleStep(5)
        self.length_spin.setSuffix(" minutes")
        self.length_spin.setValue(start.default_minutes)
        self.length_spin.setMaximumWidth(160)
        self.length_spin.setMinimumHeight(self.date_edit.sizeHint().height())
        add("&Length", "length_spin", self.length_spin, "length_minutes")
        attendance = QWidget(self)
        row = QHBoxLayout(attendance)
        row.setContentsMargins(0, 0, 0, 0)
        self.attended_radio = QRadioButton("A&ttended", attendance)
        self.attended_radio.setObjectName("attended_radio")
        self.not_attended_radio = QRadioButton("Did &not attend", attendance)
        self.not_attended_radio.setObjectName("not_attended_radio")
        group = QButtonGroup(attendance)
        group.addButton(self.attended_radio)
        group.addButton(self.not_attended_radio)
        self.attended_radio.setChecked(True)
        row.addWidget(self.attended_radio)
        row.addWidget(self.not_attended_radio)
        row.addStretch(1)
        add("Attendance", "attended_radio", attendance, "attended")
        topics = QWidget(self)
        grid = QGridLayout(topics)
        grid.setContentsMargins(0, 0, 0, 0)
        self.topic_boxes: dict[str, QCheckBox] = {}
        for n, (key, label) in enumerate(SESSION_TOPICS.items()):
            box = QCheckBox(label, topics)
            box.setObjectName("topic_" + key.replace(" ", "_").replace("/", "_"))
            grid.addWidget(box, n // 2, n % 2)
            self.topic_boxes[key] = box
        add("&Topics covered", "topics", topics, "topics")
        self.topics_other_edit = QLineEdit(self)
        self.topics_other_edit.setObjectName("topics_other_edit")
        self.topics_other_edit.setPlaceholderText("Anything else the session covered")
        add("&Other topics", "topics_other_edit", self.topics_other_edit, "topics_other")
        self.reflections_edit = text_box(self, "reflections_edit")
        add("The person's &reflections", "reflections_edit", self.reflections_edit, "reflections")
        self.next_steps_edit = text_box(self, "next_steps_edit")
        add("Agreed &next steps", "next_steps_edit", self.next_steps_edit, "next_steps")
        layout.addStretch(1)
        self.general_label = error_label(self, "general_error_label")
        layout.addWidget(self.general_label)
        self.errors = FieldErrors(errors, self.general_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = button(self, "cancel_button", "Cancel", "Close without saving (Esc)")
        self.save_button = button(
            self, "save_button", "&Save note", "Save the session note", primary=True
        )
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.appointment_combo.currentIndexChanged.connect(self._appointment_chosen)
        self._choose_default()
        name_controls(self)
        self.length_spin.lineEdit().setAccessibleName(self.length_spin.accessibleName())
        self.resize(720, 620)

    def _choose_default(self) -> None:
        """The most recent booked session on or before today, if there is one."""
        today = self.db.clock.today()
        for n, choice in enumerate(self.start.appointments, start=1):
            if choice.status.value in ("booked", "arrived") and choice.start_at.date() <= today:
                self.appointment_combo.setCurrentIndex(n)
                return

    def _appointment_chosen(self, index: int) -> None:
        if index <= 0:
            return
        choice = self.start.appointments[index - 1]
        self.date_edit.set_date(choice.start_at.date())
        self.length_spin.setValue(choice.length_minutes)

    def has_unsaved_input(self) -> bool:
        return bool(
            any(b.isChecked() for b in self.topic_boxes.values())
            or self.topics_other_edit.text().strip()
            or self.reflections_edit.toPlainText().strip()
            or self.next_steps_edit.toPlainText().strip()
        )

    def values(self) -> dict[str, Any]:
        return {
            "appointment_id": self.appointment_combo.currentData(),
            "session_date": self.date_edit.date(),
            "length_minutes": self.length_spin.value(),
            "attended": self.attended_radio.isChecked(),
            "topics": [k for k, b in self.topic_boxes.items() if b.isChecked()],
            "topics_other": self.topics_other_edit.text(),
            "reflections": self.reflections_edit.toPlainText(),
            "next_steps": self.next_steps_edit.toPlainText(),
        }

    def save(self) -> None:
        if self.saving:
            return
        self.errors.clear()
        try:
            values = self.values()
        except ValidationError as exc:
            self.errors.show(exc.field, exc.message)
            return
        self.saving = True
        self.save_button.setEnabled(False)
        self.runner.run(
            sessions.record_session,
            self.db,
            self.actor,
            self.start.plan.referral.referral_id,
            **values,
            on_done=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, note: sessions.SessionNoteDTO) -> None:
        self.sig_saved.emit(note)
        self.reject_without_asking()

    def _failed(self, error: TaskError) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.errors.show(error.field, error.message)
