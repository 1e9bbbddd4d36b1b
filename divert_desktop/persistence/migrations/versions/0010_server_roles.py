"""shared server: group roles per app role, grants from the role matrix, audit written by the server

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05

``server_roles`` names the PostgreSQL group role of each app role (empty on SQLite, where the
file's owner is the boundary). On PostgreSQL this migration, run by the owner role:

- creates the group roles ``<prefix>_receptionist``, ``_caseworker``, ``_manager`` and
  ``_administrator`` (NOLOGIN; the prefix is $DIVERT_PG_ROLE_PREFIX, else the database's name),
  and grants each exactly what ``persistence.server_roles.table_rights`` derives from the role
  matrix (nothing to PUBLIC; no group owns anything, so none can ALTER a table or a trigger);
- has the server write the audit trail: a BEFORE INSERT trigger stamps each event of a staff
  login (a direct member of a group role) with the server's ``current_user``, that group's app
  role and the server's time, whatever the client sent; a second one (SECURITY DEFINER, fixed
  search_path) gives it the next id and seals it into the hash chain with the key the client
  never sees, with the same canonical text the verifier rebuilds. Checkpoints get the trail's
  head from the server the same way;
- adds ``divert_create_login`` and ``divert_manage_login`` (SECURITY DEFINER, for members of the
  administrator group only): a staff login's role is created, disabled, moved between groups or
  given a new password (a SCRAM-SHA-256 verifier made by the client) by the owner on their behalf.

Rows are not touched: an existing shared database keeps everything. Its accounts become logins
when an administrator (or the owner, with ``users add``/``users reset-password``) gives each a
password on the server; see the README's shared-server section.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from divert_desktop.core.enums import Role
from divert_desktop.persistence.server_roles import (
    apply_grants,
    default_prefix,
    group_name,
    quote,
)

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_JSON_STRING = r"""
CREATE FUNCTION audit_json_string(t text) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    s text := to_json(t)::text;
    out text := '';
    c text;
    n integer;
BEGIN
    -- Python's json.dumps(ensure_ascii=True): what is not printable ASCII becomes \uXXXX.
    IF t IS NULL THEN
        RETURN NULL;
    END IF;
    IF s !~ '[^\x20-\x7e]' THEN
        RETURN s;
    END IF;
    FOR i IN 1..length(s) LOOP
        c := substr(s, i, 1);
        n := ascii(c);
        IF n BETWEEN 32 AND 126 THEN
            out := out || c;
        ELSIF n < 65536 THEN
            out := out || '\u' || lpad(to_hex(n), 4, '0');
        ELSE
            n := n - 65536;
            out := out || '\u' || to_hex(55296 + (n >> 10)) || '\u' || to_hex(56320 + (n & 1023));
        END IF;
    END LOOP;
    RETURN out;
END
$$
"""

_CANONICAL = r"""
CREATE FUNCTION audit_canonical(j json) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    kind text := json_typeof(j);
    out text;
