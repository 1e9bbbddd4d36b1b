"""The composition root: builds the application, database, task runner and windows, and runs."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from divert_desktop import __version__
from divert_desktop.core.permissions import Action
from divert_desktop.gui.first_run_dialog import FirstRunDialog
from divert_desktop.gui.login_dialog import LoginDialog
from divert_desktop.gui.main_window import MainWindow
from divert_desktop.gui.settings import APPLICATION, ORGANISATION
from divert_desktop.gui.tasks import TaskError, TaskRunner, is_connection_error
from divert_desktop.gui.theme import apply_theme
from divert_desktop.paths import default_database_url, user_data_dir
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor, system_actor

log = logging.getLogger(__name__)
DEMO_PEOPLE = 500
DEMO_SEED = 20240601


@dataclass(frozen=True)
class StartInfo:
    first_run: bool
    schema_revision: str


def prepare_database(db: Database) -> StartInfo:
    """Create or upgrade the schema, then say whether the administrator must be created first.
    Runs on the database worker; raises SchemaError, DivertError or OperationalError."""
    from divert_desktop.persistence.migrate import upgrade
    from divert_desktop.services.users import needs_first_run

    revision = upgrade(db.engine)
    return StartInfo(needs_first_run(db), revision)


def build_main_window(db: Database, actor: Actor, runner: TaskRunner) -> MainWindow:
    """The main window for a signed-in user (not shown yet). Tests use this directly."""
    return MainWindow(db, actor, runner)


def start_engagement_update(
    window: MainWindow, db: Database, actor: Actor, runner: TaskRunner
) -> None:
    """Close referrals past their engagement deadline (on the database worker) and say how many."""
    try:
        from divert_desktop.services.engagement import update_engagement
    except ImportError:  # pragma: no cover - the engagement service ships with the app
        return
    who = actor if actor.can(Action.RUN_ENGAGEMENT_UPDATE) else system_actor()

    def done(result: object) -> None:
        closed = int(getattr(result, "closed", 0) or 0)
        if closed:
            window.show_status(
                f"Closed {closed} referral{'s' if closed != 1 else ''} past their engagement "
                "deadline."
            )
            window.refresh_all()

    runner.run(update_engagement, db, who, today=date.today(), on_done=done, owner=window)


def start_demo_data(window: MainWindow, db: Database, actor: Actor, runner: TaskRunner) -> None:
    """Fill a database that has no people with synthetic demo data, with progress and Cancel."""
    from divert_desktop.services import lists

    def maybe_generate(people: int) -> None:
        if people:
            window.show_status("Demo data was not added: this database already has people in it.")
            return
        try:
            from divert_desktop.services.demo import generate
        except ImportError:
            window.show_status("Demo data is not available in this version.")
            return
        dialog = QProgressDialog("Adding demo data…", "Cancel", 0, 100, window)
        dialog.setObjectName("demo_progress")
        dialog.setWindowTitle("Demo data")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)

        def progress(done: int, total: int, text: str) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, max(total, 1)))
            if text:
                dialog.setLabelText(text)

        def finished(result: object) -> None:
            dialog.reset()
            window.show_status(f"Added demo data: {getattr(result, 'people', DEMO_PEOPLE)} people.")
            window.refresh_all()

        def failed(error: TaskError) -> None:
            dialog.reset()
            window.show_status(error.message)

        task = runner.run(generate, db, actor, people=DEMO_PEOPLE, seed=DEMO_SEED,
                          on_progress=progress, on_done=finished, on_error=failed,
                          owner=window)  # fmt: skip
        dialog.canceled.connect(task.cancel)
        dialog.show()

    runner.run(lists.count_people, db, on_done=maybe_generate, owner=window)


def start_daily_backup(db: Database, runner: TaskRunner) -> None:
    """The first start of the day on this computer backs up a SQLite database (on the database
    worker, before anyone signs in), keeping the newest ``backups_keep``."""
    from divert_desktop.gui.admin.backups_section import backup_folder
    from divert_desktop.services.backups import daily_backup_if_due

    def failed(error: TaskError) -> None:  # never stops the app from starting
        log.warning("The daily backup was not made: %s", type(error.exception).__name__)

    runner.run(daily_backup_if_due, db, backup_folder(), on_error=failed)


class AppController(QObject):
    """Drives start-up: prepare the database, first run, sign in, main window, sign out.

    ``sig_quit(code)`` asks for the application to end (``run_gui`` connects it to ``exit``).
    """

    sig_quit = Signal(int)

    def __init__(
        self, app: QApplication, db: Database, runner: TaskRunner, *, demo: bool = False
    ) -> None:
        super().__init__()
        self.app, self.db, self.runner, self.demo = app, db, runner, demo
        self.window: MainWindow | None = None
        self.dialog: QWidget | None = None
        self._progress: QProgressDialog | None = None

    def start(self) -> None:
        progress = QProgressDialog("Preparing the database…", "", 0, 0)
        progress.setObjectName("prepare_progress")
        progress.setWindowTitle(APPLICATION)
        progress.setCancelButton(None)  # type: ignore[arg-type]
        progress.setMinimumDuration(400)
        progress.setValue(0)
        self._progress = progress
        self.runner.run(prepare_database, self.db, on_done=self._prepared, on_error=self._fatal)

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None

    def _prepared(self, info: StartInfo) -> None:
        self._close_progress()
        start_daily_backup(self.db, self.runner)
        if info.first_run:
            self.show_first_run()
        else:
            self.show_login()

    def _fatal(self, error: TaskError) -> None:
        self._close_progress()
        message = error.message
        if is_connection_error(error.exception):
            orig = getattr(error.exception, "orig", None) or error.exception
            first_line = (str(orig).strip().splitlines() or [""])[0]
            message = (
                f"DIVERT Desktop cannot open its database ({self.db.description}): {first_line}. "
                "Check the database address, or ask your administrator."
            )
        show_fatal(message)
        self.sig_quit.emit(1)

    def show_first_run(self) -> FirstRunDialog:
        dialog = FirstRunDialog(self.db, self.runner)
        dialog.accepted.connect(
            lambda: self.show_login(dialog.created.username if dialog.created else "")
        )
        dialog.rejected.connect(lambda: self.sig_quit.emit(0))
        self.dialog = dialog
        dialog.show()
        return dialog

    def show_login(self, username: str = "") -> LoginDialog:
        dialog = LoginDialog(self.db, self.runner, username=username)
        dialog.accepted.connect(lambda: self.signed_in(dialog.actor))
        dialog.rejected.connect(lambda: self.sig_quit.emit(0))
        self.dialog = dialog
        dialog.show()
        return dialog

    def signed_in(self, actor: Actor | None) -> MainWindow | None:
        if actor is None:
            return None
        window = build_main_window(self.db, actor, self.runner)
        window.sig_closed.connect(self._window_closed)
        self.window = window
        window.show()
        start_engagement_update(window, self.db, actor, self.runner)
        if self.demo:
            start_demo_data(window, self.db, actor, self.runner)
        return window

    def _window_closed(self, signing_out: bool) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.deleteLater()
        if signing_out:
            self.show_login()
        else:
            self.sig_quit.emit(0)


def show_fatal(message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, "DIVERT Desktop cannot start", message)
    box.setObjectName("fatal_box")
    box.exec()


def configure_logging() -> None:
    """Log to a file in the user data folder (never a person's data: see gui.tasks)."""
    try:
        handler: logging.Handler = logging.FileHandler(
            user_data_dir() / "divert-desktop.log", encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the app's names, look and icon."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(False)  # the windows change hands (sign-in, main, sign-out)
    apply_theme(app)
    return app


def run_gui(database: str | None, demo: bool) -> int:
    """Open the app on ``database`` (default: the user's SQLite file); returns the exit code."""
    configure_logging()
    app = make_application()
    try:
        db = Database(database or default_database_url())
    except Exception as exc:  # a bad address, or a file on a network share
        from divert_desktop.core.errors import DivertError

        message = str(exc) if isinstance(exc, DivertError) else (
            f"The database address is not valid ({type(exc).__name__}). Check it and try again."
        )  # fmt: skip
        show_fatal(message)
        return 1
    runner = TaskRunner()
    controller = AppController(app, db, runner, demo=demo)
    controller.sig_quit.connect(app.exit, Qt.ConnectionType.QueuedConnection)
    controller.start()
    try:
        return app.exec()
    finally:
        runner.shutdown()
        db.dispose()
