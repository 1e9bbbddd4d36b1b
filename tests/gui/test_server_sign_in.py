"""The sign-in window on a shared server opens the database as the person's own login: the
server checks the password (SCRAM), a wrong one gets the app's one plain refusal, and the
role is the login's group role."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy.engine import make_url

from divert_desktop.app import AppController
from divert_desktop.core.enums import Role
from divert_desktop.gui.shell.login_dialog import LoginDialog
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.engine import make_engine
from divert_desktop.persistence.migrate import upgrade
from divert_desktop.services.admin.users import REFUSAL, add_user
from divert_desktop.services.context import cli_actor
from tests.clock import CLOCK
from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.pg  # PostgreSQL only (the moved-clock passes leave these out)

BIN = Path("/usr/lib/postgresql")


def _pg_bin(name: str) -> Path | None:
    found = sorted(BIN.glob(f"*/bin/{name}")) if BIN.exists() else []
    return found[-1] if found else None


def _as_postgres(*command: str) -> list[str]:
    if os.geteuid() == 0:  # initdb and pg_ctl refuse to run as root
        return ["runuser", "-u", "postgres", "--", *command]
    return list(command)


@pytest.fixture(scope="module")
def scram_server() -> Iterator[str]:
    """A throwaway PostgreSQL cluster that asks every TCP login for its password
    (scram-sha-256), as a real shared server does (the test server trusts everyone). Yields
    the owner's URL (over the socket, trusted) of a migrated database."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("needs PostgreSQL's server programs (initdb, pg_ctl) to run a SCRAM server")
    base = Path(tempfile.mkdtemp(prefix="divert-scram-"))  # outside root's 0700 pytest folder
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    data = base / "data"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run(
        _as_postgres(
            str(initdb),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
        ),
        check=True,
        capture_output=True,
    )
    hba = data / "pg_hba.conf"  # the owner (the test's superuser) is trusted, staff are not
    hba.write_text("host all postgres 127.0.0.1/32 trust\n" + hba.read_text(), encoding="utf-8")
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        _as_postgres(
            str(pg_ctl), "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start"
        ),
        check=True,
        capture_output=True,
    )
    try:
        owner = f"postgresql+psycopg://postgres@127.0.0.1:{port}/divert?sslmode=disable"
        admin = make_url(owner).set(database="postgres")
        engine = make_engine(admin.render_as_string(hide_password=False))
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("CREATE DATABASE divert")
        engine.dispose()
        engine = make_engine(owner)
        upgrade(engine)
        engine.dispose()
        yield owner
    finally:
        subprocess.run(
            _as_postgres(str(pg_ctl), "-D", str(data), "-m", "immediate", "stop"),
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


def _workstation(owner_url: str) -> Database:
    """The server as a workstation's profile knows it: host, port and database, no user."""
    url = make_url(owner_url).set(username=None)
    return Database(url.render_as_string(hide_password=False), clock=CLOCK)


def _add_staff(owner_url: str, role: Role) -> str:
    owner = Database(owner_url, clock=CLOCK)
    name = f"{role.value[:5]}{uuid.uuid4().hex[:6]}"
    try:
        add_user(
            owner,
            cli_actor(),
            username=name,
            display_name=f"{role.label} Person",
            role=role,
            password=STRONG_PASSWORD,
            server_login=True,
        )
    finally:
        owner.dispose()
    return name


def _type(qtbot: Any, login: LoginDialog, username: str, password: str) -> None:
    login.ui.username_edit.clear()
    qtbot.keyClicks(login.ui.username_edit, username)
    qtbot.keyClicks(login.ui.password_edit, password)
    qtbot.mouseClick(login.ui.sign_in_button, Qt.MouseButton.LeftButton)


def test_the_sign_in_window_opens_the_server_as_the_persons_login(
    qtbot: Any, qapp: Any, runner: Any, scram_server: str, private_settings: Path
) -> None:
    name = _add_staff(scram_server, Role.CASEWORKER)
    base = _workstation(scram_server)
    controller = AppController(qapp, base, runner)
    controller.start()  # a shared server without a user: straight to the sign-in window
    qtbot.waitUntil(lambda: isinstance(controller.dialog, LoginDialog), timeout=10_000)
    login = controller.dialog
    assert login.findChild(type(login.ui.username_edit), "username_edit") is not None

    _type(qtbot, login, name, STRONG_PASSWORD + " wrong")  # the server says no (SCRAM)
    qtbot.waitUntil(lambda: not login.busy and login.ui.message_label.isVisible(), timeout=20_000)
    assert login.ui.message_label.text() == REFUSAL
    assert controller.window is None and login.ui.password_edit.text() == ""

    _type(qtbot, login, name, STRONG_PASSWORD)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=20_000)
    window = controller.window
    assert window.actor.username == name and window.actor.role is Role.CASEWORKER
    assert make_url(controller.db.url).username == name  # the session is the person's login
    assert STRONG_PASSWORD not in controller.db.url
    with controller.db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT session_user").scalar_one() == name
    for ini in private_settings.rglob("*"):  # nothing of the sign-in is kept on this computer
        if ini.is_file():
            assert STRONG_PASSWORD.encode() not in ini.read_bytes()
    signed_in_db = controller.db
    with qtbot.waitSignal(window.sig_closed, timeout=10_000):
        window.close()  # quitting: the person's own connection is closed by the app
    signed_in_db.dispose()
    base.dispose()


