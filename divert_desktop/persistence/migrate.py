"""Create and upgrade the schema with Alembic; refuse a database newer than this app.

Alembic (with Mako and Pygments) is imported only when a migration really runs: the start-up
check reads the revision with one query and compares it with ``HEAD_REVISION`` below, which a
unit test keeps equal to the migration scripts' head.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from divert_desktop.core.errors import DivertError
from divert_desktop.paths import migrations_path

if TYPE_CHECKING:  # imported when a migration runs, not at every start
    from alembic.config import Config

KNOWN_REVISIONS = (
    "0001",
    "0002",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
)
"""Every schema revision of the migration scripts, oldest first (tests/unit/test_schema_head.py
checks it against Alembic's own reading of them): a new migration adds its revision here."""
HEAD_REVISION = KNOWN_REVISIONS[-1]
VERSION_TABLE = "alembic_version"

PG_MIGRATION_LOCK = 0x44495645  # "DIVE": one workstation migrates a shared database at a time
LOCK_POLL_SECONDS = 0.5
LOCK_WAIT_LIMIT_SECONDS = 15 * 60

WAITING_MESSAGE = (
    "An upgrade of the shared database is running on another workstation. Waiting for it to finish…"
)
UPGRADING_MESSAGE = "Upgrading the database…"

Progress = Callable[[int, int, str], None]


class SchemaError(DivertError):
    """The database's schema cannot be used by this version of the app."""


class UpgradeCancelled(SchemaError):
    """The user stopped waiting for another workstation's upgrade; nothing was changed."""


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_path()))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of the app knows."""
    return HEAD_REVISION


def revision_of(conn: Connection) -> str | None:
    """The schema revision recorded in the database ``conn`` is connected to (None: empty).

    One look for the version table (so an empty PostgreSQL database's transaction is not
    aborted by a failed query) and one query, as Alembic itself reads it."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    rows = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(rows) > 1:
        raise SchemaError(
            f"The database records more than one schema revision ({', '.join(sorted(rows))}); "
            "tell your administrator."
        )
    return rows[0] if rows else None


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return revision_of(conn)


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != head_revision()


def _refuse_unknown(current: str | None) -> None:
    if current is None or current in KNOWN_REVISIONS:
        return
    raise SchemaError(  # unknown revision: made by a newer version of the app
        "This database was made by a newer version of DIVERT Desktop "
        f"(schema {current}). Install the newer version; the database was not changed."
    )


def check_not_newer(engine: Engine) -> None:
    """Raise SchemaError when the database was made by a newer version of the app."""
    _refuse_unknown(current_revision(engine))


def wait_for_migration_lock(
    conn: Connection,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    poll_seconds: float = LOCK_POLL_SECONDS,
    limit_seconds: float = LOCK_WAIT_LIMIT_SECONDS,
) -> bool:
    """Take the PostgreSQL migration lock for the transaction open on ``conn``.

    Tries once; if another workstation holds it, says so through ``progress`` and tries again
    every ``poll_seconds`` until it is free. Returns True when it had to wait. Raises
    UpgradeCancelled (``cancelled()`` became true) or SchemaError (waited too long).
    """
    query = text("SELECT pg_try_advisory_xact_lock(:k)")
    if conn.execute(query, {"k": PG_MIGRATION_LOCK}).scalar():
        return False
    if progress is not None:
        progress(0, 0, WAITING_MESSAGE)
    started = time.monotonic()
    while not conn.execute(query, {"k": PG_MIGRATION_LOCK}).scalar():
        if cancelled is not None and cancelled():
            raise UpgradeCancelled(
                "Stopped waiting for the other workstation's upgrade. The database was not changed."
            )
        if time.monotonic() - started > limit_seconds:
            minutes = round(limit_seconds / 60)
            raise SchemaError(
                "An upgrade of the shared database has been running on another workstation for "
                f"more than {minutes} minutes. Ask your administrator to check it, then start "
                "DIVERT Desktop again. This workstation changed nothing."
            )
        time.sleep(poll_seconds)
    return True


@contextmanager
def _migration_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction for the whole upgrade. SQLite: taken with ``BEGIN IMMEDIATE`` (another
    program on this computer waits for it) and with foreign keys off while tables are rebuilt,
    checked before the commit, as SQLite's own procedure for altering tables asks."""
    with engine.connect() as conn:
        if engine.dialect.name != "sqlite":
            with conn.begin():
                yield conn
            return
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")  # outside any transaction, or it has no effect
        try:
            conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                before = revision_of(conn)
                yield conn
                if revision_of(conn) == before:
                    return  # nothing migrated: no need to check every link of a large database
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken is not None:
                    raise SchemaError(
                        f"The upgrade would leave a broken link in table {broken[0]}. "
                        "It was undone; tell your administrator."
                    )
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def upgrade(
    engine: Engine,
    revision: str = "head",
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    on_locked: Callable[[Connection], None] | None = None,
    on_upgraded: Callable[[Connection], None] | None = None,
    poll_seconds: float = LOCK_POLL_SECONDS,
) -> str:
    """Upgrade to ``revision`` in one transaction; returns the new current revision.

    On PostgreSQL other workstations wait for an advisory lock while one migrates (and are told
    so through ``progress``). ``on_locked(conn)`` runs once the lock is held and before any
    change (the start-up upgrade takes its backup there); ``on_upgraded(conn)`` runs after the
    migrations, in the same transaction (the first administrator's login on a shared server is
    given there, so the upgrade and the login are made or undone together). Raises SchemaError for a database
    newer than this app, UpgradeCancelled, or whatever a migration raised (all undone).
    """
    check_not_newer(engine)
    from alembic import command

    cfg = alembic_config(engine)
    with _migration_transaction(engine) as conn:
        if engine.dialect.name == "postgresql":
            wait_for_migration_lock(
                conn, progress=progress, cancelled=cancelled, poll_seconds=poll_seconds
            )
            _refuse_unknown(revision_of(conn))  # a newer app may have upgraded it meanwhile
        if on_locked is not None:
            on_locked(conn)
        if progress is not None and revision_of(conn) != head_revision():
            progress(0, 0, UPGRADING_MESSAGE)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        if on_upgraded is not None:
            on_upgraded(conn)
    current = current_revision(engine)
    assert current is not None
    return current
