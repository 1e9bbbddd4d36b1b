"""letter PDFs stored without a second compression attempt (PostgreSQL)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

Each letter's PDF (about 40 KB, already deflate-compressed by ReportLab) is kept in
``letters.pdf``. PostgreSQL tries to compress every such value again before moving it out of the
row, fails to gain anything, and stores it uncompressed anyway; that attempt was about half the
cost of logging a letter in a batch. ``STORAGE EXTERNAL`` skips it: the same bytes are stored the
same way, out of line. Nothing changes on SQLite, which has no such setting.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE letters ALTER COLUMN pdf SET STORAGE EXTERNAL")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE letters ALTER COLUMN pdf SET STORAGE EXTENDED")
