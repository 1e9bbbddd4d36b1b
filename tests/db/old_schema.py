"""Databases as the first release made them: schema 0001 filled by raw SQL, one row or more in
every table, and snapshots of those rows to compare after an upgrade. All names are invented."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url

from tests.conftest import (
    PG_URL,
    STRONG_PASSWORD,
    _counter,
    _pg_exec,
    _skip_or_fail_pg,
    drop_server_roles,
)

FIRST_REVISION = "0001"
CASEWORKER = "casey.upgrade"
MANAGER = "morgan.upgrade"
PASSWORD = STRONG_PASSWORD
ADULT_ID, YOUNG_ID = 101, 102
APPOINTMENT_DAY = date(2026, 11, 18)
REFERRAL_DAYS = (date(2026, 11, 2), date(2026, 11, 20))


def empty_database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no schema at all: a SQLite file not made yet, or a new PostgreSQL
    database dropped after the test."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / f'old{next(_counter)}.sqlite3'}"
    if not PG_URL:
        _skip_or_fail_pg()
    assert PG_URL is not None
    name = f"{make_url(PG_URL).database}_old{os.getpid()}_{next(_counter)}"
    _pg_exec(PG_URL, f'CREATE DATABASE "{name}"')

    def drop() -> None:
        _pg_exec(PG_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        drop_server_roles(PG_URL, name)

    request.addfinalizer(drop)
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def tables_of(conn: Connection) -> list[str]:
    """Every table of the schema the database has now (reflected), but Alembic's own."""
    return sorted(t for t in sa.inspect(conn).get_table_names() if t != "alembic_version")


def _value(value: Any, sqlite: bool) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if sqlite and isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if sqlite and isinstance(value, date):
        return value.isoformat()
    if sqlite and isinstance(value, time):
        return value.strftime("%H:%M:%S.%f")
    return value


def _insert(conn: Connection, table: str, *rows: dict[str, Any]) -> None:
    sqlite = conn.dialect.name == "sqlite"
    for row in rows:
        columns = ", ".join(row)
        marks = ", ".join(f":{c}" for c in row)
        conn.execute(
            sa.text(f"INSERT INTO {table} ({columns}) VALUES ({marks})"),
            {k: _value(v, sqlite) for k, v in row.items()},
        )


