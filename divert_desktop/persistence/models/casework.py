"""Assessments, educational sessions, the service directory and onward referrals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from divert_desktop.core.enums import OnwardStatus, ServiceType
from divert_desktop.persistence.models.base import Base, enum_column, utc_default, version_column


class Assessment(Base):
    """A completed assessment: answers stored with the form id and version they were made with."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(sa.ForeignKey("referrals.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    appointment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("appointments.id"))
    form_id: Mapped[str] = mapped_column(sa.String(80))
    form_version: Mapped[str] = mapped_column(sa.String(20))
    answers: Mapped[Any] = mapped_column(sa.JSON)
    scores: Mapped[Any] = mapped_column(sa.JSON)
    supersedes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("assessments.id"))
    amended_at: Mapped[datetime | None]
    amended_by: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utc_default)
    created_by: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": version}


class EducationalSession(Base):
    __tablename__ = "educational_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(sa.ForeignKey("referrals.id"), index=True)
    appointment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("appointments.id"))
    caseworker_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_users.id"))
    session_date: Mapped[date]
    length_minutes: Mapped[int]
    attended: Mapped[bool]
    topics: Mapped[Any] = mapped_column(sa.JSON)
    topics_other: Mapped[str | None] = mapped_column(sa.Text)
    reflections: Mapped[str | None] = mapped_column(sa.Text)
    next_steps: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utc_default)
    created_by: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": version}


class Service(Base):
    """An organisation in the service directory that people can be referred on to."""

    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation: Mapped[str] = mapped_column(sa.String(200))
    service_type: Mapped[ServiceType] = enum_column(ServiceType)
    areas: Mapped[Any] = mapped_column(sa.JSON)
    contact_name: Mapped[str | None] = mapped_column(sa.String(120))
    phone: Mapped[str | None] = mapped_column(sa.String(20))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    address: Mapped[str | None] = mapped_column(sa.Text)
    referral_method: Mapped[str | None] = mapped_column(sa.String(200))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": version}


class OnwardReferral(Base):
    __tablename__ = "onward_referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(sa.ForeignKey("referrals.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("services.id"))
    status: Mapped[OnwardStatus] = enum_column(OnwardStatus)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    share_items: Mapped[Any] = mapped_column(sa.JSON, nullable=True)
    """What the person agreed may be shared with the service (keys; see core.onward)."""
    consent_at: Mapped[datetime | None]
    consent_recorded_by: Mapped[str | None] = mapped_column(sa.String(64))
    sent_at: Mapped[datetime | None]
    follow_up_date: Mapped[date | None]
    notes: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utc_default)
    created_by: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": version}
