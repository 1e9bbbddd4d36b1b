"""The main window: navigation by role, status bar, menus, remembered page, connection banner."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy.exc import OperationalError

from divert_desktop.app import build_main_window
from divert_desktop.core.enums import Role
from divert_desktop.gui.shell.main_window import MainWindow, allowed_pages
from divert_desktop.gui.widgets import SearchBox
from tests.gui.conftest import find_top_level, wait_idle

EXPECTED_PAGES = {
    Role.RECEPTIONIST: ["Today", "Diary", "People", "Referrals"],
    Role.CASEWORKER: ["Today", "Diary", "People", "Referrals", "Casework", "Services"],
    Role.MANAGER: [
        "Today",
        "Diary",
        "People",
        "Referrals",
        "Casework",
        "Services",
        "Reports",
        "Audit trail",
        "Data protection",
    ],
    Role.ADMINISTRATOR: ["People", "Audit trail", "Data protection", "Admin"],
}
PAGE_KEYS = {"Audit trail": "audit", "Data protection": "privacy"}
"""Page keys whose label is not the key capitalised."""


def open_window(qtbot: Any, db: Any, actor: Any, runner: Any) -> MainWindow:
    window = build_main_window(db, actor, runner)
    qtbot.addWidget(window)
    window.show()
    page = window.ui.page_stack.currentWidget()
    wait_idle(qtbot, page)
    return window


def nav_labels(window: MainWindow) -> list[str]:
    nav = window.ui.nav_list
    return [nav.item(i).text() for i in range(nav.count())]


@pytest.mark.parametrize("role", list(Role))
def test_navigation_shows_only_the_pages_the_role_may_use(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, role: Role
) -> None:
    actor = make_actor(sqlite_db, role)
    window = open_window(qtbot, sqlite_db, actor, runner)
    assert nav_labels(window) == EXPECTED_PAGES[role]
    assert allowed_pages(actor) == [
        PAGE_KEYS.get(label, label.lower()) for label in EXPECTED_PAGES[role]
    ]
    assert window.ui.page_stack.count() == len(EXPECTED_PAGES[role])
    assert window.ui.import_action.isVisible() == (role is not Role.ADMINISTRATOR)
    assert window.windowTitle() == "DIVERT Desktop"


def test_status_bar_names_the_user_role_and_database(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    actor = make_actor(sqlite_db, Role.RECEPTIONIST, username="rita")
    window = open_window(qtbot, sqlite_db, actor, runner)
    assert window.status_user_label.text() == "Rita"
    assert window.status_role_label.text() == "Receptionist"
    assert window.status_database_label.text() == sqlite_db.description
    assert window.status_database_label.text().startswith("Local file: ")
    assert not window.ui.connection_banner.isVisible()


def test_clicking_the_navigation_switches_pages(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    window = open_window(qtbot, mixed_db, make_actor(mixed_db, Role.MANAGER), runner)
    nav = window.ui.nav_list
    item = nav.item(nav_labels(window).index("Reports"))
    qtbot.mouseClick(
        nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center()
    )
    assert window.current_key == "reports"
    assert window.ui.page_stack.currentWidget().objectName() == "reports_page"


def test_the_last_page_and_geometry_are_remembered(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any, private_settings: Any
) -> None:
    actor = make_actor(mixed_db, Role.RECEPTIONIST)
    window = open_window(qtbot, mixed_db, actor, runner)
    window.show_page("referrals")
    window.resize(1100, 700)
    window.close()
    stored = QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "DIVERT", "DIVERT Desktop"
    )
    assert stored.value("main_window/page") == "referrals"
    assert str(private_settings) in stored.fileName()
    assert not stored.value("main_window/geometry").isEmpty()
    again = open_window(qtbot, mixed_db, actor, runner)
    assert again.current_key == "referrals"


def test_ctrl_f_goes_to_the_people_search(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    window = open_window(qtbot, mixed_db, make_actor(mixed_db, Role.RECEPTIONIST), runner)
    window.activateWindow()
    window.find_person()
    assert window.current_key == "people"
    assert isinstance(window.focusWidget(), SearchBox)


def test_banner_shows_while_the_database_is_unreachable(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    window = open_window(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)

    def unreachable() -> None:
        raise OperationalError("SELECT 1", {}, Exception("could not connect to server"))

    runner.run(unreachable, on_error=lambda _e: None)
    qtbot.waitUntil(window.ui.connection_banner.isVisible, timeout=5000)
    assert "cannot be reached — your work is kept; retrying…" in window.ui.banner_label.text()
    assert window._retry_timer.isActive()
    qtbot.mouseClick(window.ui.retry_button, Qt.MouseButton.LeftButton)  # the database is fine
    qtbot.waitUntil(lambda: not window.ui.connection_banner.isVisible(), timeout=5000)
    assert not window._retry_timer.isActive()
    assert "back" in window.ui.status_bar.currentMessage()


def test_about_shows_version_database_and_schema(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    window = open_window(qtbot, sqlite_db, make_actor(sqlite_db, Role.ADMINISTRATOR), runner)
    window.ui.about_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "about_box") is not None, timeout=5000)
    box = window.findChild(QMessageBox, "about_box")
    from divert_desktop import __version__
    from divert_desktop.persistence.migrate import head_revision

    assert f"Schema revision: {head_revision()}" in box.informativeText()
    assert __version__ in box.text()
    assert sqlite_db.description in box.informativeText()
    ok = box.buttons()[0]
    assert ok.text() == "OK" and ok.icon().isNull()  # words only: no stock icon over "OK"
    box.close()


def test_sign_out_closes_the_window_and_says_so(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    window = open_window(qtbot, sqlite_db, make_actor(sqlite_db, Role.CASEWORKER), runner)
    with qtbot.waitSignal(window.sig_closed, timeout=2000) as blocker:
        window.ui.sign_out_action.trigger()
    assert blocker.args == [True]
    assert not window.isVisible()
    assert find_top_level(MainWindow) is None


def test_f5_reloads_the_current_page(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    window = open_window(qtbot, mixed_db, make_actor(mixed_db, Role.RECEPTIONIST), runner)
    page = window.show_page("referrals")
    wait_idle(qtbot, page)
    with qtbot.waitSignal(page.sig_loaded, timeout=5000):
        window.ui.refresh_action.trigger()
    assert window.ui.refresh_action.shortcut().toString() == "F5"
    assert page.table.model.rowCount() == 10


def test_a_page_is_built_when_it_is_first_shown(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    window = open_window(qtbot, sqlite_db, make_actor(sqlite_db, Role.MANAGER), runner)
    assert list(window.pages.built) == ["today"]  # the first page; the rest wait
    stack = window.ui.page_stack
    assert stack.count() == len(EXPECTED_PAGES[Role.MANAGER])
    assert stack.widget(6).objectName() == "reports_page_holder"
    reports = window.show_page("reports")
    wait_idle(qtbot, reports)
    assert stack.widget(6) is reports and stack.currentWidget() is reports
    assert list(window.pages.built) == ["today", "reports"]
    assert stack.count() == len(EXPECTED_PAGES[Role.MANAGER])
    assert window.current_key == "reports"
