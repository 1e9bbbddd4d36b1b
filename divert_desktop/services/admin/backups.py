"""Backups of the SQLite database (on demand, daily at first start, kept to the last N) and a
restore that checks the file first; for PostgreSQL, the documented pg_dump procedure."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_date, format_time
from divert_desktop.paths import backup_dir
from divert_desktop.persistence import backup as files
from divert_desktop.persistence.backup import BackupError, BackupFile
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.engine import sqlite_path
from divert_desktop.services.admin import settings as settings_service
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor, system_actor

Progress = Callable[[int, int, str], None]
KINDS = {
    "daily": "Daily",
    "manual": "Made by hand",
    "before-restore": "Before a restore",
    "before-upgrade": "Before an upgrade",
}
_STAMP = re.compile(r"^(?P<kind>[a-z-]+)-(?P<stamp>\d{8}-\d{6})\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    """A backup file in the backups folder (``made_at`` local time, from its name)."""

    path: Path
    name: str
    kind: str
    kind_text: str
    made_at: datetime
    made_text: str
    size_text: str
    has_checksum: bool


@dataclass(frozen=True)
class RestoreResult:
    backup: BackupFile
    safety_copy: Path | None
    """The database as it was just before the restore (to undo a mistaken restore)."""


def default_folder() -> Path:
    """``backups`` in the user data folder (0700: only its owner can read it)."""
    return backup_dir()


def _folder(folder: Path | str | None) -> Path:
    return Path(folder) if folder else default_folder()


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(n, 1) / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _info(path: Path) -> BackupInfo | None:
    match = _STAMP.match(path.name)
    if match is None:
        return None
    made = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
    kind = match["kind"]
    return BackupInfo(
        path,
        path.name,
        kind,
        KINDS.get(kind, kind.replace("-", " ").capitalize()),
        made,
        f"{format_date(made.date())} {format_time(made)}",
        _size(path.stat().st_size),
        files.manifest_path(path).is_file(),
    )


def list_backups(folder: Path | str | None = None) -> list[BackupInfo]:
    """The backups in the folder, newest first (files only: runs on the io lane)."""
    where = _folder(folder)
    if not where.is_dir():
        return []
    found = [info for p in where.glob("*.sqlite3") if (info := _info(p)) is not None]
    return sorted(found, key=lambda b: (b.made_at, b.name), reverse=True)


def _source(db: Database) -> Path:
    path = sqlite_path(db.url)
    if path is None:
        raise BackupError(
            "This database is on a PostgreSQL server: its administrator backs it up with "
            "pg_dump (see Admin > Backups)."
        )
    return path


def _keep(db: Database) -> int:
    with db.unit_of_work(write=False) as session:
        return max(int(settings_service.read(session, "backups_keep") or 14), 1)


def _make(
    db: Database, actor: Actor, dest: Path, kind: str, progress: Progress | None
) -> BackupFile:
    made = files.online_backup(_source(db), dest, progress=progress, clock=db.clock)
    with db.unit_of_work() as session:
        record(
            session,
            actor,
            AuditEntry(
                "backup.create",
                "database",
                None,
                None,
                {"file": str(dest), "kind": kind, "sha256": made.sha256, "size": made.size},
            ),
        )
    return made


@announces(Kind.BACKUPS)
def backup_now(
    db: Database,
    actor: Actor,
    folder: Path | str | None = None,
    *,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> BackupInfo:
    """Back up the SQLite database into the folder with the online backup API (the app keeps
    working meanwhile), keep the newest ``backups_keep`` of the hand-made ones, and audit it.
    Raises PermissionDenied and BackupError (PostgreSQL, or the file cannot be written)."""
    actor.require(Action.MANAGE_DATABASE)
    where = _folder(folder)
    dest = where / files.backup_name("manual", now or db.clock.now())
    _make(db, actor, dest, "manual", progress)
    files.prune_backups(where, "manual", _keep(db))
    info = _info(dest)
    assert info is not None
    return info


def backup_to(
    db: Database,
    actor: Actor,
    dest: Path | str,
    *,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> BackupFile:
    """Back up to a chosen file (the command line's ``backup --out FILE``), with its checksum
    file beside it. ``dest`` may be a folder instead (one that exists, or a path ending in
    ``/``): the backup goes inside it with the usual name, ``manual-YYYYMMDD-HHMMSS.sqlite3``.
    Raises PermissionDenied and BackupError."""
    actor.require(Action.MANAGE_DATABASE)
    return _make(db, actor, backup_target(dest, now or db.clock.now()), "file", progress)


def backup_target(dest: Path | str, now: datetime) -> Path:
    """The backup file for ``dest``: itself, or the usual name inside it when it is a folder."""
    text = str(dest)
    path = Path(dest).expanduser()
    if path.is_dir() or text.endswith(("/", "\\")):
        return path / files.backup_name("manual", now)
    return path


def daily_backup_if_due(
    db: Database,
    folder: Path | str | None = None,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> BackupInfo | None:
    """At the first start of the day on this computer: a ``daily-*`` backup unless one was
    made today, keeping the newest ``backups_keep`` (14 by default). Nothing for PostgreSQL.
    Returns the new backup, or None."""
    if sqlite_path(db.url) is None or not _source(db).is_file():
        return None
    now = now or db.clock.now()
    where = _folder(folder)
    newest = next((b for b in list_backups(where) if b.kind == "daily"), None)
    if newest is not None and newest.made_at.date() >= now.date():
        return None
    dest = where / files.backup_name("daily", now)
    _make(db, system_actor(), dest, "daily", progress)
    files.prune_backups(where, "daily", _keep(db))
    return _info(dest)


def check_backup(path: Path | str) -> BackupFile:
    """Check a backup before offering to restore it: the checksum written with it, SQLite's
    integrity check on a copy, and a schema this version of the app knows (the revision read
    from the backup itself, not from its checksum file). Raises BackupError."""
    from divert_desktop.persistence.migrate import KNOWN_REVISIONS

    made = files.verify_backup(Path(path))
    assert made.schema_revision is not None  # verify_backup refuses a file without one
    if made.schema_revision not in KNOWN_REVISIONS:
        raise BackupError(
            f"{Path(path).name} was made by a newer version of DIVERT Desktop (schema "
            f"{made.schema_revision}). Install that version to restore it; nothing was "
            "restored."
        )
    return made


@announces(*Kind)  # everything comes back as it was in the backup
def restore(
    db: Database,
    actor: Actor,
    path: Path | str,
    *,
    folder: Path | str | None = None,
    now: datetime | None = None,
) -> RestoreResult:
    """Replace the SQLite database with a backup (Action.MANAGE_DATABASE). The backup is checked
    first, so a damaged file or one from a newer version is refused before the current database
    is touched; so is a restore while another copy of the app or a command has the database
    open (this copy's own hold does not count). Then the current database is copied aside
    (``before-restore-*``), the engine disposed, the file put in place, its schema upgraded if
    older, and the restore audited in the restored database. Everyone must sign in again
    afterwards. Raises PermissionDenied, DatabaseInUseError and BackupError."""
    actor.require(Action.MANAGE_DATABASE)
    target = _source(db)
    made = check_backup(path)
    keep = _keep(db) if target.is_file() else 1
    safety = None
    with db.exclusive_use():
        if target.is_file():
            safety = _folder(folder) / files.backup_name("before-restore", now or db.clock.now())
            files.online_backup(target, safety, clock=db.clock)
            files.prune_backups(safety.parent, "before-restore", keep)
        db.dispose()
        files.restore_backup(Path(path), target, verified=made, held=True)
        db.dispose()
        from divert_desktop.persistence.migrate import upgrade

        upgrade(db.engine)
        with db.unit_of_work() as session:
            record(
                session,
                actor,
                AuditEntry(
                    "backup.restore",
                    "database",
                    None,
                    None,
                    {
                        "file": str(path),
                        "sha256": made.sha256,
                        "made_at": made.created_at.isoformat(),
                        "schema_revision": made.schema_revision,
                        "safety_copy": str(safety) if safety else None,
                    },
                ),
            )
    return RestoreResult(made, safety)


def pg_procedure(db: Database, today: date | None = None) -> str:
    """The documented backup and restore procedure for a PostgreSQL database, with this
    database's host, port, database and user filled in (never a password)."""
    url = make_url(db.url)
    host, port = url.host or "localhost", url.port or 5432
    user, name = url.username or "postgres", url.database or "divert"
    stamp = (today or db.clock.today()).strftime("%Y%m%d")
    conn = f"--host={host} --port={port} --username={user}"
    return (
        "The shared PostgreSQL database is backed up on the server by its administrator, with "
        "PostgreSQL's own tools (run them where the client tools are installed; each asks for the "
        "password, or reads it from the administrator's ~/.pgpass: never type it on the "
        "command line).\n\n"
        "Back up (every night, and before any upgrade):\n\n"
        f"  pg_dump {conn} --format=custom --file=divert-{stamp}.dump {name}\n\n"
        "Check a backup can be read:\n\n"
        f"  pg_restore --list divert-{stamp}.dump\n\n"
        "Restore into a new, empty database (ask everyone to close DIVERT Desktop first), then "
        "point the workstations at it:\n\n"
        f"  createdb {conn} {name}_restored\n"
        f"  pg_restore {conn} --dbname={name}_restored --no-owner divert-{stamp}.dump\n\n"
        "Keep the dump files somewhere safe and encrypted: they hold everyone's records. The "
        "audit trail refuses changes, so restore into a new database rather than over this one."
    )
