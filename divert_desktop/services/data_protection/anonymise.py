"""Anonymising a person (retention, erasure on request) and deleting a record made in error.

What goes: names, contact details, date of birth below the month, police references, officer
names, appropriate adults, every free-text note (referral, status history, appointments, sessions,
onward referrals, free-text assessment answers) and the letters' PDFs. What stays, for the
statistics: dates, statuses, coded reasons, area, young-person flag, age on each referral date,
gender, ethnicity, substances, session topics, scores and which letters were sent.

The audit trail is never rewritten (it is append-only, see migration 0006): it keeps who saw
and changed the record, which is itself what the person may ask about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core import anonymisation as rules
from divert_desktop.core.errors import ConflictError, NotFound, ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    Appointment,
    Assessment,
    EducationalSession,
    Letter,
    OnwardReferral,
    Person,
    PersonMerge,
    PersonNamePart,
    PossibleDuplicate,
    Referral,
    ReferralStatusChange,
    ReferralSubstance,
    utcnow,
)
from divert_desktop.persistence.models.gdpr import MERGE_PENDING
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor
from divert_desktop.services.people.name_parts import replace_parts
from divert_desktop.services.rule_sql import keep_reason_sql

DUPLICATE_ANONYMISED = "anonymised"
ERASED_ANONYMISED = "anonymised"
ERASED_DELETED = "deleted"
_OPEN_DUPLICATES = ("open", "needs_merge")


def family_ids(session: Session, person_id: int) -> list[int]:
    """The person and every record merged into them (directly or through another merge)."""
    ids, frontier = [person_id], [person_id]
    while frontier:
        frontier = list(
            session.execute(
                sa.select(Person.id).where(Person.merged_into_id.in_(frontier))
            ).scalars()
        )
        frontier = [i for i in frontier if i not in ids]
        ids.extend(frontier)
    return ids


def pending_merge_of(session: Session, person_ids: list[int]) -> PersonMerge | None:
    return (
        session.execute(
            sa.select(PersonMerge).where(
                PersonMerge.status == MERGE_PENDING,
                sa.or_(PersonMerge.kept_id.in_(person_ids), PersonMerge.merged_id.in_(person_ids)),
            )
        )
        .scalars()
        .first()
    )


def anonymise_in(session: Session, person_id: int, at: datetime) -> dict[str, int]:
    """Anonymise one person (and the records merged into them) inside the caller's transaction;
    returns how many rows of each kind were cleared."""
    ids = family_ids(session, person_id)
    referral_ids = list(
        session.execute(sa.select(Referral.id).where(Referral.person_id.in_(ids))).scalars()
    )
    for pid in ids:
        person = session.get(Person, pid)
        assert person is not None
        dates = session.execute(
            sa.select(Referral.referral_datetime).where(Referral.person_id == pid)
        ).scalars()
        person.first_name = rules.ANONYMISED_FIRST_NAME
        person.last_name = rules.ANONYMISED_LAST_NAME
        person.date_of_birth = rules.coarse_date_of_birth(
            person.date_of_birth, [d.date() for d in dates]
        )
        for field in (
            "known_as",
            "address_line1",
            "address_line2",
            "town",
            "postcode",
            "phone",
            "email",
            "preferred_contact",
            "accessibility_needs",
            "language_needs",
            "pnc_id",
            "search_known_as",
        ):
            setattr(person, field, None)
        person.letters_allowed = False
        person.search_first = person.search_last = ""  # never found by a name search again
        person.needs_review = False
        person.anonymised_at = at
        replace_parts(session, pid, None, None, None)
    session.flush()
    counts = {"people": len(ids), "referrals": len(referral_ids)}
    r = Referral
    session.execute(
        sa.update(r)
        .where(r.person_id.in_(ids))
        .values(
            police_reference=sa.literal(rules.ANONYMISED_REFERENCE_PREFIX)
            + sa.cast(r.id, sa.String),
            officer_name="",
            appropriate_adult_name=None,
            appropriate_adult_relationship=None,
            appropriate_adult_phone=None,
            notes=None,
            status_reason=keep_reason_sql(r.status_reason),
            override_reason=None,
            followup_source=None,
            source_hash=None,
            version=r.version + 1,
        )
    )
    if referral_ids:
        h = ReferralStatusChange
        session.execute(
            sa.update(h)
            .where(h.referral_id.in_(referral_ids))
            .values(reason=keep_reason_sql(h.reason))
        )
        session.execute(
            sa.update(ReferralSubstance)
            .where(ReferralSubstance.referral_id.in_(referral_ids))
            .values(other_text=None)
        )
        s = EducationalSession
        counts["sessions"] = cast(
            sa.CursorResult[Any],
            session.execute(
                sa.update(s)
                .where(s.referral_id.in_(referral_ids))
                .values(reflections=None, next_steps=None, topics_other=None, version=s.version + 1)
            ),
        ).rowcount
    a = Appointment
    counts["appointments"] = cast(
        sa.CursorResult[Any],
        session.execute(
            sa.update(a)
            .where(a.person_id.in_(ids))
            .values(status_reason=None, place_detail=None, version=a.version + 1)
        ),
    ).rowcount
    o = OnwardReferral
    counts["onward_referrals"] = cast(
        sa.CursorResult[Any],
        session.execute(
            sa.update(o)
            .where(o.person_id.in_(ids))
            .values(notes=None, reason=None, version=o.version + 1)
        ),
    ).rowcount
    counts["letters"] = cast(
        sa.CursorResult[Any],
        session.execute(
            sa.update(Letter).where(Letter.person_id.in_(ids)).values(pdf=b"", filename="")
        ),
    ).rowcount
    assessments = session.execute(
        sa.select(Assessment.id, Assessment.answers).where(Assessment.person_id.in_(ids))
    ).all()
    for row in assessments:
        session.execute(
            sa.update(Assessment)
            .where(Assessment.id == row.id)
            .values(answers=rules.strip_free_text(row.answers), version=Assessment.version + 1)
        )
    counts["assessments"] = len(assessments)
    d = PossibleDuplicate
    session.execute(
        sa.update(d)
        .where(
            d.status.in_(_OPEN_DUPLICATES),
            sa.or_(d.person_id.in_(ids), d.candidate_id.in_(ids)),
        )
        .values(status=DUPLICATE_ANONYMISED, resolved_by="system", resolved_at=at)
    )
    return counts


@dataclass(frozen=True)
class ErasureResult:
    """What happened to the record: ``mode`` is "anonymised" or "deleted"."""

    person_id: int
    mode: str
    message: str


def _has_statistics(session: Session, person_id: int) -> bool:
    """Whether anything must be kept: referrals (the scheme's statistics), merges or records
    merged into this one."""
    checks = (
        sa.select(Referral.id).where(Referral.person_id == person_id),
        sa.select(Person.id).where(Person.merged_into_id == person_id),
        sa.select(PersonMerge.id).where(
            sa.or_(PersonMerge.kept_id == person_id, PersonMerge.merged_id == person_id)
        ),
    )
    return any(session.execute(q.limit(1)).first() is not None for q in checks)


def _delete_in(session: Session, person_id: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    d = PossibleDuplicate
    for name, stmt in (
        ("letters", sa.delete(Letter).where(Letter.person_id == person_id)),
        ("assessments", sa.delete(Assessment).where(Assessment.person_id == person_id)),
        (
            "onward_referrals",
            sa.delete(OnwardReferral).where(OnwardReferral.person_id == person_id),
        ),
        ("appointments", sa.delete(Appointment).where(Appointment.person_id == person_id)),
        (
            "possible_duplicates",
            sa.delete(d).where(sa.or_(d.person_id == person_id, d.candidate_id == person_id)),
        ),
        ("name_parts", sa.delete(PersonNamePart).where(PersonNamePart.person_id == person_id)),
        ("people", sa.delete(Person).where(Person.id == person_id)),
    ):
        counts[name] = cast(sa.CursorResult[Any], session.execute(stmt)).rowcount
    return counts


@announces(Kind.PEOPLE, Kind.REFERRALS, Kind.APPOINTMENTS, Kind.CASEWORK, Kind.LETTERS)
def erase_person(
    db: Database, actor: Actor, person_id: int, reason: str, *, today: date | None = None
) -> ErasureResult:
    """Erase a person's record on their request (Action.ERASE_PERSON), whatever the retention.

    A person with referrals is anonymised now (their referrals are the scheme's statistics,
    which must be kept); a record with no referrals at all (made in error, say) is deleted
    outright. Audited with the reason. Raises PermissionDenied, ValidationError (no reason),
    NotFound (no such record, or merged into another) and ConflictError (already anonymised,
    or part of a merge not yet confirmed).
    """
    actor.require(Action.ERASE_PERSON)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(
            "Enter the reason for erasing this record, such as the date of the person's request.",
            field="reason",
        )
    if len(reason) > 500:
        raise ValidationError("The reason is too long: at most 500 characters.", field="reason")
    with db.unit_of_work() as session:
        person = session.get(Person, person_id, with_for_update=True)
        if person is None:
            raise NotFound("That person's record could not be found.")
        if person.merged_into_id is not None:
            raise NotFound(
                "This record was merged into another person's record: erase that record instead."
            )
        if person.anonymised_at is not None:
            raise ConflictError("This record has already been anonymised.")
        if pending_merge_of(session, [person_id]) is not None:
            raise ConflictError(
                "This record is part of a merge that has not been confirmed. Confirm or undo "
                "the merge first."
            )
        if _has_statistics(session, person_id):
            mode = ERASED_ANONYMISED
            counts = anonymise_in(session, person_id, utcnow(session))
            message = (
                "The record was anonymised: names, contact details and notes were removed; the "
                "referrals stay, without anything that identifies the person, for the statistics."
            )
        else:
            mode = ERASED_DELETED
            counts = _delete_in(session, person_id)
            message = "The record had no referrals, so it was deleted completely."
        record(
            session,
            actor,
            AuditEntry(
                "person.erase",
                "person",
                person_id,
                person_id,
                {"reason": reason, "mode": mode, "rows": counts},
            ),
        )
    return ErasureResult(person_id, mode, message)
