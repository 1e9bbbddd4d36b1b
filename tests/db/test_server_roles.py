"""The shared server is the boundary: group roles' grants are the role matrix, raw connections
as each role get exactly that, and the server writes who did what in the audit trail."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from divert_desktop.core.enums import Role
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Base
from divert_desktop.persistence.server_roles import (
    AUDIT_TABLES,
    CLINICAL_TABLES,
    group_roles,
    table_rights,
)
from divert_desktop.services.audit.trail import verify_chain
from tests.conftest import fresh_url

pytestmark = pytest.mark.pg  # PostgreSQL only (the moved-clock passes leave these out)

PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")
_logins = itertools.count(1)


@pytest.fixture
def pg(request: pytest.FixtureRequest, tmp_path) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    database = Database(fresh_url("postgresql", request, tmp_path))
    yield database
    database.dispose()


@pytest.fixture
def login(pg: Database) -> Iterator:  # type: ignore[type-arg]
    """Make a login in a role's group (with a password, as the app would) and return an engine
    connected as it, as `psql` would be: a raw connection, no app in between."""
    made: list[tuple[str, Engine]] = []
    with pg.engine.connect() as conn:
        groups = group_roles(conn)

    def _make(role: Role) -> Engine:
        name = f"{groups[role]}_t{next(_logins)}"
        with pg.engine.begin() as conn:
            conn.execute(
                sa.text(
                    f"CREATE ROLE \"{name}\" LOGIN PASSWORD 'Sc0red-but-long-enough' "
                    f'IN ROLE "{groups[role]}"'
                )
            )
        url = make_url(pg.url).set(username=name)
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        made.append((name, engine))
        return engine

    yield _make
    for name, engine in made:
        engine.dispose()
        with pg.engine.begin() as conn:
            conn.execute(sa.text(f'DROP ROLE IF EXISTS "{name}"'))


def _tables() -> list[str]:
    return sorted(Base.metadata.tables)


def test_each_group_role_has_exactly_the_matrix_grants(pg: Database) -> None:
    """Every group role × every table × every action: the server allows exactly what the role
    matrix (through persistence.server_roles) allows, and nothing else (no TRUNCATE, TRIGGER,
    REFERENCES; no column but the hidden ones differs)."""
    with pg.engine.connect() as conn:
        groups = group_roles(conn)
        assert set(groups) == set(Role)
        for role, group in groups.items():
            rights = table_rights(role)
            for table in _tables():
                for privilege in (*PRIVILEGES, "TRUNCATE", "REFERENCES", "TRIGGER"):
                    has = conn.execute(
                        sa.text("SELECT has_table_privilege(:g, :t, :p)"),
                        {"g": group, "t": table, "p": privilege},
                    ).scalar_one()
                    expected = privilege in rights.get(table, frozenset())
                    if table == "staff_users" and privilege == "SELECT":
                        expected = False  # granted column by column, without password_hash
                    assert has == expected, (role, table, privilege)
            hidden = conn.execute(
                sa.text(
                    "SELECT has_column_privilege(:g, 'staff_users', 'password_hash', 'SELECT'), "
                    "has_column_privilege(:g, 'staff_users', 'display_name', 'SELECT')"
                ),
                {"g": group},
            ).one()
            assert tuple(hidden) == (False, True)
        owners = conn.execute(
            sa.text(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
                "AND tableowner = ANY(:g)"
            ),
            {"g": list(groups.values())},
        ).scalar_one()
        assert owners == 0


def test_the_matrix_facts_the_issue_names(pg: Database) -> None:
    """Stated independently of the grant table: a receptionist reads nothing clinical; only
    managers and administrators read the audit trail; nobody may change or remove its events."""
    receptionist = table_rights(Role.RECEPTIONIST)
    assert not any("SELECT" in receptionist.get(t, ()) for t in CLINICAL_TABLES)
    for role in Role:
        rights = table_rights(role)
        reads_audit = all("SELECT" in rights.get(t, ()) for t in AUDIT_TABLES)
        assert reads_audit == (role in (Role.MANAGER, Role.ADMINISTRATOR)), role
        assert not rights.get("audit_events", frozenset()) & {"UPDATE", "DELETE"}
        assert "INSERT" in rights["audit_events"]
        assert not rights.get("audit_key")


@pytest.mark.parametrize("role", list(Role))
def test_raw_connection_as_each_role(pg: Database, login, role: Role) -> None:  # type: ignore[no-untyped-def]
    """As `psql` would: each table's SELECT and a harmless write of each kind are allowed or
    refused by the server exactly as the matrix says."""
    engine = login(role)
    rights = table_rights(role)
    for table in _tables():
        can_read = "SELECT" in rights.get(table, ())
        with engine.connect() as conn:
            if table == "staff_users":
                statement = "SELECT display_name FROM staff_users"
            else:
                statement = f'SELECT * FROM "{table}"'
            try:
                conn.execute(sa.text(statement)).all()
                allowed = True
            except sa.exc.ProgrammingError as exc:
                assert "permission denied" in str(exc.orig)
                allowed = False
            assert allowed == (can_read or table == "staff_users"), (role, table)
        for privilege, sql in (
            ("DELETE", f'DELETE FROM "{table}" WHERE false'),
            (
                "UPDATE",
                f'UPDATE "{table}" SET {_first_column(table)} = {_first_column(table)} WHERE false',
            ),
        ):
            with engine.connect() as conn:
                try:
                    conn.execute(sa.text(sql))
                    allowed = True
                except sa.exc.ProgrammingError as exc:
                    assert "permission denied" in str(exc.orig), (table, privilege, exc)
                    allowed = False
                assert allowed == (privilege in rights.get(table, ())), (role, table, privilege)
    with engine.connect() as conn:
        for table in CLINICAL_TABLES:
            if "SELECT" in rights.get(table, ()):
                continue
            with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
                conn.execute(sa.text(f"SELECT * FROM {table}")).all()
            conn.rollback()


def _first_column(table: str) -> str:
    columns = [c.name for c in Base.metadata.tables[table].c]
    keyish = [c for c in columns if c == "id" or c.endswith("_id")]
    return (keyish or columns)[0]


def test_a_receptionist_reads_zero_clinical_rows(pg: Database, login) -> None:  # type: ignore[no-untyped-def]
    with pg.engine.connect() as conn:
        assert not CLINICAL_TABLES & {
            t for t, p in table_rights(Role.RECEPTIONIST).items() if "SELECT" in p
        }
    engine = login(Role.RECEPTIONIST)
    for table in sorted(CLINICAL_TABLES):
        with engine.connect() as conn, pytest.raises(sa.exc.ProgrammingError):
            conn.execute(sa.text(f"SELECT * FROM {table}")).all()


@pytest.mark.parametrize("role", list(Role))
def test_no_login_but_the_owner_can_touch_the_audit_trail(pg: Database, login, role: Role) -> None:  # type: ignore[no-untyped-def]
    engine = login(role)
    for sql in (
        "ALTER TABLE audit_events DISABLE TRIGGER ALL",
        "ALTER TABLE audit_events DISABLE TRIGGER trg_audit_events_append_only",
        "DROP TRIGGER trg_audit_events_2_seal ON audit_events",
        "UPDATE audit_events SET username = 'someone' WHERE true",
        "DELETE FROM audit_events WHERE true",
        "TRUNCATE audit_events",
        "TRUNCATE audit_checkpoints",
        "SELECT * FROM audit_key",
        "SELECT audit_chain_hashes('0', ARRAY['x'])",
        "ALTER TABLE people DISABLE TRIGGER ALL",
    ):
        with engine.connect() as conn, pytest.raises(sa.exc.ProgrammingError) as caught:
            conn.execute(sa.text(sql))
        text = str(caught.value.orig)
        assert "permission denied" in text or "must be owner" in text, (sql, text)


@pytest.mark.parametrize("role", list(Role))
def test_an_event_is_the_servers_current_user_whatever_the_client_sends(
    pg: Database, login, role: Role
) -> None:  # type: ignore[no-untyped-def]
    engine = login(role)
    with engine.connect() as conn:
        name = conn.execute(sa.text("SELECT current_user")).scalar_one()
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO audit_events (id, at, username, role, source, workstation, action, "
                "entity_type, entity_id, person_id, details, prev_hash, hash) VALUES (999, "
                "'2001-01-01', 'administrator', 'administrator', 'gui', 'pc', 'person.view', "
                "'person', '1', 1, CAST(:d AS json), 'forged', 'forged')"
            ),
            {
                "d": '{"note": "caf\\u00e9 \\ud83d\\ude00 \\u0007", "list": [1, 2.5, {"b": 1, "a": null}]}'
            },
        )
        conn.execute(
            sa.text(
                "INSERT INTO audit_checkpoints (at, reason, installation_id, events, head_hash) "
                "VALUES ('2001-01-01', 'sign-in', 'forged', 99, 'forged')"
            )
        )
    with pg.unit_of_work(write=False) as session:
        event = session.execute(
            sa.text("SELECT id, username, role, at, prev_hash, hash FROM audit_events")
        ).one()
        assert event.username == name and event.role == role.value
        assert event.at.year >= 2025 and event.id == 1
        assert event.prev_hash == "0" * 64 and event.hash != "forged"
        check = verify_chain(session)
        assert check.ok, check.message
        point = session.execute(
            sa.text("SELECT installation_id, events, head_id, head_hash FROM audit_checkpoints")
        ).one()
        assert (point.events, point.head_id, point.head_hash) == (1, 1, event.hash)
        assert point.installation_id != "forged"


def test_a_login_password_is_stored_as_scram(pg: Database, login) -> None:  # type: ignore[no-untyped-def]
    engine = login(Role.CASEWORKER)
    with pg.engine.connect() as conn:
        stored = conn.execute(
            sa.text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"),
            {"n": engine.url.username},
        ).scalar_one()
    assert stored.startswith("SCRAM-SHA-256$")
