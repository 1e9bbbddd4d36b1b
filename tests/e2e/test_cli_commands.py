"""The command line as a real process: db, users, engagement update and export, on both databases."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import ReferralStatus, Role, Source
from divert_desktop.core.errors import AuthenticationError
from divert_desktop.persistence.migrate import head_revision
from divert_desktop.persistence.models import AuditEvent, StaffUser
from divert_desktop.services.admin.users import authenticate
from tests.conftest import STRONG_PASSWORD
from tests.db.test_booking import add_person, add_referral, referral_status
from tests.db.test_export import HEADER

ROOT = Path(__file__).resolve().parents[2]


def cli(url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``divert-desktop --database URL ARGS`` in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k != "DIVERT_DATABASE_URL"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "divert_desktop", "--database", url, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=180,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The contract for errors: exit 1 and exactly one line on stderr, never a traceback."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("divert-desktop: ")
    return lines[0]


def test_db_upgrade_creates_a_new_sqlite_file_and_current_prints_head(tmp_path: Path) -> None:
    path = tmp_path / "new folder" / "divert.sqlite3"
    url = f"sqlite:///{path}"
    upgraded = cli(url, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.strip() == f"Database is at schema revision {head_revision()}."
    assert path.exists()
    current = cli(url, "db", "current")
    assert (current.returncode, current.stdout, current.stderr) == (0, f"{head_revision()}\n", "")


def test_db_commands_on_both_databases(db) -> None:
    assert cli(db.url, "db", "upgrade").returncode == 0  # already at head: nothing to do
    current = cli(db.url, "db", "current")
    assert current.returncode == 0 and current.stdout.strip() == head_revision()


def test_users_add_with_the_password_on_stdin(db) -> None:
    added = cli(
        db.url,
        "users",
        "add",
        "dee.example",
        "--role",
        "caseworker",
        "--display-name",
        "Dee Example",
        "--password-stdin",
        stdin=STRONG_PASSWORD + "\n",
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Added dee.example (caseworker)."
    actor = authenticate(db, "dee.example", STRONG_PASSWORD)
    assert (actor.role, actor.display_name) == (Role.CASEWORKER, "Dee Example")
    with db.unit_of_work(write=False) as s:
        event = s.execute(sa.select(AuditEvent).where(AuditEvent.action == "user.add")).scalar_one()
    assert event.source == Source.CLI and event.username.startswith("os:")
    again = cli(
        db.url,
        "users",
        "add",
        "dee.example",
        "--role",
        "manager",
        "--password-stdin",
        stdin=STRONG_PASSWORD,
    )
    assert "already taken" in one_line_error(again)


def test_a_short_password_is_refused_in_one_line(db) -> None:
    result = cli(
        db.url,
        "users",
        "add",
        "shorty",
        "--role",
        "caseworker",
        "--password-stdin",
        stdin="tooshort\n",
    )
    assert "Choose a password of at least 12 characters" in one_line_error(result)
    with db.unit_of_work(write=False) as s:
        assert (
            s.execute(sa.select(StaffUser.id).where(StaffUser.username == "shorty")).first() is None
        )
    with pytest.raises(AuthenticationError):
        authenticate(db, "shorty", "tooshort")


def test_an_unknown_role_is_an_argparse_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'divert.sqlite3'}"
    result = cli(url, "users", "add", "boss", "--role", "boss", "--password-stdin", stdin="x")
    assert result.returncode == 2
    assert "invalid choice: 'boss'" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "divert.sqlite3").exists()  # refused before touching the database


def test_engagement_update_with_a_given_today(db) -> None:
    late = add_referral(db, when=datetime(2026, 10, 1, 12))  # deadline 12 November 2026
    recent = add_referral(db, when=datetime(2026, 11, 20, 12))
    first = cli(db.url, "engagement", "update", "--today", "2026-11-13")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "Closed 1 referral(s) as not engaged."
    assert referral_status(db, late) == ReferralStatus.NOT_ENGAGED
    assert referral_status(db, recent) == ReferralStatus.RECEIVED
    second = cli(db.url, "engagement", "update", "--today", "2026-11-13")
    assert second.stdout.strip() == "Closed 0 referral(s) as not engaged."
    assert "2026-13-01" in one_line_error(
        cli(db.url, "engagement", "update", "--today", "2026-13-01")
    )


def test_export_referrals_writes_the_exact_header(db, tmp_path: Path) -> None:
    person = add_person(db, "Noor", "Example")
    add_referral(db, person, reference="WM/CLI/1", substances=("ketamine", "cannabis"))
    add_referral(
        db,
        person,
        reference="WM/CLI/2",
        when=datetime(2026, 11, 30, 15),
        status=ReferralStatus.INELIGIBLE,
        status_reason="intent to supply",
    )
    out = tmp_path / "referrals.csv"
    result = cli(db.url, "export", "referrals", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote 2 referral(s) to {out}."
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER
    assert lines[1].startswith("WM/CLI/1,2026-11-30,received,,Coventry,no,cannabis;ketamine,")
    assert lines[2].startswith("WM/CLI/2,2026-11-30,ineligible,intent to supply,Coventry,no,,")
    missing = cli(db.url, "export", "referrals", "--out", str(tmp_path / "no" / "such.csv"))
    assert "does not exist" in one_line_error(missing)


def test_an_unreachable_postgresql_server_is_one_clear_line() -> None:
    result = cli("postgresql://divert@127.0.0.1:1/divert", "db", "current")
    assert "cannot use the database" in one_line_error(result)


def test_users_disable_enable_set_role_and_reset_password(db) -> None:
    url = db.url
    assert (
        cli(
            url,
            "users",
            "add",
            "kim",
            "--role",
            "caseworker",
            "--password-stdin",
            stdin=STRONG_PASSWORD + "\n",
        ).returncode
        == 0
    )
    disabled = cli(url, "users", "disable", "kim")
    assert disabled.returncode == 0 and "kim is now disabled." in disabled.stdout
    with pytest.raises(AuthenticationError):
        authenticate(db, "kim", STRONG_PASSWORD)
    assert "kim is now active." in cli(url, "users", "enable", "KIM").stdout
    role = cli(url, "users", "set-role", "kim", "--role", "manager")
    assert role.returncode == 0 and "kim is now a manager." in role.stdout
    reset = cli(
        url,
        "users",
        "reset-password",
        "kim",
        "--password-stdin",
        stdin="temporary lantern harbour\n",
    )
    assert reset.returncode == 0, reset.stderr
    actor = authenticate(db, "kim", "temporary lantern harbour")
    assert actor.role is Role.MANAGER and actor.must_change_password
    listing = cli(url, "users", "list")
    assert "kim\tmanager\tactive, must choose a new password\tkim" in listing.stdout
    weak = cli(url, "users", "reset-password", "kim", "--password-stdin", stdin="qwerty123456\n")
    assert weak.returncode == 1 and "most common passwords" in weak.stderr
    missing = cli(url, "users", "disable", "nobody")
    assert missing.returncode == 1 and "no account called nobody" in missing.stderr
    with db.unit_of_work(write=False) as session:
        actions = set(session.execute(sa.select(AuditEvent.action)).scalars())
    assert {"user.disable", "user.enable", "user.role", "user.reset_password"} <= actions
