"""The command line on a shared server signs in as a member of staff's own login, and may do
only what their role may; `users …` manage the login roles too."""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from divert_desktop.persistence.models import AuditEvent
from tests.conftest import STRONG_PASSWORD, fresh_url
from tests.e2e.test_cli_commands import cli, one_line_error

_names = itertools.count(1)
RUN = uuid.uuid4().hex[:6]


def _name(kind: str) -> str:
    return f"{kind}{RUN}{next(_names)}"  # logins are cluster-wide: one name per run


@pytest.fixture
def pg_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return fresh_url("postgresql", request, tmp_path)


def _login(url: str, name: str) -> tuple[str, list[str]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(
                sa.text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"), {"n": name}
            ).scalar_one()
            groups = list(
                conn.execute(
                    sa.text(
                        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                        "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :n"
                    ),
                    {"n": name},
                ).scalars()
            )
    finally:
        engine.dispose()
    return stored, groups


def test_users_add_on_a_shared_server_makes_a_scram_login_in_its_group(pg_url: str) -> None:
    admin = _name("admin")
    made = cli(
        pg_url,
        "users",
        "add",
        admin,
        "--role",
        "administrator",
        "--password-stdin",
        stdin=STRONG_PASSWORD + "\n",
    )
    assert made.returncode == 0, made.stderr
    stored, groups = _login(pg_url, admin)
    assert stored.startswith("SCRAM-SHA-256$") and STRONG_PASSWORD not in stored
    assert len(groups) == 1 and groups[0].endswith("_administrator")

    # The administrator, signed in as themselves, adds a receptionist (own password first).
    reception = _name("recep")
    added = cli(
        pg_url,
        "--user",
        admin,
        "--password-stdin",
        "users",
        "add",
        reception,
        "--role",
        "receptionist",
        "--password-stdin",
        stdin=f"{STRONG_PASSWORD}\n{STRONG_PASSWORD} too\n",
    )
    assert added.returncode == 0, added.stderr
    _stored, groups = _login(pg_url, reception)
    assert [g.rsplit("_", 1)[1] for g in groups] == ["receptionist"]
    moved = cli(
        pg_url,
        "--user",
        admin,
        "--password-stdin",
        "users",
        "set-role",
        reception,
        "--role",
        "caseworker",
        stdin=STRONG_PASSWORD + "\n",
    )
    assert moved.returncode == 0, moved.stderr
    assert [g.rsplit("_", 1)[1] for g in _login(pg_url, reception)[1]] == ["caseworker"]

    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            added_by = conn.execute(
                sa.select(AuditEvent.username, AuditEvent.role, AuditEvent.source).where(
                    AuditEvent.action == "user.add",
                    AuditEvent.details["username"].as_string() == reception,
                )
            ).one()
    finally:
        engine.dispose()
    assert tuple(added_by) == (admin, "administrator", "cli")  # the server's current_user


def test_a_receptionist_login_is_refused_what_their_role_may_not_do(
    pg_url: str, tmp_path: Path
) -> None:
    reception = _name("recep")
    made = cli(
        pg_url,
        "users",
        "add",
        reception,
        "--role",
        "receptionist",
        "--password-stdin",
        stdin=STRONG_PASSWORD + "\n",
    )
    assert made.returncode == 0, made.stderr
    as_reception = ("--user", reception, "--password-stdin")
    for command in (
        ["export", "referrals", "--out", str(tmp_path / "all.csv")],
        ["export-person", "1", "--out", str(tmp_path / "sar")],
        ["users", "add", _name("x"), "--role", "administrator", "--password-stdin"],
        ["users", "list"],
        ["audit", "verify"],
    ):
        refused = cli(
            pg_url, *as_reception, *command, stdin=f"{STRONG_PASSWORD}\n{STRONG_PASSWORD}\n"
        )
        line = one_line_error(refused)
        assert "does not allow" in line, (command, line)
    assert not (tmp_path / "all.csv").exists()


def test_a_receptionist_login_cannot_make_logins_directly(pg_url: str) -> None:
    """A receptionist's login may not call the login-making function directly."""
    reception = _name("recep")
    cli(
        pg_url,
        "users",
        "add",
        reception,
        "--role",
        "receptionist",
        "--password-stdin",
        stdin=STRONG_PASSWORD + "\n",
    )
    engine = sa.create_engine(sa.engine.make_url(pg_url).set(username=reception))
    try:
        with engine.connect() as conn, pytest.raises(sa.exc.ProgrammingError):
            conn.execute(
                sa.text("SELECT divert_create_login('x', 'SCRAM-SHA-256$x', 'administrator')")
            )
    finally:
        engine.dispose()


def test_user_on_a_local_file_says_the_file_owner_is_the_boundary(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    line = one_line_error(
        cli(url, "--user", "alice", "--password-stdin", "users", "list", stdin="x\n")
    )
    assert "local file" in line and "owner" in line


def test_an_account_from_before_the_upgrade_gets_its_login_from_a_password_reset(
    pg_url: str,
) -> None:
    """An upgraded shared database keeps its accounts; the owner gives each its login."""
    from divert_desktop.core.enums import Role
    from divert_desktop.persistence.database import Database
    from divert_desktop.services.admin.users import add_user
    from divert_desktop.services.context import cli_actor

    name = _name("old")
    db = Database(pg_url)
    try:  # an account as the version before made it: no login role
        add_user(
            db,
            cli_actor(),
            username=name,
            display_name="Old",
            role=Role.MANAGER,
            password=STRONG_PASSWORD,
        )
    finally:
        db.dispose()
    reset = cli(
        pg_url,
        "users",
        "reset-password",
        name,
        "--password-stdin",
        stdin=STRONG_PASSWORD + " new\n",
    )
    assert reset.returncode == 0, reset.stderr
    stored, groups = _login(pg_url, name)
    assert stored.startswith("SCRAM-SHA-256$")
    assert [g.rsplit("_", 1)[1] for g in groups] == ["manager"]
