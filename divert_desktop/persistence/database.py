"""The Database: an engine plus unit-of-work sessions (one transaction per service call)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from divert_desktop.clock import SystemClock
from divert_desktop.core.clock import Clock
from divert_desktop.core.errors import (
    ConflictError,
    DatabaseReplacedError,
    DatabaseUnavailableError,
    StaleEditError,
)
from divert_desktop.persistence.engine import (
    CLOCK_KEY,
    describe,
    make_engine,
    normalise_url,
    sqlite_path,
)
from divert_desktop.persistence.open_lock import OpenLock

if TYPE_CHECKING:  # the ORM is imported by the first unit of work, not before the first window
    from sqlalchemy.orm import Session, sessionmaker

REPLACED_MESSAGE = (
    "The database has been replaced, probably by a backup restored in another copy of DIVERT "
    "Desktop, so your last change was not saved. Sign in again to carry on with the records as "
    "they are now."
)

DOUBLE_BOOKED_MARKERS = ("caseworker_double_booked", "ex_appointments_caseworker_overlap")


class Database:
    """Owns the engine. ``unit_of_work()`` yields a Session whose work commits or rolls back whole.

    A SQLite file is "open" from the first connection until ``dispose()``: meanwhile this object
    holds a shared lock beside the file (so a restore elsewhere is refused) and remembers which
    file it opened; if that file is replaced behind its back, the next unit of work raises
    DatabaseReplacedError instead of writing to the old one.
    """

    def __init__(
        self,
        url: str,
        *,
        engine: Engine | None = None,
        password: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.url = normalise_url(url)
        self.engine = engine or make_engine(self.url)
        self.backend = make_url(self.url).get_backend_name()
        self._password = password
        if password is not None and self.backend != "sqlite":
            event.listen(self.engine, "do_connect", self._give_password)
        self.clock = clock or SystemClock()
        self._plain: Engine | None = None
        self._held = threading.local()  # a plain connection one call's reads share
        self.writes = 0
        """Write units of work committed through this object: what a cache of rarely changed
        rows (staff, venues, settings) compares to know this process changed nothing since."""
        self._path = sqlite_path(self.url) if self.backend == "sqlite" else None
        self._lock = OpenLock(self._path) if self._path is not None else None
        self._file_id: tuple[int, int] | None = None
        if self._path is not None:
            event.listen(self.engine, "connect", self._on_connect)

    def _give_password(
        self, _dialect: object, _record: object, _cargs: object, cparams: dict[str, object]
    ) -> None:
        """Hand the server password to the driver only (never part of the URL)."""
        if self._password is not None:
            cparams["password"] = self._password

    def set_password(self, password: str) -> None:
        """The login's password changed: new connections use ``password`` from now on."""
        if self._password is None and self.backend != "sqlite":
            event.listen(self.engine, "do_connect", self._give_password)
        self._password = password

    def _on_connect(self, _dbapi_connection: object, _record: object) -> None:
        """The first connection opens the file: hold the shared lock and note which file it is."""
        assert self._lock is not None
        self._lock.hold_shared()
        if self._file_id is None:
            self._file_id = self._current_file_id()

    def _current_file_id(self) -> tuple[int, int] | None:
        assert self._path is not None
        try:
            found = os.stat(self._path)
        except OSError:
            return None
        return (found.st_dev, found.st_ino)

    def check_file(self) -> None:
        """Raise DatabaseReplacedError when the SQLite file opened has since been replaced by
        another (this object then lets go of the old one: the next use opens the new file)."""
        if self._file_id is None:
            if self._lock is not None and self._lock.held:  # opened before the file existed
                self._file_id = self._current_file_id()
            return
        if self._current_file_id() != self._file_id:
            self.dispose()
            raise DatabaseReplacedError(REPLACED_MESSAGE)

    @contextmanager
    def exclusive_use(self) -> Iterator[None]:
        """Hold the SQLite file alone for the block (a restore). Raises DatabaseInUseError at
        once when another copy of the app or a command has it open; this object's own hold
        does not count."""
        assert self._lock is not None, "only a SQLite file can be held alone"
        with self._lock.exclusive():
            yield

    @property
    def clock(self) -> Clock:
        """The app's one clock (the composition root passes it; services read ``today``/``now``
        from it when the caller gives none, and row creation times come from it)."""
        return self._clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self._clock = clock
        self._sessions: tuple[sessionmaker[Session], sessionmaker[Session]] | None = None

    def _session_factories(self) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
        """The reading and writing session factories, made on first use: importing the ORM and
        the models is left until the first unit of work (not needed to show the first window).
        """
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            import divert_desktop.persistence.models  # noqa: F401  (every mapper, before use)

            clock = self._clock
            info = {CLOCK_KEY: clock}
            reader_engine = self.engine.execution_options(**{CLOCK_KEY: clock})
            write_engine = self.engine.execution_options(
                sqlite_begin="IMMEDIATE", **{CLOCK_KEY: clock}
            )
            self._sessions = (
                sessionmaker(reader_engine, expire_on_commit=False, info=info),
                sessionmaker(write_engine, expire_on_commit=False, info=info),
            )
        return self._sessions

    @property
    def plain_reads(self) -> Engine:
        """The engine for single-statement reads outside a unit of work (search keystrokes,
        session checks): autocommit, so no BEGIN and ROLLBACK around the one statement. Raises
        DatabaseReplacedError when the SQLite file was replaced since it was opened."""
        self.check_file()
        if self._plain is None:
            self._plain = (
                self.engine.execution_options(sqlite_begin=None)
                if self.is_sqlite
                else self.engine.execution_options(isolation_level="AUTOCOMMIT")
            )
        return self._plain

    def plain_rows(self, sql: Mapping[str, str], params: Any) -> list[tuple[Any, ...]]:
        """The rows of one read statement run on the driver's own cursor over a ``plain_reads``
        connection: ``sql`` holds the statement for each backend by dialect name, in the
        driver's own parameter style. No SQLAlchemy result handling (about 50 µs a call, most of
        a keystroke that finds nobody), so values come as the driver gives them."""
        with self.plain_connection() as conn:
            return driver_fetch(conn, sql[conn.dialect.name], params)

    @contextmanager
    def plain_connection(self) -> Iterator[Any]:
        """A ``plain_reads`` connection; inside another ``plain_connection`` on this thread, the
        same one. A screen's call that checks the session and then reads (a search keystroke,
        a diary view) takes one connection from the pool instead of two: on PostgreSQL each
        checkout is also a ping to the server."""
        held = getattr(self._held, "conn", None)
        if held is not None:
            yield held
            return
        with self.plain_reads.connect() as conn:
            self._held.conn = conn
            try:
                yield conn
            finally:
                self._held.conn = None

    @property
    def identity(self) -> str:
        """A short, stable name for this database (its address without any password, hashed):
        what is kept on this computer for one database (drafts) is never offered for another."""
        import hashlib

        address = make_url(self.url)._replace(password=None).render_as_string(hide_password=False)
        return hashlib.sha256(address.encode("utf-8")).hexdigest()[:16]

    @property
    def is_sqlite(self) -> bool:
        return self.backend == "sqlite"

    @property
    def description(self) -> str:
        return describe(self.url)

    @contextmanager
    def unit_of_work(self, *, write: bool = True) -> Iterator[Session]:
        """One transaction: commits when the block ends, rolls back on any exception.

        Database errors become the app's own: a double booking or a police reference already
        recorded raises ConflictError, a stale versioned row StaleEditError, a database that
        cannot be reached (server gone, network down, file locked) DatabaseUnavailableError, and
        a SQLite file replaced since it was opened DatabaseReplacedError (before the work starts,
        and again before a write commits).
        """
        from sqlalchemy.orm.exc import StaleDataError

        self.check_file()
        reader, writer = self._session_factories()
        session = (writer if write else reader)()
        try:
            yield session
            if write and session.in_transaction():
                self.check_file()
            session.commit()
            if write:
                self.writes += 1
        except StaleDataError as exc:
            session.rollback()
            raise StaleEditError(
                "Someone else changed this record while you were editing it. "
                "Reopen it to see their changes, then make yours again."
            ) from exc
        except IntegrityError as exc:
            session.rollback()
            translated = translate_integrity_error(exc)
            if translated is not None:
                raise translated from exc
            raise
        except DBAPIError as exc:
            _rollback_quietly(session)
            if isinstance(exc, OperationalError) or exc.connection_invalidated:
                raise DatabaseUnavailableError(orig=exc.orig or exc) from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        """Close every connection and let go of the file (the next use opens it again)."""
        self.engine.dispose()
        self._file_id = None
        if self._lock is not None:
            self._lock.release()


