"""Venues and appointments (the diary)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from divert_desktop.core.enums import (
    AppointmentStatus,
    AppointmentType,
    LocalAuthority,
    PlaceKind,
)
from divert_desktop.persistence.models.base import Base, enum_column, utc_default, version_column


class Venue(Base):
    """A venue hub in one of the seven areas; ``capacity`` is how many rooms it has."""

    __tablename__ = "venues"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    local_authority: Mapped[LocalAuthority] = enum_column(LocalAuthority)
    address: Mapped[str | None] = mapped_column(sa.Text)
    capacity: Mapped[int] = mapped_column(default=4, server_default="4")
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": version}


class Appointment(Base):
    """One appointment. ``end_at`` is stored so the database can refuse double bookings."""

    __tablename__ = "appointments"
    __table_args__ = (
        sa.Index("ix_appointments_caseworker_start", "caseworker_id", "start_at"),
        sa.Index("ix_appointments_venue_start", "venue_id", "start_at"),
        sa.CheckConstraint("end_at > start_at", name="end_after_start"),
        # Bounded length keeps the SQLite overlap trigger's index range small (see migration 0001).
        sa.CheckConstraint("length_minutes BETWEEN 5 AND 720", name="length_bounded"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    referral_id: Mapped[int | None] = mapped_column(sa.ForeignKey("referrals.id"), index=True)
    type: Mapped[AppointmentType] = enum_column(AppointmentType)
    caseworker_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_users.id"))
    start_at: Mapped[datetime] = mapped_column(index=True)
    end_at: Mapped[datetime]
    length_minutes: Mapped[int]
    place_kind: Mapped[PlaceKind] = enum_column(PlaceKind)
    venue_id: Mapped[int | None] = mapped_column(sa.ForeignKey("venues.id"))
    place_detail: Mapped[str | None] = mapped_column(sa.String(200))
    status: Mapped[AppointmentStatus] = enum_column(AppointmentStatus)
    status_reason: Mapped[str | None] = mapped_column(sa.String(300))
    moved_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("appointments.id"))
    arrived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_default)
    created_by: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": version}
