"""The self-test's window check: Qt's plugins load with no screen and the app's windows show
(a broken bundle fails here, with a reason, instead of Qt aborting the process)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from divert_desktop.core.enums import Source
from divert_desktop.persistence.database import Database


class WindowCheckFailed(Exception):
    """A window did not load or show; the message says what."""


def _has_platform_plugin(folders: list[str], platform: str) -> bool:
    return any(
        p.name.startswith((f"libq{platform}.", f"q{platform}."))
        for folder in folders
        for p in (Path(folder) / "platforms").glob("*")
    )


def check_windows(db: Database, source: Source, folder: Path, pdf: Path | None = None) -> str:
    """Show the sign-in window and a main window on ``db`` offscreen, and open ``pdf`` with Qt
    PDF (the letter preview's viewer); return what was shown. Interface state goes to
    ``folder``. Raises WindowCheckFailed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QSettings, QSize
    from PySide6.QtWidgets import QApplication

    platform = os.environ["QT_QPA_PLATFORM"].split(":")[0]
    if QApplication.instance() is None and not _has_platform_plugin(
        QCoreApplication.libraryPaths(), platform
    ):  # Qt would abort the process with no report
        raise WindowCheckFailed(
            f"Qt's {platform} platform plugin is missing (looked in "
            f"{', '.join(QCoreApplication.libraryPaths()) or 'no plugin folder'})"
        )

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    from divert_desktop.core.enums import Role
    from divert_desktop.gui.shell.application import make_application
    from divert_desktop.gui.shell.login_dialog import LoginDialog
    from divert_desktop.gui.shell.main_window import MainWindow
    from divert_desktop.gui.shell.tasks import TaskRunner
    from divert_desktop.gui.theme import icon
    from divert_desktop.services.context import Actor, workstation_name

    app = make_application([sys.argv[0] if sys.argv else "divert-desktop"])
    if icon("app").pixmap(QSize(32, 32)).isNull():
        raise WindowCheckFailed("the app icon does not draw (Qt's SVG support is missing)")
    runner = TaskRunner()
    try:
        login = LoginDialog(db, runner)
        login.show()
        app.processEvents()
        if not login.isVisible() or login.ui.sign_in_button.text() == "":
            raise WindowCheckFailed("the sign-in window did not show")
        login.close()
        actor = Actor("selftest", Role.RECEPTIONIST, source, workstation_name())
        window = MainWindow(db, actor, runner)
        window.show()
        app.processEvents()
        pages = len([window.pages[key] for key in window.page_keys])  # builds every page
        window.close()
        runner.wait_for_done(30_000)
        app.processEvents()
    finally:
        runner.shutdown()
    shown = (
        f"platform {QApplication.platformName()}, sign-in window and main window ({pages} pages)"
    )
    if pdf is not None:
        from PySide6.QtPdf import QPdfDocument

        document = QPdfDocument()
        document.load(str(pdf))
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
            raise WindowCheckFailed(f"Qt PDF could not open {pdf.name} ({document.error()})")
        shown += f", {pdf.name} opened by Qt PDF ({document.pageCount()} pages)"
        document.close()
    return shown + " shown"
