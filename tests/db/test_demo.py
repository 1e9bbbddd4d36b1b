"""The synthetic demo data generator: volumes, determinism, and data that obeys the scheme's rules."""

from __future__ import annotations

import hashlib
import itertools
import os
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path

import holidays
import pytest
import sqlalchemy as sa

from divert_desktop.core.eligibility import is_young_person
from divert_desktop.core.enums import IneligibleReason, LocalAuthority, ReferralStatus, Role
from divert_desktop.core.errors import PermissionDenied, ValidationError
from divert_desktop.core.validation import normalise_postcode, search_key
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    Appointment,
    AuditEvent,
    EducationalSession,
    Person,
    PossibleDuplicate,
    Referral,
    ReferralStatusChange,
    StaffUser,
    Venue,
)
from divert_desktop.services.audit.trail import verify_chain
from divert_desktop.services.context import cli_actor
from divert_desktop.services.demo import generate as demo
from divert_desktop.services.demo.generate import DemoCancelled, generate
from divert_desktop.services.demo.names import AREAS, is_drama_number
from tests.conftest import fresh_url

TODAY = date(2026, 3, 18)  # a Wednesday
NOW = datetime.combine(TODAY, time(8, 0))
REPO = Path(__file__).resolve().parents[2]
BANK_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG", years=range(2022, 2028))


def _rows(db: Database, query: sa.Select) -> list[sa.Row]:
    with db.unit_of_work(write=False) as session:
        return list(session.execute(query).all())


def _count(db: Database, model: type) -> int:
    return _rows(db, sa.select(sa.func.count()).select_from(model))[0][0]


def _digest(db: Database) -> str:
    """A fingerprint of what was generated: names, dates, references, statuses and diary times."""
    h = hashlib.sha256()
    for query in (
        sa.select(
            Person.first_name, Person.last_name, Person.date_of_birth, Person.postcode
        ).order_by(Person.id),
        sa.select(Referral.police_reference, Referral.referral_datetime, Referral.status).order_by(
            Referral.id
        ),
        sa.select(Appointment.start_at, Appointment.status, Appointment.caseworker_id).order_by(
            Appointment.id
        ),
    ):
        for row in _rows(db, query):
            h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def test_small_run_adds_consistent_counts(db: Database) -> None:
    result = generate(db, cli_actor(), people=200, seed=7, today=TODAY)

    assert result.people == _count(db, Person) == 200
    assert result.referrals == _count(db, Referral)
    assert result.appointments == _count(db, Appointment)
    staff = _rows(db, sa.select(StaffUser.username, StaffUser.role, StaffUser.must_change_password))
    assert result.users == len(staff) >= 1 + 3 + 8
    assert Counter(r.role for r in staff)[Role.CASEWORKER] >= 8
    assert all(r.must_change_password and r.username.startswith("demo.") for r in staff)
    # About 1.3 referrals and 10 appointments a person.
    assert 1.15 <= result.referrals / 200 <= 1.5
    assert 8.5 <= result.appointments / 200 <= 10.5
    # Every referral's history starts from nothing and ends at its current status, step by step.
    history: dict[int, list[sa.Row]] = defaultdict(list)
    for row in _rows(db, sa.select(ReferralStatusChange).order_by(ReferralStatusChange.id)):
        history[row[0].referral_id].append(row[0])
    referrals = _rows(db, sa.select(Referral.id, Referral.status, Referral.status_changed_at))
    assert len(history) == len(referrals)
    for ref_id, status, changed_at in referrals:
        steps = history[ref_id]
        assert steps[0].from_status is None
        assert all(a.to_status == b.from_status for a, b in itertools.pairwise(steps))
        assert all(a.at <= b.at for a, b in itertools.pairwise(steps))
        assert steps[-1].to_status == status and steps[-1].at == changed_at
        assert changed_at < NOW