def _rows() -> list[tuple[str, list[dict[str, Any]]]]:
    from divert_desktop.services.admin.users import hash_password

    made = datetime(2026, 11, 2, 10, 30)
    secret = hash_password(PASSWORD)
    staff = {
        "active": True,
        "must_change_password": False,
        "failed_logins": 0,
        "password_hash": secret,
        "created_at": made,
        "version": 1,
    }
    person = {
        "letters_allowed": True,
        "needs_review": False,
        "created_at": made,
        "updated_at": made,
        "version": 1,
    }
    referral = {
        "officer_name": "PC Example Officer",
        "officer_number": "9001",
        "intent_to_supply": False,
        "source": "import",
        "created_at": made,
        "created_by": "os:upgrade",
        "version": 1,
        "sessions_planned": 1,
    }
    return [
        (
            "audit_events",
            [
                {
                    "id": 1,
                    "at": made,
                    "username": "os:upgrade",
                    "role": None,
                    "source": "cli",
                    "workstation": "old-pc",
                    "action": "referral.import",
                    "entity_type": "file",
                    "entity_id": None,
                    "person_id": None,
                    "details": {"rows": 3},
                    "prev_hash": "0" * 64,
                    "hash": "a" * 64,
                }
            ],
        ),
        (
            "letter_templates",
            [
                {
                    "id": 1,
                    "template": "appointment_confirmation",
                    "template_version": 1,
                    "subject": "Your DIVERT appointment",
                    "body": "Dear {first_name}, see you on {date}.",
                    "created_at": made,
                    "created_by": "os:upgrade",
                }
            ],
        ),
        (
            "staff_users",
            [
                {
                    "id": 11,
                    "username": CASEWORKER,
                    "display_name": "Casey Upgrade",
                    "role": "caseworker",
                    **staff,
                },
                {
                    "id": 12,
                    "username": MANAGER,
                    "display_name": "Morgan Upgrade",
                    "role": "manager",
                    **staff,
                },
            ],
        ),
        (
            "people",
            [
                {
                    "id": ADULT_ID,
                    "first_name": "Mary Ann",
                    "last_name": "Quillfeather-Jones",
                    "known_as": "Annie",
                    "date_of_birth": date(1990, 1, 2),
                    "gender": "female",
                    "ethnicity": "White: Irish",
                    "address_line1": "1 Example Row",
                    "town": "Dudley",
                    "postcode": "DY1 1AA",
                    "local_authority": "Dudley",
                    "phone": "07700900301",
                    "email": "annie@example.com",
                    "preferred_contact": "text message",
                    "search_first": "mary ann",
                    "search_last": "quillfeather jones",
                    "search_known_as": "annie",
                    **person,
                },
                {
                    "id": YOUNG_ID,
                    "first_name": "Tobin",
                    "last_name": "Wrenfield",
                    "date_of_birth": date(2010, 5, 6),
                    "gender": "male",
                    "local_authority": "Walsall",
                    "search_first": "tobin",
                    "search_last": "wrenfield",
                    **person,
                },
            ],
        ),
        (
            "services",
            [
                {
                    "id": 21,
                    "organisation": "Example Housing Advice",
                    "active": True,
                    "service_type": "housing",
                    "areas": ["Dudley", "Walsall"],
                    "phone": "01384 496001",
                    "version": 1,
                }
            ],
        ),
        (
            "venues",
            [
                {
                    "id": 31,
                    "name": "Example outreach room",
                    "local_authority": "Dudley",
                    "capacity": 2,
                    "active": True,
                    "version": 1,
                }
            ],
        ),
        (
            "closures",
            [
                {
                    "id": 41,
                    "day": date(2026, 12, 24),
                    "venue_id": None,
                    "reason": "Staff training",
                    "created_by": MANAGER,
                    "created_at": made,
                }
            ],
        ),
        (
            "possible_duplicates",
            [
                {
                    "id": 51,
                    "person_id": YOUNG_ID,
                    "candidate_id": ADULT_ID,
                    "score": 61,
                    "reasons": "same postcode",
                    "status": "open",
                    "created_at": made,
                }
            ],
        ),
        (
            "referrals",
            [
                {
                    "id": 61,
                    "police_reference": "OLD-0001",
                    "person_id": ADULT_ID,
                    "referral_datetime": datetime(2026, 11, 2, 9, 15),
                    "local_authority": "Dudley",
                    "young_person": False,
                    "consent_to_share": True,
                    "status": "engaged",
                    "status_changed_at": datetime(2026, 11, 18, 11, 0),
                    "engagement_deadline": date(2026, 12, 14),
                    **referral,
                },
                {
                    "id": 62,
                    "police_reference": "OLD-0002",
                    "person_id": YOUNG_ID,
                    "referral_datetime": datetime(2026, 11, 20, 16, 40),
                    "local_authority": "Walsall",
                    "young_person": True,
                    "appropriate_adult_name": "Petra Wrenfield",
                    "appropriate_adult_relationship": "mother",
                    "appropriate_adult_phone": "07700900302",
                    "status": "booked",
                    "status_changed_at": made,
                    "notes": "Seen with his mother",
                    "engagement_deadline": date(2027, 1, 1),
                    **referral,
                },
                {
                    "id": 63,
                    "police_reference": "OLD-0003",
                    "person_id": ADULT_ID,
                    "referral_datetime": datetime(2026, 11, 20, 12, 0),
                    "local_authority": "Dudley",
                    "young_person": False,
                    "intent_to_supply": True,
                    "status": "ineligible",
                    "status_reason": "intent to supply",
                    "status_changed_at": made,
                    "engagement_deadline": date(2027, 1, 1),
                    **{k: v for k, v in referral.items() if k != "intent_to_supply"},
                },
            ],
        ),
        (
            "working_hours",
            [
                {
                    "id": 71,
                    "user_id": 11,
                    "weekday": 2,
                    "start_time": time(9, 30),
                    "end_time": time(16, 0),
                }
            ],
        ),
        (
            "appointments",
            [
                {
                    "id": 81,
                    "person_id": ADULT_ID,
                    "referral_id": 61,
                    "type": "initial_assessment",
                    "caseworker_id": 11,
                    "start_at": datetime(2026, 11, 18, 10, 0),
                    "end_at": datetime(2026, 11, 18, 11, 0),
                    "length_minutes": 60,
                    "place_kind": "venue",
                    "venue_id": 31,
                    "status": "attended",
                    "arrived_at": datetime(2026, 11, 18, 9, 55),
                    "created_at": made,
                    "created_by": "os:upgrade",
                    "version": 2,
                },
                {
                    "id": 82,
                    "person_id": YOUNG_ID,
                    "referral_id": 62,
                    "type": "initial_assessment",
                    "caseworker_id": 11,
                    "start_at": datetime(2026, 11, 18, 14, 0),
                    "end_at": datetime(2026, 11, 18, 15, 0),
                    "length_minutes": 60,
                    "place_kind": "phone",
                    "status": "booked",
                    "created_at": made,
                    "created_by": "os:upgrade",
                    "version": 1,
                },
            ],
        ),
        (
            "onward_referrals",
            [
                {
                    "id": 91,
                    "referral_id": 61,
                    "person_id": ADULT_ID,
                    "service_id": 21,
                    "status": "consent_given",
                    "consent_at": datetime(2026, 11, 18, 10, 50),
                    "consent_recorded_by": CASEWORKER,
                    "created_at": made,
                    "created_by": CASEWORKER,
                    "version": 1,
                }
            ],
        ),
        (
            "referral_status_history",
            [
                {
                    "id": 95,
                    "referral_id": 61,
                    "from_status": None,
                    "to_status": "booked",
                    "at": made,
                    "username": "os:upgrade",
                },
                {
                    "id": 96,
                    "referral_id": 61,
                    "from_status": "booked",
                    "to_status": "engaged",
                    "at": datetime(2026, 11, 18, 11, 0),
                    "username": CASEWORKER,
                },
            ],
        ),
        (
            "referral_substances",
            [
                {"id": 97, "referral_id": 61, "substance": "cannabis"},
                {"id": 98, "referral_id": 62, "substance": "other", "other_text": "poppers"},
            ],
        ),
        (
            "assessments",
            [
                {
                    "id": 99,
                    "referral_id": 61,
                    "person_id": ADULT_ID,
                    "appointment_id": 81,
                    "form_id": "divert-assessment",
                    "form_version": "1",
                    "answers": {"readiness": 7},
                    "scores": {"assist_cannabis": 12},
                    "created_at": made,
                    "created_by": CASEWORKER,
                    "version": 1,
                }
            ],
        ),
        (
            "educational_sessions",
            [
                {
                    "id": 100,
                    "referral_id": 61,
                    "appointment_id": None,
                    "caseworker_id": 11,
                    "session_date": date(2026, 11, 25),
                    "length_minutes": 45,
                    "attended": False,
                    "topics": ["harm reduction"],
                    "created_at": made,
                    "created_by": CASEWORKER,
                    "version": 1,
                }
            ],
        ),
        (
            "letters",
            [
                {
                    "id": 110,
                    "person_id": ADULT_ID,
                    "referral_id": 61,
                    "appointment_id": 81,
                    "onward_referral_id": 91,
                    "template": "onward_referral",
                    "template_version": 1,
                    "recipient": "person",
                    "large_print": False,
                    "created_at": made,
                    "created_by": CASEWORKER,
                    "sha256": "b" * 64,
                    "filename": "letter.pdf",
                    "pdf": b"%PDF-1.4 example letter bytes\x00\xff",
                }
            ],
        ),
    ]


