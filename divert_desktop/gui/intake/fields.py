"""Reading the intake form and checking each field with the core rules (no database, no Qt)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from divert_desktop.core.calendar import (
    BookingProblemKind,
    booking_problems,
    closed_reason,
    open_days,
)
from divert_desktop.core.eligibility import AppropriateAdult, is_young_person
from divert_desktop.core.enums import Gender, LocalAuthority, Substance
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.referral_rules import (
    FUTURE_SLACK,
    MAX_LENGTHS,
    appointment_pair_problem,
    clean_text,
    date_of_birth_problem,
    referral_time_problem,
    substances_problem,
)
from divert_desktop.core.validation import (
    normalise_postcode,
    normalise_uk_phone,
    parse_date,
    parse_datetime,
    validate_email,
)
from divert_desktop.services.intake.person import ADDRESS_LENGTHS, TypedAddress
from divert_desktop.services.intake.referrals import ReferralDraft

# Fields in the order they appear on screen (and in the error summary).
FIELD_ORDER = (
    "police_reference",
    "referral_datetime",
    "officer_name",
    "officer_number",
    "local_authority",
    "substances",
    "appropriate_adult_name",
    "appropriate_adult_relationship",
    "appropriate_adult_phone",
    "first_name",
    "last_name",
    "known_as",
    "date_of_birth",
    "address_line1",
    "address_line2",
    "town",
    "postcode",
    "phone",
    "email",
    "override_reason",
    "person_choice",
    "appointment_datetime",
    "appointment_venue",
    "notes",
)
REQUIRED_TEXT = ("police_reference", "officer_name", "officer_number", "first_name", "last_name")
ADULT_REQUIRED = {
    "appropriate_adult_name": "Enter the appropriate adult's name",
    "appropriate_adult_relationship": "Enter the appropriate adult's relationship to the young person",
}


@dataclass
class FormValues:
    """What is typed in the form, as plain values (text as typed, choices as enums)."""

    text: dict[str, str] = field(default_factory=dict)
    local_authority: LocalAuthority | None = None
    gender: Gender | None = None
    substances: list[Substance] = field(default_factory=list)
    other_substance: str = ""
    intent_to_supply: bool = False
    consent_to_share: bool | None = None
    no_adult: bool = False
    venue: str | None = None
    notes: str = ""

    def get(self, name: str) -> str:
        return " ".join(self.text.get(name, "").split())


def _message(func: Callable[[], Any]) -> str | None:
    try:
        func()
    except ValidationError as exc:
        return exc.message
    return None


def referral_moment(values: FormValues) -> datetime | None:
    try:
        return parse_datetime(values.get("referral_datetime"), "referral_datetime")
    except ValidationError:
        return None


def date_of_birth(values: FormValues) -> date | None:
    try:
        return parse_date(values.get("date_of_birth"), "date_of_birth")
    except ValidationError:
        return None


def valid_date_of_birth(values: FormValues, now: datetime) -> date | None:
    """The date of birth when it is valid against the referral date (else None)."""
    born = date_of_birth(values)
    return born if born is not None and check_field("date_of_birth", values, now) is None else None


def is_young(values: FormValues, now: datetime) -> bool:
    """True when the date of birth makes the person under 18 on the referral date (or today)."""
    born = valid_date_of_birth(values, now)
    when = referral_moment(values)
    on = when.date() if when is not None else now.date()
    return born is not None and is_young_person(born, on)


def appropriate_adult(values: FormValues) -> AppropriateAdult | None:
    if values.no_adult:
        return None
    name, relationship = (
        values.get("appropriate_adult_name"),
        values.get("appropriate_adult_relationship"),
    )
    phone = values.get("appropriate_adult_phone")
    if not (name or relationship or phone):
        return None
    try:
        phone = normalise_uk_phone(phone) if phone else ""
    except ValidationError:
        pass
    return AppropriateAdult(name, relationship, phone or None)


def _check_referral_datetime(values: FormValues, now: datetime) -> str | None:
    text = values.get("referral_datetime")
    if not text:
        return "Enter the referral date and time"
    when = referral_moment(values)
    if when is None:
        return _message(lambda: parse_datetime(text, "referral_datetime"))
    return referral_time_problem(when, now)


def _check_date_of_birth(values: FormValues, now: datetime) -> str | None:
    text = values.get("date_of_birth")
    if not text:
        return "Enter a date of birth"
    born = date_of_birth(values)
    if born is None:
        return _message(lambda: parse_date(text, "date_of_birth"))
    when = referral_moment(values)
    return date_of_birth_problem(born, when.date() if when is not None else now.date(), now.date())


def _check_appointment(values: FormValues, now: datetime) -> str | None:
    text = values.get("appointment_datetime")
    if not text:
        pair = appointment_pair_problem(False, bool(values.venue))
        return pair[1] if pair else None
    try:
        start = parse_datetime(text, "appointment_datetime")
    except ValidationError as exc:
        return exc.message
    closed = closed_day(values)
    problems = booking_problems(
        start=start,
        end=start,
        now=now,
        referral_at=referral_moment(values),
        closed=closed[1] if closed else None,
        next_open=closed[2].date() if closed and closed[2] else None,
    )
    if not problems:
        return None
    first = problems[0]
    return first.message + "." if first.kind is BookingProblemKind.CLOSED else first.message


def closed_day(values: FormValues) -> tuple[datetime, str, datetime | None] | None:
    """When the typed appointment falls on a day the service is closed (weekend or bank
    holiday): (the appointment, why, the same time on the next open day or None)."""
    try:
        start = parse_datetime(values.get("appointment_datetime"), "appointment_datetime")
    except ValidationError:
        return None
    reason = closed_reason(start.date())
    if reason is None:
        return None
    following = open_days(start.date() + timedelta(days=1), 1)
    return start, reason, datetime.combine(following[0], start.time()) if following else None


def _optional(func: Callable[[str], Any], name: str) -> Callable[[FormValues, datetime], Any]:
    def check(values: FormValues, _now: datetime) -> str | None:
        text = values.get(name)
        return _message(lambda: func(text)) if text else None

    return check


def _substances(values: FormValues, _now: datetime) -> str | None:
    typed = [
        (s, values.other_substance if s is Substance.OTHER else None) for s in values.substances
    ]
    return substances_problem(typed, describe_other=True)


_CHECKS: dict[str, Callable[[FormValues, datetime], str | None]] = {
    "referral_datetime": _check_referral_datetime,
    "date_of_birth": _check_date_of_birth,
    "appointment_datetime": _check_appointment,
    "local_authority": lambda v, _n: None if v.local_authority else "Choose the area",
    "substances": _substances,
    "postcode": _optional(normalise_postcode, "postcode"),
    "phone": _optional(normalise_uk_phone, "phone"),
    "email": _optional(validate_email, "email"),
    "appropriate_adult_phone": _optional(normalise_uk_phone, "appropriate_adult_phone"),
    "appointment_venue": lambda v, _n: (
        pair[1]
        if (pair := appointment_pair_problem(bool(v.get("appointment_datetime")), bool(v.venue)))
        and pair[0] == "appointment_venue"
        else None
    ),
}


def check_field(name: str, values: FormValues, now: datetime) -> str | None:
    """The message for one field, or None when it is fine (young people's adult not included)."""
    limit = MAX_LENGTHS.get(name) or ADDRESS_LENGTHS.get(name)
    if name in REQUIRED_TEXT or limit is not None:
        required = name in REQUIRED_TEXT
        message = _message(
            lambda: clean_text(values.get(name), name, required=required, limit=limit)
        )
        if message:
            return message
    check = _CHECKS.get(name)
    return check(values, now) if check else None


def check_adult(name: str, values: FormValues, now: datetime) -> str | None:
    """A young person's appropriate adult: name and relationship are required (unless the
    user said no adult was present)."""
    message = check_field(name, values, now)
    if message or name not in ADULT_REQUIRED or values.no_adult or not is_young(values, now):
        return message
    return None if values.get(name) else ADULT_REQUIRED[name]


def check_all(values: FormValues, now: datetime) -> dict[str, str]:
    """Every problem in the form, by field, in screen order."""
    errors: dict[str, str] = {}
    for name in FIELD_ORDER:
        message = check_adult(name, values, now)
        if message:
            errors[name] = message
    return errors


def build_draft(values: FormValues, now: datetime, *, with_appointment: bool) -> ReferralDraft:
    """The draft to save (call only when ``check_all`` found nothing)."""
    substances = tuple(
        (s, values.other_substance.strip() or None if s is Substance.OTHER else None)
        for s in values.substances
    )
    when = referral_moment(values)
    born = date_of_birth(values)
    assert when is not None and born is not None and values.local_authority is not None
    start = None
    if with_appointment and values.get("appointment_datetime"):
        start = parse_datetime(values.get("appointment_datetime"), "appointment_datetime")
    return ReferralDraft(
        police_reference=values.get("police_reference"),
        referral_datetime=when,
        officer_name=values.get("officer_name"),
        officer_number=values.get("officer_number"),
        first_name=values.get("first_name"),
        last_name=values.get("last_name"),
        date_of_birth=born,
        local_authority=values.local_authority,
        substances=substances,
        intent_to_supply=values.intent_to_supply,
        known_as=values.get("known_as") or None,
        gender=values.gender,
        postcode=values.get("postcode") or None,
        phone=values.get("phone") or None,
        email=values.get("email") or None,
        appropriate_adult=None if values.no_adult else appropriate_adult(values),
        appointment_datetime=start,
        appointment_venue=values.venue if start is not None else None,
        consent_to_share=values.consent_to_share,
        notes=values.notes.strip() or None,
    )


def typed_address(values: FormValues) -> TypedAddress | None:
    """The person's address as typed (None when no part of it is)."""
    parts = {
        name: values.get(name) or None
        for name in ("address_line1", "address_line2", "town", "postcode")
    }
    return TypedAddress(**parts) if any(parts.values()) else None


PREVIEW_REFERENCE = "INTAKE-PREVIEW"


def preview_key(values: FormValues, now: datetime) -> tuple[Any, ...] | None:
    """What the database check depends on; None until name and date of birth are usable."""
    born = valid_date_of_birth(values, now)
    first, last = values.get("first_name"), values.get("last_name")
    if born is None or not first or not last:
        return None
    when = referral_moment(values) or now
    if when > now + FUTURE_SLACK:
        when = now
    postcode = values.get("postcode")
    if postcode and check_field("postcode", values, now):
        postcode = ""
    reference = values.get("police_reference")[:40] or PREVIEW_REFERENCE
    return (first[:100], last[:100], values.get("known_as")[:100], born, postcode, when, reference)


def preview_draft(key: tuple[Any, ...], area: LocalAuthority | None) -> ReferralDraft:
    """A draft for ``services.intake_preview`` holding the person's details and placeholders
    elsewhere, so the check reports only matches and the repeat-referral bar."""
    first, last, known_as, born, postcode, when, reference = key
    return ReferralDraft(
        police_reference=reference,
        referral_datetime=when,
        officer_name="Preview",
        officer_number="0",
        first_name=first,
        last_name=last,
        date_of_birth=born,
        local_authority=area or LocalAuthority.BIRMINGHAM,
        substances=((Substance.CANNABIS, None),),
        intent_to_supply=False,
        known_as=known_as or None,
        postcode=postcode or None,
        appropriate_adult=AppropriateAdult("Preview", "Preview"),
    )


def field_order(errors: Mapping[str, str]) -> list[str]:
    return [name for name in FIELD_ORDER if name in errors] + [
        name for name in errors if name not in FIELD_ORDER
    ]
