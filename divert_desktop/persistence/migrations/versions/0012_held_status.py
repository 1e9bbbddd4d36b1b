"""held referrals get their own status

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08

A referral held for a manager by the repeat-referral bar (an earlier referral of the person, or of
a likely match, was closed as not engaged) was stored as ``ineligible`` with the reason "previous
referral not engaged" before anyone had decided; held_by_repeat_bar found it by that pair. From
now on it is stored as ``held`` until a manager overrides the bar (received) or confirms it
(ineligible). The undecided ones move to ``held``: those still ineligible for that reason that
intake or the import recorded so (their status was never changed afterwards: their history is
exactly the intake's two rows, new to received and received to ineligible). An override already moved a decided one to
received, so it is not touched. The intake's history row becomes received to held, as intake
stores it now. ``referrals.status`` is a plain string column on both backends (no native enum
type), so only rows change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_PREVIOUS_NOT_ENGAGED = "previous referral not engaged"

_referrals = sa.table(
    "referrals",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("status_reason", sa.String),
)
_history = sa.table(
    "referral_status_history",
    sa.column("id", sa.Integer),
    sa.column("referral_id", sa.Integer),
    sa.column("from_status", sa.String),
    sa.column("to_status", sa.String),
    sa.column("reason", sa.String),
)


def _undecided() -> sa.Select:
    """Ids of referrals held by the old rule that nobody changed after intake: their history is
    exactly intake's two rows, new to received and received to ineligible."""
    r, h, every = _referrals, _history.alias("h"), _history.alias("every")
    rows = (
        sa.select(sa.func.count(every.c.id))
        .where(every.c.referral_id == r.c.id)
        .correlate(r)
        .scalar_subquery()
    )
    intake_row = (
        sa.exists()
        .where(
            h.c.referral_id == r.c.id,
            h.c.from_status == "received",
            h.c.to_status == "ineligible",
        )
        .correlate(r)
    )
    return sa.select(r.c.id).where(
        r.c.status == "ineligible",
        r.c.status_reason == _PREVIOUS_NOT_ENGAGED,
        intake_row,
        rows == 2,
    )


def upgrade() -> None:
    bind = op.get_bind()
    ids = [row[0] for row in bind.execute(_undecided())]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        bind.execute(
            _history.update()
            .where(
                _history.c.referral_id.in_(chunk),
                _history.c.from_status == "received",
                _history.c.to_status == "ineligible",
            )
            .values(to_status="held")
        )
        bind.execute(_referrals.update().where(_referrals.c.id.in_(chunk)).values(status="held"))


def downgrade() -> None:
    bind = op.get_bind()
    # An older app knows no held: it showed an undecided hold as ineligible for the repeat bar.
    bind.execute(
        _history.update().where(_history.c.to_status == "held").values(to_status="ineligible")
    )
    bind.execute(
        _history.update().where(_history.c.from_status == "held").values(from_status="ineligible")
    )
    bind.execute(
        _referrals.update()
        .where(_referrals.c.status == "held")
        .values(status="ineligible", status_reason=_PREVIOUS_NOT_ENGAGED)
    )
