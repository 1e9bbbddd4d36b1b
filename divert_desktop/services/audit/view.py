"""The audit viewer: filtered events a page at a time (keyset, newest first), one event's
details, verifying the hash chain, and exporting the filtered events to CSV."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from divert_desktop.core.errors import NotFound, ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import UK_TIMEZONE, plural
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import AuditEvent, Person, StaffUser
from divert_desktop.private_files import open_private
from divert_desktop.services.audit.checkpoints import Checkpoint, write_checkpoint
from divert_desktop.services.audit.key import AuditKeyUnavailable
from divert_desktop.services.audit.labels import ACTION_LABELS, action_text
from divert_desktop.services.audit.trail import AuditEntry, ChainCheck, record, verify_chain
from divert_desktop.services.context import Actor
from divert_desktop.services.lists.common import full_name, utc_text
from divert_desktop.services.sheet_files import csv_writer

PAGE_SIZE = 200
EXPORT_BATCH = 2000
CSV_COLUMNS = (
    "id",
    "at_utc",
    "username",
    "role",
    "source",
    "workstation",
    "action",
    "action_text",
    "entity_type",
    "entity_id",
    "person_id",
    "details",
    "prev_hash",
    "hash",
)
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class AuditFilter:
    """What to show: any combination; dates are local days, both included."""

    person_id: int | None = None
    username: str | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def validate(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValidationError(
                "The “from” date must be on or before the “to” date.", field="date_to"
            )

    @property
    def is_empty(self) -> bool:
        return self == AuditFilter()


@dataclass(frozen=True)
class AuditRow:
    id: int
    at_text: str
    username: str
    role_text: str
    action: str
    action_text: str
    record_text: str
    person_id: int | None
    person_text: str
    workstation: str


@dataclass(frozen=True)
class EventPage:
    rows: tuple[AuditRow, ...]
    has_more: bool


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditDetail:
    """One event in full: who, when, where, what, and what changed (before and after)."""

    id: int
    at_text: str
    username: str
    role_text: str
    source_text: str
    workstation: str
    action_text: str
    action: str
    record_text: str
    person_text: str
    changes: tuple[Change, ...]
    """Fields with a before and an after value (an edit); else the event's details."""
    hash: str


@dataclass(frozen=True)
class AuditChoices:
    usernames: tuple[str, ...]
    actions: tuple[tuple[str, str], ...]
    """(code, plain-English name), by name."""


def _local_midnight_utc(day: date) -> datetime:
    """The start of ``day`` in the UK (not the computer's own zone), as the naive UTC stored."""
    local = datetime.combine(day, time.min, tzinfo=UK_TIMEZONE)
    return local.astimezone(UTC).replace(tzinfo=None)


def _conditions(f: AuditFilter) -> list[Any]:
    e = AuditEvent
    out: list[Any] = []
    if f.person_id is not None:
        out.append(e.person_id == f.person_id)
    if f.username:
        out.append(e.username == f.username.strip())
    if f.action:
        out.append(e.action == f.action)
    if f.date_from:
        out.append(e.at >= _local_midnight_utc(f.date_from))
    if f.date_to:
        out.append(e.at < _local_midnight_utc(f.date_to + timedelta(days=1)))
    return out


def _record_text(entity_type: str, entity_id: str | None) -> str:
    kind = entity_type.replace("_", " ")
    return f"{kind.capitalize()} {entity_id}" if entity_id else kind.capitalize()


def _person_text(person_id: int | None, first: str | None, last: str | None) -> str:
    if person_id is None:
        return ""
    if first is None:
        return f"Record {person_id} (deleted)"
    return f"{full_name(first, last or '')} ({person_id})"


def _select() -> Any:
    e = AuditEvent
    return sa.select(
        e.id,
        e.at,
        e.username,
        e.role,
        e.source,
        e.action,
        e.entity_type,
        e.entity_id,
        e.person_id,
        e.workstation,
        Person.first_name,
        Person.last_name,
    ).outerjoin(Person, Person.id == e.person_id)


def _role_text(role: str | None, source: str) -> str:
    if role:
        return role.capitalize()
    return "The app itself" if str(source) == "system" else "Command line"


