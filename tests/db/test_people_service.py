"""Editing people (by role, with optimistic locking), duplicate reviews and search, on both backends."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import ContactMethod, Role
from divert_desktop.core.errors import (
    ConflictError,
    PermissionDenied,
    StaleEditError,
    ValidationError,
)
from divert_desktop.persistence.models import AuditEvent, Person, PossibleDuplicate
from divert_desktop.services import lists
from divert_desktop.services.context import cli_actor
from divert_desktop.services.people import records as people
from tests.clock import CLOCK
from tests.gui.factories import import_file, mixed_file


@pytest.fixture
def filled(db: Any, tmp_path: Path) -> Any:
    import_file(db, mixed_file(tmp_path / "mixed.csv"))
    return db


def person_id(db: Any, last_name: str) -> int:
    with db.unit_of_work(write=False) as session:
        return session.execute(
            sa.select(Person.id).where(Person.last_name == last_name)
        ).scalar_one()


def audit_actions(db: Any) -> list[str]:
    with db.unit_of_work(write=False) as session:
        return list(session.execute(sa.select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def test_receptionist_edits_contact_details(filled: Any, make_actor: Any) -> None:
    actor = make_actor(filled, Role.RECEPTIONIST)
    pid = person_id(filled, "Öztürk-Jones")
    before = people.person_details(filled, actor, pid)
    saved = people.update_person(
        filled,
        actor,
        pid,
        before.version,
        {
            "postcode": "b2 4qa",
            "phone": "+44 7700 900456",
            "email": "Sian@Example.ORG",
            "preferred_contact": "text message",
            "letters_allowed": False,
            "address_line1": "  12  Elm   Row ",
            "language_needs": "Welsh",
        },
    )
    assert saved.version == before.version + 1
    assert (saved.postcode, saved.phone, saved.email) == (
        "B2 4QA",
        "07700900456",
        "Sian@example.org",
    )
    assert saved.preferred_contact is ContactMethod.TEXT and saved.letters_allowed is False
    assert saved.address_line1 == "12 Elm Row"
    assert saved.first_name == before.first_name  # untouched
    assert audit_actions(filled)[-1] == "person.update"
    with filled.unit_of_work(write=False) as session:
        details = session.execute(
            sa.select(AuditEvent.details).where(AuditEvent.action == "person.update")
        ).scalar_one()
    assert details["after"]["postcode"] == "B2 4QA" and details["before"]["postcode"] == "B1 1AA"
    # the new phone and postcode are searchable at once
    found = lists.search_people(filled, actor, "07700 900456")
    assert [r.id for r in found.rows] == [pid]


@pytest.mark.parametrize(
    "changes",
    [{"first_name": "Other"}, {"date_of_birth": date(2001, 1, 1)}, {"last_name": "Other"}],
)
def test_receptionist_cannot_change_name_or_date_of_birth(
    filled: Any, make_actor: Any, changes: dict[str, Any]
) -> None:
    actor = make_actor(filled, Role.RECEPTIONIST)
    pid = person_id(filled, "Öztürk-Jones")
    version = people.person_details(filled, actor, pid).version
    with pytest.raises(PermissionDenied, match="contact details only"):
        people.update_person(filled, actor, pid, version, {**changes, "phone": "07700900999"})
    after = people.person_details(filled, actor, pid)
    assert after.version == version and after.phone == "07700900123"  # nothing saved


def test_caseworker_changes_the_name_and_search_follows(filled: Any, make_actor: Any) -> None:
    actor = make_actor(filled, Role.CASEWORKER)
    pid = person_id(filled, "Öztürk-Jones")
    version = people.person_details(filled, actor, pid).version
    saved = people.update_person(
        filled,
        actor,
        pid,
        version,
        {"last_name": "Ødegård-Brindle", "known_as": "Sunny", "date_of_birth": "3/4/1990"},
    )
    assert saved.date_of_birth == date(1990, 4, 3)
    for typed in ("odegard", "sunny", "brindle", "3/4/1990"):
        assert pid in [r.id for r in lists.search_people(filled, actor, typed).rows], typed


def test_invalid_values_name_their_field(filled: Any, make_actor: Any) -> None:
    actor = make_actor(filled, Role.CASEWORKER)
    pid = person_id(filled, "Öztürk-Jones")
    version = people.person_details(filled, actor, pid).version
    for changes, field in (
        ({"postcode": "not a postcode"}, "postcode"),
        ({"phone": "12"}, "phone"),
        ({"email": "nobody"}, "email"),
        ({"first_name": "  "}, "first_name"),
        ({"date_of_birth": date(2999, 1, 1)}, "date_of_birth"),
    ):
        with pytest.raises(ValidationError) as caught:
            people.update_person(filled, actor, pid, version, changes)
        assert caught.value.field == field


def test_stale_edit_reports_both_versions(filled: Any, make_actor: Any) -> None:
    mine_actor = make_actor(filled, Role.RECEPTIONIST)
    their_actor = make_actor(filled, Role.RECEPTIONIST)
    pid = person_id(filled, "Öztürk-Jones")
    loaded = people.person_details(filled, mine_actor, pid)
    people.update_person(filled, their_actor, pid, loaded.version, {"phone": "07700900111"})
    with pytest.raises(StaleEditError) as caught:
        people.update_person(filled, mine_actor, pid, loaded.version, {"phone": "07700900222"})
    assert caught.value.mine == {"phone": "07700900222"}
    theirs = caught.value.theirs
    assert isinstance(theirs, people.PersonDetails) and theirs.phone == "07700900111"
    assert "nothing you typed has been lost" in caught.value.message
    assert people.person_details(filled, mine_actor, pid).phone == "07700900111"


def _duplicate(db: Any) -> tuple[int, int, int]:
    a, b = person_id(db, "Öztürk-Jones"), person_id(db, "Pemberton")
    with db.unit_of_work() as session:
        session.execute(sa.update(Person).where(Person.id == a).values(needs_review=True))
        dup = PossibleDuplicate(person_id=a, candidate_id=b, score=80, reasons="Same birthday")
        session.add(dup)
        session.flush()
        return dup.id, a, b


def test_mark_not_the_same_person(filled: Any, make_actor: Any) -> None:
    actor = make_actor(filled, Role.RECEPTIONIST)
    dup_id, a, _b = _duplicate(filled)
    assert [d.id for d in lists.today_overview(filled, actor, CLOCK.today()).duplicates] == [dup_id]
    people.mark_not_same_person(filled, actor, dup_id)
    assert lists.today_overview(filled, actor, CLOCK.today()).duplicates == []
    with filled.unit_of_work(write=False) as session:
        dup = session.get(PossibleDuplicate, dup_id)
        assert (dup.status, dup.resolved_by) == ("not_same", actor.username)
        assert session.get(Person, a).needs_review is False
    assert audit_actions(filled)[-1] == "duplicate.not_same"
    with pytest.raises(ConflictError, match="already reviewed"):
        people.mark_same_person(filled, actor, dup_id)


def test_mark_same_person_waits_for_a_manager(filled: Any, make_actor: Any) -> None:
    actor = make_actor(filled, Role.RECEPTIONIST)
    dup_id, a, _b = _duplicate(filled)
    people.mark_same_person(filled, actor, dup_id)
    with filled.unit_of_work(write=False) as session:
        assert session.get(PossibleDuplicate, dup_id).status == "needs_merge"
        assert session.get(Person, a).needs_review is True  # still flagged until merged
    assert audit_actions(filled)[-1] == "duplicate.needs_merge"


def test_administrator_cannot_edit_people(filled: Any, make_actor: Any) -> None:
    pid = person_id(filled, "Öztürk-Jones")
    version = people.person_details(filled, cli_actor(), pid).version
    admin = make_actor(filled, Role.ADMINISTRATOR)
    with pytest.raises(PermissionDenied):
        people.update_person(filled, admin, pid, version, {"phone": "07700900999"})


@pytest.mark.parametrize(
    ("typed", "last_name"),
    [
        ("jones", "Öztürk-Jones"),
        ("JONES", "Öztürk-Jones"),
        ("sian jones", "Öztürk-Jones"),
        ("ozt", "Öztürk-Jones"),
        ("1990-01-01", None),
    ],
)
def test_search_finds_later_surname_parts(
    filled: Any, make_actor: Any, typed: str, last_name: str | None
) -> None:
    actor = make_actor(filled, Role.RECEPTIONIST)
    found = lists.search_people(filled, actor, typed)
    if last_name is None:
        assert found.searched_by == "date of birth"
    else:
        assert [r.name.split(" ", 1)[1] for r in found.rows] == [last_name]


def test_record_lists_letters_and_version(filled: Any, make_actor: Any) -> None:
    actor = make_actor(filled, Role.RECEPTIONIST)
    pid = person_id(filled, "Öztürk-Jones")
    record = lists.person_record(filled, actor, pid)
    assert record.letters == () and record.version >= 1
    assert record.clinical is None
