"""Optimistic locking: a stale save is refused as a conflict, never a silent overwrite."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from divert_desktop.core.errors import StaleEditError
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Person


def _add_person(db: Database) -> int:
    with db.unit_of_work() as session:
        person = Person(
            first_name="Ola",
            last_name="Nowak",
            date_of_birth=date(2000, 5, 6),
            search_first="ola",
            search_last="nowak",
        )
        session.add(person)
        session.flush()
        return person.id


def test_stale_save_is_refused(db: Database) -> None:
    person_id = _add_person(db)
    # two workstations open the same record
    with db.unit_of_work(write=False) as session:
        mine = session.get(Person, person_id)
    assert mine is not None and mine.version == 1
    with db.unit_of_work() as session:
        theirs = session.get(Person, person_id)
        theirs.phone = "07700900111"
    with pytest.raises(StaleEditError, match="Someone else changed this record"):
        with db.unit_of_work() as session:
            stale = session.merge(mine, load=False)
            stale.phone = "07700900222"
    with db.unit_of_work(write=False) as session:
        row = session.execute(sa.select(Person.phone, Person.version)).one()
    assert row.phone == "07700900111" and row.version == 2