def _row(r: Any) -> AuditRow:
    return AuditRow(
        r.id,
        utc_text(r.at),
        r.username,
        _role_text(r.role, r.source),
        r.action,
        action_text(r.action),
        _record_text(r.entity_type, r.entity_id),
        r.person_id,
        _person_text(r.person_id, r.first_name, r.last_name),
        r.workstation,
    )


def audit_events(
    db: Database,
    actor: Actor,
    filt: AuditFilter,
    *,
    before_id: int | None = None,
    limit: int = PAGE_SIZE,
    record_search: bool = True,
) -> EventPage:
    """One page of events matching ``filt``, newest first, older than ``before_id`` (keyset:
    the next page starts below the last id shown, so millions of events are never loaded).
    The first page of a search for one person is itself audited (``record_search`` False when
    only another filter changed). Raises PermissionDenied and ValidationError."""
    actor.require(Action.VIEW_AUDIT)
    filt.validate()
    stmt = _select().where(*_conditions(filt))
    if before_id is not None:
        stmt = stmt.where(AuditEvent.id < before_id)
    stmt = stmt.order_by(AuditEvent.id.desc()).limit(limit + 1)
    searching_person = filt.person_id is not None and before_id is None and record_search
    with db.unit_of_work(write=searching_person) as session:
        rows = session.execute(stmt).all()
        if searching_person:
            record(
                session,
                actor,
                AuditEntry(
                    "audit.search",
                    "audit_trail",
                    None,
                    filt.person_id,
                    {"person_id": filt.person_id},
                ),
            )
    return EventPage(tuple(_row(r) for r in rows[:limit]), len(rows) > limit)


