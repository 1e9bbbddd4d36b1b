"""append-only audit trail; merges of two records of one person

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

The database itself refuses to change or delete audit events: on PostgreSQL a trigger raises on
UPDATE, DELETE and TRUNCATE of ``audit_events`` (so the application's role cannot rewrite the
trail, whatever its grants); on SQLite triggers raise on UPDATE and DELETE (SQLite has no
TRUNCATE). Only someone able to drop or disable the triggers (the table's owner or a superuser)
can tamper, and the hash chain then shows where.

A later migration that rebuilds ``audit_events`` in SQLite batch mode drops these triggers with
the old table: it must create them again (``create_audit_guard``).

``person_merges`` keeps, for each merge of two records of the same person, exactly which rows
moved, so that "Undo merge" restores them until the merge is confirmed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

GUARD_MESSAGE = "audit_events_append_only"

PG_GUARD = [
    f"""
    CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{GUARD_MESSAGE}: audit events cannot be changed or deleted'
            USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    "CREATE TRIGGER trg_audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE TRIGGER trg_audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
]
SQLITE_GUARD = [
    "CREATE TRIGGER trg_audit_events_no_update BEFORE UPDATE ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}'); END",
    "CREATE TRIGGER trg_audit_events_no_delete BEFORE DELETE ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}'); END",
]


def create_audit_guard() -> None:
    statements = PG_GUARD if op.get_bind().dialect.name == "postgresql" else SQLITE_GUARD
    for statement in statements:
        op.execute(statement)


def drop_audit_guard() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS trg_audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS trg_audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS trg_audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS trg_audit_events_no_delete")


def upgrade() -> None:
    op.create_table(
        "person_merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kept_id", sa.Integer(), nullable=False),
        sa.Column("merged_id", sa.Integer(), nullable=False),
        sa.Column("duplicate_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("moved", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["duplicate_id"], ["possible_duplicates.id"],
            name=op.f("fk_person_merges_duplicate_id_possible_duplicates"),
        ),
        sa.ForeignKeyConstraint(
            ["kept_id"], ["people.id"], name=op.f("fk_person_merges_kept_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["merged_id"], ["people.id"], name=op.f("fk_person_merges_merged_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_merges")),
    )
    with op.batch_alter_table("person_merges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_merges_kept_id"), ["kept_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_person_merges_merged_id"), ["merged_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_person_merges_status"), ["status"], unique=False)
    create_audit_guard()


def downgrade() -> None:
    drop_audit_guard()
    with op.batch_alter_table("person_merges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_merges_status"))
        batch_op.drop_index(batch_op.f("ix_person_merges_merged_id"))
        batch_op.drop_index(batch_op.f("ix_person_merges_kept_id"))
    op.drop_table("person_merges")
