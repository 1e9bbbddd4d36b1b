"""Migrations: upgrade an empty database to head on both backends; models and schema agree."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from divert_desktop.core.enums import LocalAuthority
from divert_desktop.persistence.migrate import current_revision, head_revision, upgrade
from divert_desktop.persistence.models import Base, Venue


def test_upgrade_from_empty_reaches_head(db) -> None:
    assert current_revision(db.engine) == head_revision()
    # upgrading again is a no-op
    assert upgrade(db.engine) == head_revision()


def test_autogenerate_finds_no_difference(db) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_seven_venue_hubs_named_as_their_areas(db) -> None:
    with db.unit_of_work(write=False) as session:
        venues = session.execute(sa.select(Venue.name, Venue.local_authority)).all()
    assert sorted(v.name for v in venues) == sorted(la.value for la in LocalAuthority)
    assert all(v.name == v.local_authority.value for v in venues)
