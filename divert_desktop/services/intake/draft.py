"""A police referral as typed or imported (the draft), and the checks every referral must pass."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.calendar import booking_problems
from divert_desktop.core.eligibility import AppropriateAdult
from divert_desktop.core.enums import Gender, LocalAuthority, Substance
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.referral_rules import (
    FIELD_LABELS,
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
    validate_email,
)
from divert_desktop.persistence.models import Venue

__all__ = [
    "FIELD_LABELS",
    "MAX_LENGTHS",
    "ReferralDraft",
    "VenueRef",
    "check_parsed_draft",
    "clean_email",
    "clean_phone",
    "clean_postcode",
    "clean_text",
    "draft_hash",
    "load_venues",
    "resolve_venue",
    "validate_draft",
]


# --------------------------------------------------------------------------- field checks


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
    address_line_1: str | None = None
    address_line_2: str | None = None
    town: str | None = None

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
        for name in _ADDED_LATER:  # left out when empty: the hash of older imports stays
            if values[name] is None:
                del values[name]
        values["substances"] = [[s.value, t] for s, t in self.substances]
        values["appropriate_adult"] = (
            None if adult is None else [adult.name, adult.relationship, adult.phone]
        )
        return values


_ADDED_LATER = ("address_line_1", "address_line_2", "town")


# json.dumps(value, sort_keys=True, separators=(",", ":")), the encoder made once.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


def draft_hash(draft: ReferralDraft) -> str:
    """SHA-256 of the draft's canonical JSON: equal for the same content however it was written."""
    text = _CANONICAL.encode(draft.as_canonical())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def validate_draft(
    draft: ReferralDraft,
    *,
    now: datetime,
    today: date | None = None,
    venues: Mapping[str, VenueRef] | None = None,
    check_booking: bool = True,
) -> tuple[ReferralDraft, list[ValidationError]]:
    """Check a draft against the intake rules; return it tidied and every problem found.

    Text is trimmed, postcode and phone numbers normalised, the venue written as stored. Problems
    are ValidationErrors naming their field. ``now``: UK local time by the caller's clock.
    ``check_booking`` False leaves the appointment's time and venue unchecked (the import checks
    them against the diary itself, and books without them rather than refusing the referral).
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
    problems += _substances_problems(draft)
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

    venue_text = (draft.appointment_venue or "").strip() or None
    changes["appointment_venue"] = venue_text
    problems += _rule_problems(draft, venue_text, now=now, today=today)
    start, when = draft.appointment_datetime, draft.referral_datetime
    if start is not None and check_booking:
        # Only the times against the referral here: the diary's checks need the database.
        timing = booking_problems(start=start, end=start, referral_at=when)
        problems.extend(ValidationError(p.message, field="appointment_datetime") for p in timing)
    if venue_text is not None and venues is not None and check_booking:
        changes["appointment_venue"] = check(
            "appointment_venue", lambda v: resolve_venue(venues, v).name, venue_text
        )
    return replace(draft, **changes), problems


def _substances_problems(draft: ReferralDraft) -> list[ValidationError]:
    message = substances_problem(draft.substances)
    return [ValidationError(message, field="substances")] if message else []


def _rule_problems(
    draft: ReferralDraft, venue_text: str | None, *, now: datetime, today: date
) -> list[ValidationError]:
    """The rules across fields: the date of birth, the referral time, a time with a venue."""
    problems: list[ValidationError] = []
    dob, when = draft.date_of_birth, draft.referral_datetime
    if message := date_of_birth_problem(dob, when.date(), today):
        problems.append(ValidationError(message, field="date_of_birth"))
    if message := referral_time_problem(when, now):
        problems.append(ValidationError(message, field="referral_datetime"))
    start = draft.appointment_datetime
    if pair := appointment_pair_problem(start is not None, venue_text is not None):
        problems.append(ValidationError(pair[1], field=pair[0]))
    return problems


def check_parsed_draft(
    draft: ReferralDraft, *, now: datetime, today: date
) -> list[ValidationError]:
    """``validate_draft(..., check_booking=False)`` for a draft whose every text was already
    cleaned by the same field checks (``clean_text``, ``clean_postcode``, ``clean_phone``,
    ``clean_email`` with the same field names): those checks give back what they are given,
    so only the rules across fields are left. It finds exactly the problems
    ``validate_draft`` would (``tests/db/test_import.py`` checks both on any row), and the
    draft needs no tidying."""
    return _substances_problems(draft) + _rule_problems(
        draft, draft.appointment_venue, now=now, today=today
    )
