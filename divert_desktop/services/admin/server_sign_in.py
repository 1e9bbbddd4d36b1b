"""Signing in on a shared server: the person's own PostgreSQL login, its role from the server."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from divert_desktop.core.enums import Role, Source
from divert_desktop.core.errors import AuthenticationError, DatabaseUnavailableError, DivertError
from divert_desktop.core.passwords import wait_seconds
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.migrate import check_not_newer, current_revision, head_revision
from divert_desktop.persistence.models import StaffUser
from divert_desktop.services.admin.signed_in import ServerSignIn as ServerSignIn
from divert_desktop.services.admin.signed_in import signs_in_as_login as signs_in_as_login
from divert_desktop.services.admin.users import (
    ATTEMPTS_FORGOTTEN_AFTER,
    REFUSAL,
    USERNAME_MAX,
    AccountGuard,
)
from divert_desktop.services.audit.checkpoints import write_checkpoint
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.context import Actor, workstation_name

NOT_STAFF = (
    "That login is not a member of staff of this database. Sign in with your own username, "
    "or ask your administrator."
)
NEEDS_UPGRADE = (
    "The shared database needs an upgrade for this version of DIVERT Desktop (schema {current} "
    "to {head}). Ask the server's administrator to upgrade it, then sign in again."
)
AUTH_FAILED = frozenset({"28P01", "28000"})
"""PostgreSQL's invalid_password and invalid_authorization_specification (no such role, a
disabled login): both are the app's one "username or password" refusal."""

_REFUSED_MARKERS = (
    "password authentication failed",
    "no password supplied",
    "is not permitted to log in",  # a disabled account's login (NOLOGIN)
)

_STAFF_ROLE = sa.text(
    "SELECT s.app_role FROM server_roles s "
    "JOIN pg_roles g ON g.rolname = s.group_role "
    "JOIN pg_auth_members m ON m.roleid = g.oid "
    "JOIN pg_roles u ON u.oid = m.member AND u.rolname = session_user "
    "ORDER BY s.app_role LIMIT 1"
)


