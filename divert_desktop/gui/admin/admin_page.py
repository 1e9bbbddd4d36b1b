"""Admin (administrators): staff accounts (add, role, disable, reset) and the database connection."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from divert_desktop.gui.admin.account_dialogs import ResetPasswordDialog, SetRoleDialog
from divert_desktop.gui.admin.add_user_dialog import AddUserDialog
from divert_desktop.gui.admin.backups_section import BackupsSection
from divert_desktop.gui.connection import ConnectionChoice, ConnectionDialog
from divert_desktop.gui.models import Column
from divert_desktop.gui.shell.page import Page
from divert_desktop.gui.widgets import DataTable, ask
from divert_desktop.services import lists
from divert_desktop.services.admin import accounts
from divert_desktop.services.admin.users import UserDTO
from divert_desktop.services.changes import Kind

USER_COLUMNS = [
    Column("Username", lambda u: u.username),
    Column("Name", lambda u: u.name),
    Column("Role", lambda u: u.role_text),
    Column(
        "Account",
        lambda u: u.active_text,
        icon=lambda u: (
            "status-ok"
            if u.active_text == "Active"
            else "status-closed"
            if not u.active
            else "status-warning"
        ),
    ),
    Column("Last sign-in", lambda u: u.last_sign_in_text),
]


NOTHING_SELECTED = (
    "Choose a user to see and change their account: click a row, or use the arrow keys in the "
    "table. Then change their role, disable or enable the account, or reset their password."
)


def _details(row: lists.StaffRow) -> str:
    """One line about the selected account, above the buttons that change it."""
    if row.last_sign_in_text == "Never":
        signed_in = "never signed in"
    else:
        signed_in = f"last signed in {row.last_sign_in_text}"
    return (
        f"Selected: {row.name} ({row.username}), {row.role_text.lower()}. "
        f"Account: {row.active_text[:1].lower()}{row.active_text[1:]}; {signed_in}."
    )


def _button(page: Page, text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text, page)
    button.setObjectName(name)
    button.setAccessibleName(text.rstrip("…"))
    button.setToolTip(tip)
    return button


class AdminPage(Page):
    """The users table with its actions, and the database connection.

    ``sig_connection_chosen(ConnectionChoice)`` asks the main window to restart the session on
    another database (after the user confirmed)."""

    key = "admin"
    shows = frozenset({Kind.USERS, Kind.SETTINGS, Kind.BACKUPS})
    title = "Admin"
    sig_connection_chosen = Signal(object)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.heading.setText("Staff accounts")
        self.dialog: Any = None
        self.add_button = _button(
            self, "Add user…", "add_user_button", "Add an account for a member of staff"
        )
        self.add_button.setProperty("primary", True)
        self.add_button.clicked.connect(self.add_user)
        self.letterhead_button = QPushButton("Letterhead…", self)
        self.letterhead_button.setObjectName("letterhead_button")
        self.letterhead_button.setAccessibleName("Letterhead")
        self.letterhead_button.setToolTip(
            "The organisation's details, signatory and logo on letters"
        )
        self.letterhead_button.clicked.connect(self.edit_letterhead)
        self.venues_button = _button(
            self,
            "Venues…",
            "venues_button",
            "Each venue's name, address and rooms, as letters print them",
        )
        self.venues_button.clicked.connect(self.edit_venues)
        self.heading_row.addWidget(self.venues_button)
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
        self.details_label = self.hint_label(NOTHING_SELECTED, "account_details_label")
        self.details_label.setAccessibleName("Selected account")
        self.layout_.addWidget(self.details_label)
        actions = QHBoxLayout()
        self.role_button = _button(
            self, "Change role…", "change_role_button", "Give the selected account another role"
        )
        self.active_button = _button(
            self,
            "Disable account",
            "toggle_active_button",
            "Stop the selected account from signing in",
        )
        self.reset_button = _button(
            self,
            "Reset password…",
            "reset_password_button",
            "Give the selected account a temporary password",
        )
        self.role_button.clicked.connect(self.change_role)
        self.active_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_password)
        for button in (self.role_button, self.active_button, self.reset_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.layout_.addLayout(actions)
        self.table.view.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.layout_.addWidget(self.section_label("Database", "database_heading"))
        database_row = QHBoxLayout()
        self.database_label = QLabel(self.db.description, self)
        self.database_label.setObjectName("admin_database_label")
        self.database_label.setAccessibleName("Database in use")
        self.database_label.setWordWrap(True)
        self.connection_button = _button(
            self,
            "Database connection…",
            "database_connection_button",
            "Choose the database this computer uses",
        )
        self.connection_button.clicked.connect(self.choose_connection)
        database_row.addWidget(self.database_label, 1)
        database_row.addWidget(self.connection_button)
        self.layout_.addLayout(database_row)
        self._selection_changed()
        self.backups = BackupsSection(self.db, self.actor, self.runner, self)
        self.backups.sig_status.connect(self.sig_status)
        self.layout_.addWidget(self.backups, 1)

    # ---------------------------------------------------------------- table
    def refresh(self) -> None:
        super().refresh()
        self.run(lists.staff_accounts, self.db, self.actor, on_done=self._show)
        self.backups.refresh()

    def _show(self, rows: list[lists.StaffRow]) -> None:
        selected = self.selected()
        self.table.set_rows(rows, "No accounts yet. Add one with “Add user…”.")
        if selected is not None:
            self.select_id(selected.id)  # the same account, wherever the sort puts it now
        self._selection_changed()

    def selected(self) -> lists.StaffRow | None:
        return self.table.current_row()

    def select_username(self, username: str) -> None:
        self._select_where(lambda row: row.username == username)

    def select_id(self, user_id: int) -> None:
        self._select_where(lambda row: row.id == user_id)

    def _select_where(self, test: Any) -> None:
        """Select the first row (in the table's current order) that passes ``test``."""
        model = self.table.model
        for position in range(model.rowCount()):
            if test(model.row(position)):
                self.table.view.setCurrentIndex(model.index(position, 0))
                self.table.view.selectRow(position)
                return

    def _selection_changed(self, *_: object) -> None:
        row = self.selected()
        for button in (self.role_button, self.active_button, self.reset_button):
            button.setEnabled(row is not None)
        self.details_label.setText(NOTHING_SELECTED if row is None else _details(row))
        if row is not None and not row.active:
            self.active_button.setText("Enable account")
            self.active_button.setToolTip("Let the selected account sign in again")
        else:
            self.active_button.setText("Disable account")
            self.active_button.setToolTip("Stop the selected account from signing in")
        self.active_button.setAccessibleName(self.active_button.text())

    # ---------------------------------------------------------------- actions
    def add_user(self) -> AddUserDialog:
        """Open the Add user dialog; the table refreshes when a user is added."""
        self.dialog = AddUserDialog(self.db, self.actor, self.runner, self)
        self.dialog.sig_added.connect(self._added)
        self.dialog.open()
        return self.dialog

    def edit_letterhead(self) -> Any:
        """Open the letterhead editor (shared settings printed on every letter)."""
        from divert_desktop.gui.letters.letterhead_dialog import LetterheadDialog

        self.letterhead_dialog = LetterheadDialog(self, self.db, self.actor, self.runner)
        self.letterhead_dialog.sig_saved.connect(
            lambda _s: self.sig_status.emit("Saved the letterhead. New letters use it from now on.")
        )
        self.letterhead_dialog.open()
        return self.letterhead_dialog

    def edit_venues(self) -> Any:
        """Open the venues editor (name, address and rooms of each hub)."""
        from divert_desktop.gui.admin.venues_dialog import VenuesDialog

        self.venues_dialog = VenuesDialog(self, self.db, self.actor, self.runner)
        self.venues_dialog.sig_saved.connect(
            lambda v: self.sig_status.emit(f"Saved {v.name}. New letters show its address.")
        )
        self.venues_dialog.open()
        return self.venues_dialog

    def _added(self, user: UserDTO) -> None:
        self.sig_status.emit(
            f"Added {user.display_name} ({user.username}) as {user.role.label.lower()}."
        )

    def change_role(self) -> SetRoleDialog | None:
        row = self.selected()
        if row is None:
            return None
        self.dialog = SetRoleDialog(self.db, self.actor, self.runner, row, self)
        self.dialog.sig_done.connect(
            lambda u: self._changed(f"{u.display_name} is now {u.role.label.lower()}.")
        )
        self.dialog.open()
        return self.dialog

    def reset_password(self) -> ResetPasswordDialog | None:
        row = self.selected()
        if row is None:
            return None
        self.dialog = ResetPasswordDialog(self.db, self.actor, self.runner, row, self)
        self.dialog.sig_done.connect(
            lambda u: self._changed(
                f"Reset {u.display_name}'s password: they choose a new one when they next sign in."
            )
        )
        self.dialog.open()
        return self.dialog

    def toggle_active(self) -> None:
        row = self.selected()
        if row is None:
            return
        enable = not row.active
        if not enable and not ask(
            self,
            "Disable account",
            f"Disable {row.name}'s account? They cannot sign in, and if they are signed in now "
            "they are signed out at their next action. You can enable it again later.",
            "Disable account",
            "Keep it active",
        ):
            return
        self.runner.run(
            accounts.set_active,
            self.db,
            self.actor,
            row.id,
            enable,
            server_login=not self.db.is_sqlite,  # a shared server: NOLOGIN or LOGIN too
            on_done=lambda u: self._changed(
                f"{u.display_name}'s account is {'active' if u.active else 'disabled'}."
            ),
            on_error=self.show_error,
            owner=self,
        )

    def _changed(self, message: str) -> None:
        self.sig_status.emit(message)

    def choose_connection(self) -> ConnectionDialog:
        """Open the connection dialog; a new choice restarts the session after confirming."""
        dialog = ConnectionDialog(self.runner, self, in_use=self.db.url)
        dialog.sig_chosen.connect(self._connection_chosen)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _connection_chosen(self, choice: ConnectionChoice) -> None:
        if ask(
            self,
            "Database connection",
            f"Connect to “{choice.profile.name}” ({choice.profile.summary})? You will be signed "
            "out, and sign in again on that database. Anything not saved is lost.",
            "Connect and sign out",
            "Stay on this database",
        ):
            self.sig_connection_chosen.emit(choice)
