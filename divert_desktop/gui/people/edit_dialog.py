"""Edit a person's details: contact details for reception, every field for casework roles."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.enums import ContactMethod, Gender, LocalAuthority
from divert_desktop.core.errors import StaleEditError
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_uk_phone
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import FieldErrors, GuardedDialog, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.people import records as people

LABELS = {
    "first_name": "&First name",
    "last_name": "&Last name",
    "known_as": "&Known as",
    "date_of_birth": "Date of &birth",
    "gender": "&Gender",
    "local_authority": "&Area",
    "address_line1": "Address line &1",
    "address_line2": "Address line &2",
    "town": "&Town",
    "postcode": "&Postcode",
    "phone": "P&hone",
    "email": "&Email",
    "preferred_contact": "Preferred &contact",
    "letters_allowed": "Letters",
    "accessibility_needs": "Access&ibility needs",
    "language_needs": "La&nguage needs",
}
NOT_RECORDED = "Not recorded"


def shown(field: str, value: Any) -> str:
    """A stored value as the form shows it."""
    if value is None or value == "":
        return ""
    if field == "date_of_birth" and isinstance(value, date):
        return f"{value.day}/{value.month}/{value.year}"
    if field == "phone":
        return format_uk_phone(value)
    if field == "letters_allowed":
        return "May be sent" if value else "Do not send"
    return str(getattr(value, "value", value))


class PersonEditDialog(GuardedDialog):
    """Loads the person's details, saves only what changed, quoting the version it loaded.

    A stale save (someone else saved first) shows both versions side by side and keeps what was
    typed; "Save mine over theirs" then saves it against the newer version.
    """

    sig_saved = Signal(object)  # PersonDetails

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        details: people.PersonDetails,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("person_edit_dialog")
        self.setWindowTitle("Edit details")  # never the person's name
        self.db, self.actor, self.runner = db, actor, runner
        self.details = details
        self.saving = False
        self.full_edit = actor.can(Action.EDIT_PERSON)
        self.inputs: dict[str, QWidget] = {}
        self._build()
        self._load(details)
        name_controls(self)
        first = "first_name" if self.full_edit else "address_line1"
        self.inputs[first].setFocus()
        self.resize(760, 560)

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        heading = QLabel("Edit details", self)
        make_heading(heading, 1.2)
        layout.addWidget(heading)
        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("edit_notice_label")
        self.notice_label.setWordWrap(True)
        set_role(self.notice_label, "hint")
        if not self.full_edit:
            self.notice_label.setText(
                "Your role can change contact details only. The name, date of birth, gender and "
                "area are shown for checking; ask a caseworker to change them."
            )
        self.notice_label.setVisible(not self.full_edit)
        layout.addWidget(self.notice_label)
        columns = QHBoxLayout()
        person_box = QGroupBox("Person", self)
        contact_box = QGroupBox("Contact details", self)
        errors: dict[str, tuple[QWidget, QLabel]] = {}
        for box, fields in (
            (person_box, people.PERSON_FIELDS),
            (contact_box, people.CONTACT_FIELDS),
        ):
            form = QFormLayout(box)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for field in fields:
                widget = self._input(field)
                widget.setObjectName(f"{field}_input")
                self.inputs[field] = widget
                error = QLabel(box)
                error.setObjectName(f"{field}_error_label")
                error.setWordWrap(True)
                cell = QWidget(box)
                cell.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
                cell_layout = QVBoxLayout(cell)
                cell_layout.setContentsMargins(0, 0, 0, 0)
                cell_layout.setSpacing(2)
                cell_layout.addWidget(widget)
                cell_layout.addWidget(error)
                label = QLabel(LABELS[field], box)
                label.setBuddy(widget)
                form.addRow(label, cell)
                errors[field] = (widget, error)
                if field in people.PERSON_FIELDS and not self.full_edit:
                    self._read_only(widget)
            columns.addWidget(box, 1)
        layout.addLayout(columns)
        layout.addStretch(1)
        self.conflict_box = QGroupBox("Someone else saved first", self)
        self.conflict_box.setObjectName("conflict_box")
        self.conflict_grid = QGridLayout(self.conflict_box)
        self.conflict_box.hide()
        layout.addWidget(self.conflict_box)
        self.general_label = QLabel(self)
        self.general_label.setObjectName("edit_error_label")
        self.general_label.setWordWrap(True)
        layout.addWidget(self.general_label)
        self.errors = FieldErrors(errors, self.general_label)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save_details_button")
        self.save_button.setDefault(True)
        cancel = self.buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel_edit_button")
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

    def _input(self, field: str) -> QWidget:
        if field == "gender":
            return self._combo([(g.value.capitalize(), g.value) for g in Gender])
        if field == "local_authority":
            return self._combo([(a.value, a.value) for a in LocalAuthority])
        if field == "preferred_contact":
            return self._combo([(c.value.capitalize(), c.value) for c in ContactMethod])
        if field == "letters_allowed":
            return QCheckBox("Letters may be sent to the address", self)
        if field == "accessibility_needs":
            edit = QPlainTextEdit(self)
            edit.setFixedHeight(64)
            edit.setTabChangesFocus(True)
            return edit
        edit = QLineEdit(self)
        if field == "date_of_birth":
            edit.setPlaceholderText("for example 2/12/2001")
        return edit

    def _combo(self, options: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(NOT_RECORDED, "")
        for text, value in options:
            combo.addItem(text, value)
        return combo

    @staticmethod
    def _read_only(widget: QWidget) -> None:
        if isinstance(widget, QLineEdit):
            widget.setReadOnly(True)
            widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # selectable, not a Tab stop
            widget.setStyleSheet("QLineEdit { background: palette(window); }")
        else:
            widget.setEnabled(False)
        widget.setToolTip("Only a caseworker or manager can change this")

    # ---------------------------------------------------------------- values
    def _set(self, field: str, value: Any) -> None:
        widget = self.inputs[field]
        if isinstance(widget, QComboBox):
            index = widget.findData(str(getattr(value, "value", value) or ""))
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(str(value or ""))
        elif isinstance(widget, QLineEdit):
            widget.setText(shown(field, value))

    def _get(self, field: str) -> Any:
        widget = self.inputs[field]
        if isinstance(widget, QComboBox):
            return widget.currentData() or None
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        assert isinstance(widget, QLineEdit)
        return widget.text().strip()

    def _load(self, details: people.PersonDetails) -> None:
        self.details = details
        for field, value in details.values().items():
            self._set(field, value)

    def changes(self) -> dict[str, Any]:
        """What the user changed (as typed), against the details the form was loaded with."""
        out = {}
        editable = people.EDITABLE_FIELDS if self.full_edit else people.CONTACT_FIELDS
        stored = self.details.values()
        for field in editable:
            typed = self._get(field)
            before = stored[field]
            if isinstance(typed, bool):
                if typed != bool(before):
                    out[field] = typed
            elif typed != shown(field, before) and (typed or before):
                out[field] = typed
        return out

    def has_unsaved_input(self) -> bool:
        return bool(self.changes())

    # ---------------------------------------------------------------- saving
    def save(self) -> None:
        changes = self.changes()
        if not changes:
            self.reject_without_asking()
            return
        self.errors.clear()
        self.saving = True
        self.save_button.setEnabled(False)
        self.runner.run(
            people.update_person,
            self.db,
            self.actor,
            self.details.id,
            self.details.version,
            changes,
            on_done=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, details: people.PersonDetails) -> None:
        self.saving = False
        self.details = details
        self.sig_saved.emit(details)
        self.accept()

    def _failed(self, error: TaskError) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        exc = error.exception
        if isinstance(exc, StaleEditError) and isinstance(exc.theirs, people.PersonDetails):
            self._show_conflict(dict(exc.mine or {}), exc.theirs, error.message)
            return
        self.errors.show(error.field, error.message)

    def _show_conflict(
        self, mine: dict[str, Any], theirs: people.PersonDetails, message: str
    ) -> None:
        """Both versions side by side; the form keeps what was typed and now quotes their
        version, so "Save mine over theirs" saves it."""
        grid = self.conflict_grid
        while grid.count():
            item = grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        intro = QLabel(message, self.conflict_box)
        intro.setWordWrap(True)
        grid.addWidget(intro, 0, 0, 1, 3)
        for column, title in enumerate(("", "You typed", "Saved by someone else")):
            header = QLabel(f"<b>{title}</b>", self.conflict_box)
            grid.addWidget(header, 1, column)
        stored = theirs.values()
        for row, field in enumerate(sorted(mine, key=people.EDITABLE_FIELDS.index), start=2):
            grid.addWidget(QLabel(LABELS[field].replace("&", ""), self.conflict_box), row, 0)
            mine_label = QLabel(shown(field, mine[field]) or NOT_RECORDED, self.conflict_box)
            mine_label.setObjectName(f"{field}_mine_label")
            theirs_label = QLabel(shown(field, stored[field]) or NOT_RECORDED, self.conflict_box)
            theirs_label.setObjectName(f"{field}_theirs_label")
            grid.addWidget(mine_label, row, 1)
            grid.addWidget(theirs_label, row, 2)
        self.conflict_box.show()
        self.details = theirs  # what is typed stays in the form; saving now overwrites theirs
        self.save_button.setText("Save mine over theirs")
