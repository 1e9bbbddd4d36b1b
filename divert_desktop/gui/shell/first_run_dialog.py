"""First run: create the administrator account and the letterhead on a new database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from divert_desktop.core.errors import ValidationError
from divert_desktop.core.validation import format_uk_phone, normalise_uk_phone, validate_email
from divert_desktop.gui.forms.ui_first_run_dialog import Ui_FirstRunDialog
from divert_desktop.gui.shell.screen_fit import FRAME_ALLOWANCE, available_room
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import FieldErrors, GuardedDialog, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.admin.users import (
    MIN_PASSWORD_LENGTH,
    UserDTO,
    create_first_administrator,
    validate_password,
    validate_username,
)

SERVICE_FIELDS = {"username": "username", "display_name": "full_name", "password": "password"}


def password_hint(password: str) -> str:
    """Live advice while a new password is typed."""
    missing = MIN_PASSWORD_LENGTH - len(password)
    if not password:
        return (
            f"At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong "
            "password that is easy to remember."
        )
    if missing > 0:
        return f"{missing} more character{'s' if missing > 1 else ''} needed."
    return "Long enough."


def check_new_password(errors: dict[str, str], password: str, confirm: str) -> None:
    """Add the password and confirmation problems (if any) to ``errors``."""
    try:
        validate_password(password)
    except ValidationError as exc:
        errors["password"] = exc.message
        return
    if confirm != password:
        errors["confirm_password"] = (
            "The two passwords are different. Type the same password twice."
        )


def check_new_account(
    errors: dict[str, str], ui: object, *, full_name_message: str
) -> tuple[str, str]:
    """Check the username, full name and password fields every account form has (the ``ui``
    holds ``username_edit``, ``full_name_edit``, ``password_edit``, ``confirm_password_edit``).
    Adds problems to ``errors``; returns the cleaned username and full name."""
    try:
        username = validate_username(ui.username_edit.text())  # type: ignore[attr-defined]
    except ValidationError as exc:
        errors["username"] = exc.message
        username = ""
    full_name = ui.full_name_edit.text().strip()  # type: ignore[attr-defined]
    if not full_name:
        errors["full_name"] = full_name_message
    check_new_password(
        errors,
        ui.password_edit.text(),  # type: ignore[attr-defined]
        ui.confirm_password_edit.text(),  # type: ignore[attr-defined]
    )
    return username, full_name


class FirstRunDialog(GuardedDialog):
    """Creates the first administrator (with the letterhead settings). ``created`` holds the
    new account after ``accepted``."""

    primary_button_name = "create_button"

    sig_created = Signal(object)  # UserDTO
    discard_question = "Quit without setting up DIVERT Desktop? What you typed will be lost."

    def __init__(self, db: Database, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_FirstRunDialog()
        self.ui.setupUi(self)
        self._db = db
        self._runner = runner
        self.created: UserDTO | None = None
        make_heading(self.ui.heading_label)
        set_role(self.ui.intro_label, "hint")
        set_role(self.ui.password_hint_label, "hint")
        u = self.ui
        self.errors = FieldErrors(
            {
                "username": (u.username_edit, u.username_error_label),
                "full_name": (u.full_name_edit, u.full_name_error_label),
                "password": (u.password_edit, u.password_error_label),
                "confirm_password": (u.confirm_password_edit, u.confirm_password_error_label),
                "organisation_phone": (u.organisation_phone_edit, u.organisation_phone_error_label),
                "organisation_email": (u.organisation_email_edit, u.organisation_email_error_label),
                "logo": (u.choose_logo_button, u.logo_error_label),
            },
            u.form_error_label,
            hints={"password": u.password_hint_label},
            # the account column is narrow: these messages wrap, so their room is kept
            lines={"username": 3, "full_name": 2, "password": 4, "confirm_password": 2},
        )
        # both columns keep to the top: when the account column grows with its messages, the
        # letterhead column is not stretched to match, so its fields stay where they are
        u.groups_layout.setAlignment(u.account_group, Qt.AlignmentFlag.AlignTop)
        u.groups_layout.setAlignment(u.letterhead_group, Qt.AlignmentFlag.AlignTop)
        u.letterhead_form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        address = u.organisation_address_edit  # four lines, whatever room the dialog has
        address.setFixedHeight(address.fontMetrics().lineSpacing() * 4 + 14)
        u.password_edit.textChanged.connect(self._update_hint)
        self.logo: bytes | None = None
        u.choose_logo_button.clicked.connect(self._choose_logo_clicked)
        u.create_button.clicked.connect(self.create)
        u.cancel_button.clicked.connect(self.reject)
        self._update_hint("")
        name_controls(self)
        u.username_edit.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Qt takes the dialog's least height from the account column alone (its wrapped
        # messages make it the one column sized by its width), so the dialog opened too short
        # for the letterhead column, which sprang open one line when the first error appeared.
        # Open at the height both columns need (their error lines are kept free already), so
        # nothing moves afterwards; never taller than the screen.
        need = self.sizeHint().height()
        room = available_room(self)
        if room is not None:
            need = min(need, room.height() - FRAME_ALLOWANCE[1])
        if self.minimumHeight() < need:
            self.setMinimumHeight(need)

    def _update_hint(self, text: str) -> None:
        self.ui.password_hint_label.setText(password_hint(text))

    def _edits(self) -> list[Any]:
        u = self.ui
        return [
            u.username_edit,
            u.full_name_edit,
            u.password_edit,
            u.confirm_password_edit,
            u.organisation_name_edit,
            u.organisation_phone_edit,
            u.organisation_email_edit,
            u.signatory_name_edit,
            u.signatory_title_edit,
        ]

    def has_unsaved_input(self) -> bool:
        typed = any(edit.text().strip() for edit in self._edits()) or self.logo is not None
        return typed or bool(self.ui.organisation_address_edit.toPlainText().strip())

    def _choose_logo_clicked(self) -> None:  # a bound method: a lambda would keep the dialog alive
        self.choose_logo(None)

    def choose_logo(self, path: str | None) -> None:
        """Read the logo image (``path`` None asks which file), checked on the io lane."""
        from pathlib import Path

        from PySide6.QtGui import QPixmap
        from PySide6.QtWidgets import QFileDialog

        from divert_desktop.gui.letters.letterhead_dialog import read_logo

        if path is None:
            path, _f = QFileDialog.getOpenFileName(
                self, "Choose the logo", str(Path.home()), "Images (*.png *.jpg *.jpeg *.gif)"
            )
            if not path:
                return
        self.errors.clear_field("logo")

        def chosen(png: bytes) -> None:
            self.logo = png
            pixmap = QPixmap()
            pixmap.loadFromData(png)
            self.ui.logo_preview_label.setPixmap(pixmap.scaledToHeight(40))

        self._runner.run(
            read_logo,
            path,
            lane="io",
            owner=self,
            on_done=chosen,
            on_error=lambda e: self.errors.show("logo", e.message),
        )

    def _letterhead(self, errors: dict[str, str]) -> dict[str, str]:
        u = self.ui
        phone = u.organisation_phone_edit.text().strip()
        email = u.organisation_email_edit.text().strip()
        if phone:
            try:
                phone = format_uk_phone(normalise_uk_phone(phone, "organisation_phone"))
            except ValidationError as exc:
                errors["organisation_phone"] = exc.message
        if email:
            try:
                email = validate_email(email, "organisation_email")
            except ValidationError as exc:
                errors["organisation_email"] = exc.message
        return {
            "organisation_name": u.organisation_name_edit.text().strip(),
            "organisation_address": u.organisation_address_edit.toPlainText().strip(),
            "organisation_phone": phone,
            "organisation_email": email,
            "signatory_name": u.signatory_name_edit.text().strip(),
            "signatory_title": u.signatory_title_edit.text().strip(),
        }

    def create(self) -> None:
        """Check the form; when it is complete, create the account on the database worker."""
        u = self.ui
        self.errors.clear()
        errors: dict[str, str] = {}
        username, full_name = check_new_account(
            errors, u, full_name_message="Enter your full name, as colleagues know you."
        )
        letterhead = self._letterhead(errors)
        if errors:
            for field in reversed(list(errors)):  # focus ends on the first problem
                self.errors.show(field, errors[field])
            return
        self._set_busy(True)
        self._runner.run(
            create_first_administrator,
            self._db,
            username=username,
            display_name=full_name,
            password=u.password_edit.text(),
            letterhead={k: v for k, v in letterhead.items() if v},
            logo=self.logo,
            on_done=self._created,
            on_error=self._failed,
            owner=self,
        )

    def _set_busy(self, busy: bool) -> None:
        self.ui.create_button.setEnabled(not busy)
        self.ui.create_button.setText("Creating…" if busy else "Create administrator")

    def _created(self, user: UserDTO) -> None:
        self.created = user
        self._set_busy(False)
        self.sig_created.emit(user)
        self.accept()

    def _failed(self, error: TaskError) -> None:
        self._set_busy(False)
        self.errors.show(SERVICE_FIELDS.get(error.field or ""), error.message)
