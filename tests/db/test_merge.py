"""Merging two records of one person on both databases: what moves, undo restores it exactly,
confirm makes it final, both audited; the duplicate review leads into it."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import ReferralStatus, Role
from divert_desktop.core.errors import ConflictError, PermissionDenied, ValidationError
from divert_desktop.persistence.models import (
    Appointment,
    AuditEvent,
    Letter,
    Person,
    PersonMerge,
    PossibleDuplicate,
    Referral,
)
from divert_desktop.services.audit.trail import verify_chain
from divert_desktop.services.lists import search_people
from divert_desktop.services.lists.merges import merge_side, pending_merges, waiting_to_merge
from divert_desktop.services.people import records as people
from divert_desktop.services.people.merge import confirm_merge, merge_people, undo_merge
from tests.db.gdpr_seed import add_duplicate, add_named_person, seed_everything


def _snapshot(db) -> dict:
    """Who owns every row that can move, and the people's merge state."""
    with db.unit_of_work(write=False) as s:
        out = {}
        for model in (Referral, Appointment, Letter):
            out[model.__tablename__] = dict(s.execute(sa.select(model.id, model.person_id)).all())
        out["people"] = {
            p.id: (p.merged_into_id, p.needs_review) for p in s.execute(sa.select(Person)).scalars()
        }
        out["duplicates"] = {
            d.id: (d.person_id, d.candidate_id, d.status)
            for d in s.execute(sa.select(PossibleDuplicate)).scalars()
        }
        return out


def _two(db):  # type: ignore[no-untyped-def]
    kept = add_named_person(db, "Morwenna", "Mergecase")
    gone = add_named_person(db, "Morwena", "Mergecase")
    seed_everything(db, kept, closed_at=datetime(2026, 1, 10, 10))
    seeded = seed_everything(
        db, gone, closed_at=datetime(2026, 6, 10, 10), status=ReferralStatus.NOT_ENGAGED
    )
    return kept, gone, seeded


def test_merge_moves_everything_and_undo_restores_it_exactly(db, make_actor) -> None:
    manager = make_actor(db, Role.MANAGER)
    kept, gone, seeded = _two(db)
    third = add_named_person(db, "Morven", "Mergecase")
    pair = add_duplicate(db, gone, kept)
    elsewhere = add_duplicate(db, third, gone)
    with db.unit_of_work() as s:
        s.execute(sa.update(Person).where(Person.id.in_([gone, kept])).values(needs_review=True))
    before = _snapshot(db)

    merge = merge_people(db, manager, kept, gone, reason="Same date of birth and address")
    assert merge.moved == {
        "referrals": 1,
        "appointments": 1,
        "letters": 1,
        "assessments": 1,
        "onward_referrals": 1,
    }
    after = _snapshot(db)
    assert after["referrals"][seeded.referral_id] == kept
    assert after["appointments"][seeded.appointment_id] == kept
    assert after["letters"][seeded.letter_id] == kept
    assert after["people"][gone] == (kept, False)
    assert after["duplicates"][pair][2] == "merged"
    assert after["duplicates"][elsewhere] == (third, kept, "open")  # now points at the kept one
    assert {r.id for r in search_people(db, manager, "Mergecase").rows} == {kept, third}
    [pending] = pending_merges(db, manager)
    assert (pending.kept_id, pending.merged_id) == (kept, gone)
    assert pending.moved_text == "1 referrals, 1 appointments, 1 letters"
    assert pending.reason == "Same date of birth and address"

    undone = undo_merge(db, manager, merge.id)
    assert undone.status == "undone"
    assert _snapshot(db) == before
    assert pending_merges(db, manager) == []
    with db.unit_of_work(write=False) as s:
        actions = s.execute(
            sa.select(AuditEvent.action, AuditEvent.person_id)
            .where(AuditEvent.action.like("person.merge%"))
            .order_by(AuditEvent.id)
        ).all()
        assert verify_chain(s).ok
    assert actions == [
        ("person.merge", kept),
        ("person.merge", gone),
        ("person.merge_undone", kept),
        ("person.merge_undone", gone),
    ]


