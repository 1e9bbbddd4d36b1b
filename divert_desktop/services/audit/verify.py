"""Verifying the audit trail: every hash (keyed or not), every link, and every checkpoint."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.validation import format_date, format_time
from divert_desktop.persistence.models import AuditEvent
from divert_desktop.services.audit.checkpoints import Checkpoint, stored_checkpoints
from divert_desktop.services.audit.key import (
    GENESIS_HASH,
    chain_state,
    event_hash,
    event_message,
    verifier_hasher,
)

EDITED, REMOVED, CUT_OFF, KEYING = "edited", "removed", "cut off", "keying"


@dataclass(frozen=True)
class ChainCheck:
    """The result of walking the trail: ``first_broken_id`` is the first event that does not
    follow from the one before (changed, or the one after a deleted event). ``problem`` is
    "edited", "removed", "cut off" or "keying" when not ok; ``checkpoints`` how many were
    compared; ``note`` what could not be checked (the key out of reach)."""

    ok: bool
    events: int
    first_broken_id: int | None = None
    message: str = ""
    cancelled: bool = False
    problem: str | None = None
    checkpoints: int = 0
    note: str = ""


def _when(point: Checkpoint) -> str:
    return f"{format_date(point.at.date())} {format_time(point.at)} UTC"


def _since(point: Checkpoint) -> str:
    return f"since the checkpoint of {_when(point)} (in {point.where})"


def _events(n: int) -> str:
    """ "1 event was" / "3 events were"."""
    return f"{n:,} event was" if n == 1 else f"{n:,} events were"


def _restores(session: Session) -> list[tuple[datetime, datetime]]:
    """(backup made, restored) for each restore of a backup: checkpoints taken between the two
    describe a trail the restore replaced, so they are set aside."""
    out = []
    for at, details in session.execute(
        sa.select(AuditEvent.at, AuditEvent.details).where(AuditEvent.action == "backup.restore")
    ):
        try:
            out.append((datetime.fromisoformat(str(details["made_at"])), at))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def verify_chain(
    session: Session,
    batch: int = 5000,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    checkpoints: Sequence[Checkpoint] = (),
) -> ChainCheck:
    """Walk the whole trail in id order (``batch`` rows at a time, keyset): each event's hash
    (SHA-256 before keying started, HMAC-SHA256 with the audit key after), its link to the event
    before, and the trail at each checkpoint (the database's own and ``checkpoints``, such as
    those of backups; others' of another database are ignored). ``progress(done, total, text)``
    counts by event id."""
    state = chain_state(session)
    restores = _restores(session)
    points = [
        p
        for p in [*stored_checkpoints(session), *checkpoints]
        if p.installation_id == state.installation_id
        and not any(made <= p.at <= done for made, done in restores)
    ]
    for point in points:
        if point.keyed_from is not None and (
            state.keyed_from is None or state.keyed_from > point.keyed_from
        ):
            return ChainCheck(
                False,
                0,
                point.keyed_from,
                (
                    f"The audit trail was tampered with: its events are keyed from event "
                    f"{point.keyed_from} {_since(point)}, but the database now says "
                    + (
                        "they are not keyed."
                        if state.keyed_from is None
                        else f"from event {state.keyed_from}."
                    )
                ),
                problem=KEYING,
                checkpoints=len(points),
            )
    keyed_from = state.keyed_from
    hasher, note = verifier_hasher(session, state) if keyed_from is not None else (None, "")
    at_head: dict[int, list[Checkpoint]] = {}
    for point in points:
        if point.head_id is not None:
            at_head.setdefault(point.head_id, []).append(point)
    pending = sorted(at_head)  # checkpoint heads not reached yet, ascending
    cols = list(AuditEvent.__table__.c)
    top = session.execute(sa.select(sa.func.max(AuditEvent.id))).scalar_one_or_none() or 0
    prev, count, last_id = GENESIS_HASH, 0, 0

    def broken(event_id: int, problem: str, message: str) -> ChainCheck:
        return ChainCheck(
            False, count, event_id, message, problem=problem, checkpoints=len(points), note=note
        )

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
        events = [dict(r._mapping) for r in rows]
        keyed = [e for e in events if keyed_from is not None and e["id"] >= keyed_from]
        macs = dict(
            zip(
                (e["id"] for e in keyed),
                hasher.macs([event_message(e) for e in keyed]) if hasher else [],
                strict=False,
            )
        )
        for row in events:
            event_id = row["id"]
            while pending and pending[0] < event_id:  # a checkpoint's last event is gone
                point = at_head[pending[0]][0]
                return broken(
                    event_id,
                    REMOVED,
                    (
                        f"The audit trail is broken at event {event_id}: event {point.head_id}, the "
                        f"last one at the checkpoint of {_when(point)} (in {point.where}), was "
                        f"removed. The {count:,} events before it are intact."
                    ),
                )
            if keyed_from is not None and event_id >= keyed_from:
                own_ok = hasher is None or macs.get(event_id) == row["hash"]
            else:
                own_ok = event_hash(row["prev_hash"], row) == row["hash"]
            if not own_ok:
                return broken(
                    event_id,
                    EDITED,
                    (
                        f"The audit trail is broken at event {event_id}: that event was changed "
                        f"after it was written. The {count:,} events before it are intact."
                    ),
                )
            if row["prev_hash"] != prev:
                return broken(
                    event_id,
                    REMOVED,
                    (
                        f"The audit trail is broken at event {event_id}: the event or events just "
                        f"before it were removed (or the one before it was changed). The {count:,} "
                        "events before that point are intact."
                    ),
                )
            prev = row["hash"]
            count += 1
            last_id = event_id
            if pending and pending[0] == event_id:
                pending.pop(0)
                for point in at_head[event_id]:
                    if count < point.events:
                        return broken(
                            event_id,
                            REMOVED,
                            (
                                f"The audit trail is broken at event {event_id}: "
                                f"{_events(point.events - count)} removed before it "
                                f"{_since(point)}, which counted {point.events:,} up to it."
                            ),
                        )
                    if count > point.events or row["hash"] != point.head_hash:
                        return broken(
                            event_id,
                            EDITED,
                            (
                                f"The audit trail is broken at event {event_id}: the events up to "
                                f"it were changed or replaced {_since(point)} (its hash is not "
                                "the one recorded then)."
                            ),
                        )
        if progress is not None:
            progress(min(last_id, top), top, f"Checked {count:,} audit events…")
    if pending:  # the trail ends before a checkpoint's last event
        point = max((p for head in pending for p in at_head[head]), key=lambda p: p.events)
        lost = point.events - count
        return broken(
            last_id + 1,
            CUT_OFF,
            (
                f"The audit trail was cut off after event {last_id}: the last "
                f"{_events(max(lost, 1))} removed {_since(point)}, which counted "
                f"{point.events:,} events up to event {point.head_id}."
            ),
        )
    if progress is not None:
        progress(top, top, f"Checked {count:,} audit events.")
    against = f", checked against {len(points)} checkpoint(s)" if points else ""
    return ChainCheck(
        True,
        count,
        None,
        f"All {count:,} audit events are intact{against}.",
        checkpoints=len(points),
        note=note,
    )
