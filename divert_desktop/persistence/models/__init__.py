"""Every table of DIVERT Desktop, importable from one place."""

from __future__ import annotations

from .admin import (
    AuditEvent,
    Closure,
    InstallationSecret,
    Letter,
    LetterTemplateVersion,
    Setting,
    SignInAttempts,
    StaffUser,
    WorkingHours,
)
from .base import Base, utcnow
from .casework import Assessment, EducationalSession, OnwardReferral, Service
from .diary import Appointment, Venue
from .gdpr import PersonMerge
from .people import Person, PersonNamePart, PossibleDuplicate
from .referrals import Referral, ReferralStatusChange, ReferralSubstance

__all__ = [
    "Appointment",
    "Assessment",
    "AuditEvent",
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
    "Service",
    "Setting",
    "SignInAttempts",
    "StaffUser",
    "Venue",
    "WorkingHours",
    "utcnow",
]
