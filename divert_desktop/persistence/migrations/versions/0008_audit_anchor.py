"""audit trail anchored: a keyed hash chain and insert-only checkpoints of its head

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

``audit_chain`` (one row) names this installation (``installation_id``, a random UUID) and says
from which event id the hashes are keyed with HMAC-SHA256 (``keyed_from``). Events written
before the upgrade keep their plain SHA-256 hashes and are still checked with that rule.

- **SQLite**: the key is made on first need and kept in the operating system's keyring under the
  installation id; ``keyed_from`` is set then (once: a trigger refuses to change it afterwards).
- **PostgreSQL**: the key is made here, as HMAC pads in ``audit_key``, a table only its owner can
  read (REVOKE ALL FROM PUBLIC). The application computes keyed hashes through two SECURITY
  DEFINER functions with a fixed search_path, ``audit_chain_hashes`` (the next hashes of the
  chain) and ``audit_hmac`` (for verifying), and never sees the key; events from the next one
  on are keyed.

``audit_checkpoints`` keeps the head of the trail at a moment (count, last id and hash): on
PostgreSQL written at each sign-in and on ``audit verify --checkpoint``, and copied into every
backup and its manifest. Triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL), as for
``audit_events``.
"""

from __future__ import annotations

import secrets
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

GUARD_MESSAGE = "audit_checkpoints_append_only"
CHAIN_MESSAGE = "audit_chain_set_once"


def _pads(key: bytes) -> tuple[bytes, bytes]:
    """HMAC-SHA256's inner and outer pads of ``key`` (RFC 2104; the key is under 64 bytes)."""
    block = key.ljust(64, b"\0")
    return bytes(b ^ 0x36 for b in block), bytes(b ^ 0x5C for b in block)


def _pg_functions(schema: str) -> list[str]:
    key = f'"{schema}".audit_key'
    hmac = "encode(sha256(k.outer_pad || sha256(k.inner_pad || convert_to({m}, 'UTF8'))), 'hex')"
    return [
        f"""
        CREATE FUNCTION audit_chain_hashes(prev text, payloads text[]) RETURNS text[]
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            k record;
            p text;
            hashes text[] := '{{}}';
        BEGIN
            SELECT inner_pad, outer_pad INTO k FROM {key} ORDER BY id LIMIT 1;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'audit_key_missing: the audit key is missing';
            END IF;
            FOREACH p IN ARRAY payloads LOOP
                prev := {hmac.format(m="prev || p")};
                hashes := hashes || prev;
            END LOOP;
            RETURN hashes;
        END
        $$
        """,
        f"""
        CREATE FUNCTION audit_hmac(messages text[]) RETURNS text[]
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            SELECT coalesce(array_agg({hmac.format(m="u.m")} ORDER BY u.i), '{{}}')
            FROM (SELECT inner_pad, outer_pad FROM {key} ORDER BY id LIMIT 1) AS k,
                 unnest(messages) WITH ORDINALITY AS u(m, i)
        $$
        """,
        "REVOKE ALL ON TABLE audit_key FROM PUBLIC",
        "REVOKE UPDATE, DELETE, TRUNCATE ON TABLE audit_checkpoints FROM PUBLIC",
        f"""
        CREATE FUNCTION audit_checkpoints_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{GUARD_MESSAGE}: audit checkpoints cannot be changed or deleted'
                USING ERRCODE = 'insufficient_privilege';
        END
        $$
        """,
        "CREATE TRIGGER trg_audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON "
        "audit_checkpoints FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only()",
        "CREATE TRIGGER trg_audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_append_only()",
        "CREATE TRIGGER trg_audit_key_append_only BEFORE UPDATE OR DELETE ON audit_key "
        "FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only()",
        "CREATE TRIGGER trg_audit_key_no_truncate BEFORE TRUNCATE ON audit_key "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_append_only()",
        f"""
        CREATE FUNCTION audit_chain_set_once() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'UPDATE' OR OLD.keyed_from IS NOT NULL
               OR NEW.installation_id <> OLD.installation_id OR NEW.id <> OLD.id THEN
                RAISE EXCEPTION '{CHAIN_MESSAGE}: where audit keying starts is set once'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END
        $$
        """,
        "CREATE TRIGGER trg_audit_chain_set_once BEFORE UPDATE OR DELETE ON audit_chain "
        "FOR EACH ROW EXECUTE FUNCTION audit_chain_set_once()",
        "CREATE TRIGGER trg_audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_set_once()",
    ]


SQLITE_GUARD = [
    "CREATE TRIGGER trg_audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints "
    f"BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}'); END",
    "CREATE TRIGGER trg_audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints "
    f"BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}'); END",
    "CREATE TRIGGER trg_audit_chain_set_once BEFORE UPDATE ON audit_chain "
    "WHEN OLD.keyed_from IS NOT NULL OR NEW.installation_id IS NOT OLD.installation_id "
    f"OR NEW.id IS NOT OLD.id BEGIN SELECT RAISE(ABORT, '{CHAIN_MESSAGE}'); END",
    "CREATE TRIGGER trg_audit_chain_no_delete BEFORE DELETE ON audit_chain "
    f"BEGIN SELECT RAISE(ABORT, '{CHAIN_MESSAGE}'); END",
]


def upgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("installation_id", sa.String(length=36), nullable=False),
        sa.Column("keyed_from", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain")),
    )
    op.create_table(
        "audit_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inner_pad", sa.LargeBinary(), nullable=False),
        sa.Column("outer_pad", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_key")),
    )
    op.create_table(
        "audit_checkpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("installation_id", sa.String(length=36), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("head_id", sa.Integer(), nullable=True),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.Column("keyed_from", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_checkpoints")),
    )
    keyed_from = None
    if postgres:
        inner, outer = _pads(secrets.token_bytes(32))
        bind.execute(
            sa.text(
                "INSERT INTO audit_key (id, inner_pad, outer_pad, created_at) "
                "VALUES (1, :inner, :outer, timezone('utc', now()))"
            ),
            {"inner": inner, "outer": outer},
        )
        top = bind.execute(sa.text("SELECT max(id) FROM audit_events")).scalar()
        keyed_from = (top or 0) + 1
    bind.execute(
        sa.text("INSERT INTO audit_chain (id, installation_id, keyed_from) VALUES (1, :i, :k)"),
        {"i": str(uuid.uuid4()), "k": keyed_from},
    )
    if postgres:
        schema = bind.execute(sa.text("SELECT current_schema()")).scalar_one()
        for statement in _pg_functions(schema):
            op.execute(statement)
    else:
        for statement in SQLITE_GUARD:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_hmac(text[])")
        op.execute("DROP FUNCTION IF EXISTS audit_chain_hashes(text, text[])")
    else:
        for name in ("trg_audit_checkpoints_no_update", "trg_audit_checkpoints_no_delete",
                     "trg_audit_chain_set_once", "trg_audit_chain_no_delete"):  # fmt: skip
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("audit_checkpoints")
    op.drop_table("audit_key")
    op.drop_table("audit_chain")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_checkpoints_append_only()")
        op.execute("DROP FUNCTION IF EXISTS audit_chain_set_once()")
