"""What the app imports before its first window: the sign-in window is painted without
SQLAlchemy (the database is opened and its schema checked on the worker after the first paint),
and so without Alembic, ReportLab, argon2, the ORM or the models.

A real start in a fresh process on a migrated SQLite file with one account, offscreen: the
app's own start-up probe fires on the first paint, and at that moment the process writes which
window was painted and which modules it had imported.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from divert_desktop.persistence.migrate import head_revision
from tests.conftest import STRONG_PASSWORD
from tests.e2e.test_cli_commands import ROOT, cli

SCRIPT = """
import json, os, sys
from PySide6.QtWidgets import QApplication
import divert_desktop.app as app

if os.environ.get("REMEMBER_FILE"):  # this computer remembers its connection (no address given)
    from divert_desktop.core.connection import ConnectionKind, ConnectionProfile
    from divert_desktop.gui.connection import profiles

    profiles.remember(
        ConnectionProfile("This computer", ConnectionKind.SQLITE, path=os.environ["REMEMBER_FILE"])
    )

seen = {}
stamp = app.epoch_seconds

def shown():
    return sorted(w.objectName() for w in QApplication.topLevelWidgets() if w.isVisible())

def at_quit():
    seen["at_quit"] = shown()

def at_first_paint():
    seen["windows"] = shown()
    seen["modules"] = sorted(sys.modules)
    QApplication.instance().aboutToQuit.connect(at_quit)
    return stamp()

app.epoch_seconds = at_first_paint
code = app.run_gui(database=None, demo=False)
print(json.dumps(dict(seen, code=code)))
"""

NOT_BEFORE_SIGN_IN = (
    "sqlalchemy",  # the database is opened and checked on the worker after the first paint
    "alembic",
    "mako",
    "pygments",
    "reportlab",
    "argon2",
    "sqlalchemy.orm",
    "divert_desktop.persistence.models",
    "divert_desktop.services.admin.users",
    "divert_desktop.gui.shell.main_window",
    "divert_desktop.gui.connection.dialog",
)


def start_probed(tmp_path: Path, **env_extra: str) -> dict[str, Any]:
    """Start the app in a fresh process with the start-up probe set, offscreen, with its data
    and settings under ``tmp_path``; what SCRIPT saw (the windows at the first paint and at quit,
    the modules imported at the first paint, the exit code)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIVERT_")}
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        DIVERT_DATA_DIR=str(tmp_path / "data"),
        DIVERT_STARTUP_PROBE=str(tmp_path / "painted.txt"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        QT_QPA_PLATFORM="offscreen",
        **env_extra,
    )
    started = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, cwd=ROOT,
        timeout=120,
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    seen: dict[str, Any] = json.loads(started.stdout.strip().splitlines()[-1])
    return seen


@pytest.mark.parametrize("database", ["named", "remembered"])
def test_the_sign_in_window_is_painted_without_sqlalchemy_alembic_reportlab_or_the_orm(
    tmp_path: Path, database: str
) -> None:
    url = f"sqlite:///{tmp_path / 'data' / 'divert.sqlite3'}"
    added = cli(
        url, "users", "add", "first.admin", "--role", "administrator", "--password-stdin",
        stdin=STRONG_PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    if database == "named":
        seen = start_probed(tmp_path, DIVERT_DATABASE_URL=url)
    else:
        seen = start_probed(tmp_path, REMEMBER_FILE=str(tmp_path / "data" / "divert.sqlite3"))
    assert seen["code"] == 0
    assert seen["windows"] == ["login_dialog"]
    modules = seen["modules"]
    assert "PySide6.QtWidgets" in modules and "divert_desktop.gui.shell.login_dialog" in modules
    imported = sorted(
        name
        for name in modules
        if any(name == top or name.startswith(top + ".") for top in NOT_BEFORE_SIGN_IN)
    )
    assert imported == []


def test_on_a_first_start_the_probe_waits_for_the_new_database_and_the_first_run_window(
    tmp_path: Path,
) -> None:
    """Measuring start-up never cuts the first start short: the sign-in window is painted (and
    timed) first, and the app quits only once the new database file is made and migrated and
    the first-run window (the administrator account) is up."""
    database = tmp_path / "data" / "divert.sqlite3"
    seen = start_probed(tmp_path, DIVERT_DATABASE_URL=f"sqlite:///{database}")
    assert seen["code"] == 0
    assert seen["windows"] == ["login_dialog"]  # painted while the database was still unknown
    assert seen["at_quit"] == ["first_run_dialog"]
    assert (tmp_path / "painted.txt").is_file()
    with sqlite3.connect(database) as made:
        assert made.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (head_revision(),)
        ]
