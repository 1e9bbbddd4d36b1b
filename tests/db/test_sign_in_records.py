"""Sign-in records keep no text typed as a username: a known account is counted by its id, other
text by a keyed hash; throttling and lock-out still work; migration 0009 converts old rows; and
the README's sentence about the slow-down states what the code does."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import Role
from divert_desktop.core.errors import AuthenticationError
from divert_desktop.core.passwords import typed_name_hash
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.migrate import upgrade
from divert_desktop.persistence.models import AuditEvent, Base, SignInAttempts, StaffUser
from divert_desktop.services.admin import users
from divert_desktop.services.context import cli_actor
from tests.db.old_schema import empty_database_url

PASSWORD = "a long enough passphrase"
TYPED_SECRET = "Hunter2-Secret-Pw-7741"  # a password typed into the username box
AT = datetime(2026, 12, 1, 9, 0)
README = Path(__file__).resolve().parents[2] / "README.md"


def _fail(db: Database, username: str, at: datetime, password: str = "wrong password!") -> int:
    """One refused sign-in; returns how long it said to wait (0: a real try, refused)."""
    with pytest.raises(AuthenticationError) as refused:
        users.authenticate(db, username, password, now=at)
    return refused.value.retry_after or 0


def text_values(db: Database) -> list[str]:
    """Every value of every text or JSON column of every table."""
    out: list[str] = []
    with db.unit_of_work(write=False) as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.c if isinstance(c.type, sa.String | sa.Text | sa.JSON)]
            if columns:
                for row in session.execute(sa.select(*columns)):
                    out.extend(str(v) for v in row if v is not None)
    return out


def test_a_password_typed_as_the_username_is_kept_nowhere(db: Database, tmp_path: Path) -> None:
    users.add_user(
        db, cli_actor(), username="kim", display_name="Kim", role=Role.CASEWORKER, password=PASSWORD
    )
    log_file = tmp_path / "divert-desktop.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        for n in range(5):  # into the slow-down, in any case and with spaces around it
            _fail(db, f"  {TYPED_SECRET.upper() if n % 2 else TYPED_SECRET} ", AT, password="kim")
        _fail(db, "kim", AT)  # a known account's wrong password
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(level)
    needles = {TYPED_SECRET, TYPED_SECRET.lower(), TYPED_SECRET.casefold(), TYPED_SECRET.upper()}
    found = [v for v in text_values(db) if any(n in v for n in needles)]
    assert found == []
    log_text = log_file.read_text(encoding="utf-8")
    assert not [n for n in needles if n in log_text]
    with db.unit_of_work(write=False) as session:
        key = users.sign_in_key(session)
        kim = session.execute(sa.select(StaffUser.id).where(StaffUser.username == "kim")).scalar()
        rows = session.execute(
            sa.select(SignInAttempts.user_id, SignInAttempts.name_hash, SignInAttempts.failures)
        ).all()
        failed = session.execute(
            sa.select(AuditEvent.username, AuditEvent.entity_id, AuditEvent.details)
            .where(AuditEvent.action == "login.failed")
            .order_by(AuditEvent.id)
        ).all()
    assert sorted(rows, key=str) == sorted(
        [(None, typed_name_hash(key, TYPED_SECRET), 3), (kim, None, 1)], key=str
    )  # three real tries of the unknown text, then two told to wait (not counted)
    assert [tuple(r) for r in failed] == [(users.UNKNOWN_ACCOUNT, None, None)] * 3 + [
        ("kim", str(kim), None)
    ]


def test_the_same_unknown_text_is_throttled_and_other_text_is_not(db: Database) -> None:
    for _ in range(3):
        assert _fail(db, "No.Such.Person", AT) == 0
    assert _fail(db, " no.such.person ", AT) == 2  # the same text in another case
    assert _fail(db, "someone.else", AT) == 0
    assert _fail(db, "no.such.person", AT + timedelta(seconds=2)) == 0  # a real try, refused
    assert _fail(db, "no.such.person", AT + timedelta(seconds=2)) == 4


def test_a_known_account_is_throttled_and_locked_by_its_id(db: Database) -> None:
    users.add_user(
        db, cli_actor(), username="lee", display_name="Lee", role=Role.CASEWORKER, password=PASSWORD
    )
    at = AT
    for _ in range(3):
        assert _fail(db, "Lee", at) == 0
    assert _fail(db, "LEE ", at) == 2
    for _ in range(users.MAX_FAILED_LOGINS - 3):  # spaced out past each wait
        at += timedelta(seconds=31)
        assert _fail(db, "lee", at) == 0
    at += timedelta(seconds=31)
    assert _fail(db, "lee", at, password=PASSWORD) == 0  # locked: the right password is refused
    with db.unit_of_work(write=False) as session:
        lee = session.execute(sa.select(StaffUser).where(StaffUser.username == "lee")).scalar_one()
        assert lee.locked_until is not None
        row = session.execute(sa.select(SignInAttempts)).scalar_one()
        assert (row.user_id, row.name_hash) == (lee.id, None)
    later = lee.locked_until + timedelta(seconds=1)
    assert users.authenticate(db, "lee", PASSWORD, now=later).username == "lee"
    with db.unit_of_work(write=False) as session:
        assert session.execute(sa.select(sa.func.count()).select_from(SignInAttempts)).scalar() == 0


NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def test_the_readme_says_when_the_slow_down_starts(db: Database) -> None:
    """The README's sentence, read as numbers, and what authenticate does agree."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    said = re.search(
        r"The first (\w+) tries are free: after (\w+) failed sign-ins in a row for a "
        r"username \(whether it exists or not\) each further try waits 2, 4, 8 … up "
        r"to 30 seconds",
        text,
    )
    assert said is not None, "the README no longer states when sign-ins slow down"
    free, after = NUMBERS[said[1]], NUMBERS[said[2]]
    assert free == after
    for name in ("free.kim", "nobody.at.all"):
        if name == "free.kim":
            users.add_user(
                db,
                cli_actor(),
                username=name,
                display_name="Kim",
                role=Role.CASEWORKER,
                password=PASSWORD,
            )
        waits = [_fail(db, name, AT) for _ in range(after + 1)]  # all at the same instant
        assert waits == [0] * free + [2], name
        assert _fail(db, name, AT + timedelta(seconds=2)) == 0
        assert _fail(db, name, AT + timedelta(seconds=2)) == 4
        assert _fail(db, name, AT + timedelta(seconds=6)) == 0
        assert _fail(db, name, AT + timedelta(seconds=6)) == 8


