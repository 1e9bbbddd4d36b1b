"""Merges of two records of the same person, kept so that a merge can be undone until confirmed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from divert_desktop.persistence.models.base import Base, utc_default, version_column

MERGE_PENDING = "pending"
MERGE_CONFIRMED = "confirmed"
MERGE_UNDONE = "undone"


class PersonMerge(Base):
    """``merged_id``'s referrals, appointments, letters … moved to ``kept_id``. ``moved`` lists
    exactly which rows moved (and what else changed), so "Undo merge" puts them back."""

    __tablename__ = "person_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    kept_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    merged_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    duplicate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("possible_duplicates.id"))
    status: Mapped[str] = mapped_column(sa.String(20), default=MERGE_PENDING, index=True)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    moved: Mapped[Any] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utc_default)
    created_by: Mapped[str] = mapped_column(sa.String(64))
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(sa.String(64))
    version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": version}
