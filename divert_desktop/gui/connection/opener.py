"""Opening the database at start or on a change: the remembered profile, or the dialog."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from divert_desktop.core.clock import Clock
from divert_desktop.core.connection import ConnectionProfile
from divert_desktop.core.errors import DivertError
from divert_desktop.gui.connection.choice import ConnectionChoice
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner

if TYPE_CHECKING:  # shown only on a new computer or when the database cannot be opened
    from divert_desktop.gui.connection.dialog import ConnectionDialog
    from divert_desktop.persistence.database import Database


def open_database(choice: ConnectionChoice, clock: Clock | None = None) -> Database:
    """The Database for a choice (no connection is made yet), telling the time by ``clock``.
    Raises DivertError for a file on a network share. Runs on a worker: SQLAlchemy is imported
    there, not on the GUI thread before the first window."""
    from divert_desktop.persistence.database import Database
    from divert_desktop.persistence.engine import profile_url

    return Database(profile_url(choice.profile), password=choice.password, clock=clock)


class ConnectionOpener(QObject):
    """Finds the database to use and emits ``sig_opened(Database, ConnectionChoice)``, or
    ``sig_quit`` when the user would rather quit. The dialogs it shows are in ``dialog``."""

    sig_opened = Signal(object, object)
    sig_quit = Signal()
    sig_asking = Signal()
    """The connection dialog is about to be shown (a new computer, or a problem opening)."""

    def __init__(
        self, runner: TaskRunner, parent: QObject | None = None, *, clock: Clock | None = None
    ) -> None:
        super().__init__(parent)
        self.runner, self.clock = runner, clock
        self.dialog: ConnectionDialog | None = None

    def start(self) -> None:
        """Use this computer's remembered profile; on a new computer ask (Enter keeps the
        embedded default file)."""
        from divert_desktop.gui.connection import profiles as store

        profile = store.current_profile()
        if profile is None:
            self.choose()
        else:
            self.open_profile(profile)

    def choose(self, problem: str = "") -> ConnectionDialog:
        from divert_desktop.gui.connection.dialog import ConnectionDialog

        self.sig_asking.emit()
        dialog = ConnectionDialog(self.runner, first_run=True)
        if problem:
            dialog.show_problem(problem)
        dialog.accepted.connect(lambda: self.open_choice(dialog.choice))
        dialog.rejected.connect(self.sig_quit.emit)
        self.dialog = dialog
        dialog.show()
        return dialog

    def open_profile(self, profile: ConnectionProfile, problem: str = "") -> None:
        """Open a profile. A shared server is opened by its address only: each person signs in
        as their own login, so no password is asked for or kept here. A profile saved by an
        older version with a shared user has that user dropped and its kept password deleted
        from the keyring (once, quietly)."""
        if problem:
            self.choose(problem)
            return
        if not profile.is_sqlite and profile.user:
            from divert_desktop.services.admin import credentials

            self.runner.run(
                credentials.delete_password,
                profile.credential_key,
                lane="io",
                on_error=lambda _e: None,
            )
            profile = replace(profile, user="")
        self.open_choice(ConnectionChoice(profile))

    def open_choice(self, choice: ConnectionChoice | None) -> None:
        """Build the database on the io lane (a SQLite file's folder is checked for a network
        share and made), then hand it over; a problem brings the connection dialog back."""
        if choice is None:
            self.sig_quit.emit()
            return

        def opened(db: Database) -> None:
            from divert_desktop.gui.connection import profiles as store

            store.remember(choice.profile)
            self.dialog = None
            self.sig_opened.emit(db, choice)

        def failed(error: TaskError) -> None:
            if isinstance(error.exception, DivertError):
                self.choose(error.message)
            else:  # a bad address
                self.choose(
                    f"The database address is not valid ({type(error.exception).__name__})."
                )

        self.runner.run(
            open_database,
            choice,
            self.clock,
            lane="io",
            on_done=opened,
            on_error=failed,
            owner=self,
        )

    def failed_to_open(self, choice: ConnectionChoice, error: TaskError, message: str) -> None:
        """The database would not open: show the connection dialog with the reason."""
        self.choose(message)
