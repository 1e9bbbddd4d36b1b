"""Upgrading a shared database made before staff had their own logins: `db upgrade`, run by a
real owner role (not a superuser), keeps every row and gives the first administrator their
login (given on the command line, or said in one line when there is no terminal to ask on)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from divert_desktop.core.enums import Role
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.migrate import head_revision
from divert_desktop.services.admin.server_sign_in import ServerThrottle, sign_in_to_server
from tests.clock import CLOCK
from tests.conftest import PG_URL, STRONG_PASSWORD, _pg_exec
from tests.db.old_schema import CASEWORKER, MANAGER, column_names, snapshot, without_added_wordings
from tests.e2e.test_cli_commands import cli, one_line_error
from tests.pg_owner import (
    RUN,
    _made,
    old_database,
    owner_database,
    scram_matches,
    stored_password,
)

pytestmark = pytest.mark.pg  # PostgreSQL only (the moved-clock passes leave these out)

NEW_PASSWORD = "plum orchard lantern sixty"


@pytest.fixture
def owner_url(request: pytest.FixtureRequest) -> str:
    return owner_database(request)


def test_db_upgrade_from_0009_keeps_every_row_and_gives_the_administrator_their_login(
    owner_url: str,
) -> None:
    admin = old_database(owner_url)
    columns = column_names(owner_url)
    before = snapshot(owner_url, columns)

    upgraded = cli(
        owner_url, "db", "upgrade", "--admin", admin, "--password-stdin", stdin=NEW_PASSWORD + "\n"
    )
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.splitlines() == [
        f"Database is at schema revision {head_revision()}.",
        f"{admin} can now sign in as themselves (their own login on the server).",
    ]

    # No row lost or changed but the administrator's own account (its new password).
    after = without_added_wordings(snapshot(owner_url, columns), before, columns)
    staff = columns["staff_users"]
    for table in before:
        if table in ("staff_users", "audit_events", "audit_checkpoints"):
            continue
        assert after[table] == before[table], table
    name_at = staff.index("username")
    kept = [r for r in after["staff_users"] if r[name_at] != admin]
    assert kept == [r for r in before["staff_users"] if r[name_at] != admin]
    assert len(after["staff_users"]) == len(before["staff_users"])
    assert after["audit_events"][: len(before["audit_events"])] == before["audit_events"]

    stored = stored_password(owner_url, admin)
    assert stored is not None and scram_matches(stored, NEW_PASSWORD)
    assert not scram_matches(stored, STRONG_PASSWORD) and NEW_PASSWORD not in stored
    for old_account in (CASEWORKER, MANAGER):  # the others get theirs from the administrator
        assert stored_password(owner_url, old_account) is None

    # The administrator signs in as themselves, with the server's administrator role, and
    # may add a colleague with a login (their own connection, not the owner's).
    workstation = Database(
        make_url(owner_url).set(username=None).render_as_string(hide_password=False), clock=CLOCK
    )
    try:
        signed = sign_in_to_server(workstation, admin, NEW_PASSWORD, throttle=ServerThrottle())
        assert signed.actor.role is Role.ADMINISTRATOR and signed.actor.username == admin
        with signed.db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT session_user")).scalar_one() == admin
        signed.db.dispose()
    finally:
        workstation.dispose()
    colleague = cli(
        make_url(owner_url).set(username=None).render_as_string(hide_password=False),
        "--user",
        admin,
        "--password-stdin",
        "users",
        "reset-password",
        CASEWORKER,
        "--password-stdin",
        stdin=f"{NEW_PASSWORD}\n{STRONG_PASSWORD} again\n",
    )
    assert colleague.returncode == 0, colleague.stderr
    stored = stored_password(owner_url, CASEWORKER)
    assert stored is not None and scram_matches(stored, STRONG_PASSWORD + " again")


def test_without_a_terminal_or_options_the_upgrade_finishes_and_says_how_in_one_line(
    owner_url: str,
) -> None:
    admin = old_database(owner_url)
    upgraded = cli(owner_url, "db", "upgrade", stdin="")
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.strip() == f"Database is at schema revision {head_revision()}."
    lines = upgraded.stderr.strip().splitlines()
    assert lines[-1] == (
        "divert-desktop: no administrator can sign in yet: as the owner, run db upgrade "
        f"--admin NAME --password-stdin (administrator accounts: {admin})."
    )
    assert stored_password(owner_url, admin) is None

    # Given later on the already upgraded database, as that line says.
    given = cli(
        owner_url, "db", "upgrade", "--admin", admin, "--password-stdin", stdin=NEW_PASSWORD + "\n"
    )
    assert given.returncode == 0, given.stderr
    assert given.stderr == ""
    stored = stored_password(owner_url, admin)
    assert stored is not None and scram_matches(stored, NEW_PASSWORD)
    again = cli(owner_url, "db", "upgrade", stdin="")  # an administrator can sign in: quiet
    assert (again.returncode, again.stderr) == (0, "")


def test_a_wrong_administrator_or_weak_password_changes_nothing(owner_url: str) -> None:
    admin = old_database(owner_url)
    not_admin = cli(
        owner_url,
        "db",
        "upgrade",
        "--admin",
        CASEWORKER,
        "--password-stdin",
        stdin=NEW_PASSWORD + "\n",
    )
    assert "no active administrator account called" in one_line_error(not_admin)
    weak = cli(owner_url, "db", "upgrade", "--admin", admin, "--password-stdin", stdin="short\n")
    one_line_error(weak)
    engine = sa.create_engine(owner_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    finally:
        engine.dispose()
    assert revision == "0009"  # the upgrade and the login are one transaction: both undone
    assert stored_password(owner_url, admin) is None


def test_the_owner_adds_the_first_administrator_of_a_new_shared_database(owner_url: str) -> None:
    """README's step 3 with a real owner role (CREATEROLE, not a superuser)."""
    made = cli(owner_url, "db", "upgrade", stdin="")
    assert made.returncode == 0, made.stderr
    assert made.stderr.strip() == (
        "divert-desktop: no administrator can sign in yet: as the owner, run users add NAME "
        "--role administrator --password-stdin."
    )
    admin = f"alice{RUN}{next(_made)}"
    added = cli(
        owner_url,
        "users",
        "add",
        admin,
        "--role",
        "administrator",
        "--password-stdin",
        stdin=NEW_PASSWORD + "\n",
    )
    assert added.returncode == 0, added.stderr
    stored = stored_password(owner_url, admin)
    assert stored is not None and scram_matches(stored, NEW_PASSWORD)
    reset = cli(
        owner_url,
        "users",
        "reset-password",
        admin,
        "--password-stdin",
        stdin=STRONG_PASSWORD + "\n",
    )
    assert reset.returncode == 0, reset.stderr
    stored = stored_password(owner_url, admin)
    assert stored is not None and scram_matches(stored, STRONG_PASSWORD)


