"""Every table of DIVERT Desktop, importable from one place."""

from __future__ import annotations

from .admin import (
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
from .base import Base, clock_of, utc_default, utcnow
from .casework import Assessment, EducationalSession, OnwardReferral, Service
from .diary import Appointment, Venue
from .gdpr import PersonMerge
from .people import Person, PersonNamePart, PossibleDuplicate
from .referrals import Referral, ReferralStatusChange, ReferralSubstance

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
