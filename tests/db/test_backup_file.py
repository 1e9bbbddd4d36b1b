"""SQLite backups: online backup API while the database is in use, checksum, refusal of damaged
or truncated files before the current database is touched, and pruning."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from divert_desktop.persistence.backup import (
    BackupError,
    backup_name,
    manifest_path,
    online_backup,
    prune_backups,
    restore_backup,
    verify_backup,
)
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.engine import sqlite_path


def _people(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM venues").fetchone()[0]


def test_backup_of_a_live_database_has_every_row_and_a_checksum(
    sqlite_db: Database, tmp_path: Path
) -> None:
    source = sqlite_path(sqlite_db.url)
    assert source is not None
    with sqlite_db.unit_of_work() as session:  # a change still in the WAL, not yet checkpointed
        session.execute(
            __import__("sqlalchemy").text(
                "INSERT INTO venues (name, local_authority, capacity, active, version) "
                "VALUES ('Test hub', 'Dudley', 2, 1, 1)"
            )
        )
    dest = tmp_path / "backups" / backup_name("manual", datetime(2026, 12, 1, 9, 30))
    seen: list[tuple[int, int]] = []
    made = online_backup(source, dest, progress=lambda done, total, _t: seen.append((done, total)))
    assert dest.is_file() and manifest_path(dest).is_file()
    assert made.schema_revision is not None and len(made.sha256) == 64
    assert _people(dest) == 8  # seven hubs + the one added
    assert seen and seen[-1][0] == seen[-1][1]
    assert verify_backup(dest).sha256 == made.sha256


def test_a_truncated_backup_is_refused_and_the_database_is_untouched(
    sqlite_db: Database, tmp_path: Path
) -> None:
    source = sqlite_path(sqlite_db.url)
    assert source is not None
    dest = online_backup(source, tmp_path / "b.sqlite3").path
    data = dest.read_bytes()
    dest.write_bytes(data[: len(data) // 2])
    before = source.read_bytes()
    with pytest.raises(BackupError, match="damaged or incomplete"):
        restore_backup(dest, source)
    assert source.read_bytes() == before


def test_a_backup_with_matching_checksum_but_corrupt_pages_fails_the_integrity_check(
    sqlite_db: Database, tmp_path: Path
) -> None:
    source = sqlite_path(sqlite_db.url)
    assert source is not None
    dest = online_backup(source, tmp_path / "b.sqlite3").path
    raw = bytearray(dest.read_bytes())
    page = int.from_bytes(raw[16:18], "big")
    for start in range(page, len(raw), page):  # scribble over every b-tree page header
        raw[start : start + 12] = b"\x5a" * 12
    dest.write_bytes(bytes(raw))
    import hashlib
    import json

    manifest = json.loads(manifest_path(dest).read_text())
    manifest["sha256"] = hashlib.sha256(bytes(raw)).hexdigest()
    manifest_path(dest).write_text(json.dumps(manifest))
    with pytest.raises(BackupError):
        verify_backup(dest)


def test_a_file_without_its_checksum_is_refused(tmp_path: Path) -> None:
    stray = tmp_path / "stray.sqlite3"
    sqlite3.connect(stray).close()
    with pytest.raises(BackupError, match="checksum"):
        verify_backup(stray)


def test_restore_puts_the_backup_in_place(sqlite_db: Database, tmp_path: Path) -> None:
    import sqlalchemy as sa

    source = sqlite_path(sqlite_db.url)
    assert source is not None
    dest = online_backup(source, tmp_path / "b.sqlite3").path
    with sqlite_db.unit_of_work() as session:
        session.execute(sa.text("DELETE FROM venues WHERE name = 'Dudley'"))
    sqlite_db.dispose()
    restore_backup(dest, source)
    assert _people(source) == 7


def test_prune_keeps_the_newest(tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    start = datetime(2026, 12, 1, 9, 0, 0)
    for i in range(5):
        path = tmp_path / backup_name("daily", start + timedelta(days=i))
        path.write_bytes(b"x")
        manifest_path(path).write_text("{}")
    removed = prune_backups(tmp_path, "daily", keep=2)
    assert len(removed) == 3
    left = sorted(p.name for p in tmp_path.glob("daily-*.sqlite3"))
    assert left == ["daily-20261204-090000.sqlite3", "daily-20261205-090000.sqlite3"]
    assert not manifest_path(removed[0]).exists()


def test_restore_is_refused_while_another_program_reads_the_database(
    sqlite_db: Database, tmp_path: Path
) -> None:
    source = sqlite_path(sqlite_db.url)
    assert source is not None
    dest = online_backup(source, tmp_path / "b.sqlite3").path
    sqlite_db.dispose()
    reader = sqlite3.connect(source, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM venues").fetchone()  # holds a read snapshot
    writer = sqlite3.connect(source)
    writer.execute("UPDATE venues SET capacity = 9 WHERE name = 'Dudley'")
    writer.commit()
    writer.close()
    try:
        with pytest.raises(BackupError, match="still in use"):
            restore_backup(dest, source)
    finally:
        reader.close()
    with sqlite3.connect(source) as conn:  # the change made before is still there
        assert conn.execute("SELECT capacity FROM venues WHERE name = 'Dudley'").fetchone() == (9,)
