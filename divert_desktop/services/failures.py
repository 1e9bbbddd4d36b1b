"""Which failures mean the database cannot be reached: the one place that recognises SQLAlchemy's."""

from __future__ import annotations

import sys

from divert_desktop.core.errors import DatabaseUnavailableError


def is_connection_error(exc: BaseException) -> bool:
    """True when ``exc`` means the database cannot be reached: the app's own
    DatabaseUnavailableError (raised by the unit of work), or a driver error met outside a unit
    of work (opening the database, single-statement reads)."""
    if isinstance(exc, DatabaseUnavailableError):
        return True
    # SQLAlchemy's errors are looked up, not imported: until something has imported SQLAlchemy
    # (on the database worker, after the sign-in window is painted) no error can be one of them.
    errors = sys.modules.get("sqlalchemy.exc")
    if errors is None:
        return False
    if isinstance(exc, errors.OperationalError):
        return True
    return isinstance(exc, errors.DBAPIError) and bool(exc.connection_invalidated)


def as_app_error(exc: BaseException) -> DatabaseUnavailableError | None:
    """The app's own error for a driver error that means the database cannot be reached."""
    if isinstance(exc, DatabaseUnavailableError):
        return exc
    if is_connection_error(exc):
        return DatabaseUnavailableError(orig=getattr(exc, "orig", None) or exc)
    return None
