"""The first administrator of a shared database: an existing administrator account gets its own
login on the server (run by the owner, in the upgrade's transaction)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from divert_desktop.core.enums import Role
from divert_desktop.core.errors import NotFound, ValidationError
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import StaffUser
from divert_desktop.persistence.models.base import CLOCK_KEY
from divert_desktop.services.admin import settings as settings_service
from divert_desktop.services.admin.server_logins import create_login, manage_login
from divert_desktop.services.admin.users import hash_password, validate_password
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.context import Actor


def give_administrator_login(
    session: Any, actor: Actor, username: str, password: str, *, organisation: str = ""
) -> None:
    """Give an existing administrator account its own login on a shared server with this
    password (the first administrator of an upgraded database: run by the owner during the
    upgrade). The account's app password becomes the same; audited. Raises NotFound,
    ValidationError (not an active administrator; a weak password), ConflictError or
    PermissionDenied."""
    name = username.strip().lower()
    user = session.execute(
        sa.select(StaffUser).where(StaffUser.username == name)
    ).scalar_one_or_none()
    if user is None:
        raise NotFound(f"There is no account called {name}.")
    if Role(user.role) is not Role.ADMINISTRATOR or not user.active:
        raise ValidationError(
            f"{name} is not an active administrator account: give the login to an "
            "administrator, or add one with users add NAME --role administrator.",
            field="username",
        )
    validate_password(password, username=name, organisation=organisation)
    exists = session.execute(
        sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}
    ).scalar_one_or_none()
    if exists is None:
        create_login(session, name, password, Role.ADMINISTRATOR)
    else:
        manage_login(session, name, role=Role.ADMINISTRATOR, password=password, active=True)
    user.password_hash = hash_password(password)
    user.must_change_password = False
    user.failed_logins = 0
    user.locked_until = None
    record(
        session,
        actor,
        AuditEntry("user.give_login", "staff_user", user.id, None, {"username": name}),
    )
    session.flush()


def first_administrator_step(
    db: Database, actor: Actor, username: str, password: str
) -> Callable[[Connection], None]:
    """What the upgrade of a shared database runs after its migrations, in its transaction:
    ``username``'s administrator account gets its login with ``password``."""

    def give(conn: Connection) -> None:
        with Session(
            bind=conn, info={CLOCK_KEY: db.clock}, join_transaction_mode="create_savepoint"
        ) as session:
            organisation = str(settings_service.read(session, "organisation_name") or "")
            give_administrator_login(session, actor, username, password, organisation=organisation)
            session.commit()

    return give
