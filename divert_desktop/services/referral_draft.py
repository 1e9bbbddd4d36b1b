"""A police referral as typed or imported (the draft), and the checks every referral must pass."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.eligibility import AppropriateAdult, age_on
from divert_desktop.core.enums import Gender, LocalAuthority, Substance
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.validation import (
    check_text,
    normalise_postcode,
    normalise_uk_phone,
    validate_email,
)
from divert_desktop.persistence.models import Venue

OLDEST_AGE = 110
LATEST_APPOINTMENT_DAYS = 366

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
    "notes": "notes",
}
MULTILINE_FIELDS = frozenset({"notes"})
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
}


# --------------------------------------------------------------------------- field checks


def clean_text(value: str | None, field: str, *, required: bool = True) -> str:
    """Trim a text value (names lose doubled spaces); raise ValidationError if empty, too long
    or holding characters that cannot be stored (``core.validation.text_problem``)."""
    text = str(value or "").strip()
    multiline = field in MULTILINE_FIELDS
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    else:
        text = " ".join(text.split())
    label = FIELD_LABELS.get(field, field)
    if not text and required:
        raise ValidationError(f"Enter the {label}", field=field)
    check_text(text, field, f"The {label}", multiline=multiline)
    limit = MAX_LENGTHS.get(field)
    if limit is not None and len(text) > limit:
        raise ValidationError(
            f"The {label} is too long: use at most {limit} characters", field=field
        )
    return text


def clean_postcode(value: str, field: str = "postcode") -> str:
    return normalise_postcode(value, field)


def clean_phone(value: str, field: str = "phone") -> str:
    return normalise_uk_phone(value, field)


def clean_email(value: str, field: str = "email") -> str:
    return validate_email(value, field)


@dataclass(frozen=True)
class VenueRef:
    id: int
    name: str
    local_authority: LocalAuthority
    active: bool


def load_venues(session: Session) -> dict[str, VenueRef]:
    """Every venue by case-folded name."""
    rows = session.execute(sa.select(Venue.id, Venue.name, Venue.local_authority, Venue.active))
    return {r.name.casefold(): VenueRef(r.id, r.name, r.local_authority, r.active) for r in rows}


def resolve_venue(venues: Mapping[str, VenueRef], name: str) -> VenueRef:
    """The open venue with this name (any case); raise ValidationError when there is none."""
    venue = venues.get(" ".join(str(name).split()).casefold())
    if venue is None:
        known = ", ".join(sorted(v.name for v in venues.values() if v.active))
        raise ValidationError(
            f'"{name}" is not a venue. Use one of: {known}', field="appointment_venue"
        )
    if not venue.active:
        raise ValidationError(
            f"The {venue.name} venue is closed for bookings. Choose another venue",
            field="appointment_venue",
        )
    return venue


# --------------------------------------------------------------------------- the draft


@dataclass(frozen=True)
class ReferralDraft:
    """Everything a police referral gives, typed; dialogs and the importer both build one."""

    police_reference: str
    referral_datetime: datetime
    officer_name: str
    officer_number: str
    first_name: str
    last_name: str
    date_of_birth: date
    local_authority: LocalAuthority
    substances: tuple[tuple[Substance, str | None], ...]
    intent_to_supply: bool
    known_as: str | None = None
    gender: Gender | None = None
    postcode: str | None = None
    phone: str | None = None
    email: str | None = None
    appropriate_adult: AppropriateAdult | None = None
    appointment_datetime: datetime | None = None
    appointment_venue: str | None = None
    consent_to_share: bool | None = None
    notes: str | None = None

    def __post_init__(self) -> None:
        items = tuple(
            (Substance(item), None)
            if isinstance(item, str)
            else (Substance(item[0]), item[1] or None)
            for item in self.substances
        )
        object.__setattr__(self, "substances", items)

    @property
    def referral_date(self) -> date:
        return self.referral_datetime.date()

    def as_canonical(self) -> dict[str, Any]:
        """The draft as plain JSON values (dates as ISO text), for hashing and the audit trail."""
        adult = self.appropriate_adult
        values: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, date):  # datetime too
                value = value.isoformat()
            values[name] = value
        values["substances"] = [[s.value, t] for s, t in self.substances]
        values["appropriate_adult"] = (
            None if adult is None else [adult.name, adult.relationship, adult.phone]
        )
        return values


def draft_hash(draft: ReferralDraft) -> str:
    """SHA-256 of the draft's canonical JSON: equal for the same content however it was written."""
    text = json.dumps(draft.as_canonical(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def validate_draft(
    draft: ReferralDraft,
    *,
    now: datetime,
    today: date | None = None,
    venues: Mapping[str, VenueRef] | None = None,
) -> tuple[ReferralDraft, list[ValidationError]]:
    """Check a draft against the intake rules; return it tidied and every problem found.

    Text is trimmed, postcode and phone numbers normalised, the venue written as stored. Problems
    are ValidationErrors naming their field. ``now``: UK local time by the caller's clock.
    """
    today = today or now.date()
    problems: list[ValidationError] = []
    changes: dict[str, Any] = {}

    def check(name: str, func: Any, value: Any) -> Any:
        try:
            return func(value)
        except ValidationError as exc:
            problems.append(exc)
            return value

    for name in ("police_reference", "officer_name", "officer_number", "first_name", "last_name"):
        changes[name] = check(name, lambda v, n=name: clean_text(v, n), getattr(draft, name))
    known = draft.known_as and check(
        "known_as", lambda v: clean_text(v, "known_as", required=False), draft.known_as
    )
    changes["known_as"] = known or None
    if not draft.substances:
        problems.append(ValidationError("Enter at least one substance", field="substances"))
    for _, other in draft.substances:
        check(
            "substances",
            lambda v: check_text(v, "substances", "The other substance's description"),
            other or "",
        )
    if any(len(other or "") > MAX_LENGTHS["substances"] for _, other in draft.substances):
        problems.append(
            ValidationError(
                "The description of the other substance is too long: use at most "
                f"{MAX_LENGTHS['substances']} characters",
                field="substances",
            )
        )
    for name, func in (
        ("postcode", clean_postcode),
        ("phone", clean_phone),
        ("email", clean_email),
    ):
        value = getattr(draft, name)
        changes[name] = check(name, func, value) if value and str(value).strip() else None
    adult = draft.appropriate_adult
    if adult is not None:
        name = check(
            "appropriate_adult_name",
            lambda v: clean_text(v, "appropriate_adult_name", required=False),
            adult.name,
        )
        relationship = check(
            "appropriate_adult_relationship",
            lambda v: clean_text(v, "appropriate_adult_relationship", required=False),
            adult.relationship,
        )
        phone = adult.phone
        if phone and phone.strip():
            phone = check(
                "appropriate_adult_phone",
                lambda v: clean_phone(v, "appropriate_adult_phone"),
                phone,
            )
        adult = AppropriateAdult(name, relationship, phone or None)
        changes["appropriate_adult"] = None if not (name or relationship or phone) else adult
    if draft.notes is not None:
        changes["notes"] = (
            check("notes", lambda v: clean_text(v, "notes", required=False), draft.notes) or None
        )

    dob, when = draft.date_of_birth, draft.referral_datetime
    if dob > today:
        problems.append(
            ValidationError("The date of birth is in the future. Check it", field="date_of_birth")
        )
    elif dob > when.date():
        problems.append(
            ValidationError(
                "The date of birth must be before the referral date", field="date_of_birth"
            )
        )
    elif age_on(dob, when.date()) > OLDEST_AGE:
        problems.append(
            ValidationError(
                f"Check the date of birth: the person would be over {OLDEST_AGE}",
                field="date_of_birth",
            )
        )
    if when > now + timedelta(minutes=5):
        problems.append(
            ValidationError(
                "The referral date and time is in the future. Check it", field="referral_datetime"
            )
        )
    venue_text = (draft.appointment_venue or "").strip() or None
    changes["appointment_venue"] = venue_text
    if draft.appointment_datetime is not None and venue_text is None:
        problems.append(
            ValidationError("Enter the venue of the appointment", field="appointment_venue")
        )
    elif venue_text is not None and draft.appointment_datetime is None:
        problems.append(
            ValidationError(
                "Enter the date and time of the appointment", field="appointment_datetime"
            )
        )
    if draft.appointment_datetime is not None and draft.appointment_datetime < when:
        problems.append(
            ValidationError(
                "The appointment must be after the referral date and time",
                field="appointment_datetime",
            )
        )
    elif draft.appointment_datetime is not None and draft.appointment_datetime > when + timedelta(
        days=LATEST_APPOINTMENT_DAYS
    ):
        problems.append(
            ValidationError(
                "The appointment is more than a year after the referral. Check the date",
                field="appointment_datetime",
            )
        )
    if venue_text is not None and venues is not None:
        changes["appointment_venue"] = check(
            "appointment_venue", lambda v: resolve_venue(venues, v).name, venue_text
        )
    return replace(draft, **changes), problems
