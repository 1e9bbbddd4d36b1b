"""What goes in a letter: merge values, detail tables, address blocks, for each recipient.

Pure functions from the facts a service loaded (no database here), so a draft, the letter
logged and a reprint are made the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from divert_desktop.core.enums import (
    AppointmentStatus,
    AppointmentType,
    LetterTemplate,
    OnwardStatus,
    PlaceKind,
    ReferralStatus,
)
from divert_desktop.core.letter_fields import Block, fill, length_text, long_day, parse_wording
from divert_desktop.core.letter_wording import ADULT_COVER
from divert_desktop.core.letters import (
    RECIPIENT_ADULT,
    RECIPIENT_PERSON,
    RECIPIENT_POLICE,
    RECIPIENT_SERVICE,
    label,
    outcome_text,
    shared_items,
)
from divert_desktop.core.validation import format_long_date, format_time, format_uk_phone
from divert_desktop.documents.letters import LetterDoc, Letterhead


@dataclass(frozen=True)
class PersonFacts:
    id: int
    first_name: str
    last_name: str
    known_as: str | None
    date_of_birth: date
    address_line1: str | None
    address_line2: str | None
    town: str | None
    postcode: str | None
    phone: str | None
    email: str | None
    letters_allowed: bool
    accessibility_needs: str | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def address(self) -> tuple[str, ...]:
        return tuple(
            x for x in (self.address_line1, self.address_line2, self.town, self.postcode) if x
        )

    @property
    def wants_large_print(self) -> bool:
        return "large print" in (self.accessibility_needs or "").lower()


@dataclass(frozen=True)
class ReferralFacts:
    id: int
    police_reference: str
    referral_datetime: datetime
    status: ReferralStatus
    status_changed_at: datetime
    engagement_deadline: date
    consent_to_share: bool | None
    young_person: bool
    adult_name: str | None
    adult_relationship: str | None
    officer_name: str
    officer_number: str
    outcome_sent_at: datetime | None
    substances: tuple[str, ...] = ()


@dataclass(frozen=True)
class AppointmentFacts:
    id: int
    type: AppointmentType
    status: AppointmentStatus
    start_at: datetime
    length_minutes: int
    place_kind: PlaceKind
    venue_name: str | None
    venue_address: str | None
    place_detail: str | None
    caseworker: str | None


@dataclass(frozen=True)
class OnwardFacts:
    id: int
    status: OnwardStatus
    reason: str | None
    share_items: tuple[str, ...]
    organisation: str
    contact_name: str | None
    address: str | None
    assessment: str | None = None


@dataclass(frozen=True)
class LetterFacts:
    """Everything one letter is made from (loaded in one transaction)."""

    template: LetterTemplate
    person: PersonFacts
    referral: ReferralFacts | None
    appointment: AppointmentFacts | None = None
    onward: OnwardFacts | None = None
    police_address: str = ""


def our_reference(facts: LetterFacts) -> str:
    if facts.referral is not None:
        return f"DIV-{facts.referral.id:06d}"
    return f"DIV-P{facts.person.id:06d}"


def _place(a: AppointmentFacts) -> tuple[str, str]:
    """Where, as one line (for a sentence) and as lines (for the table)."""
    if a.place_kind == PlaceKind.VENUE:
        name = a.venue_name or "Our venue"
        address = [x.strip() for x in (a.venue_address or "").splitlines() if x.strip()]
        return ", ".join([name, *address]), "\n".join(
            [name, ", ".join(address)] if address else [name]
        )
    if a.place_kind == PlaceKind.PHONE:
        text = "By phone: we will call you"
    elif a.place_kind == PlaceKind.VIDEO:
        text = "By video call: we will send you a link"
    else:
        text = a.place_detail or "Where we agreed with you"
    return text, text


def values_for(facts: LetterFacts, head: Letterhead) -> dict[str, str]:
    """Every merge field's value for this letter."""
    p, r, a, o = facts.person, facts.referral, facts.appointment, facts.onward
    values = {
        "first_name": p.known_as or p.first_name,
        "full_name": p.full_name,
        "our_reference": our_reference(facts),
        "police_reference": r.police_reference if r else our_reference(facts),
        "organisation": head.organisation,
        # Only what the letterhead has: filling in words the ways to contact us to fit.
        "organisation_phone": head.phone,
        "organisation_email": head.email,
        "signatory_name": head.signatory_name,
        "signatory_title": head.signatory_title,
    }
    if r is not None:
        values.update(
            referral_date=format_long_date(r.referral_datetime.date()),
            engagement_deadline=format_long_date(r.engagement_deadline),
            outcome_date=format_long_date(r.status_changed_at.date()),
            officer=r.officer_name or "officer",
        )
        if r.status in (
            ReferralStatus.ENGAGED,
            ReferralStatus.COMPLETED,
            ReferralStatus.NOT_ENGAGED,
        ):
            values["outcome"] = outcome_text(r.status)
    values["date_of_birth"] = format_long_date(p.date_of_birth)
    if a is not None:
        place, _lines = _place(a)
        values.update(
            appointment_date=long_day(a.start_at.date()),
            appointment_time=format_time(a.start_at),
            appointment_place=place,
            appointment_type=a.type.label.lower(),
            appointment_length=length_text(a.length_minutes),
            caseworker=a.caseworker or "one of our caseworkers",
        )
    if o is not None:
        values.update(service=o.organisation, service_contact=o.contact_name or "colleague")
    return values


