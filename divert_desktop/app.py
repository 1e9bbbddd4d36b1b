"""The composition root: builds the application, database, task runner and windows, and runs."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton, QWidget

from divert_desktop.clock import SystemClock, epoch_seconds
from divert_desktop.core.clock import Clock
from divert_desktop.core.connection import ConnectionProfile
from divert_desktop.core.permissions import Action
from divert_desktop.gui.connection.choice import ConnectionChoice
from divert_desktop.gui.connection.opener import ConnectionOpener
from divert_desktop.gui.shell.application import make_application
from divert_desktop.gui.shell.login_dialog import LoginDialog, describe_address
from divert_desktop.gui.shell.settings import APPLICATION
from divert_desktop.gui.shell.tasks import Task, TaskError, TaskRunner, is_connection_error
from divert_desktop.paths import default_database_url, user_data_dir
from divert_desktop.private_files import create_private
from divert_desktop.services.changes import Changes, Kind
from divert_desktop.services.context import Actor, system_actor

if TYPE_CHECKING:  # imported when first needed: the sign-in window shows sooner without them
    # (SQLAlchemy and everything built on it is first imported on the database worker, after
    # the sign-in window has been painted)
    from divert_desktop.gui.admin.change_password_dialog import ChangePasswordDialog
    from divert_desktop.gui.shell.first_run_dialog import FirstRunDialog
    from divert_desktop.gui.shell.main_window import MainWindow
    from divert_desktop.persistence.database import Database
    from divert_desktop.persistence.upgrade import UpgradePlan

log = logging.getLogger(__name__)
DEMO_PEOPLE = 500
DEMO_SEED = 20240601


@dataclass(frozen=True)
class StartInfo:
    first_run: bool
    schema_revision: str
    upgrade_note: str = ""


def prepare_database(
    db: Database,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    first_admin: tuple[str, str] | None = None,
) -> StartInfo:
    """Create or upgrade the schema (an older SQLite file is backed up first and put back if the
    upgrade fails), then say whether the administrator must be created first. ``first_admin``
    (username, password), on a shared server with no administrator login: that administrator
    account gets its own login in the upgrade's transaction. Runs on the database worker;
    raises SchemaError (newer database, failed upgrade), DivertError or OperationalError."""
    from divert_desktop.persistence.upgrade import has_staff_accounts, upgrade_safely

    step = None
    if first_admin is not None:
        from divert_desktop.services.admin.first_administrator import first_administrator_step

        step = first_administrator_step(db, system_actor(), *first_admin)
    result = upgrade_safely(db, progress=progress, cancelled=cancelled, on_upgraded=step)
    if result.message:
        log.info("%s", result.message)
    return StartInfo(not has_staff_accounts(db), result.to_revision, result.message)


def describe_profile(profile: ConnectionProfile) -> str:
    """The sign-in window's words for a remembered connection before it is opened (the same as
    ``Database.description`` once it is)."""
    if profile.is_sqlite:
        return f"Local file: {profile.path}"
    port = f":{profile.port}" if profile.port else ""
    return f"Shared server: {profile.database} on {profile.host or 'localhost'}{port}"


def open_address(address: str, clock: Clock) -> Database:
    """The Database at ``address`` (``--database`` or DIVERT_DATABASE_URL; nothing is connected
    yet). Runs on the database worker, where SQLAlchemy is first imported."""
    from divert_desktop.persistence.database import Database

    return Database(address, clock=clock)


def plan_start(db: Database) -> UpgradePlan | None:
    """What opening ``db`` needs (on the database worker): None for a shared server known by its
    address only (the person's own login connects, and checks the schema, at sign-in), else the
    upgrade plan read from the schema revision."""
    from divert_desktop.persistence.upgrade import plan_upgrade
    from divert_desktop.services.admin.signed_in import signs_in_as_login

    if signs_in_as_login(db):
        return None
    return plan_upgrade(db)


def build_main_window(db: Database, actor: Actor, runner: TaskRunner) -> MainWindow:
    """The main window for a signed-in user (not shown yet). Tests use this directly."""
    from divert_desktop.gui.shell.main_window import MainWindow

    return MainWindow(db, actor, runner)


def start_engagement_update(
    window: MainWindow, db: Database, actor: Actor, runner: TaskRunner
) -> None:
    """Close referrals past their engagement deadline (on the database worker) and say how many."""
    try:
        from divert_desktop.services.casework.engagement import update_engagement
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
            runner.announce(Changes.of(Kind.REFERRALS, Kind.APPOINTMENTS, Kind.CASEWORK))

    runner.run(update_engagement, db, who, today=db.clock.today(), on_done=done, owner=window)


def start_demo_data(window: MainWindow, db: Database, actor: Actor, runner: TaskRunner) -> None:
    """Fill a database that has no people with synthetic demo data, with progress and Cancel."""
    from divert_desktop.services import lists

    def maybe_generate(people: int) -> None:
        if people:
            window.show_status("Demo data was not added: this database already has people in it.")
            return
        try:
            from divert_desktop.services.demo.generate import generate
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
            runner.announce(Changes.everything())

        def failed(error: TaskError) -> None:
            dialog.reset()
            window.show_status(error.message)

        task = runner.run(
            generate,
            db,
            actor,
            people=DEMO_PEOPLE,
            seed=DEMO_SEED,
            on_progress=progress,
            on_done=finished,
            on_error=failed,
            owner=window,
        )
        dialog.canceled.connect(task.cancel)
        dialog.show()

    runner.run(lists.count_people, db, on_done=maybe_generate, owner=window)


LOG_FILENAME = "divert-desktop.log"
STARTUP_PROBE_ENV = "DIVERT_STARTUP_PROBE"
"""Set to a file path to measure start-up: when the first window (sign-in or first run) has been
painted, the app writes the time (seconds since the epoch) to that file, and quits once the start
has settled (the database checked, or created and migrated on a first start)."""
SETTLE_POLL_MS = 20


class _AfterFirstPaint(QObject):
    """Calls ``then`` once, as soon as ``window`` has been painted (or after FIRST_PAINT_MS if
    it never is, for example when it opens minimised)."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self.window, self.then, self.fired = window, then, False
        window.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_MS, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self._fire)  # once the paint has reached the screen
        return False

    def _fire(self) -> None:
        if not self.fired:
            self.fired = True
            self.window.removeEventFilter(self)
            self.then()