@dataclass
class ServerThrottle:
    """This workstation's count of failed server sign-ins in a row for each name typed (kept
    as a hash, in memory only: a refused login has no connection to write anything with).
    After three failures each try waits longer, as the app's own sign-in does; the server's
    ``auth_delay`` slows every failed authentication too."""

    failures: dict[str, tuple[int, datetime]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @staticmethod
    def _key(name: str) -> str:
        return hashlib.sha256(name.strip().lower().encode("utf-8")).hexdigest()

    def check(self, name: str, now: datetime) -> None:
        """Raise AuthenticationError (with ``retry_after``) while the next try must wait."""
        with self._lock:
            count, last = self.failures.get(self._key(name), (0, now))
        if not count or now - last > ATTEMPTS_FORGOTTEN_AFTER:
            return
        ready_at = last + timedelta(seconds=wait_seconds(count))
        if now < ready_at:
            seconds = max(1, int((ready_at - now).total_seconds() + 0.999))
            raise AuthenticationError(
                f"Too many tries. Wait {seconds} second{'s' if seconds != 1 else ''}, "
                "then try again.",
                retry_after=seconds,
            )

    def failed(self, name: str, now: datetime) -> None:
        key = self._key(name)
        with self._lock:
            count, last = self.failures.get(key, (0, now))
            if now - last > ATTEMPTS_FORGOTTEN_AFTER:
                count = 0
            self.failures[key] = (count + 1, now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self.failures.pop(self._key(name), None)


SHARED_THROTTLE = ServerThrottle()
"""The throttle of this process (the sign-in window and the lock screen share it)."""


def needs_server_sign_in(db: Database) -> bool:
    """True for a shared server: sign-in opens the database as the person's own login."""
    return not db.is_sqlite


def login_database(db: Database, username: str, password: str) -> Database:
    """The same server and database as ``db``, as ``username``'s login (not connected yet)."""
    url = make_url(db.url).set(username=username, password=None)
    return Database(url.render_as_string(hide_password=False), password=password, clock=db.clock)


def is_authentication_failure(exc: BaseException) -> bool:
    """The server refused the login or its password (not: could not be reached)."""
    orig = getattr(exc, "orig", None) or exc
    state = getattr(orig, "sqlstate", None)
    text = str(orig).lower()
    if "pg_hba.conf" in text:  # this computer is not allowed at all: not a typing mistake
        return False
    no_such_login = 'role "' in text and "does not exist" in text  # only under trust
    return state in AUTH_FAILED or no_such_login or any(m in text for m in _REFUSED_MARKERS)


def sign_in_to_server(
    db: Database,
    username: str,
    password: str,
    *,
    now: datetime | None = None,
    throttle: ServerThrottle | None = None,
    source: Source = Source.GUI,
) -> ServerSignIn:
    """Open the shared database as ``username``'s own login (the server checks the password,
    SCRAM) and return the Actor with the role of the login's group role (the server is the
    truth) and the Database to use from now on. Records the sign-in (audit event, checkpoint,
    last sign-in). Raises AuthenticationError with the app's one message for a wrong username
    or password (``retry_after`` after repeated failures), DivertError when the login is not
    staff or the database needs an upgrade, SchemaError for a newer database, and
    DatabaseUnavailableError when the server cannot be reached."""
    now = now or db.clock.utc_now()
    throttle = throttle if throttle is not None else SHARED_THROTTLE
    name = username.strip().lower()[:USERNAME_MAX]
    throttle.check(name, now)
    if not name or not password:
        throttle.failed(name, now)
        raise AuthenticationError(REFUSAL)
    login = login_database(db, name, password)
    try:
        try:
            with login.engine.connect() as conn:
                role = conn.execute(_STAFF_ROLE).scalar_one_or_none()
        except sa.exc.DBAPIError as exc:
            if is_authentication_failure(exc):
                throttle.failed(name, now)
                raise AuthenticationError(REFUSAL) from exc
            raise DatabaseUnavailableError(orig=exc.orig or exc) from exc
        throttle.succeeded(name)
        if role is None:
            raise DivertError(NOT_STAFF)
        check_not_newer(login.engine)
        current, head = current_revision(login.engine), head_revision()
        if current != head:
            raise DivertError(NEEDS_UPGRADE.format(current=current, head=head))
        actor = _record_sign_in(login, name, Role(role), now, source)
    except BaseException:
        login.dispose()
        raise
    return ServerSignIn(actor, login)


def _record_sign_in(login: Database, name: str, role: Role, now: datetime, source: Source) -> Actor:
    with login.unit_of_work() as session:
        user = session.execute(
            sa.select(
                StaffUser.id,
                StaffUser.display_name,
                StaffUser.active,
                StaffUser.must_change_password,
                StaffUser.role,
            ).where(StaffUser.username == name)
        ).one_or_none()
        if user is None or not user.active:
            raise DivertError(NOT_STAFF)
        if Role(user.role) is not role:  # the server is the truth; the app's copy follows it
            raise DivertError(
                "Your account's role in the app and on the server differ. Ask your "
                "administrator to set your role again."
            )
        actor = Actor(
            name,
            role,
            source,
            workstation_name(),
            user.id,
            user.display_name,
            must_change_password=user.must_change_password,
            guard=AccountGuard(login, user.id, role),
        )
        session.execute(sa.text("SELECT divert_signed_in(:at)"), {"at": now})
        record(session, actor, AuditEntry("login", "staff_user", user.id))
        write_checkpoint(session, now=now, reason="sign-in")
    return actor


def sign_in(
    db: Database, username: str, password: str, *, now: datetime | None = None
) -> ServerSignIn:
    """The window's sign-in on either kind of database: on a shared server the person's own
    login (``sign_in_to_server``), on a SQLite file the app's own check (``authenticate``),
    where the Database stays the one given. Raises what those raise."""
    if needs_server_sign_in(db):
        return sign_in_to_server(db, username, password, now=now)
    from divert_desktop.services.admin.users import authenticate

    return ServerSignIn(authenticate(db, username, password, now=now), db)
