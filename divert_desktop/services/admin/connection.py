"""Checking a connection profile before using it, with the result in plain English."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from divert_desktop.core.connection import (
    DEFAULT_PORT,
    ConnectionKind,
    ConnectionProfile,
    SslMode,
    clean_profile,
)
from divert_desktop.core.errors import DivertError
from divert_desktop.persistence.engine import check_sqlite_location, make_engine, profile_url

TEST_TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str
    field: str | None = None


def _revision_text(engine: sa.Engine) -> str:
    from divert_desktop.persistence.migrate import current_revision, head_revision

    current = current_revision(engine)
    if current is None:
        return "The database is empty: DIVERT Desktop will set it up when you connect."
    if current == head_revision():
        return "The database is ready for this version."
    return (
        f"The database is at schema revision {current}: DIVERT Desktop will check it and "
        "upgrade it if needed when you connect."
    )


def url_place(url: str) -> tuple[str, ...]:
    """What decides which database a URL reaches: the file, or server, port, database and user."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return ("sqlite", str(Path(parsed.database or "").expanduser().resolve()))
    return (
        "postgresql",
        (parsed.host or "").lower(),
        str(parsed.port or DEFAULT_PORT),
        parsed.database or "",
        parsed.username or "",
    )


def profile_from_url(url: str, name: str) -> ConnectionProfile:
    """An unsaved profile called ``name`` that reaches the database at ``url``."""
    place = url_place(url)
    if place[0] == "sqlite":
        return ConnectionProfile(name, ConnectionKind.SQLITE, path=place[1])
    parsed = sa.make_url(url)
    mode = str(parsed.query.get("sslmode") or SslMode.PREFER.value)
    return ConnectionProfile(
        name,
        ConnectionKind.POSTGRESQL,
        host=parsed.host or "",
        port=parsed.port or DEFAULT_PORT,
        database=parsed.database or "",
        user=parsed.username or "",
        sslmode=SslMode(mode) if mode in set(SslMode) else SslMode.PREFER,
    )


def explain_connection_error(exc: BaseException, profile: ConnectionProfile) -> str:
    """Why a server connection failed, for the person at the screen (never the password)."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip()
    low = text.lower()
    where = f"{profile.host}:{profile.port}"
    if "password authentication failed" in low or "no password supplied" in low:
        return "The server refused the username or password. Check them and try again."
    if "does not exist" in low and "database" in low:
        return (
            f"The server has no database called {profile.database}. Check the name, or ask "
            "the server's administrator to create it."
        )
    if "role" in low and "does not exist" in low:
        return f"The server has no user called {profile.user}. Check the username."
    if "could not translate host name" in low or "name or service not known" in low:
        return f"No computer called {profile.host} could be found. Check the server's name."
    if "connection refused" in low:
        return (
            f"Nothing answered at {where}. Check the address and port, and that the database "
            "server is running."
        )
    if "timeout" in low or "timed out" in low:
        return (
            f"The server at {where} did not answer within {TEST_TIMEOUT_SECONDS} seconds. "
            "Check the address and the network."
        )
    if "certificate" in low or "root.crt" in low:
        return (
            "The server's certificate could not be checked. Ask the server's administrator for "
            "the certificate, or choose a TLS setting that does not check it."
        )
    if "ssl" in low or "encryption" in low:
        return (
            "The server and this connection disagree about encryption (TLS). Choose another "
            "TLS setting, or ask the server's administrator."
        )
    if "pg_hba" in low or "no encryption" in low:
        return (
            "The server does not accept this computer or user. Ask the server's administrator "
            "to allow it."
        )
    first = (text.splitlines() or ["unknown error"])[0]
    return f"The server could not be used: {first}"


def check_connection(profile: ConnectionProfile, password: str | None = None) -> ConnectionCheck:
    """Try a profile (on a worker thread): the file can be made or opened, or the server
    answers and accepts the user. Never raises for a bad connection: the result says why."""
    try:
        profile = clean_profile(profile)
    except DivertError as exc:
        return ConnectionCheck(False, exc.message, exc.field)
    if profile.is_sqlite:
        return _check_sqlite(Path(profile.path).expanduser())
    engine = make_engine(
        profile_url(profile), password=password, connect_timeout=TEST_TIMEOUT_SECONDS
    )
    try:
        with engine.connect() as conn:
            version = conn.execute(sa.text("SHOW server_version")).scalar_one()
        return ConnectionCheck(True, f"Connected to PostgreSQL {version}. {_revision_text(engine)}")
    except sa.exc.DBAPIError as exc:
        if not profile.user and _asks_who(exc):
            return ConnectionCheck(
                True,
                "The server answered and asks who you are. Type a username and password to "
                "test signing in, or connect: everyone signs in as themselves.",
            )
        return ConnectionCheck(False, explain_connection_error(exc, profile))
    finally:
        engine.dispose()


def _asks_who(exc: BaseException) -> bool:
    """The server answered but wants a login this test did not give (no user typed)."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    return any(
        marker in text
        for marker in ("password authentication failed", "no password supplied", 'role "')
    )


def _check_sqlite(path: Path) -> ConnectionCheck:
    try:
        check_sqlite_location(path)
    except DivertError as exc:
        return ConnectionCheck(False, exc.message, "path")
    if path.is_dir():
        return ConnectionCheck(False, "That is a folder. Choose a file name inside it.", "path")
    folder = path.parent
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not os.access(existing, os.W_OK):
        return ConnectionCheck(
            False, f"This computer does not let you save files in {existing}.", "path"
        )
    if not path.exists():
        return ConnectionCheck(
            True, "A new database file will be made there when you connect (and set up)."
        )
    engine = make_engine(f"sqlite:///{path}")
    try:
        return ConnectionCheck(True, f"The file opens. {_revision_text(engine)}")
    except sa.exc.DBAPIError:
        return ConnectionCheck(False, "That file is not a DIVERT Desktop database.", "path")
    finally:
        engine.dispose()
