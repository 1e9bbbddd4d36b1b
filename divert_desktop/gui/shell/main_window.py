"""The main window: a thin shell of navigation, pages, menus, status bar and connection banner."""

from __future__ import annotations

import importlib
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from divert_desktop.core.enums import Role
from divert_desktop.core.permissions import Action
from divert_desktop.gui.admin.inactivity import InactivityWatch
from divert_desktop.gui.admin.lock_screen import LockScreen
from divert_desktop.gui.forms.ui_main_window import Ui_MainWindow
from divert_desktop.gui.letters.menu import LettersMenu
from divert_desktop.gui.shell import settings
from divert_desktop.gui.shell.page import Page
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import icon
from divert_desktop.gui.widgets import name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services import lists
from divert_desktop.services.admin.settings import DEFAULTS, get_settings
from divert_desktop.services.context import Actor

if TYPE_CHECKING:  # each page and dialog is imported when first opened (memory, start-up)
    from divert_desktop.gui.admin.change_password_dialog import ChangePasswordDialog
    from divert_desktop.gui.intake import IntakeDialog, IntakeSaved
    from divert_desktop.gui.intake.import_dialog import ImportDialog
    from divert_desktop.gui.people.people_page import PeoplePage
    from divert_desktop.gui.shell.help_window import HelpWindow
    from divert_desktop.services.intake.police_import import ImportResult

RETRY_MS = 10_000
STATUS_MS = 10_000


@dataclass(frozen=True)
class PageSpec:
    key: str
    label: str
    icon: str
    page: str
    """``module:Class``, imported when the page is first shown."""
    allowed: Callable[[Actor], bool]

    def page_class(self) -> type[Page]:
        module, _, name = self.page.partition(":")
        page = getattr(importlib.import_module(module), name)
        assert isinstance(page, type) and issubclass(page, Page)
        return page


PAGES = [
    PageSpec(
        "today",
        "Today",
        "nav-today",
        "divert_desktop.gui.diary.today_page:TodayPage",
        lambda a: a.can(Action.BOOK_APPOINTMENT),
    ),
    PageSpec(
        "diary",
        "Diary",
        "nav-diary",
        "divert_desktop.gui.diary.diary_page:DiaryPage",
        lambda a: a.can(Action.BOOK_APPOINTMENT),
    ),
    PageSpec(
        "people",
        "People",
        "nav-people",
        "divert_desktop.gui.people.people_page:PeoplePage",
        lambda a: a.can(Action.VIEW_PERSON),
    ),
    PageSpec(
        "referrals",
        "Referrals",
        "nav-referrals",
        "divert_desktop.gui.intake.referrals_page:ReferralsPage",
        lambda a: a.can(Action.CREATE_REFERRAL) or a.can(Action.IMPORT_REFERRALS),
    ),
    PageSpec(
        "casework",
        "Casework",
        "nav-casework",
        "divert_desktop.gui.casework.caseload_page:CaseloadPage",
        lambda a: a.can(Action.RECORD_ASSESSMENT),
    ),
    PageSpec(
        "services",
        "Services",
        "nav-services",
        "divert_desktop.gui.casework.services_page:ServicesPage",
        lambda a: a.can(Action.MANAGE_ONWARD_REFERRAL) or a.can(Action.MANAGE_SERVICE_DIRECTORY),
    ),
    PageSpec(
        "reports",
        "Reports",
        "nav-reports",
        "divert_desktop.gui.reports.reports_page:ReportsPage",
        lambda a: a.can(Action.VIEW_REPORTS),
    ),
    PageSpec(
        "audit",
        "Audit trail",
        "nav-audit",
        "divert_desktop.gui.audit.audit_page:AuditPage",
        lambda a: a.can(Action.VIEW_AUDIT),
    ),
    PageSpec(
        "privacy",
        "Data protection",
        "nav-privacy",
        "divert_desktop.gui.data_protection.data_protection_page:DataProtectionPage",
        lambda a: a.can(Action.APPLY_RETENTION) or a.can(Action.MERGE_PEOPLE),
    ),
    PageSpec(
        "admin",
        "Admin",
        "nav-admin",
        "divert_desktop.gui.admin.admin_page:AdminPage",
        lambda a: a.can(Action.MANAGE_USERS),
    ),
]


