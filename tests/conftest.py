"""Shared fixtures: real SQLite files and a real PostgreSQL database per test, users per role."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def _laptop_screen() -> str:
    """Qt's offscreen platform with one 1366×768 screen, the laptop staff use (its default
    screen is 800×600), so windows that fit themselves to the screen do so as they would there."""
    config = os.path.join(tempfile.mkdtemp(prefix="divert-screen-"), "screen.json")
    screen = {
        "name": "laptop",
        "x": 0,
        "y": 0,
        "width": 1366,
        "height": 768,
        "logicalDpi": 96,
        "logicalBaseDpi": 96,
        "dpr": 1,
    }
    with open(config, "w", encoding="utf-8") as handle:
        json.dump({"screens": [screen]}, handle)
    return f"offscreen:configfile={config}"


os.environ.setdefault("QT_QPA_PLATFORM", _laptop_screen())  # before anything imports Qt


def _set_the_clock(moved: str) -> None:
    """The app's one clock (``SystemClock``: nothing else reads the wall clock, a lint rule sees
    to it) as the tests see it, in this process:

    - moved for a whole run by ``DIVERT_TEST_CLOCK``: ``+400d`` days ahead, or to a UK local
      moment such as ``2028-02-29T09:30`` from which it ticks on (the README's test command runs
      the suite again this way; libfaketime was tried first and breaks Python's timed waits:
      ``time.sleep`` fails with EINVAL unless the monotonic clock is faked too, and then a
      lock's timeout never ends);
    - on a day the service is closed (a weekend, a bank holiday, the Sunday the clocks change)
      the same time of day on the next open day: the diary has no "today" on a closed day, and
      tests that book "today" mean a day that can have appointments, whatever day they run on.
    """
    from datetime import datetime, timedelta

    from divert_desktop.clock import SystemClock
    from divert_desktop.core.calendar import closed_reason
    from divert_desktop.core.validation import UK_TIMEZONE

    real = SystemClock.aware_now
    offset = timedelta(0)
    if moved.startswith("+") and moved.endswith("d"):
        offset = timedelta(days=int(moved[1:-1]))
    elif moved:
        target = datetime.fromisoformat(moved).replace(tzinfo=UK_TIMEZONE)
        offset = target - real(SystemClock())

    def aware_now(self: SystemClock) -> datetime:
        now = real(self) + offset
        local = now.astimezone(UK_TIMEZONE)
        day = local.date()
        while closed_reason(day):
            day += timedelta(days=1)
        if day == local.date():
            return now
        return datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=UK_TIMEZONE)

    SystemClock.aware_now = aware_now  # type: ignore[method-assign]


_set_the_clock(os.environ.get("DIVERT_TEST_CLOCK", ""))


PG_URL = os.environ.get("DIVERT_TEST_PG_URL")
REQUIRE_PG = os.environ.get("DIVERT_REQUIRE_PG") == "1"
BACKENDS = ["sqlite", "postgresql"]
_counter = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    # Keep test data out of the real user data folder.
    os.environ.setdefault("DIVERT_DATA_DIR", str(Path(config.rootpath) / ".pytest_data"))
    os.environ.pop("DIVERT_DATABASE_URL", None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec and callspec.params.get("backend") == "postgresql":
            item.add_marker(pytest.mark.pg)


def _skip_or_fail_pg() -> None:
    message = "DIVERT_TEST_PG_URL is not set: PostgreSQL tests need a server (see README)"
    if REQUIRE_PG:
        pytest.fail(message)
    pytest.skip(message)


def _pg_admin_url(url: str, database: str = "postgres") -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=database).render_as_string(hide_password=False)


def _pg_exec(url: str, sql: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(_pg_admin_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(sql))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A migrated PostgreSQL database used as the template for each test's fresh copy."""
    if not PG_URL:
        _skip_or_fail_pg()
    from sqlalchemy.engine import make_url

    from divert_desktop.persistence.engine import make_engine
    from divert_desktop.persistence.migrate import upgrade

    assert PG_URL is not None
    sweep_stale_server_roles(PG_URL)
    base = make_url(PG_URL).database
    template = f"{base}_tpl_{uuid.uuid4().hex[:6]}"
    _pg_exec(PG_URL, f'CREATE DATABASE "{template}"')
    url = make_url(PG_URL).set(database=template).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield template
    _pg_exec(PG_URL, f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
    drop_server_roles(PG_URL, template)


def sweep_stale_server_roles(url: str) -> None:
    """Drop the group roles (and their logins) of databases that no longer exist: a run that was
    stopped before its clean-up leaves them in the cluster, and a later run that adds a login of
    the same name ("kim") would be refused."""
    import sqlalchemy as sa

    engine = sa.create_engine(_pg_admin_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            groups = conn.execute(
                sa.text(
                    "SELECT rolname FROM pg_roles WHERE NOT rolcanlogin AND rolname ~ "
                    "'^divert.*_(receptionist|caseworker|manager|administrator)$'"
                )
            ).scalars()
            prefixes = {name.rsplit("_", 1)[0] for name in groups}
            alive = set(conn.execute(sa.text("SELECT datname FROM pg_database")).scalars())
    finally:
        engine.dispose()
    for prefix in sorted(prefixes - alive):
        drop_server_roles(url, prefix)


def drop_server_roles(url: str, prefix: str) -> None:
    """Drop the group roles migration 0010 made for ``prefix`` (a database's name: roles are
    cluster-wide) and every login in them, once no database of the run uses them."""
    import sqlalchemy as sa

    engine = sa.create_engine(_pg_admin_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            groups = list(
                conn.execute(
                    sa.text(
                        "SELECT rolname FROM pg_roles WHERE rolname LIKE :p AND NOT rolcanlogin"
                    ),
                    {"p": prefix.replace("_", r"\_") + r"\_%"},
                ).scalars()
            )
            logins = list(
                conn.execute(
                    sa.text(
                        "SELECT DISTINCT u.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = "
                        "m.roleid JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = ANY(:g) "
                        "AND NOT u.rolsuper"
                    ),
                    {"g": groups},
                ).scalars()
            )
            for role in [*logins, *groups]:
                try:
                    conn.execute(sa.text(f'DROP ROLE IF EXISTS "{role}"'))
                except sa.exc.DBAPIError:  # still used by a database left behind
                    pass
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from divert_desktop.persistence.engine import make_engine
    from divert_desktop.persistence.migrate import upgrade

    path = tmp_path_factory.mktemp("tpl") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_worker(pg_template: str) -> Iterator[dict]:
    """One migrated PostgreSQL database reused by the tests of this run, reset before each test.

    Copying a template per test costs about 2 s on a busy 2-core machine; emptying the tables and
    restoring the seed rows (venues, settings) costs a few milliseconds.
    """
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    assert PG_URL is not None
    name = f"{make_url(PG_URL).database}_w{os.getpid()}"
    _pg_exec(PG_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg_exec(PG_URL, f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        tables = [
            t
            for t in conn.execute(
                sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ).scalars()
            if t != "alembic_version"
        ]
        seed = {}
        for table in tables:
            rows = conn.execute(sa.text(f'SELECT * FROM "{table}"')).mappings().all()
            if rows:
                seed[table] = [dict(r) for r in rows]
    yield {"url": url, "name": name, "engine": engine, "tables": tables, "seed": seed}
    engine.dispose()
    _pg_exec(PG_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _reset_pg_worker(worker: dict) -> None:
    import sqlalchemy as sa

    from divert_desktop.persistence.models import Base

    with worker["engine"].begin() as conn:
        conn.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": worker["name"]},
        )
        names = ", ".join(f'"{t}"' for t in worker["tables"])
        # The audit trail refuses TRUNCATE (migration 0006); replica mode skips ordinary
        # triggers, for this transaction only, as a superuser restoring a copy would.
        conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
        conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        for table, rows in worker["seed"].items():
            conn.execute(sa.insert(Base.metadata.tables[table]), rows)
            if "id" in rows[0]:
                conn.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f'(SELECT max(id) FROM "{table}"))'
                    )
                )


def fresh_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database URL for one test on the given backend.

    PostgreSQL: the run's shared worker database, emptied; a second database asked for by the
    same test is a separate copy of the migrated template.
    """
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / f"divert{next(_counter)}.sqlite3"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    if not PG_URL:
        _skip_or_fail_pg()
    from sqlalchemy.engine import make_url

    assert PG_URL is not None
    if not getattr(request.node, "_divert_pg_worker_used", False):
        worker = request.getfixturevalue("pg_worker")
        _reset_pg_worker(worker)
        request.node._divert_pg_worker_used = True
        return worker["url"]
    template = request.getfixturevalue("pg_template")
    name = f"{make_url(PG_URL).database}_t{os.getpid()}_{next(_counter)}"
    _pg_exec(PG_URL, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    request.addfinalizer(lambda: _pg_exec(PG_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return fresh_url(backend, request, tmp_path)


@pytest.fixture
def db(db_url: str):  # type: ignore[no-untyped-def]
    """A migrated empty Database (SQLite file or PostgreSQL), parametrised over both backends."""
    from divert_desktop.persistence.database import Database

    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A migrated SQLite database only (for GUI and quick tests)."""
    from divert_desktop.persistence.database import Database

    database = Database(fresh_url("sqlite", request, tmp_path))
    yield database
    database.dispose()


STRONG_PASSWORD = "correct horse battery staple"


@pytest.fixture
def make_actor():  # type: ignore[no-untyped-def]
    """Create a staff account with a role on a database and return its signed-in Actor."""
    from divert_desktop.core.enums import Role
    from divert_desktop.services.admin.users import add_user, authenticate
    from divert_desktop.services.context import cli_actor

    def _make(database, role: Role | str, username: str | None = None):  # type: ignore[no-untyped-def]
        role = Role(role)
        name = username or f"{role.value}{next(_counter)}"
        add_user(
            database,
            cli_actor(),
            username=name,
            display_name=name.title(),
            role=role,
            password=STRONG_PASSWORD,
        )
        return authenticate(database, name, STRONG_PASSWORD)

    return _make
