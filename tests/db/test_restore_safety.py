"""A restore is safe: refused while another copy of the app (or a command) has the database open;
an open copy whose file was replaced refuses to save and ends its session; the schema revision of
a backup is read from the file itself, and a backup from a newer version changes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import Role
from divert_desktop.core.errors import (
    DatabaseInUseError,
    DatabaseLocationError,
    DatabaseReplacedError,
    DivertError,
    SessionEndedError,
)
from divert_desktop.persistence.backup import BackupError, manifest_path, online_backup
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.engine import sqlite_path
from divert_desktop.persistence.migrate import head_revision
from divert_desktop.persistence.models import Venue
from divert_desktop.persistence.open_lock import OpenLock
from divert_desktop.services.admin import backups
from divert_desktop.services.admin.settings import update_settings

MORNING = datetime(2026, 12, 3, 8, 30)
ROOT = Path(__file__).resolve().parents[2]

OTHER_COPY = """
import sys
import sqlalchemy as sa
from divert_desktop.persistence.database import Database
db = Database(sys.argv[1])
with db.unit_of_work(write=False) as s:
    s.execute(sa.text("SELECT count(*) FROM venues")).scalar()
print("open", flush=True)
sys.stdin.readline()
with db.unit_of_work() as s:
    s.execute(sa.text("UPDATE venues SET capacity = 55 WHERE name = 'Dudley'"))
print("saved", flush=True)
db.dispose()
"""


def _files(source: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in source.parent.glob(f"{source.name}*")}


def _capacity(source: Path) -> int:
    with sqlite3.connect(source) as conn:
        return conn.execute("SELECT capacity FROM venues WHERE name = 'Dudley'").fetchone()[0]


def _venues(db: Database) -> set[str]:
    with db.unit_of_work(write=False) as s:
        return set(s.execute(sa.select(Venue.name)).scalars())


@pytest.fixture
def other_copy(sqlite_db: Database) -> Iterator[subprocess.Popen[str]]:
    """Another process with the database open (as a second copy of the app would have)."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", OTHER_COPY, sqlite_db.url],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
    yield proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_restore_is_refused_while_another_copy_has_the_database_open(
    sqlite_db: Database, make_actor, tmp_path: Path, other_copy: subprocess.Popen[str]
) -> None:
    admin = make_actor(sqlite_db, Role.ADMINISTRATOR)
    made = backups.backup_now(sqlite_db, admin, tmp_path, now=MORNING)
    source = sqlite_path(sqlite_db.url)
    assert source is not None
    with pytest.raises(DatabaseInUseError, match="open in another copy of DIVERT Desktop"):
        backups.restore(sqlite_db, admin, made.path, folder=tmp_path)
    assert [b.kind for b in backups.list_backups(tmp_path)] == ["manual"]  # no safety copy
    out, _ = other_copy.communicate("go\n", timeout=60)  # the other copy saves afterwards
    assert out.strip() == "saved" and other_copy.returncode == 0
    assert _capacity(source) == 55  # and its save reached the disk


def test_restore_is_refused_while_another_database_object_has_it_open(
    sqlite_db: Database, make_actor, tmp_path: Path
) -> None:
    admin = make_actor(sqlite_db, Role.ADMINISTRATOR)
    made = backups.backup_now(sqlite_db, admin, tmp_path, now=MORNING)
    other = Database(sqlite_db.url)
    try:
        assert "Dudley" in _venues(other)
        with pytest.raises(DivertError, match="Close it and try again"):
            backups.restore(sqlite_db, admin, made.path, folder=tmp_path)
        other.dispose()  # closed there: now it goes ahead (the app's own copy does not count)
        backups.restore(sqlite_db, admin, made.path, folder=tmp_path)
        assert "Dudley" in _venues(sqlite_db)
    finally:
        other.dispose()


def test_an_open_copy_whose_file_was_replaced_refuses_to_save_and_ends_the_session(
    sqlite_db: Database, make_actor, tmp_path: Path
) -> None:
    admin = make_actor(sqlite_db, Role.ADMINISTRATOR)
    source = sqlite_path(sqlite_db.url)
    assert source is not None
    copy = online_backup(source, tmp_path / "copy.sqlite3").path
    assert "Dudley" in _venues(sqlite_db)  # this copy has the file open
    # replaced by hand, behind the app's back (a restore would wait for it to be closed)
    incoming = tmp_path / "incoming.sqlite3"
    shutil.copyfile(copy, incoming)
    os.replace(incoming, source)
    with pytest.raises(DatabaseReplacedError, match="replaced") as raised:
        with sqlite_db.unit_of_work() as s:
            s.execute(sa.delete(Venue).where(Venue.name == "Dudley"))
    assert isinstance(raised.value, SessionEndedError)  # the window signs its user out
    with sqlite3.connect(source) as conn:  # nothing was written to the new file
        assert conn.execute("SELECT count(*) FROM venues WHERE name = 'Dudley'").fetchone()[0] == 1
    # after signing in again, the app works on the file now in place
    update_settings(sqlite_db, admin, {"backups_keep": 3})
    with sqlite3.connect(source) as conn:
        assert conn.execute("SELECT count(*) FROM settings").fetchone()[0] >= 1


