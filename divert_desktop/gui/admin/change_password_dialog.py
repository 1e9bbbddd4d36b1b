"""Choosing a new password: forced after a reset, or from the File menu at any time."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from divert_desktop.gui.admin.password_form import PasswordFields
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import GuardedDialog, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.admin.accounts import change_own_password
from divert_desktop.services.admin.users import UserDTO
from divert_desktop.services.context import Actor


class ChangePasswordDialog(GuardedDialog):
    """``forced``: right after signing in with a password an administrator reset; the
    temporary password was just typed, so only the new one is asked for."""

    discard_question = "Close without changing your password?"

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        forced: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("change_password_dialog")
        self.setWindowTitle("Choose a new password")
        self._db, self._actor, self._runner = db, actor, runner
        self.changed: UserDTO | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        heading = QLabel("Choose a new password", self)
        heading.setObjectName("heading_label")
        make_heading(heading)
        layout.addWidget(heading)
        intro = QLabel(
            "Your administrator reset your password. Choose a new one that only you know; you "
            "will use it from now on."
            if forced
            else "Type your current password, then the new one twice.",
            self,
        )
        intro.setObjectName("intro_label")
        intro.setWordWrap(True)
        set_role(intro, "hint")
        layout.addWidget(intro)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        self.form_error_label = QLabel(self)
        self.form_error_label.setObjectName("form_error_label")
        self.form_error_label.setWordWrap(True)
        self.fields = PasswordFields(self, form, self.form_error_label, current=not forced)
        layout.addLayout(form)
        layout.addWidget(self.form_error_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton("Sign out" if forced else "Cancel", self)
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton("Save new password", self)
        self.save_button.setObjectName("save_button")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        name_controls(self)
        self.resize(560, self.sizeHint().height())
        (self.fields.current_edit or self.fields.password_edit).setFocus()

    def has_unsaved_input(self) -> bool:
        return self.fields.has_input()

    def save(self) -> None:
        password = self.fields.check(self._actor.username)
        if password is None:
            return
        current = self.fields.current_edit.text() if self.fields.current_edit else None
        self.save_button.setEnabled(False)
        self._runner.run(
            change_own_password,
            self._db,
            self._actor,
            password,
            current_password=current,
            on_done=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, user: UserDTO) -> None:
        self.changed = user
        self.save_button.setEnabled(True)
        self.accept()

    def _failed(self, error: TaskError) -> None:
        self.save_button.setEnabled(True)
        self.fields.show_error(error.field, error.message)