def test_the_role_is_the_login_group_role_on_the_server(
    qtbot: Any, qapp: Any, runner: Any, scram_server: str
) -> None:
    name = _add_staff(scram_server, Role.RECEPTIONIST)
    base = _workstation(scram_server)
    login = LoginDialog(base, runner)
    qtbot.addWidget(login)
    login.show()
    with qtbot.waitSignal(login.accepted, timeout=20_000):
        _type(qtbot, login, name, STRONG_PASSWORD)
    assert login.actor.role is Role.RECEPTIONIST
    assert login.database is not base and make_url(login.database.url).username == name
    login.database.dispose()
    base.dispose()


def test_change_my_password_on_the_server_then_the_lock_screen_takes_only_the_new_one(
    qtbot: Any, qapp: Any, runner: Any, scram_server: str
) -> None:
    """*Change my password* changes the login's password on the server (checked by the server:
    a SCRAM cluster that asks every staff login for it); the lock screen then lets the person
    back in with the new password and refuses the old one."""
    from PySide6.QtWidgets import QLineEdit, QPushButton

    from divert_desktop.gui.admin.change_password_dialog import ChangePasswordDialog

    name = _add_staff(scram_server, Role.CASEWORKER)
    new_password = "plum orchard lantern sixty"
    base = _workstation(scram_server)
    controller = AppController(qapp, base, runner)
    controller.start()
    qtbot.waitUntil(lambda: isinstance(controller.dialog, LoginDialog), timeout=10_000)
    _type(qtbot, controller.dialog, name, STRONG_PASSWORD)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=20_000)
    window = controller.window

    window.change_password_action.trigger()
    dialog = window.findChild(ChangePasswordDialog, "change_password_dialog")
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=5_000)
    current = dialog.findChild(QLineEdit, "current_password_edit")
    fresh = dialog.findChild(QLineEdit, "password_edit")
    again = dialog.findChild(QLineEdit, "confirm_password_edit")
    save = dialog.findChild(QPushButton, "save_button")
    qtbot.keyClicks(current, STRONG_PASSWORD + " wrong")  # the server checks this one too
    qtbot.keyClicks(fresh, new_password)
    qtbot.keyClicks(again, new_password)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    error = dialog.findChild(type(dialog.form_error_label), "current_password_error_label")
    qtbot.waitUntil(lambda: error.isVisible() and save.isEnabled(), timeout=20_000)
    assert error.text() == "That is not your current password. Type it again."
    assert dialog.isVisible()
    current.clear()
    qtbot.keyClicks(current, STRONG_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert window.ui.status_bar.currentMessage() == "Your password has been changed."

    window.lock_action.trigger()
    screen = window.lock_screen
    assert window.locked and screen.username_edit.text() == name
    qtbot.keyClicks(screen.password_edit, STRONG_PASSWORD)  # the old one: the server says no
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.message_label.isVisible() and not screen.busy, timeout=20_000)
    assert screen.message_label.text() == REFUSAL and window.locked
    qtbot.keyClicks(screen.password_edit, new_password)
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.locked, timeout=20_000)
    assert not screen.isVisible() and window.actor.username == name
    signed_in_db = controller.db
    with qtbot.waitSignal(window.sig_closed, timeout=10_000):
        window.close()
    signed_in_db.dispose()
    base.dispose()
