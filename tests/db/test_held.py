"""A referral held for a manager (issue 15): its own status until a manager overrides or confirms."""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from divert_desktop.core.clock import FixedClock
from divert_desktop.core.enums import IneligibleReason, ReferralStatus, Role
from divert_desktop.core.errors import PermissionDenied, TransitionError
from divert_desktop.persistence.migrate import alembic_config, upgrade
from divert_desktop.persistence.models import AuditEvent, Referral, ReferralStatusChange
from divert_desktop.services.casework.engagement import update_engagement
from divert_desktop.services.context import cli_actor
from divert_desktop.services.intake.referrals import (
    confirm_repeat_bar,
    create_referral,
    override_repeat_bar,
)
from divert_desktop.services.lists.referrals import headline_counts
from divert_desktop.services.lists.today import today_overview
from divert_desktop.services.reports.export import export_referrals_csv
from divert_desktop.services.reports.summaries import build_summary
from tests.db.test_intake import NOW, audit_events, close_not_engaged, draft, rows

PNE = IneligibleReason.PREVIOUS_NOT_ENGAGED.value


_people = iter(range(1, 100))


def _held(db, surname: str = "Featherstonehaugh") -> int:  # type: ignore[no-untyped-def]
    """A referral held by the repeat bar: the person's earlier referral closed as not engaged."""
    n = next(_people)
    person = {
        "first_name": ("Rosalind", "Tobias", "Imogen", "Caspar", "Willa")[n % 5],
        "last_name": surname,
        "date_of_birth": date(1970 + n, 1 + n % 12, 1 + n % 27),
        "postcode": None,
    }
    now = db.clock.now()  # the database's clock: a test may pin it
    first = create_referral(
        db, cli_actor(), draft(referral_datetime=now - timedelta(days=200), **person)
    )
    close_not_engaged(db, cli_actor(), first.id)
    held = create_referral(
        db,
        cli_actor(),
        draft(referral_datetime=now - timedelta(days=3), **person),
        person_id=first.person_id,
    )
    assert (held.status, held.status_reason, held.held) == (ReferralStatus.HELD, PNE, True)
    return held.id


def _history(db, referral_id: int) -> list[tuple[object, object, str | None]]:  # type: ignore[no-untyped-def]
    return [
        (h.from_status, h.to_status, h.reason)
        for h in rows(db, ReferralStatusChange, ReferralStatusChange.referral_id == referral_id)
    ]


def test_intake_stores_held_not_ineligible(db) -> None:
    rid = _held(db)
    (stored,) = rows(db, Referral, Referral.id == rid)
    assert (stored.status, stored.status_reason) == (ReferralStatus.HELD, PNE)
    assert _history(db, rid) == [
        (None, ReferralStatus.RECEIVED, None),
        (ReferralStatus.RECEIVED, ReferralStatus.HELD, PNE),
    ]


def test_a_manager_confirms_a_held_referral_as_ineligible_audited(db, make_actor) -> None:
    rid = _held(db)
    receptionist, caseworker = make_actor(db, Role.RECEPTIONIST), make_actor(db, Role.CASEWORKER)
    manager = make_actor(db, Role.MANAGER)
    for someone in (receptionist, caseworker):
        with pytest.raises(PermissionDenied):
            confirm_repeat_bar(db, someone, rid)
    note = "The officer confirmed it is the same person"
    result = confirm_repeat_bar(db, manager, rid, note)
    assert (result.status, result.status_reason) == (ReferralStatus.INELIGIBLE, PNE)
    (stored,) = rows(db, Referral, Referral.id == rid)
    assert (stored.status, stored.status_reason) == (ReferralStatus.INELIGIBLE, PNE)
    assert _history(db, rid)[-1] == (ReferralStatus.HELD, ReferralStatus.INELIGIBLE, PNE)
    [event] = [e for e in audit_events(db) if e.action == "referral.confirm_ineligible"]
    assert event.username == manager.username and event.entity_id == str(rid)
    assert event.details == {
        "police_reference": stored.police_reference,
        "reason": PNE,
        "note": note,
    }
    # Decided: it can be neither confirmed again nor overridden.
    with pytest.raises(TransitionError, match="already kept as ineligible"):
        confirm_repeat_bar(db, manager, rid)
    with pytest.raises(TransitionError, match="already kept as ineligible"):
        override_repeat_bar(db, manager, rid, "Changed my mind after all that")


def test_an_override_takes_a_held_referral_to_received_audited(db, make_actor) -> None:
    rid = _held(db)
    manager = make_actor(db, Role.MANAGER)
    reason = "Was in hospital during the last referral; ready now"
    assert override_repeat_bar(db, manager, rid, reason).status == ReferralStatus.RECEIVED
    assert _history(db, rid)[-1][:2] == (ReferralStatus.HELD, ReferralStatus.RECEIVED)
    assert [e.action for e in audit_events(db)][-2:] == ["referral.status", "referral.override"]
    with pytest.raises(TransitionError, match="not held for a manager"):
        confirm_repeat_bar(db, manager, rid)


