"""Admin (administrators): staff accounts, and adding a user."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton

from divert_desktop.services import lists
from divert_desktop.services.users import UserDTO

from ..add_user_dialog import AddUserDialog
from ..models import Column
from ..widgets import DataTable
from .base import Page

USER_COLUMNS = [
    Column("Username", lambda u: u.username),
    Column("Name", lambda u: u.name),
    Column("Role", lambda u: u.role_text),
    Column("Account", lambda u: u.active_text,
           icon=lambda u: "status-ok" if u.active else "status-closed"),
    Column("Last sign-in", lambda u: u.last_sign_in_text),
]  # fmt: skip


class AdminPage(Page):
    """The users table and "Add user…" (issue 7 adds settings, backups and retention)."""

    key = "admin"
    title = "Admin"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.heading.setText("Staff accounts")
        self.dialog: AddUserDialog | None = None
        self.add_button = QPushButton("Add user…", self)
        self.add_button.setObjectName("add_user_button")
        self.add_button.setAccessibleName("Add user")
        self.add_button.setToolTip("Add an account for a member of staff")
        self.add_button.setProperty("primary", True)
        self.add_button.clicked.connect(self.add_user)
        self.letterhead_button = QPushButton("Letterhead…", self)
        self.letterhead_button.setObjectName("letterhead_button")
        self.letterhead_button.setAccessibleName("Letterhead")
        self.letterhead_button.setToolTip(
            "The organisation's details, signatory and logo on letters"
        )
        self.letterhead_button.clicked.connect(self.edit_letterhead)
        self.heading_row.addWidget(self.letterhead_button)
        self.heading_row.addWidget(self.add_button)
        self.layout_.addWidget(
            self.hint_label(
                "Everyone signs in with their own account. Their role decides what they can see "
                "and do; every change they make is recorded in the audit trail.",
                "admin_intro_label",
            )
        )
        self.table = DataTable("users_table", USER_COLUMNS, "Staff accounts", self)
        self.layout_.addWidget(self.table, 1)

    def refresh(self) -> None:
        super().refresh()
        self.run(lists.staff_accounts, self.db, self.actor, on_done=self._show)

    def _show(self, rows: list[lists.StaffRow]) -> None:
        self.table.set_rows(rows, "No accounts yet. Add one with “Add user…”.")

    def add_user(self) -> AddUserDialog:
        """Open the Add user dialog; the table refreshes when a user is added."""
        self.dialog = AddUserDialog(self.db, self.actor, self.runner, self)
        self.dialog.sig_added.connect(self._added)
        self.dialog.open()
        return self.dialog

    def edit_letterhead(self) -> Any:
        """Open the letterhead editor (shared settings printed on every letter)."""
        from ..letters.letterhead_dialog import LetterheadDialog

        self.letterhead_dialog = LetterheadDialog(self, self.db, self.actor, self.runner)
        self.letterhead_dialog.sig_saved.connect(
            lambda _s: self.sig_status.emit("Saved the letterhead. New letters use it from now on.")
        )
        self.letterhead_dialog.open()
        return self.letterhead_dialog

    def _added(self, user: UserDTO) -> None:
        self.sig_status.emit(
            f"Added {user.display_name} ({user.username}) as {user.role.label.lower()}."
        )
        self.refresh()