class _LateWindows(QObject):
    """While the window is locked, hides any other top-level window as it is shown."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)  # no Python reference: the window is freed as usual

    @property
    def window(self) -> MainWindow:
        return self.parent()  # type: ignore[return-value]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched is not self.window
            and self.window.locked
            and not self._asked_by_lock_screen(watched)
        ):
            self.window._hide_late_window(watched)
        return False

    def _asked_by_lock_screen(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self.window.lock_screen:
                return True
            parent = parent.parentWidget()
        return False


class _Pages(Mapping[str, Page]):
    """The role's pages by key, in navigation order. A page (and its module) is built the first
    time it is asked for — shown, or looked up — so a user who never opens Reports never pays
    for it; ``built`` holds the ones made so far."""

    def __init__(self, window: MainWindow, specs: list[PageSpec]) -> None:
        self._window = weakref.ref(window)  # no cycle: the window is freed as before
        self._specs = {spec.key: spec for spec in specs}
        self.built: dict[str, Page] = {}

    def __getitem__(self, key: str) -> Page:
        page = self.built.get(key)
        if page is None:
            window = self._window()
            assert window is not None
            page = window._build_page(self._specs[key])
            self.built[key] = page
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __contains__(self, key: object) -> bool:
        return key in self._specs


def allowed_pages(actor: Actor) -> list[str]:
    """The page keys the actor's role may use, in navigation order."""
    return [spec.key for spec in PAGES if spec.allowed(actor)]


