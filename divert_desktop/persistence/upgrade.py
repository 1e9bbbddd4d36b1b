"""The start-up upgrade: back up an older database, migrate it, and put it back if that fails."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection

from divert_desktop.core.errors import DatabaseInUseError, DivertError
from divert_desktop.persistence.backup import (
    BackupError,
    BackupFile,
    backup_name,
    online_backup,
    prune_backups,
    restore_backup,
)
from divert_desktop.persistence.backup import verify_backup as _verify
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.engine import sqlite_path
from divert_desktop.persistence.migrate import (
    LOCK_POLL_SECONDS,
    Progress,
    SchemaError,
    check_not_newer,
    current_revision,
    head_revision,
    revision_of,
    upgrade,
)
from divert_desktop.persistence.server_roles import administrator_logins

log = logging.getLogger(__name__)

BACKUP_PREFIX = "before-upgrade"
UPGRADE_BACKUPS_KEPT = 5
"""Backups taken before upgrades that are kept (older ones are deleted after an upgrade)."""
PG_BACKUP_ADVICE = (
    "Before the shared database is upgraded, ask the server's administrator to make a copy of it "
    "with pg_dump. If the upgrade fails it is undone completely."
)


class UpgradeFailed(SchemaError):
    """The upgrade failed and was undone. ``restored``: the SQLite file was put back from
    ``backup``; on PostgreSQL the transaction was rolled back (``backup`` is None)."""

    def __init__(self, message: str, *, restored: bool, backup: Path | None = None) -> None:
        super().__init__(message)
        self.restored = restored
        self.backup = backup


@dataclass(frozen=True)
class UpgradePlan:
    """What starting this version on the database will do."""

    current: str | None
    head: str
    shared: bool
    administrators_with_login: tuple[str, ...] = ()
    administrators_without_login: tuple[str, ...] = ()
    """On a shared server: the active administrator accounts that can (and cannot yet) sign
    in as their own login."""

    @property
    def needs_upgrade(self) -> bool:
        return self.current != self.head

    @property
    def needs_confirmation(self) -> bool:
        """An existing shared database is about to be upgraded: ask first (no file backup)."""
        return self.shared and self.current is not None and self.needs_upgrade

    @property
    def needs_administrator_login(self) -> bool:
        """A shared database whose accounts exist but no administrator can sign in as their own
        login (one made before revision 0010, or upgraded without one being given): the first
        administrator is given their login during the upgrade."""
        return self.shared and self.current is not None and not self.administrators_with_login


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None
    upgraded_here: bool
    """True when this call ran migrations on an existing database."""

    @property
    def message(self) -> str:
        """A sentence for the status bar or the terminal; empty when there is nothing to say."""
        if not self.upgraded_here:
            return ""
        text = f"The database was upgraded from schema {self.from_revision} to {self.to_revision}."
        if self.backup is not None:
            text += f" A copy of it as it was is kept at {self.backup}."
        return text


def plan_upgrade(db: Database) -> UpgradePlan:
    """Read the database's schema revision. Raises SchemaError for a database made by a newer
    version of the app (nothing is changed) and OperationalError when it cannot be reached."""
    check_not_newer(db.engine)
    if db.is_sqlite:
        return UpgradePlan(current_revision(db.engine), head_revision(), False)
    with db.engine.connect() as conn:
        current = revision_of(conn)
        with_login, without = administrator_logins(conn) if current else ((), ())
    return UpgradePlan(current, head_revision(), True, with_login, without)


def has_staff_accounts(db: Database) -> bool:
    """Whether any staff account exists (none: the administrator must be created first). One
    plain query, so the start-up path needs neither the ORM nor the accounts service."""
    with db.plain_reads.connect() as conn:
        return conn.execute(text("SELECT 1 FROM staff_users LIMIT 1")).first() is not None


def _reason(exc: BaseException) -> str:
    """The first line of a database error (never the SQL parameters, which may hold data)."""
    origin = getattr(exc, "orig", None) or exc
    first = (str(origin).strip().splitlines() or [""])[0][:200]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def upgrade_safely(
    db: Database,
    backup_folder: Path | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    on_upgraded: Callable[[Connection], None] | None = None,
    poll_seconds: float = LOCK_POLL_SECONDS,
) -> UpgradeResult:
    """Create or upgrade the schema the way the app does at every start.

    An existing SQLite database is first copied with the online backup API into
    ``backup_folder`` (default: ``backups`` in the user data folder) and the copy checked; the
    whole upgrade is one transaction; if it fails the file is put back from that copy. On
    PostgreSQL the transaction is the safety net and other workstations wait for the lock.
    ``on_upgraded(conn)`` runs in the upgrade's transaction after the migrations (also when
    the schema was already up to date, in a transaction of its own). Returns what happened. Raises SchemaError (database newer than this app: untouched),
    UpgradeCancelled, UpgradeFailed (undone, the message says what to do) and OperationalError
    (database unreachable).
    """
    check_not_newer(db.engine)
    before, head = current_revision(db.engine), head_revision()
    if before == head:
        if on_upgraded is not None:
            with db.engine.begin() as conn:
                on_upgraded(conn)
        return UpgradeResult(before, head, None, upgraded_here=False)
    path = sqlite_path(db.url) if db.is_sqlite else None
    if backup_folder is None:
        from divert_desktop.paths import backup_dir

        backup_folder = backup_dir()
    backup: BackupFile | None = None
    under_lock: list[str | None] = []
    refused: list[BaseException] = []

    def after_migrations(conn: Connection) -> None:
        assert on_upgraded is not None
        try:
            on_upgraded(conn)
        except DivertError as exc:  # refused (a weak password …): say just that
            refused.append(exc)
            raise

    def take_backup(conn: Connection) -> None:
        nonlocal backup
        revision = revision_of(conn)
        under_lock.append(revision)
        if revision is None or revision == head or path is None or not path.is_file():
            return
        dest = Path(backup_folder) / backup_name(f"{BACKUP_PREFIX}-{revision}", db.clock.now())
        made = online_backup(path, dest, progress=progress, clock=db.clock)
        backup = _verify(made.path)

    try:
        after = upgrade(
            db.engine,
            progress=progress,
            cancelled=cancelled,
            on_locked=take_backup,
            on_upgraded=after_migrations if on_upgraded is not None else None,
            poll_seconds=poll_seconds,
        )
    except BackupError as exc:
        raise UpgradeFailed(
            f"The database could not be backed up before the upgrade, so it was not upgraded "
            f"and nothing was changed. {exc} Make some space in {backup_folder} or ask your "
            "administrator, then start DIVERT Desktop again.",
            restored=False,
        ) from exc
    except Exception as exc:
        if refused and exc is refused[0]:
            raise UpgradeFailed(
                f"{exc} The upgrade was undone with it, so the database is as it was.",
                restored=False,
            ) from exc
        if isinstance(exc, SchemaError) and not under_lock:
            raise  # refused (newer database) or stopped waiting, before anything changed
        _log_failure(exc)
        raise _undo(db, exc, backup, path, before) from exc
    if backup is not None:  # a copy of every record: keep only the last few upgrades' copies
        prune_backups(Path(backup_folder), BACKUP_PREFIX, UPGRADE_BACKUPS_KEPT)
    return UpgradeResult(
        before,
        after,
        backup.path if backup else None,
        upgraded_here=bool(under_lock) and under_lock[0] not in (None, head),
    )


def _log_failure(exc: BaseException) -> None:
    stack = "\n".join(
        f"  {f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(exc.__traceback__)
    )
    log.error("Database upgrade failed with %s:\n%s", _reason(exc), stack)


def _undo(
    db: Database,
    exc: BaseException,
    backup: BackupFile | None,
    path: Path | None,
    before: str | None,
) -> UpgradeFailed:
    """Put the SQLite file back from its backup (the transaction was already rolled back)."""
    reason = _reason(exc)
    if before is None:
        return UpgradeFailed(
            f"DIVERT Desktop could not create its database ({reason}). Nothing was saved; "
            "tell your administrator.",
            restored=False,
        )
    if backup is None or path is None:
        return UpgradeFailed(
            f"DIVERT Desktop could not upgrade the shared database to this version ({reason}). "
            "The upgrade was undone completely, so the database is as it was, but this version "
            "cannot use it. Keep using the previous version and tell your administrator, who "
            "should keep a pg_dump copy of the database before it is tried again.",
            restored=False,
        )
    db.dispose()
    try:
        restore_backup(backup.path, path, verified=True)
    except (BackupError, DatabaseInUseError) as restore_exc:  # in use: it would lose saves
        log.error("Putting the backup back after a failed upgrade failed: %s", restore_exc)
        return UpgradeFailed(
            f"DIVERT Desktop could not upgrade the database ({reason}), and putting back the "
            f"copy made before the upgrade failed too ({restore_exc}). Do not use the database: "
            f"ask your administrator to restore {backup.path}.",
            restored=False,
            backup=backup.path,
        )
    return UpgradeFailed(
        f"DIVERT Desktop could not upgrade the database to this version ({reason}). The "
        f"database was put back exactly as it was from the copy made just before ({backup.path}), "
        "so nothing is lost, but this version cannot use it. Keep using the previous version "
        "and tell your administrator.",
        restored=True,
        backup=backup.path,
    )
