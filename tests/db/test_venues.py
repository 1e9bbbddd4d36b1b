"""Venues: administrators and managers change a hub's name, address (postcode last) and rooms,
audited and version-checked; the new address is what appointment letters print."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import Role
from divert_desktop.core.errors import PermissionDenied, StaleEditError, ValidationError
from divert_desktop.persistence.models import AuditEvent
from divert_desktop.services.admin import venues
from divert_desktop.services.admin.venues import VenueDraft

ADDRESS = "  Unit 3, Hub House \n\n  12 Corporation Street\nBirmingham\nb4 6qb "


def birmingham(db: Any, actor: Any) -> venues.VenueDTO:
    return next(v for v in venues.list_venues(db, actor) if v.name == "Birmingham")


def test_an_administrator_sets_a_venues_address_and_it_is_audited(db: Any, make_actor: Any) -> None:
    admin = make_actor(db, Role.ADMINISTRATOR, username="ada")
    listed = venues.list_venues(db, admin)
    assert len(listed) == 7 and all(v.address == "" for v in listed)  # seeded without addresses
    venue = birmingham(db, admin)
    saved = venues.save_venue(
        db,
        admin,
        venue.id,
        VenueDraft("Birmingham hub", ADDRESS, 6),
        expected_version=venue.version,
    )
    assert saved.address == "Unit 3, Hub House\n12 Corporation Street\nBirmingham\nB4 6QB"
    assert saved.postcode == "B4 6QB" and saved.capacity == 6 and saved.name == "Birmingham hub"
    assert saved.address_text == "Unit 3, Hub House, 12 Corporation Street, Birmingham, B4 6QB"
    assert saved.version == venue.version + 1
    with db.unit_of_work(write=False) as session:
        event = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "venue.update")
        ).scalar_one()
        assert event.username == "ada" and event.entity_id == str(venue.id)
        assert event.details["address"] == {"before": None, "after": saved.address}
        assert event.details["name"] == {"before": "Birmingham", "after": "Birmingham hub"}
    # Saving the same values again changes nothing and records nothing.
    venues.save_venue(
        db,
        admin,
        venue.id,
        VenueDraft("Birmingham hub", saved.address, 6),
        expected_version=saved.version,
    )
    with db.unit_of_work(write=False) as session:
        count = session.scalar(
            sa.select(sa.func.count()).where(AuditEvent.action == "venue.update")
        )
    assert count == 1


@pytest.mark.parametrize(
    ("draft", "field", "words"),
    [
        (VenueDraft("", "", 4), "name", "Enter the venue's name"),
        (VenueDraft("Coventry", "", 4), "name", "already called “Coventry”"),
        (VenueDraft("Birmingham", "12 Corporation Street", 4), "address", "postcode on the last"),
        (
            VenueDraft("Birmingham", "12 Corporation Street\nBirmingham", 4),
            "address",
            "postcode on the last line of the address, like B1 1AA",
        ),
        (VenueDraft("Birmingham", "\n".join(["Line"] * 7) + "\nB1 1AA", 4), "address", "at most 6"),
        (VenueDraft("Birmingham", "x" * 81 + "\nB1 1AA", 4), "address", "at most 80 characters"),
        (VenueDraft("Birmingham", "", 0), "capacity", "from 1 to 50"),
    ],
)
def test_a_venue_that_does_not_make_sense_is_refused_with_the_field_to_fix(
    db: Any, make_actor: Any, draft: VenueDraft, field: str, words: str
) -> None:
    admin = make_actor(db, Role.ADMINISTRATOR)
    venue = birmingham(db, admin)
    with pytest.raises(ValidationError) as caught:
        venues.save_venue(db, admin, venue.id, draft, expected_version=venue.version)
    assert caught.value.field == field and words in caught.value.message
    assert birmingham(db, admin) == venue  # nothing stored


def test_a_stale_save_is_refused_and_other_roles_cannot_change_venues(
    db: Any, make_actor: Any
) -> None:
    manager = make_actor(db, Role.MANAGER)
    venue = birmingham(db, manager)
    venues.save_venue(
        db, manager, venue.id, VenueDraft("Birmingham", "", 5), expected_version=venue.version
    )
    with pytest.raises(StaleEditError):
        venues.save_venue(
            db, manager, venue.id, VenueDraft("Birmingham", "", 3), expected_version=venue.version
        )
    for role in (Role.RECEPTIONIST, Role.CASEWORKER):
        other = make_actor(db, role)
        with pytest.raises(PermissionDenied):
            venues.list_venues(db, other)
        with pytest.raises(PermissionDenied):
            venues.save_venue(db, other, venue.id, VenueDraft("B", "", 1), expected_version=2)