def fill_first_schema(engine: Engine) -> dict[str, int]:
    """Insert the rows above into a database at 0001 and return the row count of every table.

    Fails when a table of the 0001 schema ends up with no row, so a table added to 0001 later
    cannot be left out of the upgrade tests."""
    with engine.begin() as conn:
        for table, rows in _rows():
            _insert(conn, table, *rows)
        conn.execute(
            sa.text("UPDATE settings SET value = :v WHERE key = 'organisation_name'"),
            {"v": json.dumps("Example Diversion Trust")},
        )
        tables = tables_of(conn)
        if conn.dialect.name == "postgresql":
            for table in tables:
                if "id" in {c["name"] for c in sa.inspect(conn).get_columns(table)}:
                    conn.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))"
                        )
                    )
        counts = {
            t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables
        }
    empty = sorted(t for t, n in counts.items() if not n)
    assert not empty, f"tables of schema 0001 with no row in the upgrade fixture: {empty}"
    return counts


def make_first_schema_database(url: str, *, filled: bool = True) -> dict[str, int]:
    """Migrate an empty database to 0001 (as the first release did) and fill it."""
    from divert_desktop.persistence.engine import make_engine
    from divert_desktop.persistence.migrate import upgrade

    engine = make_engine(url)
    try:
        assert upgrade(engine, FIRST_REVISION) == FIRST_REVISION
        counts = fill_first_schema(engine) if filled else {}
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return counts


