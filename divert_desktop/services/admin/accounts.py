"""Looking after staff accounts: roles, disabling and enabling, password resets and changes."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from argon2.exceptions import InvalidHashError, VerificationError

from divert_desktop.core.enums import Role
from divert_desktop.core.errors import (
    AuthenticationError,
    ConflictError,
    NotFound,
    ValidationError,
)
from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import StaffUser
from divert_desktop.services.admin import settings as settings_service
from divert_desktop.services.admin.users import (
    HASHER,
    UserDTO,
    _dto,
    hash_password,
    validate_password,
    validate_username,
)
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor


def _user(session: Any, user_id: int) -> StaffUser:
    user = session.get(StaffUser, user_id)
    if user is None:
        raise NotFound("That account no longer exists. Refresh the list.")
    return user


def find_user(db: Database, actor: Actor, username: str) -> UserDTO:
    """The account with this username. Raises PermissionDenied or NotFound."""
    actor.require(Action.MANAGE_USERS)
    name = validate_username(username)
    with db.unit_of_work(write=False) as session:
        user = session.execute(
            sa.select(StaffUser).where(StaffUser.username == name)
        ).scalar_one_or_none()
        if user is None:
            raise NotFound(f"There is no account called {name}.")
        return _dto(user)


def _other_active_administrators(session: Any, user_id: int) -> int:
    return session.execute(
        sa.select(sa.func.count(StaffUser.id)).where(
            StaffUser.active,
            StaffUser.role == Role.ADMINISTRATOR,
            StaffUser.id != user_id,
        )
    ).scalar_one()


def _not_yourself(actor: Actor, user: StaffUser, what: str) -> None:
    if actor.user_id is not None and actor.user_id == user.id:
        raise ConflictError(f"You cannot {what} your own account. Ask another administrator.")


def _server(session: Any, on: bool, username: str, **change: Any) -> None:
    """On a shared server (``on``), make the same change to the account's login role."""
    if on and session.get_bind().dialect.name == "postgresql":
        from divert_desktop.services.admin.server_logins import manage_login

        manage_login(session, username, **change)


@announces(Kind.USERS)
def set_role(
    db: Database, actor: Actor, user_id: int, role: Role, *, server_login: bool = False
) -> UserDTO:
    """Give an account another role; its open session ends at its next action.
    Raises PermissionDenied, NotFound or ConflictError (own account, last administrator)."""
    actor.require(Action.MANAGE_USERS)
    with db.unit_of_work() as session:
        user = _user(session, user_id)
        before = Role(user.role)
        if before is role:
            return _dto(user)
        _not_yourself(actor, user, "change the role of")
        if before is Role.ADMINISTRATOR and not _other_active_administrators(session, user.id):
            raise ConflictError(
                "This is the only active administrator. Make someone else an administrator first."
            )
        user.role = role
        _server(session, server_login, user.username, role=role)
        record(
            session,
            actor,
            AuditEntry(
                "user.role",
                "staff_user",
                user.id,
                None,
                {"role": {"before": before.value, "after": role.value}},
            ),
        )
        session.flush()
        return _dto(user)


@announces(Kind.USERS)
def set_active(
    db: Database, actor: Actor, user_id: int, active: bool, *, server_login: bool = False
) -> UserDTO:
    """Disable an account (its open session ends at its next action) or enable it again.
    Raises PermissionDenied, NotFound or ConflictError (own account, last administrator)."""
    actor.require(Action.MANAGE_USERS)
    with db.unit_of_work() as session:
        user = _user(session, user_id)
        if user.active == active:
            return _dto(user)
        if not active:
            _not_yourself(actor, user, "disable")
            if Role(user.role) is Role.ADMINISTRATOR and not _other_active_administrators(
                session, user.id
            ):
                raise ConflictError(
                    "This is the only active administrator, so it cannot be disabled."
                )
        user.active = active
        _server(session, server_login, user.username, active=active)
        if active:
            user.failed_logins = 0
            user.locked_until = None
        action = "user.enable" if active else "user.disable"
        record(
            session,
            actor,
            AuditEntry(action, "staff_user", user.id, None, {"username": user.username}),
        )
        session.flush()
        return _dto(user)


