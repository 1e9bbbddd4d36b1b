"""Finding people, and one person's record (whose viewing is audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.eligibility import held_by_repeat_bar
from divert_desktop.core.enums import (
    LetterTemplate,
    LocalAuthority,
    ReferralStatus,
    Substance,
)
from divert_desktop.core.errors import NotFound
from divert_desktop.core.letters import label as letter_label
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import (
    format_date,
    format_uk_phone,
)
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    Appointment,
    Assessment,
    EducationalSession,
    Letter,
    Person,
    Referral,
    ReferralStatusChange,
    ReferralSubstance,
)
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.context import Actor
from divert_desktop.services.lists.common import full_name, short_date, substance_text, utc_text
from divert_desktop.services.lists.people_search import (
    PeopleSearch,
    PersonRow,
    area_text,
    count_people,
    search_people,
)
from divert_desktop.services.lists.today import AppointmentRow, appointment_row, appointment_select

__all__ = [
    "ClinicalEntry",
    "LetterRow",
    "PeopleSearch",
    "PersonContact",
    "PersonRecord",
    "PersonReferral",
    "PersonRow",
    "StatusChangeRow",
    "count_people",
    "person_record",
    "search_people",
]


# --- one person's record


@dataclass(frozen=True)
class StatusChangeRow:
    at_text: str
    from_text: str
    to_text: str
    username: str
    reason: str


@dataclass(frozen=True)
class PersonReferral:
    """A referral on a person's record, with its status history (oldest first)."""

    id: int
    police_reference: str
    referral_at: datetime
    date_text: str
    status: ReferralStatus
    status_text: str
    status_reason: str
    area: str
    substances_text: str
    young_person: bool
    appropriate_adult_text: str
    history: tuple[StatusChangeRow, ...]
    held: bool = False  # by the repeat-referral bar: a manager may let it go ahead


@dataclass(frozen=True)
class PersonContact:
    """Names and contact details: what every role allowed to view a person may see."""

    full_name: str
    known_as: str
    date_of_birth: date
    date_of_birth_text: str
    age: int
    gender_text: str
    address_text: str
    postcode: str
    area: str
    phone_text: str
    email: str
    contact_text: str
    letters_text: str
    needs_text: str
    needs_review: bool


@dataclass(frozen=True)
class ClinicalEntry:
    date_text: str
    kind: str
    detail: str


@dataclass(frozen=True)
class LetterRow:
    """A letter sent to or about the person (the file itself stays in the database)."""

    id: int
    created_at: datetime
    date_text: str
    kind_text: str
    recipient: str
    created_by: str
    filename: str


@dataclass(frozen=True)
class PersonRecord:
    """What the person panel shows. Parts the role may not see are None, not empty.

    ``version`` is the person's row version when read (an edit quotes it)."""

    id: int
    contact: PersonContact
    referrals: tuple[PersonReferral, ...] | None
    appointments: tuple[AppointmentRow, ...] | None
    clinical: tuple[ClinicalEntry, ...] | None
    letters: tuple[LetterRow, ...] | None = None
    version: int = 0


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _contact(p: Person, today: date, latest_area: LocalAuthority | None) -> PersonContact:
    address = ", ".join(x for x in (p.address_line1, p.address_line2, p.town) if x)
    needs = "; ".join(x for x in (p.accessibility_needs, p.language_needs) if x)
    return PersonContact(
        full_name=full_name(p.first_name, p.last_name),
        known_as=p.known_as or "",
        date_of_birth=p.date_of_birth,
        date_of_birth_text=f"{short_date(p.date_of_birth)} (age {_age(p.date_of_birth, today)})",
        age=_age(p.date_of_birth, today),
        gender_text=p.gender.value.capitalize() if p.gender else "Not recorded",
        address_text=address or "Not recorded",
        postcode=p.postcode or "",
        area=area_text(p.local_authority or latest_area),
        phone_text=format_uk_phone(p.phone) if p.phone else "Not recorded",
        email=p.email or "Not recorded",
        contact_text=p.preferred_contact.value.capitalize()
        if p.preferred_contact
        else "Not recorded",
        letters_text="May be sent to the address" if p.letters_allowed else "Do not send letters",
        needs_text=needs or "None recorded",
        needs_review=p.needs_review,
    )