FIRST_PAINT_MS = 300


class _StartupProbe(QObject):
    def __init__(self, path: str, done: Callable[[], None]) -> None:
        super().__init__()
        self.path, self.done = path, done

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            with open(self.path, "w", encoding="utf-8") as handle:
                handle.write(f"{epoch_seconds():.6f}\n")
            QTimer.singleShot(0, self.done)
        return False


PRELOAD_MS = 250


def _preload_main_window() -> None:
    """Import the main window's modules while the user types their password."""
    import divert_desktop.gui.shell.main_window  # noqa: F401


def start_daily_backup(db: Database, runner: TaskRunner) -> None:
    """The first start of the day on this computer backs up a SQLite database (on the database
    worker, before anyone signs in), keeping the newest ``backups_keep``."""
    from divert_desktop.gui.admin.backups_section import backup_folder
    from divert_desktop.services.admin.backups import daily_backup_if_due

    def failed(error: TaskError) -> None:  # never stops the app from starting
        log.warning("The daily backup was not made: %s", type(error.exception).__name__)

    runner.run(daily_backup_if_due, db, backup_folder(), on_error=failed)


class AppController(QObject):
    """Drives start-up: prepare the database, first run, sign in, main window, sign out.

    ``sig_quit(code)`` asks for the application to end (``run_gui`` connects it to ``exit``).
    """

    sig_quit = Signal(int)

    def __init__(
        self, app: QApplication, db: Database | None, runner: TaskRunner, *, demo: bool = False
    ) -> None:
        super().__init__()
        self.app, self.runner, self.demo = app, runner, demo
        self.clock: Clock = db.clock if db is not None else SystemClock()
        """The app's one clock: every database this controller opens tells the time by it."""
        self.db: Database = db  # type: ignore[assignment]  # set by the opener when None
        self.base_db: Database = db  # type: ignore[assignment]
        """The database as this computer knows it, before anyone signs in (on a shared server
        without a user: each session then uses its person's own login, ``self.db``)."""
        self.window: MainWindow | None = None
        self.dialog: QWidget | None = None
        self.choice: ConnectionChoice | None = None
        self.opener = ConnectionOpener(runner, self, clock=self.clock)
        self.opener.sig_opened.connect(self._opened)
        self.opener.sig_quit.connect(lambda: self.sig_quit.emit(0))
        self.opener.sig_asking.connect(self._close_opening)
        self.upgrade_note = ""
        self.first_admin: tuple[str, str] | None = None
        """The administrator given their login in the shared upgrade (name, password)."""
        self.username = ""
        """Filled in the sign-in window's username (``--user``)."""
        self._progress: QProgressDialog | None = None
        self._task: Task | None = None
        self._probe: _StartupProbe | None = None
        self._opening: LoginDialog | None = None
        """The sign-in window shown before its database is opened and checked (Sign in off);
        ``dialog`` is set to it once signing in can start."""
        self._painted = False
        self._then: Callable[[], None] | None = None

    def start_connection(self) -> None:
        """Open this computer's remembered connection (after the sign-in window, saying which,
        has been painted), or ask for one (first run)."""
        from divert_desktop.gui.connection.profiles import current_profile

        profile = current_profile()
        if profile is not None:
            self._show_opening(describe_profile(profile))
            self._after_first_paint(self.opener.start)
            return
        self.opener.start()
        self.dialog = self.opener.dialog
        if self.dialog is not None:  # a new computer: the connection dialog is the first window
            self._watch_startup(self.dialog)

    def _opened(self, db: Database, choice: ConnectionChoice) -> None:
        self.db, self.base_db, self.choice = db, db, choice
        self.start()

    def switch_database(self, choice: ConnectionChoice) -> None:
        """Sign out and start again on another database (from Admin > Database connection)."""
        self._end_login()
        if self.db is not None:
            self.db.dispose()
        self.opener.open_choice(choice)
        self.dialog = self.opener.dialog or self.dialog

    def start(self) -> None:
        """Paint the sign-in window first ("Opening the database…", Sign in off), then check the
        database on the worker: its schema revision (a first run, an upgrade, a newer database
        and an unreachable one each show their own window from there), or nothing on a shared
        server known by its address only (the person's own login connects, and checks the
        schema, at sign-in; an upgrade is the owner's)."""
        self.base_db = self.db
        self._show_opening(self.db.description)
        self._after_first_paint(self._check)

    def start_address(self, address: str) -> None:
        """Start on the database at ``address``: the sign-in window is painted before the
        Database (and with it SQLAlchemy) is made, on the database worker."""
        self._show_opening(describe_address(address))
        self._after_first_paint(
            lambda: self.runner.run(
                open_address,
                address,
                self.clock,
                on_done=self._address_opened,
                on_error=self._bad_address,
            )
        )

    def _address_opened(self, db: Database) -> None:
        self.db = self.base_db = db
        self._check()

    def _bad_address(self, error: TaskError) -> None:
        """A bad address, or a file on a network share: say so and stop."""
        from divert_desktop.core.errors import DivertError

        exc = error.exception
        self._close_opening()
        show_fatal(
            str(exc)
            if isinstance(exc, DivertError)
            else f"The database address is not valid ({type(exc).__name__}). Check it and try again."
        )
        self.sig_quit.emit(1)

    def _show_opening(self, description: str) -> None:
        if self._opening is not None:  # already up (a remembered connection being opened)
            self._opening.ui.database_label.setText(description)
            return
        self._painted = False
        self._opening = self._login_window(None, description, self.username)
        _AfterFirstPaint(self._opening, self._first_painted)

    def _first_painted(self) -> None:
        self._painted = True
        then, self._then = self._then, None
        if then is not None:
            then()

    def _after_first_paint(self, then: Callable[[], None]) -> None:
        if self._painted or self._opening is None:
            then()
        else:
            self._then = then

    def _check(self) -> None:
        self.runner.run(plan_start, self.db, on_done=self._planned, on_error=self._fatal)

    def _close_opening(self) -> None:
        """Take the opening sign-in window away (without quitting: another window follows)."""
        opening, self._opening = self._opening, None
        if opening is not None:
            opening.hide()
            opening.deleteLater()

    def _ready(self, username: str = "") -> LoginDialog:
        """The database is open and checked: the sign-in window (the one already up, else a
        new one) lets people sign in."""
        opening, self._opening = self._opening, None
        if opening is None:
            return self.show_login(username)
        QTimer.singleShot(PRELOAD_MS, _preload_main_window)
        name = username or self.username  # for example the administrator named in the upgrade
        if name and not opening.ui.username_edit.text():
            opening.ui.username_edit.setText(name)
            opening.ui.password_edit.setFocus()
        opening.database_ready(self.db)
        self.dialog = opening
        return opening

    @property
    def progress_dialog(self) -> QProgressDialog | None:
        """The "Preparing the database…" dialog while it is up."""
        return self._progress

    def _show_progress(self) -> None:
        progress = QProgressDialog("Preparing the database…", "", 0, 0)
        progress.setObjectName("prepare_progress")
        progress.setWindowTitle(APPLICATION)
        progress.setCancelButton(None)  # type: ignore[arg-type]
        progress.setMinimumDuration(400)
        progress.setValue(0)
        self._progress = progress

    def _planned(self, plan: UpgradePlan | None) -> None:
        if plan is None:  # a shared server: the person's own login checks it at sign-in
            self._ready()
            return
        if plan.needs_confirmation:
            self.ask_shared_upgrade(plan)
            return
        self._show_progress()
        self._prepare()

    def ask_shared_upgrade(self, plan: UpgradePlan) -> QMessageBox:
        """Ask before upgrading a shared database (there is no file backup of a server)."""
        from divert_desktop.persistence.upgrade import PG_BACKUP_ADVICE

        box = QMessageBox(
            QMessageBox.Icon.Question,
            APPLICATION,
            "The shared database needs an upgrade for this version of DIVERT "
            f"Desktop (schema {plan.current} to {plan.head}).",
        )
        box.setObjectName("upgrade_confirm_box")
        box.setInformativeText(
            f"{PG_BACKUP_ADVICE} After the upgrade, every workstation needs this version."
        )
        go = box.addButton("Upgrade the shared database", QMessageBox.ButtonRole.AcceptRole)
        stop = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        go.setObjectName("upgrade_button")
        stop.setObjectName("quit_button")
        box.setDefaultButton(stop)
        box.setEscapeButton(stop)
        admin = None
        if plan.needs_administrator_login and plan.administrators_without_login:
            admin = _AdministratorLoginForm(box, plan.administrators_without_login)
        elif plan.needs_administrator_login:
            box.setInformativeText(
                f"{box.informativeText()} No administrator can sign in to it as themselves yet: "
                "afterwards, the server's administrator adds one as the owner (users add NAME "
                "--role administrator)."
            )

        def answered(button: object) -> None:
            if button is go and admin is not None and not admin.check():
                QTimer.singleShot(0, box.open)  # closed by any button: back until it is right
                return
            box.deleteLater()
            self.dialog = None
            if button is go:
                if admin is not None:
                    self.first_admin = admin.chosen()
                    self.username = self.first_admin[0]
                self._show_progress()
                self._prepare()
            else:
                self._close_opening()
                self.sig_quit.emit(0)

        box.buttonClicked.connect(answered)
        self.dialog = box
        box.open()
        return box

    def _prepare(self) -> None:
        first_admin, self.first_admin = self.first_admin, None  # never kept after use
        self._task = self.runner.run(
            prepare_database,
            self.db,
            first_admin=first_admin,
            on_done=self._prepared,
            on_error=self._fatal,
            on_progress=self._progress_text,
        )

    def _progress_text(self, done: int, total: int, text: str) -> None:
        from divert_desktop.persistence.migrate import WAITING_MESSAGE

        progress = self._progress
        if progress is None:
            return
        if text:
            progress.setLabelText(text)
        progress.setMaximum(max(total, 0))
        progress.setValue(min(done, total) if total > 0 else 0)
        if text == WAITING_MESSAGE:  # waiting for another workstation: let the user give up
            progress.setCancelButtonText("Quit")
            progress.canceled.connect(self._stop_waiting)
            progress.show()
        elif text and progress.findChild(QPushButton) is not None:
            progress.setCancelButton(None)  # type: ignore[arg-type]  # migrating: no stopping now

    def _stop_waiting(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None

    def _prepared(self, info: StartInfo) -> None:
        self._close_progress()
        self.upgrade_note = info.upgrade_note

        # Once the first window is up (it shows sooner without the backup's imports and work
        # competing for the interpreter), still long before anyone has typed a password.
        db, runner = self.db, self.runner
        QTimer.singleShot(PRELOAD_MS, self, lambda: start_daily_backup(db, runner))
        if info.first_run:
            self._close_opening()
            self.show_first_run()
        else:
            self._ready()

    def _fatal(self, error: TaskError) -> None:
        self._close_progress()
        self._close_opening()
        migrate = sys.modules.get("divert_desktop.persistence.migrate")
        if migrate is not None and isinstance(error.exception, migrate.UpgradeCancelled):
            self.sig_quit.emit(0)
            return
        message = error.message
        if self.choice is not None:  # opened from a profile: say why and let the user fix it
            from divert_desktop.services.admin.connection import explain_connection_error

            if is_connection_error(error.exception) and not self.choice.profile.is_sqlite:
                message = explain_connection_error(error.exception, self.choice.profile)
            elif is_connection_error(error.exception):
                message = f"The database file cannot be opened: {type(error.exception).__name__}."
            self.db.dispose()
            self.opener.failed_to_open(self.choice, error, message)
            self.dialog = self.opener.dialog
            return
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
        from divert_desktop.gui.shell.first_run_dialog import FirstRunDialog

        dialog = FirstRunDialog(self.db, self.runner)
        dialog.accepted.connect(
            lambda: self.show_login(dialog.created.username if dialog.created else "")
        )
        dialog.rejected.connect(lambda: self.sig_quit.emit(0))
        self.dialog = dialog
        self._watch_startup(dialog)
        dialog.show()
        return dialog

    def _watch_startup(self, dialog: QWidget) -> None:
        path = os.environ.get(STARTUP_PROBE_ENV)
        if path and self._probe is None:
            self._probe = _StartupProbe(path, self._quit_when_settled)
            dialog.installEventFilter(self._probe)

    def _quit_when_settled(self) -> None:
        """The start-up probe's end: quit once the start has nothing left in hand (the database
        checked, created or upgraded and the window that follows shown), so that measuring
        start-up never leaves a half-made database behind."""
        if self._then is not None or self.runner.active_tasks():
            QTimer.singleShot(SETTLE_POLL_MS, self._quit_when_settled)
            return
        self.sig_quit.emit(0)

    def _end_login(self) -> None:
        """Close the signed-in person's own connection (a shared server) and go back to the
        database as this computer knows it."""
        if self.base_db is not None and self.db is not self.base_db:
            self.db.dispose()
            self.db = self.base_db

    def show_login(self, username: str = "") -> LoginDialog:
        QTimer.singleShot(PRELOAD_MS, _preload_main_window)
        self._end_login()
        dialog = self._login_window(self.db, self.db.description, username or self.username)
        self.dialog = dialog
        return dialog

    def _login_window(
        self, db: Database | None, description: str, username: str = ""
    ) -> LoginDialog:
        dialog = LoginDialog(db, self.runner, username=username, description=description)
        dialog.accepted.connect(lambda: self._logged_in(dialog))
        dialog.rejected.connect(lambda: self.sig_quit.emit(0))
        self._watch_startup(dialog)
        dialog.show()
        return dialog

    def _logged_in(self, dialog: LoginDialog) -> None:
        self.db = dialog.database  # on a shared server: the person's own login
        self.signed_in(dialog.actor)

    def show_login_with(self, message: str, username: str = "") -> LoginDialog:
        dialog = self.show_login(username)
        if message:
            dialog.show_message(message)
        return dialog

    def signed_in(self, actor: Actor | None) -> MainWindow | None:
        if actor is None:
            return None
        if actor.must_change_password:
            self.ask_new_password(actor)
            return None
        window = build_main_window(self.db, actor, self.runner)
        window.sig_closed.connect(self._window_closed)
        window.sig_switch_user.connect(self._switch_user)
        window.sig_switch_database.connect(self._switch_database_requested)
        self.window = window
        window.show()
        if self.upgrade_note:
            window.show_status(self.upgrade_note, 30_000)
            self.upgrade_note = ""
        start_engagement_update(window, self.db, actor, self.runner)
        if self.demo:
            start_demo_data(window, self.db, actor, self.runner)
        return window

    def ask_new_password(self, actor: Actor) -> ChangePasswordDialog:
        """After a reset: the user chooses a new password before anything else."""
        from divert_desktop.gui.admin.change_password_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.db, actor, self.runner, forced=True)
        dialog.accepted.connect(lambda: self.signed_in(replace(actor, must_change_password=False)))
        dialog.rejected.connect(lambda: self.show_login(actor.username))
        self.dialog = dialog
        dialog.show()
        return dialog

    def _window_closed(self, signing_out: bool) -> None:
        window, self.window = self.window, None
        message = ""
        if window is not None:
            message = window.sign_out_message
            window.deleteLater()
        if signing_out:
            self.show_login_with(message)
        else:
            self.sig_quit.emit(0)

    def _switch_user(self, signed: object) -> None:
        """Another user signed in at the lock screen (a ServerSignIn, or an Actor on the same
        database): the first session has ended, and with it its own login."""
        window, self.window = self.window, None
        if window is not None:
            window.deleteLater()
        from divert_desktop.services.admin.signed_in import ServerSignIn

        if isinstance(signed, ServerSignIn):
            if signed.db is not self.db:
                self._end_login()
                self.db = signed.db
            signed = signed.actor
        self.signed_in(signed)  # type: ignore[arg-type]

    def _switch_database_requested(self, choice: ConnectionChoice) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.deleteLater()
        self.switch_database(choice)


