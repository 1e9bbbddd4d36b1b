"""Reads on the driver's own cursor give exactly what SQLAlchemy gives, on both backends."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import PlaceKind
from divert_desktop.persistence.models import Appointment
from divert_desktop.persistence.plain_select import select_rows
from divert_desktop.services.diary import booking
from divert_desktop.services.diary import views as diary_view
from divert_desktop.services.diary.slots import MAX_LENGTH
from tests.db.test_diary_service import DAY, at, desk  # noqa: F401 - desk is a fixture


def _params(first: datetime, days: int, **who: int) -> dict:
    return {
        "low": first - timedelta(minutes=MAX_LENGTH),
        "end": first + timedelta(days=days),
        "start": first,
        **who,
    }


def test_the_diary_read_gives_the_rows_sqlalchemy_gives(db, desk) -> None:  # noqa: F811
    # Every kind of value the diary reads: dates and times (text on SQLite), enums, nulls (no
    # caseworker, a phone call with no venue), a young person's flag, a cancelled appointment.
    kept = desk.book(desk.amelia_ref, at(10), desk.jo)
    desk.book(desk.kai_ref, at(11), None)
    desk.book(desk.nell_ref, at(12, 30), desk.sam, venue_id=None, place_kind=PlaceKind.PHONE)
    booking.cancel_appointment(
        db, desk.actor, kept.id, by="person", reason="Ill", expected_version=kept.version
    )
    first = datetime.combine(DAY, datetime.min.time())
    for narrow, params in (
        (None, _params(first, 1)),
        ("venue_id", _params(first, 1, who=desk.coventry)),
        ("caseworker_id", _params(first, 7, who=desk.sam)),
    ):
        stmt = diary_view._appointments_sql(db.backend, narrow)
        with db.plain_reads.connect() as conn:
            expected = [tuple(row) for row in conn.execute(stmt, params).all()]
        assert expected, narrow
        got = select_rows(db, stmt, params)
        assert got == expected, narrow
        assert [type(v) for v in got[0]] == [type(v) for v in expected[0]]
        assert select_rows(db, stmt, params) == expected  # the compiled plan kept


def test_a_statement_it_cannot_run_as_is_goes_through_sqlalchemy(db, desk) -> None:  # noqa: F811
    desk.book(desk.amelia_ref, at(10), desk.jo)
    stmt = sa.select(Appointment.id, Appointment.start_at).where(
        Appointment.caseworker_id.in_(sa.bindparam("who", expanding=True))
    )
    with db.plain_reads.connect() as conn:
        expected = [tuple(r) for r in conn.execute(stmt, {"who": [desk.jo]}).all()]
    assert select_rows(db, stmt, {"who": [desk.jo]}) == expected != []


def test_listeners_see_the_statement_and_a_failure_is_sqlalchemys(db) -> None:
    seen: list[str] = []
    sa.event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    stmt = sa.select(Appointment.id).where(Appointment.id == sa.bindparam("id"))
    assert select_rows(db, stmt, {"id": -1}) == []
    assert any("FROM appointments" in s for s in seen)
    broken = sa.select(sa.literal_column("nothing_here")).select_from(sa.table("no_such_table"))
    with pytest.raises(sa.exc.DBAPIError):
        select_rows(db, broken, {})


def test_a_search_and_a_diary_view_take_one_connection_with_their_session_check(
    db,
    desk,  # noqa: F811
) -> None:
    # The account check and the read share one pooled connection (on PostgreSQL each checkout
    # is also a ping): one checkout per keystroke or diary view, not two.
    from divert_desktop.services.lists.people_search import search_people

    checkouts: list[object] = []
    sa.event.listen(db.engine.pool, "checkout", lambda *a: checkouts.append(a[0]))
    search_people(db, desk.actor, "qqq")
    assert len(checkouts) == 1
    search_people(db, desk.actor, "amelia hartwell")
    assert len(checkouts) == 2
    diary_view.load_diary(db, desk.actor, DAY, 1, venue_id=desk.coventry)  # reads what it keeps
    before = len(checkouts)
    diary_view.load_diary(db, desk.actor, DAY, 1, venue_id=desk.coventry)
    assert len(checkouts) == before + 1