def _rollback_quietly(session: Session) -> None:
    """Roll back, ignoring a second failure of a connection already gone."""
    try:
        session.rollback()
    except DBAPIError:
        pass


def translate_integrity_error(exc: IntegrityError) -> ConflictError | None:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    if any(marker in text for marker in DOUBLE_BOOKED_MARKERS):
        return ConflictError(
            "The caseworker already has an appointment at that time. Choose another time "
            "or another caseworker."
        )
    if "police_reference" in text:
        return ConflictError("A referral with that police reference is already recorded.")
    return None


@contextmanager
def driver_cursor(conn: Any, sql: str, params: Any, *, many: bool = False) -> Iterator[Any]:
    """The driver's own cursor of a SQLAlchemy ``conn``, for running ``sql`` with ``params`` on
    it as SQLAlchemy would around it: the ``before_cursor_execute`` and ``after_cursor_execute``
    listeners see the statement (tests that watch or cut off the SQL, logging), a lost
    connection leaves the pool, and a failure is SQLAlchemy's ``DBAPIError``, so callers'
    handling of database errors applies unchanged."""
    raw = conn.connection.dbapi_connection
    failure = conn.dialect.loaded_dbapi.Error
    watched = conn._has_events or conn.engine._has_events
    cursor = raw.cursor()
    try:
        if watched:
            conn.dispatch.before_cursor_execute(conn, cursor, sql, params, None, many)
        yield cursor
        if watched:
            conn.dispatch.after_cursor_execute(conn, cursor, sql, params, None, many)
    except failure as exc:
        if conn.dialect.is_disconnect(exc, raw, cursor):
            conn.invalidate(exc)
        raise DBAPIError.instance(sql, params, exc, failure) from exc
    finally:
        cursor.close()


def driver_fetch(conn: Any, sql: str, params: Any) -> list[tuple[Any, ...]]:
    """Run one read statement on the driver's own cursor of ``conn`` (``driver_cursor``) and
    fetch its rows."""
    with driver_cursor(conn, sql, params) as cursor:
        cursor.execute(sql, params)
        rows = list(cursor.fetchall())
    return rows