class _AdministratorLoginForm(QWidget):
    """In the shared upgrade's question, when no administrator can sign in as their own login:
    which administrator account gets its login, and its password (typed twice)."""

    def __init__(self, box: QMessageBox, names: tuple[str, ...]) -> None:
        from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

        from divert_desktop.gui.theme import set_role

        super().__init__(box)
        self.setObjectName("admin_login_form")
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        intro = QLabel(
            "No administrator can sign in to the shared database as themselves yet. Choose who "
            "gets their own login now, and their password for it."
        )
        intro.setWordWrap(True)
        layout.addRow(intro)
        self.account = QComboBox()
        self.account.setObjectName("admin_account_combo")
        self.account.addItems(list(names))
        self.password = QLineEdit()
        self.password.setObjectName("admin_password_edit")
        self.confirm = QLineEdit()
        self.confirm.setObjectName("admin_confirm_edit")
        for edit in (self.password, self.confirm):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("admin_error_label")
        self.error.setWordWrap(True)
        set_role(self.error, "error")
        self.error.hide()
        layout.addRow("&Administrator", self.account)
        layout.addRow("&Password", self.password)
        layout.addRow("Same password a&gain", self.confirm)
        layout.addRow(self.error)
        grid = box.layout()
        buttons = box.findChild(QDialogButtonBox)
        if grid is not None and buttons is not None:  # the form goes above the buttons
            grid.removeWidget(buttons)
            row = grid.rowCount()  # type: ignore[attr-defined]
            grid.addWidget(self, row, 0, 1, -1)  # type: ignore[call-arg]
            grid.addWidget(buttons, row + 1, 0, 1, -1)  # type: ignore[call-arg]
        for edit in (self.password, self.confirm):  # Enter moves on: it must not press Quit
            edit.installEventFilter(self)
        self.password.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (  # type: ignore[attr-defined]
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self.focusNextChild()
            return True
        return super().eventFilter(watched, event)

    def check(self) -> bool:
        """Show what is wrong (and keep the box open), or say all is right."""
        from divert_desktop.core.errors import ValidationError
        from divert_desktop.services.admin.users import validate_password

        try:
            validate_password(self.password.text(), username=self.account.currentText())
        except ValidationError as exc:
            return self._say(exc.message, self.password)
        if self.confirm.text() != self.password.text():
            return self._say(
                "The two passwords are different. Type the same password twice.", self.confirm
            )
        self.error.hide()
        return True

    def _say(self, message: str, field: QWidget) -> bool:
        self.error.setText(message)
        self.error.show()
        field.setFocus()
        return False

    def chosen(self) -> tuple[str, str]:
        return self.account.currentText(), self.password.text()


def show_fatal(message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, "DIVERT Desktop cannot start", message)
    box.setObjectName("fatal_box")
    box.exec()


def configure_logging() -> logging.Handler:
    """Log to a file in the user data folder (never a person's data: see gui.tasks), readable by
    its owner only (0600); returns the handler added to the root logger."""
    try:
        path = create_private(user_data_dir() / LOG_FILENAME)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return handler


def run_gui(database: str | None, demo: bool, user: str | None = None) -> int:
    """Open the app on ``database`` (default: the user's SQLite file); returns the exit code."""
    configure_logging()
    app = make_application()
    runner = TaskRunner()
    controller = AppController(app, None, runner, demo=demo)
    controller.username = user or ""
    controller.sig_quit.connect(app.exit, Qt.ConnectionType.QueuedConnection)
    if database or os.environ.get("DIVERT_DATABASE_URL"):
        # the sign-in window first; the address is opened on the database worker (a bad one,
        # or a file on a network share, is then said in a message and the app stops)
        controller.start_address(database or default_database_url())
    else:
        controller.start_connection()  # the remembered profile, or the connection dialog
    try:
        return app.exec()
    finally:
        runner.shutdown()
        if controller.db is not None:
            controller.db.dispose()
