"""The caseload on both databases: appointments today and this week, and each referral's next
step (assessment due, session due, onward reply awaited, follow-up overdue)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from divert_desktop.core.enums import OnwardStatus, Role
from divert_desktop.core.errors import PermissionDenied
from divert_desktop.services.casework import assessments, onward
from divert_desktop.services.context import cli_actor
from divert_desktop.services.diary import booking
from divert_desktop.services.lists import caseload
from tests.clock import CLOCK
from tests.db.casework_helpers import add_service, complete_answers
from tests.db.test_booking import add_person, add_referral, venue

TODAY = CLOCK.today()


def book(db, referral_id: int, worker: int, start: datetime, **kw):
    return booking.book_appointment(
        db,
        cli_actor(),
        referral_id=referral_id,
        start_at=start,
        caseworker_id=worker,
        venue_id=venue(db, "Coventry", 50),
        **kw,
    )


def test_the_caseload_shows_each_next_step(db, make_actor) -> None:
    worker = make_actor(db, Role.CASEWORKER, "casey")
    other = make_actor(db, Role.CASEWORKER, "other")
    referred = datetime.combine(TODAY - timedelta(days=20), time(10))
    later = datetime.combine(TODAY + timedelta(days=2), time(11))
    # 1: initial assessment booked in two days
    due = add_referral(db, add_person(db, "Ada", "Dueassess"), when=referred)
    book(db, due, worker.user_id, later)
    # 2: assessed today, a session to book
    seen = add_referral(db, add_person(db, "Bea", "Seentoday"), when=referred)
    initial = book(db, seen, worker.user_id, datetime.combine(TODAY, time(9)))
    assessments.save_assessment(
        db,
        worker,
        referral_id=seen,
        form_id="divert_assessment",
        form_version="1",
        answers=complete_answers(),
        appointment_id=initial.id,
    )
    # 3: someone else's referral: not on casey's caseload
    theirs = add_referral(db, add_person(db, "Cy", "Elsewhere"), when=referred)
    book(db, theirs, other.user_id, later + timedelta(hours=2))
    # 4: a sent onward referral whose follow-up date has passed
    service = add_service(db, "Example Debt Advice (invented)")
    referral = onward.propose_onward(db, worker, seen, service_id=service, reason="Debts")
    referral = onward.record_consent(
        db, worker, referral.id, share_items=["contact_details"], expected_version=referral.version
    )
    referral = onward.change_onward_status(
        db, worker, referral.id, OnwardStatus.SENT, expected_version=referral.version
    )

    mine = caseload(db, worker, today=TODAY)
    assert [a.person_name for a in mine.appointments_today] == ["Bea Seentoday"]
    assert [a.person_name for a in mine.appointments_week] == ["Ada Dueassess"]
    rows = {r.person_name: r for r in mine.referrals}
    assert set(rows) == {"Ada Dueassess", "Bea Seentoday"}
    assert rows["Ada Dueassess"].next_key == "assessment_due"
    assert rows["Ada Dueassess"].due == later.date()
    bea = rows["Bea Seentoday"]
    assert bea.next_key == "book_session" and bea.sessions_text == "0 of 1"
    assert "Waiting for Example Debt Advice (invented) to reply" in bea.steps_text

    overdue = caseload(db, worker, today=TODAY + timedelta(days=15))
    later_rows = {r.person_name: r for r in overdue.referrals}
    assert later_rows["Bea Seentoday"].next_key == "follow_up_overdue"
    assert later_rows["Ada Dueassess"].next_key == "record_attendance"  # never marked
    assert [r.overdue for r in overdue.referrals] == [True, True]
    assert overdue.referrals[0].person_name == "Ada Dueassess"  # the older due date first

    everyone = caseload(db, make_actor(db, Role.MANAGER), today=TODAY, everyone=True)
    assert {r.person_name for r in everyone.referrals} >= {"Ada Dueassess", "Cy Elsewhere"}
    assert len(everyone.appointments_week) == 2
    with pytest.raises(PermissionDenied):
        caseload(db, make_actor(db, Role.RECEPTIONIST), today=TODAY)
