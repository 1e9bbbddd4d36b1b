"""Add a staff account (administrators): username, full name, role and a first password."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from divert_desktop.core.enums import Role
from divert_desktop.gui.forms.ui_add_user_dialog import Ui_AddUserDialog
from divert_desktop.gui.shell.first_run_dialog import check_new_account, password_hint
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import FieldErrors, GuardedDialog, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.admin.users import UserDTO, add_user
from divert_desktop.services.context import Actor

ROLE_HELP = {
    Role.RECEPTIONIST: "Keeps the diary and takes in referrals. Sees contact details, not "
    "clinical notes.",
    Role.CASEWORKER: "Runs assessments and sessions, records outcomes. Sees the full record "
    "of the people they work with.",
    Role.MANAGER: "Everything a caseworker can, plus reports, the audit trail and overriding "
    "eligibility rules.",
    Role.ADMINISTRATOR: "User accounts, settings, the database and backups. No clinical data "
    "and no diary.",
}
SERVICE_FIELDS = {"username": "username", "display_name": "full_name", "password": "password"}


class AddUserDialog(GuardedDialog):
    """Adds an account through ``services.users.add_user``; ``added`` holds it after ``accepted``."""

    primary_button_name = "add_button"

    sig_added = Signal(object)  # UserDTO

    def __init__(
        self, db: Database, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_AddUserDialog()
        self.ui.setupUi(self)
        self._db, self._actor, self._runner = db, actor, runner
        self.added: UserDTO | None = None
        u = self.ui
        make_heading(u.heading_label)
        set_role(u.intro_label, "hint")
        set_role(u.role_help_label, "hint")
        set_role(u.password_hint_label, "hint")
        for role in Role:
            u.role_combo.addItem(role.label, role.value)
        u.role_combo.currentIndexChanged.connect(self._role_changed)
        u.role_combo.setCurrentIndex(list(Role).index(Role.CASEWORKER))
        self._role_changed()
        self.errors = FieldErrors(
            {
                "username": (u.username_edit, u.username_error_label),
                "full_name": (u.full_name_edit, u.full_name_error_label),
                "password": (u.password_edit, u.password_error_label),
                "confirm_password": (u.confirm_password_edit, u.confirm_password_error_label),
            },
            u.form_error_label,
            hints={"password": u.password_hint_label},
        )
        u.password_edit.textChanged.connect(
            lambda text: u.password_hint_label.setText(password_hint(text))
        )
        u.password_hint_label.setText(password_hint(""))
        u.add_button.clicked.connect(self.add)
        u.cancel_button.clicked.connect(self.reject)
        name_controls(self)
        u.username_edit.setFocus()

    @property
    def role(self) -> Role:
        return Role(self.ui.role_combo.currentData())

    def _role_changed(self, *_: object) -> None:
        self.ui.role_help_label.setText(ROLE_HELP[self.role])

    def has_unsaved_input(self) -> bool:
        u = self.ui
        edits = (u.username_edit, u.full_name_edit, u.password_edit, u.confirm_password_edit)
        return any(edit.text().strip() for edit in edits)

    def add(self) -> None:
        u = self.ui
        self.errors.clear()
        errors: dict[str, str] = {}
        username, full_name = check_new_account(
            errors, u, full_name_message="Enter the person's full name."
        )
        if errors:
            for field in reversed(list(errors)):
                self.errors.show(field, errors[field])
            return
        u.add_button.setEnabled(False)
        self._runner.run(
            add_user,
            self._db,
            self._actor,
            username=username,
            display_name=full_name,
            role=self.role,
            password=u.password_edit.text(),
            server_login=not self._db.is_sqlite,  # a shared server: the login role too
            on_done=self._added,
            on_error=self._failed,
            owner=self,
        )

    def _added(self, user: UserDTO) -> None:
        self.added = user
        self.ui.add_button.setEnabled(True)
        self.sig_added.emit(user)
        self.accept()

    def _failed(self, error: TaskError) -> None:
        self.ui.add_button.setEnabled(True)
        field = SERVICE_FIELDS.get(error.field or "")
        if field is None and "username" in error.message.lower():
            field = "username"  # "The username … is already taken"
        self.errors.show(field, error.message)
