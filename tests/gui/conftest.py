"""GUI test fixtures: private QSettings, a task runner per test, databases with invented data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from tests.conftest import STRONG_PASSWORD
from tests.gui.factories import import_file, mixed_file


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> Path:
    """Window geometry, last page and folders go to a folder of this test, never the user's."""
    folder = tmp_path / "qsettings"
    folder.mkdir()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture
def runner(qtbot: Any) -> Iterator[Any]:
    """A TaskRunner whose workers are stopped (and whose results are drained) after the test."""
    from divert_desktop.gui.shell.tasks import TaskRunner

    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()
    qtbot.wait(0)  # deliver queued results while the widgets still exist


@pytest.fixture
def mixed_db(sqlite_db: Any, tmp_path: Path) -> Any:
    """A SQLite database holding the ten imported referrals of ``factories.mixed_file``."""
    import_file(sqlite_db, mixed_file(tmp_path / "mixed.csv"))
    return sqlite_db


@pytest.fixture
def password() -> str:
    return STRONG_PASSWORD


def wait_idle(qtbot: Any, page: Any, timeout: int = 10_000) -> None:
    """Wait until a page's newest query has been shown."""
    qtbot.waitUntil(lambda: not page.loading, timeout=timeout)


def find_top_level(cls: type, object_name: str | None = None) -> Any:
    """A visible top-level widget of a class (dialogs opened by the code under test)."""
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, cls) and widget.isVisible():
            if object_name is None or widget.objectName() == object_name:
                return widget
    return None


def type_text(qtbot: Any, widget: Any, text: str) -> None:
    """Type like a user, key by key. QTest cannot send most non-ASCII letters (it asserts), so
    those go as key events carrying their text, as a keyboard layout with the letter would."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


@pytest.fixture(autouse=True, scope="session")
def app_theme(qapp: Any) -> None:
    """Every GUI test sees the app as staff do, whatever ran before it: its look (Fusion, the
    stylesheet) and every window fitted to the (1366×768, see tests/conftest.py) screen."""
    from divert_desktop.gui.shell.screen_fit import install_screen_fitter
    from divert_desktop.gui.theme import apply_theme

    apply_theme(qapp)
    install_screen_fitter(qapp)