def snapshot(url: str, columns: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """Every row of every table (only ``columns`` of each, when given), in primary key order."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            wanted = columns or {
                t: [c["name"] for c in inspector.get_columns(t)] for t in tables_of(conn)
            }
            out = {}
            for table, cols in wanted.items():
                key = inspector.get_pk_constraint(table)["constrained_columns"] or cols[:1]
                out[table] = [
                    tuple(r)
                    for r in conn.execute(
                        sa.text(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {', '.join(key)}")
                    )
                ]
            return out
    finally:
        engine.dispose()


def column_names(url: str) -> dict[str, list[str]]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            return {t: [c["name"] for c in inspector.get_columns(t)] for t in tables_of(conn)}
    finally:
        engine.dispose()


def sqlite_dump(path: Path) -> str:
    """The whole SQLite database as SQL text (schema and every row), to compare two states."""
    import sqlite3

    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()


def use_migration_scripts(monkeypatch: Any, scripts: Path, revision: str = "0099") -> None:
    """Make the app migrate with ``scripts`` (from scripts_with_extra_revision): the folder
    Alembic reads, and the revisions the start-up check knows without reading it."""
    from divert_desktop.persistence import migrate

    monkeypatch.setattr(migrate, "migrations_path", lambda: scripts)
    monkeypatch.setattr(migrate, "KNOWN_REVISIONS", (*migrate.KNOWN_REVISIONS, revision))
    monkeypatch.setattr(migrate, "HEAD_REVISION", revision)


def scripts_with_extra_revision(folder: Path, body: str, revision: str = "0099") -> Path:
    """A copy of the app's migration scripts with one more revision on top of head, whose
    ``upgrade()`` is ``body``: for simulating a migration that fails (or rebuilds a table)."""
    from divert_desktop.paths import migrations_path
    from divert_desktop.persistence.migrate import head_revision

    head = head_revision()
    target = folder / "migrations"
    shutil.copytree(migrations_path(), target, ignore=shutil.ignore_patterns("__pycache__"))
    lines = [
        '"""A temporary revision made by a test."""',
        "import sqlalchemy as sa",
        "from alembic import op",
        f"revision = {revision!r}",
        f"down_revision = {head!r}",
        "branch_labels = None",
        "depends_on = None",
        "",
        "def upgrade():",
        *("    " + line for line in body.strip().splitlines()),
        "",
        "def downgrade():",
        "    pass",
        "",
    ]
    (target / "versions" / f"{revision}_test_only.py").write_text("\n".join(lines))
    return target


def without_added_wordings(
    after: dict[str, list[tuple]], before: dict[str, list[tuple]], columns: dict[str, list[str]]
) -> dict[str, list[tuple]]:
    """``after`` less the letter wordings an upgrade adds on a shared server (migration 0013
    stores each template's default, by ``system``, where a kind had none): what remains must
    equal ``before`` row for row."""
    names = columns.get("letter_templates")
    if not names or "letter_templates" not in after:
        return after
    template, by = names.index("template"), names.index("created_by")
    had = {row[template] for row in before.get("letter_templates", [])}
    kept = [r for r in after["letter_templates"] if r[template] in had or r[by] != "system"]
    return {**after, "letter_templates": kept}
