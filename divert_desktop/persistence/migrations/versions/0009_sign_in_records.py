"""sign-in attempts kept by account id or keyed hash, never the text typed

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

``sign_in_attempts`` counted failed sign-ins per username *as typed*, so a password typed into
the username box was stored. Now a row counts the failures of one account (``user_id``) or, for
text that names no account, of an HMAC-SHA256 of the text under a random key made here for this
database (``installation_secrets.sign_in``): enough to slow down repeated tries of the same
text, without keeping it. Rows already stored are converted the same way (their text is gone
afterwards).

Failed sign-ins recorded in the audit trail before this version still hold the text typed in
their ``username`` field and details: the trail is append-only and hash-chained, so they are
left as they are. New ones name the account, or ``(no such account)`` with no text at all.
"""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from alembic import op

from divert_desktop.core.passwords import typed_name_hash

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _when(value: object) -> datetime:
    """A timestamp read with plain SQL (SQLite gives text)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _create_attempts() -> None:
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name_hash", sa.String(length=64), nullable=True),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_failed_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(user_id IS NULL) <> (name_hash IS NULL)",
            name=op.f("ck_sign_in_attempts_one_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_users.id"],
            name=op.f("fk_sign_in_attempts_user_id_staff_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_attempts")),
        sa.UniqueConstraint("name_hash", name=op.f("uq_sign_in_attempts_name_hash")),
        sa.UniqueConstraint("user_id", name=op.f("uq_sign_in_attempts_user_id")),
    )


def upgrade() -> None:
    secrets_table = op.create_table(
        "installation_secrets",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_installation_secrets")),
    )
    key = secrets.token_hex(32)
    op.bulk_insert(secrets_table, [{"name": "sign_in", "value": key}])

    bind = op.get_bind()
    old = bind.execute(
        sa.text("SELECT username, failures, last_failed_at FROM sign_in_attempts")
    ).all()
    accounts = dict(bind.execute(sa.text("SELECT username, id FROM staff_users")).all())
    op.drop_table("sign_in_attempts")
    _create_attempts()
    rows: dict[tuple[int | None, str | None], dict] = {}
    for typed, failures, when in old:
        last_failed_at = _when(when)
        user_id = accounts.get(typed)
        name_hash = None if user_id is not None else typed_name_hash(key, typed)
        subject = (user_id, name_hash)
        kept = rows.get(subject)
        if kept is None or kept["last_failed_at"] < last_failed_at:
            rows[subject] = {"user_id": user_id, "name_hash": name_hash, "failures": failures,
                             "last_failed_at": last_failed_at}  # fmt: skip
    if rows:
        table = sa.table(
            "sign_in_attempts",
            sa.column("user_id", sa.Integer()),
            sa.column("name_hash", sa.String()),
            sa.column("failures", sa.Integer()),
            sa.column("last_failed_at", sa.DateTime()),
        )
        op.bulk_insert(table, list(rows.values()))


def downgrade() -> None:
    bind = op.get_bind()
    known = bind.execute(
        sa.text(
            "SELECT s.username, a.failures, a.last_failed_at FROM sign_in_attempts a "
            "JOIN staff_users s ON s.id = a.user_id"
        )
    ).all()
    op.drop_table("sign_in_attempts")
    table = op.create_table(
        "sign_in_attempts",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_failed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_sign_in_attempts")),
    )
    if known:  # the hashed ones cannot be turned back into text: they are forgotten
        op.bulk_insert(table, [{"username": u, "failures": f, "last_failed_at": _when(t)}
                               for u, f, t in known])  # fmt: skip
    op.drop_table("installation_secrets")
