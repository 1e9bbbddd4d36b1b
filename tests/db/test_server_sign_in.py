"""Signing in on a shared server as the person's own login, and each role's journeys run by the
services through that login's connection, with the server's grants as the only limits."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from divert_desktop.core.enums import LetterTemplate, ReferralStatus, Role
from divert_desktop.core.errors import AuthenticationError, DivertError, PermissionDenied
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Appointment, AuditEvent, StaffUser
from divert_desktop.persistence.server_roles import CLINICAL_TABLES
from divert_desktop.services.admin import accounts
from divert_desktop.services.admin.server_sign_in import (
    NOT_STAFF,
    ServerSignIn,
    ServerThrottle,
    sign_in_to_server,
)
from divert_desktop.services.admin.users import REFUSAL, add_user
from divert_desktop.services.context import cli_actor
from tests.clock import CLOCK
from tests.conftest import STRONG_PASSWORD, fresh_url
from tests.db.casework_helpers import TODAY, add_service, booked_case, complete_answers
from tests.db.test_booking import add_referral, add_staff, venue
from tests.db.test_intake import NOW, close_not_engaged, draft, open_slot

pytestmark = pytest.mark.pg  # PostgreSQL only (the moved-clock passes leave these out)

RUN = uuid.uuid4().hex[:6]
_names = itertools.count(1)


def login_name(role: Role) -> str:
    return f"{role.value[:5]}{RUN}{next(_names)}"  # logins are cluster-wide: one name per run


@pytest.fixture
def pg(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    from divert_desktop.services.admin.settings import update_settings

    database = Database(fresh_url("postgresql", request, tmp_path), clock=CLOCK)
    update_settings(
        database,
        cli_actor(),
        {"organisation_name": "Sample Community Trust", "organisation_phone": "02476000001"},
    )
    yield database
    database.dispose()


@pytest.fixture
def server(pg: Database) -> Iterator[Database]:
    """The shared server as a workstation knows it before anyone signs in: no user at all."""
    bare = Database(
        make_url(pg.url).set(username=None).render_as_string(hide_password=False), clock=CLOCK
    )
    yield bare
    bare.dispose()


@pytest.fixture
def staff(pg: Database, server: Database) -> Iterator[Any]:
    """Add an account with its login (as the owner does) and sign in as it, as the window does."""
    opened: list[ServerSignIn] = []

    def _make(role: Role) -> ServerSignIn:
        name = login_name(role)
        add_user(
            pg,
            cli_actor(),
            username=name,
            display_name=f"{role.label} Person",
            role=role,
            password=STRONG_PASSWORD,
            server_login=True,
        )
        signed = sign_in_to_server(server, name, STRONG_PASSWORD, throttle=ServerThrottle())
        opened.append(signed)
        return signed

    yield _make
    for signed in opened:
        signed.db.dispose()


def test_signing_in_opens_the_database_as_the_login_with_the_servers_role(
    pg: Database, staff: Any
) -> None:
    signed = staff(Role.CASEWORKER)
    assert signed.actor.role is Role.CASEWORKER and signed.actor.user_id is not None
    assert make_url(signed.db.url).username == signed.actor.username
    assert STRONG_PASSWORD not in signed.db.url
    with signed.db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT session_user")).scalar_one() == signed.actor.username
    with pg.unit_of_work(write=False) as s:
        event = (
            s.execute(
                sa.select(AuditEvent).where(AuditEvent.action == "login").order_by(AuditEvent.id)
            )
            .scalars()
            .all()[-1]
        )
        user = s.execute(
            sa.select(StaffUser).where(StaffUser.username == signed.actor.username)
        ).scalar_one()
    assert (event.username, event.role) == (signed.actor.username, "caseworker")
    assert user.last_login_at is not None


def test_the_role_comes_from_the_servers_group_role(pg: Database, staff: Any) -> None:
    """The account row says administrator, the login is in the receptionists' group: the
    server's word wins (the sign-in is refused rather than trusting the app's copy)."""
    signed = staff(Role.RECEPTIONIST)
    signed.db.dispose()
    with pg.unit_of_work() as s:
        s.execute(
            sa.update(StaffUser)
            .where(StaffUser.username == signed.actor.username)
            .values(role=Role.ADMINISTRATOR)
        )
    bare = Database(make_url(pg.url).set(username=None).render_as_string(hide_password=False))
    try:
        with pytest.raises(DivertError) as refused:
            sign_in_to_server(bare, signed.actor.username, STRONG_PASSWORD)
    finally:
        bare.dispose()
    assert "role" in refused.value.message and "server" in refused.value.message


def test_the_owner_and_unknown_names_are_refused_plainly(pg: Database, server: Database) -> None:
    owner = make_url(pg.url).username or "postgres"
    with pytest.raises(DivertError) as not_staff:
        sign_in_to_server(server, owner, "whatever")
    assert not_staff.value.message == NOT_STAFF
    throttle = ServerThrottle()
    for _ in range(3):
        with pytest.raises(AuthenticationError) as unknown:
            sign_in_to_server(server, f"nobody{RUN}", "whatever", throttle=throttle, now=NOW)
        assert unknown.value.message == REFUSAL and not unknown.value.retry_after
    with pytest.raises(AuthenticationError) as waiting:  # the app's throttle still applies
        sign_in_to_server(server, f"nobody{RUN}", "whatever", throttle=throttle, now=NOW)
    assert waiting.value.retry_after == 2


def test_a_disabled_login_is_refused_with_the_one_message(
    pg: Database, server: Database, staff: Any
) -> None:
    admin = staff(Role.ADMINISTRATOR)
    worker = staff(Role.CASEWORKER)
    worker.db.dispose()
    accounts.set_active(admin.db, admin.actor, worker.actor.user_id, False, server_login=True)
    with pytest.raises(AuthenticationError) as refused:
        sign_in_to_server(server, worker.actor.username, STRONG_PASSWORD)
    assert refused.value.message == REFUSAL


def test_receptionist_journeys_run_as_their_login(pg: Database, staff: Any) -> None:
    from divert_desktop.services.casework.engagement import update_engagement
    from divert_desktop.services.diary import booking
    from divert_desktop.services.intake.person import TypedAddress
    from divert_desktop.services.intake.save import save_intake
    from divert_desktop.services.letters.production import produce_letter
    from divert_desktop.services.lists.people_search import search_people
    from divert_desktop.services.people.records import person_details

    jo = add_staff(pg, "Jo Bloggs")
    signed = staff(Role.RECEPTIONIST)
    db, actor = signed.db, signed.actor
    start = open_slot(4)
    saved = save_intake(
        db,
        actor,
        draft(appointment_datetime=start, appointment_venue="Solihull"),
        person_id=None,
        override_reason=None,
        caseworker_id=jo,
        address=TypedAddress("1 Invented Street", None, "Solihull", "B91 3QE"),
    )
    assert saved.referral.status == ReferralStatus.BOOKED
    appointment_id = saved.referral.appointment_id
    assert appointment_id is not None
    with db.unit_of_work(write=False) as s:
        version = s.get(Appointment, appointment_id).version
    moved = booking.move_appointment(
        db, actor, appointment_id, start_at=start + timedelta(hours=2), expected_version=version
    )
    letter = produce_letter(
        db,
        actor,
        LetterTemplate.APPOINTMENT_CONFIRMATION,
        appointment_id=moved.id,
        today=CLOCK.today(),
    )
    assert letter.letters
    cancelled = booking.cancel_appointment(
        db, actor, moved.id, by="person", reason="Rang to say", expected_version=moved.version
    )
    assert cancelled.id == moved.id
    # Arrival, attended, did not attend: on the appointment's day.
    day = open_slot(1)
    for hour, mark in ((9, "attended"), (11, "dna")):
        rid = add_referral(pg)
        made = booking.book_appointment(
            db,
            actor,
            referral_id=rid,
            start_at=day.replace(hour=hour),
            caseworker_id=jo,
            venue_id=venue(pg, "Coventry", capacity=100),
        )
        when = day.replace(hour=hour, minute=5)
        if mark == "attended":
            arrived = booking.mark_arrived(db, actor, made.id, made.version, now=when)
            booking.mark_attended(db, actor, made.id, arrived.version, now=when)
        else:
            booking.mark_did_not_attend(
                db, actor, made.id, made.version, now=when + timedelta(hours=1)
            )
    # The engagement update the app runs at sign-in, as this login.
    update_engagement(db, actor, today=CLOCK.today() + timedelta(days=400))
    found = search_people(db, actor, "Featherstonehaugh")
    assert found.rows
    details = person_details(db, actor, saved.referral.person_id)
    assert details is not None
    # Still no clinical rows through this login, whatever the services ask.
    with db.engine.connect() as conn:
        for table in sorted(CLINICAL_TABLES):
            with pytest.raises(sa.exc.ProgrammingError):
                conn.execute(sa.text(f"SELECT count(*) FROM {table}"))
            conn.rollback()


def _give_address(pg: Database, person_id: int) -> None:
    from divert_desktop.persistence.models import Person

    with pg.unit_of_work() as s:
        s.execute(
            sa.update(Person)
            .where(Person.id == person_id)
            .values(address_line1="2 Invented Road", postcode="CV1 1AA")
        )


def test_caseworker_journeys_run_as_their_login(pg: Database, staff: Any) -> None:
    from divert_desktop.services.casework import assessments, onward, outcomes, sessions
    from divert_desktop.services.letters.production import produce_letter

    signed = staff(Role.CASEWORKER)
    db, actor = signed.db, signed.actor
    case = booked_case(pg, caseworker_id=signed.actor.user_id)
    _give_address(pg, case.person_id)
    saved = assessments.save_assessment(
        db,
        actor,
        referral_id=case.referral_id,
        form_id="divert_assessment",
        form_version="1",
        answers=complete_answers(),
        today=TODAY,
    )
    assert saved.id
    sessions.record_session(
        db,
        actor,
        case.referral_id,
        appointment_id=None,
        session_date=TODAY,
        length_minutes=45,
        attended=True,
        topics=["the law"],
        today=TODAY,
    )
    made = onward.propose_onward(
        db,
        actor,
        case.referral_id,
        service_id=add_service(pg),
        reason="Needs housing advice",
        share_items=["contact_details"],
    )
    assert made.id
    # The one session planned was attended: the referral is completed; its letter.
    letter = produce_letter(
        db, actor, LetterTemplate.COMPLETION, referral_id=case.referral_id, today=TODAY
    )
    assert letter.letters
    other = booked_case(pg, first="Sam", last="Other")
    _give_address(pg, other.person_id)
    view = outcomes.get_outcome(db, actor, other.referral_id)
    outcomes.close_referral(
        db,
        actor,
        other.referral_id,
        ReferralStatus.NOT_ENGAGED,
        on=CLOCK.today(),
        reason="Declined the sessions",
        expected_version=view.outcome.version,
    )
    letter = produce_letter(
        db, actor, LetterTemplate.NOT_ENGAGED, referral_id=other.referral_id, today=CLOCK.today()
    )
    assert letter.letters


def test_manager_journeys_run_as_their_login(pg: Database, staff: Any) -> None:
    from divert_desktop.services.audit.view import AuditFilter, audit_events
    from divert_desktop.services.intake.referrals import create_referral, override_repeat_bar
    from divert_desktop.services.reports.summaries.query import build_summary

    signed = staff(Role.MANAGER)
    db, actor = signed.db, signed.actor
    first = create_referral(pg, cli_actor(), draft(referral_datetime=NOW - timedelta(days=200)))
    close_not_engaged(pg, cli_actor(), first.id)
    held = create_referral(pg, cli_actor(), draft(), person_id=first.person_id)
    summary = build_summary(db, actor, date(2020, 1, 1), CLOCK.today())
    assert summary is not None
    page = audit_events(db, actor, AuditFilter())
    assert page.rows
    allowed = override_repeat_bar(db, actor, held.id, "Manager agreed on the phone today")
    assert allowed.status is ReferralStatus.RECEIVED


def test_administrator_journeys_run_as_their_login(pg: Database, staff: Any) -> None:
    from divert_desktop.services.admin.backups import pg_procedure
    from divert_desktop.services.admin.settings import update_settings

    signed = staff(Role.ADMINISTRATOR)
    db, actor = signed.db, signed.actor
    name = login_name(Role.RECEPTIONIST)
    added = add_user(
        db,
        actor,
        username=name,
        display_name="New Receptionist",
        role=Role.RECEPTIONIST,
        password=STRONG_PASSWORD,
        server_login=True,
    )
    accounts.set_role(db, actor, added.id, Role.CASEWORKER, server_login=True)
    accounts.reset_password(db, actor, added.id, STRONG_PASSWORD + " two", server_login=True)
    update_settings(db, actor, {"organisation_name": "DIVERT (invented)"})
    assert "pg_dump" in pg_procedure(db, today=CLOCK.today())
    with pg.engine.connect() as conn:
        groups = conn.execute(
            sa.text(
                "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :n"
            ),
            {"n": name},
        ).scalars()
        assert [g.rsplit("_", 1)[1] for g in groups] == ["caseworker"]


def test_a_login_changes_its_own_password_on_the_server(pg: Database, staff: Any) -> None:
    signed = staff(Role.RECEPTIONIST)
    with pg.engine.connect() as conn:
        before = conn.execute(
            sa.text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"),
            {"n": signed.actor.username},
        ).scalar_one()
    new = STRONG_PASSWORD + " again"
    accounts.change_own_password(signed.db, signed.actor, new, current_password=STRONG_PASSWORD)
    with pg.engine.connect() as conn:
        after = conn.execute(
            sa.text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"),
            {"n": signed.actor.username},
        ).scalar_one()
    assert after != before and after.startswith("SCRAM-SHA-256$") and new not in after
    signed.db.dispose()  # the next connection uses the new password
    with signed.db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT session_user")).scalar_one() == signed.actor.username


def test_a_receptionist_login_may_not_manage_accounts(pg: Database, staff: Any) -> None:
    signed = staff(Role.RECEPTIONIST)
    with pytest.raises(PermissionDenied):
        accounts.find_user(signed.db, signed.actor, signed.actor.username)
