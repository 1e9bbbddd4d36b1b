"""Asks for the shared server's password when the keyring does not hold it, and says why."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.connection import ConnectionProfile
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import name_controls


class PasswordPrompt(QDialog):
    """``password()`` after ``accepted``; ``other_requested`` when the user wants another
    connection instead."""

    def __init__(
        self, profile: ConnectionProfile, reason: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("password_prompt")
        self.setWindowTitle("Database password")
        self.other_requested = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        heading = QLabel("Password for the shared server", self)
        heading.setObjectName("heading_label")
        make_heading(heading)
        layout.addWidget(heading)
        where = QLabel(profile.summary, self)
        where.setObjectName("profile_label")
        where.setWordWrap(True)
        layout.addWidget(where)
        self.reason_label = QLabel(reason, self)
        self.reason_label.setObjectName("reason_label")
        self.reason_label.setAccessibleName("Why the password is asked for")
        self.reason_label.setWordWrap(True)
        set_role(self.reason_label, "hint")
        layout.addWidget(self.reason_label)
        form = QFormLayout()
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        label = QLabel("&Password", self)
        label.setBuddy(self.password_edit)
        form.addRow(label, self.password_edit)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.other_button = QPushButton("&Another connection…", self)
        self.other_button.setObjectName("other_connection_button")
        self.other_button.setAutoDefault(False)
        self.other_button.clicked.connect(self._other)
        self.quit_button = QPushButton("Quit", self)
        self.quit_button.setObjectName("quit_button")
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        self.connect_button = QPushButton("Connect", self)
        self.connect_button.setObjectName("connect_button")
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.accept)
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.connect_button)
        layout.addLayout(buttons)
        name_controls(self)
        self.resize(520, self.sizeHint().height())
        self.password_edit.setFocus()

    def _other(self) -> None:
        self.other_requested = True
        self.reject()

    def password(self) -> str:
        return self.password_edit.text()
