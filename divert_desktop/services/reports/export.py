"""Exports for further work: one CSV row per referral, streamed from the database."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from divert_desktop.core.enums import (
    ACTIVE_APPOINTMENT_STATUSES,
    AppointmentStatus,
    AppointmentType,
    Substance,
)
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Appointment, Referral, ReferralSubstance
from divert_desktop.private_files import open_private
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.context import Actor
from divert_desktop.services.sheet_files import csv_writer

REFERRAL_COLUMNS = (
    "police_reference",
    "referral_date",
    "status",
    "status_reason",
    "local_authority",
    "young_person",
    "substances",
    "person_id",
    "referral_number",
    "initial_appointment",
    "referral_time",
    "officer_number",
    "appointment_status",
    "engagement_deadline",
)
"""The header of ``export referrals``, in order (the first ten are the command-line contract)."""

CHUNK_ROWS = 2000
_SUBSTANCE_ORDER = {s.value: i for i, s in enumerate(Substance)}


def _joined(column: Any, dialect: str) -> Any:
    """Aggregate text values into one ";"-separated string (the order is fixed afterwards)."""
    text = sa.type_coerce(column, sa.String)
    if dialect == "postgresql":
        return sa.func.string_agg(text, ";", type_=sa.String)
    return sa.func.group_concat(text, ";", type_=sa.String)


def referrals_query(dialect: str) -> sa.Select[Any]:
    """One row per referral with its substances, its number for the person and its initial
    appointment, computed in SQL (ROW_NUMBER works on SQLite 3.25+ and PostgreSQL)."""
    r, rs, a = Referral.__table__, ReferralSubstance.__table__, Appointment.__table__
    substances = (
        sa.select(_joined(rs.c.substance, dialect))
        .where(rs.c.referral_id == r.c.id)
        .scalar_subquery()
    )
    initial = a.c.referral_id == r.c.id, a.c.type == AppointmentType.INITIAL_ASSESSMENT
    first_active = (
        sa.select(a.c.start_at)
        .where(*initial, a.c.status.in_(sorted(ACTIVE_APPOINTMENT_STATUSES)))
        .order_by(a.c.start_at, a.c.id)
        .limit(1)
        .scalar_subquery()
    )
    latest_status = (
        sa.select(a.c.status)
        .where(*initial, a.c.status != AppointmentStatus.MOVED)
        .order_by(a.c.start_at.desc(), a.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    number = sa.func.row_number().over(
        partition_by=r.c.person_id, order_by=(r.c.referral_datetime, r.c.id)
    )
    return sa.select(
        r.c.police_reference,
        r.c.referral_datetime,
        r.c.status,
        r.c.status_reason,
        r.c.local_authority,
        r.c.young_person,
        substances.label("substances"),
        r.c.person_id,
        number.label("referral_number"),
        first_active.label("initial_appointment"),
        r.c.officer_number,
        latest_status.label("appointment_status"),
        r.c.engagement_deadline,
    ).order_by(r.c.referral_datetime, r.c.id)


def _substances(joined: str | None) -> str:
    names = [name for name in (joined or "").split(";") if name]
    return ";".join(sorted(set(names), key=lambda n: (_SUBSTANCE_ORDER.get(n, 99), n)))


def _csv_row(row: Any) -> list[Any]:
    initial = row.initial_appointment
    return [
        row.police_reference,
        row.referral_datetime.strftime("%Y-%m-%d"),
        str(row.status),
        row.status_reason or "",
        str(row.local_authority),
        "yes" if row.young_person else "no",
        _substances(row.substances),
        row.person_id,
        row.referral_number,
        initial.strftime("%Y-%m-%d %H:%M") if initial is not None else "",
        row.referral_datetime.strftime("%H:%M"),
        row.officer_number,
        str(row.appointment_status) if row.appointment_status is not None else "",
        row.engagement_deadline.isoformat(),
    ]


def export_referrals_csv(db: Database, actor: Actor, out: Path) -> int:
    """Write every referral to ``out`` as UTF-8 CSV with a header row; returns the number of rows.

    Rows are streamed in chunks (a server-side cursor on PostgreSQL), written to a temporary file
    beside ``out`` and moved into place once the export is recorded in the audit trail. Raises
    PermissionDenied, and ValidationError when the file cannot be written.
    """
    actor.require(Action.EXPORT_DATA)
    out = Path(out)
    if not out.parent.is_dir():
        raise ValidationError(
            f"The folder {out.parent} does not exist. Choose another place.", field="out"
        )
    partial = out.with_name(f".{out.name}.part")
    count = 0
    try:
        with open_private(partial, "w", encoding="utf-8", newline="") as handle:
            writer = csv_writer(handle)
            writer.writerow(REFERRAL_COLUMNS)
            with db.unit_of_work(write=False) as session:
                stmt = referrals_query(session.get_bind().dialect.name)
                result = session.execute(stmt.execution_options(yield_per=CHUNK_ROWS))
                for chunk in result.partitions():
                    writer.writerows(_csv_row(row) for row in chunk)
                    count += len(chunk)
        with db.unit_of_work() as session:
            record(
                session,
                actor,
                AuditEntry(
                    "export.referrals", "referral", None, None, {"file": str(out), "rows": count}
                ),
            )
        os.replace(partial, out)
    except OSError as exc:
        raise ValidationError(f"Cannot write {out}: {exc.strerror or exc}.", field="out") from exc
    finally:
        if partial.exists():
            partial.unlink()
    return count
