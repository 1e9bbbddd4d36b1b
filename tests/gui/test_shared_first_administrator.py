"""The first administrator of a shared database, as the owner's workstation meets it: the
start-up upgrade of a database made before staff logins asks for the administrator's login in
the same question; the first-run window of an empty shared database makes the administrator's
account and their own login; an owner that may not create logins is told what to do."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMessageBox, QPushButton, QWidget
from sqlalchemy.engine import make_url

from divert_desktop.app import AppController
from divert_desktop.core.enums import Role
from divert_desktop.gui.shell.first_run_dialog import FirstRunDialog
from divert_desktop.gui.shell.login_dialog import LoginDialog
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.engine import make_engine
from divert_desktop.persistence.migrate import current_revision, head_revision, upgrade
from divert_desktop.services.admin import users
from divert_desktop.services.admin.server_logins import NO_LOGIN_RIGHTS
from tests.clock import CLOCK
from tests.conftest import PG_URL, _pg_exec
from tests.pg_owner import RUN, _made, old_database, owner_database, scram_matches, stored_password

pytestmark = pytest.mark.pg  # PostgreSQL only (the moved-clock passes leave these out)

PASSWORD = "plum orchard lantern sixty"


@pytest.fixture
def owner_url(request: pytest.FixtureRequest) -> str:
    return owner_database(request)


@pytest.fixture
def owner_db(owner_url: str) -> Any:
    database = Database(owner_url, clock=CLOCK)
    yield database
    database.dispose()


def _sign_in(qtbot: Any, controller: AppController, name: str, password: str) -> Any:
    qtbot.waitUntil(lambda: isinstance(controller.dialog, LoginDialog), timeout=30_000)
    login = controller.dialog
    assert login.ui.username_edit.text() == name  # the administrator just named
    qtbot.keyClicks(login.ui.password_edit, password)
    qtbot.keyClick(login.ui.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=20_000)
    window = controller.window
    qtbot.addWidget(window)
    return window


def test_the_shared_upgrade_asks_for_the_first_administrators_login_in_the_same_question(
    qtbot: Any, qapp: Any, runner: Any, owner_url: str, owner_db: Database
) -> None:
    admin = old_database(owner_url)  # revision 0009: accounts, none with a login
    controller = AppController(qapp, owner_db, runner)
    controller.start()
    qtbot.waitUntil(lambda: isinstance(controller.dialog, QMessageBox), timeout=30_000)
    box = controller.dialog
    assert box.objectName() == "upgrade_confirm_box"
    form = box.findChild(QWidget, "admin_login_form")
    assert form is not None and form.isVisible()
    combo = box.findChild(QComboBox, "admin_account_combo")
    assert [combo.itemText(i) for i in range(combo.count())] == [admin]
    password = box.findChild(QLineEdit, "admin_password_edit")
    confirm = box.findChild(QLineEdit, "admin_confirm_edit")
    error = box.findChild(QLabel, "admin_error_label")
    go = box.findChild(QPushButton, "upgrade_button")

    qtbot.keyClicks(password, PASSWORD)
    qtbot.keyClick(password, Qt.Key.Key_Return)  # moves on (Quit is the default button)
    assert box.isVisible() and confirm.hasFocus()
    qtbot.keyClicks(confirm, PASSWORD + " typo")
    qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.isVisible() and error.isVisible(), timeout=5_000)
    assert error.text() == "The two passwords are different. Type the same password twice."
    assert current_revision(owner_db.engine) == "0009"  # nothing done yet

    confirm.clear()
    qtbot.keyClicks(confirm, PASSWORD)
    qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
    window = _sign_in(qtbot, controller, admin, PASSWORD)
    assert window.actor.username == admin and window.actor.role is Role.ADMINISTRATOR
    assert make_url(controller.db.url).username == admin  # their own login, not the owner's
    assert current_revision(owner_db.engine) == head_revision()
    stored = stored_password(owner_url, admin)
    assert stored is not None and scram_matches(stored, PASSWORD)
    window.close()
    controller.db.dispose()


def _fill_first_run(qtbot: Any, dialog: FirstRunDialog, name: str) -> None:
    u = dialog.ui
    qtbot.keyClicks(u.username_edit, name)
    qtbot.keyClicks(u.full_name_edit, "Ada Example")
    qtbot.keyClicks(u.password_edit, PASSWORD)
    qtbot.keyClicks(u.confirm_password_edit, PASSWORD)
    qtbot.keyClicks(u.organisation_name_edit, "Example Recovery Trust")


def test_first_run_on_an_empty_shared_database_makes_the_administrators_own_login(
    qtbot: Any, qapp: Any, runner: Any, owner_url: str, owner_db: Database
) -> None:
    controller = AppController(qapp, owner_db, runner)
    controller.start()  # a new database: made, then the first-run window
    qtbot.waitUntil(lambda: isinstance(controller.dialog, FirstRunDialog), timeout=30_000)
    dialog = controller.dialog
    name = f"ada{RUN}{next(_made)}"
    _fill_first_run(qtbot, dialog, name)
    qtbot.mouseClick(dialog.ui.create_button, Qt.MouseButton.LeftButton)
    window = _sign_in(qtbot, controller, name, PASSWORD)
    assert window.actor.username == name and window.actor.role is Role.ADMINISTRATOR
    assert make_url(controller.db.url).username == name
    stored = stored_password(owner_url, name)
    assert stored is not None and scram_matches(stored, PASSWORD)
    engine = sa.create_engine(owner_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            groups = conn.execute(
                sa.text(
                    "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                    "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :n"
                ),
                {"n": name},
            ).scalars()
            assert [g.rsplit("_", 1)[1] for g in groups] == ["administrator"]
    finally:
        engine.dispose()
    window.close()
    controller.db.dispose()


def test_first_run_says_what_to_do_when_the_connection_may_not_create_logins(
    qtbot: Any, qapp: Any, runner: Any, owner_url: str, owner_db: Database
) -> None:
    engine = make_engine(owner_url)
    upgrade(engine)  # the owner made the database (and its group roles) with CREATEROLE …
    engine.dispose()
    assert PG_URL is not None
    owner = make_url(owner_url).username
    _pg_exec(PG_URL, f'ALTER ROLE "{owner}" NOCREATEROLE')  # … and may not make logins now
    controller = AppController(qapp, owner_db, runner)
    controller.start()
    qtbot.waitUntil(lambda: isinstance(controller.dialog, FirstRunDialog), timeout=30_000)
    dialog = controller.dialog
    name = f"ada{RUN}{next(_made)}"
    _fill_first_run(qtbot, dialog, name)
    qtbot.mouseClick(dialog.ui.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ui.form_error_label.isVisible(), timeout=20_000)
    assert dialog.ui.form_error_label.text() == NO_LOGIN_RIGHTS
    assert dialog.isVisible() and controller.window is None
    assert users.needs_first_run(owner_db)  # nothing half made: no account without a login
    assert stored_password(owner_url, name) is None
    dialog.hide()
