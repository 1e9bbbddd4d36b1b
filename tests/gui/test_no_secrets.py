"""Canary passwords, one for a shared server profile and one for a staff account, are nowhere:
not in the keyring, the settings files, the log, any text column of any table, or the bytes of
the SQLite file."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import Qt
from sqlalchemy.engine import make_url

from divert_desktop.core.enums import Role
from divert_desktop.gui.admin.add_user_dialog import AddUserDialog
from divert_desktop.gui.connection import ConnectionDialog
from divert_desktop.gui.shell.login_dialog import LoginDialog
from divert_desktop.persistence.models import Base
from divert_desktop.services.admin import accounts
from tests.conftest import PG_URL, _skip_or_fail_pg
from tests.gui.intake_helpers import fill
from tests.keyrings import MemoryKeyring, using

SERVER_CANARY = "Canary-Server-Pw-8813"
ACCOUNT_CANARY = "Canary-Account-Pw-4402"
RESET_CANARY = "Canary-Reset-Pw-9906"
CANARIES = (SERVER_CANARY, ACCOUNT_CANARY, RESET_CANARY)


def text_values(db: Any) -> list[str]:
    """Every value of every text or JSON column of every table."""
    out: list[str] = []
    with db.unit_of_work(write=False) as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.c if isinstance(c.type, sa.String | sa.Text | sa.JSON)]
            if columns:
                for row in session.execute(sa.select(*columns)):
                    out.extend(str(v) for v in row if v is not None)
    return out


def test_canary_passwords_are_nowhere_on_disk_or_in_the_database(
    qtbot: Any, db: Any, runner: Any, make_actor: Any, private_settings: Path, tmp_path: Path
) -> None:
    log_file = tmp_path / "divert-desktop.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.DEBUG)
    try:
        _exercise(qtbot, db, runner, make_actor)
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(level)
    assert log_file.exists()
    places = {"log": log_file.read_bytes()}
    for path in private_settings.rglob("*"):
        if path.is_file():
            places[str(path)] = path.read_bytes()
    assert any(p.endswith(".ini") or p.endswith(".conf") for p in places), "no settings file"
    if db.is_sqlite:
        db.dispose()  # let SQLite write everything to the main file
        base = Path(make_url(db.url).database)
        for path in base.parent.glob(base.name + "*"):
            places[str(path)] = path.read_bytes()
    for canary in CANARIES:
        for where, data in places.items():
            assert canary.encode() not in data, f"{canary} found in {where}"
    values = text_values(db)
    assert values, "the database holds text"
    for canary in CANARIES:
        assert not [v for v in values if canary in v]


def _exercise(qtbot: Any, db: Any, runner: Any, make_actor: Any) -> None:
    admin = make_actor(db, Role.ADMINISTRATOR, username="ada")
    add = AddUserDialog(db, admin, runner)
    qtbot.addWidget(add, before_close_func=lambda d: d.reject_without_asking())
    add.show()
    u = add.ui
    kim = "kim" if db.is_sqlite else f"kim{uuid.uuid4().hex[:6]}"  # a login: cluster-wide
    fill(qtbot, u.username_edit, kim)
    fill(qtbot, u.full_name_edit, "Kim Example")
    fill(qtbot, u.password_edit, ACCOUNT_CANARY)
    fill(qtbot, u.confirm_password_edit, ACCOUNT_CANARY)
    with qtbot.waitSignal(add.sig_added, timeout=10_000):
        qtbot.mouseClick(u.add_button, Qt.MouseButton.LeftButton)
    login = LoginDialog(db, runner)
    qtbot.addWidget(login)
    login.show()
    for username, password in (
        (kim, ACCOUNT_CANARY + "x"),
        (ACCOUNT_CANARY, "whatever"),
        (kim, ACCOUNT_CANARY),
    ):
        login.ui.username_edit.setText(username)
        login.ui.password_edit.setText(password)
        login.sign_in()
        qtbot.waitUntil(lambda: not login.busy or login.waiting, timeout=10_000)
    accounts.reset_password(db, admin, add.added.id, RESET_CANARY)
    if not PG_URL:
        _skip_or_fail_pg()
    url = make_url(PG_URL)
    with using(MemoryKeyring()) as keyring:
        dialog = ConnectionDialog(runner)
        qtbot.addWidget(dialog, before_close_func=lambda d: d.reject_without_asking())
        dialog.show()
        dialog.new_profile()
        d = dialog.ui
        d.name_edit.setText("Office server")
        d.host_edit.setText(url.host or "127.0.0.1")
        d.port_spin.setValue(url.port or 5432)
        d.database_edit.setText("no_such_database_for_canary")
        d.user_edit.setText(url.username or "postgres")
        d.password_edit.setText(SERVER_CANARY)
        dialog.test()  # a failure: its message and anything logged must not hold the password
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
        assert "no database called" in d.result_label.text()
        d.database_edit.setText(url.database or "postgres")
        with qtbot.waitSignal(dialog.accepted, timeout=10_000):
            dialog.connect_()
        assert keyring.store == {}  # a shared server's password is kept nowhere, not even here