@announces(Kind.USERS)
def reset_password(
    db: Database,
    actor: Actor,
    user_id: int,
    temporary_password: str,
    *,
    server_login: bool = False,
) -> UserDTO:
    """Give an account a temporary password; the user must choose a new one at next sign-in
    and any open session ends. Also unlocks the account. Raises PermissionDenied, NotFound,
    ValidationError (field ``password``) or ConflictError (own account: change it instead)."""
    actor.require(Action.MANAGE_USERS)
    with db.unit_of_work() as session:
        user = _user(session, user_id)
        _not_yourself(actor, user, "reset the password of")
        organisation = str(settings_service.read(session, "organisation_name") or "")
        validate_password(temporary_password, username=user.username, organisation=organisation)
        user.password_hash = hash_password(temporary_password)
        user.must_change_password = True
        _server(session, server_login, user.username, password=temporary_password)
        user.failed_logins = 0
        user.locked_until = None
        record(
            session,
            actor,
            AuditEntry(
                "user.reset_password", "staff_user", user.id, None, {"username": user.username}
            ),
        )
        session.flush()
        return _dto(user)


@announces(Kind.USERS)
def change_own_password(
    db: Database, actor: Actor, new_password: str, *, current_password: str | None = None
) -> UserDTO:
    """The signed-in user chooses a new password. Right after a reset (``must_change_password``)
    the temporary password was just typed to sign in, so it is not asked again; otherwise
    ``current_password`` must be right. Raises AuthenticationError or ValidationError."""
    if actor.user_id is None:
        raise ValidationError("Only a signed-in member of staff can change a password.")
    if not db.is_sqlite and sa.make_url(db.url).username == actor.username:
        # Signed in as their own login (a shared server): the login's password changes.
        return _change_own_login_password(db, actor, new_password, current_password)
    with db.unit_of_work() as session:
        user = _user(session, actor.user_id)
        if not user.active:
            raise AuthenticationError("Your account has been disabled.")
        # Skipped only for the session that signed in with the temporary password: a session
        # opened before the reset must not take the account back without knowing either one.
        if not (user.must_change_password and actor.must_change_password):
            if user.must_change_password and actor.guard is not None:
                actor.guard()  # raises SessionEndedError: the reset ended this session
            try:
                ok = current_password is not None and HASHER.verify(
                    user.password_hash, current_password
                )
            except (VerificationError, InvalidHashError):
                ok = False
            if not ok:
                raise ValidationError(
                    "That is not your current password. Type it again.", field="current_password"
                )
        organisation = str(settings_service.read(session, "organisation_name") or "")
        validate_password(new_password, username=user.username, organisation=organisation)
        try:
            same: bool = HASHER.verify(user.password_hash, new_password)
        except (VerificationError, InvalidHashError):
            same = False
        if same:
            raise ValidationError(
                "Choose a password different from the one you have now.", field="password"
            )
        user.password_hash = hash_password(new_password)
        user.must_change_password = False
        record(session, actor, AuditEntry("user.change_password", "staff_user", user.id))
        session.flush()
        return _dto(user)


def _change_own_login_password(
    db: Database, actor: Actor, new_password: str, current_password: str | None
) -> UserDTO:
    """On a shared server ``db`` is the person's own login: the server checks the current
    password (a new connection with it) and the login's password changes (ALTER ROLE through
    ``divert_change_own_password``, sent as a SCRAM verifier); new connections use it."""
    from divert_desktop.services.admin.server_logins import verifier_for
    from divert_desktop.services.admin.server_sign_in import (
        is_authentication_failure,
        login_database,
    )

    assert actor.user_id is not None  # checked by change_own_password
    forced = actor.must_change_password
    if not forced:
        if actor.guard is not None:
            actor.guard()  # raises SessionEndedError once an administrator reset the password
        if not current_password:
            raise ValidationError(
                "That is not your current password. Type it again.", field="current_password"
            )
        check = login_database(db, actor.username, current_password)
        try:
            with check.engine.connect():
                pass
        except sa.exc.DBAPIError as exc:
            if not is_authentication_failure(exc):
                raise
            raise ValidationError(
                "That is not your current password. Type it again.", field="current_password"
            ) from exc
        finally:
            check.dispose()
        if new_password == current_password:
            raise ValidationError(
                "Choose a password different from the one you have now.", field="password"
            )
    with db.unit_of_work() as session:
        user = _user(session, actor.user_id)
        if not user.active:
            raise AuthenticationError("Your account has been disabled.")
        organisation = str(settings_service.read(session, "organisation_name") or "")
        validate_password(new_password, username=user.username, organisation=organisation)
        session.execute(
            sa.text("SELECT divert_change_own_password(:verifier, :hash)"),
            {
                "verifier": verifier_for(session, user.username, new_password),
                "hash": hash_password(new_password),
            },
        )
        record(session, actor, AuditEntry("user.change_password", "staff_user", user.id))
        session.flush()
        session.refresh(user)
        dto = _dto(user)
    db.set_password(new_password)
    return dto
