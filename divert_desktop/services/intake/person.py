"""After an intake save: the person's area and address from the referral, filling blanks only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from divert_desktop.core.enums import LocalAuthority
from divert_desktop.core.errors import NotFound, ValidationError
from divert_desktop.core.validation import normalise_postcode
from divert_desktop.persistence.models import Person
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.context import Actor

ADDRESS_FIELDS = ("address_line1", "address_line2", "town", "postcode")
ADDRESS_LENGTHS = {"address_line1": 200, "address_line2": 200, "town": 100}
"""The Person columns' lengths (what the intake screen checks as it is typed)."""


@dataclass(frozen=True)
class TypedAddress:
    """The address typed at intake (any part may be empty)."""

    address_line1: str | None = None
    address_line2: str | None = None
    town: str | None = None
    postcode: str | None = None

    def cleaned(self) -> dict[str, str]:
        """The parts typed, tidied (spaces collapsed, postcode normalised). Raises
        ValidationError naming the field."""
        out: dict[str, str] = {}
        for name in ADDRESS_FIELDS:
            text = " ".join(str(getattr(self, name) or "").split())
            if not text:
                continue
            if name == "postcode":
                text = normalise_postcode(text, name)
            elif len(text) > ADDRESS_LENGTHS[name]:
                raise ValidationError(
                    f"This is too long: at most {ADDRESS_LENGTHS[name]} characters.", field=name
                )
            out[name] = text
        return out


@dataclass(frozen=True)
class PersonFilled:
    """What was written to the person (field names), and whether a typed address was left out
    because their record already holds a different one."""

    filled: tuple[str, ...] = ()
    address_kept: bool = False


def fill_person_in(
    session: Session,
    actor: Actor,
    person_id: int,
    local_authority: LocalAuthority | None,
    typed: dict[str, str],
) -> PersonFilled:
    """Give the person of a referral being saved the referral's area when they have none, and
    the address typed at intake (``typed``: ``TypedAddress.cleaned()``) when their record has no
    address yet, inside the caller's transaction (``intake.create_referral``'s). Nothing recorded
    is ever overwritten: a different address already on the record is kept and reported in
    ``address_kept``. Audited as ``person.update`` with before and after. Raises NotFound."""
    person = session.get(Person, person_id)
    if person is None or person.merged_into_id is not None:
        raise NotFound("That person's record could not be found. It may have been merged.")
    changes: dict[str, Any] = {}
    if person.local_authority is None and local_authority is not None:
        changes["local_authority"] = LocalAuthority(local_authority)
    kept = False
    lines = ("address_line1", "address_line2", "town")
    if any(typed.get(f) for f in lines):
        has_lines = any(getattr(person, f) for f in lines)
        other_postcode = (
            person.postcode is not None
            and "postcode" in typed
            and person.postcode != typed["postcode"]
        )
        if has_lines or other_postcode:
            kept = any(getattr(person, f) != typed.get(f, getattr(person, f)) for f in typed)
        else:
            changes.update({f: v for f, v in typed.items() if getattr(person, f) != v})
    elif "postcode" in typed and person.postcode is None:
        changes["postcode"] = typed["postcode"]
    if not changes:
        return PersonFilled((), kept)
    before = {f: _plain(getattr(person, f)) for f in changes}
    for name, value in changes.items():
        setattr(person, name, value)
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
                "before": before,
                "after": {f: _plain(v) for f, v in changes.items()},
                "source": "referral intake",
            },
        ),
    )
    return PersonFilled(tuple(changes), kept)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, LocalAuthority) else value
