"""The lock screen: covers the main window's contents until the same user (or another) signs in."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.errors import AuthenticationError
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import icon, make_heading, set_role
from divert_desktop.gui.widgets import ask, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.admin.server_sign_in import ServerSignIn, sign_in
from divert_desktop.services.context import Actor


class LockScreen(QFrame):
    """Covers its parent entirely (following its size). ``sig_unlocked`` when the locked user
    signs in again; ``sig_other_user(ServerSignIn)`` when someone else signs in instead (after the
    question whether to end the first user's session)."""

    sig_unlocked = Signal()
    sig_other_user = Signal(object)  # ServerSignIn: the Actor and the Database to use

    def __init__(self, db: Database, actor: Actor, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self.setAccessibleName("Locked")
        self.setAutoFillBackground(True)
        self._db, self._actor, self._runner = db, actor, runner
        self.busy = False
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        card = QFrame(self)
        card.setObjectName("lock_card")
        card.setFixedWidth(460)
        box = QVBoxLayout(card)
        box.setSpacing(12)
        box.setContentsMargins(28, 24, 28, 24)
        badge = QLabel(card)
        badge.setPixmap(icon("app").pixmap(QSize(48, 48)))
        box.addWidget(badge, 0, Qt.AlignmentFlag.AlignHCenter)
        heading = QLabel("DIVERT Desktop is locked", card)
        heading.setObjectName("lock_heading")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        make_heading(heading, 1.4)
        box.addWidget(heading)
        who = actor.display_name or actor.username
        self.intro_label = QLabel(
            f"Records are hidden while the app is locked. {who} can sign in again to carry on "
            "where they left off; work not yet saved is kept.",
            card,
        )
        self.intro_label.setObjectName("lock_intro_label")
        self.intro_label.setWordWrap(True)
        set_role(self.intro_label, "hint")
        box.addWidget(self.intro_label)
        form = QFormLayout()
        self.username_edit = QLineEdit(actor.username, card)
        self.username_edit.setObjectName("lock_username_edit")
        self.password_edit = QLineEdit(card)
        self.password_edit.setObjectName("lock_password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for text, edit in (("&Username", self.username_edit), ("&Password", self.password_edit)):
            label = QLabel(text, card)
            label.setBuddy(edit)
            form.addRow(label, edit)
        box.addLayout(form)
        self.message_label = QLabel(card)
        self.message_label.setObjectName("lock_message_label")
        self.message_label.setWordWrap(True)
        set_role(self.message_label, "error")
        self.message_label.hide()
        box.addWidget(self.message_label)
        self.sign_in_button = QPushButton("Sign in", card)
        self.sign_in_button.setObjectName("lock_sign_in_button")
        self.sign_in_button.setProperty("primary", True)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.password_edit.returnPressed.connect(self.sign_in)
        self.username_edit.returnPressed.connect(self.password_edit.setFocus)
        box.addWidget(self.sign_in_button, 0, Qt.AlignmentFlag.AlignRight)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(lambda: self.sign_in_button.setEnabled(True))
        name_controls(self)
        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return super().eventFilter(watched, event)

    def lock(self) -> None:
        """Cover the window and wait for a sign-in."""
        self.setGeometry(self.parentWidget().rect())
        self.username_edit.setText(self._actor.username)
        self.password_edit.clear()
        self.message_label.hide()
        self.show()
        self.raise_()
        self.password_edit.setFocus()

    def _say(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.show()
        self.password_edit.setFocus()

    def sign_in(self) -> None:
        if self.busy or not self.sign_in_button.isEnabled():
            return
        username = self.username_edit.text().strip().lower()
        password = self.password_edit.text()
        if not username:
            self._say("Enter your username.")
            return
        if not password:
            self._say("Enter your password.")
            return
        other = username != self._actor.username
        who = self._actor.display_name or self._actor.username
        if other and not ask(
            self,
            "Sign in as someone else",
            f"Sign in as {username}? {who}'s session ends, and any work they have not saved "
            "is lost.",
            f"End {who}'s session",
            "Stay locked",
        ):
            return
        self.busy = True
        self.sign_in_button.setEnabled(False)
        self._runner.run(
            sign_in,
            self._db,
            username,
            password,
            on_done=lambda signed: self._signed_in(signed, other),
            on_error=self._refused,
            owner=self,
        )

    def _signed_in(self, signed: ServerSignIn, other: bool) -> None:
        self.busy = False
        self.sign_in_button.setEnabled(True)
        self.password_edit.clear()
        if other:  # the other person's session, on their own login on a shared server
            self.sig_other_user.emit(signed)
            return
        if signed.db is not self._db:  # the password was right: this session goes on
            signed.db.dispose()
        self.hide()
        self.sig_unlocked.emit()

    def _refused(self, error: TaskError) -> None:
        self.busy = False
        self.password_edit.clear()
        wait = getattr(error.exception, "retry_after", 0)
        if isinstance(error.exception, AuthenticationError) and wait:
            self._retry_timer.start(wait * 1000)
        else:
            self.sign_in_button.setEnabled(True)
        self._say(error.message)
