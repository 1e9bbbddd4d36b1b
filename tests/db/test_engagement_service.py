"""Engagement on both databases: the deadline update, withdrawing, and the person declining."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from divert_desktop.core.clock import FixedClock
from divert_desktop.core.enums import AppointmentStatus, AppointmentType, ReferralStatus, Role
from divert_desktop.core.errors import StaleEditError
from divert_desktop.persistence.models import Appointment, Referral, ReferralStatusChange
from divert_desktop.services.audit.trail import verify_chain
from divert_desktop.services.casework import outcomes
from divert_desktop.services.casework.engagement import update_engagement
from divert_desktop.services.diary import booking
from tests.db.test_booking import (
    MONDAY,
    add_referral,
    at,
    audit_events,
    referral_status,
    venue,
)

REFERRED = datetime(2026, 11, 2, 11, 0)  # deadline: 14 December 2026
DEADLINE = date(2026, 12, 14)


def _reason(db, referral_id: int) -> str | None:
    with db.unit_of_work(write=False) as s:
        return s.execute(
            sa.select(Referral.status_reason).where(Referral.id == referral_id)
        ).scalar_one()


def _book(db, actor, referral_id: int, start: datetime, **kw):
    kw.setdefault("venue_id", venue(db, "Sandwell"))
    return booking.book_appointment(db, actor, referral_id=referral_id, start_at=start, **kw)


@pytest.fixture
def reception(db, make_actor):
    return make_actor(db, Role.RECEPTIONIST)


def test_update_closes_only_referrals_past_the_deadline_with_nothing_attended(
    db, reception
) -> None:
    waiting = add_referral(db, reference="WM/OLD/1", when=REFERRED)
    booked = add_referral(db, reference="WM/OLD/2", when=REFERRED)
    dna = add_referral(db, reference="WM/OLD/3", when=REFERRED)
    attended = add_referral(db, reference="WM/OLD/4", when=REFERRED)
    recent = add_referral(db, reference="WM/NEW/5", when=REFERRED + timedelta(days=1))
    ineligible = add_referral(
        db, when=REFERRED, status=ReferralStatus.INELIGIBLE, status_reason="intent to supply"
    )
    _book(db, reception, booked, at(date(2026, 12, 10), 10))
    missed = _book(db, reception, dna, at(date(2026, 12, 10), 12))
    booking.mark_did_not_attend(db, reception, missed.id, missed.version, now=missed.start_at)
    seen = _book(db, reception, attended, at(date(2026, 12, 10), 14))
    booking.mark_attended(db, reception, seen.id, seen.version, now=seen.start_at)

    assert update_engagement(db, reception, today=DEADLINE).closed == 0  # the deadline day counts
    result = update_engagement(db, reception, today=DEADLINE + timedelta(days=1))

    assert result.closed == 3
    assert sorted(result.references) == ["WM/OLD/1", "WM/OLD/2", "WM/OLD/3"]
    for rid in (waiting, booked, dna):
        assert referral_status(db, rid) == ReferralStatus.NOT_ENGAGED
        assert _reason(db, rid) == "Nothing attended by the engagement deadline (14 December 2026)"
    assert referral_status(db, attended) == ReferralStatus.ENGAGED
    assert referral_status(db, recent) == ReferralStatus.RECEIVED
    assert referral_status(db, ineligible) == ReferralStatus.INELIGIBLE
    with db.unit_of_work(write=False) as s:
        history = s.execute(
            sa.select(
                ReferralStatusChange.referral_id,
                ReferralStatusChange.from_status,
                ReferralStatusChange.username,
            )
            .where(ReferralStatusChange.to_status == ReferralStatus.NOT_ENGAGED)
            .order_by(ReferralStatusChange.referral_id)
        ).all()
        assert verify_chain(s).ok
    assert history == [
        (waiting, ReferralStatus.RECEIVED, reception.username),
        (booked, ReferralStatus.BOOKED, reception.username),
        (dna, ReferralStatus.BOOKED, reception.username),
    ]
    events = audit_events(db, "referral.status")
    closed_events = [e for e in events if e.details["to"] == "not_engaged"]
    assert sorted(int(e.entity_id) for e in closed_events) == [waiting, booked, dna]
    [summary] = audit_events(db, "engagement.update")
    assert summary.details == {"today": "2026-12-15", "closed": 3}


def test_update_is_idempotent(db, reception) -> None:
    add_referral(db, when=REFERRED)
    assert update_engagement(db, reception, today=date(2027, 2, 1)).closed == 1
    again = update_engagement(db, reception, today=date(2027, 2, 1))
    assert (again.closed, again.references) == (0, [])
    assert (
        len(audit_events(db, "engagement.update")) == 1
    )  # a run that changes nothing records nothing


def test_update_works_through_many_referrals_in_batches(db, reception) -> None:
    ids = [add_referral(db, when=REFERRED) for _ in range(7)]
    result = update_engagement(db, reception, today=date(2027, 2, 1), batch_size=2)
    assert result.closed == 7 and len(set(result.references)) == 7
    assert {referral_status(db, rid) for rid in ids} == {ReferralStatus.NOT_ENGAGED}


def test_update_honours_each_referrals_own_deadline(db, reception) -> None:
    longer = add_referral(db, when=REFERRED, deadline_days=60)  # made when the setting was 60
    assert update_engagement(db, reception, today=date(2026, 12, 20)).closed == 0
    assert update_engagement(db, reception, today=date(2027, 1, 2)).closed == 1
    assert _reason(db, longer) == "Nothing attended by the engagement deadline (1 January 2027)"


def test_update_cancels_bookings_left_after_the_closure(db, reception) -> None:
    rid = add_referral(db, when=REFERRED)
    past = _book(db, reception, rid, at(date(2026, 12, 1), 10))
    later = _book(db, reception, rid, at(date(2026, 12, 14), 10), type=AppointmentType.REVIEW)
    # As a police booking might have put it: after the deadline (the service refuses that).
    with db.unit_of_work() as s:
        s.execute(
            sa.update(Appointment)
            .where(Appointment.id == later.id)
            .values(start_at=at(date(2026, 12, 16), 10), end_at=at(date(2026, 12, 16), 11))
        )
    update_engagement(db, reception, today=date(2026, 12, 15))
    with db.unit_of_work(write=False) as s:
        rows = s.execute(sa.select(Appointment.id, Appointment.status, Appointment.status_reason))
        statuses = {r.id: (r.status, r.status_reason) for r in rows}
    assert statuses[past.id] == (AppointmentStatus.BOOKED, None)  # left for reception to mark
    assert statuses[later.id] == (
        AppointmentStatus.CANCELLED_BY_PROVIDER,
        "Referral closed as not engaged",
    )


def _version(db, referral_id: int) -> int:
    with db.unit_of_work(write=False) as s:
        return s.execute(sa.select(Referral.version).where(Referral.id == referral_id)).scalar_one()


def test_withdrawing_with_a_stale_version_is_refused(db, make_actor) -> None:
    """Closing one referral has one way: outcomes.close_referral (engagement's copy is gone)."""
    rid = add_referral(db)
    with pytest.raises(StaleEditError):
        outcomes.close_referral(
            db,
            make_actor(db, Role.MANAGER),
            rid,
            ReferralStatus.WITHDRAWN,
            on=REFERRED.date(),
            reason="Duplicate entry",
            expected_version=7,
            today=DEADLINE,
        )
    assert referral_status(db, rid) == ReferralStatus.RECEIVED


def test_the_person_declining_closes_an_engaged_referral(db, reception, make_actor) -> None:
    db.clock = FixedClock(at(MONDAY, 12))  # after the assessment, before the afternoon session
    rid = add_referral(db)
    initial = _book(db, reception, rid, at(MONDAY, 10))
    booking.mark_attended(db, reception, initial.id, initial.version, now=initial.start_at)
    session = _book(db, reception, rid, at(MONDAY, 14), type=AppointmentType.EDUCATIONAL_SESSION)
    done = outcomes.close_referral(
        db,
        make_actor(db, Role.CASEWORKER),
        rid,
        ReferralStatus.NOT_ENGAGED,
        on=db.clock.today(),
        reason="Said at the assessment they will not come to a session",
        expected_version=_version(db, rid),
    )
    assert done.status == ReferralStatus.NOT_ENGAGED
    listed = booking.appointments_between(
        db, reception, at(MONDAY, 0), at(MONDAY, 23), include_cancelled=True
    )
    by_id = {a.id: a.status for a in listed}
    assert by_id == {
        initial.id: AppointmentStatus.ATTENDED,
        session.id: AppointmentStatus.CANCELLED_BY_PERSON,
    }
    # The deadline update never reopens or re-closes it.
    assert update_engagement(db, reception, today=date(2027, 6, 1)).closed == 0


def test_an_assessment_or_attended_session_note_counts_as_attendance_for_the_deadline(
    db, reception
) -> None:
    """Rule 5 as core.engagement.attendance_so_far counts it: a referral whose assessment was
    recorded (say, by phone, without a diary booking) or whose session note says the person
    came is not closed as not engaged, whatever its status says."""
    from divert_desktop.persistence.models import Assessment, EducationalSession

    assessed = add_referral(db, reference="WM/ASSESSED/1", when=REFERRED)
    noted = add_referral(db, reference="WM/NOTED/2", when=REFERRED)
    missed = add_referral(db, reference="WM/NOTED/3", when=REFERRED)
    with db.unit_of_work() as s:
        person = s.get(Referral, assessed).person_id
        s.add(
            Assessment(
                referral_id=assessed,
                person_id=person,
                form_id="divert_assessment",
                form_version="1",
                answers={},
                scores={},
                created_by="test",
            )
        )
        for referral_id, came in ((noted, True), (missed, False)):
            s.add(
                EducationalSession(
                    referral_id=referral_id,
                    session_date=date(2026, 11, 20),
                    length_minutes=45,
                    attended=came,
                    topics=[],
                    created_by="test",
                )
            )
    result = update_engagement(db, reception, today=DEADLINE + timedelta(days=1))
    assert result.closed == 1
    assert referral_status(db, missed) == ReferralStatus.NOT_ENGAGED
    assert referral_status(db, assessed) == ReferralStatus.RECEIVED
    assert referral_status(db, noted) == ReferralStatus.RECEIVED