def test_a_connection_that_may_not_create_logins_says_what_to_do(owner_url: str) -> None:
    owner = make_url(owner_url).username
    assert PG_URL is not None
    assert cli(owner_url, "db", "upgrade", stdin="").returncode == 0  # makes the group roles
    _pg_exec(PG_URL, f'ALTER ROLE "{owner}" NOCREATEROLE')
    refused = cli(
        owner_url,
        "users",
        "add",
        f"bob{RUN}",
        "--role",
        "administrator",
        "--password-stdin",
        stdin=NEW_PASSWORD + "\n",
    )
    line = one_line_error(refused)
    assert "may not create logins" in line and "CREATEROLE" in line and "users add" in line


def _in_a_terminal(url: str, answers: list[str]) -> tuple[int, str]:
    """``db upgrade`` in a terminal (a pseudo-terminal is its controlling one, as when someone
    types the command): each answer is typed when the output so far ends with a question."""
    import os
    import pty
    import select
    import sys
    import time

    from tests.e2e.test_cli_commands import ROOT

    command = [sys.executable, "-m", "divert_desktop", "--database", url, "db", "upgrade"]
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, attached to the terminal; never back into pytest
        try:
            os.chdir(ROOT)
            os.environ.pop("DIVERT_DATABASE_URL", None)
            os.environ["PYTHONPATH"] = str(ROOT)
            os.execv(sys.executable, command)
        finally:
            os._exit(127)
    output, pending, asked = b"", list(answers), 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the command ended: the terminal is gone
            break
        if not chunk:
            break
        output += chunk
        questions = output.count(b"]: ") + output.count(b"Password: ") + output.count(b"again: ")
        while pending and asked < questions:
            os.write(fd, pending.pop(0).encode() + b"\n")
            asked += 1
    _pid, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")


def test_in_a_terminal_the_upgrade_asks_which_administrator_and_their_password(
    owner_url: str,
) -> None:
    admin = old_database(owner_url)
    code, output = _in_a_terminal(owner_url, ["", NEW_PASSWORD, NEW_PASSWORD])
    assert code == 0, output
    assert f"Administrator ({admin}) [{admin}]: " in output  # Enter takes the one offered
    assert f"{admin} can now sign in as themselves" in output
    assert NEW_PASSWORD not in output  # typed without echo
    stored = stored_password(owner_url, admin)
    assert stored is not None and scram_matches(stored, NEW_PASSWORD)