def test_same_seed_gives_the_same_data_on_a_fresh_database(
    db: Database, backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    second_path = tmp_path / "second"
    second_path.mkdir()
    other = Database(fresh_url(backend, request, second_path))
    try:
        generate(db, cli_actor(), people=120, seed=3, today=TODAY)
        generate(other, cli_actor(), people=120, seed=3, today=TODAY)
        assert _digest(db) == _digest(other)
    finally:
        other.dispose()
    third_path = tmp_path / "third"
    third_path.mkdir()
    different = Database(fresh_url(backend, request, third_path))
    try:
        generate(different, cli_actor(), people=120, seed=4, today=TODAY)
        assert _digest(different) != _digest(db)
    finally:
        different.dispose()


def test_diary_has_no_double_bookings_and_only_working_time(db: Database) -> None:
    generate(db, cli_actor(), people=200, seed=11, today=TODAY)
    a, b = sa.orm.aliased(Appointment), sa.orm.aliased(Appointment)
    overlaps = _rows(
        db,
        sa.select(sa.func.count())
        .select_from(a)
        .join(b, sa.and_(a.caseworker_id == b.caseworker_id, a.id < b.id))
        .where(a.start_at < b.end_at, b.start_at < a.end_at),
    )[0][0]
    assert overlaps == 0  # not even cancelled or moved ones overlap
    appointments = _rows(
        db,
        sa.select(
            Appointment.start_at, Appointment.end_at, Appointment.venue_id, Appointment.status
        ),
    )
    for start, end, _venue, _status in appointments:
        assert start.weekday() < 5 and start.date() not in BANK_HOLIDAYS
        assert (
            time(9, 0) <= start.time() and end.time() <= time(17, 0) and start.date() == end.date()
        )
        assert start.minute % 15 == 0
    # A venue never holds more appointments at once than it has rooms.
    capacity = dict(_rows(db, sa.select(Venue.id, Venue.capacity)))
    in_use: Counter[tuple[int, datetime]] = Counter()
    for start, end, venue, status in appointments:
        if venue is not None and status in ("booked", "arrived", "attended"):
            slot = start
            while slot < end:
                in_use[(venue, slot)] += 1
                slot += timedelta(minutes=15)
    assert all(n <= capacity[venue] for (venue, _), n in in_use.items())
    # Everything before today has happened; everything still booked is in the future.
    assert all(status != "booked" for start, _, _, status in appointments if start < NOW)
    assert {status for start, _, _, status in appointments if start >= NOW} <= {
        "booked",
        "moved",
        "cancelled_by_person",
        "cancelled_by_provider",
    }


def test_referral_statuses_agree_with_appointments(db: Database) -> None:
    generate(db, cli_actor(), people=250, seed=5, today=TODAY)
    appts: dict[int, list[sa.Row]] = defaultdict(list)
    for row in _rows(db, sa.select(Appointment.referral_id, Appointment.type, Appointment.status)):
        appts[row.referral_id].append(row)
    referrals = _rows(
        db,
        sa.select(
            Referral.id,
            Referral.status,
            Referral.status_reason,
            Referral.sessions_planned,
            Referral.referral_datetime,
            Referral.engagement_deadline,
            Referral.override_reason,
            Referral.outcome_sent_at,
            Referral.followup_rearrested,
        ),
    )
    statuses = Counter(r.status for r in referrals)
    for status in ("completed", "not_engaged", "ineligible", "engaged"):
        assert statuses[status] > 0, status
    for r in referrals:
        mine = appts[r.id]
        attended = [a for a in mine if a.status == "attended"]
        initial = [a for a in attended if a.type == "initial_assessment"]
        sessions = [a for a in attended if a.type == "educational_session"]
        assert r.engagement_deadline == r.referral_datetime.date() + timedelta(days=42)
        if r.status == ReferralStatus.COMPLETED:
            assert initial and len(sessions) >= r.sessions_planned
        elif r.status == ReferralStatus.ENGAGED:
            assert initial and len(sessions) < r.sessions_planned
        elif r.status in (
            ReferralStatus.NOT_ENGAGED,
            ReferralStatus.BOOKED,
            ReferralStatus.RECEIVED,
        ):
            assert not attended
        if r.status == ReferralStatus.INELIGIBLE:
            assert not mine
            assert r.status_reason in {reason.value for reason in IneligibleReason}
        if r.status == ReferralStatus.BOOKED:
            assert mine
        if (
            r.status == ReferralStatus.NOT_ENGAGED
            and r.status_reason == "Nothing attended by the engagement deadline"
        ):
            assert r.engagement_deadline < TODAY
        if r.outcome_sent_at is not None:
            assert r.status in (ReferralStatus.COMPLETED, ReferralStatus.NOT_ENGAGED)
        if r.followup_rearrested is not None:
            assert r.referral_datetime.date() + timedelta(days=183) < TODAY
    # Attended sessions have their session record.
    session_rows = _rows(
        db, sa.select(EducationalSession.appointment_id, EducationalSession.attended)
    )
    attended_sessions = sum(
        1
        for rows in appts.values()
        for a in rows
        if a.type == "educational_session" and a.status == "attended"
    )
    assert len(session_rows) == attended_sessions and all(s.attended for s in session_rows)


def test_repeat_referrals_after_not_engaged_are_barred_unless_overridden(db: Database) -> None:
    generate(db, cli_actor(), people=400, seed=2, today=TODAY)
    rows = _rows(
        db,
        sa.select(
            Referral.person_id,
            Referral.referral_datetime,
            Referral.status,
            Referral.status_reason,
            Referral.override_reason,
            Referral.overridden_by,
            Referral.young_person,
            Referral.appropriate_adult_name,
            Person.date_of_birth,
        )
        .join(Person, Person.id == Referral.person_id)
        .order_by(Referral.person_id, Referral.referral_datetime),
    )
    barred = overridden = 0
    by_person: dict[int, list[sa.Row]] = defaultdict(list)
    for r in rows:
        earlier_not_engaged = any(e.status == "not_engaged" for e in by_person[r.person_id])
        reason = r.status_reason if r.status == "ineligible" else None
        if reason == IneligibleReason.PREVIOUS_NOT_ENGAGED:
            assert earlier_not_engaged
            barred += 1
        if r.override_reason:
            assert earlier_not_engaged and r.overridden_by == "demo.manager"
            overridden += 1
        if earlier_not_engaged and reason is None and r.status != "ineligible":
            assert r.override_reason  # never offered again without a manager's override
        age = (r.referral_datetime.date() - r.date_of_birth).days / 365.25
        assert 12.9 < age < 63
        assert r.young_person == is_young_person(r.date_of_birth, r.referral_datetime.date())
        if r.young_person and r.status != "ineligible":
            assert r.appropriate_adult_name
        if reason == IneligibleReason.NO_APPROPRIATE_ADULT:
            assert r.young_person and not r.appropriate_adult_name
        by_person[r.person_id].append(r)
    assert barred > 0
    young_share = sum(r.young_person for r in rows) / len(rows)
    assert 0.06 < young_share < 0.2


def test_people_have_only_synthetic_contact_details(db: Database) -> None:
    generate(db, cli_actor(), people=200, seed=9, today=TODAY)
    people = _rows(
        db,
        sa.select(
            Person.first_name,
            Person.last_name,
            Person.known_as,
            Person.search_first,
            Person.search_last,
            Person.search_known_as,
            Person.postcode,
            Person.local_authority,
            Person.phone,
            Person.email,
        ),
    )
    for p in people:
        assert p.search_first == search_key(p.first_name) and p.search_last == search_key(
            p.last_name
        )
        assert p.search_known_as == (search_key(p.known_as) if p.known_as else None)
        assert normalise_postcode(p.postcode) == p.postcode
        assert p.postcode.split()[0] in AREAS[LocalAuthority(p.local_authority)].outward
        assert p.phone is None or is_drama_number(p.phone)
        assert p.email is None or p.email.endswith(("@example.com", "@example.org"))
    adults = _rows(
        db,
        sa.select(Referral.appropriate_adult_phone).where(
            Referral.appropriate_adult_phone.is_not(None)
        ),
    )
    assert adults and all(is_drama_number(a[0]) for a in adults)
    assert all(n.startswith(("07700900", "01214960")) for n in (p.phone for p in people) if n)
    assert any(not name.isascii() for p in people for name in (p.first_name, p.last_name))
    # A few near-duplicates wait for a person to review them.
    duplicates = _rows(
        db,
        sa.select(PossibleDuplicate.person_id, PossibleDuplicate.score, Person.needs_review).join(
            Person, Person.id == PossibleDuplicate.person_id
        ),
    )
    assert duplicates and all(d.score >= 70 and d.needs_review for d in duplicates)


def test_second_run_continues_ids_and_reuses_staff(db: Database) -> None:
    first = generate(db, cli_actor(), people=60, seed=1, today=TODAY)
    second = generate(db, cli_actor(), people=60, seed=1, today=TODAY)
    assert first.users > 0 and second.users == 0
    assert _count(db, Person) == 120 and _count(db, Referral) == first.referrals + second.referrals
    names = _rows(
        db, sa.select(Person.first_name, Person.last_name, Person.date_of_birth).order_by(Person.id)
    )
    assert names[:60] != names[60:]  # a second run draws new people
    references = [r[0] for r in _rows(db, sa.select(Referral.police_reference))]
    assert len(references) == len(set(references))
    a, b = sa.orm.aliased(Appointment), sa.orm.aliased(Appointment)
    assert (
        _rows(
            db,
            sa.select(sa.func.count())
            .select_from(a)
            .join(
                b,
                sa.and_(
                    a.caseworker_id == b.caseworker_id,
                    a.id < b.id,
                    a.start_at < b.end_at,
                    b.start_at < a.end_at,
                ),
            ),
        )[0][0]
        == 0
    )
    # The database hands out the next id itself after the bulk inserts (PostgreSQL sequences).
    with db.unit_of_work() as session:
        person = Person(
            first_name="Test",
            last_name="Person",
            date_of_birth=date(2000, 1, 1),
            search_first="test",
            search_last="person",
        )
        session.add(person)
        session.flush()
        assert person.id == 121


def test_one_audit_event_per_run_and_chain_intact(db: Database) -> None:
    result = generate(db, cli_actor(), people=50, seed=1, today=TODAY)
    events = _rows(db, sa.select(AuditEvent.action, AuditEvent.details, AuditEvent.source))
    assert [e.action for e in events] == ["demo.generate"]
    details = events[0].details
    assert (details["people"], details["referrals"], details["appointments"]) == (
        result.people,
        result.referrals,
        result.appointments,
    )
    assert events[0].source == "cli"
    with db.unit_of_work(write=False) as session:
        assert verify_chain(session).ok


def test_cancel_rolls_everything_back(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "CHUNK_PEOPLE", 20)
    seen: list[tuple[int, int]] = []
    with pytest.raises(DemoCancelled):
        generate(
            db,
            cli_actor(),
            people=60,
            seed=1,
            today=TODAY,
            progress=lambda done, total, _text: seen.append((done, total)),
            cancelled=lambda: bool(seen),
        )
    assert seen == [(20, 60)]
    assert _count(db, Person) == 0 and _count(db, StaffUser) == 0 and _count(db, AuditEvent) == 0


def test_volume_can_be_chosen_and_roles_are_checked(db: Database, make_actor) -> None:  # type: ignore[no-untyped-def]
    receptionist = make_actor(db, "receptionist")
    with pytest.raises(PermissionDenied):
        generate(db, receptionist, people=10, today=TODAY)
    with pytest.raises(ValidationError):
        generate(db, cli_actor(), people=0, today=TODAY)
    admin = make_actor(db, "administrator")
    result = generate(db, admin, people=100, seed=1, today=TODAY, appointments_per_person=3)
    assert result.appointments <= 3.3 * 100


def test_command_line_demo_data(db_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "DIVERT_DATA_DIR": str(tmp_path), "PYTHONPATH": str(REPO)}
    env.pop("DIVERT_DATABASE_URL", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "divert_desktop",
            "--database",
            db_url,
            "demo-data",
            "--people",
            "50",
            "--seed",
            "3",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Added 50 people, ")
    db = Database(db_url)
    try:
        assert _count(db, Person) == 50
        referrals = _count(db, Referral)
        assert f"{referrals} referrals" in done.stdout
    finally:
        db.dispose()


def test_assessments_and_onward_referrals_follow_the_casework_rules(db: Database) -> None:
    from divert_desktop.core.assessment import assessment_context
    from divert_desktop.core.form_rules import check_answers, compute_scores, scores_json
    from divert_desktop.core.onward import SHARE_ITEMS
    from divert_desktop.persistence.models import Assessment, OnwardReferral, ReferralSubstance
    from divert_desktop.services.casework.forms_library import default_library

    generate(db, cli_actor(), people=200, seed=9, today=TODAY)
    form = default_library().latest("divert_assessment")
    found = _rows(
        db,
        sa.select(Assessment, Referral, Person)
        .join(Referral, Referral.id == Assessment.referral_id)
        .join(Person, Person.id == Referral.person_id),
    )
    substances: dict[int, list[str]] = defaultdict(list)
    for rid, substance in _rows(
        db, sa.select(ReferralSubstance.referral_id, ReferralSubstance.substance)
    ):
        substances[rid].append(substance)
    assert found
    for a, r, p in found:
        assert (a.form_id, a.form_version) == (form.form_id, form.version)
        context = assessment_context(
            date_of_birth=p.date_of_birth,
            referral_date=r.referral_datetime.date(),
            young_person=r.young_person,
            substances=substances[r.id],
            today=a.created_at.date(),
        )
        assert check_answers(form, a.answers, context, a.created_at.date()) == {}
        assert a.scores == scores_json(
            compute_scores(form, a.answers, context, {"audit_c_threshold": 5})
        )
    assessed = {a.referral_id for a, _r, _p in found}
    completed = {
        r.id for r in _rows(db, sa.select(Referral.id).where(Referral.status == "completed"))
    }
    assert completed and completed <= assessed
    for o in _rows(db, sa.select(OnwardReferral)):
        row = o[0]
        assert row.reason
        if row.consent_at is None:
            assert row.share_items == [] and row.status == "proposed"
        else:
            assert row.share_items and set(row.share_items) <= set(SHARE_ITEMS)
