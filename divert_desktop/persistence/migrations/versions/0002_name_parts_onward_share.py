"""name parts for search; onward referral reason and consented share items

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

``person_name_parts`` holds the later words of each person's folded names so that searching a
later part of a surname ("jones" in "Öztürk-Jones") is an index range instead of a scan of every
surname. Filled here from the names already stored.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    parts = op.create_table(
        "person_name_parts",
        sa.Column("part", sa.String(length=100), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_person_name_parts_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("part", "person_id", name=op.f("pk_person_name_parts")),
    )
    op.create_index("ix_person_name_parts_person_id", "person_name_parts", ["person_id"])
    with op.batch_alter_table("onward_referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("share_items", sa.JSON(), nullable=True))

    conn = op.get_bind()
    people = sa.table(
        "people", sa.column("id"), sa.column("search_first"), sa.column("search_last"),
        sa.column("search_known_as"),
    )
    last_id = 0
    while True:
        rows = conn.execute(
            sa.select(people).where(people.c.id > last_id).order_by(people.c.id).limit(BATCH)
        ).all()
        if not rows:
            break
        last_id = rows[-1].id
        batch = []
        for row in rows:
            words: dict[str, None] = {}
            for key in (row.search_first, row.search_last, row.search_known_as):
                for word in (key or "").split()[1:]:
                    words.setdefault(word[:100], None)
            batch.extend({"person_id": row.id, "part": w} for w in words)
        if batch:
            conn.execute(sa.insert(parts), batch)


def downgrade() -> None:
    with op.batch_alter_table("onward_referrals", schema=None) as batch_op:
        batch_op.drop_column("share_items")
        batch_op.drop_column("reason")
    op.drop_index("ix_person_name_parts_person_id", table_name="person_name_parts")
    op.drop_table("person_name_parts")
