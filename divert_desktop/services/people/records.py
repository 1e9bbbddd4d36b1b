"""Editing a person: contact details (reception) or every field (casework), and duplicate reviews."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.enums import ContactMethod, Gender, LocalAuthority
from divert_desktop.core.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    StaleEditError,
    ValidationError,
)
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import (
    check_text,
    normalise_postcode,
    normalise_uk_phone,
    parse_date,
    search_key,
    validate_email,
)
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Person, PossibleDuplicate
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor
from divert_desktop.services.people.name_parts import replace_parts

CONTACT_FIELDS = (
    "address_line1",
    "address_line2",
    "town",
    "postcode",
    "phone",
    "email",
    "preferred_contact",
    "letters_allowed",
    "accessibility_needs",
    "language_needs",
)
"""What reception may change (Action.EDIT_CONTACT_DETAILS)."""
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "known_as",
    "date_of_birth",
    "gender",
    "local_authority",
)
"""What only casework roles may change as well (Action.EDIT_PERSON)."""
EDITABLE_FIELDS = PERSON_FIELDS + CONTACT_FIELDS

DUPLICATE_OPEN = "open"
DUPLICATE_NOT_SAME = "not_same"
DUPLICATE_NEEDS_MERGE = "needs_merge"

_LENGTHS = {
    "first_name": 100,
    "last_name": 100,
    "known_as": 100,
    "address_line1": 200,
    "address_line2": 200,
    "town": 100,
    "language_needs": 200,
}


@dataclass(frozen=True)
class PersonDetails:
    """A person's editable fields as stored, with the version an edit must quote."""

    id: int
    version: int
    first_name: str
    last_name: str
    known_as: str | None
    date_of_birth: date
    gender: Gender | None
    local_authority: LocalAuthority | None
    address_line1: str | None
    address_line2: str | None
    town: str | None
    postcode: str | None
    phone: str | None
    email: str | None
    preferred_contact: ContactMethod | None
    letters_allowed: bool
    accessibility_needs: str | None
    language_needs: str | None

    def values(self) -> dict[str, Any]:
        """The editable fields by name (no id or version)."""
        return {k: v for k, v in asdict(self).items() if k in EDITABLE_FIELDS}


def _details(person: Person) -> PersonDetails:
    return PersonDetails(
        id=person.id,
        version=person.version,
        **{field: getattr(person, field) for field in EDITABLE_FIELDS},
    )


def _get(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.merged_into_id is not None:
        raise NotFound("That person's record could not be found. It may have been merged.")
    return person


def person_details(db: Database, actor: Actor, person_id: int) -> PersonDetails:
    """Return the editable fields of a person (for the edit form; the record page's own load
    records the ``person.view`` event). Raises PermissionDenied and NotFound."""
    actor.require(Action.VIEW_PERSON)
    with db.unit_of_work(write=False) as session:
        return _details(_get(session, person_id))


def _text(field: str, value: Any, *, required: bool = False) -> str | None:
    multiline = field == "accessibility_needs"
    text = (
        str(value or "").strip().replace("\r\n", "\n").replace("\r", "\n")
        if multiline
        else " ".join(str(value or "").split())
    )
    check_text(text, field, multiline=multiline)
    if not text:
        if required:
            raise ValidationError("This cannot be left empty.", field=field)
        return None
    limit = _LENGTHS.get(field)
    if limit is not None and len(text) > limit:
        raise ValidationError(f"This is too long: at most {limit} characters.", field=field)
    return text


def _clean(field: str, value: Any, today: date) -> Any:
    """One field's value, validated and normalised. Raises ValidationError(field=…)."""
    if field in ("first_name", "last_name"):
        return _text(field, value, required=True)
    if field == "date_of_birth":
        born = value if isinstance(value, date) else parse_date(str(value or ""), field)
        if born > today:
            raise ValidationError("The date of birth cannot be in the future.", field=field)
        return born
    if field == "gender":
        return Gender(value) if value else None
    if field == "local_authority":
        return LocalAuthority(value) if value else None
    if field == "postcode":
        return normalise_postcode(value, field) if str(value or "").strip() else None
    if field == "phone":
        return normalise_uk_phone(value, field) if str(value or "").strip() else None
    if field == "email":
        return validate_email(value, field) if str(value or "").strip() else None
    if field == "preferred_contact":
        return ContactMethod(value) if value else None
    if field == "letters_allowed":
        return bool(value)
    return _text(field, value)


def _audit_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


@announces(Kind.PEOPLE)
def update_person(
    db: Database,
    actor: Actor,
    person_id: int,
    expected_version: int,
    changes: Mapping[str, Any],
    *,
    today: date | None = None,
) -> PersonDetails:
    """Save ``changes`` (field name → new value) to a person and return the saved details.

    Contact details need Action.EDIT_CONTACT_DETAILS; names, date of birth, gender and area need
    Action.EDIT_PERSON. ``expected_version`` is the version the form was loaded at: when someone
    saved in between, StaleEditError carries ``mine`` (the changes, as typed) and ``theirs`` (the
    PersonDetails now stored) and nothing is saved. Raises PermissionDenied, ValidationError
    (with ``field``), NotFound and StaleEditError. The change is audited (before and after).
    """
    actor.require(Action.EDIT_CONTACT_DETAILS)
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(unknown)}.")
    if any(field in PERSON_FIELDS for field in changes) and not actor.can(Action.EDIT_PERSON):
        raise PermissionDenied(
            "Your role can change contact details only. Ask a caseworker to change the name, "
            "date of birth, gender or area."
        )
    today = today or db.clock.today()
    cleaned = {field: _clean(field, value, today) for field, value in changes.items()}
    with db.unit_of_work() as session:
        person = _get(session, person_id)
        if person.version != expected_version:
            raise StaleEditError(
                "Someone else saved this person's details while you were editing them. Both "
                "versions are shown: nothing you typed has been lost.",
                mine=dict(changes),
                theirs=_details(person),
            )
        before = {f: _audit_value(getattr(person, f)) for f in cleaned}
        changed = {f: v for f, v in cleaned.items() if getattr(person, f) != v}
        if not changed:
            return _details(person)
        for field, value in changed.items():
            setattr(person, field, value)
        if "first_name" in changed:
            person.search_first = search_key(person.first_name)
        if "last_name" in changed:
            person.search_last = search_key(person.last_name)
        if "known_as" in changed:
            person.search_known_as = search_key(person.known_as) if person.known_as else None
        if changed.keys() & {"first_name", "last_name", "known_as"}:
            replace_parts(
                session, person.id, person.search_first, person.search_last, person.search_known_as
            )
        session.flush()
        record(
            session,
            actor,
            AuditEntry(
                "person.update",
                "person",
                person.id,
                person.id,
                {
                    "before": {f: before[f] for f in changed},
                    "after": {f: _audit_value(v) for f, v in changed.items()},
                },
            ),
        )
        return _details(person)


