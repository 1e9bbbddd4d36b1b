"""The role x action matrix, written out in full, and the permission-denied messages."""

from __future__ import annotations

import itertools

import pytest

from divert_desktop.core.enums import Role
from divert_desktop.core.errors import PermissionDenied
from divert_desktop.core.permissions import PERMISSIONS, Action, allowed_actions, can, require

# One row per action: receptionist, caseworker, manager, administrator ("x" = allowed).
# Written out by hand from DOMAIN.md's roles table, not derived from the code under test.
MATRIX_TEXT = """
view_person                 x x x x
view_clinical               . x x .
edit_contact_details        x x x .
edit_person                 . x x .
create_referral             x x x .
import_referrals            x x x .
book_appointment            x x x .
move_appointment            x x x .
cancel_appointment          x x x .
mark_attendance             x x x .
print_appointment_letter    x x x .
record_assessment           . x x .
record_session              . x x .
manage_onward_referral      . x x .
record_outcome              . x x .
print_outcome_letter        . x x .
withdraw_referral           . x x .
run_engagement_update       x x x .
override_eligibility        . . x .
confirm_ineligible          . . x .
view_reports                . . x .
view_audit                  . . x x
manage_service_directory    . . x .
merge_people                . . x .
export_person               . . x .
export_data                 . . x .
export_evaluation           . . x .
manage_users                . . . x
manage_settings             . . x x
manage_database             . . . x
apply_retention             . . x x
erase_person                . . x .
edit_letter_templates       . . x .
"""
ROLE_ORDER = [Role.RECEPTIONIST, Role.CASEWORKER, Role.MANAGER, Role.ADMINISTRATOR]


def _expected() -> dict[tuple[Role, str], bool]:
    table: dict[tuple[Role, str], bool] = {}
    for line in MATRIX_TEXT.strip().splitlines():
        action, *marks = line.split()
        assert len(marks) == len(ROLE_ORDER), line
        for role, mark in zip(ROLE_ORDER, marks, strict=True):
            table[(role, action)] = mark == "x"
    return table


EXPECTED = _expected()


def test_matrix_covers_every_action_exactly_once() -> None:
    actions_in_table = {action for _, action in EXPECTED}
    assert actions_in_table == {a.value for a in Action}
    assert len(EXPECTED) == len(Role) * len(Action)


@pytest.mark.parametrize(
    ("role", "action"),
    list(itertools.product(ROLE_ORDER, list(Action))),
    ids=lambda v: str(v),
)
def test_role_action_matrix(role: Role, action: Action) -> None:
    allowed = EXPECTED[(role, action.value)]
    assert can(role, action) is allowed
    if allowed:
        require(role, action)  # does not raise
    else:
        with pytest.raises(PermissionDenied) as err:
            require(role, action)
        assert err.value.message == (
            f"Your role ({role.value}) does not allow you to {action.description}."
        )


def test_every_role_has_an_entry() -> None:
    assert set(PERMISSIONS) == set(Role)
    for role in Role:
        assert allowed_actions(role) == PERMISSIONS[role]


def test_roles_build_on_each_other() -> None:
    assert PERMISSIONS[Role.RECEPTIONIST] < PERMISSIONS[Role.CASEWORKER]
    assert PERMISSIONS[Role.CASEWORKER] < PERMISSIONS[Role.MANAGER]


def test_administrator_has_least_access_to_people() -> None:
    admin = PERMISSIONS[Role.ADMINISTRATOR]
    assert Action.VIEW_CLINICAL not in admin
    assert Action.BOOK_APPOINTMENT not in admin
    assert Action.EDIT_CONTACT_DETAILS not in admin


def test_receptionist_message_about_clinical_notes() -> None:
    with pytest.raises(PermissionDenied) as err:
        require(Role.RECEPTIONIST, Action.VIEW_CLINICAL)
    assert str(err.value) == (
        "Your role (receptionist) does not allow you to see assessments and session notes."
    )


def test_action_values_are_snake_case_and_described() -> None:
    for action in Action:
        assert action.value == action.name.lower()
        assert action.description and action.description[0].islower()
        assert not action.description.endswith(".")


def test_roles_given_as_strings_work() -> None:
    assert can("manager", Action.MERGE_PEOPLE)  # type: ignore[arg-type]
    assert not can("nobody", Action.VIEW_PERSON)  # type: ignore[arg-type]
