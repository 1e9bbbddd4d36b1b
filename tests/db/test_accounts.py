"""Account care: roles, disabling (the open session ends), resets (a new password at next
sign-in), changing one's own password, and the password rules the service applies."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import Role
from divert_desktop.core.errors import (
    AuthenticationError,
    ConflictError,
    PermissionDenied,
    SessionEndedError,
    ValidationError,
)
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import AuditEvent, StaffUser, utcnow
from divert_desktop.services import lists
from divert_desktop.services.admin import accounts, users
from divert_desktop.services.admin.settings import update_settings
from divert_desktop.services.context import cli_actor
from tests.conftest import STRONG_PASSWORD

TEMPORARY = "temporary lantern harbour"
NEW = "quiet meadow copper kettle"


def _actions(db: Database) -> list[str]:
    with db.unit_of_work(write=False) as session:
        return list(session.execute(sa.select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def test_disabling_ends_the_open_session_at_its_next_action(db: Database, make_actor) -> None:
    admin = make_actor(db, Role.ADMINISTRATOR, username="ada")
    rita = make_actor(db, Role.RECEPTIONIST, username="rita")
    assert lists.count_people(db) == 0
    lists.search_people(db, rita, "")  # works while the account is active
    accounts.set_active(db, admin, rita.user_id, False)
    with pytest.raises(SessionEndedError, match="disabled"):
        lists.search_people(db, rita, "")
    with pytest.raises(AuthenticationError):
        users.authenticate(db, "rita", STRONG_PASSWORD)
    accounts.set_active(db, admin, rita.user_id, True)
    lists.search_people(db, rita, "")  # the same session works again once enabled
    assert users.authenticate(db, "rita", STRONG_PASSWORD).username == "rita"
    assert {"user.disable", "user.enable"} <= set(_actions(db))


def test_a_new_role_ends_the_session_and_the_next_sign_in_has_it(db: Database, make_actor) -> None:
    admin = make_actor(db, Role.ADMINISTRATOR)
    cara = make_actor(db, Role.CASEWORKER, username="cara")
    changed = accounts.set_role(db, admin, cara.user_id, Role.MANAGER)
    assert changed.role is Role.MANAGER
    with pytest.raises(SessionEndedError, match="changed your role"):
        lists.search_people(db, cara, "")
    again = users.authenticate(db, "cara", STRONG_PASSWORD)
    assert again.role is Role.MANAGER
    lists.search_people(db, again, "")
    with db.unit_of_work(write=False) as session:
        details = session.execute(
            sa.select(AuditEvent.details).where(AuditEvent.action == "user.role")
        ).scalar_one()
    assert details == {"role": {"before": "caseworker", "after": "manager"}}


def test_reset_means_a_new_password_at_next_sign_in(db: Database, make_actor) -> None:
    admin = make_actor(db, Role.ADMINISTRATOR)
    kim = make_actor(db, Role.CASEWORKER, username="kim")
    accounts.reset_password(db, admin, kim.user_id, TEMPORARY)
    with pytest.raises(SessionEndedError, match="reset your password"):
        lists.search_people(db, kim, "")
    with pytest.raises(AuthenticationError):
        users.authenticate(db, "kim", STRONG_PASSWORD)  # the old password is gone
    signed_in = users.authenticate(db, "kim", TEMPORARY)
    assert signed_in.must_change_password
    with pytest.raises(SessionEndedError):  # nothing works until a new password is chosen
        lists.search_people(db, signed_in, "")
    with pytest.raises(ValidationError, match="different"):
        accounts.change_own_password(db, signed_in, TEMPORARY)
    accounts.change_own_password(db, signed_in, NEW)  # no current password asked right after
    lists.search_people(db, signed_in, "")
    assert not users.authenticate(db, "kim", NEW).must_change_password
    assert {"user.reset_password", "user.change_password"} <= set(_actions(db))


def test_a_session_opened_before_a_reset_cannot_choose_the_new_password(
    db: Database, make_actor
) -> None:
    admin = make_actor(db, Role.ADMINISTRATOR)
    kim = make_actor(db, Role.CASEWORKER, username="kim")
    accounts.reset_password(db, admin, kim.user_id, TEMPORARY)
    with pytest.raises(SessionEndedError, match="reset your password"):
        accounts.change_own_password(db, kim, NEW)
    with pytest.raises(AuthenticationError):
        users.authenticate(db, "kim", NEW)  # nothing was changed
    assert users.authenticate(db, "kim", TEMPORARY).must_change_password


def test_reset_unlocks_a_locked_account(db: Database, make_actor) -> None:
    admin = make_actor(db, Role.ADMINISTRATOR)
    kim = make_actor(db, Role.CASEWORKER, username="kim")
    with db.unit_of_work() as session:
        session.execute(
            sa.update(StaffUser)
            .where(StaffUser.id == kim.user_id)
            .values(locked_until=utcnow() + timedelta(hours=1))
        )
    accounts.reset_password(db, admin, kim.user_id, TEMPORARY)
    with db.unit_of_work(write=False) as session:
        assert session.get(StaffUser, kim.user_id).locked_until is None


def test_changing_your_own_password_needs_the_current_one(db: Database, make_actor) -> None:
    sam = make_actor(db, Role.RECEPTIONIST, username="sam")
    with pytest.raises(ValidationError) as wrong:
        accounts.change_own_password(db, sam, NEW, current_password="not it at all")
    assert wrong.value.field == "current_password"
    accounts.change_own_password(db, sam, NEW, current_password=STRONG_PASSWORD)
    assert users.authenticate(db, "sam", NEW).username == "sam"


def test_the_service_refuses_common_names_and_organisation_passwords(
    db: Database, make_actor
) -> None:
    admin = make_actor(db, Role.ADMINISTRATOR)
    update_settings(db, admin, {"organisation_name": "Example Recovery Trust"})
    cases = {
        "qwerty123456": "most common",
        "new.starter is here": "username",
        "example recovery trust!": "organisation",
        "zzzzzzzzzzzzzz": "repeats",
    }
    for password, reason in cases.items():
        with pytest.raises(ValidationError, match=reason) as refused:
            users.add_user(
                db,
                admin,
                username="new.starter",
                display_name="New Starter",
                role=Role.RECEPTIONIST,
                password=password,
            )
        assert refused.value.field == "password"
    kim = make_actor(db, Role.CASEWORKER, username="kim")
    with pytest.raises(ValidationError, match="most common"):
        accounts.reset_password(db, admin, kim.user_id, "1qaz2wsx3edc")


def test_administrators_cannot_lock_themselves_or_the_last_one_out(
    db: Database, make_actor
) -> None:
    ada = make_actor(db, Role.ADMINISTRATOR, username="ada")
    for call in (
        lambda: accounts.set_active(db, ada, ada.user_id, False),
        lambda: accounts.set_role(db, ada, ada.user_id, Role.MANAGER),
        lambda: accounts.reset_password(db, ada, ada.user_id, TEMPORARY),
    ):
        with pytest.raises(ConflictError, match="your own account"):
            call()
    with pytest.raises(ConflictError, match="only active administrator"):
        accounts.set_active(db, cli_actor(), ada.user_id, False)
    bob = make_actor(db, Role.ADMINISTRATOR, username="bob")
    accounts.set_role(db, bob, ada.user_id, Role.MANAGER)  # another administrator may
    assert users.authenticate(db, "ada", STRONG_PASSWORD).role is Role.MANAGER


def test_only_administrators_manage_accounts(db: Database, make_actor) -> None:
    manager = make_actor(db, Role.MANAGER)
    kim = make_actor(db, Role.CASEWORKER, username="kim")
    for call in (
        lambda: accounts.set_active(db, manager, kim.user_id, False),
        lambda: accounts.set_role(db, manager, kim.user_id, Role.MANAGER),
        lambda: accounts.reset_password(db, manager, kim.user_id, TEMPORARY),
        lambda: accounts.find_user(db, manager, "kim"),
    ):
        with pytest.raises(PermissionDenied, match="manager"):
            call()
    assert "user.disable" not in _actions(db)
