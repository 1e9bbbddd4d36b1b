"""Checkpoints of the audit trail's head (how many events, the last one's id and hash): kept in
an insert-only table and in every backup's manifest, so that later deletions show."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.persistence import backup as files
from divert_desktop.persistence.models import AuditCheckpoint, AuditEvent
from divert_desktop.services.audit.key import GENESIS_HASH, chain_state


@dataclass(frozen=True)
class Checkpoint:
    """The trail's head at ``at`` (UTC): ``events`` events, the last ``head_id`` with
    ``head_hash``. ``where`` says where it was found, for messages."""

    at: datetime
    installation_id: str
    events: int
    head_id: int | None
    head_hash: str
    keyed_from: int | None
    reason: str = ""
    where: str = "the database"

    @staticmethod
    def from_json(data: dict[str, Any], where: str) -> Checkpoint:
        return Checkpoint(
            datetime.fromisoformat(str(data["at"])),
            str(data["installation_id"]),
            int(data["events"]),
            None if data.get("head_id") is None else int(data["head_id"]),
            str(data["head_hash"]),
            None if data.get("keyed_from") is None else int(data["keyed_from"]),
            str(data.get("reason") or ""),
            where,
        )


def head(session: Session, *, now: datetime, reason: str) -> Checkpoint:
    """The trail's head now (inside the caller's transaction)."""
    state = chain_state(session)
    count, top = session.execute(
        sa.select(sa.func.count(AuditEvent.id), sa.func.max(AuditEvent.id))
    ).one()
    last = (
        session.execute(sa.select(AuditEvent.hash).where(AuditEvent.id == top)).scalar_one()
        if top is not None
        else GENESIS_HASH
    )
    return Checkpoint(now, state.installation_id, count, top, last, state.keyed_from, reason)


def write_checkpoint(session: Session, *, now: datetime, reason: str) -> Checkpoint:
    """Record the trail's head in ``audit_checkpoints`` (insert-only) and return it. On
    PostgreSQL the server fills in the head (migration 0010), so a login that may not read the
    trail can still record one; what it returns is then read back only by those who may."""
    if session.get_bind().dialect.name == "postgresql":
        table = cast(sa.Table, AuditCheckpoint.__table__)
        session.execute(
            sa.insert(table)
            .inline()  # no RETURNING: a login that may not read the trail can still add one
            .values(
                at=now,
                reason=reason,
                installation_id="",
                events=0,
                head_id=None,
                head_hash=GENESIS_HASH,
                keyed_from=None,
            )
        )
        try:
            with session.begin_nested():
                r = session.execute(
                    sa.select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(1)
                ).scalar_one_or_none()
        except sa.exc.ProgrammingError:  # this login may not read the trail
            return Checkpoint(now, "", 0, None, GENESIS_HASH, None, reason)
        assert r is not None
        return Checkpoint(
            r.at, r.installation_id, r.events, r.head_id, r.head_hash, r.keyed_from, reason
        )
    point = head(session, now=now, reason=reason)
    session.add(
        AuditCheckpoint(
            at=point.at,
            reason=reason,
            installation_id=point.installation_id,
            events=point.events,
            head_id=point.head_id,
            head_hash=point.head_hash,
            keyed_from=point.keyed_from,
        )
    )
    session.flush()
    return point


def stored_checkpoints(session: Session) -> list[Checkpoint]:
    """Every checkpoint in the database's own table, oldest first."""
    rows = session.execute(sa.select(AuditCheckpoint).order_by(AuditCheckpoint.id)).scalars()
    return [
        Checkpoint(
            r.at,
            r.installation_id,
            r.events,
            r.head_id,
            r.head_hash,
            r.keyed_from,
            r.reason,
            "the database",
        )
        for r in rows
    ]


def backup_checkpoint(path: Path) -> Checkpoint | None:
    """The checkpoint written into a backup's manifest (``FILE.sha256``), or None when it has
    none (made before checkpoints, or not a DIVERT Desktop backup)."""
    try:
        data = json.loads(files.manifest_path(Path(path)).read_text(encoding="utf-8"))
        point = data.get(files.MANIFEST_AUDIT_KEY) if isinstance(data, dict) else None
        return Checkpoint.from_json(point, f"the backup {Path(path).name}") if point else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def backup_checkpoints(paths: Iterable[Path]) -> list[Checkpoint]:
    """The checkpoints of the given backup files and of every backup in the given folders."""
    found = []
    for path in paths:
        path = Path(path)
        candidates = sorted(path.glob("*.sqlite3")) if path.is_dir() else [path]
        for candidate in candidates:
            point = backup_checkpoint(candidate)
            if point is not None:
                found.append(point)
    return found
