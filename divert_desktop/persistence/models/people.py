"""People referred to the scheme, and possible duplicates awaiting a person's review."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from divert_desktop.core.enums import ContactMethod, Ethnicity, Gender, LocalAuthority
from divert_desktop.persistence.models.base import Base, enum_column, utc_default, version_column


class Person(Base):
    __tablename__ = "people"
    __table_args__ = (
        sa.Index("ix_people_search_last_first", "search_last", "search_first"),
        sa.Index("ix_people_search_first", "search_first"),
        sa.Index("ix_people_search_known_as", "search_known_as"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100))
    known_as: Mapped[str | None] = mapped_column(sa.String(100))
    date_of_birth: Mapped[date] = mapped_column(index=True)
    gender: Mapped[Gender | None] = enum_column(Gender, nullable=True)
    ethnicity: Mapped[Ethnicity | None] = enum_column(Ethnicity, nullable=True)
    address_line1: Mapped[str | None] = mapped_column(sa.String(200))
    address_line2: Mapped[str | None] = mapped_column(sa.String(200))
    town: Mapped[str | None] = mapped_column(sa.String(100))
    postcode: Mapped[str | None] = mapped_column(sa.String(10), index=True)
    local_authority: Mapped[LocalAuthority | None] = enum_column(LocalAuthority, nullable=True)
    phone: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    email: Mapped[str | None] = mapped_column(sa.String(254))
    preferred_contact: Mapped[ContactMethod | None] = enum_column(ContactMethod, nullable=True)
    letters_allowed: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    accessibility_needs: Mapped[str | None] = mapped_column(sa.Text)
    language_needs: Mapped[str | None] = mapped_column(sa.String(200))
    pnc_id: Mapped[str | None] = mapped_column(sa.String(20))
    # Case- and accent-folded keys searched by range (see PITFALLS: LIKE on lower() skips indexes).
    search_first: Mapped[str] = mapped_column(sa.String(100))
    search_last: Mapped[str] = mapped_column(sa.String(100))
    search_known_as: Mapped[str | None] = mapped_column(sa.String(100))
    needs_review: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    anonymised_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_default)
    updated_at: Mapped[datetime] = mapped_column(default=utc_default, onupdate=utc_default)
    version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": version}


class PersonNamePart(Base):
    """A later word of a person's folded first, last or known-as name ("jones" of "ozturk jones"),
    so a search for any word of a name is an index range, not a scan of every surname."""

    __tablename__ = "person_name_parts"
    __table_args__ = (sa.Index("ix_person_name_parts_person_id", "person_id"),)

    part: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )


class PossibleDuplicate(Base):
    """Two people who may be the same; a user confirms. Never merged silently."""

    __tablename__ = "possible_duplicates"
    __table_args__ = (sa.UniqueConstraint("person_id", "candidate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    score: Mapped[int]
    reasons: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20), default="open", server_default="open")
    created_at: Mapped[datetime] = mapped_column(default=utc_default)
    resolved_by: Mapped[str | None] = mapped_column(sa.String(64))
    resolved_at: Mapped[datetime | None]
