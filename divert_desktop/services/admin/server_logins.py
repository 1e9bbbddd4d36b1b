"""Shared server: a member of staff is a PostgreSQL login in their role's group role."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from divert_desktop.core.enums import Role, Source
from divert_desktop.core.errors import ConflictError, PermissionDenied
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import StaffUser
from divert_desktop.services.context import Actor, cli_actor, workstation_name

REFUSED = "The server refused: your role does not allow this."


def is_shared(session_or_db: Any) -> bool:
    bind = session_or_db.engine if isinstance(session_or_db, Database) else session_or_db.get_bind()
    return bind.dialect.name == "postgresql"


def verifier_for(session: Any, username: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of the password, made here by libpq: the server never gets
    the password itself (nor does a statement log)."""
    driver = session.connection().connection.driver_connection
    made = driver.pgconn.encrypt_password(password.encode(), username.encode(), b"scram-sha-256")
    return made.decode()


def _call(session: Any, sql: str, params: dict[str, Any]) -> None:
    try:
        with session.begin_nested():
            session.execute(sa.text(sql), params)
    except sa.exc.DBAPIError as exc:
        text = str(exc.orig)
        if "login_exists" in text:
            raise ConflictError(
                f"The server already has a login called {params['login']}. Choose another "
                "username, or ask the server's administrator."
            ) from exc
        if "permission denied" in text or "not_administrator" in text:
            raise PermissionDenied(
                "Only an administrator signed in as themselves can manage logins."
            ) from exc
        raise


def create_login(session: Any, username: str, password: str, role: Role) -> None:
    """Create ``username``'s login role in ``role``'s group with this password (SCRAM)."""
    _call(
        session,
        "SELECT divert_create_login(:login, :verifier, :role)",
        {
            "login": username,
            "verifier": verifier_for(session, username, password),
            "role": role.value,
        },
    )


def manage_login(
    session: Any,
    username: str,
    *,
    role: Role | None = None,
    password: str | None = None,
    active: bool | None = None,
) -> None:
    """Move a login to another group, give it a new password, or disable or enable it.
    Accounts made before their login existed (an upgraded database) have none: nothing to do."""
    exists = session.execute(
        sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": username}
    ).scalar_one_or_none()
    if exists is None:
        if password is not None and role is None:
            user_role = session.execute(
                sa.select(StaffUser.role).where(StaffUser.username == username)
            ).scalar_one()
            create_login(session, username, password, Role(user_role))
        return
    verifier = verifier_for(session, username, password) if password is not None else None
    _call(
        session,
        "SELECT divert_manage_login(:login, :role, :verifier, :active)",
        {
            "login": username,
            "role": role.value if role else None,
            "verifier": verifier,
            "active": active,
        },
    )


def server_actor(db: Database, *, source: Source = Source.CLI) -> Actor:
    """Who the connection is: a staff login (a member of one of this database's group roles)
    acts with that role, under its own name; any other login (the owner) is the command line
    as before, with no role, and the server's grants are its limits."""
    with db.unit_of_work(write=False) as session:
        row = session.execute(
            sa.text(
                "SELECT current_user AS login, s.app_role FROM server_roles s "
                "JOIN pg_roles g ON g.rolname = s.group_role "
                "JOIN pg_auth_members m ON m.roleid = g.oid "
                "JOIN pg_roles u ON u.oid = m.member AND u.rolname = current_user "
                "ORDER BY s.app_role LIMIT 1"
            )
        ).one_or_none()
        if row is None:
            return cli_actor()
        user = session.execute(
            sa.select(StaffUser.id, StaffUser.display_name).where(StaffUser.username == row.login)
        ).one_or_none()
    return Actor(
        username=row.login,
        role=Role(row.app_role),
        source=source,
        workstation=workstation_name(),
        user_id=user.id if user else None,
        display_name=user.display_name if user else row.login,
    )