def test_things_added_to_a_moved_referral_go_back_with_it_on_undo(db, make_actor) -> None:
    manager = make_actor(db, Role.MANAGER)
    kept, gone, seeded = _two(db)
    merge = merge_people(db, manager, kept, gone)
    with db.unit_of_work() as s:  # an appointment booked for the moved referral after the merge
        appt = s.get(Appointment, seeded.appointment_id)
        new = Appointment(
            person_id=kept,
            referral_id=seeded.referral_id,
            type=appt.type,
            start_at=appt.start_at.replace(year=2027),
            end_at=appt.end_at.replace(year=2027),
            length_minutes=60,
            place_kind=appt.place_kind,
            status="booked",
            created_by="test",
        )
        s.add(new)
        s.flush()
        new_id = new.id
    undo_merge(db, manager, merge.id)
    with db.unit_of_work(write=False) as s:
        assert s.get(Appointment, new_id).person_id == gone
        assert s.get(Appointment, seeded.appointment_id).person_id == gone


def test_confirm_makes_the_merge_final(db, make_actor) -> None:
    manager = make_actor(db, Role.MANAGER)
    kept, gone, _seeded = _two(db)
    merge = merge_people(db, manager, kept, gone)
    confirmed = confirm_merge(db, manager, merge.id)
    assert confirmed.status == "confirmed"
    with pytest.raises(ConflictError, match="can no longer be undone"):
        undo_merge(db, manager, merge.id)
    with pytest.raises(ConflictError, match="already been merged"):
        merge_people(db, manager, kept, gone)
    with db.unit_of_work(write=False) as s:
        row = s.get(PersonMerge, merge.id)
        assert (row.status, row.resolved_by) == ("confirmed", manager.username)
        assert s.get(Person, gone).merged_into_id == kept
        assert (
            s.execute(
                sa.select(sa.func.count()).select_from(Referral).where(Referral.person_id == kept)
            ).scalar_one()
            == 2
        )


def test_the_duplicate_review_leads_into_the_merge(db, make_actor) -> None:
    caseworker = make_actor(db, Role.CASEWORKER)
    manager = make_actor(db, Role.MANAGER)
    kept, gone, _seeded = _two(db)
    dup = add_duplicate(db, gone, kept)
    people.mark_same_person(db, caseworker, dup)
    [waiting] = waiting_to_merge(db, manager)
    assert (waiting.duplicate_id, waiting.person_id, waiting.candidate_id) == (dup, gone, kept)
    assert waiting.reviewed_by == caseworker.username
    side = merge_side(db, manager, gone)
    assert (side.name, side.referrals, side.appointments, side.letters) == (
        "Morwena Mergecase",
        1,
        1,
        1,
    )
    merge_people(db, manager, kept, gone, duplicate_id=dup)
    assert waiting_to_merge(db, manager) == []


def test_a_repeat_referral_after_a_not_engaged_one_is_seen_once_merged(db, make_actor) -> None:
    """Rule 3 works on the kept record: the merged referrals count as the person's history."""
    manager = make_actor(db, Role.MANAGER)
    kept, gone, _seeded = _two(db)
    merge_people(db, manager, kept, gone)
    with db.unit_of_work(write=False) as s:
        statuses = set(
            s.execute(sa.select(Referral.status).where(Referral.person_id == kept)).scalars()
        )
    assert statuses == {"completed", "not_engaged"}


def test_merge_refusals(db, make_actor) -> None:
    manager = make_actor(db, Role.MANAGER)
    kept, gone, _seeded = _two(db)
    with pytest.raises(ValidationError):
        merge_people(db, manager, kept, kept)
    for role in (Role.RECEPTIONIST, Role.CASEWORKER, Role.ADMINISTRATOR):
        with pytest.raises(PermissionDenied):
            merge_people(db, make_actor(db, role), kept, gone)
    third = add_named_person(db, "Morven", "Mergecase")
    merge_people(db, manager, kept, gone)
    with pytest.raises(ConflictError, match="not been confirmed"):
        merge_people(db, manager, kept, third)
