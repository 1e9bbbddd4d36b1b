"""Engine settings: SQLite pragmas, BEGIN IMMEDIATE writes, network-share refusal, PostgreSQL URL."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from divert_desktop.core.errors import DatabaseLocationError
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.engine import describe, is_network_path, make_engine, normalise_url

MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
server:/export/shared /mnt/shared nfs4 rw,relatime 0 0
//fileserver/office /mnt/office cifs rw 0 0
/dev/vdb /mnt/shared/local ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/home/reception/divert.sqlite3", False),
        ("/mnt/shared/divert.sqlite3", True),
        ("/mnt/office/data/divert.sqlite3", True),
        ("/mnt/shared/local/divert.sqlite3", False),  # a local disk mounted inside the share
        ("/mnt/sharedother/divert.sqlite3", False),  # prefix of a mount name is not that mount
    ],
)
def test_network_share_detection_on_linux(path: str, expected: bool) -> None:
    assert is_network_path(Path(path), mounts_text=MOUNTS, platform="linux") is expected


def test_unc_path_is_a_network_share_on_windows() -> None:
    assert is_network_path(Path(r"\\server\share\divert.sqlite3"), mounts_text="", platform="win32")


def test_sqlite_on_network_share_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from divert_desktop.persistence import engine as engine_module

    monkeypatch.setattr(engine_module, "is_network_path", lambda path: True)
    with pytest.raises(DatabaseLocationError, match="network drive"):
        make_engine("sqlite:////mnt/shared/divert.sqlite3")


def test_sqlite_pragmas(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_sqlite_write_transaction_takes_the_write_lock_at_begin(sqlite_db: Database) -> None:
    """A write unit of work starts with BEGIN IMMEDIATE: another writer cannot start meanwhile."""
    path = sqlite_db.engine.url.database
    inside = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with sqlite_db.unit_of_work() as session:
            session.execute(sa.text("SELECT 1"))
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=hold)
    worker.start()
    assert inside.wait(5)
    other = sqlite3.connect(path, timeout=0.2, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        # readers are not blocked (WAL)
        assert other.execute("SELECT count(*) FROM venues").fetchone()[0] == 7
    finally:
        release.set()
        worker.join()
        other.close()


def test_sqlite_foreign_keys_are_enforced(sqlite_db: Database) -> None:
    with pytest.raises(sa.exc.IntegrityError), sqlite_db.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO referral_substances (referral_id, substance) VALUES (999999, 'cannabis')"
            )
        )


def test_postgresql_urls_use_psycopg3_and_never_show_passwords() -> None:
    assert normalise_url("postgresql://u:p@h/db").startswith("postgresql+psycopg://")
    assert describe("postgresql+psycopg://u:secret@dbhost:5433/divert") == (
        "Shared server: divert on dbhost:5433"
    )
    assert describe("sqlite:////tmp/x.sqlite3") == "Local file: /tmp/x.sqlite3"


def test_rolled_back_unit_of_work_leaves_nothing(db: Database) -> None:
    from divert_desktop.persistence.models import Setting

    with pytest.raises(RuntimeError), db.unit_of_work() as session:
        session.add(Setting(key="half_written", value=1, updated_by="test"))
        session.flush()
        raise RuntimeError("boom")
    with db.unit_of_work(write=False) as session:
        assert session.get(Setting, "half_written") is None


SELECT_TWO = {"sqlite": "SELECT ?, ?", "postgresql": "SELECT %s, %s"}
NO_TABLE = {b: "SELECT * FROM no_such_table_here" for b in ("sqlite", "postgresql")}


def test_plain_rows_read_on_the_drivers_cursor_and_fail_as_sqlalchemy_errors(db) -> None:
    # The search keystroke and the session check run here: the values come as the driver gives
    # them, and a failure is SQLAlchemy's DBAPIError, so the callers' handling of database
    # errors (the task runner's messages) is the same as through a Session.
    assert db.plain_rows(SELECT_TWO, (1, "Ione")) == [(1, "Ione")]
    with pytest.raises(sa.exc.DBAPIError) as failed:
        db.plain_rows(NO_TABLE, ())
    assert "no_such_table_here" in str(failed.value)
    assert db.plain_rows(SELECT_TWO, (2, "Vane")) == [(2, "Vane")]  # the pool is still good


@pytest.mark.pg
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_plain_rows_drop_a_connection_the_server_ended(db) -> None:
    # The server ends every connection of ours in the pool: the next plain read fails once as a
    # SQLAlchemy error and its connection leaves the pool; the read after it works.
    db.plain_rows(SELECT_TWO, (1, "a"))
    pid = db.plain_rows({"postgresql": "SELECT pg_backend_pid()"}, ())[0][0]
    other = Database(db.url)
    try:
        with other.engine.connect() as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid})
    finally:
        other.dispose()
    for _ in range(2):
        try:
            assert db.plain_rows(SELECT_TWO, (3, "b")) == [(3, "b")]
            break
        except sa.exc.DBAPIError as exc:
            assert exc.connection_invalidated
    assert db.plain_rows({"postgresql": "SELECT pg_backend_pid()"}, ())[0][0] != pid