class MainWindow(QMainWindow):
    """Navigation on the left (only the pages the role may use), the page on the right.

    ``sig_closed(signing_out)`` tells the composition root whether to show the sign-in again
    (``sign_out_message`` says why, when the session was ended); ``sig_switch_user(Actor)``
    that someone else signed in at the lock screen; ``sig_switch_database(ConnectionChoice)``
    that an administrator chose another database.
    """

    sig_closed = Signal(bool)
    sig_switch_user = Signal(object)
    sig_switch_database = Signal(object)

    def __init__(
        self, db: Database, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.db, self.actor, self.runner = db, actor, runner
        self.signing_out = False
        self.sign_out_message = ""
        self._next: tuple[str, object] | None = None
        self._hidden_windows: list[QWidget] = []
        self._locked = False
        self._disabled_actions: list[QAction] = []
        self.import_dialog: ImportDialog | None = None
        self.intake_dialog: IntakeDialog | None = None
        self.help_window: HelpWindow | None = None
        self.pages = _Pages(self, [spec for spec in PAGES if spec.allowed(actor)])
        self.setWindowTitle("DIVERT Desktop")  # never a person's name
        self._build_status_bar()
        self._build_banner()
        self._build_pages()
        self._connect_actions()
        runner.sig_connection_lost.connect(self._connection_lost)
        runner.sig_connection_ok.connect(self._connection_back)
        runner.sig_unhandled_error.connect(self._unhandled_error)
        runner.sig_session_ended.connect(self.end_session)
        self._build_lock()
        self._restore()

    # ---------------------------------------------------------------- building
    def _build_status_bar(self) -> None:
        bar = self.ui.status_bar
        self.status_user_label = QLabel(self.actor.display_name or self.actor.username, self)
        self.status_user_label.setObjectName("status_user_label")
        self.status_user_label.setAccessibleName("Signed in as")
        self.status_user_label.setToolTip(f"Signed in as {self.actor.username}")
        role = self.actor.role.label if self.actor.role else "Command line"
        self.status_role_label = QLabel(role, self)
        self.status_role_label.setObjectName("status_role_label")
        self.status_role_label.setAccessibleName("Role")
        self.status_database_label = QLabel(self.db.description, self)
        self.status_database_label.setObjectName("status_database_label")
        self.status_database_label.setAccessibleName("Database")
        for label in (self.status_user_label, self.status_role_label, self.status_database_label):
            bar.addPermanentWidget(label)

    def _build_banner(self) -> None:
        self.ui.banner_icon_label.setPixmap(icon("status-warning").pixmap(QSize(20, 20)))
        where = "database file" if self.db.is_sqlite else "shared database"
        self.ui.banner_label.setText(
            f"The {where} cannot be reached — your work is kept; retrying…"
        )
        self.ui.connection_banner.hide()
        self._retry_timer = QTimer(self)
        self._retry_timer.setInterval(RETRY_MS)
        self._retry_timer.timeout.connect(self.check_connection)
        self.ui.retry_button.clicked.connect(self.check_connection)

    def _build_pages(self) -> None:
        nav = self.ui.nav_list
        nav.setFixedWidth(190)
        nav.setIconSize(QSize(20, 20))
        for spec in self.pages._specs.values():
            holder = QWidget(self.ui.page_stack)  # the page's place until it is first shown
            holder.setObjectName(f"{spec.key}_page_holder")
            self.ui.page_stack.addWidget(holder)
            item = QListWidgetItem(icon(spec.icon), spec.label)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setSizeHint(QSize(170, 40))
            nav.addItem(item)
        nav.currentRowChanged.connect(self._nav_changed)

    def _build_page(self, spec: PageSpec) -> Page:
        """Make a page in its place in the stack (``self.pages`` calls this on first use)."""
        stack = self.ui.page_stack
        index = list(self.pages).index(spec.key)
        holder = stack.widget(index)
        page = spec.page_class()(self.db, self.actor, self.runner, stack)
        name_controls(page)
        page.sig_status.connect(self.show_status)
        if spec.key == "referrals":
            page.sig_import_requested.connect(self.open_import_dialog)  # type: ignore[attr-defined]
            page.sig_new_referral_requested.connect(self.open_intake_dialog)  # type: ignore[attr-defined]
        if spec.key == "admin":
            page.sig_connection_chosen.connect(self._switch_database)  # type: ignore[attr-defined]
        stack.insertWidget(index, page)
        if holder is not None:
            stack.removeWidget(holder)
            holder.deleteLater()
        return page

    def _connect_actions(self) -> None:
        u = self.ui
        can_import = self.actor.can(Action.IMPORT_REFERRALS)
        u.import_action.setVisible(can_import)
        u.import_action.setEnabled(can_import)
        u.import_action.triggered.connect(self.open_import_dialog)
        can_intake = self.actor.can(Action.CREATE_REFERRAL)
        self.new_referral_action = QAction("&New referral…", self)
        self.new_referral_action.setObjectName("new_referral_action")
        self.new_referral_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_referral_action.setToolTip("Enter a referral taken by phone or email (Ctrl+N)")
        self.new_referral_action.setVisible(can_intake)
        self.new_referral_action.setEnabled(can_intake)
        self.new_referral_action.triggered.connect(self.open_intake_dialog)
        u.menu_file.insertAction(u.import_action, self.new_referral_action)
        u.refresh_action.triggered.connect(self.refresh_current)
        self.lock_action = QAction("&Lock", self)
        self.lock_action.setObjectName("lock_action")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setToolTip("Hide everything until you sign in again (Ctrl+L)")
        self.lock_action.triggered.connect(self.lock)
        self.addAction(self.lock_action)
        # A dialog in front (a record, a letter, a new referral) blocks the window's shortcut:
        # give each of the app's other windows Ctrl+L as it becomes active.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusWindowChanged.connect(self._lock_shortcut_for_active_window)
        self.change_password_action = QAction("Change my &password…", self)
        self.change_password_action.setObjectName("change_password_action")
        self.change_password_action.triggered.connect(self.change_password)
        u.menu_file.insertAction(u.sign_out_action, self.change_password_action)
        u.menu_file.insertAction(u.sign_out_action, self.lock_action)
        u.sign_out_action.triggered.connect(self.sign_out)
        u.quit_action.triggered.connect(self.close)
        u.about_action.triggered.connect(self.show_about)
        self.user_guide_action = QAction("&User guide", self)
        self.user_guide_action.setObjectName("user_guide_action")
        self.user_guide_action.setShortcut(QKeySequence("F1"))
        self.user_guide_action.setToolTip("How to use DIVERT Desktop in your role (F1)")
        self.user_guide_action.setStatusTip("How to use DIVERT Desktop in your role (F1)")
        self.user_guide_action.triggered.connect(self.show_help)
        self.addAction(self.user_guide_action)  # F1 works on every page
        u.menu_help.insertAction(u.about_action, self.user_guide_action)
        u.menu_help.insertSeparator(u.about_action)
        can_find = "people" in self.pages
        self.find_person_action = QAction("&Find person…", self)
        self.find_person_action.setObjectName("find_person_action")
        self.find_person_action.setShortcut(QKeySequence("Ctrl+F"))
        self.find_person_action.setToolTip("Go to People and type a name (Ctrl+F)")
        self.find_person_action.setVisible(can_find)
        self.find_person_action.setEnabled(can_find)
        self.find_person_action.triggered.connect(self.find_person)
        self.addAction(self.find_person_action)  # the shortcut works on every page
        u.menu_file.insertAction(u.import_action, self.find_person_action)
        self.letters_menu = LettersMenu(self, self.db, self.actor, self.runner)
        u.menu_bar.insertMenu(u.menu_help.menuAction(), self.letters_menu)

    # ---------------------------------------------------------------- pages
    @property
    def page_keys(self) -> list[str]:
        return list(self.pages)

    @property
    def current_key(self) -> str | None:
        page = self.ui.page_stack.currentWidget()
        return getattr(page, "key", None)

    def show_page(self, key: str) -> Page:
        """Show one of the role's pages (the navigation follows)."""
        row = list(self.pages).index(key)
        self.ui.nav_list.setCurrentRow(row)
        return self.pages[key]

    def _nav_changed(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.ui.page_stack.setCurrentWidget(self.pages[list(self.pages)[row]])

    def refresh_current(self) -> None:
        page = self.ui.page_stack.currentWidget()
        if isinstance(page, Page):
            page.refresh()
            self.show_status("Refreshed.", 3000)

    def find_person(self) -> None:
        people: PeoplePage = self.show_page("people")  # type: ignore[assignment]
        people.focus_search()

    def show_status(self, text: str, ms: int = STATUS_MS) -> None:
        self.ui.status_bar.showMessage(text, ms)

    # ---------------------------------------------------------------- import
    def open_import_dialog(self) -> ImportDialog | None:
        """Open "Import referrals…" (window-modal); the import's announced changes refresh pages."""
        if not self.actor.can(Action.IMPORT_REFERRALS):
            return None
        if self.import_dialog is not None and self.import_dialog.isVisible():
            self.import_dialog.raise_()
            return self.import_dialog
        from divert_desktop.gui.intake.import_dialog import ImportDialog

        self.import_dialog = ImportDialog(self.db, self.actor, self.runner, self)
        self.import_dialog.sig_imported.connect(self._imported)
        self.import_dialog.open()
        return self.import_dialog

    def _imported(self, result: ImportResult) -> None:
        from divert_desktop.gui.intake.import_dialog import summary_text

        self.show_status(summary_text(result).split(" Rejected rows")[0])

    # ---------------------------------------------------------------- new referral
    def open_intake_dialog(self) -> IntakeDialog | None:
        """Open "New referral…" (window-modal); the save's announced changes refresh pages."""
        if not self.actor.can(Action.CREATE_REFERRAL):
            return None
        if self.intake_dialog is not None and self.intake_dialog.isVisible():
            self.intake_dialog.raise_()
            return self.intake_dialog
        from divert_desktop.gui.intake import IntakeDialog

        self.intake_dialog = IntakeDialog(self.db, self.actor, self.runner, self)
        self.intake_dialog.sig_saved.connect(self._referral_saved)
        self.intake_dialog.open()
        return self.intake_dialog

    def _referral_saved(self, _saved: IntakeSaved) -> None:
        if self.intake_dialog is not None:
            self.show_status(self.intake_dialog.message)

    # ---------------------------------------------------------------- connection
    def _connection_lost(self, _message: str) -> None:
        self.ui.connection_banner.show()
        if not self._retry_timer.isActive():
            self._retry_timer.start()

    def _connection_back(self) -> None:
        if self.ui.connection_banner.isVisible():
            self.ui.connection_banner.hide()
            self._retry_timer.stop()
            page = self.ui.page_stack.currentWidget()
            if isinstance(page, Page):
                page.refresh()
            self.show_status("The database is back. Your work was kept.")

    def check_connection(self) -> None:
        """Try the database again (every few seconds while the banner shows)."""
        self.runner.run(lists.ping, self.db, on_error=lambda _e: None, owner=self)

    def _unhandled_error(self, error: TaskError) -> None:
        self.show_status(error.message)

    # ---------------------------------------------------------------- lock
    def _build_lock(self) -> None:
        self._late_windows = _LateWindows(self)
        self.lock_screen = LockScreen(self.db, self.actor, self.runner, self.centralWidget())
        self.lock_screen.sig_unlocked.connect(self.unlock)
        self.lock_screen.sig_other_user.connect(self._other_user_signed_in)
        self.inactivity = InactivityWatch(self)
        self.inactivity.sig_idle.connect(self.lock)
        self.inactivity.set_minutes(DEFAULTS["inactivity_lock_minutes"])
        self.runner.run(
            get_settings, self.db, on_done=self._lock_setting, on_error=lambda _e: None, owner=self
        )

    def _lock_shortcut_for_active_window(self, *_: object) -> None:
        window = QApplication.activeWindow()
        if window is None or window is self or window.property("divert_lock_shortcut"):
            return
        shortcut = QShortcut(QKeySequence("Ctrl+L"), window)
        shortcut.setObjectName("lock_shortcut")
        shortcut.activated.connect(self.lock)
        window.setProperty("divert_lock_shortcut", True)

    def _hide_late_window(self, window: QWidget) -> None:
        """A window that opened while locked (its data arrived after the lock): hidden with
        the others until the user signs in again."""
        if window not in self._hidden_windows:
            self._hidden_windows.append(window)
        QTimer.singleShot(0, window.hide)

    def _lock_setting(self, values: dict[str, object]) -> None:
        try:
            minutes = float(values.get("inactivity_lock_minutes") or 0)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            minutes = float(DEFAULTS["inactivity_lock_minutes"])
        if not self.locked:
            self.inactivity.set_minutes(minutes)

    @property
    def locked(self) -> bool:
        return self._locked

    def lock(self) -> None:
        """Hide every record behind the lock screen; open dialogs are hidden, not closed."""
        if self._locked:
            return
        self._locked = True
        self.inactivity.pause()
        self._hidden_windows = [
            w for w in QApplication.topLevelWidgets() if w is not self and w.isVisible()
        ]
        for window in self._hidden_windows:
            window.hide()
        self._disabled_actions = [
            a for a in self.findChildren(QAction) if a.isEnabled() and a is not self.lock_action
        ]
        for action in self._disabled_actions:
            action.setEnabled(False)
        self.ui.status_bar.clearMessage()
        QApplication.instance().installEventFilter(self._late_windows)
        self.lock_screen.lock()

    def unlock(self) -> None:
        """The same user signed in again: everything comes back as it was."""
        self._locked = False
        QApplication.instance().removeEventFilter(self._late_windows)
        for action in self._disabled_actions:
            action.setEnabled(True)
        self._disabled_actions = []
        windows, self._hidden_windows = self._hidden_windows, []
        for window in windows:
            window.show()
        self.inactivity.restart()
        self.show_status("Welcome back. Your work is as you left it.", 5000)

    def _other_user_signed_in(self, signed: object) -> None:
        self._next = ("user", signed)  # a ServerSignIn: the Actor and the Database to use
        self._discard_and_close()

    def _switch_database(self, choice: object) -> None:
        self._next = ("database", choice)
        self._discard_and_close()

    def _discard_and_close(self) -> None:
        """End this session: close its hidden and open dialogs without asking, then the window."""
        for window in [*self._hidden_windows, *QApplication.topLevelWidgets()]:
            if window is not self and hasattr(window, "reject_without_asking"):
                window.reject_without_asking()
            elif window is not self and window.isVisible():
                window.close()
        self._hidden_windows = []
        self.close()

    def end_session(self, message: str) -> None:
        """The account was disabled, given another role or reset: sign out, saying why."""
        if self.signing_out:
            return
        self.signing_out = True
        self.sign_out_message = message
        self._discard_and_close()

    def change_password(self) -> ChangePasswordDialog:
        from divert_desktop.gui.admin.change_password_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.db, self.actor, self.runner, self)
        dialog.accepted.connect(lambda: self.show_status("Your password has been changed."))
        dialog.open()
        return dialog

    # ---------------------------------------------------------------- help, sign out, close
    def show_help(self) -> HelpWindow:
        """Open the user guide for the signed-in role (or bring it to the front)."""
        if self.help_window is None:
            from divert_desktop.gui.shell.help_window import HelpWindow

            role = self.actor.role or Role.ADMINISTRATOR
            self.help_window = HelpWindow(self.runner, role, self)
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()
        return self.help_window

    def show_about(self) -> None:
        def show(info: lists.AboutInfo) -> None:
            box = QMessageBox(self)
            box.setObjectName("about_box")
            box.setWindowTitle("About DIVERT Desktop")
            box.setIconPixmap(icon("app").pixmap(QSize(48, 48)))
            box.setText(f"<b>DIVERT Desktop</b> {info.version}")
            box.setInformativeText(
                "Case management for the DIVERT drug diversion scheme.<br><br>"
                f"Database: {info.database}<br>Schema revision: {info.schema_revision}"
            )
            box.open()

        self.runner.run(lists.about_info, self.db, on_done=show, owner=self)

    def sign_out(self) -> None:
        self.signing_out = True
        self.close()

    def _restore(self) -> None:
        geometry = settings.load_bytes("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        last = settings.load_text("main_window/page")
        self.show_page(last if last in self.pages else next(iter(self.pages)))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.import_dialog is not None and self.import_dialog.running:
            self.import_dialog.reject()  # asks whether to stop the import
            event.ignore()
            return
        settings.save_bytes("main_window/geometry", self.saveGeometry())
        if self.current_key:
            settings.save_text("main_window/page", self.current_key)
        self.inactivity.stop()
        super().closeEvent(event)
        if self._next is not None:
            kind, value = self._next
            (self.sig_switch_user if kind == "user" else self.sig_switch_database).emit(value)
        else:
            self.sig_closed.emit(self.signing_out)
