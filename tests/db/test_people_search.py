"""The People search keystroke path (one statement, capped surname branch, later-part fallback)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import Role
from divert_desktop.core.validation import search_key
from divert_desktop.persistence.models import AuditEvent, Person
from divert_desktop.services import lists
from divert_desktop.services.people.name_parts import insert_parts


def add_people(db: Any, names: list[tuple[str, str]], **extra: Any) -> list[int]:
    """Invented people (first, last), born 1 Mar 1995; returns their ids in order."""
    rows = [
        {
            "first_name": first,
            "last_name": last,
            "date_of_birth": date(1995, 3, 1),
            "search_first": search_key(first),
            "search_last": search_key(last),
            "search_known_as": None,
            **extra,
        }
        for first, last in names
    ]
    with db.unit_of_work() as session:
        ids = [
            session.execute(sa.insert(Person).values(**row).returning(Person.id)).scalar_one()
            for row in rows
        ]
        insert_parts(session, [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
        return ids


@pytest.fixture
def crowd(db: Any) -> Any:
    """Twelve Quarmbys (one of them merged away), two people whose first name starts "quar",
    one double-barrelled surname and one known as "Quarmo"."""
    ids = add_people(db, [(f"Tobin{n:02d}", "Quarmby") for n in range(12)])
    add_people(db, [("Quarla", "Abbot"), ("Quarry", "Zeller"), ("Nell", "Dunmore-Quarmby")])
    with db.unit_of_work() as session:
        session.execute(sa.update(Person).where(Person.id == ids[0]).values(merged_into_id=ids[1]))
        session.execute(
            sa.update(Person)
            .where(Person.last_name == "Zeller")
            .values(known_as="Quarmo", search_known_as="quarmo")
        )
    return db


def test_one_word_finds_every_kind_of_name_once_in_surname_order(
    crowd: Any, make_actor: Any
) -> None:
    found = lists.search_people(crowd, make_actor(crowd, Role.RECEPTIONIST), "Quarmby")
    names = [p.name for p in found.rows]
    # 11 Quarmbys (the merged one is hidden) and the later part of "Dunmore-Quarmby".
    assert names == ["Nell Dunmore-Quarmby", *(f"Tobin{n:02d} Quarmby" for n in range(1, 12))]
    assert not found.truncated

    quar = lists.search_people(crowd, make_actor(crowd, Role.RECEPTIONIST), "QUÂR")
    assert [p.name for p in quar.rows][:1] == ["Quarla Abbot"]
    assert [p.name for p in quar.rows][-1] == "Quarry Zeller"  # by known-as, listed once
    # 11 surnames, 2 first names (one also known as), 1 later surname part: each once.
    assert len(quar.rows) == 14 and len({p.id for p in quar.rows}) == 14


def test_capped_surname_branch_still_gives_the_first_people_by_surname(
    crowd: Any, make_actor: Any
) -> None:
    actor = make_actor(crowd, Role.RECEPTIONIST)
    # "quar" finds the 13 people whose names start with it and the later surname part
    # "Dunmore-Quarmby": 14, by surname, and a smaller limit gives the first of that order.
    every = [p.sort_name for p in lists.search_people(crowd, actor, "quar").rows]
    assert len(every) == 14 and every == sorted(every)
    assert every[0] == "abbot quarla" and "dunmore quarmby nell" in every
    for limit in (1, 3, 5, 12):
        found = lists.search_people(crowd, actor, "quar", limit=limit)
        assert [p.sort_name for p in found.rows] == every[:limit]
        assert found.truncated


def test_later_surname_part_needs_three_letters_and_sorts_by_the_whole_surname(
    crowd: Any, make_actor: Any
) -> None:
    actor = make_actor(crowd, Role.RECEPTIONIST)
    # "qu" is too short for the later-part search: Dunmore-Quarmby is not found.
    short = [p.name for p in lists.search_people(crowd, actor, "qu").rows]
    assert len(short) == 13 and "Nell Dunmore-Quarmby" not in short
    # With three letters or more she is found through the name-parts index, and sorts by her
    # whole surname (before the Quarmbys) however small the limit.
    found = lists.search_people(crowd, actor, "quarmby", limit=4)
    assert [p.name for p in found.rows] == [
        "Nell Dunmore-Quarmby",
        "Tobin01 Quarmby",
        "Tobin02 Quarmby",
        "Tobin03 Quarmby",
    ]
    assert found.truncated
    found = lists.search_people(crowd, actor, "quarmby", limit=12)
    assert len(found.rows) == 12 and not found.truncated


def test_a_renamed_person_is_found_by_the_later_part_of_the_new_surname(
    db: Any, make_actor: Any
) -> None:
    from divert_desktop.services.people import records as people

    ids = add_people(db, [("Wren", "Ashdown")])
    editor = make_actor(db, Role.CASEWORKER)
    details = people.person_details(db, editor, ids[0])
    changes = {**details.values(), "last_name": "Ashdown-Velasquo"}
    people.update_person(db, editor, ids[0], details.version, changes)
    found = lists.search_people(db, editor, "velasq")
    assert [p.name for p in found.rows] == ["Wren Ashdown-Velasquo"]
    changes["last_name"] = "Ashdown"
    people.update_person(db, editor, ids[0], details.version + 1, changes)
    assert lists.search_people(db, editor, "velasq").rows == []


def test_rows_carry_the_details_and_searching_is_not_a_record_view(
    crowd: Any, make_actor: Any
) -> None:
    actor = make_actor(crowd, Role.RECEPTIONIST)
    with crowd.unit_of_work(write=False) as session:
        before = session.execute(sa.select(sa.func.count(AuditEvent.id))).scalar_one()
    row = lists.search_people(crowd, actor, "dunmore").rows[0]
    assert (row.name, row.sort_name, row.known_as) == (
        "Nell Dunmore-Quarmby",
        "dunmore quarmby nell",
        "",
    )
    assert row.date_of_birth == date(1995, 3, 1) and row.date_of_birth_text == "1 Mar 1995"
    assert (row.postcode, row.area, row.referrals) == ("", "", 0)
    with crowd.unit_of_work(write=False) as session:
        after = session.execute(sa.select(sa.func.count(AuditEvent.id))).scalar_one()
    assert after == before


def test_a_phone_prefix_most_people_share_gives_a_sorted_first_page(
    db: Any, make_actor: Any
) -> None:
    names = [(f"Caller{n:02d}", f"Phoneby{n % 7}") for n in range(30)]
    ids = add_people(db, names)
    with db.unit_of_work() as session:
        for n, pid in enumerate(ids):
            session.execute(
                sa.update(Person).where(Person.id == pid).values(phone=f"0770090{n:04d}")
            )
    found = lists.search_people(db, make_actor(db, Role.RECEPTIONIST), "07700 90", limit=10)
    assert found.searched_by == "postcode, phone or police reference"
    assert len(found.rows) == 10 and found.truncated
    keys = [p.sort_name for p in found.rows]
    assert keys == sorted(keys)
    exact = lists.search_people(db, make_actor(db, Role.RECEPTIONIST), "077009 00012")
    assert [p.name for p in exact.rows] == ["Caller12 Phoneby5"]


def test_search_statements_are_built_once_and_take_their_values_bound(db: Any, make_actor) -> None:
    """Issue 18: rebuilding the SQLAlchemy trees was about 85% of a search whose SQL took 1 ms.
    Each shape of search (two words, a phone prefix, a date of birth …) is built once."""
    from divert_desktop.services.lists import people_search

    actor = make_actor(db, Role.RECEPTIONIST)
    add_people(db, [("Sian", "Jones"), ("Sian", "Ozturk-Jones"), ("Sam", "Jonson")])
    people_search._statement.cache_clear()
    first = lists.search_people(db, actor, "sian jones")
    built = people_search._statement.cache_info().misses
    again = lists.search_people(db, actor, "sam jonson")  # two words again: same statement
    assert people_search._statement.cache_info().misses == built
    assert [r.name for r in first.rows] == ["Sian Jones", "Sian Ozturk-Jones"]
    assert [r.name for r in again.rows] == ["Sam Jonson"]
    for text in ("07700 900", "07700 901", "1/3/1995", "2/3/1995"):
        lists.search_people(db, actor, text)
    assert people_search._statement.cache_info().misses == built + 2  # phone, date of birth
