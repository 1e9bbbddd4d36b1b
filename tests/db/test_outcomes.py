"""Outcomes and the six-month follow-up on both databases, one referral and a CSV of many."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import AppointmentStatus, FollowUpResult, ReferralStatus, Role
from divert_desktop.core.errors import PermissionDenied, TransitionError, ValidationError
from divert_desktop.persistence.models import Referral, ReferralStatusChange
from divert_desktop.services.casework import outcomes
from divert_desktop.services.context import cli_actor
from divert_desktop.services.diary import booking
from divert_desktop.services.intake.import_rows import ImportFileError
from tests.db.casework_helpers import TODAY, book_session, booked_case
from tests.db.test_booking import add_referral, appointment_rows, audit_events, referral_status


def version(db, referral_id: int) -> int:
    with db.unit_of_work(write=False) as s:
        return s.get(Referral, referral_id).version


def attend(db, appointment_id: int) -> None:
    appt = appointment_rows(db, id=appointment_id)[0]
    booking.mark_attended(db, cli_actor(), appointment_id, appt.version, now=appt.start_at)


def backdate(db, referral_id: int, when: datetime) -> None:
    """The referral last changed at ``when`` (as if booked then)."""
    with db.unit_of_work() as s:
        s.execute(
            sa.update(Referral).where(Referral.id == referral_id).values(status_changed_at=when)
        )


def test_withdrawing_with_a_date_and_reason_cancels_later_bookings(db, make_actor) -> None:
    worker = make_actor(db, Role.CASEWORKER)
    case = booked_case(db)
    later = book_session(db, case, date(2026, 12, 10))
    backdate(db, case.referral_id, datetime(2026, 11, 3, 9))
    with pytest.raises(ValidationError) as err:
        outcomes.close_referral(
            db,
            worker,
            case.referral_id,
            ReferralStatus.WITHDRAWN,
            on=date(2026, 11, 20),
            reason="",
            expected_version=version(db, case.referral_id),
            today=TODAY,
        )
    assert err.value.field == "reason"
    done = outcomes.close_referral(
        db,
        worker,
        case.referral_id,
        ReferralStatus.WITHDRAWN,
        on=date(2026, 11, 20),
        reason="Moved out of the area",
        expected_version=version(db, case.referral_id),
        today=TODAY,
    )
    assert done.status == ReferralStatus.WITHDRAWN and done.status_reason == "Moved out of the area"
    with db.unit_of_work(write=False) as s:
        last = (
            s.execute(sa.select(ReferralStatusChange).order_by(ReferralStatusChange.id.desc()))
            .scalars()
            .first()
        )
    assert last.to_status == ReferralStatus.WITHDRAWN and last.at.date() == date(2026, 11, 20)
    assert appointment_rows(db, id=later)[0].status == AppointmentStatus.CANCELLED_BY_PROVIDER
    with pytest.raises(TransitionError):
        outcomes.close_referral(
            db,
            worker,
            case.referral_id,
            ReferralStatus.NOT_ENGAGED,
            on=TODAY,
            reason="x",
            expected_version=done.version,
            today=TODAY,
        )


def test_outcome_dates_are_checked(db, make_actor) -> None:
    worker = make_actor(db, Role.CASEWORKER)
    case = booked_case(db)
    for on in (date(2026, 12, 25), date(2026, 10, 1)):  # after today; before the referral
        with pytest.raises(ValidationError) as err:
            outcomes.close_referral(
                db,
                worker,
                case.referral_id,
                ReferralStatus.NOT_ENGAGED,
                on=on,
                reason="Declined",
                today=TODAY,
                expected_version=version(db, case.referral_id),
            )
        assert err.value.field == "outcome_date"


def test_completed_only_when_the_rule_is_met(db, make_actor) -> None:
    worker = make_actor(db, Role.CASEWORKER)
    case = booked_case(db, sessions_planned=2)
    attend(db, case.initial_id)
    attend(db, book_session(db, case, date(2026, 11, 16)))
    backdate(db, case.referral_id, datetime(2026, 11, 16, 15))
    with pytest.raises(ValidationError) as err:
        outcomes.close_referral(
            db,
            worker,
            case.referral_id,
            ReferralStatus.COMPLETED,
            on=TODAY,
            reason=None,
            expected_version=version(db, case.referral_id),
            today=TODAY,
        )
    assert "2 planned sessions" in err.value.message and "1 attended so far" in err.value.message
    desk = make_actor(db, Role.RECEPTIONIST)
    with pytest.raises(PermissionDenied):
        outcomes.close_referral(
            db,
            desk,
            case.referral_id,
            ReferralStatus.NOT_ENGAGED,
            on=TODAY,
            reason="x",
            expected_version=1,
            today=TODAY,
        )
    assert referral_status(db, case.referral_id) == ReferralStatus.ENGAGED


def test_six_month_follow_up_for_one_referral(db, make_actor) -> None:
    worker = make_actor(db, Role.CASEWORKER)
    rid = add_referral(db, when=datetime(2026, 3, 2, 10), status=ReferralStatus.COMPLETED)
    with pytest.raises(ValidationError) as err:
        outcomes.record_followup(
            db,
            worker,
            rid,
            rearrested="yes",
            learned_on=date(2026, 10, 1),
            source="Police check",
            rearrest_date=date(2026, 9, 30),
            today=TODAY,
        )
    assert err.value.field == "rearrest_date"  # after six months: not a re-arrest "within" them
    dto = outcomes.record_followup(
        db,
        worker,
        rid,
        rearrested="yes",
        learned_on=date(2026, 10, 1),
        source="Police check",
        rearrest_date=date(2026, 6, 1),
        today=TODAY,
    )
    assert dto.followup_rearrested == FollowUpResult.YES and dto.followup_rearrest_date == date(
        2026, 6, 1
    )
    assert audit_events(db, "referral.followup")[0].details["rearrested"] == "yes"
    again = outcomes.record_followup(
        db,
        worker,
        rid,
        rearrested="yes",
        learned_on=date(2026, 10, 1),
        source="Police check",
        rearrest_date=date(2026, 6, 1),
        today=TODAY,
    )
    assert again.version == dto.version and len(audit_events(db, "referral.followup")) == 1
    with pytest.raises(PermissionDenied):
        outcomes.record_followup(
            db,
            make_actor(db, Role.RECEPTIONIST),
            rid,
            rearrested="no",
            learned_on=TODAY,
            source="x",
            today=TODAY,
        )


def test_follow_ups_in_bulk_from_a_csv_report_row_errors(db, make_actor, tmp_path) -> None:
    worker = make_actor(db, Role.CASEWORKER)
    when = datetime(2026, 3, 2, 10)
    add_referral(db, reference="WMP-F-1", when=when, status=ReferralStatus.COMPLETED)
    add_referral(
        db, reference="WMP-F-2", when=when, status=ReferralStatus.NOT_ENGAGED, status_reason="x"
    )
    add_referral(
        db, reference="WMP-F-3", when=when, status=ReferralStatus.INELIGIBLE, status_reason="x"
    )
    path = tmp_path / "followups.csv"
    path.write_text(
        "\ufeffPolice Reference,Rearrested,Rearrest Date,Learned On,Source\r\n"
        "WMP-F-1,no,,2026-10-01,WMP six-month check\r\n"
        "WMP-F-2,yes,15/05/2026,01/10/2026,WMP six-month check\r\n"
        "WMP-F-3,no,,2026-10-01,WMP six-month check\r\n"
        "WMP-NOPE,no,,2026-10-01,WMP six-month check\r\n"
        "WMP-F-1,no,,2026-10-01,WMP six-month check\r\n"
        ",maybe,,2026-10-01,\r\n",
        encoding="utf-8",
    )
    dry = outcomes.import_followups(db, worker, path, dry_run=True, today=TODAY)
    assert (dry.rows, dry.updated, dry.rejected) == (6, 2, 4)
    with db.unit_of_work(write=False) as s:
        assert (
            s.execute(
                sa.select(sa.func.count()).where(Referral.followup_rearrested.is_not(None))
            ).scalar_one()
            == 0
        )
    result = outcomes.import_followups(db, worker, path, today=TODAY)
    assert result.to_json()["updated"] == 2
    assert [(e.row, e.field) for e in result.errors] == [
        (3, "police_reference"),
        (4, "police_reference"),
        (5, "police_reference"),
        (6, "police_reference"),
    ]
    assert "not eligible" in result.errors[0].message
    with db.unit_of_work(write=False) as s:
        stored = dict(
            s.execute(sa.select(Referral.police_reference, Referral.followup_rearrested)).all()
        )
    assert stored["WMP-F-1"] == FollowUpResult.NO and stored["WMP-F-2"] == FollowUpResult.YES
    twice = outcomes.import_followups(db, worker, path, today=TODAY)
    assert (twice.updated, twice.unchanged) == (0, 2)
    bad = tmp_path / "bad.csv"
    bad.write_text("reference,result\nA,no\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as err:
        outcomes.import_followups(db, worker, bad, today=TODAY)
    assert "police_reference" in str(err.value)


def test_opening_a_referrals_outcome_and_follow_up_is_audited(db, make_actor) -> None:
    worker = make_actor(db, Role.CASEWORKER)
    case = booked_case(db)
    outcomes.get_outcome(db, worker, case.referral_id)
    views = audit_events(db, "referral.outcome.view")
    assert len(views) == 1
    assert views[0].username == worker.username and views[0].person_id == case.person_id


def test_follow_up_file_with_hostile_text_rejects_rows_and_refuses_a_repeated_column(
    db, make_actor, tmp_path
) -> None:
    worker = make_actor(db, Role.CASEWORKER)
    when = datetime(2026, 3, 2, 10)
    add_referral(db, reference="WMP-H-1", when=when, status=ReferralStatus.COMPLETED)
    add_referral(db, reference="WMP-H-2", when=when, status=ReferralStatus.COMPLETED)
    path = tmp_path / "followups.csv"
    path.write_text(
        "police_reference,rearrested,learned_on,source\n"
        "WMP-\x00H-1,no,2026-10-01,WMP six-month check\n"
        "WMP-H-2,no,2026-10-01,WMP\x1b[2J check\n",
        encoding="utf-8",
    )
    result = outcomes.import_followups(db, worker, path, today=TODAY)
    assert (result.updated, result.rejected) == (0, 2)
    assert [(e.row, e.field) for e in result.errors] == [(1, "police_reference"), (2, "source")]
    assert all("cannot be stored" in e.message for e in result.errors)
    twice = tmp_path / "twice.csv"
    twice.write_text(
        "police_reference,rearrested,learned_on,source,Rearrested\n"
        "WMP-H-1,no,2026-10-01,WMP six-month check,yes\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError) as err:
        outcomes.import_followups(db, worker, twice, today=TODAY)
    assert "the column 'Rearrested' appears twice in the header" in str(err.value)
