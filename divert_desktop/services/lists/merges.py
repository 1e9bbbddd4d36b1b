"""Merges for the Data protection page: records waiting to be merged, merges to confirm, and a
summary of each record for the side-by-side choice of which one to keep."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from divert_desktop.core.errors import NotFound
from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    Appointment,
    Letter,
    Person,
    PersonMerge,
    PossibleDuplicate,
    Referral,
)
from divert_desktop.persistence.models.gdpr import MERGE_PENDING
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.context import Actor
from divert_desktop.services.lists.common import full_name, short_date, utc_text
from divert_desktop.services.lists.people_search import area_text


@dataclass(frozen=True)
class MergeSide:
    """One of the two records, as the merge dialog compares them."""

    person_id: int
    name: str
    known_as: str
    date_of_birth_text: str
    postcode: str
    area: str
    phone: str
    referrals: int
    appointments: int
    letters: int
    police_references: str
    created_text: str


@dataclass(frozen=True)
class WaitingMergeRow:
    """Two records someone confirmed are the same person, for a manager to merge."""

    duplicate_id: int
    person_id: int
    person_text: str
    candidate_id: int
    candidate_text: str
    reviewed_by: str
    reviewed_text: str


@dataclass(frozen=True)
class PendingMergeRow:
    """A merge that can still be undone."""

    id: int
    kept_id: int
    kept_text: str
    merged_id: int
    merged_text: str
    when_text: str
    created_by: str
    reason: str
    moved_text: str


def _label(first: str, last: str, born: object) -> str:
    return f"{full_name(first, last)} (born {short_date(born)})"  # type: ignore[arg-type]


def merge_side(db: Database, actor: Actor, person_id: int) -> MergeSide:
    """A record's names, contact details and counts for the merge dialog. Raises
    PermissionDenied and NotFound."""
    actor.require(Action.MERGE_PEOPLE)
    with db.unit_of_work() as session:
        p = session.get(Person, person_id)
        if p is None or p.merged_into_id is not None:
            raise NotFound("That person's record could not be found. It may have been merged.")
        record(session, actor, AuditEntry("person.view", "person", p.id, p.id, {"for": "merge"}))
        references = list(
            session.execute(
                sa.select(Referral.police_reference)
                .where(Referral.person_id == person_id)
                .order_by(Referral.referral_datetime)
            ).scalars()
        )

        def count(model: type) -> int:
            return int(
                session.execute(
                    sa.select(sa.func.count())
                    .select_from(model)
                    .where(model.person_id == person_id)  # type: ignore[attr-defined]
                ).scalar_one()
            )

        return MergeSide(
            p.id,
            full_name(p.first_name, p.last_name),
            p.known_as or "–",
            short_date(p.date_of_birth),
            p.postcode or "–",
            area_text(p.local_authority),
            p.phone or "–",
            len(references),
            count(Appointment),
            count(Letter),
            ", ".join(references) or "None",
            utc_text(p.created_at),
        )


def waiting_to_merge(db: Database, actor: Actor) -> list[WaitingMergeRow]:
    """Possible duplicates marked as the same person, newest first. Raises PermissionDenied."""
    actor.require(Action.MERGE_PEOPLE)
    d = PossibleDuplicate
    a, b = aliased(Person), aliased(Person)
    with db.unit_of_work(write=False) as session:
        rows = session.execute(
            sa.select(
                d.id,
                d.resolved_by,
                d.resolved_at,
                a.id.label("a_id"),
                a.first_name.label("a_first"),
                a.last_name.label("a_last"),
                a.date_of_birth.label("a_dob"),
                b.id.label("b_id"),
                b.first_name.label("b_first"),
                b.last_name.label("b_last"),
                b.date_of_birth.label("b_dob"),
            )
            .join(a, a.id == d.person_id)
            .join(b, b.id == d.candidate_id)
            .where(
                d.status == "needs_merge", a.merged_into_id.is_(None), b.merged_into_id.is_(None)
            )
            .order_by(d.resolved_at.desc(), d.id.desc())
        ).all()
    return [
        WaitingMergeRow(
            r.id,
            r.a_id,
            _label(r.a_first, r.a_last, r.a_dob),
            r.b_id,
            _label(r.b_first, r.b_last, r.b_dob),
            r.resolved_by or "",
            utc_text(r.resolved_at) if r.resolved_at else "",
        )
        for r in rows
    ]


def pending_merges(db: Database, actor: Actor) -> list[PendingMergeRow]:
    """Merges not yet confirmed (they can be undone), newest first. Raises PermissionDenied."""
    actor.require(Action.MERGE_PEOPLE)
    m = PersonMerge
    a, b = aliased(Person), aliased(Person)
    with db.unit_of_work(write=False) as session:
        rows = session.execute(
            sa.select(
                m.id,
                m.kept_id,
                m.merged_id,
                m.created_at,
                m.created_by,
                m.reason,
                m.moved,
                a.first_name.label("a_first"),
                a.last_name.label("a_last"),
                a.date_of_birth.label("a_dob"),
                b.first_name.label("b_first"),
                b.last_name.label("b_last"),
                b.date_of_birth.label("b_dob"),
            )
            .join(a, a.id == m.kept_id)
            .join(b, b.id == m.merged_id)
            .where(m.status == MERGE_PENDING)
            .order_by(m.created_at.desc(), m.id.desc())
        ).all()
    out = []
    for r in rows:
        moved = r.moved or {}
        parts = [
            f"{len(moved.get(k, []))} {k.replace('_', ' ')}"
            for k in ("referrals", "appointments", "letters")
            if moved.get(k)
        ]
        out.append(
            PendingMergeRow(
                r.id,
                r.kept_id,
                _label(r.a_first, r.a_last, r.a_dob),
                r.merged_id,
                _label(r.b_first, r.b_last, r.b_dob),
                utc_text(r.created_at),
                r.created_by,
                r.reason or "",
                ", ".join(parts) or "Nothing attached",
            )
        )
    return out
