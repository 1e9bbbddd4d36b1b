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


def test_0002_fills_name_parts_from_people_already_stored(tmp_path) -> None:
    from divert_desktop.persistence.engine import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        upgrade(engine, "0001")
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO people (first_name, last_name, date_of_birth, search_first, "
                    "search_last, search_known_as, letters_allowed, needs_review, created_at, "
                    "updated_at, version) VALUES ('Mary Ann', 'Ozturk-Jones', '1990-01-02', "
                    "'mary ann', 'ozturk jones', NULL, 1, 0, '2026-01-01', '2026-01-01', 1)"
                )
            )
        upgrade(engine)
        with engine.connect() as conn:
            parts = conn.execute(sa.text("SELECT part FROM person_name_parts ORDER BY part"))
            assert [p for (p,) in parts] == ["ann", "jones"]
    finally:
        engine.dispose()


def test_0007_letter_pdfs_skip_the_second_compression_on_postgresql(db) -> None:
    """PostgreSQL keeps letters.pdf out of line without trying to compress it again (the PDFs
    are compressed already); SQLite has no such setting and stores the bytes as they are."""
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "postgresql":
            storage = conn.execute(
                sa.text(
                    "SELECT attstorage FROM pg_attribute WHERE attrelid = 'letters'::regclass "
                    "AND attname = 'pdf'"
                )
            ).scalar_one()
            assert storage == "e"  # EXTERNAL
        else:
            kind = conn.execute(
                sa.text("SELECT type FROM pragma_table_info('letters') WHERE name = 'pdf'")
            ).scalar_one()
            assert kind.upper() in {"BLOB", "BYTEA", "LARGEBINARY"}
