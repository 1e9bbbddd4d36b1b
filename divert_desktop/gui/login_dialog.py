"""The sign-in dialog: username and password, checked on the database worker."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.users import authenticate

from .forms.ui_login_dialog import Ui_LoginDialog
from .tasks import TaskError, TaskRunner
from .theme import make_heading, set_role
from .widgets import name_controls


class LoginDialog(QDialog):
    """Asks for a username and password. ``actor`` holds the signed-in user after ``accepted``.

    A refusal shows the service's message in the dialog, keeps the username, clears the password
    and puts the cursor back in the password field.
    """

    sig_signed_in = Signal(object)  # Actor

    def __init__(
        self, db: Database, runner: TaskRunner, parent: QWidget | None = None, username: str = ""
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        self._db = db
        self._runner = runner
        self.actor: Actor | None = None
        make_heading(self.ui.heading_label)
        set_role(self.ui.intro_label, "hint")
        set_role(self.ui.message_label, "error")
        self.ui.message_label.hide()
        self.ui.database_label.setText(db.description)
        self.ui.database_label.setToolTip("The database this computer uses")
        self.ui.sign_in_button.clicked.connect(self.sign_in)
        self.ui.quit_button.clicked.connect(self.reject)
        self.ui.username_edit.setText(username)
        name_controls(self)
        (self.ui.password_edit if username else self.ui.username_edit).setFocus()

    @property
    def busy(self) -> bool:
        return not self.ui.sign_in_button.isEnabled()

    def sign_in(self) -> None:
        if self.busy:
            return
        username = self.ui.username_edit.text().strip()
        password = self.ui.password_edit.text()
        if not username:
            self._say("Enter your username.", self.ui.username_edit)
            return
        if not password:
            self._say("Enter your password.", self.ui.password_edit)
            return
        self._set_busy(True)
        self._runner.run(
            authenticate,
            self._db,
            username,
            password,
            on_done=self._signed_in,
            on_error=self._refused,
            owner=self,
        )

    def _say(self, message: str, field: QWidget) -> None:
        self.ui.message_label.setText(message)
        self.ui.message_label.show()
        field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.ui.username_edit, self.ui.password_edit, self.ui.sign_in_button):
            widget.setEnabled(not busy)
        self.ui.sign_in_button.setText("Signing in…" if busy else "Sign in")
        if busy:
            self.ui.message_label.hide()

    def _signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self._set_busy(False)
        self.ui.password_edit.clear()
        self.sig_signed_in.emit(actor)
        self.accept()

    def _refused(self, error: TaskError) -> None:
        self._set_busy(False)
        self.ui.password_edit.clear()
        self._say(error.message, self.ui.password_edit)
