"""PostgreSQL: one group role per app role, and table grants that state the role matrix."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from divert_desktop.core.enums import Role
from divert_desktop.core.permissions import Action, allowed_actions

PREFIX_ENV = "DIVERT_PG_ROLE_PREFIX"
"""Set to choose the group roles' prefix when a shared database is first upgraded to revision
0010 (default: the database's name, so two databases on one server have separate groups)."""

S, I, U, D = "SELECT", "INSERT", "UPDATE", "DELETE"  # noqa: E741
_PEOPLE = ("people", "person_name_parts", "possible_duplicates")
_REFERRAL = ("referrals", "referral_substances", "referral_status_history")
_CLINICAL = ("assessments", "educational_sessions", "onward_referrals")
CLINICAL_TABLES = frozenset(_CLINICAL)
"""Tables a receptionist's login may not read at all."""
AUDIT_TABLES = frozenset({"audit_events", "audit_checkpoints"})


def _on(tables: tuple[str, ...] | str, *privileges: str) -> dict[str, frozenset[str]]:
    names = (tables,) if isinstance(tables, str) else tables
    return {name: frozenset(privileges) for name in names}


def _merge(*parts: Mapping[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for part in parts:
        for table, privileges in part.items():
            out[table] = out.get(table, frozenset()) | privileges
    return out


_DIARY = _merge(
    _on("appointments", S, I, U),
    _on("referrals", S, U),
    _on("referral_status_history", S, I),
    _on(_PEOPLE, S),
)
_INTAKE = _merge(_on(_PEOPLE, S, I, U), _on(_REFERRAL, S, I), _on("appointments", S))
_LETTERS = _merge(_on("letters", S, I), _on("letter_templates", S))
_ERASE = _merge(
    _on(_PEOPLE + _REFERRAL + _CLINICAL + ("appointments", "letters"), U, D),
    _on("person_merges", U),
)

ACTION_RIGHTS: Mapping[Action, Mapping[str, frozenset[str]]] = {
    Action.VIEW_PERSON: _merge(_on(_PEOPLE, S), _on(("referrals", "referral_status_history"), S)),
    Action.VIEW_CLINICAL: _on((*_CLINICAL, "services", "referral_substances"), S),
    Action.EDIT_CONTACT_DETAILS: _on("people", S, U),
    Action.EDIT_PERSON: _merge(_on("people", S, U), _on("person_name_parts", S, I, D)),
    Action.CREATE_REFERRAL: _INTAKE,
    Action.IMPORT_REFERRALS: _INTAKE,
    Action.BOOK_APPOINTMENT: _DIARY,
    Action.MOVE_APPOINTMENT: _DIARY,
    Action.CANCEL_APPOINTMENT: _DIARY,
    Action.MARK_ATTENDANCE: _DIARY,
    Action.PRINT_APPOINTMENT_LETTER: _LETTERS,
    Action.RUN_ENGAGEMENT_UPDATE: _DIARY,
    Action.RECORD_ASSESSMENT: _on("assessments", S, I, U),
    Action.RECORD_SESSION: _on("educational_sessions", S, I, U),
    Action.MANAGE_ONWARD_REFERRAL: _merge(_on("onward_referrals", S, I, U), _on("services", S)),
    Action.RECORD_OUTCOME: _on("referrals", S, U),
    Action.PRINT_OUTCOME_LETTER: _LETTERS,
    Action.WITHDRAW_REFERRAL: _merge(_on("referrals", S, U), _on("referral_status_history", S, I)),
    Action.OVERRIDE_ELIGIBILITY: _merge(
        _on("referrals", S, U), _on("referral_status_history", S, I)
    ),
    Action.CONFIRM_INELIGIBLE: _merge(_on("referrals", S, U), _on("referral_status_history", S, I)),
    Action.VIEW_REPORTS: _on(_PEOPLE + _REFERRAL + _CLINICAL + ("appointments", "services"), S),
    Action.VIEW_AUDIT: _on(("audit_events", "audit_checkpoints"), S),
    Action.EXPORT_EVALUATION: _on(
        _PEOPLE + _REFERRAL + _CLINICAL + ("appointments", "services"), S
    ),
    Action.MANAGE_SERVICE_DIRECTORY: _on("services", S, I, U),
    Action.MERGE_PEOPLE: _merge(
        _on("person_merges", S, I, U),
        _on(_PEOPLE + _REFERRAL + _CLINICAL + ("appointments", "letters"), S, U),
        _on("person_name_parts", I, D),
    ),
    Action.EXPORT_PERSON: _on(
        _PEOPLE + _REFERRAL + _CLINICAL + ("appointments", "letters", "services"), S
    ),
    Action.EXPORT_DATA: _on(_PEOPLE + _REFERRAL + ("appointments",), S),
    Action.MANAGE_USERS: _merge(
        _on("staff_users", S, I, U),
        _on("sign_in_attempts", S, I, U, D),
        _on("working_hours", S, I, U, D),
    ),
    Action.MANAGE_SETTINGS: _on(("settings", "venues", "closures", "working_hours"), S, I, U, D),
    Action.MANAGE_DATABASE: {},
    Action.APPLY_RETENTION: _ERASE,
    Action.ERASE_PERSON: _ERASE,
    Action.EDIT_LETTER_TEMPLATES: _on("letter_templates", S, I),
}
"""What each action of the role matrix needs on the server: table -> privileges. A role's
grants are the union over the actions ``core.permissions`` gives it, plus COMMON_RIGHTS."""

COMMON_RIGHTS: Mapping[str, frozenset[str]] = _merge(
    _on(
        (
            "settings",
            "venues",
            "closures",
            "working_hours",
            "letter_templates",
            "audit_chain",
            "server_roles",
            "alembic_version",
        ),
        S,
    ),
    _on("staff_users", S),
    _on(("audit_events", "audit_checkpoints"), I),
)
"""What every signed-in member of staff needs: shared settings, the diary's reference data, the
names of staff (never ``password_hash``), and adding to the audit trail (the server fills it)."""

FUNCTION_RIGHTS: Mapping[str, frozenset[Role]] = {
    "audit_hmac(text[])": frozenset({Role.MANAGER, Role.ADMINISTRATOR}),
    "divert_create_login(text, text, text)": frozenset({Role.ADMINISTRATOR}),
    "divert_manage_login(text, text, text, boolean)": frozenset({Role.ADMINISTRATOR}),
    "divert_signed_in(timestamp without time zone)": frozenset(Role),
    "divert_change_own_password(text, text)": frozenset(Role),
    "divert_assessment_recorded(integer)": frozenset(Role),
    "divert_session_attendance(integer)": frozenset(Role),
    "divert_clinical_attendance(integer)": frozenset(Role),
}
"""Who may run each of the schema's functions (the SECURITY DEFINER ones check the caller
again): every other function is the owner's alone."""

HIDDEN_COLUMNS: Mapping[str, frozenset[str]] = {"staff_users": frozenset({"password_hash"})}
"""Columns no staff login may read, whatever its role."""


def table_rights(role: Role) -> dict[str, frozenset[str]]:
    """Every table's privileges for ``role``'s group role: the role matrix on the server."""
    parts = [ACTION_RIGHTS[action] for action in sorted(allowed_actions(role))]
    return _merge(COMMON_RIGHTS, *parts)


def default_prefix(database: str) -> str:
    """The group roles' prefix: $DIVERT_PG_ROLE_PREFIX, else the database's name (an identifier
    of lower-case letters, digits and underscores, at most 40 characters)."""
    chosen = os.environ.get(PREFIX_ENV) or database
    clean = re.sub(r"[^a-z0-9_]+", "_", chosen.lower()).strip("_") or "divert"
    return clean[:40]


def group_name(prefix: str, role: Role) -> str:
    return f"{prefix}_{role.value}"


def quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def group_roles(conn: Connection) -> dict[Role, str]:
    """The group role of each app role recorded in ``server_roles`` (empty before 0010)."""
    rows = conn.execute(sa.text("SELECT app_role, group_role FROM server_roles")).all()
    return {Role(app): group for app, group in rows}


def apply_grants(conn: Connection, groups: Mapping[Role, str]) -> None:
    """Revoke everything from PUBLIC and the group roles on the schema's tables, sequences and
    functions, then grant each group exactly ``table_rights`` of its role and the functions of
    FUNCTION_RIGHTS. Run as the owner by every migration that adds a table, a column to
    ``staff_users`` or a function (idempotent; 0013 re-applies them)."""
    schema = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
    tables = list(
        conn.execute(
            sa.text("SELECT tablename FROM pg_tables WHERE schemaname = :s ORDER BY tablename"),
            {"s": schema},
        ).scalars()
    )
    columns: dict[str, list[str]] = {}
    for table, column in conn.execute(
        sa.text(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = :s "
            "ORDER BY table_name, ordinal_position"
        ),
        {"s": schema},
    ):
        columns.setdefault(table, []).append(column)
    everyone = ", ".join(["PUBLIC", *(quote(conn, g) for g in groups.values())])
    conn.execute(sa.text(f"REVOKE ALL ON SCHEMA {quote(conn, schema)} FROM {everyone}"))
    conn.execute(
        sa.text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {quote(conn, schema)} FROM {everyone}")
    )
    conn.execute(
        sa.text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {quote(conn, schema)} FROM {everyone}")
    )
    conn.execute(
        sa.text(f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {quote(conn, schema)} FROM {everyone}")
    )
    for table in tables:  # columns granted one by one keep their grants through REVOKE ALL
        for column in columns.get(table, []):
            conn.execute(
                sa.text(
                    f"REVOKE ALL ({quote(conn, column)}) ON {quote(conn, table)} FROM {everyone}"
                )
            )
    for role, group in groups.items():
        g = quote(conn, group)
        conn.execute(sa.text(f"GRANT USAGE ON SCHEMA {quote(conn, schema)} TO {g}"))
        for table, privileges in sorted(table_rights(role).items()):
            if table not in tables:
                continue
            t = quote(conn, table)
            hidden = HIDDEN_COLUMNS.get(table, frozenset())
            whole = sorted(p for p in privileges if not (p == S and hidden))
            if whole:
                conn.execute(sa.text(f"GRANT {', '.join(whole)} ON {t} TO {g}"))
            if S in privileges and hidden:
                shown = ", ".join(quote(conn, c) for c in columns[table] if c not in hidden)
                conn.execute(sa.text(f"GRANT SELECT ({shown}) ON {t} TO {g}"))
            if S not in privileges and privileges & {U, D}:
                # UPDATE/DELETE ... WHERE needs to read the columns it matches on: the keys only.
                keys = [c for c in columns[table] if c == "id" or c.endswith("_id")]
                if keys:
                    joined = ", ".join(quote(conn, c) for c in keys)
                    conn.execute(sa.text(f"GRANT SELECT ({joined}) ON {t} TO {g}"))
            if I in privileges:
                sequence = (
                    conn.execute(
                        sa.text("SELECT pg_get_serial_sequence(:t, 'id')"),
                        {"t": f"{schema}.{table}"},
                    ).scalar_one_or_none()
                    if "id" in columns.get(table, [])
                    else None
                )
                if sequence:
                    conn.execute(sa.text(f"GRANT USAGE ON SEQUENCE {sequence} TO {g}"))
    for signature, roles in FUNCTION_RIGHTS.items():
        exists = conn.execute(
            sa.text("SELECT to_regprocedure(:f)"), {"f": f"{schema}.{signature}"}
        ).scalar_one_or_none()
        allowed = [quote(conn, groups[r]) for r in sorted(roles) if r in groups]
        if exists is not None and allowed:
            conn.execute(sa.text(f"GRANT EXECUTE ON FUNCTION {signature} TO {', '.join(allowed)}"))


def administrator_logins(conn: Connection) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """On a shared server: the active administrator accounts that can sign in as their own
    login (a LOGIN role in this database's administrator group), and those that cannot yet (an
    upgraded database's accounts have no login until they are given one). Works at any schema
    revision: before 0010 no account has a login; an empty database has no accounts."""
    present = conn.execute(
        sa.text(
            "SELECT to_regclass('staff_users') IS NOT NULL, to_regclass('server_roles') IS NOT NULL"
        )
    ).one()
    if not present[0]:
        return (), ()
    admins = list(
        conn.execute(
            sa.text(
                "SELECT username FROM staff_users WHERE role = 'administrator' AND active "
                "ORDER BY username"
            )
        ).scalars()
    )
    with_login: set[str] = set()
    if present[1] and admins:
        with_login = set(
            conn.execute(
                sa.text(
                    "SELECT u.rolname FROM server_roles s "
                    "JOIN pg_catalog.pg_roles g ON g.rolname = s.group_role "
                    "JOIN pg_catalog.pg_auth_members m ON m.roleid = g.oid "
                    "JOIN pg_catalog.pg_roles u ON u.oid = m.member "
                    "WHERE s.app_role = 'administrator' AND u.rolcanlogin "
                    "AND u.rolname = ANY(:names)"
                ),
                {"names": admins},
            ).scalars()
        )
    return (
        tuple(a for a in admins if a in with_login),
        tuple(a for a in admins if a not in with_login),
    )
