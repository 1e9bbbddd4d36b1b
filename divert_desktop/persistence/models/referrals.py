"""Police referrals, their substances and their status history."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from divert_desktop.core.enums import FollowUpResult, LocalAuthority, ReferralStatus, Substance
from divert_desktop.persistence.models.base import Base, enum_column, utc_default, version_column


class Referral(Base):
    __tablename__ = "referrals"
    __table_args__ = (sa.Index("ix_referrals_status_date", "status", "referral_datetime"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    police_reference: Mapped[str] = mapped_column(sa.String(40), unique=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    referral_datetime: Mapped[datetime] = mapped_column(index=True)
    officer_name: Mapped[str] = mapped_column(sa.String(120))
    officer_number: Mapped[str] = mapped_column(sa.String(20))
    local_authority: Mapped[LocalAuthority] = enum_column(LocalAuthority)
    intent_to_supply: Mapped[bool] = mapped_column(default=False)
    young_person: Mapped[bool] = mapped_column(default=False)
    appropriate_adult_name: Mapped[str | None] = mapped_column(sa.String(120))
    appropriate_adult_relationship: Mapped[str | None] = mapped_column(sa.String(80))
    appropriate_adult_phone: Mapped[str | None] = mapped_column(sa.String(20))
    consent_to_share: Mapped[bool | None]
    notes: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[ReferralStatus] = enum_column(ReferralStatus)
    status_reason: Mapped[str | None] = mapped_column(sa.String(300))
    status_changed_at: Mapped[datetime] = mapped_column(default=utc_default)
    engagement_deadline: Mapped[date]
    sessions_planned: Mapped[int] = mapped_column(default=1, server_default="1")
    override_reason: Mapped[str | None] = mapped_column(sa.Text)
    overridden_by: Mapped[str | None] = mapped_column(sa.String(64))
    outcome_sent_at: Mapped[datetime | None]
    followup_rearrested: Mapped[FollowUpResult | None] = enum_column(FollowUpResult, nullable=True)
    followup_rearrest_date: Mapped[date | None]
    followup_learned_on: Mapped[date | None]
    followup_source: Mapped[str | None] = mapped_column(sa.String(200))
    source: Mapped[str] = mapped_column(sa.String(20), default="manual")
    source_hash: Mapped[str | None] = mapped_column(sa.String(64))
    # The appointment the police asked for when the import could not book it (Needs rebooking).
    rebook_requested_at: Mapped[datetime | None]
    rebook_venue: Mapped[str | None] = mapped_column(sa.String(120))
    rebook_reason: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(default=utc_default)
    created_by: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int] = version_column()

    substances: Mapped[list[ReferralSubstance]] = relationship(
        cascade="all, delete-orphan", order_by="ReferralSubstance.id", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}


class ReferralSubstance(Base):
    __tablename__ = "referral_substances"
    __table_args__ = (sa.UniqueConstraint("referral_id", "substance"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(sa.ForeignKey("referrals.id", ondelete="CASCADE"))
    substance: Mapped[Substance] = enum_column(Substance)
    other_text: Mapped[str | None] = mapped_column(sa.String(120))


class ReferralStatusChange(Base):
    """Every change of a referral's status: when, who and (for exits and overrides) why."""

    __tablename__ = "referral_status_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[ReferralStatus | None] = enum_column(ReferralStatus, nullable=True)
    to_status: Mapped[ReferralStatus] = enum_column(ReferralStatus)
    at: Mapped[datetime] = mapped_column(default=utc_default)
    username: Mapped[str] = mapped_column(sa.String(64))
    reason: Mapped[str | None] = mapped_column(sa.String(300))