BEGIN
    -- json.dumps(sort_keys=True, separators=(",", ":")) of the value the client stored.
    IF j IS NULL THEN
        RETURN 'null';
    ELSIF kind = 'object' THEN
        SELECT '{' || coalesce(string_agg({s}.audit_json_string(e.key) || ':'
                                           || {s}.audit_canonical(e.value), ','
                                           ORDER BY e.key COLLATE "C"), '') || '}'
          INTO out FROM json_each(j) AS e;
        RETURN out;
    ELSIF kind = 'array' THEN
        SELECT '[' || coalesce(string_agg({s}.audit_canonical(a.v), ',' ORDER BY a.i), '') || ']'
          INTO out FROM json_array_elements(j) WITH ORDINALITY AS a(v, i);
        RETURN out;
    ELSIF kind = 'string' THEN
        RETURN {s}.audit_json_string(j #>> '{}');
    END IF;
    RETURN btrim(j::text);
END
$$
"""

_TIME_TEXT = r"""
CREATE FUNCTION audit_time_text(ts timestamp) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    -- Python's str(datetime): microseconds only when there are some.
    SELECT to_char(ts, 'YYYY-MM-DD HH24:MI:SS')
        || CASE WHEN mod(extract(microseconds FROM ts)::bigint, 1000000) = 0 THEN ''
                ELSE '.' || lpad((mod(extract(microseconds FROM ts)::bigint, 1000000))::text, 6, '0')
           END
$$
"""

_PAYLOAD = r"""
CREATE FUNCTION audit_payload(e audit_events) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT '{"action":' || {s}.audit_json_string(e.action)
        || ',"at":' || {s}.audit_json_string({s}.audit_time_text(e.at))
        || ',"details":' || {s}.audit_canonical(e.details)
        || ',"entity_id":' || coalesce({s}.audit_json_string(e.entity_id), 'null')
        || ',"entity_type":' || {s}.audit_json_string(e.entity_type)
        || ',"person_id":' || coalesce(e.person_id::text, 'null')
        || ',"role":' || coalesce({s}.audit_json_string(e.role), 'null')
        || ',"source":' || {s}.audit_json_string(e.source)
        || ',"username":' || {s}.audit_json_string(e.username)
        || ',"workstation":' || {s}.audit_json_string(e.workstation) || '}'
$$
"""


def _staff_role_sql(groups: dict[Role, str]) -> str:
    """The app role of current_user when it is a direct member of a group role, else NULL."""
    cases = " ".join(
        f"WHEN {_literal(group)} THEN {_literal(role.value)}" for role, group in groups.items()
    )
    names = ", ".join(_literal(group) for group in groups.values())
    return (
        f"SELECT CASE g.rolname {cases} END FROM pg_catalog.pg_auth_members m "
        "JOIN pg_catalog.pg_roles g ON g.oid = m.roleid "
        "JOIN pg_catalog.pg_roles u ON u.oid = m.member "
        f"WHERE u.rolname = current_user AND g.rolname IN ({names}) "
        "ORDER BY g.rolname LIMIT 1"
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _pg_audit(schema: str, groups: dict[Role, str]) -> list[str]:
    s = f'"{schema}"'
    hmac = "encode(sha256(k.outer_pad || sha256(k.inner_pad || convert_to(msg, 'UTF8'))), 'hex')"
    return [
        _JSON_STRING,
        _CANONICAL.replace("{s}", s),
        _TIME_TEXT,
        _PAYLOAD.replace("{s}", s),
        f"""
        CREATE FUNCTION audit_events_stamp() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            app_role text := ({_staff_role_sql(groups)});
        BEGIN
            -- Runs as the inserting login: a staff login's events are the server's word on
            -- who and when, whatever the client sent.
            IF app_role IS NOT NULL THEN
                NEW.username := current_user;
                NEW.role := app_role;
                NEW.at := timezone('utc', clock_timestamp());
            END IF;
            RETURN NEW;
        END
        $$
        """,
        f"""
        CREATE FUNCTION audit_events_seal() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            k record;
            chain record;
            prev text;
            msg text;
        BEGIN
            PERFORM pg_advisory_xact_lock({0x41554454});
            NEW.id := nextval(pg_get_serial_sequence('{schema}.audit_events', 'id'));
            SELECT e.hash INTO prev FROM {s}.audit_events e ORDER BY e.id DESC LIMIT 1;
            NEW.prev_hash := coalesce(prev, repeat('0', 64));
            msg := NEW.prev_hash || {s}.audit_payload(NEW);
            SELECT c.keyed_from INTO chain FROM {s}.audit_chain c ORDER BY c.id LIMIT 1;
            IF chain.keyed_from IS NOT NULL AND NEW.id >= chain.keyed_from THEN
                SELECT inner_pad, outer_pad INTO k FROM {s}.audit_key ORDER BY id LIMIT 1;
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'audit_key_missing: the audit key is missing';
                END IF;
                NEW.hash := {hmac};
            ELSE
                NEW.hash := encode(sha256(convert_to(msg, 'UTF8')), 'hex');
            END IF;
            RETURN NEW;
        END
        $$
        """,
        # The seal gives the id, under the chain's lock: ids follow the chain's order.
        "ALTER TABLE audit_events ALTER COLUMN id DROP DEFAULT",
        "CREATE TRIGGER trg_audit_events_1_stamp BEFORE INSERT ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_stamp()",
        "CREATE TRIGGER trg_audit_events_2_seal BEFORE INSERT ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_seal()",
        f"""
        CREATE FUNCTION audit_checkpoints_fill() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock({0x41554454});
            SELECT c.installation_id, c.keyed_from INTO NEW.installation_id, NEW.keyed_from
              FROM {s}.audit_chain c ORDER BY c.id LIMIT 1;
            SELECT count(*), max(e.id) INTO NEW.events, NEW.head_id FROM {s}.audit_events e;
            SELECT coalesce((SELECT e.hash FROM {s}.audit_events e WHERE e.id = NEW.head_id),
                            repeat('0', 64)) INTO NEW.head_hash;
            RETURN NEW;
        END
        $$
        """,
        "CREATE TRIGGER trg_audit_checkpoints_fill BEFORE INSERT ON audit_checkpoints "
        "FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_fill()",
    ]


def _pg_logins(schema: str, groups: dict[Role, str]) -> list[str]:
    s = f'"{schema}"'
    admin = _literal(groups[Role.ADMINISTRATOR])
    check = f"""
            IF NOT EXISTS (
                SELECT 1 FROM pg_catalog.pg_auth_members m
                JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
                JOIN pg_catalog.pg_roles u ON u.oid = m.member
                WHERE u.rolname = session_user AND g.rolname = {admin}
            ) AND NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user) THEN
                RAISE EXCEPTION 'not_administrator: only an administrator may manage logins'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            SELECT group_role INTO target FROM {s}.server_roles WHERE app_role = new_role;
            IF new_role IS NOT NULL AND target IS NULL THEN
                RAISE EXCEPTION 'unknown_role: %', new_role;
            END IF;
    """
    groups_list = ", ".join(_literal(g) for g in groups.values())
    return [
        f"""
        CREATE FUNCTION divert_create_login(login text, verifier text, new_role text)
        RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            target text;
        BEGIN
            {check}
            IF left(verifier, 14) <> 'SCRAM-SHA-256$' THEN
                RAISE EXCEPTION 'not_scram: the password must be a SCRAM-SHA-256 verifier';
            END IF;
            IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = login) THEN
                RAISE EXCEPTION 'login_exists: the server already has a login called %', login
                    USING ERRCODE = 'duplicate_object';
            END IF;
            EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE '
                           'NOREPLICATION INHERIT PASSWORD %L', login, verifier);
            EXECUTE format('GRANT %I TO %I', target, login);
        END
        $$
        """,
        f"""
        CREATE FUNCTION divert_manage_login(login text, new_role text, verifier text,
                                            can_login boolean)
        RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            target text;
            g text;
        BEGIN
            {check}
            -- Only logins of this database's staff: a member of one of its group roles.
            IF NOT EXISTS (
                SELECT 1 FROM pg_catalog.pg_auth_members m
                JOIN pg_catalog.pg_roles r ON r.oid = m.roleid
                JOIN pg_catalog.pg_roles u ON u.oid = m.member
                WHERE u.rolname = login AND r.rolname IN ({groups_list})
                  AND NOT u.rolsuper
            ) THEN
                RAISE EXCEPTION 'not_staff_login: % is not a staff login of this database', login
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF target IS NOT NULL THEN
                FOREACH g IN ARRAY ARRAY[{groups_list}] LOOP
                    IF g <> target THEN
                        EXECUTE format('REVOKE %I FROM %I', g, login);
                    END IF;
                END LOOP;
                EXECUTE format('GRANT %I TO %I', target, login);
            END IF;
            IF verifier IS NOT NULL THEN
                IF left(verifier, 14) <> 'SCRAM-SHA-256$' THEN
                    RAISE EXCEPTION 'not_scram: the password must be a SCRAM-SHA-256 verifier';
                END IF;
                EXECUTE format('ALTER ROLE %I PASSWORD %L', login, verifier);
            END IF;
            IF can_login IS NOT NULL THEN
                EXECUTE format('ALTER ROLE %I %s', login,
                               CASE WHEN can_login THEN 'LOGIN' ELSE 'NOLOGIN' END);
            END IF;
        END
        $$
        """,
    ]


def _server_roles_table() -> sa.Table:
    return op.create_table(
        "server_roles",
        sa.Column("app_role", sa.String(length=32), nullable=False),
        sa.Column("group_role", sa.String(length=63), nullable=False),
        sa.PrimaryKeyConstraint("app_role", name=op.f("pk_server_roles")),
    )


def upgrade() -> None:
    table = _server_roles_table()
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    database = bind.execute(sa.text("SELECT current_database()")).scalar_one()
    schema = bind.execute(sa.text("SELECT current_schema()")).scalar_one()
    prefix = default_prefix(database)
    groups = {role: group_name(prefix, role) for role in Role}
    for group in groups.values():
        exists = bind.execute(
            sa.text("SELECT 1 FROM pg_roles WHERE rolname = :g"), {"g": group}
        ).scalar_one_or_none()
        if exists is None:
            bind.execute(sa.text(f"CREATE ROLE {quote(bind, group)} NOLOGIN"))
    op.bulk_insert(table, [{"app_role": r.value, "group_role": g} for r, g in groups.items()])
    with bind.connection.cursor() as cursor:  # the driver's own: no placeholders in these
        for statement in _pg_audit(schema, groups) + _pg_logins(schema, groups):
            cursor.execute(statement)
    apply_grants(bind, groups)
    admins = (quote(bind, groups[Role.ADMINISTRATOR]),)
    readers = ", ".join(quote(bind, groups[r]) for r in (Role.MANAGER, Role.ADMINISTRATOR))
    op.execute(f"GRANT EXECUTE ON FUNCTION audit_hmac(text[]) TO {readers}")
    op.execute(f"GRANT EXECUTE ON FUNCTION divert_create_login(text, text, text) TO {admins[0]}")
    op.execute(
        f"GRANT EXECUTE ON FUNCTION divert_manage_login(text, text, text, boolean) TO {admins[0]}"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for statement in (
            "DROP TRIGGER IF EXISTS trg_audit_checkpoints_fill ON audit_checkpoints",
            "ALTER TABLE audit_events ALTER COLUMN id SET DEFAULT "
            "nextval(pg_get_serial_sequence('audit_events', 'id'))",
            "DROP TRIGGER IF EXISTS trg_audit_events_2_seal ON audit_events",
            "DROP TRIGGER IF EXISTS trg_audit_events_1_stamp ON audit_events",
            "DROP FUNCTION IF EXISTS audit_checkpoints_fill()",
            "DROP FUNCTION IF EXISTS audit_events_seal()",
            "DROP FUNCTION IF EXISTS audit_events_stamp()",
            "DROP FUNCTION IF EXISTS audit_payload(audit_events)",
            "DROP FUNCTION IF EXISTS audit_time_text(timestamp)",
            "DROP FUNCTION IF EXISTS audit_canonical(json)",
            "DROP FUNCTION IF EXISTS audit_json_string(text)",
            "DROP FUNCTION IF EXISTS divert_create_login(text, text, text)",
            "DROP FUNCTION IF EXISTS divert_manage_login(text, text, text, boolean)",
        ):
            op.execute(statement)
    op.drop_table("server_roles")
