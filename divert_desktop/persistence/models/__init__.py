"""Every table of DIVERT Desktop, importable from one place."""

from __future__ import annotations

from divert_desktop.persistence.models.admin import (
    AuditChain,
    AuditCheckpoint,
    AuditEvent,
    AuditKey,
    Closure,
    InstallationSecret,
    Letter,
    LetterTemplateVersion,
    ServerRole,
    Setting,
    SignInAttempts,
    StaffUser,
    WorkingHours,
)
from divert_desktop.persistence.models.base import Base, clock_of, utc_default, utcnow
from divert_desktop.persistence.models.casework import (
    Assessment,
    EducationalSession,
    OnwardReferral,
    Service,
)
from divert_desktop.persistence.models.diary import Appointment, Venue
from divert_desktop.persistence.models.gdpr import PersonMerge
from divert_desktop.persistence.models.people import Person, PersonNamePart, PossibleDuplicate
from divert_desktop.persistence.models.referrals import (
    Referral,
    ReferralStatusChange,
    ReferralSubstance,
)

__all__ = [
    "Appointment",
    "Assessment",
    "AuditChain",
    "AuditCheckpoint",
    "AuditEvent",
    "AuditKey",
    "Base",
    "Closure",
    "EducationalSession",
    "InstallationSecret",
    "Letter",
    "LetterTemplateVersion",
    "OnwardReferral",
    "Person",
    "PersonMerge",
    "PersonNamePart",
    "PossibleDuplicate",
    "Referral",
    "ReferralStatusChange",
    "ReferralSubstance",
    "ServerRole",
    "Service",
    "Setting",
    "SignInAttempts",
    "StaffUser",
    "Venue",
    "WorkingHours",
    "clock_of",
    "utc_default",
    "utcnow",
]
