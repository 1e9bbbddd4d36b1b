"""the requested appointment an import could not keep, and the held referral status

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

``referrals`` gains ``rebook_requested_at``, ``rebook_venue`` and ``rebook_reason``: the time and
venue an officer asked for when the import could not book them (closed day, outside opening
hours, venue full …), listed on the Today page under Needs rebooking until the referral is
booked. A referral held for a manager by the repeat-referral bar was stored as ``ineligible``
with the reason "previous referral not engaged" before anyone decided; those not yet decided
(no override recorded) become ``held``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_PREVIOUS_NOT_ENGAGED = "previous referral not engaged"


def upgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rebook_requested_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("rebook_venue", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("rebook_reason", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_column("rebook_reason")
        batch_op.drop_column("rebook_venue")
        batch_op.drop_column("rebook_requested_at")
