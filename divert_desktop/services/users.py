"""Staff accounts: first-run administrator, adding users, signing in (argon2id hashes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from divert_desktop.core.enums import Role, Source
from divert_desktop.core.errors import AuthenticationError, ConflictError, ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import StaffUser, utcnow

from . import settings as settings_service
from .audit import AuditEntry, record
from .context import Actor, system_actor, workstation_name

# OWASP minimums for argon2id: m=19456 KiB, t=2, p=1.
HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, type=Type.ID)
MIN_PASSWORD_LENGTH = 12
MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
USERNAME_MAX = 64
# A hash to verify against when the user does not exist, so timing does not reveal it.
_DUMMY_HASH = HASHER.hash("not a real password, used for constant-time refusals")


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


def validate_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters. "
            "A few unrelated words make a strong one.",
            field="password",
        )
    if password.strip() != password or not password.strip():
        raise ValidationError("The password cannot start or end with a space.", field="password")
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
    with db.unit_of_work(write=False) as session:
        return session.execute(sa.select(sa.func.count(StaffUser.id))).scalar_one() == 0


def _add(
    session: Any, actor: Actor, username: str, display_name: str, role: Role, password: str
) -> StaffUser:
    username = validate_username(username)
    validate_password(password)
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
    the letterhead settings and logo (an image file's bytes; ValidationError if unusable)."""
    actor = system_actor()
    with db.unit_of_work() as session:
        count = session.execute(sa.select(sa.func.count(StaffUser.id))).scalar_one()
        if count:
            raise ConflictError(
                "The administrator account has already been set up. Sign in instead."
            )
        user = _add(session, actor, username, display_name, Role.ADMINISTRATOR, password)
        if letterhead:
            clean = {
                k: str(v).strip()
                for k, v in letterhead.items()
                if k in settings_service.LETTERHEAD_KEYS
            }
            settings_service.write_in(session, actor, clean)
        if logo:
            from .letterhead import write_logo_in

            write_logo_in(session, actor, logo)
        return _dto(user)


def add_user(
    db: Database, actor: Actor, *, username: str, display_name: str, role: Role, password: str
) -> UserDTO:
    """Add a staff account. Raises PermissionDenied, ValidationError or ConflictError."""
    actor.require(Action.MANAGE_USERS)
    with db.unit_of_work() as session:
        return _dto(_add(session, actor, username, display_name, role, password))


def list_users(db: Database, actor: Actor) -> list[UserDTO]:
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


def authenticate(
    db: Database, username: str, password: str, *, now: datetime | None = None
) -> Actor:
    """Check a sign-in. Returns the Actor for the GUI; raises AuthenticationError with one message
    whatever was wrong, and locks the account for a while after repeated failures."""
    now = now or utcnow()
    refusal = AuthenticationError(
        "The username or password is not right, or the account is locked or disabled. "
        "Check them and try again, or ask your administrator."
    )
    name = username.strip().lower()
    with db.unit_of_work() as session:
        user = session.execute(
            sa.select(StaffUser).where(StaffUser.username == name)
        ).scalar_one_or_none()
        if user is None:
            try:
                HASHER.verify(_DUMMY_HASH, password + "x")
            except VerificationError:
                pass
            actor = Actor(name or "?", None, Source.GUI, workstation_name())
            record(
                session,
                actor,
                AuditEntry("login.failed", "staff_user", None, None, {"username": name}),
            )
            failed = True
        else:
            actor = Actor(
                user.username,
                Role(user.role),
                Source.GUI,
                workstation_name(),
                user.id,
                user.display_name,
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
                record(session, actor, AuditEntry("login", "staff_user", user.id))
                failed = False
            else:
                if not locked:
                    user.failed_logins += 1
                    if user.failed_logins >= MAX_FAILED_LOGINS:
                        user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                        user.failed_logins = 0
                record(session, actor, AuditEntry("login.failed", "staff_user", user.id))
                failed = True
    if failed:
        raise refusal
    return actor
