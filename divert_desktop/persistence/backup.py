"""SQLite backups: SQLite's online backup API (never a file copy), a checksum beside each backup,
and a restore that checks the file completely before the current database is touched."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from divert_desktop.clock import SystemClock
from divert_desktop.core.clock import Clock
from divert_desktop.core.errors import DivertError
from divert_desktop.private_files import (
    copy_private,
    create_private,
    private_folder,
    write_private_text,
)

MANIFEST_SUFFIX = ".sha256"
MANIFEST_AUDIT_KEY = "audit_checkpoint"
"""The manifest's copy of the audit checkpoint written into the backup (see ``audit_head``)."""
PAGES_PER_STEP = 256
"""Pages copied per backup step; other connections can write between steps."""

Progress = Callable[[int, int, str], None]


class BackupError(DivertError):
    """A backup could not be made, or a file offered for restore is not a sound backup."""


@dataclass(frozen=True)
class BackupFile:
    """A backup written to ``path`` with its checksum beside it (``path`` + ``.sha256``)."""

    path: Path
    sha256: str
    size: int
    created_at: datetime
    schema_revision: str | None


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + MANIFEST_SUFFIX)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def audit_head(connection: sqlite3.Connection, at: datetime) -> dict | None:
    """A checkpoint of the audit trail in ``connection`` (events, last id and hash, where
    keying starts), also inserted into its ``audit_checkpoints``; None before migration 0008."""
    try:
        chain = connection.execute(
            "SELECT installation_id, keyed_from FROM audit_chain ORDER BY id LIMIT 1"
        ).fetchone()
        count, top = connection.execute("SELECT count(*), max(id) FROM audit_events").fetchone()
    except sqlite3.DatabaseError:
        return None
    if chain is None:
        return None
    last = connection.execute("SELECT hash FROM audit_events WHERE id = ?", (top,)).fetchone()
    point = {
        "at": at.isoformat(),
        "reason": "backup",
        "installation_id": chain[0],
        "events": count,
        "head_id": top,
        "head_hash": last[0] if last else "0" * 64,
        "keyed_from": chain[1],
    }
    connection.execute(
        "INSERT INTO audit_checkpoints (at, reason, installation_id, events, head_id, head_hash, "
        "keyed_from) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (at.isoformat(sep=" "), "backup", chain[0], count, top, point["head_hash"], chain[1]),
    )
    connection.commit()
    return point


def online_backup(
    source: Path, dest: Path, *, progress: Progress | None = None, clock: Clock | None = None
) -> BackupFile:
    """Copy the live SQLite database at ``source`` into ``dest`` with the online backup API,
    write a checkpoint of its audit trail into the copy, then write the checksum file (with the
    checkpoint). The copy is made under a temporary name and renamed, so ``dest`` is either a
    whole backup or absent. Raises BackupError."""
    source, dest = Path(source), Path(dest)
    if not source.is_file():
        raise BackupError(f"There is no database file at {source} to back up.")
    private_folder(dest.parent, tighten=False)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)

    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total, "Backing up the database…")

    created = (clock or SystemClock()).utc_now().replace(microsecond=0)
    try:
        src = sqlite3.connect(source, timeout=30)
        try:
            out = sqlite3.connect(create_private(partial))  # 0600 before SQLite writes to it
            try:
                src.backup(out, pages=PAGES_PER_STEP, progress=step)
                out.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
                revision = _revision(out)
                checkpoint = audit_head(out, created)
            finally:
                out.close()
        finally:
            src.close()
        os.replace(partial, dest)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The backup could not be written to {dest}: {exc}.") from exc
    digest, size = file_sha256(dest), dest.stat().st_size
    manifest = {
        "sha256": digest,
        "size": size,
        "created_at": created.isoformat(),
        "schema_revision": revision,
        "file": dest.name,
    }
    if checkpoint is not None:
        manifest[MANIFEST_AUDIT_KEY] = checkpoint
    write_private_text(manifest_path(dest), json.dumps(manifest, indent=2) + "\n")
    return BackupFile(dest, digest, size, created, revision)


def read_manifest(path: Path) -> dict:
    """The checksum file written with a backup. Raises BackupError when it is missing or unreadable."""
    sidecar = manifest_path(Path(path))
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("sha256"), str):
            raise ValueError("no checksum")
        return data
    except (OSError, ValueError) as exc:
        raise BackupError(
            f"{Path(path).name} has no readable checksum file ({sidecar.name}), so it cannot be "
            "checked. Restore only backups made by DIVERT Desktop."
        ) from exc


def integrity_problem(path: Path) -> str | None:
    """SQLite's integrity check on ``path``: None when sound, else the first problem found."""
    return _check_file(path)[0]


