"""The main window: a thin shell of navigation, pages, menus, status bar and connection banner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QListWidgetItem, QMainWindow, QMessageBox, QWidget

from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.services import lists
from divert_desktop.services.context import Actor
from divert_desktop.services.importer import ImportResult

from . import settings
from .forms.ui_main_window import Ui_MainWindow
from .import_dialog import ImportDialog, summary_text
from .intake import IntakeDialog, IntakeSaved
from .letters.menu import LettersMenu
from .pages.admin import AdminPage
from .pages.base import Page
from .pages.diary import DiaryPage
from .pages.people import PeoplePage
from .pages.referrals import ReferralsPage
from .pages.reports import ReportsPage
from .pages.today import TodayPage
from .tasks import TaskError, TaskRunner
from .theme import icon
from .widgets import name_controls

RETRY_MS = 10_000
STATUS_MS = 10_000


@dataclass(frozen=True)
class PageSpec:
    key: str
    label: str
    icon: str
    page: type[Page]
    allowed: Callable[[Actor], bool]


PAGES = [
    PageSpec("today", "Today", "nav-today", TodayPage, lambda a: a.can(Action.BOOK_APPOINTMENT)),
    PageSpec("diary", "Diary", "nav-diary", DiaryPage, lambda a: a.can(Action.BOOK_APPOINTMENT)),
    PageSpec("people", "People", "nav-people", PeoplePage, lambda a: a.can(Action.VIEW_PERSON)),
    PageSpec(
        "referrals", "Referrals", "nav-referrals", ReferralsPage,
        lambda a: a.can(Action.CREATE_REFERRAL) or a.can(Action.IMPORT_REFERRALS),
    ),
    PageSpec("reports", "Reports", "nav-reports", ReportsPage, lambda a: a.can(Action.VIEW_REPORTS)),
    PageSpec("admin", "Admin", "nav-admin", AdminPage, lambda a: a.can(Action.MANAGE_USERS)),
]  # fmt: skip


def allowed_pages(actor: Actor) -> list[str]:
    """The page keys the actor's role may use, in navigation order."""
    return [spec.key for spec in PAGES if spec.allowed(actor)]


class MainWindow(QMainWindow):
    """Navigation on the left (only the pages the role may use), the page on the right.

    ``sig_closed(signing_out)`` tells the composition root whether to show the sign-in again.
    """

    sig_closed = Signal(bool)

    def __init__(
        self, db: Database, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.db, self.actor, self.runner = db, actor, runner
        self.signing_out = False
        self.import_dialog: ImportDialog | None = None
        self.intake_dialog: IntakeDialog | None = None
        self.pages: dict[str, Page] = {}
        self.setWindowTitle("DIVERT Desktop")  # never a person's name
        self._build_status_bar()
        self._build_banner()
        self._build_pages()
        self._connect_actions()
        runner.sig_connection_lost.connect(self._connection_lost)
        runner.sig_connection_ok.connect(self._connection_back)
        runner.sig_unhandled_error.connect(self._unhandled_error)
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
        for spec in PAGES:
            if not spec.allowed(self.actor):
                continue
            page = spec.page(self.db, self.actor, self.runner, self.ui.page_stack)
            name_controls(page)
            page.sig_status.connect(self.show_status)
            if isinstance(page, ReferralsPage):
                page.sig_import_requested.connect(self.open_import_dialog)
                page.sig_new_referral_requested.connect(self.open_intake_dialog)
            self.pages[spec.key] = page
            self.ui.page_stack.addWidget(page)
            item = QListWidgetItem(icon(spec.icon), spec.label)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setSizeHint(QSize(170, 40))
            nav.addItem(item)
        nav.currentRowChanged.connect(self._nav_changed)

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
        u.sign_out_action.triggered.connect(self.sign_out)
        u.quit_action.triggered.connect(self.close)
        u.about_action.triggered.connect(self.show_about)
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
            self.ui.page_stack.setCurrentWidget(list(self.pages.values())[row])

    def refresh_current(self) -> None:
        page = self.ui.page_stack.currentWidget()
        if isinstance(page, Page):
            page.refresh()
            self.show_status("Refreshed.", 3000)

    def refresh_all(self) -> None:
        for page in self.pages.values():
            page.mark_stale()

    def find_person(self) -> None:
        people = self.show_page("people")
        assert isinstance(people, PeoplePage)
        people.focus_search()

    def show_status(self, text: str, ms: int = STATUS_MS) -> None:
        self.ui.status_bar.showMessage(text, ms)

    # ---------------------------------------------------------------- import
    def open_import_dialog(self) -> ImportDialog | None:
        """Open "Import referrals…" (window-modal); pages refresh after a real import."""
        if not self.actor.can(Action.IMPORT_REFERRALS):
            return None
        if self.import_dialog is not None and self.import_dialog.isVisible():
            self.import_dialog.raise_()
            return self.import_dialog
        self.import_dialog = ImportDialog(self.db, self.actor, self.runner, self)
        self.import_dialog.sig_imported.connect(self._imported)
        self.import_dialog.open()
        return self.import_dialog

    def _imported(self, result: ImportResult) -> None:
        for key in ("referrals", "today", "people", "diary", "reports"):
            if key in self.pages:
                self.pages[key].mark_stale()
        self.show_status(summary_text(result).split(" Rejected rows")[0])

    # ---------------------------------------------------------------- new referral
    def open_intake_dialog(self) -> IntakeDialog | None:
        """Open "New referral…" (window-modal); pages refresh after a save."""
        if not self.actor.can(Action.CREATE_REFERRAL):
            return None
        if self.intake_dialog is not None and self.intake_dialog.isVisible():
            self.intake_dialog.raise_()
            return self.intake_dialog
        self.intake_dialog = IntakeDialog(self.db, self.actor, self.runner, self)
        self.intake_dialog.sig_saved.connect(self._referral_saved)
        self.intake_dialog.open()
        return self.intake_dialog

    def _referral_saved(self, _saved: IntakeSaved) -> None:
        for key in ("referrals", "today", "people", "diary", "reports"):
            if key in self.pages:
                self.pages[key].mark_stale()
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

    # ---------------------------------------------------------------- help, sign out, close
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
        super().closeEvent(event)
        self.sig_closed.emit(self.signing_out)
