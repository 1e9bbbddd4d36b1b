"""Retention: the people whose data is due for anonymising, and anonymising them once confirmed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core import anonymisation as rules
from divert_desktop.core.enums import ReferralStatus
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_date
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Person, PersonMerge, Referral, utcnow
from divert_desktop.persistence.models.gdpr import MERGE_PENDING
from divert_desktop.services.admin import settings as settings_service
from divert_desktop.services.audit.trail import AuditEntry, record_many
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor
from divert_desktop.services.data_protection.anonymise import anonymise_in
from divert_desktop.services.lists.common import full_name, short_date

# A held referral is not closed: a manager has still to decide on it.
OPEN_STATUSES = [s for s in ReferralStatus if s.is_open or s is ReferralStatus.HELD]


@dataclass(frozen=True)
class RetentionRow:
    """A person due for anonymising: their last referral closed ``years`` or more ago."""

    person_id: int
    name: str
    date_of_birth_text: str
    referrals: int
    last_closed: date
    last_closed_text: str
    due_on: date
    due_on_text: str


@dataclass(frozen=True)
class RetentionReview:
    years: int
    today: date
    rows: tuple[RetentionRow, ...]


@dataclass(frozen=True)
class RetentionResult:
    anonymised: int
    skipped: int
    cancelled: bool = False


def _due(session: Session, today: date) -> tuple[int, list[RetentionRow]]:
    years = int(settings_service.read(session, "retention_years") or 6)
    cutoff = rules.add_years(today, -years) + timedelta(days=1)  # last closed before this day
    r = Referral
    open_count = sa.func.sum(sa.case((r.status.in_(OPEN_STATUSES), 1), else_=0))
    last_closed = sa.func.max(r.status_changed_at)
    in_merge = sa.select(PersonMerge.id).where(
        PersonMerge.status == MERGE_PENDING,
        sa.or_(PersonMerge.kept_id == Person.id, PersonMerge.merged_id == Person.id),
    )
    rows = session.execute(
        sa.select(
            Person.id,
            Person.first_name,
            Person.last_name,
            Person.date_of_birth,
            sa.func.count(r.id).label("referrals"),
            last_closed.label("last_closed"),
        )
        .join(r, r.person_id == Person.id)
        .where(Person.anonymised_at.is_(None), Person.merged_into_id.is_(None), ~in_merge.exists())
        .group_by(Person.id, Person.first_name, Person.last_name, Person.date_of_birth)
        .having(open_count == 0)
        .having(last_closed < datetime.combine(cutoff, time.min))
        .order_by(last_closed, Person.id)
    ).all()
    out = []
    for row in rows:
        closed = row.last_closed.date()
        if not rules.is_due(closed, False, years, today):
            continue
        due_on = rules.retention_due_on(closed, years)
        out.append(
            RetentionRow(
                row.id,
                full_name(row.first_name, row.last_name),
                short_date(row.date_of_birth),
                int(row.referrals),
                closed,
                format_date(closed),
                due_on,
                format_date(due_on),
            )
        )
    return years, out


def people_due(db: Database, actor: Actor, *, today: date | None = None) -> RetentionReview:
    """The people whose last referral closed at least ``retention_years`` ago (the shared setting,
    six by default), nothing open, oldest first. People in a merge not yet confirmed are left
    out until it is. Raises PermissionDenied."""
    actor.require(Action.APPLY_RETENTION)
    today = today or db.clock.today()
    with db.unit_of_work(write=False) as session:
        years, rows = _due(session, today)
    return RetentionReview(years, today, tuple(rows))


class _Stopped(Exception):
    pass


@announces(Kind.PEOPLE, Kind.REFERRALS, Kind.APPOINTMENTS, Kind.CASEWORK, Kind.LETTERS)
def apply_retention(
    db: Database,
    actor: Actor,
    person_ids: Sequence[int] | None = None,
    *,
    today: date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RetentionResult:
    """Anonymise the people due (only those of ``person_ids`` that are still due, when given:
    the list the manager reviewed), in one transaction, each audited. Cancelling stops before
    anything is saved. Raises PermissionDenied."""
    actor.require(Action.APPLY_RETENTION)
    today = today or db.clock.today()
    try:
        with db.unit_of_work() as session:
            years, due = _due(session, today)
            if person_ids is not None:
                wanted = set(person_ids)
                due = [row for row in due if row.person_id in wanted]
            skipped = 0 if person_ids is None else len(set(person_ids)) - len(due)
            at = utcnow(session)
            entries = []
            for done, row in enumerate(due):
                if cancelled is not None and cancelled():
                    raise _Stopped
                if progress is not None:
                    progress(done, len(due), f"Anonymising {done + 1} of {len(due)}…")
                counts = anonymise_in(session, row.person_id, at)
                entries.append(
                    AuditEntry(
                        "person.anonymise",
                        "person",
                        row.person_id,
                        row.person_id,
                        {
                            "reason": "retention",
                            "retention_years": years,
                            "last_referral_closed": row.last_closed.isoformat(),
                            "rows": counts,
                        },
                    )
                )
            if entries:
                entries.append(
                    AuditEntry(
                        "retention.apply",
                        "person",
                        None,
                        None,
                        {
                            "people": len(entries),
                            "retention_years": years,
                            "today": today.isoformat(),
                        },
                    )
                )
                record_many(session, actor, entries)
            if progress is not None:
                progress(len(due), len(due), "Done")
    except _Stopped:
        return RetentionResult(0, 0, cancelled=True)
    return RetentionResult(len(due), max(skipped, 0))
