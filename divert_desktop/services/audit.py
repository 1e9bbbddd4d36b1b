"""The audit trail: append-only, each event hash-chained to the one before."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.persistence.models import AuditEvent, utcnow

from .context import Actor

GENESIS_HASH = "0" * 64
PG_AUDIT_LOCK = 0x41554454  # "AUDT": serialises the hash chain across workstations


@dataclass(frozen=True)
class AuditEntry:
    """One event to record: what was done to which record (and whose record it is)."""

    action: str
    entity_type: str
    entity_id: object = None
    person_id: int | None = None
    details: dict[str, Any] | None = None


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def event_hash(prev_hash: str, row: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the event's fields (not its id)."""
    payload = {k: row[k] for k in sorted(row) if k not in ("id", "hash", "prev_hash")}
    return hashlib.sha256((prev_hash + _canonical(payload)).encode("utf-8")).hexdigest()


def _last_hash(session: Session) -> str:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_AUDIT_LOCK})
    last = session.execute(
        sa.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).scalar_one_or_none()
    return last or GENESIS_HASH


def _row(actor: Actor, entry: AuditEntry, at: datetime) -> dict[str, Any]:
    return {
        "at": at,
        "username": actor.username,
        "role": actor.role.value if actor.role else None,
        "source": actor.source.value,
        "workstation": actor.workstation,
        "action": entry.action,
        "entity_type": entry.entity_type,
        "entity_id": None if entry.entity_id is None else str(entry.entity_id),
        "person_id": entry.person_id,
        "details": json.loads(_canonical(entry.details)) if entry.details is not None else None,
    }


def record(session: Session, actor: Actor, entry: AuditEntry) -> None:
    """Append one event inside the caller's transaction."""
    record_many(session, actor, [entry])


def record_many(session: Session, actor: Actor, entries: Iterable[AuditEntry]) -> int:
    """Append many events in order with one bulk insert; returns how many were written."""
    items = list(entries)
    if not items:
        return 0
    prev = _last_hash(session)
    at = utcnow(session)
    rows = []
    for entry in items:
        row = _row(actor, entry, at)
        row["prev_hash"] = prev
        row["hash"] = prev = event_hash(prev, row)
        rows.append(row)
    session.execute(sa.insert(AuditEvent), rows)
    return len(rows)


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields that differ, as {"field": {"before": x, "after": y}}."""
    out: dict[str, Any] = {}
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            out[key] = {"before": before.get(key), "after": after.get(key)}
    return out


@dataclass(frozen=True)
class ChainCheck:
    """The result of walking the trail: ``first_broken_id`` is the first event that does not
    follow from the one before (changed, or the one after a deleted event)."""

    ok: bool
    events: int
    first_broken_id: int | None = None
    message: str = ""
    cancelled: bool = False


def verify_chain(
    session: Session,
    batch: int = 5000,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ChainCheck:
    """Walk the whole trail in id order (``batch`` rows at a time, keyset) and report the first
    event whose hash does not follow. ``progress(done, total, text)`` counts by event id."""
    cols = [c for c in AuditEvent.__table__.c]
    top = session.execute(sa.select(sa.func.max(AuditEvent.id))).scalar_one_or_none() or 0
    prev = GENESIS_HASH
    count = 0
    last_id = 0
    while True:
        if cancelled is not None and cancelled():
            return ChainCheck(
                False, count, None, f"Stopped after checking {count:,} audit events.", True
            )
        rows: Sequence[Any] = session.execute(
            sa.select(*cols).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not rows:
            break
        for r in rows:
            row = dict(r._mapping)
            if row["prev_hash"] != prev or event_hash(prev, row) != row["hash"]:
                return ChainCheck(
                    False,
                    count,
                    row["id"],
                    f"The audit trail is broken at event {row['id']}: it does not follow from "
                    f"the event before it, so that event or this one was changed or deleted. "
                    f"The {count:,} events before it are intact.",
                )
            prev = row["hash"]
            count += 1
            last_id = row["id"]
        if progress is not None:
            progress(min(last_id, top), top, f"Checked {count:,} audit events…")
    if progress is not None:
        progress(top, top, f"Checked {count:,} audit events.")
    return ChainCheck(True, count, None, f"All {count:,} audit events are intact.")
