"""Who may do what: the actions of the app and the least-access table of roles."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from divert_desktop.core.enums import Role
from divert_desktop.core.errors import PermissionDenied

__all__ = ["PERMISSIONS", "Action", "allowed_actions", "can", "require"]


class Action(StrEnum):
    """Something a user can do that the role table controls."""

    VIEW_PERSON = "view_person"
    VIEW_CLINICAL = "view_clinical"
    EDIT_CONTACT_DETAILS = "edit_contact_details"
    EDIT_PERSON = "edit_person"
    CREATE_REFERRAL = "create_referral"
    IMPORT_REFERRALS = "import_referrals"
    BOOK_APPOINTMENT = "book_appointment"
    MOVE_APPOINTMENT = "move_appointment"
    CANCEL_APPOINTMENT = "cancel_appointment"
    MARK_ATTENDANCE = "mark_attendance"
    PRINT_APPOINTMENT_LETTER = "print_appointment_letter"
    RECORD_ASSESSMENT = "record_assessment"
    RECORD_SESSION = "record_session"
    MANAGE_ONWARD_REFERRAL = "manage_onward_referral"
    RECORD_OUTCOME = "record_outcome"
    PRINT_OUTCOME_LETTER = "print_outcome_letter"
    WITHDRAW_REFERRAL = "withdraw_referral"
    RUN_ENGAGEMENT_UPDATE = "run_engagement_update"
    OVERRIDE_ELIGIBILITY = "override_eligibility"
    CONFIRM_INELIGIBLE = "confirm_ineligible"
    VIEW_REPORTS = "view_reports"
    VIEW_AUDIT = "view_audit"
    MANAGE_SERVICE_DIRECTORY = "manage_service_directory"
    MERGE_PEOPLE = "merge_people"
    EXPORT_PERSON = "export_person"
    EXPORT_DATA = "export_data"
    EXPORT_EVALUATION = "export_evaluation"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    MANAGE_DATABASE = "manage_database"
    APPLY_RETENTION = "apply_retention"
    ERASE_PERSON = "erase_person"
    EDIT_LETTER_TEMPLATES = "edit_letter_templates"

    @property
    def description(self) -> str:
        """What the action lets a user do, to follow "does not allow you to …"."""
        return _DESCRIPTIONS[self]


_DESCRIPTIONS: dict[Action, str] = {
    Action.VIEW_PERSON: "see people's names and contact details",
    Action.VIEW_CLINICAL: "see assessments and session notes",
    Action.EDIT_CONTACT_DETAILS: "change contact details",
    Action.EDIT_PERSON: "change a person's record",
    Action.CREATE_REFERRAL: "add referrals",
    Action.IMPORT_REFERRALS: "import police referral files",
    Action.BOOK_APPOINTMENT: "book appointments",
    Action.MOVE_APPOINTMENT: "move appointments",
    Action.CANCEL_APPOINTMENT: "cancel appointments",
    Action.MARK_ATTENDANCE: "mark arrivals, attendance or did-not-attend",
    Action.PRINT_APPOINTMENT_LETTER: "print appointment letters",
    Action.RECORD_ASSESSMENT: "record assessments",
    Action.RECORD_SESSION: "record educational sessions",
    Action.MANAGE_ONWARD_REFERRAL: "make or update onward referrals",
    Action.RECORD_OUTCOME: "record outcomes",
    Action.PRINT_OUTCOME_LETTER: "print outcome letters",
    Action.WITHDRAW_REFERRAL: "withdraw referrals",
    Action.RUN_ENGAGEMENT_UPDATE: "run the engagement update",
    Action.OVERRIDE_ELIGIBILITY: "override eligibility rules",
    Action.CONFIRM_INELIGIBLE: "keep a referral held for a manager as ineligible",
    Action.VIEW_REPORTS: "see summaries and reports",
    Action.VIEW_AUDIT: "see the audit trail",
    Action.MANAGE_SERVICE_DIRECTORY: "change the service directory",
    Action.MERGE_PEOPLE: "merge or unmerge people's records",
    Action.EXPORT_PERSON: "export everything held about a person",
    Action.EXPORT_DATA: "export data",
    Action.EXPORT_EVALUATION: "make the pseudonymised evaluation extract",
    Action.MANAGE_USERS: "manage user accounts and roles",
    Action.MANAGE_SETTINGS: "change the app's settings",
    Action.MANAGE_DATABASE: "manage the database connection and backups",
    Action.APPLY_RETENTION: "apply the retention rules",
    Action.ERASE_PERSON: "erase a person's record on their request",
    Action.EDIT_LETTER_TEMPLATES: "change the wording of letters",
}

_A = Action
_RECEPTIONIST = frozenset(
    {
        _A.VIEW_PERSON,
        _A.EDIT_CONTACT_DETAILS,
        _A.CREATE_REFERRAL,
        _A.IMPORT_REFERRALS,
        _A.BOOK_APPOINTMENT,
        _A.MOVE_APPOINTMENT,
        _A.CANCEL_APPOINTMENT,
        _A.MARK_ATTENDANCE,
        _A.PRINT_APPOINTMENT_LETTER,
        _A.RUN_ENGAGEMENT_UPDATE,
    }
)
_CASEWORKER = _RECEPTIONIST | {
    _A.VIEW_CLINICAL,
    _A.EDIT_PERSON,
    _A.RECORD_ASSESSMENT,
    _A.RECORD_SESSION,
    _A.MANAGE_ONWARD_REFERRAL,
    _A.RECORD_OUTCOME,
    _A.PRINT_OUTCOME_LETTER,
    _A.WITHDRAW_REFERRAL,
}
_MANAGER = _CASEWORKER | {
    _A.OVERRIDE_ELIGIBILITY,
    _A.CONFIRM_INELIGIBLE,
    _A.VIEW_REPORTS,
    _A.VIEW_AUDIT,
    _A.MANAGE_SERVICE_DIRECTORY,
    _A.MERGE_PEOPLE,
    _A.EXPORT_PERSON,
    _A.EXPORT_DATA,
    _A.EXPORT_EVALUATION,
    _A.APPLY_RETENTION,
    _A.MANAGE_SETTINGS,
    _A.ERASE_PERSON,
    _A.EDIT_LETTER_TEMPLATES,
}
# Least access: accounts, settings, the database and retention, but no clinical data or diary.
_ADMINISTRATOR = frozenset(
    {
        _A.MANAGE_USERS,
        _A.MANAGE_SETTINGS,
        _A.MANAGE_DATABASE,
        _A.VIEW_AUDIT,
        _A.APPLY_RETENTION,
        _A.VIEW_PERSON,
    }
)

PERMISSIONS: Mapping[Role, frozenset[Action]] = MappingProxyType(
    {
        Role.RECEPTIONIST: _RECEPTIONIST,
        Role.CASEWORKER: frozenset(_CASEWORKER),
        Role.MANAGER: frozenset(_MANAGER),
        Role.ADMINISTRATOR: _ADMINISTRATOR,
    }
)
"""The actions each role may take. VIEW_PERSON alone means contact details, not clinical notes."""


def allowed_actions(role: Role) -> frozenset[Action]:
    """Return every action the role may take (empty for an unknown role)."""
    return PERMISSIONS.get(role, frozenset())


def can(role: Role, action: Action) -> bool:
    """Return True when the role may take the action."""
    return action in allowed_actions(role)


def require(role: Role, action: Action) -> None:
    """Raise PermissionDenied, with a message naming the role, unless the role may take the action."""
    if not can(role, action):
        what = _DESCRIPTIONS.get(action, "do this")
        raise PermissionDenied(f"Your role ({role}) does not allow you to {what}.")