def _review(db: Database, actor: Actor, duplicate_id: int, status: str, action: str) -> None:
    actor.require(Action.EDIT_CONTACT_DETAILS)
    with db.unit_of_work() as session:
        duplicate = session.get(PossibleDuplicate, duplicate_id, with_for_update=True)
        if duplicate is None:
            raise NotFound("That possible duplicate could not be found.")
        if duplicate.status != DUPLICATE_OPEN:
            raise ConflictError("Someone has already reviewed these two people.")
        duplicate.status = status
        duplicate.resolved_by = actor.username
        duplicate.resolved_at = db.clock.now()
        session.flush()
        if status == DUPLICATE_NOT_SAME:
            for person_id in (duplicate.person_id, duplicate.candidate_id):
                still_open = session.execute(
                    sa.select(sa.func.count(PossibleDuplicate.id)).where(
                        PossibleDuplicate.status.in_([DUPLICATE_OPEN, DUPLICATE_NEEDS_MERGE]),
                        sa.or_(
                            PossibleDuplicate.person_id == person_id,
                            PossibleDuplicate.candidate_id == person_id,
                        ),
                    )
                ).scalar_one()
                if not still_open:
                    session.execute(
                        sa.update(Person)
                        .where(Person.id == person_id, Person.needs_review)
                        .values(needs_review=False, version=Person.version + 1)
                    )
        record(
            session,
            actor,
            AuditEntry(
                action,
                "possible_duplicate",
                duplicate.id,
                duplicate.person_id,
                {"person_id": duplicate.person_id, "candidate_id": duplicate.candidate_id},
            ),
        )


@announces(Kind.PEOPLE)
def mark_not_same_person(db: Database, actor: Actor, duplicate_id: int) -> None:
    """Close a possible duplicate as two different people (and clear the people's review flag
    when nothing else is open for them). Raises PermissionDenied, NotFound and ConflictError
    (already reviewed)."""
    _review(db, actor, duplicate_id, DUPLICATE_NOT_SAME, "duplicate.not_same")


@announces(Kind.PEOPLE)
def mark_same_person(db: Database, actor: Actor, duplicate_id: int) -> None:
    """Confirm a possible duplicate as the same person, for a manager to merge (nothing is merged
    here). Raises PermissionDenied, NotFound and ConflictError (already reviewed)."""
    _review(db, actor, duplicate_id, DUPLICATE_NEEDS_MERGE, "duplicate.needs_merge")
