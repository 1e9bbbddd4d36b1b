"""The backups service: on demand and daily (kept to the last N), restore after checking the
file (a damaged one leaves the database untouched), and PostgreSQL's documented procedure."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import Role
from divert_desktop.core.errors import PermissionDenied
from divert_desktop.persistence.backup import BackupError, manifest_path
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.engine import sqlite_path
from divert_desktop.persistence.models import AuditEvent, Venue
from divert_desktop.services.admin import backups
from divert_desktop.services.admin.settings import update_settings
from divert_desktop.services.audit.trail import verify_chain

MORNING = datetime(2026, 12, 3, 8, 30)


def _venues(db: Database) -> set[str]:
    with db.unit_of_work(write=False) as s:
        return set(s.execute(sa.select(Venue.name)).scalars())


def _actions(db: Database) -> list[str]:
    with db.unit_of_work(write=False) as s:
        return list(s.execute(sa.select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def test_backup_now_writes_a_checked_file_audits_it_and_keeps_the_last_n(
    sqlite_db: Database, make_actor, tmp_path: Path
) -> None:
    admin = make_actor(sqlite_db, Role.ADMINISTRATOR)
    update_settings(sqlite_db, admin, {"backups_keep": 2})
    made = [
        backups.backup_now(sqlite_db, admin, tmp_path, now=MORNING + timedelta(minutes=i))
        for i in range(3)
    ]
    listed = backups.list_backups(tmp_path)
    assert [b.name for b in listed] == [made[2].name, made[1].name]
    assert listed[0].kind_text == "Made by hand" and listed[0].has_checksum
    assert listed[0].made_text == "Thu 3 Dec 2026 08:32"
    assert backups.check_backup(listed[0].path).schema_revision is not None
    assert _actions(sqlite_db).count("backup.create") == 3


def test_daily_backup_once_a_day(sqlite_db: Database, make_actor, tmp_path: Path) -> None:
    admin = make_actor(sqlite_db, Role.ADMINISTRATOR)
    update_settings(sqlite_db, admin, {"backups_keep": 2})
    first = backups.daily_backup_if_due(sqlite_db, tmp_path, now=MORNING)
    assert first is not None and first.name == "daily-20261203-083000.sqlite3"
    assert backups.daily_backup_if_due(sqlite_db, tmp_path, now=MORNING.replace(hour=17)) is None
    for day in (1, 2):
        assert backups.daily_backup_if_due(sqlite_db, tmp_path, now=MORNING + timedelta(day))
    assert [b.name for b in backups.list_backups(tmp_path)] == [
        "daily-20261205-083000.sqlite3",
        "daily-20261204-083000.sqlite3",
    ]
    with sqlite_db.unit_of_work(write=False) as s:
        users = set(
            s.execute(
                sa.select(AuditEvent.username).where(AuditEvent.action == "backup.create")
            ).scalars()
        )
    assert users == {"system"}


def test_restore_puts_the_backup_back_and_keeps_a_copy_of_what_was_there(
    sqlite_db: Database, make_actor, tmp_path: Path
) -> None:
    admin = make_actor(sqlite_db, Role.ADMINISTRATOR)
    made = backups.backup_now(sqlite_db, admin, tmp_path, now=MORNING)
    with sqlite_db.unit_of_work() as s:
        s.execute(sa.delete(Venue).where(Venue.name == "Dudley"))
    result = backups.restore(
        sqlite_db, admin, made.path, folder=tmp_path, now=MORNING + timedelta(hours=1)
    )
    assert "Dudley" in _venues(sqlite_db)  # the engine re-opened on the restored file
    assert result.safety_copy is not None and result.safety_copy.name.startswith("before-restore-")
    with sqlite3.connect(result.safety_copy) as conn:
        assert conn.execute("SELECT count(*) FROM venues WHERE name = 'Dudley'").fetchone()[0] == 0
    assert _actions(sqlite_db)[-1] == "backup.restore"
    with sqlite_db.unit_of_work(write=False) as s:
        assert verify_chain(s).ok


def test_a_damaged_backup_is_refused_and_the_database_is_untouched(
    sqlite_db: Database, make_actor, tmp_path: Path
) -> None:
    admin = make_actor(sqlite_db, Role.ADMINISTRATOR)
    made = backups.backup_now(sqlite_db, admin, tmp_path, now=MORNING)
    data = made.path.read_bytes()
    made.path.write_bytes(data[: len(data) // 3])
    source = sqlite_path(sqlite_db.url)
    assert source is not None
    sqlite_db.dispose()
    before = source.read_bytes()
    with pytest.raises(BackupError, match="damaged or incomplete"):
        backups.restore(sqlite_db, admin, made.path, folder=tmp_path)
    assert source.read_bytes() == before
    assert [b.kind for b in backups.list_backups(tmp_path)] == ["manual"]  # no safety copy made


def test_a_backup_from_a_newer_app_is_refused(
    sqlite_db: Database, make_actor, tmp_path: Path
) -> None:
    admin = make_actor(sqlite_db, Role.ADMINISTRATOR)
    made = backups.backup_now(sqlite_db, admin, tmp_path, now=MORNING)
    with sqlite3.connect(made.path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    manifest = json.loads(manifest_path(made.path).read_text())
    manifest["sha256"] = hashlib.sha256(made.path.read_bytes()).hexdigest()
    manifest["schema_revision"] = "9999"
    manifest_path(made.path).write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="newer version"):
        backups.check_backup(made.path)


def test_backups_are_for_administrators(sqlite_db: Database, make_actor, tmp_path: Path) -> None:
    tmp_path = tmp_path / "backups"
    for role in (Role.MANAGER, Role.CASEWORKER, Role.RECEPTIONIST):
        actor = make_actor(sqlite_db, role)
        with pytest.raises(PermissionDenied):
            backups.backup_now(sqlite_db, actor, tmp_path)
        with pytest.raises(PermissionDenied):
            backups.restore(sqlite_db, actor, tmp_path / "x.sqlite3")
    assert not tmp_path.exists()


def test_postgresql_is_backed_up_with_pg_dump(db: Database, make_actor, tmp_path: Path) -> None:
    admin = make_actor(db, Role.ADMINISTRATOR)
    if db.is_sqlite:
        assert backups.daily_backup_if_due(db, tmp_path, now=MORNING) is not None
        return
    with pytest.raises(BackupError, match="pg_dump"):
        backups.backup_now(db, admin, tmp_path)
    assert backups.daily_backup_if_due(db, tmp_path) is None
    with_password = Database(db.url.replace("postgres@", "postgres:s3cret@"))
    text = backups.pg_procedure(with_password)
    with_password.dispose()
    url = sa.engine.make_url(db.url)
    assert f"pg_dump --host={url.host} --port={url.port} --username={url.username}" in text
    assert "--format=custom --file=divert-" in text and f" {url.database}\n" in text
    assert f"pg_restore --host={url.host}" in text and "s3cret" not in text
