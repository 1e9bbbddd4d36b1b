"""The audit trail: append-only, each event hash-chained to the one before."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.persistence.bulk import insert_rows
from divert_desktop.persistence.models import AuditEvent, utcnow
from divert_desktop.services.audit.key import (
    GENESIS_HASH,
    canonical,
    chain_state,
    event_hash,
    payload_of,
    writer_hasher,
)
from divert_desktop.services.audit.verify import ChainCheck, verify_chain
from divert_desktop.services.context import Actor

_TABLE = cast(sa.Table, AuditEvent.__table__)
PG_AUDIT_LOCK = 0x41554454  # "AUDT": serialises the hash chain across workstations
SERVER_SEALED = "(sealed by the server)"


@dataclass(frozen=True)
class AuditEntry:
    """One event to record: what was done to which record (and whose record it is)."""

    action: str
    entity_type: str
    entity_id: object = None
    person_id: int | None = None
    details: dict[str, Any] | None = None


def _last_hash(session: Session) -> str:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_AUDIT_LOCK})
    last = session.execute(
        sa.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).scalar_one_or_none()
    return last or GENESIS_HASH


_SCALARS = frozenset({str, int, float, bool, type(None)})


class _NotPlain(Exception):
    """A value whose JSON form differs from itself (a date, an enum, a tuple key …)."""


def _plain(value: Any) -> Any:
    """``json.loads(canonical(value))`` without the round trip, for plain JSON values (dicts
    with text keys, lists, text, numbers, booleans, None: the same values, keys sorted);
    raises _NotPlain for anything else, which then takes the round trip."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        if not all(type(k) is str for k in value):
            raise _NotPlain
        return {k: _plain(value[k]) for k in sorted(value)}
    if kind is list or kind is tuple:
        return [_plain(v) for v in value]
    raise _NotPlain


def _details(details: dict[str, Any] | None) -> Any:
    if details is None:
        return None
    try:
        return _plain(details)
    except _NotPlain:
        return json.loads(canonical(details))


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
        "details": _details(entry.details),
    }


def record(session: Session, actor: Actor, entry: AuditEntry) -> None:
    """Append one event inside the caller's transaction."""
    record_many(session, actor, [entry])


def record_many(session: Session, actor: Actor, entries: Iterable[AuditEntry]) -> int:
    """Append many events in order with one bulk insert; returns how many were written. Keyed
    (HMAC-SHA256) once the trail is keyed; raises AuditKeyUnavailable when its key cannot be
    reached."""
    items = list(entries)
    if not items:
        return 0
    at = utcnow(session)
    rows = [_row(actor, entry, at) for entry in items]
    if session.get_bind().dialect.name == "postgresql":
        # The server seals each event (migration 0010): its id, its place in the chain and its
        # hash, and for a staff login who and when. What is sent for those is ignored.
        for row in rows:
            row["prev_hash"] = row["hash"] = SERVER_SEALED
        # The driver's executemany of an inline insert: no RETURNING (even for one row), which
        # would need the right to read the trail that receptionists and caseworkers do not have.
        insert_rows(session, _TABLE, rows)
        return len(rows)
    prev = _last_hash(session)
    hasher = writer_hasher(session, chain_state(session))
    if hasher is not None:
        hashes = hasher.chain(prev, [canonical(payload_of(row)) for row in rows])
    for i, row in enumerate(rows):
        row["prev_hash"] = prev
        row["hash"] = prev = hashes[i] if hasher is not None else event_hash(prev, row)
    insert_rows(session, _TABLE, rows)  # the driver's executemany, SQLAlchemy's conversions
    return len(rows)


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields that differ, as {"field": {"before": x, "after": y}}."""
    out: dict[str, Any] = {}
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            out[key] = {"before": before.get(key), "after": after.get(key)}
    return out


__all__ = [
    "GENESIS_HASH",
    "AuditEntry",
    "ChainCheck",
    "changes",
    "event_hash",
    "record",
    "record_many",
    "verify_chain",
]
