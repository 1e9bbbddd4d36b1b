"""A new password typed twice, with live advice and errors next to the fields (code-built)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from divert_desktop.core.passwords import password_problem
from divert_desktop.gui.shell.first_run_dialog import password_hint
from divert_desktop.gui.theme import set_role
from divert_desktop.gui.widgets import FieldErrors


def _field(parent: QWidget, layout: QFormLayout, name: str, text: str) -> tuple[QLineEdit, QLabel]:
    edit = QLineEdit(parent)
    edit.setObjectName(f"{name}_edit")
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    error = QLabel(parent)
    error.setObjectName(f"{name}_error_label")
    error.setWordWrap(True)
    box = QVBoxLayout()
    box.setSpacing(2)
    box.addWidget(edit)
    box.addWidget(error)
    label = QLabel(text, parent)
    label.setBuddy(edit)
    layout.addRow(label, box)
    return edit, error


class PasswordFields:
    """Adds "Current password" (optional), "New password" and "Confirm" rows to a form."""

    def __init__(
        self, parent: QWidget, layout: QFormLayout, general: QLabel, *, current: bool = False
    ) -> None:
        fields: dict[str, tuple[QWidget, QLabel]] = {}
        self.current_edit: QLineEdit | None = None
        if current:
            self.current_edit, error = _field(
                parent, layout, "current_password", "C&urrent password"
            )
            fields["current_password"] = (self.current_edit, error)
        self.password_edit, error = _field(parent, layout, "password", "&New password")
        fields["password"] = (self.password_edit, error)
        self.hint_label = QLabel(password_hint(""), parent)
        self.hint_label.setObjectName("password_hint_label")
        self.hint_label.setWordWrap(True)
        set_role(self.hint_label, "hint")
        layout.addRow("", self.hint_label)
        self.confirm_edit, error = _field(parent, layout, "confirm_password", "Con&firm password")
        fields["confirm_password"] = (self.confirm_edit, error)
        self.errors = FieldErrors(fields, general, hints={"password": self.hint_label})
        self.password_edit.textChanged.connect(
            lambda text: self.hint_label.setText(password_hint(text))
        )

    def check(self, username: str = "") -> str | None:
        """The new password when the fields are right, else None with errors shown. The
        common-password list is checked by the service, which says so next to the field."""
        self.errors.clear()
        errors: dict[str, str] = {}
        password = self.password_edit.text()
        if self.current_edit is not None and not self.current_edit.text():
            errors["current_password"] = "Enter your current password."
        problem = password_problem(password, username=username)
        if problem:
            errors["password"] = problem
        elif self.confirm_edit.text() != password:
            errors["confirm_password"] = (
                "The two passwords are different. Type the same password twice."
            )
        for field in reversed(list(errors)):
            self.errors.show(field, errors[field])
        return None if errors else password

    def show_error(self, field: str | None, message: str) -> None:
        known = {"password", "current_password", "confirm_password"}
        self.errors.show(field if field in known else None, message)

    def has_input(self) -> bool:
        edits = [self.password_edit, self.confirm_edit, self.current_edit]
        return any(e is not None and e.text() for e in edits)