def tables_for(
    facts: LetterFacts, values: dict[str, str]
) -> dict[str, tuple[tuple[str, str], ...]]:
    """The detail tables (appointment, outcome, what may be shared)."""
    p, r, a, o = facts.person, facts.referral, facts.appointment, facts.onward
    tables: dict[str, tuple[tuple[str, str], ...]] = {}
    if a is not None:
        _place_text, lines = _place(a)
        tables["appointment_details"] = (
            ("What", a.type.label),
            ("When", f"{values['appointment_date']} at {values['appointment_time']}"),
            ("Where", lines),
            ("How long", f"About {values['appointment_length']}"),
            ("With", a.caseworker or "One of our caseworkers"),
        )
    if r is not None and "outcome" in values:
        tables["outcome_details"] = (
            ("Police reference", r.police_reference),
            ("Name", p.full_name),
            ("Date of birth", values["date_of_birth"]),
            ("Referred on", values["referral_date"]),
            ("Outcome", values["outcome"]),
            ("Decided on", values["outcome_date"]),
        )
    if o is not None:
        rows: list[tuple[str, str]] = [("Name", p.full_name)]
        for key in shared_items(o.share_items):
            if key == "contact_details":
                if p.address:
                    rows.append(("Address", ", ".join(p.address)))
                if p.phone:
                    rows.append(("Phone", format_uk_phone(p.phone)))
                if p.email:
                    rows.append(("Email", p.email))
            elif key == "date_of_birth":
                rows.append(("Date of birth", values["date_of_birth"]))
            elif key == "substances" and r is not None:
                rows.append(("Substances", ", ".join(r.substances) or "None recorded"))
            elif key == "referral_reason":
                rows.append(("Why we are referring", o.reason or "Not recorded"))
            elif key == "assessment_summary":
                rows.append(("Assessment", o.assessment or "No assessment recorded yet"))
        tables["shared_details"] = tuple(rows)
    return tables


def _adult_lines(facts: LetterFacts) -> tuple[str, ...]:
    r = facts.referral
    assert r is not None
    return (
        r.adult_name or "The appropriate adult",
        f"c/o {facts.person.full_name}",
        *facts.person.address,
    )


def _service_lines(o: OnwardFacts) -> tuple[str, ...]:
    address = [x.strip() for x in (o.address or "").splitlines() if x.strip()]
    return (o.contact_name or "The referrals team", o.organisation, *address)


def compose(
    facts: LetterFacts,
    recipient: str,
    head: Letterhead,
    subject: str,
    body: str,
    letter_date: date,
    *,
    large_print: bool = False,
) -> LetterDoc:
    """One recipient's letter from the facts and the template's wording."""
    values = values_for(facts, head)
    blocks = parse_wording(body, values, tables_for(facts, values))
    cover: tuple[Block, ...] = ()
    reference_label, reference = "Reference", values["police_reference"]
    if recipient == RECIPIENT_PERSON:
        lines = (facts.person.full_name, *facts.person.address)
    elif recipient == RECIPIENT_ADULT:
        lines = _adult_lines(facts)
        r = facts.referral
        assert r is not None
        relationship = f" ({r.adult_relationship.lower()})" if r.adult_relationship else ""
        cover_values = dict(
            values, adult_name=r.adult_name or "appropriate adult", adult_relationship=relationship
        )
        cover = tuple(Block("paragraph", text=fill(t, cover_values)) for t in ADULT_COVER)
    elif recipient == RECIPIENT_POLICE:
        r = facts.referral
        assert r is not None
        officer = ", ".join(
            x
            for x in (
                r.officer_name,
                f"collar number {r.officer_number}" if r.officer_number else "",
            )
            if x
        )
        police = [x.strip() for x in facts.police_address.splitlines() if x.strip()]
        lines = (officer or "The officer in the case", *police)
        reference_label = "Police reference"
    elif recipient == RECIPIENT_SERVICE:
        assert facts.onward is not None
        lines = _service_lines(facts.onward)
        reference_label, reference = "Our reference", values["our_reference"]
    else:  # pragma: no cover - recipients come from core.letters
        raise ValueError(recipient)
    return LetterDoc(
        letterhead=head,
        letter_date=letter_date,
        reference_label=reference_label,
        reference=reference,
        address_lines=tuple(lines),
        subject=" ".join(fill(subject, values).split()),
        blocks=blocks,
        title=f"{label(facts.template)} letter",
        cover=cover,
        large_print=large_print,
    )


_SAFE = re.compile(r"[^A-Za-z0-9]+")


def filename(template: LetterTemplate, reference: str, recipient: str, letter_date: date) -> str:
    """ "2026-12-02-appointment-reminder-WMP-T-000001-person.pdf" (no names in file names)."""
    ref = _SAFE.sub("-", reference).strip("-")[:60] or "letter"
    return (
        f"{letter_date.isoformat()}-{template.value.replace('_', '-')}-{ref}-"
        f"{recipient.replace('_', '-')}.pdf"
    )


def summarise_scores(scores: Any) -> str:
    """A short, plain line from an assessment's stored scores (only simple values are shown)."""
    if not isinstance(scores, dict):
        return ""
    parts = []
    for key in sorted(scores):
        value = scores[key]
        if isinstance(value, dict):
            value = value.get("band") or value.get("risk") or value.get("score")
        if isinstance(value, int | float | str) and not isinstance(value, bool):
            parts.append(f"{str(key).replace('_', ' ')}: {value}")
    return "; ".join(parts[:8])
