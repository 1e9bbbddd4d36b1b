"""The audit viewer's queries on both databases (keyset pages, filters, details, CSV export,
verification), and the reads, prints and exports that must leave an event."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import Role
from divert_desktop.core.errors import PermissionDenied, ValidationError
from divert_desktop.persistence.models import AuditEvent
from divert_desktop.services.audit.key import chain_state, event_message, verifier_hasher
from divert_desktop.services.audit.trail import AuditEntry, event_hash, record_many
from divert_desktop.services.audit.view import (
    AuditFilter,
    audit_choices,
    audit_event_detail,
    audit_events,
    changes_of,
    export_audit_csv,
    verify_audit_trail,
)
from divert_desktop.services.context import cli_actor
from divert_desktop.services.diary import views as diary_view
from divert_desktop.services.lists import person_record
from divert_desktop.services.people.records import update_person
from divert_desktop.services.reports.export import export_referrals_csv
from tests.clock import CLOCK
from tests.db.test_booking import add_person, add_referral, at, venue


def _many(db, n: int, person_id: int | None = None, action: str = "x.test") -> None:
    with db.unit_of_work() as s:
        record_many(
            s, cli_actor(), [AuditEntry(action, "thing", i, person_id, {"n": i}) for i in range(n)]
        )


def _actions(db) -> list[tuple[str, int | None]]:
    with db.unit_of_work(write=False) as s:
        return s.execute(
            sa.select(AuditEvent.action, AuditEvent.person_id).order_by(AuditEvent.id)
        ).all()


def test_pages_walk_the_trail_newest_first_without_gaps(db, make_actor) -> None:
    manager = make_actor(db, Role.MANAGER)
    _many(db, 23)
    seen: list[int] = []
    before = None
    while True:
        page = audit_events(db, manager, AuditFilter(action="x.test"), before_id=before, limit=10)
        seen += [r.id for r in page.rows]
        if not page.has_more:
            break
        before = page.rows[-1].id
    assert len(seen) == 23 and seen == sorted(seen, reverse=True)
    assert len(set(seen)) == 23


def test_filters_by_person_user_action_and_dates(db, make_actor) -> None:
    manager = make_actor(db, Role.MANAGER, username="mona")
    pid = add_person(db, "Ada", "Auditcase")
    _many(db, 3, pid, "person.view")
    _many(db, 2, None, "report.generate")
    rows = audit_events(db, manager, AuditFilter(person_id=pid)).rows
    assert [r.action for r in rows] == ["person.view"] * 3
    assert rows[0].person_text == f"Ada Auditcase ({pid})"
    assert rows[0].action_text == "Viewed a person's record"
    assert ("audit.search", pid) in _actions(db)  # looking someone up in the trail is audited
    assert len(audit_events(db, manager, AuditFilter(action="report.generate")).rows) == 2
    users = {r.username for r in audit_events(db, manager, AuditFilter(username="mona")).rows}
    assert users == {"mona"}
    today = CLOCK.today()
    assert len(audit_events(db, manager, AuditFilter(date_from=today, date_to=today)).rows) >= 5
    assert audit_events(db, manager, AuditFilter(date_to=today - timedelta(days=1))).rows == ()
    assert audit_events(db, manager, AuditFilter(date_from=today + timedelta(days=1))).rows == ()
    with pytest.raises(ValidationError) as err:
        audit_events(db, manager, AuditFilter(date_from=today, date_to=today - timedelta(1)))
    assert err.value.field == "date_to"


def test_event_detail_shows_what_changed(db, make_actor) -> None:
    caseworker = make_actor(db, Role.CASEWORKER)
    manager = make_actor(db, Role.MANAGER)
    pid = add_person(db, "Ada", "Auditcase")
    record = person_record(db, caseworker, pid)
    update_person(db, caseworker, pid, record.version, {"phone": "07700 900456", "town": "Dudley"})
    [row] = audit_events(db, manager, AuditFilter(action="person.update")).rows
    detail = audit_event_detail(db, manager, row.id)
    assert detail.username == caseworker.username and detail.role_text == "Caseworker"
    assert detail.source_text == "The app" and detail.workstation
    assert [(c.field, c.before, c.after) for c in detail.changes] == [
        ("phone", "–", "07700900456"),
        ("town", "–", "Dudley"),
    ]
    assert changes_of({"retention_years": {"before": 6, "after": 7}})[0].after == "7"
    assert changes_of({"file": "a.csv", "rows": 3})[1].after == "3"


def test_export_writes_the_filtered_events_with_hashes_and_is_audited(
    db, make_actor, tmp_path: Path
) -> None:
    manager = make_actor(db, Role.MANAGER)
    pid = add_person(db, "Ada", "Auditcase")
    _many(db, 5, pid, "person.view")
    _many(db, 4, None, "report.generate")
    out = tmp_path / "audit.csv"
    seen: list[tuple[int, int]] = []
    count = export_audit_csv(
        db,
        manager,
        AuditFilter(action="person.view"),
        out,
        progress=lambda d, t, _x: seen.append((d, t)),
    )
    assert count == 5
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["action"] for r in rows] == ["person.view"] * 5
    assert rows[0]["person_id"] == str(pid) and json.loads(rows[0]["details"]) == {"n": 0}
    first = rows[0]
    with db.unit_of_work(write=False) as s:
        stored = s.get(AuditEvent, int(first["id"]))
        row = {c.key: getattr(stored, c.key) for c in AuditEvent.__table__.columns}
        state = chain_state(s)  # keyed (HMAC) from keyed_from on, plain SHA-256 before
        if state.keyed_from is not None and stored.id >= state.keyed_from:
            hasher = verifier_hasher(s, state)[0]
            assert hasher is not None
            expected = hasher.macs([event_message(row)])[0]
        else:
            expected = event_hash(stored.prev_hash, row)
        assert first["hash"] == stored.hash == expected
    assert seen
    [event] = [e for e in audit_events(db, manager, AuditFilter(action="audit.export")).rows]
    detail = audit_event_detail(db, manager, event.id)
    assert {c.field: c.after for c in detail.changes}["rows"] == "5"
    assert (
        export_audit_csv(db, manager, AuditFilter(), tmp_path / "no.csv", cancelled=lambda: True)
        is None
    )
    assert not (tmp_path / "no.csv").exists() and not (tmp_path / "no.csv.partial").exists()


def test_verify_records_its_result(db, make_actor) -> None:
    admin = make_actor(db, Role.ADMINISTRATOR)
    _many(db, 3)
    check = verify_audit_trail(db, admin)
    assert check.ok and check.events >= 4
    assert _actions(db)[-1] == ("audit.verify", None)


def test_the_audit_viewer_is_for_managers_and_administrators(db, make_actor, tmp_path) -> None:
    for role in (Role.RECEPTIONIST, Role.CASEWORKER):
        actor = make_actor(db, role)
        for call in (
            lambda a: audit_events(db, a, AuditFilter()),
            lambda a: audit_choices(db, a),
            lambda a: verify_audit_trail(db, a),
            lambda a: export_audit_csv(db, a, AuditFilter(), tmp_path / "x.csv"),
        ):
            with pytest.raises(PermissionDenied):
                call(actor)
    manager = make_actor(db, Role.MANAGER, username="mona")
    choices = audit_choices(db, manager)
    assert "mona" in choices.usernames and "system" in choices.usernames
    assert ("person.view", "Viewed a person's record") in choices.actions


def test_reading_printing_and_exporting_leave_events(db, make_actor, tmp_path: Path) -> None:
    """Person record view, day sheet print, referrals export, report and subject access."""
    from divert_desktop.services.data_protection.subject_access import export_person
    from divert_desktop.services.diary import booking
    from divert_desktop.services.reports.summaries import build_summary

    desk = make_actor(db, Role.RECEPTIONIST)
    manager = make_actor(db, Role.MANAGER)
    pid = add_person(db, "Ada", "Auditcase")
    referral = add_referral(db, pid, when=datetime(2026, 11, 30, 9, 30))
    booking.book_appointment(
        db,
        desk,
        referral_id=referral,
        start_at=at(date(2026, 12, 7), 10),
        caseworker_id=None,
        venue_id=venue(db, "Coventry"),
    )
    person_record(db, desk, pid)
    diary_view.day_sheet(db, desk, date(2026, 12, 7))
    export_referrals_csv(db, manager, tmp_path / "referrals.csv")
    build_summary(db, manager, date(2026, 11, 1), date(2026, 11, 30), None, output="pdf")
    export_person(db, manager, pid, tmp_path / "sar")
    events = _actions(db)
    for expected in (
        ("person.view", pid),
        ("day_sheet.print", pid),
        ("export.referrals", None),
        ("report.generate", None),
        ("person.export", pid),
    ):
        assert expected in events, expected
