"""Keeping ``person_name_parts`` in step with people's names (every path that writes a name)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.validation import later_name_words
from divert_desktop.persistence.models import PersonNamePart

_TABLE: sa.Table = PersonNamePart.__table__  # type: ignore[assignment]


def part_rows(people: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Name-part rows for people given as mappings with ``id`` and the ``search_*`` keys."""
    return [
        {"person_id": person["id"], "part": word}
        for person in people
        for word in later_name_words(
            person.get("search_first"), person.get("search_last"), person.get("search_known_as")
        )
    ]


def insert_parts(session: Session, people: Iterable[Mapping[str, Any]]) -> None:
    """Add the name parts of newly inserted people (bulk paths)."""
    rows = part_rows(people)
    if rows:
        session.execute(sa.insert(_TABLE), rows)


def replace_parts(
    session: Session,
    person_id: int,
    search_first: str | None,
    search_last: str | None,
    search_known_as: str | None,
) -> None:
    """Rewrite one person's name parts after their names changed (or were removed)."""
    session.execute(sa.delete(_TABLE).where(_TABLE.c.person_id == person_id))
    insert_parts(
        session,
        [
            {
                "id": person_id,
                "search_first": search_first,
                "search_last": search_last,
                "search_known_as": search_known_as,
            }
        ],
    )
