"""Role × service call: every role is allowed or refused exactly as this explicit table says.

The table is written out here on purpose (not read from core.permissions.PERMISSIONS), so a
change to the permissions that opens or closes a door fails this test until the table agrees.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import Role
from divert_desktop.core.errors import PermissionDenied
from divert_desktop.persistence.models import AuditEvent
from divert_desktop.services import booking
from divert_desktop.services.context import Actor, cli_actor
from divert_desktop.services.engagement import (
    close_not_engaged,
    update_engagement,
    withdraw_referral,
)
from divert_desktop.services.export import export_referrals_csv
from divert_desktop.services.settings import update_settings
from divert_desktop.services.users import add_user
from tests.conftest import STRONG_PASSWORD
from tests.db.test_booking import MONDAY, TUESDAY, add_referral, add_staff, at, venue

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
    "add_user": {A},
    "update_settings": {M, A},
}
"""Which roles may make each service call."""

WRITES = set(EXPECTED) - {"find_slots", "appointments_between", "get_appointment"}
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
        fn(db, actor, appt.id, appt.version)

    return call


def _undo(db, actor: Actor, env: Env) -> None:
    seen = env.appointment()
    seen = booking.mark_attended(db, env.admin, seen.id, seen.version)
    booking.undo_attendance(db, actor, seen.id, seen.version)


def _find_slots(db, actor: Actor, env: Env) -> None:
    booking.find_slots(db, actor, from_date=MONDAY)


def _between(db, actor: Actor, env: Env) -> None:
    booking.appointments_between(db, actor, at(MONDAY, 0), at(TUESDAY, 0))


def _get(db, actor: Actor, env: Env) -> None:
    booking.get_appointment(db, actor, env.appointment().id)


def _engagement(db, actor: Actor, env: Env) -> None:
    update_engagement(db, actor, today=date(2027, 6, 1))


def _withdraw(db, actor: Actor, env: Env) -> None:
    withdraw_referral(db, actor, env.referral(), "Police withdrew it")


def _decline(db, actor: Actor, env: Env) -> None:
    close_not_engaged(db, actor, env.referral(), "Declined the service")


def _export(db, actor: Actor, env: Env) -> None:
    export_referrals_csv(db, actor, env.tmp / f"export{next(_names)}.csv")


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
    "add_user": _add_user,
    "update_settings": _settings,
}


def _events_by(db, username: str) -> int:
    with db.unit_of_work(write=False) as s:
        stmt = sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.username == username)
        return s.execute(stmt).scalar_one()


def test_the_table_covers_every_call_and_every_role() -> None:
    assert set(CALLS) == set(EXPECTED)
    assert set().union(*EXPECTED.values()) == set(Role)


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
            if role.value not in str(exc):
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
