"""Opening the database at start or on a change: profile, keyring password, prompt, dialog."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from divert_desktop.core.clock import Clock
from divert_desktop.core.connection import ConnectionProfile
from divert_desktop.core.errors import DivertError
from divert_desktop.gui.connection import profiles as store
from divert_desktop.gui.connection.dialog import ConnectionChoice, ConnectionDialog
from divert_desktop.gui.connection.password_prompt import PasswordPrompt
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.engine import profile_url
from divert_desktop.services.admin import credentials

NO_PASSWORD_KEPT = (
    "No password is kept in this computer's keyring for this connection. Type it to connect."
)


def open_database(choice: ConnectionChoice, clock: Clock | None = None) -> Database:
    """The Database for a choice (no connection is made yet), telling the time by ``clock``.
    Raises DivertError for a file on a network share."""
    return Database(profile_url(choice.profile), password=choice.password, clock=clock)


class ConnectionOpener(QObject):
    """Finds the database to use and emits ``sig_opened(Database, ConnectionChoice)``, or
    ``sig_quit`` when the user would rather quit. The dialogs it shows are in ``dialog``."""

    sig_opened = Signal(object, object)
    sig_quit = Signal()

    def __init__(
        self, runner: TaskRunner, parent: QObject | None = None, *, clock: Clock | None = None
    ) -> None:
        super().__init__(parent)
        self.runner, self.clock = runner, clock
        self.dialog: ConnectionDialog | PasswordPrompt | None = None

    def start(self) -> None:
        """Use this computer's remembered profile; on a new computer ask (Enter keeps the
        embedded default file)."""
        profile = store.current_profile()
        if profile is None:
            self.choose()
        else:
            self.open_profile(profile)

    def choose(self, problem: str = "") -> ConnectionDialog:
        dialog = ConnectionDialog(self.runner, first_run=True)
        if problem:
            dialog.show_problem(problem)
        dialog.accepted.connect(lambda: self.open_choice(dialog.choice))
        dialog.rejected.connect(self.sig_quit.emit)
        self.dialog = dialog
        dialog.show()
        return dialog

    def open_profile(self, profile: ConnectionProfile, problem: str = "") -> None:
        if profile.is_sqlite:
            self.open_choice(ConnectionChoice(profile))
            return
        if problem:  # the kept password was refused: ask again, whatever the keyring says
            self.ask_password(profile, problem)
            return

        def got(password: str | None) -> None:
            if password:
                self.open_choice(ConnectionChoice(profile, password))
            else:
                self.ask_password(profile, NO_PASSWORD_KEPT)

        self.runner.run(
            credentials.get_password,
            profile.credential_key,
            lane="io",
            on_done=got,
            on_error=lambda e: self.ask_password(profile, e.message),
        )

    def ask_password(self, profile: ConnectionProfile, reason: str) -> PasswordPrompt:
        prompt = PasswordPrompt(profile, reason)

        def closed(accepted: bool) -> None:
            if accepted:
                self.open_choice(ConnectionChoice(profile, prompt.password()))
            elif prompt.other_requested:
                self.choose()
            else:
                self.sig_quit.emit()

        prompt.accepted.connect(lambda: closed(True))
        prompt.rejected.connect(lambda: closed(False))
        self.dialog = prompt
        prompt.show()
        return prompt

    def open_choice(self, choice: ConnectionChoice | None) -> None:
        """Build the database on the io lane (a SQLite file's folder is checked for a network
        share and made), then hand it over; a problem brings the connection dialog back."""
        if choice is None:
            self.sig_quit.emit()
            return

        def opened(db: Database) -> None:
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
        """The database would not open: ask for the password again when it was refused, else
        show the connection dialog with the reason."""
        if not choice.profile.is_sqlite and "password" in message.lower():
            self.open_profile(choice.profile, message)
        else:
            self.choose(message)
