"""The person of a referral taken at intake gets its area and the typed address, blanks only,
in the same transaction as the referral (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import LocalAuthority, Role, Substance
from divert_desktop.core.errors import ValidationError
from divert_desktop.persistence.models import AuditEvent, Person, Referral
from divert_desktop.services.intake.person import TypedAddress
from divert_desktop.services.intake.referrals import ReferralDraft, create_referral
from tests.clock import CLOCK
from tests.db.test_booking import add_person

_refs = iter(range(1, 1000))


def stored(db: Any, person_id: int) -> Any:
    with db.unit_of_work(write=False) as session:
        return session.get(Person, person_id)


def updates(db: Any, person_id: int) -> list[Any]:
    with db.unit_of_work(write=False) as session:
        return list(
            session.execute(
                sa.select(AuditEvent.username, AuditEvent.details).where(
                    AuditEvent.action == "person.update", AuditEvent.person_id == person_id
                )
            )
        )


def draft(area: LocalAuthority) -> ReferralDraft:
    return ReferralDraft(
        police_reference=f"WMP-2026-0{next(_refs):05d}",
        referral_datetime=CLOCK.now().replace(second=0) - timedelta(days=1),
        officer_name="PC Ada Fenwick",
        officer_number="4410",
        first_name="Orla",
        last_name="Fennimore",
        date_of_birth=date(1994, 6, 9),
        local_authority=area,
        substances=[(Substance.CANNABIS, None)],
        intent_to_supply=False,
    )


def test_blank_area_and_address_are_filled_and_audited(db: Any, make_actor: Any) -> None:
    actor = make_actor(db, Role.RECEPTIONIST)
    person = add_person(db, "Orla", "Fennimore", date(1994, 6, 9))
    version = stored(db, person).version
    typed = TypedAddress(" 12  Park Street ", None, "Walsall", "ws11aa")
    dto = create_referral(db, actor, draft(LocalAuthority.WALSALL), person_id=person, address=typed)
    assert dto.person_id == person and not dto.address_kept
    row = stored(db, person)
    assert (row.local_authority, row.address_line1, row.address_line2, row.town, row.postcode) == (
        LocalAuthority.WALSALL,
        "12 Park Street",
        None,
        "Walsall",
        "WS1 1AA",
    )
    assert row.version == version + 1
    [(username, details)] = updates(db, person)
    assert username == actor.username and details["source"] == "referral intake"
    assert details["before"]["local_authority"] is None
    assert details["after"]["local_authority"] == "Walsall"


def test_a_new_person_gets_the_area_and_address(db: Any, make_actor: Any) -> None:
    actor = make_actor(db, Role.RECEPTIONIST)
    dto = create_referral(
        db,
        actor,
        draft(LocalAuthority.DUDLEY),
        address=TypedAddress("3 Castle Hill", town="Dudley"),
    )
    assert dto.new_person
    row = stored(db, dto.person_id)
    assert (row.local_authority, row.address_line1, row.town) == (
        LocalAuthority.DUDLEY,
        "3 Castle Hill",
        "Dudley",
    )


def test_nothing_recorded_is_overwritten(db: Any, make_actor: Any) -> None:
    actor = make_actor(db, Role.RECEPTIONIST)
    person = add_person(db, "Orla", "Fennimore", date(1994, 6, 9))
    with db.unit_of_work() as session:
        session.execute(
            sa.update(Person)
            .where(Person.id == person)
            .values(
                local_authority=LocalAuthority.DUDLEY,
                address_line1="3 Castle Hill",
                postcode="DY1 1HF",
            )
        )
    dto = create_referral(
        db,
        actor,
        draft(LocalAuthority.SANDWELL),
        person_id=person,
        address=TypedAddress("9 New Road", postcode="B70 7AA"),
    )
    assert dto.address_kept
    row = stored(db, person)
    assert (row.local_authority, row.address_line1, row.postcode) == (
        LocalAuthority.DUDLEY,
        "3 Castle Hill",
        "DY1 1HF",
    )
    assert updates(db, person) == []
    same = create_referral(
        db,
        actor,
        draft(LocalAuthority.DUDLEY),
        person_id=person,
        address=TypedAddress("3 Castle Hill", postcode="DY1 1HF"),
    )
    assert not same.address_kept  # the same address again is nothing to report


def test_a_bad_address_saves_nothing(db: Any, make_actor: Any) -> None:
    actor = make_actor(db, Role.RECEPTIONIST)
    person = add_person(db, "Orla", "Fennimore", date(1994, 6, 9))
    with pytest.raises(ValidationError) as caught:
        create_referral(
            db,
            actor,
            draft(LocalAuthority.DUDLEY),
            person_id=person,
            address=TypedAddress("x" * 201),
        )
    assert caught.value.field == "address_line1"
    assert stored(db, person).address_line1 is None
    with db.unit_of_work(write=False) as session:
        assert session.execute(sa.select(sa.func.count(Referral.id))).scalar_one() == 0
