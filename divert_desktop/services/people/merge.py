"""Merging two records of the same person, reversible until a manager confirms the merge.

Everything attached to the record merged away (referrals, appointments, letters, assessments,
onward referrals) moves to the record kept; ``people.merged_into_id`` points the old record at
the kept one, and a ``person_merges`` row lists exactly what moved, so "Undo merge" puts it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.errors import ConflictError, NotFound, ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    Appointment,
    Assessment,
    Letter,
    OnwardReferral,
    Person,
    PersonMerge,
    PossibleDuplicate,
    Referral,
    utcnow,
)
from divert_desktop.persistence.models.gdpr import MERGE_CONFIRMED, MERGE_PENDING, MERGE_UNDONE
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor
from divert_desktop.services.data_protection.anonymise import pending_merge_of

DUPLICATE_MERGED = "merged"
MOVED_TABLES: dict[str, Any] = {
    "referrals": Referral,
    "appointments": Appointment,
    "letters": Letter,
    "assessments": Assessment,
    "onward_referrals": OnwardReferral,
}
"""What moves with a merge: every table whose rows belong to a person."""


@dataclass(frozen=True)
class MergeDTO:
    id: int
    kept_id: int
    merged_id: int
    status: str
    moved: dict[str, int]
    """How many rows of each kind moved."""


def _dto(merge: PersonMerge) -> MergeDTO:
    counts = {k: len(merge.moved.get(k, [])) for k in MOVED_TABLES}
    return MergeDTO(merge.id, merge.kept_id, merge.merged_id, merge.status, counts)


def _person(session: Session, person_id: int, which: str) -> Person:
    person = session.get(Person, person_id, with_for_update=True)
    if person is None:
        raise NotFound(f"The {which} record could not be found.")
    if person.merged_into_id is not None:
        raise ConflictError(f"The {which} record has already been merged into another record.")
    if person.anonymised_at is not None:
        raise ConflictError(f"The {which} record has been anonymised and cannot be merged.")
    return person


def _duplicate_state(d: PossibleDuplicate) -> dict[str, Any]:
    return {
        "status": d.status,
        "person_id": d.person_id,
        "candidate_id": d.candidate_id,
        "resolved_by": d.resolved_by,
        "resolved_at": d.resolved_at.isoformat() if d.resolved_at else None,
    }


def _move_duplicates(session: Session, keep: int, gone: int, actor: Actor, at: datetime) -> dict:
    """Close the pair being merged; point the old record's other open duplicates at the kept
    record (or close them when that would pair the kept record with itself or repeat a pair).
    Returns each touched duplicate's previous state, for undo."""
    d = PossibleDuplicate
    rows = (
        session.execute(sa.select(d).where(sa.or_(d.person_id == gone, d.candidate_id == gone)))
        .scalars()
        .all()
    )
    pairs = {
        (x.person_id, x.candidate_id)
        for x in session.execute(
            sa.select(d).where(sa.or_(d.person_id == keep, d.candidate_id == keep))
        ).scalars()
    }
    before: dict[str, Any] = {}
    for dup in rows:
        other = dup.candidate_id if dup.person_id == gone else dup.person_id
        if dup.status not in ("open", "needs_merge") and other != keep:
            continue
        before[str(dup.id)] = _duplicate_state(dup)
        moved_pair = (keep, other) if dup.person_id == gone else (other, keep)
        if other == keep or moved_pair in pairs or moved_pair[::-1] in pairs:
            dup.status, dup.resolved_by, dup.resolved_at = DUPLICATE_MERGED, actor.username, at
        else:
            dup.person_id, dup.candidate_id = moved_pair
            pairs.add(moved_pair)
    return before


def _open_duplicates(session: Session, person_id: int) -> bool:
    d = PossibleDuplicate
    return (
        session.execute(
            sa.select(d.id)
            .where(
                d.status.in_(("open", "needs_merge")),
                sa.or_(d.person_id == person_id, d.candidate_id == person_id),
            )
            .limit(1)
        ).first()
        is not None
    )


@announces(Kind.PEOPLE, Kind.REFERRALS, Kind.APPOINTMENTS, Kind.CASEWORK, Kind.LETTERS)
def merge_people(
    db: Database,
    actor: Actor,
    keep_id: int,
    merge_id: int,
    *,
    reason: str | None = None,
    duplicate_id: int | None = None,
) -> MergeDTO:
    """Merge record ``merge_id`` into ``keep_id`` (Action.MERGE_PEOPLE); the kept record's own
    details are not changed. Returns the merge, pending until confirmed. Audited. Raises
    PermissionDenied, ValidationError (the same record twice), NotFound and ConflictError
    (already merged or anonymised, or part of another merge not yet confirmed)."""
    actor.require(Action.MERGE_PEOPLE)
    if keep_id == merge_id:
        raise ValidationError("Choose two different records to merge.")
    reason = " ".join((reason or "").split()) or None
    with db.unit_of_work() as session:
        low, high = sorted((keep_id, merge_id))  # lock in id order: two managers never deadlock
        people = {low: _person(session, low, "first"), high: _person(session, high, "second")}
        kept, gone = people[keep_id], people[merge_id]
        if pending_merge_of(session, [keep_id, merge_id]) is not None:
            raise ConflictError(
                "One of these records is in a merge that has not been confirmed yet. Confirm or "
                "undo that merge first."
            )
        at = utcnow(session)
        moved: dict[str, Any] = {}
        for name, model in MOVED_TABLES.items():
            ids = list(
                session.execute(
                    sa.select(model.id).where(model.person_id == merge_id).order_by(model.id)
                ).scalars()
            )
            moved[name] = ids
            if ids:
                values: dict[str, Any] = {"person_id": keep_id}
                if "version" in model.__table__.c:
                    values["version"] = model.version + 1
                session.execute(sa.update(model).where(model.id.in_(ids)).values(**values))
        moved["duplicates"] = _move_duplicates(session, keep_id, merge_id, actor, at)
        moved["merged_needs_review"] = gone.needs_review
        moved["kept_needs_review"] = kept.needs_review
        gone.merged_into_id = kept.id
        gone.needs_review = False
        session.flush()
        if kept.needs_review and not _open_duplicates(session, keep_id):
            kept.needs_review = False
        merge = PersonMerge(
            kept_id=keep_id,
            merged_id=merge_id,
            duplicate_id=duplicate_id,
            status=MERGE_PENDING,
            reason=reason,
            moved=moved,
            created_at=at,
            created_by=actor.username,
        )
        session.add(merge)
        session.flush()
        dto = _dto(merge)
        record(
            session,
            actor,
            AuditEntry(
                "person.merge",
                "person_merge",
                merge.id,
                keep_id,
                {
                    "kept_id": keep_id,
                    "merged_id": merge_id,
                    "reason": reason,
                    "moved": dto.moved,
                    "duplicate_id": duplicate_id,
                },
            ),
        )
        record(
            session,
            actor,
            AuditEntry(
                "person.merge",
                "person_merge",
                merge.id,
                merge_id,
                {"kept_id": keep_id, "merged_id": merge_id, "side": "merged away"},
            ),
        )
        return dto


