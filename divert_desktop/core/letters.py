"""Letters as rules: which letter applies to what, who receives it, and what may be shared."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from divert_desktop.core.eligibility import is_young_person
from divert_desktop.core.enums import (
    AppointmentStatus,
    LetterTemplate,
    OnwardStatus,
    ReferralStatus,
)
from divert_desktop.core.errors import DivertError
from divert_desktop.core.permissions import Action

__all__ = [
    "APPOINTMENT_TEMPLATES",
    "BATCH_TEMPLATES",
    "RECIPIENT_ADULT",
    "RECIPIENT_PERSON",
    "RECIPIENT_POLICE",
    "RECIPIENT_SERVICE",
    "SHARE_ITEMS",
    "LetterNotApplicable",
    "check_appointment_letter",
    "check_onward_letter",
    "check_referral_letter",
    "check_written_to",
    "label",
    "outcome_text",
    "permission_for",
    "recipients_for",
    "shared_items",
]

_T = LetterTemplate

LABELS: dict[LetterTemplate, str] = {
    _T.APPOINTMENT_CONFIRMATION: "Appointment confirmation",
    _T.APPOINTMENT_REMINDER: "Appointment reminder",
    _T.MISSED_APPOINTMENT: "Missed appointment",
    _T.COMPLETION: "Completion",
    _T.NOT_ENGAGED: "Not engaged",
    _T.POLICE_OUTCOME: "Outcome to police",
    _T.ONWARD_REFERRAL: "Onward referral",
}

APPOINTMENT_TEMPLATES = frozenset(
    {_T.APPOINTMENT_CONFIRMATION, _T.APPOINTMENT_REMINDER, _T.MISSED_APPOINTMENT}
)
"""Letters about one appointment (Action.PRINT_APPOINTMENT_LETTER); the rest are outcome letters."""

BATCH_TEMPLATES = (
    _T.APPOINTMENT_REMINDER,
    _T.MISSED_APPOINTMENT,
    _T.POLICE_OUTCOME,
    _T.APPOINTMENT_CONFIRMATION,
    _T.COMPLETION,
    _T.NOT_ENGAGED,
)
"""Templates that can be made in a batch (an onward referral letter is always made one at a time)."""

RECIPIENT_PERSON = "person"
RECIPIENT_ADULT = "appropriate_adult"
RECIPIENT_POLICE = "police"
RECIPIENT_SERVICE = "service"

SHARE_ITEMS: dict[str, str] = {
    "contact_details": "Contact details (address, phone and email)",
    "date_of_birth": "Date of birth",
    "substances": "Substances found when they were referred to us",
    "referral_reason": "Why we are referring them to you",
    "assessment_summary": "When they were assessed, and the assessment's scores",
}
"""What a person may agree to share with a service they are referred on to (the keys stored in
``onward_referrals.share_items``). The person's name is always given: the referral is about them.
Any other key is treated as not shared."""

OUTCOMES: dict[ReferralStatus, str] = {
    ReferralStatus.ENGAGED: "Engaged: attended the DIVERT assessment",
    ReferralStatus.COMPLETED: "Completed DIVERT",
    ReferralStatus.NOT_ENGAGED: "Did not engage with DIVERT",
}
"""What the police are told, per referral status (nothing clinical)."""

ONWARD_LETTER_STATUSES = frozenset({OnwardStatus.CONSENT_GIVEN, OnwardStatus.SENT})


class LetterNotApplicable(DivertError):
    """The letter asked for does not fit the record (no appointment to confirm, outcome not
    decided, a person who must not be written to …). The message says why, for a receptionist."""


def label(template: LetterTemplate | str) -> str:
    """ "Appointment reminder" for ``appointment_reminder``."""
    return LABELS[LetterTemplate(template)]


def parse_template(text: str) -> LetterTemplate:
    """The template named ``text`` (its key, like ``police_outcome``). Raises LetterNotApplicable
    listing the keys when it is not one of them."""
    try:
        return LetterTemplate(str(text).strip().lower().replace("-", "_"))
    except ValueError:
        keys = ", ".join(t.value for t in LetterTemplate)
        raise LetterNotApplicable(
            f"There is no letter called '{text}'. The letters are: {keys}.", field="template"
        ) from None


def permission_for(template: LetterTemplate) -> Action:
    """The action a user needs to produce (or reprint) this letter."""
    if template in APPOINTMENT_TEMPLATES:
        return Action.PRINT_APPOINTMENT_LETTER
    return Action.PRINT_OUTCOME_LETTER


def recipients_for(template: LetterTemplate, young_person: bool) -> tuple[str, ...]:
    """Who gets the letter: the police, the service, or the person (and, for a young person, the
    appropriate adult as well, as a copy)."""
    if template == _T.POLICE_OUTCOME:
        return (RECIPIENT_POLICE,)
    if template == _T.ONWARD_REFERRAL:
        return (RECIPIENT_SERVICE,)
    return (RECIPIENT_PERSON, RECIPIENT_ADULT) if young_person else (RECIPIENT_PERSON,)


def outcome_text(status: ReferralStatus) -> str:
    return OUTCOMES[ReferralStatus(status)]


def shared_items(keys: Iterable[object] | None) -> tuple[str, ...]:
    """The known share keys among ``keys``, in the order of SHARE_ITEMS; unknown keys dropped."""
    chosen = {str(k) for k in (keys or ()) if isinstance(k, str)}
    return tuple(k for k in SHARE_ITEMS if k in chosen)


# --------------------------------------------------------------------------- what applies


@dataclass(frozen=True)
class AppointmentFacts:
    """What the rules need to know of an appointment."""

    status: AppointmentStatus
    start_at: datetime


def check_appointment_letter(
    template: LetterTemplate, appointment: AppointmentFacts | None, now: datetime
) -> None:
    """Raise LetterNotApplicable unless ``appointment`` is one this letter can be about:
    a booked appointment still to come (confirmation, reminder) or a did-not-attend (missed)."""
    template = LetterTemplate(template)
    if template not in APPOINTMENT_TEMPLATES:
        return
    if template == _T.MISSED_APPOINTMENT:
        if appointment is None:
            raise LetterNotApplicable(
                "There is no missed appointment to write about: no appointment is marked as did "
                "not attend."
            )
        if appointment.status != AppointmentStatus.DID_NOT_ATTEND:
            raise LetterNotApplicable(
                f"This appointment is {appointment.status.label.lower()}, not did not attend, so "
                "a missed-appointment letter does not apply."
            )
        return
    what = "confirm" if template == _T.APPOINTMENT_CONFIRMATION else "remind them about"
    if appointment is None:
        raise LetterNotApplicable(f"There is no booked appointment to {what}.")
    if appointment.status != AppointmentStatus.BOOKED:
        raise LetterNotApplicable(
            f"This appointment is {appointment.status.label.lower()}, so there is nothing to {what}."
        )
    if appointment.start_at < now:
        raise LetterNotApplicable(
            f"This appointment has already started or passed, so there is nothing to {what}."
        )


def check_referral_letter(
    template: LetterTemplate, status: ReferralStatus, consent_to_share: bool | None = None
) -> None:
    """Raise LetterNotApplicable unless the referral's outcome fits the letter: completion needs a
    completed referral, not engaged a not-engaged one, and the police letter an outcome the police
    are told about (engaged, completed or not engaged) that the referral records the person's
    consent to share with the police (yes: not "no", and not unrecorded)."""
    template, status = LetterTemplate(template), ReferralStatus(status)
    if template == _T.COMPLETION and status != ReferralStatus.COMPLETED:
        raise LetterNotApplicable(
            f"The referral is {status.label.lower()}, not completed, so a completion letter does "
            "not apply."
        )
    if template == _T.NOT_ENGAGED and status != ReferralStatus.NOT_ENGAGED:
        raise LetterNotApplicable(
            f"The referral is {status.label.lower()}, not closed as not engaged, so this letter "
            "does not apply."
        )
    if template == _T.POLICE_OUTCOME:
        if status not in OUTCOMES:
            raise LetterNotApplicable(
                f"The referral is {status.label.lower()}: there is no outcome to tell the police "
                "yet (they are told once the person engages, completes or does not engage)."
            )
        if consent_to_share is False:
            raise LetterNotApplicable(
                "The person did not agree to the outcome being shared with the police, so no "
                "outcome letter can be sent."
            )
        if consent_to_share is not True:
            raise LetterNotApplicable(
                "The referral does not record whether the person agreed to the outcome being "
                "shared with the police, so no outcome letter can be sent. Ask them, then record "
                "their answer in Outcome and follow-up."
            )


def check_onward_letter(status: OnwardStatus | None) -> None:
    """Raise LetterNotApplicable unless the onward referral has the person's consent (consent
    given, or already sent)."""
    if status is None:
        raise LetterNotApplicable("There is no onward referral to write to a service about.")
    status = OnwardStatus(status)
    if status == OnwardStatus.PROPOSED:
        raise LetterNotApplicable(
            "The person has not yet agreed to this onward referral. Record their consent first."
        )
    if status not in ONWARD_LETTER_STATUSES:
        raise LetterNotApplicable(
            f"This onward referral is already {status.value.replace('_', ' ')}, so a referral "
            "letter does not apply."
        )


def check_written_to(letters_allowed: bool, has_address: bool, name: str = "This person") -> None:
    """Raise LetterNotApplicable when letters must not go to the person's address (they asked
    not to be written to) or no address is recorded. Applies to the person's letters and to the
    appropriate adult's copy, which goes to the same address."""
    if not letters_allowed:
        raise LetterNotApplicable(
            f"{name} must not be written to at their address (their record says: do not send "
            "letters). Contact them another way."
        )
    if not has_address:
        raise LetterNotApplicable(
            f"{name} has no full address recorded (a first line and a postcode). Add it to "
            "their record first."
        )


def is_young_on(date_of_birth: date, day: date, young_at_referral: bool) -> bool:
    """A young person's letters also go to the appropriate adult, while they are still under 18."""
    return young_at_referral and is_young_person(date_of_birth, day)