def test_0009_replaces_typed_text_with_the_account_or_a_keyed_hash(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = empty_database_url(backend, request, tmp_path)
    db = Database(url)
    try:
        upgrade(db.engine, "0007")
        with db.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO staff_users (username, display_name, role, password_hash, active, "
                    "must_change_password, failed_logins, created_at, version) VALUES "
                    "('kim', 'Kim', 'caseworker', '-', true, false, 0, :at, 1)"
                ),
                {"at": AT},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO sign_in_attempts (username, failures, last_failed_at) "
                    "VALUES ('kim', 2, :at), (:typed, 4, :at)"
                ),
                {"at": AT, "typed": TYPED_SECRET.lower()},
            )
        upgrade(db.engine)
        with db.unit_of_work(write=False) as session:
            key = users.sign_in_key(session)
            kim = session.execute(sa.select(StaffUser.id)).scalar_one()
            rows = session.execute(
                sa.select(
                    SignInAttempts.user_id,
                    SignInAttempts.name_hash,
                    SignInAttempts.failures,
                    SignInAttempts.last_failed_at,
                )
            ).all()
        assert len(key) == 64
        assert sorted(rows, key=str) == sorted(
            [(kim, None, 2, AT), (None, typed_name_hash(key, TYPED_SECRET), 4, AT)], key=str
        )
        assert not [v for v in text_values(db) if TYPED_SECRET.lower() in v.lower()]
        # The count goes on: four failures, so the next try waits 4 seconds after the last.
        assert _fail(db, TYPED_SECRET, AT + timedelta(seconds=1)) == 3
    finally:
        db.dispose()
