"""Venue hubs (administrators and managers): their name, address and number of rooms.

The address is printed on appointment letters under the venue's name, so it ends with the
postcode; there is no separate postcode column, the last line holds it."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from divert_desktop.core.enums import LocalAuthority
from divert_desktop.core.errors import NotFound, ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import normalise_postcode
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Venue
from divert_desktop.services.audit.trail import AuditEntry, changes, record
from divert_desktop.services.casework.common import check_version
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor

NAME_MAX = 120
ADDRESS_LINES_MAX = 6
LINE_MAX = 80
CAPACITY_MAX = 50


@dataclass(frozen=True)
class VenueDTO:
    id: int
    name: str
    area: str
    address: str
    capacity: int
    active: bool
    version: int

    @property
    def address_text(self) -> str:
        """The address on one line, for a table ("" when none is set)."""
        return ", ".join(line for line in self.address.splitlines() if line.strip())

    @property
    def postcode(self) -> str:
        lines = self.address.splitlines()
        return lines[-1] if lines else ""


@dataclass(frozen=True)
class VenueDraft:
    name: str
    address: str
    capacity: int


def _dto(v: Venue) -> VenueDTO:
    return VenueDTO(
        v.id,
        v.name,
        LocalAuthority(v.local_authority).value,
        v.address or "",
        v.capacity,
        bool(v.active),
        v.version,
    )


def clean_address(text: str) -> str:
    """The address as stored: trimmed lines, no blank ones, the postcode last in its usual form.

    An empty address is allowed (letters then print the venue's name only). Raises
    ValidationError (field ``address``) naming what to fix."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    if len(lines) < 2:
        raise ValidationError(
            "Enter the street address on one line and the postcode on the last line, "
            "like “1 High Street” then “B1 1AA”.",
            field="address",
        )
    if len(lines) > ADDRESS_LINES_MAX:
        raise ValidationError(
            f"Use at most {ADDRESS_LINES_MAX} lines for the address, postcode included.",
            field="address",
        )
    long = next((line for line in lines if len(line) > LINE_MAX), None)
    if long is not None:
        raise ValidationError(
            f"Each address line can be at most {LINE_MAX} characters; shorten “{long[:30]}…”.",
            field="address",
        )
    try:
        postcode = normalise_postcode(lines[-1], field="address")
    except ValidationError:
        raise ValidationError(
            "Put the venue's postcode on the last line of the address, like B1 1AA.",
            field="address",
        ) from None
    return "\n".join([*lines[:-1], postcode])


def clean_draft(draft: VenueDraft) -> dict[str, object]:
    """The values to store. Raises ValidationError (with the field to fix)."""
    name = " ".join(draft.name.split())
    if not name:
        raise ValidationError("Enter the venue's name.", field="name")
    if len(name) > NAME_MAX:
        raise ValidationError(f"A venue's name can be at most {NAME_MAX} characters.", field="name")
    if not 1 <= draft.capacity <= CAPACITY_MAX:
        raise ValidationError(
            f"Enter how many rooms the venue has, from 1 to {CAPACITY_MAX}.", field="capacity"
        )
    return {
        "name": name,
        "address": clean_address(draft.address) or None,
        "capacity": draft.capacity,
    }


def list_venues(db: Database, actor: Actor) -> list[VenueDTO]:
    """Every venue by name, with its address. Raises PermissionDenied."""
    actor.require(Action.MANAGE_SETTINGS)
    with db.unit_of_work(write=False) as session:
        return [_dto(v) for v in session.scalars(sa.select(Venue).order_by(Venue.name, Venue.id))]


@announces(Kind.VENUES)
def save_venue(
    db: Database, actor: Actor, venue_id: int, draft: VenueDraft, *, expected_version: int
) -> VenueDTO:
    """Change a venue's name, address and rooms; returns it. Audited as ``venue.update``.

    Raises PermissionDenied, NotFound, StaleEditError and ValidationError."""
    actor.require(Action.MANAGE_SETTINGS)
    values = clean_draft(draft)
    with db.unit_of_work() as session:
        row = session.get(Venue, venue_id)
        if row is None:
            raise NotFound("That venue is not in the database any more.")
        check_version(row.version, expected_version, "venue")
        taken = session.execute(
            sa.select(Venue.id).where(Venue.name == values["name"], Venue.id != venue_id)
        ).first()
        if taken is not None:
            raise ValidationError(
                f"Another venue is already called “{values['name']}”. Choose another name.",
                field="name",
            )
        before = {k: getattr(row, k) for k in values}
        for key, value in values.items():
            setattr(row, key, value)
        session.flush()
        diff = changes(before, values)
        if diff:
            record(session, actor, AuditEntry("venue.update", "venue", row.id, None, diff))
        return _dto(row)