def test_a_held_referral_past_its_deadline_stays_held_and_shows_overdue(db, make_actor) -> None:
    """The engagement update closes only received and booked referrals: a held one waits for a
    manager's decision, listed on Today as overdue, never closed as not engaged silently."""
    rid = _held(db)
    (stored,) = rows(db, Referral, Referral.id == rid)
    later = stored.engagement_deadline + timedelta(days=3)
    closed = update_engagement(db, cli_actor(), today=later)
    assert stored.police_reference not in closed.references
    assert rows(db, Referral, Referral.id == rid)[0].status == ReferralStatus.HELD
    overview = today_overview(db, make_actor(db, Role.RECEPTIONIST), later)
    [row] = [h for h in overview.held if h.referral_id == rid]
    assert (row.days_left, row.days_left_text) == (-3, "Overdue by 3 days")


def test_export_and_summaries_show_held_as_its_own(db, make_actor, tmp_path) -> None:
    held = _held(db)
    confirmed = _held(db, "Okonkwo-Baird")
    confirm_repeat_bar(db, make_actor(db, Role.MANAGER), confirmed)
    manager = make_actor(db, Role.MANAGER)
    out = tmp_path / "referrals.csv"
    export_referrals_csv(db, manager, out)
    with out.open(encoding="utf-8-sig", newline="") as f:
        by_ref = {r["police_reference"]: r for r in csv.DictReader(f)}
    refs = {r.id: r.police_reference for r in rows(db, Referral)}
    assert (by_ref[refs[held]]["status"], by_ref[refs[held]]["status_reason"]) == ("held", PNE)
    assert by_ref[refs[confirmed]]["status"] == "ineligible"

    day = NOW.date()
    summary = build_summary(db, manager, day - timedelta(days=30), day)
    measures = {m: v for m, v, _ in summary.measures()}
    # Two earlier referrals (not engaged, out of the period) and the two new ones.
    assert (measures["referrals"], measures["held"], measures["ineligible"]) == (2, 1, 1)
    assert measures["eligible"] == 0
    headline = headline_counts(db, manager, day - timedelta(days=30), day)
    assert (headline.held, headline.eligible, sum(headline.ineligible.values())) == (1, 0, 1)
    assert ("Held for a manager", 1) in [(line.label, line.count) for line in headline.lines()]


def _downgrade(engine, revision: str) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def test_0012_moves_undecided_holds_to_held(db) -> None:
    """Before 0012 a hold was stored as ineligible / previous referral not engaged. The upgrade
    moves the undecided ones (recorded so at intake, never changed since) to held, on both
    backends; a referral set ineligible by hand afterwards, or for another reason, stays."""
    undecided = _held(db)
    other = create_referral(db, cli_actor(), draft(intent_to_supply=True)).id
    by_hand = _held(db, "Okonkwo-Baird")
    _downgrade(db.engine, "0011")
    with db.engine.begin() as conn:  # what 0011 and earlier stored
        assert (
            set(conn.execute(sa.text("SELECT status FROM referrals WHERE status = 'held'")))
            == set()
        )
        # A hold someone later reopened and closed again by hand is not undecided.
        conn.execute(
            sa.text(
                "INSERT INTO referral_status_history (referral_id, from_status, to_status, at, "
                "username, reason) VALUES (:id, 'ineligible', 'received', :at, 'x', 'Reopened'),"
                " (:id, 'received', 'ineligible', :at, 'x', :r)"
            ),
            {"id": by_hand, "at": NOW, "r": PNE},
        )
    stored = {r.id: r for r in rows(db, Referral)}
    assert stored[undecided].status == ReferralStatus.INELIGIBLE
    upgrade(db.engine)
    stored = {r.id: r for r in rows(db, Referral)}
    assert (stored[undecided].status, stored[undecided].status_reason) == (
        ReferralStatus.HELD,
        PNE,
    )
    assert _history(db, undecided)[-1] == (ReferralStatus.RECEIVED, ReferralStatus.HELD, PNE)
    assert stored[other].status == ReferralStatus.INELIGIBLE
    assert stored[by_hand].status == ReferralStatus.INELIGIBLE
    with db.unit_of_work(write=False) as s:
        assert s.execute(sa.select(sa.func.count(AuditEvent.id))).scalar_one() > 0


def test_held_is_not_shown_as_ineligible_in_the_import(db, tmp_path) -> None:
    """Covered in detail in test_import; here: the import's counts keep held apart."""
    from tests.db.test_import import TODAY, adult, run, write

    db.clock = FixedClock(datetime.combine(TODAY, time(12, 0)))  # the import's own day
    rid = _held(db, "Kestrelby")
    (stored,) = rows(db, Referral, Referral.id == rid)
    with db.unit_of_work(write=False) as s:
        from divert_desktop.persistence.models import Person

        p = s.get(Person, stored.person_id)
        person = {
            "first_name": p.first_name,
            "last_name": p.last_name,
            "date_of_birth": p.date_of_birth.isoformat(),
        }
    result = run(db, write(tmp_path, [adult(**person)], name="again.csv"))
    assert (result.imported, result.ineligible, result.held) == (1, 0, 1)
