"""The checks every police referral must pass, however it arrives (typed at intake or imported)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from divert_desktop.core.eligibility import age_on
from divert_desktop.core.enums import Substance
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.validation import check_text, text_problem

__all__ = [
    "FIELD_LABELS",
    "FUTURE_SLACK",
    "MAX_LENGTHS",
    "OLDEST_AGE",
    "appointment_pair_problem",
    "clean_text",
    "date_of_birth_problem",
    "referral_time_problem",
    "substances_problem",
]

OLDEST_AGE = 110
"""A date of birth making the person older than this on the referral date is a typing mistake."""

FUTURE_SLACK = timedelta(minutes=5)
"""How far ahead of the clock a referral time may be (two machines' clocks differ a little)."""

FIELD_LABELS = {
    "police_reference": "police reference",
    "referral_datetime": "referral date and time",
    "officer_name": "officer's name",
    "officer_number": "officer's collar number",
    "first_name": "first name",
    "last_name": "last name",
    "known_as": "known-as name",
    "date_of_birth": "date of birth",
    "local_authority": "area (local authority)",
    "substances": "substances",
    "intent_to_supply": "intent to supply answer (yes or no)",
    "appropriate_adult_name": "appropriate adult's name",
    "appropriate_adult_relationship": "appropriate adult's relationship",
    "appropriate_adult_phone": "appropriate adult's phone number",
    "appointment_datetime": "appointment date and time",
    "appointment_venue": "appointment venue",
    "address_line1": "first line of the address",
    "address_line2": "second line of the address",
    "town": "town",
    "address_line_1": "first line of the address",
    "address_line_2": "second line of the address",
    "notes": "notes",
}
MAX_LENGTHS = {
    "police_reference": 40,
    "officer_name": 120,
    "officer_number": 20,
    "first_name": 100,
    "last_name": 100,
    "known_as": 100,
    "appropriate_adult_name": 120,
    "appropriate_adult_relationship": 80,
    "substances": 120,
    "notes": 10_000,
    "address_line_1": 200,
    "address_line_2": 200,
    "town": 100,
}


MULTILINE_FIELDS = frozenset({"notes"})
"""Fields that keep their line breaks (and may hold tabs)."""


def clean_text(
    value: str | None, field: str, *, required: bool = True, limit: int | None = None
) -> str:
    """Trim a text value (all but multi-line fields lose doubled spaces); raise ValidationError
    when it is required and empty, longer than ``limit`` (default: the field's ``MAX_LENGTHS``),
    or holding characters that cannot be stored (``core.validation.text_problem``)."""
    text = str(value or "").strip()
    multiline = field in MULTILINE_FIELDS
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    else:
        text = " ".join(text.split())
    label = FIELD_LABELS.get(field, field.replace("_", " "))
    if not text and required:
        raise ValidationError(f"Enter the {label}", field=field)
    check_text(text, field, f"The {label}", multiline=multiline)
    limit = MAX_LENGTHS.get(field) if limit is None else limit
    if limit is not None and len(text) > limit:
        raise ValidationError(
            f"The {label} is too long: use at most {limit} characters", field=field
        )
    return text


def referral_time_problem(when: datetime, now: datetime) -> str | None:
    """Why a referral date and time cannot be right (after ``now``, with a little slack)."""
    if when > now + FUTURE_SLACK:
        return "The referral date and time must be now or in the past"
    return None


def date_of_birth_problem(born: date, referral_date: date, today: date) -> str | None:
    """Why a date of birth cannot be right: in the future, after the referral date, or making
    the person older than ``OLDEST_AGE`` on the referral date."""
    if born > today:
        return "Date of birth must be in the past"
    if born > referral_date:
        return "Date of birth must be before the referral date"
    if age_on(born, referral_date) > OLDEST_AGE:
        return f"Check the date of birth: the person would be over {OLDEST_AGE}"
    return None


def substances_problem(
    substances: Sequence[tuple[Substance, str | None]], *, describe_other: bool = False
) -> str | None:
    """Why the substances cannot be right: none, or the other substance's description too long.

    ``describe_other``: "other" must be described (a person typing; a police file's bare
    "other" is accepted as it came).
    """
    if not substances:
        return "Enter at least one substance"
    others = [
        (text or "").strip() for substance, text in substances if substance is Substance.OTHER
    ]
    if describe_other and any(not text for text in others):
        return "Describe the other substance, for example poppers"
    for text in others:
        if problem := text_problem(text):
            return f"The other substance's description contains characters that cannot be stored ({problem})"
    limit = MAX_LENGTHS["substances"]
    if any(len(text) > limit for text in others):
        return f"The description of the other substance is too long: use at most {limit} characters"
    return None


def appointment_pair_problem(has_time: bool, has_venue: bool) -> tuple[str, str] | None:
    """(field, message) when only one of the appointment's time and venue is given."""
    if has_time and not has_venue:
        return "appointment_venue", "Choose the venue of the appointment"
    if has_venue and not has_time:
        return "appointment_datetime", "Enter the date and time of the appointment"
    return None
