"""Staff accounts: first-run administrator, argon2id hashes, sign-in refusals and lock-out."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import Role
from divert_desktop.core.errors import AuthenticationError, ConflictError, ValidationError
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import AuditEvent, Setting, StaffUser, utcnow
from divert_desktop.services import users
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
        users.add_user(db, cli_actor(), username="jo", display_name="Jo", role=Role.CASEWORKER,
                       password=password)  # fmt: skip


def test_duplicate_username_refused(db: Database) -> None:
    users.add_user(db, cli_actor(), username="jo", display_name="Jo", role=Role.CASEWORKER,
                   password=PASSWORD)  # fmt: skip
    with pytest.raises(ConflictError, match="already taken"):
        users.add_user(db, cli_actor(), username="JO", display_name="Jo", role=Role.MANAGER,
                       password=PASSWORD)  # fmt: skip


def test_sign_in_and_refusals_do_not_reveal_which_part_was_wrong(db: Database) -> None:
    users.add_user(db, cli_actor(), username="sam", display_name="Sam Example",
                   role=Role.RECEPTIONIST, password=PASSWORD)  # fmt: skip
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


def test_repeated_failures_lock_the_account_for_a_while(db: Database) -> None:
    users.add_user(db, cli_actor(), username="kim", display_name="Kim", role=Role.CASEWORKER,
                   password=PASSWORD)  # fmt: skip
    for _ in range(users.MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationError):
            users.authenticate(db, "kim", "wrong password!")
    with pytest.raises(AuthenticationError):  # the right password is refused while locked
        users.authenticate(db, "kim", PASSWORD)
    later = utcnow() + timedelta(minutes=users.LOCK_MINUTES + 1)
    assert users.authenticate(db, "kim", PASSWORD, now=later).username == "kim"


def test_disabled_account_cannot_sign_in(db: Database) -> None:
    users.add_user(db, cli_actor(), username="lee", display_name="Lee", role=Role.CASEWORKER,
                   password=PASSWORD)  # fmt: skip
    with db.unit_of_work() as session:
        session.execute(sa.update(StaffUser).values(active=False))
    with pytest.raises(AuthenticationError):
        users.authenticate(db, "lee", PASSWORD)