def _person_referrals(session: Session, person_id: int) -> tuple[PersonReferral, ...]:
    r = Referral
    rows = session.execute(
        sa.select(
            r.id,
            r.police_reference,
            r.referral_datetime,
            r.status,
            r.status_reason,
            r.local_authority,
            r.young_person,
            r.appropriate_adult_name,
            r.appropriate_adult_relationship,
            r.appropriate_adult_phone,
        )
        .where(r.person_id == person_id)
        .order_by(r.referral_datetime.desc(), r.id.desc())
    ).all()
    ids = [row.id for row in rows]
    substances: dict[int, list[tuple[Substance, str | None]]] = {i: [] for i in ids}
    history: dict[int, list[StatusChangeRow]] = {i: [] for i in ids}
    if ids:
        for s in session.execute(
            sa.select(
                ReferralSubstance.referral_id,
                ReferralSubstance.substance,
                ReferralSubstance.other_text,
            )
            .where(ReferralSubstance.referral_id.in_(ids))
            .order_by(ReferralSubstance.id)
        ):
            substances[s.referral_id].append((Substance(s.substance), s.other_text))
        h = ReferralStatusChange
        for c in session.execute(
            sa.select(h.referral_id, h.from_status, h.to_status, h.at, h.username, h.reason)
            .where(h.referral_id.in_(ids))
            .order_by(h.at, h.id)
        ):
            history[c.referral_id].append(
                StatusChangeRow(
                    utc_text(c.at),
                    ReferralStatus(c.from_status).label if c.from_status else "New",
                    ReferralStatus(c.to_status).label,
                    c.username,
                    c.reason or "",
                )
            )
    out = []
    for row in rows:
        status = ReferralStatus(row.status)
        adult = ""
        if row.young_person:
            parts = [
                row.appropriate_adult_name,
                row.appropriate_adult_relationship,
                format_uk_phone(row.appropriate_adult_phone)
                if row.appropriate_adult_phone
                else None,
            ]
            adult = ", ".join(x for x in parts if x) or "No appropriate adult recorded"
        out.append(
            PersonReferral(
                row.id,
                row.police_reference,
                row.referral_datetime,
                format_date(row.referral_datetime.date()),
                status,
                status.label,
                row.status_reason or "",
                LocalAuthority(row.local_authority).value,
                substance_text(substances[row.id]),
                bool(row.young_person),
                adult,
                tuple(history[row.id]),
                held_by_repeat_bar(status, row.status_reason),
            )
        )
    return tuple(out)


def _clinical(session: Session, person_id: int) -> tuple[ClinicalEntry, ...]:
    entries: list[tuple[datetime, ClinicalEntry]] = []
    for a in session.execute(
        sa.select(Assessment.created_at, Assessment.form_id, Assessment.form_version).where(
            Assessment.person_id == person_id
        )
    ):
        entries.append(
            (
                a.created_at,
                ClinicalEntry(
                    format_date(a.created_at.date()),
                    "Assessment",
                    f"{a.form_id} (form version {a.form_version})",
                ),
            )
        )
    s = EducationalSession
    for row in session.execute(
        sa.select(s.session_date, s.length_minutes, s.attended)
        .join(Referral, Referral.id == s.referral_id)
        .where(Referral.person_id == person_id)
    ):
        detail = f"{row.length_minutes} minutes, {'attended' if row.attended else 'not attended'}"
        entries.append(
            (
                datetime.combine(row.session_date, time.min),
                ClinicalEntry(format_date(row.session_date), "Educational session", detail),
            )
        )
    return tuple(entry for _, entry in sorted(entries, key=lambda e: e[0], reverse=True))


def _letters(session: Session, person_id: int) -> tuple[LetterRow, ...]:
    rows = session.execute(
        sa.select(
            Letter.id,
            Letter.created_at,
            Letter.template,
            Letter.recipient,
            Letter.created_by,
            Letter.filename,
        )
        .where(Letter.person_id == person_id)
        .order_by(Letter.created_at.desc(), Letter.id.desc())
    )
    return tuple(
        LetterRow(
            row.id,
            row.created_at,
            utc_text(row.created_at),
            letter_label(LetterTemplate(row.template)),
            str(row.recipient).replace("_", " ").capitalize(),
            row.created_by,
            row.filename,
        )
        for row in rows
    )


def person_record(
    db: Database, actor: Actor, person_id: int, *, today: date | None = None
) -> PersonRecord:
    """Return one person's record and record a ``person.view`` audit event.

    Referrals and appointments are included for roles that work with referrals; assessments
    and session notes only for roles allowed to see clinical data. Raises PermissionDenied and
    NotFound.
    """
    actor.require(Action.VIEW_PERSON)
    today = today or db.clock.today()
    with_casework = actor.can(Action.CREATE_REFERRAL) or actor.can(Action.BOOK_APPOINTMENT)
    with_clinical = actor.can(Action.VIEW_CLINICAL)
    with db.unit_of_work() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound("That person's record could not be found. It may have been merged.")
        latest_area = session.execute(
            sa.select(Referral.local_authority)
            .where(Referral.person_id == person_id)
            .order_by(Referral.referral_datetime.desc())
            .limit(1)
        ).scalar_one_or_none()
        contact = _contact(person, today, latest_area)
        referrals = appointments = clinical = letters = None
        if with_casework:
            referrals = _person_referrals(session, person_id)
            letters = _letters(session, person_id)
            stmt = (
                appointment_select()
                .where(Appointment.person_id == person_id)
                .order_by(Appointment.start_at.desc(), Appointment.id.desc())
            )
            appointments = tuple(appointment_row(row) for row in session.execute(stmt))
        if with_clinical:
            clinical = _clinical(session, person_id)
        sections = ["contact"] + (["referrals", "appointments"] if with_casework else [])
        record(
            session,
            actor,
            AuditEntry(
                "person.view",
                "person",
                person_id,
                person_id,
                {"sections": sections + (["clinical"] if with_clinical else [])},
            ),
        )
        return PersonRecord(
            person_id, contact, referrals, appointments, clinical, letters, person.version
        )