def _pending(session: Session, merge_id: int) -> PersonMerge:
    merge = session.get(PersonMerge, merge_id, with_for_update=True)
    if merge is None:
        raise NotFound("That merge could not be found.")
    if merge.status == MERGE_CONFIRMED:
        raise ConflictError("This merge has been confirmed: it can no longer be undone.")
    if merge.status == MERGE_UNDONE:
        raise ConflictError("This merge has already been undone.")
    return merge


@announces(Kind.PEOPLE, Kind.REFERRALS, Kind.APPOINTMENTS, Kind.CASEWORK, Kind.LETTERS)
def undo_merge(db: Database, actor: Actor, merge_id: int) -> MergeDTO:
    """Put back everything a pending merge moved (and anything added since to a referral that
    moved, which follows its referral); the old record is a person of its own again. Audited.
    Raises PermissionDenied, NotFound and ConflictError (confirmed, undone, or anonymised)."""
    actor.require(Action.MERGE_PEOPLE)
    with db.unit_of_work() as session:
        merge = _pending(session, merge_id)
        kept = session.get(Person, merge.kept_id, with_for_update=True)
        gone = session.get(Person, merge.merged_id, with_for_update=True)
        assert kept is not None and gone is not None
        if kept.anonymised_at is not None or gone.anonymised_at is not None:
            raise ConflictError("These records have been anonymised: the merge cannot be undone.")
        moved = merge.moved
        referral_ids = moved.get("referrals", [])
        back: dict[str, int] = {}
        for name, model in MOVED_TABLES.items():
            mine = model.id.in_(moved.get(name, []) or [-1])
            if name != "referrals" and referral_ids:
                mine = sa.or_(mine, model.referral_id.in_(referral_ids))
            values: dict[str, Any] = {"person_id": merge.merged_id}
            if "version" in model.__table__.c:
                values["version"] = model.version + 1
            back[name] = cast(
                sa.CursorResult[Any],
                session.execute(
                    sa.update(model).where(model.person_id == merge.kept_id, mine).values(**values)
                ),
            ).rowcount
        for dup_id, state in (moved.get("duplicates") or {}).items():
            dup = session.get(PossibleDuplicate, int(dup_id))
            if dup is None:
                continue
            dup.status, dup.person_id, dup.candidate_id = (
                state["status"],
                state["person_id"],
                state["candidate_id"],
            )
            dup.resolved_by = state["resolved_by"]
            dup.resolved_at = (
                datetime.fromisoformat(state["resolved_at"]) if state["resolved_at"] else None
            )
        gone.merged_into_id = None
        gone.needs_review = bool(moved.get("merged_needs_review"))
        kept.needs_review = bool(moved.get("kept_needs_review", kept.needs_review))
        merge.status, merge.resolved_at, merge.resolved_by = (
            MERGE_UNDONE,
            utcnow(session),
            actor.username,
        )
        session.flush()
        for person_id in (merge.kept_id, merge.merged_id):
            record(
                session,
                actor,
                AuditEntry(
                    "person.merge_undone",
                    "person_merge",
                    merge.id,
                    person_id,
                    {"kept_id": merge.kept_id, "merged_id": merge.merged_id, "moved_back": back},
                ),
            )
        return _dto(merge)


@announces(Kind.PEOPLE, Kind.REFERRALS, Kind.APPOINTMENTS, Kind.CASEWORK, Kind.LETTERS)
def confirm_merge(db: Database, actor: Actor, merge_id: int) -> MergeDTO:
    """Make a merge final (it can no longer be undone). Audited. Raises PermissionDenied,
    NotFound and ConflictError (already confirmed or undone)."""
    actor.require(Action.MERGE_PEOPLE)
    with db.unit_of_work() as session:
        merge = _pending(session, merge_id)
        merge.status = MERGE_CONFIRMED
        merge.resolved_at, merge.resolved_by = utcnow(session), actor.username
        session.flush()
        for person_id in (merge.kept_id, merge.merged_id):
            record(
                session,
                actor,
                AuditEntry(
                    "person.merge_confirmed",
                    "person_merge",
                    merge.id,
                    person_id,
                    {"kept_id": merge.kept_id, "merged_id": merge.merged_id},
                ),
            )
        return _dto(merge)
