"""Administrators' account dialogs: give another role, reset a password (code-built)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.enums import Role
from divert_desktop.gui.admin.add_user_dialog import ROLE_HELP
from divert_desktop.gui.admin.password_form import PasswordFields
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import GuardedDialog, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.admin import accounts
from divert_desktop.services.admin.users import UserDTO
from divert_desktop.services.context import Actor
from divert_desktop.services.lists import StaffRow


class _AccountDialog(GuardedDialog):
    """Heading, intro, a form, an error line and Cancel / primary buttons."""

    sig_done = Signal(object)  # UserDTO
    primary_button_name = "ok_button"

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        row: StaffRow,
        parent: QWidget | None,
        *,
        name: str,
        title: str,
        intro: str,
        action: str,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self._db, self._actor, self._runner, self.row = db, actor, runner, row
        self.result_user: UserDTO | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        heading = QLabel(title, self)
        heading.setObjectName("heading_label")
        make_heading(heading)
        layout.addWidget(heading)
        intro_label = QLabel(intro, self)
        intro_label.setObjectName("intro_label")
        intro_label.setWordWrap(True)
        set_role(intro_label, "hint")
        layout.addWidget(intro_label)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(12)
        layout.addLayout(self.form)
        self.form_error_label = QLabel(self)
        self.form_error_label.setObjectName("form_error_label")
        self.form_error_label.setWordWrap(True)
        set_role(self.form_error_label, "error")
        self.form_error_label.hide()
        layout.addWidget(self.form_error_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button = QPushButton(action, self)
        self.ok_button.setObjectName("ok_button")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout.addLayout(buttons)
        self._layout = layout

    def finish_setup(self) -> None:
        name_controls(self)
        self.resize(540, self.sizeHint().height())

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _run(self, fn: object, *args: object) -> None:
        self.ok_button.setEnabled(False)
        self._runner.run(
            fn,
            self._db,
            self._actor,
            self.row.id,
            *args,  # type: ignore[arg-type]
            server_login=not self._db.is_sqlite,  # a shared server: the login role too
            on_done=self._done,
            on_error=self._failed,
            owner=self,
        )

    def _done(self, user: UserDTO) -> None:
        self.result_user = user
        self.ok_button.setEnabled(True)
        self.sig_done.emit(user)
        self.accept()

    def _failed(self, error: TaskError) -> None:
        self.ok_button.setEnabled(True)
        self.form_error_label.setText(error.message)
        self.form_error_label.show()


class SetRoleDialog(_AccountDialog):
    """Give an account another role; the person's open session ends at its next action."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        row: StaffRow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            db,
            actor,
            runner,
            row,
            parent,
            name="set_role_dialog",
            title=f"Change {row.name}'s role",
            intro="The new role decides what they can see and do. If they are "
            "signed in now, they are asked to sign in again.",
            action="Change role",
        )
        self.role_combo = QComboBox(self)
        self.role_combo.setObjectName("role_combo")
        for role in Role:
            self.role_combo.addItem(role.label, role.value)
        self.role_combo.setCurrentIndex(list(Role).index(row.role))
        label = QLabel("&Role", self)
        label.setBuddy(self.role_combo)
        self.form.addRow(label, self.role_combo)
        self.role_help_label = QLabel(self)
        self.role_help_label.setObjectName("role_help_label")
        self.role_help_label.setWordWrap(True)
        set_role(self.role_help_label, "hint")
        self.form.addRow("", self.role_help_label)
        self.role_combo.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        self.finish_setup()
        self.role_combo.setFocus()

    @property
    def role(self) -> Role:
        return Role(self.role_combo.currentData())

    def _role_changed(self, *_: object) -> None:
        self.role_help_label.setText(ROLE_HELP[self.role])
        self.ok_button.setEnabled(self.role is not self.row.role)

    def has_unsaved_input(self) -> bool:
        return False

    def submit(self) -> None:
        self._run(accounts.set_role, self.role)


class ResetPasswordDialog(_AccountDialog):
    """Set a temporary password; the person chooses their own at next sign-in."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        row: StaffRow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            db,
            actor,
            runner,
            row,
            parent,
            name="reset_password_dialog",
            title=f"Reset {row.name}'s password",
            intro="Type a temporary password and tell it to them in person. They "
            "must choose a new one when they next sign in; if they are signed in "
            "now, they are signed out. A locked account is unlocked.",
            action="Reset password",
        )
        self.fields = PasswordFields(self, self.form, self.form_error_label)
        self.finish_setup()
        self.fields.password_edit.setFocus()

    def has_unsaved_input(self) -> bool:
        return self.fields.has_input()

    def submit(self) -> None:
        password = self.fields.check(self.row.username)
        if password is not None:
            self._run(accounts.reset_password, password)

    def _failed(self, error: TaskError) -> None:
        self.ok_button.setEnabled(True)
        self.fields.show_error(error.field, error.message)
