"""The person of a referral taken at intake gets its area and the typed address, blanks only
(SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import LocalAuthority, Role
from divert_desktop.core.errors import NotFound, PermissionDenied, ValidationError
from divert_desktop.persistence.models import AuditEvent, Person
from divert_desktop.services.intake_person import TypedAddress, fill_person_from_referral
from tests.db.test_booking import add_person


def stored(db: Any, person_id: int) -> Any:
    with db.unit_of_work(write=False) as session:
        return session.get(Person, person_id)


def updates(db: Any, person_id: int) -> list[Any]:
    with db.unit_of_work(write=False) as session:
        return list(session.execute(
            sa.select(AuditEvent.username, AuditEvent.details).where(
                AuditEvent.action == "person.update", AuditEvent.person_id == person_id
            )
        ))  # fmt: skip


def test_blank_area_and_address_are_filled_and_audited(db: Any, make_actor: Any) -> None:
    actor = make_actor(db, Role.RECEPTIONIST)
    person = add_person(db, "Orla", "Fennimore", date(1994, 6, 9))
    version = stored(db, person).version
    typed = TypedAddress(" 12  Park Street ", None, "Walsall", "ws11aa")
    filled = fill_person_from_referral(
        db, actor, person, local_authority=LocalAuthority.WALSALL, address=typed
    )
    assert set(filled.filled) == {"local_authority", "address_line1", "town", "postcode"}
    assert not filled.address_kept
    row = stored(db, person)
    assert (row.local_authority, row.address_line1, row.address_line2, row.town, row.postcode) == (
        LocalAuthority.WALSALL, "12 Park Street", None, "Walsall", "WS1 1AA",
    )  # fmt: skip
    assert row.version == version + 1
    [(username, details)] = updates(db, person)
    assert username == actor.username and details["source"] == "referral intake"
    assert details["before"]["local_authority"] is None
    assert details["after"]["local_authority"] == "Walsall"


def test_nothing_recorded_is_overwritten(db: Any, make_actor: Any) -> None:
    actor = make_actor(db, Role.RECEPTIONIST)
    person = add_person(db, "Orla", "Fennimore", date(1994, 6, 9))
    with db.unit_of_work() as session:
        session.execute(
            sa.update(Person).where(Person.id == person).values(
                local_authority=LocalAuthority.DUDLEY, address_line1="3 Castle Hill",
                postcode="DY1 1HF",
            )
        )  # fmt: skip
    filled = fill_person_from_referral(
        db, actor, person, local_authority=LocalAuthority.SANDWELL,
        address=TypedAddress("9 New Road", postcode="B70 7AA"),
    )  # fmt: skip
    assert filled.filled == () and filled.address_kept
    row = stored(db, person)
    assert (row.local_authority, row.address_line1, row.postcode) == (
        LocalAuthority.DUDLEY, "3 Castle Hill", "DY1 1HF",
    )  # fmt: skip
    assert updates(db, person) == []
    same = fill_person_from_referral(
        db, actor, person, local_authority=LocalAuthority.DUDLEY,
        address=TypedAddress("3 Castle Hill", postcode="DY1 1HF"),
    )  # fmt: skip
    assert same == type(same)((), False)  # the same address again is nothing to report


def test_refusals(db: Any, make_actor: Any) -> None:
    person = add_person(db, "Orla", "Fennimore", date(1994, 6, 9))
    with pytest.raises(PermissionDenied):
        fill_person_from_referral(
            db, make_actor(db, Role.ADMINISTRATOR), person, local_authority=LocalAuthority.DUDLEY
        )
    actor = make_actor(db, Role.RECEPTIONIST)
    with pytest.raises(NotFound):
        fill_person_from_referral(db, actor, person + 999, local_authority=LocalAuthority.DUDLEY)
    with pytest.raises(ValidationError) as caught:
        fill_person_from_referral(db, actor, person, local_authority=None,
                                  address=TypedAddress("x" * 201))  # fmt: skip
    assert caught.value.field == "address_line1"
    assert stored(db, person).address_line1 is None
