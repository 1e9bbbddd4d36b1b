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
NO_LOGIN_RIGHTS = (
    "This connection may not create logins on the server, so the administrator's account "
    "cannot get its login here. Ask the server's administrator to run, as the database's owner "
    "role (made with CREATEROLE): divert-desktop --database postgresql://OWNER@SERVER/DATABASE "
    "users add NAME --role administrator --password-stdin"
)
NOT_STAFF_LOGIN = "{login} is a login on the server that is not one of this database's staff."


def is_shared(session_or_db: Any) -> bool:
    bind = session_or_db.engine if isinstance(session_or_db, Database) else session_or_db.get_bind()
    return bind.dialect.name == "postgresql"


def verifier_for(session: Any, username: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of the password, made here by libpq: the server never gets
    the password itself (nor does a statement log)."""
    driver = session.connection().connection.driver_connection
    made = driver.pgconn.encrypt_password(password.encode(), username.encode(), b"scram-sha-256")
    return made.decode()


def _owner_may_create_roles(session: Any) -> bool | None:
    """None for a staff login of this database (it manages logins through the SECURITY
    DEFINER functions, which check it is an administrator); else whether the connection may
    create roles itself (the database's owner role, made with CREATEROLE, or a superuser)."""
    row = session.execute(
        sa.text(
            "SELECT u.rolsuper OR u.rolcreaterole AS may, EXISTS ("
            " SELECT 1 FROM server_roles s JOIN pg_roles g ON g.rolname = s.group_role"
            " JOIN pg_auth_members m ON m.roleid = g.oid WHERE m.member = u.oid) AS staff "
            "FROM pg_roles u WHERE u.rolname = session_user"
        )
    ).one()
    return None if row.staff else bool(row.may)


def _as_owner(session: Any, statement: Any) -> None:
    """Run a role statement (built with psycopg's quoting) as the connection itself."""
    try:
        with session.begin_nested():
            raw = session.connection().connection.driver_connection
            with raw.cursor() as cursor:
                cursor.execute(statement)
    except sa.exc.DBAPIError as exc:
        if "permission denied" in str(exc.orig) or "must have" in str(exc.orig):
            raise PermissionDenied(NO_LOGIN_RIGHTS) from exc
        raise


def _group_of(session: Any, role: Role) -> str:
    return session.execute(
        sa.text("SELECT group_role FROM server_roles WHERE app_role = :r"), {"r": role.value}
    ).scalar_one()


def _owner_create(session: Any, username: str, verifier: str, role: Role) -> None:
    from psycopg import sql

    exists = session.execute(
        sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": username}
    ).scalar_one_or_none()
    if exists is not None:
        raise ConflictError(
            f"The server already has a login called {username}. Choose another "
            "username, or ask the server's administrator."
        )
    login = sql.Identifier(username)
    _as_owner(
        session,
        sql.SQL(
            "CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION INHERIT "
            "PASSWORD {}"
        ).format(login, sql.Literal(verifier)),
    )
    _as_owner(
        session, sql.SQL("GRANT {} TO {}").format(sql.Identifier(_group_of(session, role)), login)
    )


def _owner_manage(
    session: Any, username: str, role: Role | None, verifier: str | None, active: bool | None
) -> None:
    """What ``divert_manage_login`` does, done by the owner itself (and only to a login of
    this database's staff: never another role on the server)."""
    from psycopg import sql

    groups = list(session.execute(sa.text("SELECT group_role FROM server_roles")).scalars())
    staff = session.execute(
        sa.text(
            "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member "
            "WHERE u.rolname = :n AND g.rolname = ANY(:g) AND NOT u.rolsuper LIMIT 1"
        ),
        {"n": username, "g": groups},
    ).scalar_one_or_none()
    if staff is None:
        raise PermissionDenied(NOT_STAFF_LOGIN.format(login=username))
    login = sql.Identifier(username)
    if role is not None:
        target = _group_of(session, role)
        for group in groups:
            if group != target:
                _as_owner(
                    session, sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), login)
                )
        _as_owner(session, sql.SQL("GRANT {} TO {}").format(sql.Identifier(target), login))
    if verifier is not None:
        _as_owner(
            session, sql.SQL("ALTER ROLE {} PASSWORD {}").format(login, sql.Literal(verifier))
        )
    if active is not None:
        _as_owner(
            session,
            sql.SQL("ALTER ROLE {} {}").format(login, sql.SQL("LOGIN" if active else "NOLOGIN")),
        )


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
    """Create ``username``'s login role in ``role``'s group with this password (SCRAM): by an
    administrator's own login through ``divert_create_login``, or by the owner role itself.
    Raises ConflictError (the name is taken on the server) or PermissionDenied."""
    owner = _owner_may_create_roles(session)
    if owner is False:
        raise PermissionDenied(NO_LOGIN_RIGHTS)
    if owner:
        _owner_create(session, username, verifier_for(session, username, password), role)
        return
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
    owner = _owner_may_create_roles(session)
    if owner is False:
        raise PermissionDenied(NO_LOGIN_RIGHTS)
    if owner:
        _owner_manage(session, username, role, verifier, active)
        return
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
