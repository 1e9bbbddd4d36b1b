"""Staff accounts: first-run administrator, argon2id hashes, sign-in refusals and lock-out."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import Role
from divert_desktop.core.errors import AuthenticationError, ConflictError, ValidationError
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import AuditEvent, Setting, StaffUser, utcnow
from divert_desktop.services.admin import users
from divert_desktop.services.context import cli_actor

PASSWORD = "a long enough passphrase"


def test_first_run_creates_one_administrator_with_letterhead(db: Database) -> None:
    assert users.needs_first_run(db)
    admin = users.create_first_administrator(
        db,
        username="Admin",
        display_name="Ada Example",
        password=PASSWORD,
        letterhead={"organisation_name": "Example Recovery Trust", "bogus": "ignored"},
    )
    assert admin.role is Role.ADMINISTRATOR and admin.username == "admin"
    assert not users.needs_first_run(db)
    with db.unit_of_work(write=False) as session:
        stored = session.execute(sa.select(StaffUser.password_hash)).scalar_one()
        assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
        assert PASSWORD not in stored
        assert session.get(Setting, "organisation_name").value == "Example Recovery Trust"
        assert session.get(Setting, "bogus") is None
    with pytest.raises(ConflictError):
        users.create_first_administrator(
            db, username="other", display_name="Other", password=PASSWORD
        )


@pytest.mark.parametrize("password", ["short", "eleven char", ""])
def test_short_passwords_are_refused(db: Database, password: str) -> None:
    with pytest.raises(ValidationError, match="at least 12"):
        users.add_user(
            db,
            cli_actor(),
            username="jo",
            display_name="Jo",
            role=Role.CASEWORKER,
            password=password,
        )


def test_duplicate_username_refused(db: Database) -> None:
    users.add_user(
        db, cli_actor(), username="jo", display_name="Jo", role=Role.CASEWORKER, password=PASSWORD
    )
    with pytest.raises(ConflictError, match="already taken"):
        users.add_user(
            db, cli_actor(), username="JO", display_name="Jo", role=Role.MANAGER, password=PASSWORD
        )


def test_sign_in_and_refusals_do_not_reveal_which_part_was_wrong(db: Database) -> None:
    users.add_user(
        db,
        cli_actor(),
        username="sam",
        display_name="Sam Example",
        role=Role.RECEPTIONIST,
        password=PASSWORD,
    )
    actor = users.authenticate(db, " Sam ", PASSWORD)
    assert actor.role is Role.RECEPTIONIST and actor.display_name == "Sam Example"
    with pytest.raises(AuthenticationError) as wrong_password:
        users.authenticate(db, "sam", "not the password")
    with pytest.raises(AuthenticationError) as no_such_user:
        users.authenticate(db, "nobody", "not the password")
    assert str(wrong_password.value) == str(no_such_user.value)
    with db.unit_of_work(write=False) as session:
        actions = session.execute(sa.select(AuditEvent.action).order_by(AuditEvent.id)).scalars()
        assert list(actions)[-3:] == ["login", "login.failed", "login.failed"]


def _fail(db: Database, username: str, at: datetime) -> AuthenticationError:
    with pytest.raises(AuthenticationError) as refused:
        users.authenticate(db, username, "wrong password!", now=at)
    return refused.value


def test_repeated_failures_lock_the_account_for_a_while(db: Database) -> None:
    users.add_user(
        db, cli_actor(), username="kim", display_name="Kim", role=Role.CASEWORKER, password=PASSWORD
    )
    start = utcnow()
    at = start
    for _ in range(users.MAX_FAILED_LOGINS):  # spaced out, so none waits for the slow-down
        at += timedelta(seconds=31)
        assert _fail(db, "kim", at).message == users.REFUSAL
    at += timedelta(seconds=31)
    with pytest.raises(AuthenticationError) as locked:  # the right password, while locked
        users.authenticate(db, "kim", PASSWORD, now=at)
    assert locked.value.message == users.REFUSAL and locked.value.retry_after == 0
    with db.unit_of_work(write=False) as session:
        kim = session.execute(sa.select(StaffUser).where(StaffUser.username == "kim")).scalar_one()
        assert kim.locked_until is not None
        locked_events = session.execute(
            sa.select(sa.func.count()).where(AuditEvent.action == "login.locked")
        ).scalar_one()
    assert locked_events == 1
    later = kim.locked_until + timedelta(seconds=1)
    assert users.authenticate(db, "kim", PASSWORD, now=later).username == "kim"


def test_failures_slow_down_the_same_way_whether_or_not_the_account_exists(db: Database) -> None:
    users.add_user(
        db, cli_actor(), username="kim", display_name="Kim", role=Role.CASEWORKER, password=PASSWORD
    )
    start = utcnow()
    waits: dict[str, list[int]] = {}
    for name in ("kim", "nobody.here"):
        for _ in range(3):  # the first two cost nothing, so three in the same second
            assert _fail(db, name, start).message == users.REFUSAL
        early = _fail(db, name, start)  # told to wait; the password is not even checked
        assert early.message == "Too many tries. Wait 2 seconds, then try again."
        then = start + timedelta(seconds=2)
        assert _fail(db, name, then).message == users.REFUSAL  # a real try once the wait is over
        waits[name] = [early.retry_after, _fail(db, name, then).retry_after]
    assert waits["kim"] == waits["nobody.here"] == [2, 4]


def test_a_sign_in_that_must_wait_is_refused_even_with_the_right_password(db: Database) -> None:
    users.add_user(
        db, cli_actor(), username="kim", display_name="Kim", role=Role.CASEWORKER, password=PASSWORD
    )
    at = utcnow()
    for _ in range(3):
        _fail(db, "kim", at)
    with pytest.raises(AuthenticationError) as wait:
        users.authenticate(db, "kim", PASSWORD, now=at + timedelta(seconds=1))
    assert wait.value.retry_after == 1 and "Wait 1 second," in wait.value.message
    assert users.authenticate(db, "kim", PASSWORD, now=at + timedelta(seconds=2)).username == "kim"
    _fail(db, "kim", at + timedelta(seconds=3))  # success wiped the count: this one is free
    assert users.authenticate(db, "kim", PASSWORD, now=at + timedelta(seconds=3)).username == "kim"


def test_failures_are_forgotten_after_a_quiet_spell(db: Database) -> None:
    at = utcnow()
    for _ in range(4):
        _fail(db, "nobody.here", at)
    later = at + users.ATTEMPTS_FORGOTTEN_AFTER + timedelta(seconds=1)
    assert _fail(db, "nobody.here", later).retry_after == 0
    assert _fail(db, "someone.else", later).retry_after == 0
    from divert_desktop.core.passwords import typed_name_hash
    from divert_desktop.persistence.models import SignInAttempts

    with db.unit_of_work(write=False) as session:
        key = users.sign_in_key(session)
        rows = session.execute(sa.select(SignInAttempts.name_hash, SignInAttempts.failures)).all()
    assert sorted(rows) == sorted(
        [(typed_name_hash(key, "nobody.here"), 1), (typed_name_hash(key, "someone.else"), 1)]
    )


def test_disabled_account_cannot_sign_in(db: Database) -> None:
    users.add_user(
        db, cli_actor(), username="lee", display_name="Lee", role=Role.CASEWORKER, password=PASSWORD
    )
    with db.unit_of_work() as session:
        session.execute(sa.update(StaffUser).values(active=False))
    with pytest.raises(AuthenticationError):
        users.authenticate(db, "lee", PASSWORD)
