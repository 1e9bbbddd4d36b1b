"""The sign-in dialog: username and password, checked on the database worker."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from divert_desktop.gui.forms.ui_login_dialog import Ui_LoginDialog
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import name_controls
from divert_desktop.services.context import Actor

if TYPE_CHECKING:  # SQLAlchemy is imported on the database worker, after the first paint
    from divert_desktop.persistence.database import Database
    from divert_desktop.services.admin.signed_in import ServerSignIn

OPENING_MESSAGE = "Opening the database…"


def describe_address(url: str) -> str:
    """What the sign-in window says about a database address before it is opened (the same
    words as ``Database.description``, read without SQLAlchemy, which is not imported yet)."""
    parts = urlsplit(url)
    if parts.scheme.split("+")[0] == "sqlite":
        path = unquote(url.split(":///", 1)[1]) if ":///" in url else ""
        return f"Local file: {path.split('?')[0] or 'in memory'}"
    port = f":{parts.port}" if parts.port else ""
    return (
        f"Shared server: {unquote(parts.path.lstrip('/'))} on {parts.hostname or 'localhost'}{port}"
    )


def _sign_in(db: Database, username: str, password: str) -> ServerSignIn:
    """The sign-in service, imported on the database worker when someone first signs in
    (argon2, the ORM and the audit trail are not needed to show this window)."""
    from divert_desktop.services.admin.server_sign_in import sign_in

    return sign_in(db, username, password)


class LoginDialog(QDialog):
    """Asks for a username and password. ``actor`` holds the signed-in user after ``accepted``
    and ``database`` the Database to use from then on: on a shared server the person's own
    login (the server checks the password), on a SQLite file the one given.

    A refusal shows the service's message in the dialog, keeps the username, clears the password
    and puts the cursor back in the password field.
    """

    sig_signed_in = Signal(object)  # Actor

    def __init__(
        self,
        db: Database | None,
        runner: TaskRunner,
        parent: QWidget | None = None,
        username: str = "",
        *,
        description: str = "",
    ) -> None:
        """With ``db`` None the window opens before its database (``description`` says which):
        Sign in stays off, under "Opening the database…", until ``database_ready``."""
        super().__init__(parent)
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        self._runner = runner
        self.actor: Actor | None = None
        make_heading(self.ui.heading_label)
        set_role(self.ui.intro_label, "hint")
        set_role(self.ui.message_label, "error")
        self.ui.message_label.hide()
        self.opening_label = QLabel(OPENING_MESSAGE, self)
        self.opening_label.setObjectName("opening_label")
        set_role(self.opening_label, "hint")
        self.ui.main_layout.insertWidget(
            self.ui.main_layout.indexOf(self.ui.database_label), self.opening_label
        )
        self.ui.database_label.setText(description)
        self.ui.database_label.setToolTip("The database this computer uses")
        self.ui.sign_in_button.clicked.connect(self.sign_in)
        self.ui.quit_button.clicked.connect(self.reject)
        self.ui.username_edit.setText(username)
        self._wait_timer = QTimer(self)
        self._wait_timer.setSingleShot(True)
        self._wait_timer.timeout.connect(lambda: self._set_busy(False))
        name_controls(self)
        (self.ui.password_edit if username else self.ui.username_edit).setFocus()
        self._db: Database | None = None
        self.database: Database = None  # type: ignore[assignment]  # set by database_ready
        if db is None:
            self.ui.sign_in_button.setEnabled(False)
        else:
            self.database_ready(db)

    @property
    def opening(self) -> bool:
        """The database is still being opened and checked: Sign in is off until it is."""
        return self._db is None

    def database_ready(self, db: Database) -> None:
        """The database has been opened and its schema checked: signing in can start."""
        self._db = self.database = db
        self.ui.database_label.setText(db.description)
        self.opening_label.hide()
        self.ui.sign_in_button.setEnabled(not self.waiting)

    @property
    def busy(self) -> bool:
        return not self.ui.sign_in_button.isEnabled()

    @property
    def waiting(self) -> bool:
        """After repeated failures the next try waits a few seconds."""
        return self._wait_timer.isActive()

    def show_message(self, message: str) -> None:
        """Say why the user is here (for example: signed out because the account changed)."""
        self._say(
            message,
            self.ui.password_edit if self.ui.username_edit.text() else self.ui.username_edit,
        )

    def sign_in(self) -> None:
        if self.busy or self._db is None:
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
            _sign_in,
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

    def _signed_in(self, signed: ServerSignIn) -> None:
        actor = signed.actor
        self.actor, self.database = actor, signed.db
        self._set_busy(False)
        self.ui.password_edit.clear()
        self.sig_signed_in.emit(actor)
        self.accept()

    def _refused(self, error: TaskError) -> None:
        self.ui.password_edit.clear()
        wait = int(getattr(error.exception, "retry_after", 0) or 0)
        if wait:  # the service said how long to wait: the button comes back after that
            self._set_busy(False)
            self.ui.sign_in_button.setEnabled(False)
            self.ui.sign_in_button.setText("Wait…")
            self._wait_timer.start(wait * 1000)
        else:
            self._set_busy(False)
        self._say(error.message, self.ui.password_edit)
