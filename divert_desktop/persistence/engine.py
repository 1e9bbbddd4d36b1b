"""Engines for SQLite (embedded default) and PostgreSQL (shared), with the settings each needs."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url

from divert_desktop.core.connection import ConnectionProfile
from divert_desktop.core.errors import DatabaseLocationError
from divert_desktop.private_files import create_private, make_private, private_folder

CLOCK_KEY = "divert_clock"
"""Where a Database keeps its clock: in each session's ``info`` and the engine's execution options."""

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "fuse.sshfs",
        "sshfs",
        "afs",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "9p",
        "davfs",
        "fuse.davfs2",
        "ncpfs",
        "lustre",
        "fuse.rclone",
        "fuse.s3fs",
    }
)


def _mount_type(path: Path, mounts_text: str) -> str | None:
    """The filesystem type of the longest mount point containing ``path`` in /proc/mounts text."""
    best, best_type = "", None
    target = str(path)
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1].replace("\\040", " ")
        prefix = mount_point.rstrip("/") + "/"
        if (target == mount_point or target.startswith(prefix) or mount_point == "/") and len(
            mount_point
        ) > len(best):
            best, best_type = mount_point, fields[2]
    return best_type


def is_network_path(
    path: Path, *, mounts_text: str | None = None, platform: str | None = None
) -> bool:
    """True when ``path`` is on a network share (UNC or mapped drive on Windows, NFS/SMB on Unix)."""
    platform = platform or sys.platform
    text = str(path)
    if platform.startswith("win"):
        if text.startswith(("\\\\", "//")):
            return True
        if mounts_text is None:
            try:  # pragma: no cover - Windows only
                import ctypes

                drive = os.path.splitdrive(os.path.abspath(text))[0] + "\\"
                # windll exists only on Windows; mypy checks for this platform, where it does not
                windll = ctypes.windll  # type: ignore[attr-defined]
                return windll.kernel32.GetDriveTypeW(drive) == 4  # DRIVE_REMOTE
            except Exception:  # pragma: no cover
                return False
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    fstype = _mount_type(Path(os.path.abspath(text)), mounts_text)
    return fstype in NETWORK_FILESYSTEMS


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever driver name the URL gives."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername != "postgresql+psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    return Path(parsed.database)


def make_engine(
    url: str, *, echo: bool = False, password: str | None = None, connect_timeout: int = 10
) -> Engine:
    """Build the engine. SQLite: WAL, foreign keys, busy timeout, ``BEGIN IMMEDIATE`` for writes.
    PostgreSQL: ``pool_pre_ping`` (a connection the server dropped is replaced before use),
    a connect timeout, and ``password`` handed to the driver only (never part of the URL).

    Raises DatabaseLocationError for a SQLite file on a network share.
    """
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            check_sqlite_location(path)
            private_folder(path.parent, tighten=False)
            with contextlib.suppress(OSError):  # a read-only place: SQLite says so on connect
                create_private(path)  # before SQLite makes it with the umask's mode (0644)
        engine = sa.create_engine(url, echo=echo, connect_args={"timeout": 30})
        _configure_sqlite(engine, path)
        return engine
    connect_args: dict[str, object] = {
        "connect_timeout": connect_timeout,
        "application_name": "divert-desktop",
    }
    if password is not None:
        connect_args["password"] = password
    return sa.create_engine(
        url, echo=echo, pool_pre_ping=True, pool_size=5, connect_args=connect_args
    )


def profile_url(profile: ConnectionProfile) -> str:
    """The database URL of a connection profile (with no password in it)."""
    if profile.is_sqlite:
        return f"sqlite:///{Path(profile.path).expanduser()}"
    return URL.create(
        "postgresql+psycopg",
        username=profile.user or None,
        host=profile.host,
        port=profile.port,
        database=profile.database,
        query={"sslmode": profile.sslmode.value},
    ).render_as_string(hide_password=False)


def check_sqlite_location(path: Path) -> None:
    """Raise DatabaseLocationError when a SQLite file would sit on a network share."""
    if is_network_path(path.parent if not path.exists() else path):
        raise DatabaseLocationError(
            f"The database file {path} is on a network drive. SQLite files on a network "
            "drive get damaged when several computers use them: keep the file on this "
            "computer, or connect to a shared PostgreSQL server instead."
        )


def _configure_sqlite(engine: Engine, path: Path | None = None) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy emit BEGIN itself (the driver's own handling breaks BEGIN IMMEDIATE).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        if path is not None:
            # SQLite gives -wal and -shm the database file's mode when it creates them; these
            # also put right the files of an older install, or of a restored or copied file.
            make_private(path, f"{path}-wal", f"{path}-shm")

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        if mode is not None:  # None: single-statement reads, each its own implicit transaction
            conn.exec_driver_sql(f"BEGIN {mode}")


def describe(url: str) -> str:
    """Human description for the status bar: local file or shared server (never the password)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"Local file: {parsed.database or 'in memory'}"
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"Shared server: {parsed.database} on {host}{port}"
