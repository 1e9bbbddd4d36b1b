"""Onward referrals: a new one (service from the directory, reason, consent and what may be
shared, follow-up date), and an existing one with its status actions (never sent without consent)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.enums import LetterTemplate, OnwardStatus
from divert_desktop.core.letters import ONWARD_LETTER_STATUSES, permission_for
from divert_desktop.core.onward import DEFAULT_FOLLOW_UP_DAYS, SHARE_ITEMS, can_onward_transition
from divert_desktop.gui.casework.common import (
    button,
    dialog_heading,
    error_label,
    left,
    text_box,
    tidy_form,
)
from divert_desktop.gui.models import Column
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import set_role
from divert_desktop.gui.widgets import (
    DataTable,
    DateField,
    FieldErrors,
    GuardedDialog,
    SearchBox,
    name_controls,
)
from divert_desktop.persistence.database import Database
from divert_desktop.services.casework import directory, onward
from divert_desktop.services.casework.common import ReferralHeader
from divert_desktop.services.context import Actor

__all__ = ["ONWARD_ICONS", "NewOnwardDialog", "OnwardDialog"]

ONWARD_ICONS = {
    OnwardStatus.PROPOSED: "status-waiting",
    OnwardStatus.CONSENT_GIVEN: "status-info",
    OnwardStatus.SENT: "status-info",
    OnwardStatus.ACCEPTED: "status-ok",
    OnwardStatus.DECLINED: "status-warning",
    OnwardStatus.ATTENDED: "status-ok",
    OnwardStatus.CLOSED: "status-closed",
}
SERVICE_COLUMNS = [
    Column("Organisation", lambda s: s.organisation),
    Column("Type", lambda s: s.type_text),
    Column("Areas", lambda s: s.areas_text, tooltip=lambda s: s.areas_text),
    Column("How to refer", lambda s: s.referral_method or s.contact_text),
]


def _share_boxes(parent: QWidget, prefix: str) -> tuple[QWidget, dict[str, QCheckBox]]:
    box = QWidget(parent)
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    boxes = {}
    for n, (key, label) in enumerate(SHARE_ITEMS.items()):
        check = QCheckBox(label, box)
        check.setObjectName(f"{prefix}{key}_check")
        grid.addWidget(check, n // 2, n % 2)
        boxes[key] = check
    return box, boxes


class NewOnwardDialog(GuardedDialog):
    """Propose an onward referral; with consent ticked it is recorded at once."""

    sig_saved = Signal(object)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        referral: ReferralHeader,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.runner, self.referral = db, actor, runner, referral
        self.setObjectName("new_onward_dialog")
        self.setWindowTitle("New onward referral")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        dialog_heading(self, layout, "Refer on to another service", referral)
        search_row = QHBoxLayout()
        self.search_edit = SearchBox(self)
        self.search_edit.setObjectName("service_search_edit")
        self.search_edit.setPlaceholderText("Organisation, type of service or area")
        label = QLabel("&Find a service", self)
        label.setBuddy(self.search_edit)
        search_row.addWidget(label)
        search_row.addWidget(self.search_edit, 1)
        layout.addLayout(search_row)
        self.service_error = error_label(self, "service_id_error_label")
        layout.addWidget(self.service_error)
        self.services = DataTable("services_pick_table", SERVICE_COLUMNS, "Services", self)
        self.services.setMinimumHeight(170)
        layout.addWidget(self.services)
        form = tidy_form(QFormLayout())
        layout.addLayout(form)
        self.reason_edit = text_box(self, "reason_edit")
        self.reason_error = error_label(self, "reason_error_label")
        form.addRow(
            self._label("&Why they are referred", self.reason_edit),
            self._stack(self.reason_error, self.reason_edit),
        )
        self.follow_up_edit = DateField(
            db.clock.today() + timedelta(days=DEFAULT_FOLLOW_UP_DAYS), self
        )
        self.follow_up_edit.setObjectName("follow_up_edit")
        self.follow_up_edit.setMaximumWidth(220)
        self.follow_up_error = error_label(self, "follow_up_date_error_label")
        form.addRow(
            self._label("&Follow up on", self.follow_up_edit),
            self._stack(self.follow_up_error, self.follow_up_edit),
        )
        consent = QGroupBox("Consent", self)
        consent_layout = QVBoxLayout(consent)
        self.consent_check = QCheckBox(
            "The person agrees to this referral, and to sharing what is ticked below", consent
        )
        self.consent_check.setObjectName("consent_check")
        consent_layout.addWidget(self.consent_check)
        self.share_error = error_label(consent, "share_items_error_label")
        consent_layout.addWidget(self.share_error)
        share, self.share_boxes = _share_boxes(consent, "share_")
        consent_layout.addWidget(share)
        hint = QLabel("Without consent the referral is saved as proposed and cannot be sent yet.")
        set_role(hint, "hint")
        hint.setWordWrap(True)
        consent_layout.addWidget(hint)
        layout.addWidget(consent)
        layout.addStretch(1)
        self.general_label = error_label(self, "general_error_label")
        layout.addWidget(self.general_label)
        self.errors = FieldErrors(
            {
                "service_id": (self.services.view, self.service_error),
                "reason": (self.reason_edit, self.reason_error),
                "follow_up_date": (self.follow_up_edit, self.follow_up_error),
                "share_items": (share, self.share_error),
            },
            self.general_label,
        )
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = button(self, "cancel_button", "Cancel", "Close without saving (Esc)")
        self.save_button = button(
            self, "save_button", "&Save onward referral", "Save the onward referral", primary=True
        )
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.consent_check.toggled.connect(self._consent_toggled)
        self.search_edit.sig_search.connect(self.search)
        self._consent_toggled(False)
        name_controls(self)
        self.resize(820, 720)
        self.search("")

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _stack(self, *widgets: QWidget) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for w in widgets:
            column.addWidget(w)
        return box

    def _consent_toggled(self, on: bool) -> None:
        for check in self.share_boxes.values():
            check.setEnabled(on)
        if on and not any(c.isChecked() for c in self.share_boxes.values()):
            self.share_boxes["contact_details"].setChecked(True)
            self.share_boxes["referral_reason"].setChecked(True)

    def search(self, text: str) -> None:
        self.runner.run(
            directory.search_services,
            self.db,
            self.actor,
            text=text,
            on_done=self._found,
            on_error=lambda e: self.errors.show(None, e.message),
            owner=self,
        )

    def _found(self, rows: list[directory.ServiceDTO]) -> None:
        empty = (
            "No service matches. Try another word, or ask a manager to add the service to "
            "the directory (Services page)."
        )
        self.services.set_rows(rows, empty)
        if rows:
            self.services.view.selectRow(0)

    def has_unsaved_input(self) -> bool:
        return bool(self.reason_edit.toPlainText().strip()) or self.consent_check.isChecked()

    def save(self) -> None:
        self.errors.clear()
        service = self.services.current_row()
        if service is None:
            self.errors.show("service_id", "Choose the service to refer to")
            return
        items = [k for k, c in self.share_boxes.items() if c.isChecked()]
        self.save_button.setEnabled(False)
        self.runner.run(
            onward.propose_onward,
            self.db,
            self.actor,
            self.referral.referral_id,
            service_id=service.id,
            reason=self.reason_edit.toPlainText(),
            follow_up_date=self.follow_up_edit.date(),
            share_items=items if self.consent_check.isChecked() else None,
            on_done=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, dto: onward.OnwardDTO) -> None:
        self.sig_saved.emit(dto)
        self.reject_without_asking()

    def _failed(self, error: TaskError) -> None:
        self.save_button.setEnabled(True)
        self.errors.show(error.field, error.message)


_ACTIONS = [
    ("send_button", "Se&nd", OnwardStatus.SENT, "Mark the referral as sent to the service"),
    ("accepted_button", "A&ccepted", OnwardStatus.ACCEPTED, "The service accepted the referral"),
    ("declined_button", "&Declined", OnwardStatus.DECLINED, "The service declined the referral"),
    ("attended_button", "A&ttended", OnwardStatus.ATTENDED, "The person went to the service"),
    ("close_onward_button", "Mark c&losed", OnwardStatus.CLOSED, "Nothing more to do for it"),
]


class OnwardDialog(GuardedDialog):
    """One onward referral: its details, consent, and the next steps of its life."""

    primary_button_name = ""  # no Ctrl+S: each change has its own button

    sig_changed = Signal(object)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        dto: onward.OnwardDTO,
        referral: ReferralHeader,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.runner, self.dto = db, actor, runner, dto
        self.setObjectName("onward_dialog")
        self.setWindowTitle("Onward referral")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        dialog_heading(self, layout, "Onward referral", referral)
        form = tidy_form(QFormLayout())
        layout.addLayout(form)
        self.values: dict[str, QLabel] = {}
        for key, text in (
            ("service", "Service"),
            ("status", "Status"),
            ("reason", "Why referred"),
            ("consent", "Consent"),
            ("shared", "May be shared"),
            ("notes", "Notes"),
        ):
            value = QLabel(self)
            value.setObjectName(f"{key}_value")
            value.setWordWrap(True)
            form.addRow(QLabel(text, self), value)
            self.values[key] = value
        follow = QHBoxLayout()
        follow.setSpacing(8)
        self.follow_up_edit = DateField(dto.follow_up_date or db.clock.today(), self)
        self.follow_up_edit.setObjectName("follow_up_edit")
        self.follow_up_edit.setMaximumWidth(220)
        self.follow_up_button = button(
            self, "follow_up_button", "Change &date", "Change the date to follow this referral up"
        )
        follow.addWidget(self.follow_up_edit)
        follow.addWidget(self.follow_up_button)
        follow.addStretch(1)
        label = QLabel("&Follow up on", self)
        label.setBuddy(self.follow_up_edit)
        form.addRow(label, follow)
        self.consent_box = QGroupBox("Record consent", self)
        consent_layout = QVBoxLayout(self.consent_box)
        note = QLabel("Tick what the person agrees may be shared with the service.")
        note.setWordWrap(True)
        consent_layout.addWidget(note)
        share, self.share_boxes = _share_boxes(self.consent_box, "share_")
        consent_layout.addWidget(share)
        self.consent_button = button(
            self.consent_box,
            "record_consent_button",
            "&Record consent",
            "The person agrees to the referral",
        )
        consent_layout.addWidget(left(self.consent_box, self.consent_button))
        layout.addWidget(self.consent_box)
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("status_note_edit")
        self.note_edit.setPlaceholderText("Optional note to add with the next change")
        note_label = QLabel("N&ote", self)
        note_label.setBuddy(self.note_edit)
        row = QHBoxLayout()
        row.addWidget(note_label)
        row.addWidget(self.note_edit, 1)
        layout.addStretch(1)  # the note sits with the status buttons it goes with
        layout.addLayout(row)
        self.message_label = error_label(self, "onward_message_label")
        set_role(self.message_label, "error")
        self.message_label.hide()
        layout.addWidget(self.message_label)
        actions = QHBoxLayout()
        self.action_buttons: dict[OnwardStatus, Any] = {}
        for name, text, status, tip in _ACTIONS:
            b = button(self, name, text, tip)
            b.clicked.connect(lambda _c=False, s=status: self.change(s))
            actions.addWidget(b)
            self.action_buttons[status] = b
        actions.addStretch(1)
        self.letter_button = button(
            self,
            "onward_letter_button",
            "&Make referral letter…",
            "Make the letter to the service about this referral",
        )
        self.letter_button.clicked.connect(self.make_letter)
        actions.addWidget(self.letter_button)
        self.done_button = button(self, "done_button", "Done", "Close this window", primary=True)
        self.done_button.clicked.connect(self.accept)
        actions.addWidget(self.done_button)
        layout.addLayout(actions)
        self.letter_dialog: QWidget | None = None
        self.consent_button.clicked.connect(self.record_consent)
        self.follow_up_button.clicked.connect(self.change_follow_up)
        name_controls(self)
        self.show_dto(dto)
        self.resize(760, 600)

    def show_dto(self, dto: onward.OnwardDTO) -> None:
        self.dto = dto
        v = self.values
        v["service"].setText(
            f"{dto.service_name} ({dto.service_type_text})"
            + (f"\n{dto.service_contact}" if dto.service_contact else "")
        )
        overdue = " · follow-up overdue" if dto.overdue else ""
        v["status"].setText(dto.status_text + overdue)
        v["status"].setToolTip(dto.status_text)
        v["reason"].setText(dto.reason or "–")
        v["consent"].setText(dto.consent_text)
        v["shared"].setText(dto.share_text or "Nothing yet")
        v["notes"].setText(dto.notes or "–")
        if dto.follow_up_date:
            self.follow_up_edit.set_date(dto.follow_up_date)
        self.consent_box.setVisible(dto.status == OnwardStatus.PROPOSED)
        for status, b in self.action_buttons.items():
            allowed = can_onward_transition(dto.status, status)
            if status == OnwardStatus.SENT:  # kept usable to say why it cannot be sent yet
                allowed = dto.status in (OnwardStatus.PROPOSED, OnwardStatus.CONSENT_GIVEN)
            b.setEnabled(allowed)
        self.follow_up_button.setEnabled(dto.status != OnwardStatus.CLOSED)
        self.letter_button.setVisible(
            self.actor.can(permission_for(LetterTemplate.ONWARD_REFERRAL))
            and dto.status in ONWARD_LETTER_STATUSES
        )

    def _show_message(self, text: str, error: bool = True) -> None:
        set_role(self.message_label, "error" if error else "hint")
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _done(self, dto: onward.OnwardDTO) -> None:
        sent_now = dto.status == OnwardStatus.SENT and self.dto.status != OnwardStatus.SENT
        self.note_edit.clear()
        self.show_dto(dto)
        text = f"Now {dto.status_text.lower()}."
        if sent_now and self.letter_button.isVisible():  # the letter goes with it: offer it now
            text += " Make the referral letter to the service now with “Make referral letter…”."
            self.letter_button.setFocus()
        self._show_message(text, error=False)
        self.sig_changed.emit(dto)

    def make_letter(self) -> None:
        """The onward referral letter to the service, previewed first (logged when made)."""
        from divert_desktop.gui.letters.letter_dialog import LetterDialog

        self.letter_dialog = LetterDialog(
            self,
            self.db,
            self.actor,
            self.runner,
            referral_id=self.dto.referral_id,
            template=LetterTemplate.ONWARD_REFERRAL,
            onward_referral_id=self.dto.id,
        )
        self.letter_dialog.open()

    def _failed(self, error: TaskError) -> None:
        self._show_message(error.message)

    def change(self, status: OnwardStatus) -> None:
        self._show_message("")
        self.runner.run(
            onward.change_onward_status,
            self.db,
            self.actor,
            self.dto.id,
            status,
            expected_version=self.dto.version,
            note=self.note_edit.text(),
            on_done=self._done,
            on_error=self._failed,
            owner=self,
        )

    def record_consent(self) -> None:
        items = [k for k, c in self.share_boxes.items() if c.isChecked()]
        self.runner.run(
            onward.record_consent,
            self.db,
            self.actor,
            self.dto.id,
            share_items=items,
            expected_version=self.dto.version,
            on_done=self._done,
            on_error=self._failed,
            owner=self,
        )

    def change_follow_up(self) -> None:
        self.runner.run(
            onward.set_follow_up,
            self.db,
            self.actor,
            self.dto.id,
            self.follow_up_edit.date(),
            expected_version=self.dto.version,
            on_done=self._done,
            on_error=self._failed,
            owner=self,
        )
