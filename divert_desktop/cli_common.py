"""What every command shares: printing what came from a file safely, ids, opening the database."""

from __future__ import annotations

import sys

from divert_desktop.core.errors import DivertError, NotFound
from divert_desktop.core.validation import is_record_id, visible_text


def shown(value: object) -> str:
    """Anything from a file or the database as printed (a name, a police reference, a message,
    a path): control and escape characters, which a terminal would act on, shown as ``\\x1b``."""
    return visible_text(value)


def existing_id(value: int, missing: str) -> int:
    """``value`` when it can be the id of a stored record; else NotFound(``missing``): an id too
    large for the database is found by nobody, and never reaches the database driver."""
    if not is_record_id(value):
        raise NotFound(missing)
    return value


def err(message: str) -> None:
    print(f"divert-desktop: {shown(message)}", file=sys.stderr)


def signed_in_url(url: str, user: str | None) -> str:
    """The database URL, as ``user``'s own login when given (a shared server only)."""
    from sqlalchemy.engine import make_url

    if user is None:
        return url
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise DivertError(
            "--user is for a shared server. On a local file the file's owner is the boundary: "
            "whoever can open the file may use it."
        )
    return parsed.set(username=user, password=None).render_as_string(hide_password=False)


def open_database(  # type: ignore[no-untyped-def]
    url: str | None,
    *,
    user: str | None = None,
    password: str | None = None,
    before_upgrade=None,
):
    """Open and create or upgrade the database as the app does at start (backup first; put
    back if the upgrade fails); notes about an upgrade go to standard error. With ``user``
    (a shared server) connect as that member of staff's own login. ``before_upgrade(db)``
    may return a step the upgrade runs in its transaction after the migrations."""
    from divert_desktop.clock import SystemClock
    from divert_desktop.paths import default_database_url
    from divert_desktop.persistence.database import Database
    from divert_desktop.persistence.migrate import WAITING_MESSAGE
    from divert_desktop.persistence.upgrade import upgrade_safely

    def progress(_done: int, _total: int, text: str) -> None:
        if text == WAITING_MESSAGE:
            err(text[:1].lower() + text[1:])

    address = signed_in_url(url or default_database_url(), user)
    db = Database(address, password=password, clock=SystemClock())
    try:
        step = before_upgrade(db) if before_upgrade is not None else None
        result = upgrade_safely(db, progress=progress, on_upgraded=step)
    except BaseException:
        db.dispose()
        raise
    if result.message:
        err(result.message[:1].lower() + result.message[1:])
    return db
