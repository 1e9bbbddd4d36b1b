"""The read-only list queries behind the pages, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import ReferralStatus, Role
from divert_desktop.core.errors import NotFound, PermissionDenied, ValidationError
from divert_desktop.persistence.models import AuditEvent
from divert_desktop.services import lists
from tests.clock import CLOCK
from tests.gui.factories import import_file, mixed_file


@pytest.fixture
def filled(db: Any, tmp_path: Path) -> Any:
    import_file(db, mixed_file(tmp_path / "mixed.csv"))
    return db


def test_today_overview(filled: Any, make_actor: Any) -> None:
    actor = make_actor(filled, Role.RECEPTIONIST)
    overview = lists.today_overview(filled, actor, CLOCK.today())
    assert [(a.person_name, a.status_text, a.place_text) for a in overview.appointments] == [
        ("Siân Öztürk-Jones", "Booked", "Birmingham")
    ]
    assert overview.appointments[0].caseworker_text == "Not assigned yet"
    assert len(overview.waiting) == 7
    assert all(w.days_left == 39 for w in overview.waiting)
    assert overview.waiting[0].days_left_text == "39 days left"
    assert [m.police_reference for m in overview.missing_adult] == ["WMP-T-000002"]
    assert overview.duplicates == []


@pytest.mark.parametrize(
    ("text", "searched_by", "names"),
    [
        ("sian", "name", ["Siân Öztürk-Jones"]),
        ("OZTURK", "name", ["Siân Öztürk-Jones"]),
        ("öztürk jones", "name", ["Siân Öztürk-Jones"]),
        ("sian ozturk", "name", ["Siân Öztürk-Jones"]),
        ("7/2/1990", "date of birth", ["Siân Öztürk-Jones"]),
        ("1990-02-07", "date of birth", ["Siân Öztürk-Jones"]),
        ("b1 1aa", "postcode, phone or police reference", ["Siân Öztürk-Jones"]),
        ("B1", "postcode, phone or police reference", ["Siân Öztürk-Jones"]),
        ("+44 7700 900123", "postcode, phone or police reference", ["Siân Öztürk-Jones"]),
        ("wmp-t-000005", "postcode, phone or police reference", ["Oskar Idowu"]),
        ("zz", "name", []),
    ],
)
def test_search_people(
    filled: Any, make_actor: Any, text: str, searched_by: str, names: list[str]
) -> None:
    found = lists.search_people(filled, make_actor(filled, Role.RECEPTIONIST), text)
    assert found.searched_by == searched_by
    assert [p.name for p in found.rows] == names
    assert not found.truncated


def test_search_people_limits_and_sorts_by_surname(filled: Any, make_actor: Any) -> None:
    found = lists.search_people(filled, make_actor(filled, Role.RECEPTIONIST), "WMP-T", limit=3)
    assert len(found.rows) == 3 and found.truncated
    assert [p.sort_name for p in found.rows] == sorted(p.sort_name for p in found.rows)
    assert lists.search_people(filled, make_actor(filled, Role.RECEPTIONIST), "  ").rows == []


def test_person_record_is_audited_and_shaped_by_role(filled: Any, make_actor: Any) -> None:
    person_id = (
        lists.search_people(filled, make_actor(filled, Role.RECEPTIONIST), "sian").rows[0].id
    )
    reception = lists.person_record(filled, make_actor(filled, Role.RECEPTIONIST), person_id)
    assert reception.contact.phone_text == "07700 900123"
    assert reception.contact.area == "Coventry"  # from the latest referral
    assert reception.clinical is None
    assert (
        reception.referrals is not None and reception.referrals[0].status is ReferralStatus.BOOKED
    )
    assert [c.to_text for c in reception.referrals[0].history] == ["Received", "Booked"]
    assert reception.appointments is not None and len(reception.appointments) == 1
    caseworker = lists.person_record(filled, make_actor(filled, Role.CASEWORKER), person_id)
    assert caseworker.clinical == ()
    admin = lists.person_record(filled, make_actor(filled, Role.ADMINISTRATOR), person_id)
    assert admin.referrals is None and admin.appointments is None and admin.clinical is None
    with filled.unit_of_work(write=False) as session:
        views = session.execute(
            sa.select(AuditEvent.role, AuditEvent.person_id).where(
                AuditEvent.action == "person.view"
            )
        ).all()
    assert [(v.role, v.person_id) for v in views] == [
        ("receptionist", person_id),
        ("caseworker", person_id),
        ("administrator", person_id),
    ]
    with pytest.raises(NotFound):
        lists.person_record(filled, make_actor(filled, Role.RECEPTIONIST), 999_999)


def test_list_referrals_filters(filled: Any, make_actor: Any) -> None:
    actor = make_actor(filled, Role.RECEPTIONIST)
    everything = lists.list_referrals(filled, actor)
    assert len(everything.rows) == 10 and not everything.truncated
    assert everything.rows[0].police_reference == "WMP-T-000010"  # newest first
    ineligible = lists.list_referrals(filled, actor, status=ReferralStatus.INELIGIBLE)
    assert {r.status_reason for r in ineligible.rows} == {
        "intent to supply",
        "no appropriate adult",
    }
    assert all(r.days_left is None for r in ineligible.rows)
    assert [
        r.police_reference for r in lists.list_referrals(filled, actor, text="okonjo").rows
    ] == ["WMP-T-000009", "WMP-T-000002"]
    assert lists.list_referrals(filled, actor, limit=4).truncated
    assert everything.rows[-1].substances_text == "cannabis"


def test_headline_counts_in_sql(filled: Any, make_actor: Any) -> None:
    manager = make_actor(filled, Role.MANAGER)
    today = CLOCK.today()
    counts = lists.headline_counts(filled, manager, today - timedelta(days=30), today)
    assert (counts.referrals, counts.eligible, counts.booked, counts.young_people) == (10, 8, 1, 1)
    assert counts.ineligible == {
        "intent to supply": 1,
        "no appropriate adult": 1,
        "previous referral not engaged": 0,
    }
    assert counts.lines()[0].share_text == "100%"
    coventry = lists.headline_counts(filled, manager, today - timedelta(days=30), today, "Coventry")
    assert coventry.referrals == 2
    empty = lists.headline_counts(
        filled, manager, today - timedelta(days=90), today - timedelta(days=60)
    )
    assert empty.referrals == 0 and empty.lines()[0].share_text == "–"
    with pytest.raises(ValidationError):
        lists.headline_counts(filled, manager, today, today - timedelta(days=1))
    with pytest.raises(PermissionDenied):
        lists.headline_counts(filled, make_actor(filled, Role.RECEPTIONIST), today, today)


def test_staff_accounts_and_about(filled: Any, make_actor: Any) -> None:
    admin = make_actor(filled, Role.ADMINISTRATOR, username="ada")
    rows = lists.staff_accounts(filled, admin)
    assert [(r.username, r.role_text, r.active_text) for r in rows] == [
        ("ada", "Administrator", "Active")
    ]
    assert rows[0].last_sign_in_text != "Never"
    with pytest.raises(PermissionDenied):
        lists.staff_accounts(filled, make_actor(filled, Role.MANAGER))
    about = lists.about_info(filled)
    assert about.database == filled.description and about.schema_revision
    lists.ping(filled)
    assert lists.count_people(filled) == 10
    assert [v.name for v in lists.list_venues(filled, admin)][:2] == ["Birmingham", "Coventry"]
