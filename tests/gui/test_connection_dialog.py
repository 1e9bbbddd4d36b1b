"""Choosing the database: first run keeps the embedded default on Enter, server profiles keep no
user and no password (everyone signs in as themselves), network shares are refused."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy.engine import make_url

from divert_desktop.app import AppController
from divert_desktop.core.connection import ConnectionKind, ConnectionProfile
from divert_desktop.gui.connection import ConnectionDialog
from divert_desktop.gui.connection import profiles as store
from divert_desktop.gui.connection.opener import ConnectionOpener
from divert_desktop.gui.shell.first_run_dialog import FirstRunDialog
from divert_desktop.paths import default_database_path
from divert_desktop.persistence import engine as engine_module
from tests.conftest import PG_URL, _skip_or_fail_pg
from tests.keyrings import MemoryKeyring, using

CANARY = "Canary-PG-Pw-5521"


def opened(qtbot: Any, opener: ConnectionOpener) -> list[Any]:
    got: list[Any] = []
    opener.sig_opened.connect(lambda db, choice: got.append((db, choice)))
    return got


def test_first_run_enter_keeps_the_embedded_default(qtbot: Any, runner: Any) -> None:
    opener = ConnectionOpener(runner)
    got = opened(qtbot, opener)
    opener.start()
    dialog = opener.dialog
    assert isinstance(dialog, ConnectionDialog)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.reject_without_asking())
    u = dialog.ui
    assert u.local_radio.isChecked() and u.kind_stack.currentWidget() is u.local_page
    assert u.path_edit.text() == str(default_database_path())
    assert u.cancel_button.text() == "Quit"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    db, choice = got[0]
    assert make_url(db.url).database == str(default_database_path())
    assert choice.password is None and store.current_profile() == store.default_profile()
    db.dispose()


def test_the_app_starts_on_the_remembered_profile_without_asking(
    qtbot: Any, qapp: Any, runner: Any, tmp_path: Path
) -> None:
    profile = ConnectionProfile("Front desk", path=str(tmp_path / "desk.sqlite3"))
    store.remember(profile)
    controller = AppController(qapp, None, runner)
    controller.start_connection()
    qtbot.waitUntil(lambda: isinstance(controller.dialog, FirstRunDialog), timeout=20_000)
    assert make_url(controller.db.url).database == profile.path
    controller.dialog.reject_without_asking()
    controller.db.dispose()


def test_a_network_share_is_refused_next_to_the_field(
    qtbot: Any, runner: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(engine_module, "is_network_path", lambda _path: True)
    dialog = ConnectionDialog(runner, first_run=True)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.reject_without_asking())
    dialog.show()
    dialog.ui.path_edit.setText(str(tmp_path / "shared.sqlite3"))
    qtbot.mouseClick(dialog.ui.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ui.path_error_label.isVisible(), timeout=10_000)
    assert "network drive" in dialog.ui.path_error_label.text()
    assert dialog.isVisible() and dialog.choice is None and store.current_profile() is None


def _server_fields(qtbot: Any, dialog: ConnectionDialog, password: str) -> ConnectionProfile:
    if not PG_URL:
        _skip_or_fail_pg()
    url = make_url(PG_URL)
    u = dialog.ui
    qtbot.mouseClick(u.new_profile_button, Qt.MouseButton.LeftButton)
    assert u.server_radio.isChecked() and u.kind_stack.currentWidget() is u.server_page
    u.name_edit.setText("Office server")
    u.host_edit.setText(url.host or "127.0.0.1")
    u.port_spin.setValue(url.port or 5432)
    u.database_edit.setText(url.database or "postgres")
    u.user_edit.setText(url.username or "postgres")
    qtbot.keyClicks(u.password_edit, password)
    return dialog.profile()


@pytest.mark.pg
def test_a_server_profile_keeps_no_user_and_no_password_anywhere(
    qtbot: Any, runner: Any, private_settings: Path
) -> None:
    """Everyone signs in to a shared server as themselves: the profile holds host, port and
    database; the username and password typed to test are kept neither in QSettings nor in
    the keyring, and the next start opens the server without asking for any password."""
    with using(MemoryKeyring()) as keyring:
        dialog = ConnectionDialog(runner)
        qtbot.addWidget(dialog, before_close_func=lambda d: d.reject_without_asking())
        dialog.show()
        assert not dialog.ui.remember_check.isVisible()
        assert "not kept" in dialog.ui.keyring_label.text()
        profile = _server_fields(qtbot, dialog, CANARY)
        qtbot.mouseClick(dialog.ui.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: not dialog.busy and dialog.ui.result_label.isVisible(), timeout=10_000
        )
        assert dialog.ui.result_label.text().startswith("Connected to PostgreSQL")
        with qtbot.waitSignal(dialog.accepted, timeout=10_000):
            qtbot.mouseClick(dialog.ui.connect_button, Qt.MouseButton.LeftButton)
        assert keyring.store == {}
        assert dialog.choice.password is None and dialog.choice.profile.user == ""
        saved = store.load_profiles()
        assert [p.name for p in saved] == ["This computer", "Office server"]
        assert saved[1].user == "" and saved[1].host == profile.host
        for ini in private_settings.rglob("*"):
            if ini.is_file():
                data = ini.read_bytes()
                assert CANARY.encode() not in data
                assert b'"user": "postgres"' not in data
        store.remember(saved[1])
        opener = ConnectionOpener(runner)
        got = opened(qtbot, opener)
        opener.start()  # no password asked: the sign-in window asks who you are
        qtbot.waitUntil(lambda: bool(got), timeout=10_000)
        db, choice = got[0]
        assert opener.dialog is None and choice.password is None
        assert make_url(db.url).username is None and CANARY not in db.url
        assert keyring.store == {}
        db.dispose()


def test_a_profile_saved_with_a_shared_user_drops_it_and_its_kept_password(
    qtbot: Any, runner: Any, private_settings: Path
) -> None:
    """A profile an older version saved with the shared application login: the user is
    dropped, the password it kept in the keyring is deleted, and nothing is asked."""
    old = ConnectionProfile(
        "Office", ConnectionKind.POSTGRESQL, host="dbserver", database="divert", user="app"
    )
    with using(MemoryKeyring()) as keyring:
        keyring.store[("DIVERT Desktop", old.credential_key)] = CANARY
        store.save_profiles([old])
        opener = ConnectionOpener(runner)
        got = opened(qtbot, opener)
        opener.open_profile(old)
        qtbot.waitUntil(lambda: bool(got) and not keyring.store, timeout=10_000)
        db, choice = got[0]
        assert opener.dialog is None  # nothing was asked
        assert choice.profile.user == "" and make_url(db.url).username is None
        assert store.current_profile().user == ""
        db.dispose()


def test_the_connection_dialog_opens_on_the_database_in_use(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    from divert_desktop.gui.shell.main_window import MainWindow

    in_use = make_url(sqlite_db.url).database
    store.remember(ConnectionProfile("Front desk", path=str(tmp_path / "desk.sqlite3")))
    window = MainWindow(sqlite_db, make_actor(sqlite_db, "administrator"), runner)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("admin")
    # Started on another file than the remembered one (as with --database): that file shows.
    dialog = page.choose_connection()
    u = dialog.ui
    assert u.local_radio.isChecked() and u.path_edit.text() == str(Path(in_use).resolve())
    assert u.profile_combo.currentText() == "In use now" and u.name_edit.text() == "In use now"
    assert [u.profile_combo.itemText(i) for i in range(u.profile_combo.count())] == [
        "In use now",
        "Front desk",
    ]
    dialog.reject_without_asking()
    # A saved profile for the file in use is chosen, whichever profile was remembered last.
    store.save_profiles([*store.load_profiles(), ConnectionProfile("Office copy", path=in_use)])
    dialog = page.choose_connection()
    assert dialog.ui.profile_combo.currentText() == "Office copy"
    assert dialog.ui.path_edit.text() == in_use and not dialog.has_unsaved_input()
    if os.environ.get("DIVERT_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["DIVERT_SHOTS"], "connection.png"))
    dialog.reject_without_asking()


def test_a_server_in_use_is_described_from_its_address(tmp_path: Path) -> None:
    url = "postgresql+psycopg://divert@db.office:5433/cases?sslmode=require"
    saved = [ConnectionProfile("This computer", path=str(tmp_path / "a.sqlite3"))]
    profile = store.profile_for_url(url, saved)
    assert profile == ConnectionProfile(
        "In use now",
        ConnectionKind.POSTGRESQL,
        host="db.office",
        port=5433,
        database="cases",
        user="divert",
        sslmode=profile.sslmode,
    )
    assert profile.sslmode.value == "require"
    server = ConnectionProfile(
        "Office",
        ConnectionKind.POSTGRESQL,
        host="DB.office",
        port=5433,
        database="cases",
        user="divert",
    )
    assert store.profile_for_url(url, [*saved, server]) is server
