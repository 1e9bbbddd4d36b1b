"""Staff accounts: first-run administrator, adding users, signing in (argon2id hashes)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, NamedTuple

import sqlalchemy as sa
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from divert_desktop.core.enums import Role, Source
from divert_desktop.core.errors import (
    AuthenticationError,
    ConflictError,
    SessionEndedError,
    ValidationError,
)
from divert_desktop.core.letterhead import LETTERHEAD_KEYS
from divert_desktop.core.passwords import MIN_PASSWORD_LENGTH as MIN_PASSWORD_LENGTH
from divert_desktop.core.passwords import password_problem, typed_name_hash, wait_seconds
from divert_desktop.core.permissions import Action
from divert_desktop.paths import resource_path
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    InstallationSecret,
    SignInAttempts,
    StaffUser,
)
from divert_desktop.services.admin import settings as settings_service
from divert_desktop.services.audit.checkpoints import write_checkpoint
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor, system_actor, workstation_name

# OWASP minimums for argon2id: m=19456 KiB, t=2, p=1.
HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, type=Type.ID)
MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
"""After MAX_FAILED_LOGINS wrong passwords in a row an account is locked for LOCK_MINUTES."""
ATTEMPTS_FORGOTTEN_AFTER = timedelta(minutes=LOCK_MINUTES)
REFUSAL = (
    "The username or password is not right, or the account is locked or disabled. "
    "Check them and try again, or ask your administrator."
)
USERNAME_MAX = 64


@cache
def _dummy_hash() -> str:
    """A hash to verify against when the user does not exist, so timing does not reveal it
    (made at the first such refusal, not at import: hashing takes a noticeable moment)."""
    return HASHER.hash("not a real password, used for constant-time refusals")


@dataclass(frozen=True)
class UserDTO:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    must_change_password: bool
    last_login_at: datetime | None


def _dto(user: StaffUser) -> UserDTO:
    return UserDTO(
        user.id,
        user.username,
        user.display_name,
        Role(user.role),
        user.active,
        user.must_change_password,
        user.last_login_at,
    )


def hash_password(password: str) -> str:
    return HASHER.hash(password)


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords shipped in ``resources/common-passwords.txt``."""
    text = resource_path("common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().casefold() for line in text.splitlines() if line.strip())


def validate_password(password: str, *, username: str = "", organisation: str = "") -> str:
    """Return the password, or raise ValidationError (field ``password``) saying what is wrong:
    too short, common, the username or organisation name, or one repeated character."""
    problem = password_problem(
        password, username=username, organisation=organisation, common=common_passwords()
    )
    if problem:
        raise ValidationError(problem, field="password")
    return password


def validate_username(username: str) -> str:
    name = username.strip().lower()
    if not name:
        raise ValidationError("Enter a username", field="username")
    if len(name) > USERNAME_MAX or not all(c.isalnum() or c in "._-" for c in name):
        raise ValidationError(
            "A username can use letters, numbers, dots, dashes and underscores only.",
            field="username",
        )
    return name


def needs_first_run(db: Database) -> bool:
    """True while no staff account exists: the app must create the administrator first."""
    from divert_desktop.persistence.upgrade import has_staff_accounts

    return not has_staff_accounts(db)


def _add(
    session: Any,
    actor: Actor,
    username: str,
    display_name: str,
    role: Role,
    password: str,
    organisation: str | None = None,
) -> StaffUser:
    username = validate_username(username)
    if organisation is None:
        organisation = str(settings_service.read(session, "organisation_name") or "")
    validate_password(password, username=username, organisation=organisation)
    if not display_name.strip():
        raise ValidationError("Enter the person's full name", field="display_name")
    exists = session.execute(
        sa.select(StaffUser.id).where(StaffUser.username == username)
    ).scalar_one_or_none()
    if exists is not None:
        raise ConflictError(f"The username {username} is already taken. Choose another.")
    user = StaffUser(
        username=username,
        display_name=display_name.strip(),
        role=role,
        password_hash=hash_password(password),
    )
    session.add(user)
    session.flush()
    record(
        session,
        actor,
        AuditEntry(
            "user.add", "staff_user", user.id, None, {"username": username, "role": role.value}
        ),
    )
    return user


@announces(Kind.USERS, Kind.SETTINGS)
def create_first_administrator(
    db: Database,
    *,
    username: str,
    display_name: str,
    password: str,
    letterhead: dict[str, Any] | None = None,
    logo: bytes | None = None,
) -> UserDTO:
    """Create the first administrator (only allowed while there are no accounts at all), with
    the letterhead settings and logo (an image file's bytes; ValidationError if unusable). On
    a shared server also their own login in the administrator group role (SCRAM), in the same
    transaction; PermissionDenied when the connection may not create logins (nothing is
    created then)."""
    actor = system_actor()
    with db.unit_of_work() as session:
        count = session.execute(sa.select(sa.func.count(StaffUser.id))).scalar_one()
        if count:
            raise ConflictError(
                "The administrator account has already been set up. Sign in instead."
            )
        organisation = str((letterhead or {}).get("organisation_name") or "")
        user = _add(
            session, actor, username, display_name, Role.ADMINISTRATOR, password, organisation
        )
        if session.get_bind().dialect.name == "postgresql":
            # A shared server: the administrator signs in as their own login (made here by the
            # owner's connection; PermissionDenied says what to do when it may not).
            from divert_desktop.services.admin.server_logins import create_login

            create_login(session, user.username, password, Role.ADMINISTRATOR)
        if letterhead:
            clean = {k: str(v).strip() for k, v in letterhead.items() if k in LETTERHEAD_KEYS}
            settings_service.write_in(session, actor, clean)
        if logo:
            from divert_desktop.services.letters.letterhead import write_logo_in

            write_logo_in(session, actor, logo)
        return _dto(user)


@announces(Kind.USERS)
def add_user(
    db: Database,
    actor: Actor,
    *,
    username: str,
    display_name: str,
    role: Role,
    password: str,
    server_login: bool = False,
) -> UserDTO:
    """Add a staff account; with ``server_login`` on a shared server also its PostgreSQL login
    in the role's group (with that password, as SCRAM-SHA-256), in the same transaction.
    Raises PermissionDenied, ValidationError or ConflictError."""
    actor.require(Action.MANAGE_USERS)
    with db.unit_of_work() as session:
        user = _add(session, actor, username, display_name, role, password)
        if server_login and session.get_bind().dialect.name == "postgresql":
            from divert_desktop.services.admin.server_logins import create_login

            create_login(session, user.username, password, role)
        return _dto(user)


def list_users(db: Database, actor: Actor) -> list[UserDTO]:
    """Every account by name. Raises PermissionDenied."""
    actor.require(Action.MANAGE_USERS)
    with db.unit_of_work(write=False) as session:
        users = session.execute(sa.select(StaffUser).order_by(StaffUser.display_name)).scalars()
        return [_dto(u) for u in users]


def list_caseworkers(db: Database) -> list[UserDTO]:
    """Active staff who can hold appointments (caseworkers and managers)."""
    with db.unit_of_work(write=False) as session:
        users = session.execute(
            sa.select(StaffUser)
            .where(StaffUser.active, StaffUser.role.in_([Role.CASEWORKER, Role.MANAGER]))
            .order_by(StaffUser.display_name)
        ).scalars()
        return [_dto(u) for u in users]


_ACCOUNT_STATE = {
    backend: "SELECT active, role, must_change_password FROM staff_users WHERE id = " + mark
    for backend, mark in (("sqlite", "?"), ("postgresql", "%s"))
}


class _AccountState(NamedTuple):
    active: bool
    role: str
    must_change_password: bool


@dataclass(frozen=True)
class AccountGuard:
    """Checks, before each role-checked service call, that a signed-in session may go on."""

    db: Database
    user_id: int
    role: Role

    def __call__(self) -> None:
        # Every role-checked call pays for this: one plain statement on the driver's own
        # cursor, no transaction (on SQLite 18 µs, against 65 µs through exec_driver_sql and a
        # third of a millisecond more through a Core select).
        rows = self.db.plain_rows(_ACCOUNT_STATE, (self.user_id,))
        row = _AccountState(*rows[0]) if rows else None
        if row is None or not row.active:
            raise SessionEndedError(
                "Your account has been disabled, so you have been signed out. "
                "Ask your administrator if you need it back."
            )
        if Role(row.role) is not self.role:
            raise SessionEndedError(
                "An administrator changed your role. Sign in again to carry on with your new role."
            )
        if row.must_change_password:
            raise SessionEndedError(
                "An administrator reset your password. Sign in with the password they gave you."
            )


SIGN_IN_KEY = "sign_in"
UNKNOWN_ACCOUNT = "(no such account)"
"""The audit trail's username for a failed sign-in whose username names no account."""


def sign_in_key(session: Any) -> str:
    """The database's random key for hashing usernames that name no account (made by migration
    0009; made here if missing, e.g. a database whose tables were created without it)."""
    key = session.get(InstallationSecret, SIGN_IN_KEY)
    if key is not None:
        return key.value
    try:
        with session.begin_nested():
            session.add(InstallationSecret(name=SIGN_IN_KEY, value=secrets.token_hex(32)))
    except sa.exc.IntegrityError:  # another workstation made it at the same moment
        pass
    return session.get(InstallationSecret, SIGN_IN_KEY, populate_existing=True).value


def _subject(session: Any, user: StaffUser | None, typed: str) -> dict[str, Any]:
    """Whose failures to count: the account, or the keyed hash of text that names none."""
    if user is not None:
        return {"user_id": user.id, "name_hash": None}
    return {"user_id": None, "name_hash": typed_name_hash(sign_in_key(session), typed)}


def _throttle(session: Any, subject: dict[str, Any], now: datetime) -> SignInAttempts | None:
    """The failures in a row for ``subject`` (forgotten after a quiet spell); raises when the
    next try must still wait. The same for every name, so it says nothing about accounts."""
    column = "user_id" if subject["user_id"] is not None else "name_hash"
    attempts = session.execute(
        sa.select(SignInAttempts).where(getattr(SignInAttempts, column) == subject[column])
    ).scalar_one_or_none()
    if attempts is None:
        return None
    if now - attempts.last_failed_at > ATTEMPTS_FORGOTTEN_AFTER:
        attempts.failures = 0
        return attempts
    ready_at = attempts.last_failed_at + timedelta(seconds=wait_seconds(attempts.failures))
    if now < ready_at:
        seconds = max(1, int((ready_at - now).total_seconds() + 0.999))
        raise AuthenticationError(
            f"Too many tries. Wait {seconds} second{'s' if seconds != 1 else ''}, then try again.",
            retry_after=seconds,
        )
    return attempts


def _note_failure(
    session: Any, subject: dict[str, Any], attempts: SignInAttempts | None, now: datetime
) -> None:
    if attempts is None:
        attempts = SignInAttempts(**subject, failures=1, last_failed_at=now)
        session.add(attempts)
        session.flush()
    else:
        attempts.failures += 1
        attempts.last_failed_at = now
    session.execute(  # names tried once long ago (typos, guesses) are forgotten
        sa.delete(SignInAttempts).where(
            SignInAttempts.last_failed_at < now - ATTEMPTS_FORGOTTEN_AFTER,
            SignInAttempts.id != attempts.id,
        )
    )


def authenticate(
    db: Database, username: str, password: str, *, now: datetime | None = None
) -> Actor:
    """Check a sign-in. Returns the Actor for the GUI (``must_change_password`` set after a
    reset); raises AuthenticationError with one message whatever was wrong. The first three
    tries are free; after three failures in a row each try waits longer (``retry_after``: 2, 4,
    8 … 30 seconds), whether or not the username exists, and an account is locked for
    LOCK_MINUTES after MAX_FAILED_LOGINS wrong passwords.

    Failures are counted against the account, or for a username that names no account against
    a keyed hash of the text typed: the text itself (maybe a password typed in the wrong box) is
    kept nowhere, neither in ``sign_in_attempts`` nor in the audit trail."""
    now = now or db.clock.utc_now()
    name = username.strip().lower()[:USERNAME_MAX]
    with db.unit_of_work() as session:
        user = session.execute(
            sa.select(StaffUser).where(StaffUser.username == name)
        ).scalar_one_or_none()
        subject = _subject(session, user, username)
        attempts = _throttle(session, subject, now)
        if user is None:
            try:
                HASHER.verify(_dummy_hash(), password + "x")
            except VerificationError:
                pass
            actor = Actor(UNKNOWN_ACCOUNT, None, Source.GUI, workstation_name())
            record(session, actor, AuditEntry("login.failed", "staff_user"))
            failed = True
        else:
            actor = Actor(
                user.username,
                Role(user.role),
                Source.GUI,
                workstation_name(),
                user.id,
                user.display_name,
                must_change_password=user.must_change_password,
                guard=AccountGuard(db, user.id, Role(user.role)),
            )
            locked = user.locked_until is not None and user.locked_until > now
            try:
                ok = HASHER.verify(user.password_hash, password) and not locked and user.active
            except (VerificationError, InvalidHashError):
                ok = False
            if ok:
                user.failed_logins = 0
                user.locked_until = None
                user.last_login_at = now
                if HASHER.check_needs_rehash(user.password_hash):
                    user.password_hash = hash_password(password)
                if attempts is not None:
                    session.delete(attempts)
                record(session, actor, AuditEntry("login", "staff_user", user.id))
                if session.get_bind().dialect.name == "postgresql":
                    # The shared trail's head, where its writers can only add (issue 13).
                    write_checkpoint(session, now=now, reason="sign-in")
                failed = False
            else:
                if not locked:
                    user.failed_logins += 1
                    if user.failed_logins >= MAX_FAILED_LOGINS:
                        user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                        user.failed_logins = 0
                        record(session, actor, AuditEntry("login.locked", "staff_user", user.id))
                record(session, actor, AuditEntry("login.failed", "staff_user", user.id))
                failed = True
        if failed:
            _note_failure(session, subject, attempts, now)
    if failed:
        raise AuthenticationError(REFUSAL)
    return actor
