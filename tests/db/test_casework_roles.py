"""Role × casework service call, written out on purpose: receptionists and administrators are
refused every clinical call (and nothing is audited for them); each allowed write is audited."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import (
    LocalAuthority,
    OnwardStatus,
    ReferralStatus,
    Role,
    ServiceType,
)
from divert_desktop.core.errors import PermissionDenied
from divert_desktop.persistence.models import AuditEvent
from divert_desktop.services.casework import assessments, directory, onward, outcomes, sessions
from divert_desktop.services.context import Actor, cli_actor
from divert_desktop.services.lists import caseload
from tests.clock import CLOCK
from tests.db.casework_helpers import TODAY, add_service, booked_case, complete_answers
from tests.db.test_booking import add_referral

R, C, M, A = Role.RECEPTIONIST, Role.CASEWORKER, Role.MANAGER, Role.ADMINISTRATOR
CASEWORK = {C, M}

EXPECTED: dict[str, set[Role]] = {
    "start_assessment": CASEWORK,
    "save_assessment": CASEWORK,
    "amend_assessment": CASEWORK,
    "open_assessment": CASEWORK,
    "list_assessments": CASEWORK,
    "start_session": CASEWORK,
    "record_session": CASEWORK,
    "list_sessions": CASEWORK,
    "set_session_plan": CASEWORK,
    "propose_onward": CASEWORK,
    "record_consent": CASEWORK,
    "send_onward": CASEWORK,
    "list_onward": CASEWORK,
    "search_services": CASEWORK,
    "save_service": {M},
    "retire_service": {M},
    "close_referral": CASEWORK,
    "record_followup": CASEWORK,
    "record_consent_to_share": CASEWORK,
    "import_followups": CASEWORK,
    "caseload": CASEWORK,
}
AUDITED = set(EXPECTED) - {"start_assessment", "start_session", "search_services", "caseload"}
_n = itertools.count(1)


class Env:
    def __init__(self, db, tmp: Path) -> None:
        self.db, self.tmp, self.cli = db, tmp, cli_actor()

    def case(self):  # type: ignore[no-untyped-def]
        return booked_case(self.db, first="Role", last=f"Tester{next(_n)}")

    def saved(self):  # type: ignore[no-untyped-def]
        case = self.case()
        return assessments.save_assessment(
            self.db,
            self.cli,
            referral_id=case.referral_id,
            form_id="divert_assessment",
            form_version="1",
            answers=complete_answers(),
            today=TODAY,
        )

    def onward(self, consent: bool = False):  # type: ignore[no-untyped-def]
        case = self.case()
        return onward.propose_onward(
            self.db,
            self.cli,
            case.referral_id,
            service_id=add_service(self.db, f"Svc {next(_n)}"),
            reason="Needs advice",
            share_items=["contact_details"] if consent else None,
        )


def _save(db, actor: Actor, env: Env) -> None:
    assessments.save_assessment(
        db,
        actor,
        referral_id=env.case().referral_id,
        form_id="divert_assessment",
        form_version="1",
        answers=complete_answers(),
        today=TODAY,
    )


def _amend(db, actor: Actor, env: Env) -> None:
    old = env.saved()
    assessments.amend_assessment(
        db, actor, old.id, complete_answers(), expected_version=old.version, today=TODAY
    )


def _note(db, actor: Actor, env: Env) -> None:
    sessions.record_session(
        db,
        actor,
        env.case().referral_id,
        appointment_id=None,
        session_date=TODAY,
        length_minutes=45,
        attended=True,
        topics=["the law"],
        today=TODAY,
    )


def _plan(db, actor: Actor, env: Env) -> None:
    plan = sessions.session_plan(db, env.cli, env.case().referral_id)
    sessions.set_session_plan(
        db, actor, plan.referral.referral_id, 2, expected_version=plan.referral.version
    )


def _consent(db, actor: Actor, env: Env) -> None:
    made = env.onward()
    onward.record_consent(
        db, actor, made.id, share_items=["housing"], expected_version=made.version
    )


def _send(db, actor: Actor, env: Env) -> None:
    made = env.onward(consent=True)
    onward.change_onward_status(
        db, actor, made.id, OnwardStatus.SENT, expected_version=made.version
    )


def _service(db, actor: Actor, env: Env) -> None:
    directory.save_service(
        db,
        actor,
        directory.ServiceDraft(
            f"Example {next(_n)} (invented)",
            ServiceType.GP_HEALTH,
            (LocalAuthority.WALSALL,),
            phone="01922 496000",
        ),
    )


def _retire(db, actor: Actor, env: Env) -> None:
    found = directory.get_service(db, env.cli, add_service(db, f"Retiring {next(_n)}"))
    directory.set_service_active(db, actor, found.id, False, expected_version=found.version)


def _close(db, actor: Actor, env: Env) -> None:
    rid = add_referral(db)
    view = outcomes.get_outcome(db, env.cli, rid)
    outcomes.close_referral(
        db,
        actor,
        rid,
        ReferralStatus.NOT_ENGAGED,
        on=CLOCK.today(),
        reason="Declined",
        expected_version=view.outcome.version,
    )


def _followup(db, actor: Actor, env: Env) -> None:
    rid = add_referral(db, when=datetime(2026, 3, 2, 10), status=ReferralStatus.COMPLETED)
    outcomes.record_followup(
        db,
        actor,
        rid,
        rearrested="no",
        learned_on=date(2026, 10, 1),
        source="WMP check",
        today=TODAY,
    )


def _import(db, actor: Actor, env: Env) -> None:
    ref = f"WMP-ROLE-{next(_n)}"
    add_referral(db, reference=ref, when=datetime(2026, 3, 2, 10), status=ReferralStatus.COMPLETED)
    path = env.tmp / f"f{next(_n)}.csv"
    path.write_text(
        f"police_reference,rearrested,learned_on\n{ref},no,2026-10-01\n", encoding="utf-8"
    )
    outcomes.import_followups(db, actor, path, today=TODAY)


CALLS: dict[str, Callable[[object, Actor, Env], None]] = {
    "start_assessment": lambda db, a, e: assessments.start_assessment(db, a, e.case().referral_id),
    "save_assessment": _save,
    "amend_assessment": _amend,
    "open_assessment": lambda db, a, e: assessments.open_assessment(db, a, e.saved().id),
    "list_assessments": lambda db, a, e: assessments.list_assessments(
        db, a, person_id=e.case().person_id
    ),
    "start_session": lambda db, a, e: sessions.start_session(db, a, e.case().referral_id),
    "record_session": _note,
    "list_sessions": lambda db, a, e: sessions.list_sessions(db, a, person_id=e.case().person_id),
    "set_session_plan": _plan,
    "propose_onward": lambda db, a, e: onward.propose_onward(
        db, a, e.case().referral_id, service_id=add_service(db, f"P {next(_n)}"), reason="x"
    ),
    "record_consent": _consent,
    "send_onward": _send,
    "list_onward": lambda db, a, e: onward.list_onward(db, a, person_id=e.case().person_id),
    "search_services": lambda db, a, e: directory.search_services(db, a, text="example"),
    "save_service": _service,
    "retire_service": _retire,
    "close_referral": _close,
    "record_followup": _followup,
    "record_consent_to_share": lambda db, actor, env: outcomes.record_consent_to_share(
        db, actor, add_referral(db), True
    ),
    "import_followups": _import,
    "caseload": lambda db, a, e: caseload(db, a, today=TODAY),
}


def _events_by(db, username: str) -> int:
    with db.unit_of_work(write=False) as s:
        stmt = sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.username == username)
        return s.execute(stmt).scalar_one()


def test_the_table_covers_every_call() -> None:
    assert set(CALLS) == set(EXPECTED)


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
        elif allowed and name in AUDITED and after == before:
            wrong.append(f"{name}: allowed but not audited")
    assert wrong == []
