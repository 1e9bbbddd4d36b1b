"""``persistence.bulk.insert_rows`` (the driver's executemany) stores exactly what SQLAlchemy's
own bulk insert stores: dates, times, enums, booleans, NULLs and column defaults, on both
backends, inside the caller's transaction."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from divert_desktop.core.enums import Gender, LocalAuthority
from divert_desktop.persistence.bulk import COPY_FROM_ROWS, insert_rows
from divert_desktop.persistence.models import Person

AT = datetime(2026, 12, 2, 9, 30, 15, 123456)


def person(n: int, **changes: Any) -> dict[str, Any]:
    row = {
        "id": 1000 + n,
        "first_name": f"Ada{n}",
        "last_name": "Lovelace",
        "known_as": None,
        "date_of_birth": date(1990, 1, 1 + n),
        "gender": Gender.FEMALE if n % 2 else None,
        "postcode": "B1 1AA",
        "local_authority": LocalAuthority.BIRMINGHAM,
        "phone": None,
        "letters_allowed": bool(n % 2),
        "search_first": f"ada{n}",
        "search_last": "lovelace",
        "needs_review": False,
        "created_at": AT,
        "updated_at": AT,
    }
    return {**row, **changes}


def stored(db: Any, ids: list[int]) -> list[tuple]:
    table = Person.__table__
    with db.unit_of_work(write=False) as s:
        return [
            tuple(r)
            for r in s.execute(
                sa.select(table).where(table.c.id.in_(ids)).order_by(table.c.id)
            ).all()
        ]


def test_the_driver_s_executemany_stores_what_sqlalchemy_s_insert_stores(db: Any) -> None:
    table = Person.__table__
    ours = [person(n) for n in range(3)]
    theirs = [person(n, id=2000 + n) for n in range(3)]
    with db.unit_of_work() as s:
        insert_rows(s, table, ours)
        s.execute(sa.insert(table), theirs)
        sql = sa.text("SELECT created_at, gender, local_authority FROM people WHERE id = :i")
        raw = s.execute(sql, {"i": 1001}).one()
        twin = s.execute(sql, {"i": 2001}).one()
        assert tuple(raw) == tuple(twin)  # the same text / values in the database itself
    mine, reference = stored(db, [1000, 1001, 1002]), stored(db, [2000, 2001, 2002])
    assert [r[1:] for r in mine] == [r[1:] for r in reference]
    assert mine[1][1:3] == ("Ada1", "Lovelace")
    assert {r[list(table.c.keys()).index("version")] for r in mine} == {1}  # its default


def test_rows_that_leave_a_worked_out_default_go_through_sqlalchemy(db: Any) -> None:
    table = Person.__table__
    rows = [{k: v for k, v in person(n).items() if k != "created_at"} for n in range(2)]
    with db.unit_of_work() as s:
        insert_rows(s, table, rows)  # created_at: the clock's default, filled by SQLAlchemy
    created = {r[list(table.c.keys()).index("created_at")] for r in stored(db, [1000, 1001])}
    assert None not in created and len(created) >= 1


def test_a_failed_insert_is_sqlalchemy_s_error_and_nothing_is_kept(db: Any) -> None:
    table = Person.__table__
    with pytest.raises(DBAPIError), db.unit_of_work() as s:
        insert_rows(s, table, [person(1)])
        insert_rows(s, table, [person(1)])  # the same id again
    assert stored(db, [1001]) == []


def test_listeners_see_the_driver_s_executemany(db: Any) -> None:
    # As with SQLAlchemy's own insert: statement logging, and the tests that stop the server
    # just before an INSERT (tests/gui/test_reconnect_gui.py), see it.
    seen: list[tuple[str, bool]] = []
    sa.event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append((a[2], a[5])))
    with db.unit_of_work() as s:
        insert_rows(s, Person.__table__, [person(n) for n in range(2)])
    assert [
        many for sql, many in seen if sql.lstrip().upper().startswith("INSERT INTO PEOPLE")
    ] == [True]


def test_a_large_batch_stores_what_sqlalchemy_s_insert_stores(db: Any) -> None:
    """From ``COPY_FROM_ROWS`` rows PostgreSQL takes them with COPY: the same values,
    awkward text included (tabs, new lines, backslashes, quotes, non-ASCII)."""
    table = Person.__table__
    n = COPY_FROM_ROWS + 5
    odd = ["tab\there", "line\nbreak", "back\\slash \\N", 'quote\'s "x"', "Siân 李 😀", ""]
    ours = [person(i % 20, id=1000 + i, known_as=odd[i % len(odd)] or None) for i in range(n)]
    theirs = [{**row, "id": 5000 + i} for i, row in enumerate(ours)]
    with db.unit_of_work() as s:
        insert_rows(s, table, ours)
        s.execute(sa.insert(table), theirs)
    mine = stored(db, [1000 + i for i in range(n)])
    reference = stored(db, [5000 + i for i in range(n)])
    assert len(mine) == n and [r[1:] for r in mine] == [r[1:] for r in reference]


def test_a_large_batch_of_audit_events_is_sealed_and_chained(db: Any) -> None:
    from divert_desktop.persistence.models import AuditEvent
    from divert_desktop.services.audit.trail import AuditEntry, record_many, verify_chain
    from divert_desktop.services.context import cli_actor

    details = [
        {"row": i, "text": 'tab\t\\ "q" é', "list": [i, None], "none": None}
        for i in range(COPY_FROM_ROWS + 5)
    ]
    entries = [AuditEntry("referral.import", "referral", i, None, d) for i, d in enumerate(details)]
    with db.unit_of_work() as s:
        record_many(s, cli_actor(), entries)
    with db.unit_of_work(write=False) as s:
        kept = s.execute(
            sa.select(AuditEvent.details)
            .where(AuditEvent.action == "referral.import")
            .order_by(AuditEvent.id)
        ).scalars()
        assert list(kept) == details
        assert verify_chain(s).ok