def _plain(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def changes_of(details: Any) -> tuple[Change, ...]:
    """Before/after pairs of an edit, else each detail with its value (as "after")."""
    if not isinstance(details, dict):
        return () if details is None else (Change("details", "", _plain(details)),)
    before, after = details.get("before"), details.get("after")
    if isinstance(before, dict) or isinstance(after, dict):
        before, after = before or {}, after or {}
        out = [
            Change(k, _plain(before.get(k)), _plain(after.get(k)))
            for k in sorted(set(before) | set(after))
        ]
        rest = {k: v for k, v in details.items() if k not in ("before", "after")}
        return tuple(out) + tuple(Change(k, "", _plain(v)) for k, v in sorted(rest.items()))
    if all(isinstance(v, dict) and set(v) == {"before", "after"} for v in details.values()):
        return tuple(
            Change(k, _plain(v["before"]), _plain(v["after"])) for k, v in sorted(details.items())
        )
    return tuple(Change(k, "", _plain(v)) for k, v in sorted(details.items()))


def audit_event_detail(db: Database, actor: Actor, event_id: int) -> AuditDetail:
    """One event with what changed. Raises PermissionDenied and NotFound."""
    actor.require(Action.VIEW_AUDIT)
    with db.unit_of_work(write=False) as session:
        r = session.execute(
            _select()
            .add_columns(AuditEvent.details, AuditEvent.hash)
            .where(AuditEvent.id == event_id)
        ).first()
    if r is None:
        raise NotFound("That audit event could not be found.")
    row = _row(r)
    source = {"gui": "The app", "cli": "The command line", "system": "The app itself"}
    return AuditDetail(
        row.id,
        row.at_text,
        row.username,
        row.role_text,
        source.get(str(r.source), str(r.source)),
        row.workstation,
        row.action_text,
        row.action,
        row.record_text,
        row.person_text,
        changes_of(r.details),
        r.hash,
    )


def audit_choices(db: Database, actor: Actor) -> AuditChoices:
    """Usernames (staff accounts, plus the app itself) and the known actions for the filters.
    Other names, such as command-line users, can be typed. Raises PermissionDenied."""
    actor.require(Action.VIEW_AUDIT)
    with db.unit_of_work(write=False) as session:
        names = list(
            session.execute(sa.select(StaffUser.username).order_by(StaffUser.username)).scalars()
        )
    actions = sorted(ACTION_LABELS.items(), key=lambda item: item[1])
    return AuditChoices(tuple([*names, "system"]), tuple(actions))


def verify_audit_trail(
    db: Database,
    actor: Actor,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    checkpoints: Sequence[Checkpoint] = (),
    checkpoint_at: datetime | None = None,
) -> ChainCheck:
    """Walk the whole trail checking every hash, link and checkpoint (the database's own and
    ``checkpoints``, such as those of backups); records the result (``audit.verify``) unless
    cancelled, and with ``checkpoint_at`` (UTC) a checkpoint of the intact trail's head after
    it. Raises PermissionDenied."""
    actor.require(Action.VIEW_AUDIT)
    with db.unit_of_work(write=False) as session:
        check = verify_chain(
            session, progress=progress, cancelled=cancelled, checkpoints=checkpoints
        )
    if check.cancelled:
        return check
    try:
        with db.unit_of_work() as session:
            record(
                session,
                actor,
                AuditEntry(
                    "audit.verify",
                    "audit_trail",
                    None,
                    None,
                    {
                        "ok": check.ok,
                        "events": check.events,
                        "first_broken_id": check.first_broken_id,
                        **({"problem": check.problem} if check.problem else {}),
                    },
                ),
            )
            if check.ok and checkpoint_at is not None:
                write_checkpoint(session, now=checkpoint_at, reason="verify")
    except AuditKeyUnavailable as exc:  # the check stands; it just cannot be recorded
        note = f"{check.note} " if check.note else ""
        return replace(check, note=f"{note}This check was not recorded: {exc.message}")
    return check


def export_audit_csv(
    db: Database,
    actor: Actor,
    filt: AuditFilter,
    out: Path | str,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int | None:
    """Write the events matching ``filt`` (oldest first, hashes included so the copy can be
    checked) to a CSV file, streamed in batches through a temporary file; returns how many
    (None when cancelled: no file is left). Audited. Raises PermissionDenied and
    ValidationError."""
    actor.require(Action.VIEW_AUDIT)
    filt.validate()
    out = Path(out)
    partial = out.with_name(out.name + ".partial")
    e = AuditEvent
    cols = [
        e.id,
        e.at,
        e.username,
        e.role,
        e.source,
        e.workstation,
        e.action,
        e.entity_type,
        e.entity_id,
        e.person_id,
        e.details,
        e.prev_hash,
        e.hash,
    ]
    count = 0
    try:
        with db.unit_of_work(write=False) as session:  # no write lock while the file is written
            top = session.execute(sa.select(sa.func.max(e.id))).scalar_one_or_none() or 0
            with open_private(partial, "w", encoding="utf-8", newline="") as handle:
                writer = csv_writer(handle)
                writer.writerow(CSV_COLUMNS)
                last = 0
                while True:
                    if cancelled is not None and cancelled():
                        raise _Cancelled
                    rows = session.execute(
                        sa.select(*cols)
                        .where(*_conditions(filt), e.id > last)
                        .order_by(e.id)
                        .limit(EXPORT_BATCH)
                    ).all()
                    if not rows:
                        break
                    writer.writerows(_csv_row(r) for r in rows)
                    count += len(rows)
                    last = rows[-1].id
                    if progress is not None:
                        progress(last, top, f"Exported {plural(count, 'event')}…")
        with db.unit_of_work() as session:
            record(
                session,
                actor,
                AuditEntry(
                    "audit.export",
                    "audit_trail",
                    None,
                    filt.person_id,
                    {
                        "file": str(out),
                        "rows": count,
                        "filter": {
                            k: (v.isoformat() if isinstance(v, date) else v)
                            for k, v in vars(filt).items()
                            if v is not None
                        },
                    },
                ),
            )
            os.replace(partial, out)  # a failure here rolls the audit event back
    except _Cancelled:
        partial.unlink(missing_ok=True)
        return None
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ValidationError(f"Cannot write {out}: {exc.strerror or exc}.", field="out") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count


def _csv_row(r: Any) -> list[Any]:
    details = "" if r.details is None else json.dumps(r.details, ensure_ascii=False, sort_keys=True)
    return [
        r.id,
        r.at.isoformat(sep=" "),
        r.username,
        r.role or "",
        r.source,
        r.workstation,
        r.action,
        action_text(r.action),
        r.entity_type,
        r.entity_id or "",
        "" if r.person_id is None else r.person_id,
        details,
        r.prev_hash,
        r.hash,
    ]


class _Cancelled(Exception):
    pass