def test_a_save_under_way_when_the_file_is_replaced_is_not_written(
    sqlite_db: Database, tmp_path: Path
) -> None:
    source = sqlite_path(sqlite_db.url)
    assert source is not None
    copy = online_backup(source, tmp_path / "copy.sqlite3").path
    with pytest.raises(DatabaseReplacedError):
        with sqlite_db.unit_of_work() as s:
            s.execute(sa.select(Venue.name)).all()
            incoming = tmp_path / "incoming.sqlite3"
            shutil.copyfile(copy, incoming)
            os.replace(incoming, source)
            s.execute(sa.delete(Venue).where(Venue.name == "Dudley"))
    sqlite_db.dispose()
    with sqlite3.connect(source) as conn:
        assert conn.execute("SELECT count(*) FROM venues WHERE name = 'Dudley'").fetchone()[0] == 1


def test_single_reads_notice_a_replaced_file_too(sqlite_db: Database, tmp_path: Path) -> None:
    source = sqlite_path(sqlite_db.url)
    assert source is not None
    copy = online_backup(source, tmp_path / "copy.sqlite3").path
    with sqlite_db.plain_reads.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM venues")).scalar() == 7
    incoming = tmp_path / "incoming.sqlite3"
    shutil.copyfile(copy, incoming)
    os.replace(incoming, source)
    with pytest.raises(DatabaseReplacedError):
        sqlite_db.plain_reads.connect()
    with sqlite_db.plain_reads.connect() as conn:  # signed in again: the file now in place
        assert conn.execute(sa.text("SELECT count(*) FROM venues")).scalar() == 7


def _stamp(path: Path, revision: str, *, sidecar_revision: str | None) -> None:
    """Write ``revision`` into the backup itself; the sidecar keeps a matching checksum but
    claims ``sidecar_revision``."""
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.close()
    manifest = json.loads(manifest_path(path).read_text())
    manifest["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest["schema_revision"] = sidecar_revision
    manifest_path(path).write_text(json.dumps(manifest))


@pytest.mark.parametrize("sidecar", ["head", None])
def test_a_backup_from_a_newer_version_is_refused_whatever_its_sidecar_says(
    sqlite_db: Database, make_actor, tmp_path: Path, sidecar: str | None
) -> None:
    admin = make_actor(sqlite_db, Role.ADMINISTRATOR)
    made = backups.backup_now(sqlite_db, admin, tmp_path, now=MORNING)
    _stamp(made.path, "9999future", sidecar_revision=head_revision() if sidecar else None)
    source = sqlite_path(sqlite_db.url)
    assert source is not None
    sqlite_db.dispose()
    before = _files(source)
    with pytest.raises(BackupError, match="newer version"):
        backups.check_backup(made.path)
    with pytest.raises(BackupError, match="newer version"):
        backups.restore(sqlite_db, admin, made.path, folder=tmp_path)
    sqlite_db.dispose()
    assert _files(source) == before  # byte for byte
    assert [b.kind for b in backups.list_backups(tmp_path)] == ["manual"]


def test_the_revision_of_a_backup_is_read_from_the_file_not_its_sidecar(
    sqlite_db: Database, make_actor, tmp_path: Path
) -> None:
    admin = make_actor(sqlite_db, Role.ADMINISTRATOR)
    made = backups.backup_now(sqlite_db, admin, tmp_path, now=MORNING)
    _stamp(made.path, head_revision(), sidecar_revision="9999future")
    assert backups.check_backup(made.path).schema_revision == head_revision()


def test_opening_waits_for_a_restore_under_way_and_shares_the_file_again_after(
    tmp_path: Path,
) -> None:
    path = tmp_path / "d.sqlite3"
    restoring, opening = OpenLock(path), OpenLock(path)
    restoring.hold_shared()
    with restoring.exclusive():  # its own shared hold does not count
        with pytest.raises(DatabaseLocationError, match="being replaced by a restore"):
            opening.hold_shared(wait=0.2)
    opening.hold_shared(wait=0.2)  # afterwards both have it open
    assert restoring.held and opening.held
    with pytest.raises(DatabaseInUseError):
        with restoring.exclusive():
            pass
    assert restoring.held  # refused: still open here
    opening.release()
    with restoring.exclusive():
        pass
    restoring.release()
    assert not restoring.held