def _check_file(path: Path) -> tuple[str | None, str | None]:
    """SQLite's integrity check on ``path`` (opened read-only) and the schema revision recorded
    in it: (None, revision) when sound, else (the first problem found, None)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
            revision = _revision(connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        return str(exc), None
    first = rows[0][0] if rows else "no result"
    if first != "ok":
        return first, None
    if revision is None:
        return "it is not a DIVERT Desktop database", None
    return None, revision


def verify_backup(path: Path) -> BackupFile:
    """Check a backup before it is used: the checksum written with it, then SQLite's integrity
    check on a temporary copy (the backup itself is never opened for writing). The schema
    revision returned is read from the file itself, never from its checksum file (which anyone
    can edit). Raises BackupError."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    manifest = read_manifest(path)
    if file_sha256(path) != manifest["sha256"]:
        raise BackupError(
            f"{path.name} is damaged or incomplete: it does not match the checksum written when it "
            "was made. Nothing was restored; choose another backup."
        )
    with tempfile.TemporaryDirectory(prefix="divert-verify-") as folder:
        copy = Path(folder) / "check.sqlite3"
        shutil.copyfile(path, copy)
        if file_sha256(copy) != manifest["sha256"]:  # changed since: check what was read
            raise BackupError(
                f"{path.name} changed while it was being checked. Nothing was restored; try again."
            )
        problem, revision = _check_file(copy)
    if problem is not None:
        raise BackupError(
            f"{path.name} failed SQLite's integrity check ({problem}). Nothing was restored; "
            "choose another backup."
        )
    created = datetime.fromisoformat(str(manifest.get("created_at") or "1970-01-01T00:00:00"))
    return BackupFile(path, manifest["sha256"], path.stat().st_size, created, revision)


def restore_backup(
    backup: Path, target: Path, *, verified: BackupFile | bool = False, held: bool = False
) -> None:
    """Replace the database file ``target`` with ``backup`` after checking the backup (unless the
    caller has just verified it: pass what ``verify_backup`` returned, and the copy put in place
    must match its checksum). The engine using ``target`` must be disposed first. Unless the
    caller already holds the database alone (``held``), it is taken alone here: raises
    DatabaseInUseError when another copy of the app or a command has it open. The new file is
    put in place with one rename, and stale WAL files of the old database are removed."""
    backup, target = Path(backup), Path(target)
    if not held:
        from divert_desktop.persistence.open_lock import exclusive_use

        with exclusive_use(target):
            restore_backup(backup, target, verified=verified, held=True)
        return
    checked = verified if isinstance(verified, BackupFile) else None
    if not verified:
        checked = verify_backup(backup)
    private_folder(target.parent, tighten=False)
    incoming = target.with_name(target.name + ".restoring")
    try:
        copy_private(backup, incoming)
        if checked is not None and file_sha256(incoming) != checked.sha256:
            incoming.unlink(missing_ok=True)
            raise BackupError(
                f"{backup.name} changed after it was checked. Nothing was restored; try again."
            )
        if target.exists():
            # Fold the write-ahead log into the file first: if the rename below fails, the
            # current database is still whole; after it, its old log must not be replayed.
            _checkpoint(target)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(incoming, target)
    except OSError as exc:
        incoming.unlink(missing_ok=True)
        raise BackupError(f"The backup could not be restored to {target}: {exc}.") from exc


def _checkpoint(path: Path) -> None:
    """Write every committed change in ``path``'s WAL into the file and empty the WAL. Raises
    BackupError when another program still has the database open (it would keep writing)."""
    try:
        connection = sqlite3.connect(path, timeout=5)
        try:
            busy, _log, _done = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise BackupError(
            f"The current database could not be prepared for the restore: {exc}."
        ) from exc
    if busy:
        raise BackupError(
            "The database is still in use by another program or window. Close DIVERT Desktop "
            "everywhere else on this computer, then restore again."
        )


def backup_name(prefix: str, when: datetime) -> str:
    """A sortable file name such as ``daily-20261201-093000.sqlite3`` (``when``: local time)."""
    stamp = when.strftime("%Y%m%d-%H%M%S")
    return f"{prefix}-{stamp}.sqlite3"


def prune_backups(folder: Path, prefix: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups named ``prefix-*.sqlite3`` (with their checksum
    files); returns the files removed."""
    backups = sorted(Path(folder).glob(f"{prefix}-*.sqlite3"))
    removed = backups[: max(len(backups) - max(keep, 0), 0)]
    for path in removed:
        path.unlink(missing_ok=True)
        manifest_path(path).unlink(missing_ok=True)
    return removed
