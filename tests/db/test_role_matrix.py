"""Role × service call: every role is allowed or refused exactly as this explicit table says.

The table is written out here on purpose (not read from core.permissions.PERMISSIONS), so a
change to the permissions that opens or closes a door fails this test until the table agrees.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import (
    LetterTemplate,
    LocalAuthority,
    ReferralStatus,
    Role,
    Substance,
)
from divert_desktop.core.errors import PermissionDenied
from divert_desktop.core.letters import permission_for
from divert_desktop.core.permissions import Action, can
from divert_desktop.persistence.models import AuditEvent, Referral
from divert_desktop.services import lists
from divert_desktop.services.admin import accounts
from divert_desktop.services.admin.settings import update_settings
from divert_desktop.services.admin.users import add_user, list_users
from divert_desktop.services.audit.view import (
    AuditFilter,
    audit_events,
    export_audit_csv,
    verify_audit_trail,
)
from divert_desktop.services.casework import outcomes
from divert_desktop.services.casework.engagement import update_engagement
from divert_desktop.services.context import Actor, cli_actor
from divert_desktop.services.data_protection.anonymise import erase_person
from divert_desktop.services.data_protection.retention import apply_retention, people_due
from divert_desktop.services.data_protection.subject_access import export_person
from divert_desktop.services.demo import generate as demo
from divert_desktop.services.diary import booking
from divert_desktop.services.intake.draft import ReferralDraft
from divert_desktop.services.intake.police_import import import_referrals
from divert_desktop.services.intake.referrals import (
    confirm_repeat_bar,
    create_referral,
    override_repeat_bar,
)
from divert_desktop.services.people.merge import merge_people
from divert_desktop.services.people.records import person_details, update_person
from divert_desktop.services.reports.evaluation import export_evaluation
from divert_desktop.services.reports.export import export_referrals_csv
from tests.conftest import STRONG_PASSWORD
from tests.db.test_booking import MONDAY, TUESDAY, add_person, add_referral, add_staff, at, venue

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_referrals.csv"

R, C, M, A = Role.RECEPTIONIST, Role.CASEWORKER, Role.MANAGER, Role.ADMINISTRATOR
DIARY = {R, C, M}  # the administrator looks after accounts and the database, not the diary

EXPECTED: dict[str, set[Role]] = {
    "book_appointment": DIARY,
    "move_appointment": DIARY,
    "assign_caseworker": DIARY,
    "cancel_appointment": DIARY,
    "mark_arrived": DIARY,
    "mark_attended": DIARY,
    "mark_did_not_attend": DIARY,
    "undo_attendance": DIARY,
    "find_slots": DIARY,
    "appointments_between": {R, C, M, A},
    "get_appointment": {R, C, M, A},
    "update_engagement": DIARY,
    "withdraw_referral": {C, M},
    "close_not_engaged": {C, M},
    "export_referrals_csv": {M},
    "export_evaluation": {M},
    "add_user": {A},
    "update_settings": {M, A},
    "search_people": {R, C, M, A},
    "person_record": {R, C, M, A},
    "update_contact_details": DIARY,
    "update_person_name": {C, M},
    "create_referral": DIARY,
    "override_eligibility": {M},
    "override_repeat_bar": {M},
    "confirm_repeat_bar": {M},
    "import_referrals": DIARY,
    "headline_counts": {M},
    "list_users": {A},
    "staff_accounts": {A},
    "find_user": {A},
    "set_role": {A},
    "set_active": {A},
    "reset_password": {A},
    "demo_data": {A},
    "audit_events": {M, A},
    "verify_audit_trail": {M, A},
    "export_audit_csv": {M, A},
    "people_due": {M, A},
    "apply_retention": {M, A},
    "export_person": {M},
    "merge_people": {M},
    "erase_person": {M},
}
"""Which roles may make each service call."""

ACTIONS: dict[str, Action] = {
    "book_appointment": Action.BOOK_APPOINTMENT,
    "move_appointment": Action.MOVE_APPOINTMENT,
    "assign_caseworker": Action.MOVE_APPOINTMENT,
    "cancel_appointment": Action.CANCEL_APPOINTMENT,
    "mark_arrived": Action.MARK_ATTENDANCE,
    "mark_attended": Action.MARK_ATTENDANCE,
    "mark_did_not_attend": Action.MARK_ATTENDANCE,
    "undo_attendance": Action.MARK_ATTENDANCE,
    "find_slots": Action.BOOK_APPOINTMENT,
    "appointments_between": Action.VIEW_PERSON,
    "get_appointment": Action.VIEW_PERSON,
    "update_engagement": Action.RUN_ENGAGEMENT_UPDATE,
    "withdraw_referral": Action.WITHDRAW_REFERRAL,
    "close_not_engaged": Action.RECORD_OUTCOME,
    "export_referrals_csv": Action.EXPORT_DATA,
    "export_evaluation": Action.EXPORT_EVALUATION,
    "add_user": Action.MANAGE_USERS,
    "update_settings": Action.MANAGE_SETTINGS,
    "search_people": Action.VIEW_PERSON,
    "person_record": Action.VIEW_CLINICAL,  # everyone sees the record; clinical parts by role
    "update_contact_details": Action.EDIT_CONTACT_DETAILS,
    "update_person_name": Action.EDIT_PERSON,
    "create_referral": Action.CREATE_REFERRAL,
    "override_eligibility": Action.OVERRIDE_ELIGIBILITY,
    "override_repeat_bar": Action.OVERRIDE_ELIGIBILITY,
    "confirm_repeat_bar": Action.CONFIRM_INELIGIBLE,
    "import_referrals": Action.IMPORT_REFERRALS,
    "headline_counts": Action.VIEW_REPORTS,
    "list_users": Action.MANAGE_USERS,
    "staff_accounts": Action.MANAGE_USERS,
    "find_user": Action.MANAGE_USERS,
    "set_role": Action.MANAGE_USERS,
    "set_active": Action.MANAGE_USERS,
    "reset_password": Action.MANAGE_USERS,
    "demo_data": Action.MANAGE_DATABASE,
    "audit_events": Action.VIEW_AUDIT,
    "verify_audit_trail": Action.VIEW_AUDIT,
    "export_audit_csv": Action.VIEW_AUDIT,
    "people_due": Action.APPLY_RETENTION,
    "apply_retention": Action.APPLY_RETENTION,
    "export_person": Action.EXPORT_PERSON,
    "merge_people": Action.MERGE_PEOPLE,
    "erase_person": Action.ERASE_PERSON,
}
"""The action each call checks (the matrix must reach every action a service enforces)."""

NOT_YET_SERVED: set[Action] = set()
"""Actions in the role table that no service enforces yet: when one gets a service, add its
call above."""
LETTER_MATRIX = {
    Action.PRINT_APPOINTMENT_LETTER: {R, C, M},
    Action.PRINT_OUTCOME_LETTER: {C, M},
    Action.EDIT_LETTER_TEMPLATES: {M},
}
"""Actions whose calls are in tests/db/test_letters.py (LETTER_ROLES); the letter services
check the first two through core.letters.permission_for."""
CASEWORK_MATRIX = {
    Action.RECORD_ASSESSMENT: {C, M},
    Action.RECORD_SESSION: {C, M},
    Action.MANAGE_ONWARD_REFERRAL: {C, M},
    Action.MANAGE_SERVICE_DIRECTORY: {M},
}
"""Actions whose calls are in tests/db/test_casework_roles.py (its own role × call table)."""

READS = {
    "find_slots",
    "appointments_between",
    "get_appointment",
    "search_people",
    "list_users",
    "staff_accounts",
    "find_user",
    "headline_counts",
    "import_referrals",
    "audit_events",
    "people_due",
    "apply_retention",
}
"""Calls that write nothing here (retention: nobody is due in this data)."""
WRITES = set(EXPECTED) - READS
ROLE_NOT_NAMED = {"update_person_name"}
"""Refusals worded without the role name ("Your role can change contact details only …")."""
_names = itertools.count(1)


class Env:
    """Fresh data for each call: a referral, a caseworker and an appointment booked by the CLI."""

    def __init__(self, db, tmp: Path) -> None:
        self.db, self.tmp, self.admin = db, tmp, cli_actor()
        self.hub = venue(db, "Coventry", capacity=1000)

    def referral(self) -> int:
        return add_referral(self.db)

    def staff(self) -> int:
        return add_staff(self.db, f"Case Worker{next(_names)}")

    def appointment(self):
        return booking.book_appointment(
            self.db,
            self.admin,
            referral_id=self.referral(),
            start_at=at(MONDAY, 10),
            caseworker_id=self.staff(),
            venue_id=self.hub,
        )


# One function per service call, each making the call with valid data for it.


def _book(db, actor: Actor, env: Env) -> None:
    booking.book_appointment(
        db,
        actor,
        referral_id=env.referral(),
        start_at=at(MONDAY, 10),
        caseworker_id=env.staff(),
        venue_id=env.hub,
    )


def _move(db, actor: Actor, env: Env) -> None:
    appt = env.appointment()
    booking.move_appointment(
        db, actor, appt.id, start_at=at(TUESDAY, 10), expected_version=appt.version
    )


def _assign(db, actor: Actor, env: Env) -> None:
    appt = env.appointment()
    booking.assign_caseworker(db, actor, appt.id, env.staff(), appt.version)


def _cancel(db, actor: Actor, env: Env) -> None:
    appt = env.appointment()
    booking.cancel_appointment(
        db, actor, appt.id, by="person", reason="Rang in", expected_version=appt.version
    )


def _mark(fn: Callable) -> Callable:
    def call(db, actor: Actor, env: Env) -> None:
        appt = env.appointment()
        fn(db, actor, appt.id, appt.version, now=appt.start_at)

    return call


def _undo(db, actor: Actor, env: Env) -> None:
    seen = env.appointment()
    seen = booking.mark_attended(db, env.admin, seen.id, seen.version, now=seen.start_at)
    booking.undo_attendance(db, actor, seen.id, seen.version, now=seen.start_at)


def _find_slots(db, actor: Actor, env: Env) -> None:
    booking.find_slots(db, actor, from_date=MONDAY)


def _between(db, actor: Actor, env: Env) -> None:
    booking.appointments_between(db, actor, at(MONDAY, 0), at(TUESDAY, 0))


def _get(db, actor: Actor, env: Env) -> None:
    booking.get_appointment(db, actor, env.appointment().id)


def _engagement(db, actor: Actor, env: Env) -> None:
    update_engagement(db, actor, today=date(2027, 6, 1))


def _close_as(db, actor: Actor, referral_id: int, outcome: ReferralStatus, reason: str) -> None:
    """Closing a referral has one way: outcomes.close_referral."""
    with db.unit_of_work(write=False) as s:
        version = s.execute(sa.select(Referral.version).where(Referral.id == referral_id))
        expected = version.scalar_one()
    outcomes.close_referral(
        db,
        actor,
        referral_id,
        outcome,
        on=db.clock.today(),
        reason=reason,
        expected_version=expected,
    )


def _withdraw(db, actor: Actor, env: Env) -> None:
    _close_as(db, actor, env.referral(), ReferralStatus.WITHDRAWN, "Police withdrew it")


def _decline(db, actor: Actor, env: Env) -> None:
    _close_as(db, actor, env.referral(), ReferralStatus.NOT_ENGAGED, "Declined the service")


def _held_referral(db) -> int:
    n = next(_names)
    surname = f"Quill{n}"
    # Each call its own person (no likely match of an earlier call's, which would hold it).
    born = date(1950, 1, 1) + timedelta(days=31 * (n % 600))  # an adult in 2026
    first = create_referral(
        db,
        cli_actor(),
        _draft(
            first_name=f"Bex{n}",
            last_name=surname,
            date_of_birth=born,
            referral_datetime=datetime(2026, 5, 1, 10),
        ),
    )
    _close_as(db, cli_actor(), first.id, ReferralStatus.NOT_ENGAGED, "Declined the service")
    return create_referral(db, cli_actor(), _draft(last_name=surname), person_id=first.person_id).id


def _override_later(db, actor: Actor, env: Env) -> None:
    """A referral held by the repeat-referral bar, let through afterwards."""
    override_repeat_bar(db, actor, _held_referral(db), "Agreed with the police lead after a review")


def _confirm_later(db, actor: Actor, env: Env) -> None:
    """A referral held by the repeat-referral bar, kept as ineligible by a manager."""
    confirm_repeat_bar(db, actor, _held_referral(db), "The officer confirmed it is the same person")


def _export(db, actor: Actor, env: Env) -> None:
    export_referrals_csv(db, actor, env.tmp / f"export{next(_names)}.csv")


def _export_evaluation(db, actor: Actor, env: Env) -> None:
    key = env.tmp / "evaluation.key"
    key.write_bytes(bytes(range(32)))
    export_evaluation(
        db,
        actor,
        date(2001, 1, 1),
        date(2001, 1, 31),
        key,
        env.tmp / f"evaluation{next(_names)}.csv",
    )


def _add_user(db, actor: Actor, env: Env) -> None:
    add_user(
        db,
        actor,
        username=f"new.starter{next(_names)}",
        display_name="New Starter",
        role=Role.RECEPTIONIST,
        password=STRONG_PASSWORD,
    )


def _settings(db, actor: Actor, env: Env) -> None:
    update_settings(db, actor, {"session_minutes": 40 + next(_names)})


def _draft(**changes) -> ReferralDraft:
    values = dict(
        police_reference=f"WMP-2026-{800000 + next(_names)}",
        referral_datetime=datetime(2026, 11, 2, 10, 15),
        officer_name="PC Testa Vane",
        officer_number="9001",
        first_name="Ione",
        last_name=f"Quill{next(_names)}",
        date_of_birth=date(1990, 3, 4),
        local_authority=LocalAuthority.WALSALL,
        substances=[(Substance.CANNABIS, None)],
        intent_to_supply=False,
    )
    return ReferralDraft(**{**values, **changes})


def _person(env: Env) -> tuple[int, int]:
    person_id = add_person(env.db, last=f"Testperson{next(_names)}")
    return person_id, person_details(env.db, env.admin, person_id).version


def _update(changes: dict) -> Callable:
    def call(db, actor: Actor, env: Env) -> None:
        person_id, version = _person(env)
        update_person(db, actor, person_id, version, changes)

    return call


def _record(db, actor: Actor, env: Env) -> None:
    lists.person_record(db, actor, _person(env)[0])


def _import(db, actor: Actor, env: Env) -> None:
    import_referrals(db, actor, SAMPLE, dry_run=True)


def _staff_user(env: Env) -> int:
    name = f"kim{next(_names)}"
    return add_user(
        env.db,
        env.admin,
        username=name,
        display_name="Kim Example",
        role=Role.CASEWORKER,
        password=STRONG_PASSWORD,
    ).id


def _find_user(db, actor: Actor, env: Env) -> None:
    user_id = _staff_user(env)
    accounts.find_user(
        db, actor, next(u.username for u in list_users(db, env.admin) if u.id == user_id)
    )


def _demo(db, actor: Actor, env: Env) -> None:
    demo.generate(db, actor, people=1, seed=next(_names))


def _export_person(db, actor: Actor, env: Env) -> None:
    export_person(db, actor, _person(env)[0], env.tmp / f"sar{next(_names)}")


def _merge(db, actor: Actor, env: Env) -> None:
    merge_people(db, actor, _person(env)[0], _person(env)[0], reason="Same person, typo")


def _erase(db, actor: Actor, env: Env) -> None:
    erase_person(db, actor, _person(env)[0], "Asked for their record to be erased")


CALLS: dict[str, Callable[[object, Actor, Env], None]] = {
    "book_appointment": _book,
    "move_appointment": _move,
    "assign_caseworker": _assign,
    "cancel_appointment": _cancel,
    "mark_arrived": _mark(booking.mark_arrived),
    "mark_attended": _mark(booking.mark_attended),
    "mark_did_not_attend": _mark(booking.mark_did_not_attend),
    "undo_attendance": _undo,
    "find_slots": _find_slots,
    "appointments_between": _between,
    "get_appointment": _get,
    "update_engagement": _engagement,
    "withdraw_referral": _withdraw,
    "close_not_engaged": _decline,
    "export_referrals_csv": _export,
    "export_evaluation": _export_evaluation,
    "add_user": _add_user,
    "update_settings": _settings,
    "search_people": lambda db, actor, env: lists.search_people(db, actor, "test"),
    "person_record": _record,
    "update_contact_details": _update({"email": "someone@example.org"}),
    "update_person_name": _update({"first_name": "Alexa"}),
    "create_referral": lambda db, actor, env: create_referral(db, actor, _draft()),
    "override_eligibility": lambda db, actor, env: create_referral(
        db, actor, _draft(), override_reason="Engaged well with the youth service since"
    ),
    "override_repeat_bar": _override_later,
    "confirm_repeat_bar": _confirm_later,
    "import_referrals": _import,
    "headline_counts": lambda db, actor, env: lists.headline_counts(
        db, actor, date(2026, 1, 1), date(2026, 12, 31)
    ),
    "list_users": lambda db, actor, env: list_users(db, actor),
    "staff_accounts": lambda db, actor, env: lists.staff_accounts(db, actor),
    "find_user": _find_user,
    "set_role": lambda db, actor, env: accounts.set_role(db, actor, _staff_user(env), Role.MANAGER),
    "set_active": lambda db, actor, env: accounts.set_active(db, actor, _staff_user(env), False),
    "reset_password": lambda db, actor, env: accounts.reset_password(
        db, actor, _staff_user(env), "temporary lantern harbour"
    ),
    "demo_data": _demo,
    "audit_events": lambda db, actor, env: audit_events(db, actor, AuditFilter()),
    "verify_audit_trail": lambda db, actor, env: verify_audit_trail(db, actor),
    "export_audit_csv": lambda db, actor, env: export_audit_csv(
        db, actor, AuditFilter(), env.tmp / f"audit{next(_names)}.csv"
    ),
    "people_due": lambda db, actor, env: people_due(db, actor),
    "apply_retention": lambda db, actor, env: apply_retention(db, actor),
    "export_person": _export_person,
    "merge_people": _merge,
    "erase_person": _erase,
}


def _events_by(db, username: str) -> int:
    with db.unit_of_work(write=False) as s:
        stmt = sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.username == username)
        return s.execute(stmt).scalar_one()


def test_the_table_covers_every_call_and_every_role() -> None:
    assert set(CALLS) == set(EXPECTED) == set(ACTIONS)
    assert set().union(*EXPECTED.values()) == set(Role)


def test_every_action_a_service_enforces_is_in_the_matrix() -> None:
    """Reads the services' source for ``require(Action.X)``/``can(Action.X)``: a new check
    without a row here fails, and so does an action served without leaving NOT_YET_SERVED."""
    root = Path(__file__).resolve().parents[2] / "divert_desktop" / "services"
    source = "\n".join(p.read_text(encoding="utf-8") for p in root.rglob("*.py"))
    enforced = {a for a in Action if re.search(rf"(require|can)\(Action\.{a.name}\)", source)}
    if "require(permission_for(" in source:
        enforced |= {permission_for(t) for t in LetterTemplate}
    assert enforced - set(ACTIONS.values()) - set(CASEWORK_MATRIX) - set(LETTER_MATRIX) == set()
    assert set(Action) - enforced == NOT_YET_SERVED
    for action, roles in (CASEWORK_MATRIX | LETTER_MATRIX).items():
        assert roles == {r for r in Role if can(r, action)}, action
    for name, action in ACTIONS.items():  # the table agrees with core.permissions
        if action is not Action.VIEW_CLINICAL:
            assert EXPECTED[name] == {r for r in Role if can(r, action)}, name


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_is_allowed_or_refused_as_the_table_says(db, role, make_actor, tmp_path) -> None:
    actor = make_actor(db, role)
    env = Env(db, tmp_path)
    wrong: list[str] = []
    for name, call in CALLS.items():
        before = _events_by(db, actor.username)
        try:
            call(db, actor, env)
            allowed = True
        except PermissionDenied as exc:
            allowed = False
            if role.value not in str(exc) and name not in ROLE_NOT_NAMED:
                wrong.append(f"{name}: refusal does not name the role: {exc}")
        after = _events_by(db, actor.username)
        if allowed != (role in EXPECTED[name]):
            wrong.append(f"{name}: {'allowed' if allowed else 'refused'} for {role.value}")
        elif not allowed and after != before:
            wrong.append(f"{name}: refused but wrote to the audit trail")
        elif allowed and name in WRITES and after == before:
            wrong.append(f"{name}: allowed but not audited")
    assert wrong == []


def test_the_command_line_may_make_every_call(db, tmp_path) -> None:
    env = Env(db, tmp_path)
    for call in CALLS.values():
        call(db, cli_actor(), env)  # raises if anything is refused
    with db.unit_of_work(write=False) as s:
        actions = s.execute(sa.select(AuditEvent.action).where(AuditEvent.username.like("os:%")))
        assert {"appointment.book", "export.referrals", "user.add"} <= set(actions.scalars())
