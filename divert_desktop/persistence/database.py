"""The Database: an engine plus unit-of-work sessions (one transaction per service call)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from divert_desktop.clock import SystemClock
from divert_desktop.core.clock import Clock
from divert_desktop.core.errors import ConflictError, DatabaseUnavailableError, StaleEditError
from divert_desktop.persistence.models.base import CLOCK_KEY

from .engine import describe, make_engine, normalise_url

DOUBLE_BOOKED_MARKERS = ("caseworker_double_booked", "ex_appointments_caseworker_overlap")


class Database:
    """Owns the engine. ``unit_of_work()`` yields a Session whose work commits or rolls back whole."""

    def __init__(
        self,
        url: str,
        *,
        engine: Engine | None = None,
        password: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.url = normalise_url(url)
        self.engine = engine or make_engine(self.url, password=password)
        self.backend = make_url(self.url).get_backend_name()
        self.clock = clock or SystemClock()
        self._plain: Engine | None = None

    @property
    def clock(self) -> Clock:
        """The app's one clock (the composition root passes it; services read ``today``/``now``
        from it when the caller gives none, and row creation times come from it)."""
        return self._clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self._clock = clock
        info = {CLOCK_KEY: clock}
        reader_engine = self.engine.execution_options(**{CLOCK_KEY: clock})
        self._reader = sessionmaker(reader_engine, expire_on_commit=False, info=info)
        write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE", **{CLOCK_KEY: clock})
        self._writer = sessionmaker(write_engine, expire_on_commit=False, info=info)

    @property
    def plain_reads(self) -> Engine:
        """The engine for single-statement reads outside a unit of work (search keystrokes,
        session checks): autocommit, so no BEGIN and ROLLBACK around the one statement."""
        if self._plain is None:
            self._plain = (
                self.engine.execution_options(sqlite_begin=None)
                if self.is_sqlite
                else self.engine.execution_options(isolation_level="AUTOCOMMIT")
            )
        return self._plain

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
        recorded raises ConflictError, a stale versioned row StaleEditError, and a database that
        cannot be reached (server gone, network down, file locked) DatabaseUnavailableError.
        """
        session = (self._writer if write else self._reader)()
        try:
            yield session
            session.commit()
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
        self.engine.dispose()


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
