"""Matching, eligibility and bulk saving of referrals: the rules the intake screen and the import share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from divert_desktop.core.eligibility import (
    EarlierReferral,
    EligibilityResult,
    assess_eligibility,
    status_when_not_eligible,
)
from divert_desktop.core.engagement import engagement_deadline
from divert_desktop.core.enums import AppointmentStatus, AppointmentType, PlaceKind, ReferralStatus
from divert_desktop.core.matching import (
    MatchCandidate,
    PersonKey,
    find_matches,
    swapped_date_of_birth,
)
from divert_desktop.core.validation import search_key
from divert_desktop.persistence.bulk import insert_rows
from divert_desktop.persistence.models import (
    Appointment,
    Person,
    PossibleDuplicate,
    Referral,
    ReferralStatusChange,
    ReferralSubstance,
    utcnow,
)
from divert_desktop.services.audit.trail import AuditEntry
from divert_desktop.services.context import Actor
from divert_desktop.services.intake.draft import ReferralDraft
from divert_desktop.services.people.name_parts import insert_parts

CHUNK = 900  # values per IN (...) list: under SQLite's and psycopg's parameter limits


# --------------------------------------------------------------------------- matching, eligibility


def person_key(draft: ReferralDraft, person_id: int | None = None) -> PersonKey:
    return PersonKey(
        person_id,
        draft.first_name,
        draft.last_name,
        draft.date_of_birth,
        draft.known_as,
        draft.postcode,
    )


def _one_of(session: Session, column: Any, values: Sequence[Any]) -> Iterator[Any]:
    """Conditions "column is one of values", as few as the backend allows.

    PostgreSQL gets one ``= ANY(array)`` with a single parameter: long ``IN (…)`` lists of
    separate parameters turned out to cost about a second each there. SQLite gets ``IN``
    lists of at most CHUNK values.
    """
    if not values:
        return
    if session.get_bind().dialect.name == "postgresql":
        yield column == sa.any_(sa.literal(list(values), ARRAY(column.type)))
        return
    for start in range(0, len(values), CHUNK):
        yield column.in_(values[start : start + CHUNK])


def dates_to_search(dobs: Iterable[date]) -> list[date]:
    """The dates of birth to look for: each one and its day/month swap."""
    found: set[date] = set()
    for dob in dobs:
        found.add(dob)
        swapped = swapped_date_of_birth(dob)
        if swapped is not None:
            found.add(swapped)
    return sorted(found)


def load_match_candidates(session: Session, dobs: Iterable[date]) -> dict[date, list[PersonKey]]:
    """People (not merged away, not anonymised) born on any of the dates or their swaps, by date."""
    by_dob: dict[date, list[PersonKey]] = {}
    cols = (
        Person.id,
        Person.first_name,
        Person.last_name,
        Person.date_of_birth,
        Person.known_as,
        Person.postcode,
    )
    for condition in _one_of(session, Person.date_of_birth, dates_to_search(dobs)):
        query = (
            sa.select(*cols)
            .where(condition)
            .where(Person.merged_into_id.is_(None), Person.anonymised_at.is_(None))
            .order_by(Person.id)
        )
        for row in session.execute(query):
            by_dob.setdefault(row.date_of_birth, []).append(PersonKey(*row))
    return by_dob


def candidates_for(dob: date, *indexes: Mapping[date, list[PersonKey]]) -> list[PersonKey]:
    swapped = swapped_date_of_birth(dob)
    out: list[PersonKey] = []
    for index in indexes:
        out.extend(index.get(dob, ()))
        if swapped is not None:
            out.extend(index.get(swapped, ()))
    return out


def decide_person(
    draft: ReferralDraft, candidates: Iterable[PersonKey]
) -> tuple[int | None, list[MatchCandidate]]:
    """Who this referral is about: (person to link on a certain match, or None; every match)."""
    matches = find_matches(person_key(draft), candidates)
    certain = next((m for m in matches if m.certain), None)
    return (certain.person_id if certain else None), matches


def load_earlier_referrals(
    session: Session, person_ids: Iterable[int]
) -> dict[int, list[EarlierReferral]]:
    """Every referral of these people, for the repeat-referral bar."""
    out: dict[int, list[EarlierReferral]] = {}
    ids = sorted({p for p in person_ids if p is not None and p > 0})
    for condition in _one_of(session, Referral.person_id, ids):
        query = sa.select(
            Referral.person_id,
            Referral.police_reference,
            Referral.referral_datetime,
            Referral.status,
        ).where(condition)
        for row in session.execute(query):
            out.setdefault(row.person_id, []).append(
                EarlierReferral(row.police_reference, row.referral_datetime.date(), row.status)
            )
    return out


def load_flagged_matches(session: Session, person_ids: Iterable[int]) -> dict[int, list[int]]:
    """The people each of these is flagged as possibly being (duplicate flags not yet resolved
    as "not the same person"), so a person recorded as new still meets the bar of the one
    they may be."""
    from divert_desktop.services.people.records import DUPLICATE_NEEDS_MERGE, DUPLICATE_OPEN

    ids = sorted({p for p in person_ids if p is not None and p > 0})
    out: dict[int, list[int]] = {}
    d = PossibleDuplicate
    for column, other in ((d.person_id, d.candidate_id), (d.candidate_id, d.person_id)):
        for condition in _one_of(session, column, ids):
            query = sa.select(column, other).where(
                condition, d.status.in_([DUPLICATE_OPEN, DUPLICATE_NEEDS_MERGE])
            )
            for mine, theirs in session.execute(query):
                out.setdefault(mine, []).append(theirs)
    return out


def assess(
    draft: ReferralDraft,
    earlier: Sequence[EarlierReferral] = (),
    override_reason: str | None = None,
    possible: Sequence[Sequence[EarlierReferral]] = (),
) -> EligibilityResult:
    """The eligibility rules applied to a draft and the person's other referrals.

    ``possible``: the referrals of each person it may be (likely matches not confirmed), so a
    barred person recorded as new is held for a manager too (DOMAIN rules 3 and 4).
    """
    return assess_eligibility(
        referral_date=draft.referral_date,
        date_of_birth=draft.date_of_birth,
        intent_to_supply=draft.intent_to_supply,
        appropriate_adult=draft.appropriate_adult,
        earlier_referrals=earlier,
        override_reason=override_reason,
        police_reference=draft.police_reference,
        possible_matches=possible,
    )


def load_existing_references(session: Session, references: Iterable[str]) -> dict[str, str | None]:
    """Police references already recorded, with each one's import hash (None when typed in)."""
    out: dict[str, str | None] = {}
    for condition in _one_of(session, Referral.police_reference, sorted(set(references))):
        query = sa.select(Referral.police_reference, Referral.source_hash).where(condition)
        out.update({r.police_reference: r.source_hash for r in session.execute(query)})
    return out


# --------------------------------------------------------------------------- saving


@dataclass
class ReferralPlan:
    """One referral decided and ready to store. Person ids below zero are people planned earlier
    in the same batch (-1 is the person created by plan 0)."""

    draft: ReferralDraft
    eligibility: EligibilityResult
    person_id: int | None
    possible: tuple[MatchCandidate, ...] = ()
    venue_id: int | None = None
    source: str = "manual"
    source_hash: str | None = None
    override_reason: str | None = None
    audit_action: str = "referral.create"
    audit_details: dict[str, Any] = field(default_factory=dict)
    # The appointment asked for that could not be booked (Needs rebooking): when, where, why.
    rebook_at: datetime | None = None
    rebook_venue: str | None = None
    rebook_reason: str | None = None
    # Filled in when saved.
    new_person: bool = False
    saved_person_id: int | None = None
    referral_id: int | None = None
    appointment_id: int | None = None

    @property
    def books_appointment(self) -> bool:
        return (
            self.eligibility.eligible
            and self.draft.appointment_datetime is not None
            and self.rebook_reason is None
        )

    @property
    def status(self) -> ReferralStatus:
        if not self.eligibility.eligible:
            return status_when_not_eligible(self.eligibility.reason)
        return ReferralStatus.BOOKED if self.books_appointment else ReferralStatus.RECEIVED


def _person_row(draft: ReferralDraft, needs_review: bool, at: datetime) -> dict[str, Any]:
    return {
        "first_name": draft.first_name,
        "last_name": draft.last_name,
        "known_as": draft.known_as,
        "date_of_birth": draft.date_of_birth,
        "gender": draft.gender,
        "postcode": draft.postcode,
        "address_line1": draft.address_line_1,
        "address_line2": draft.address_line_2,
        "town": draft.town,
        # Where the police met them: the best first guess at their area, changed on the record.
        "local_authority": draft.local_authority,
        "phone": draft.phone,
        "email": draft.email,
        "letters_allowed": True,
        "search_first": search_key(draft.first_name),
        "search_last": search_key(draft.last_name),
        "search_known_as": search_key(draft.known_as) if draft.known_as else None,
        "needs_review": needs_review,
        "created_at": at,
        "updated_at": at,
    }


def _referral_row(
    plan: ReferralPlan, actor: Actor, settings: Mapping[str, Any], at: datetime
) -> dict[str, Any]:
    d, e = plan.draft, plan.eligibility
    adult = d.appropriate_adult
    return {
        "police_reference": d.police_reference,
        "person_id": plan.saved_person_id,
        "referral_datetime": d.referral_datetime,
        "officer_name": d.officer_name,
        "officer_number": d.officer_number,
        "local_authority": d.local_authority,
        "intent_to_supply": d.intent_to_supply,
        "young_person": e.young_person,
        "appropriate_adult_name": adult.name or None if adult else None,
        "appropriate_adult_relationship": adult.relationship or None if adult else None,
        "appropriate_adult_phone": adult.phone if adult else None,
        "consent_to_share": d.consent_to_share,
        "notes": d.notes,
        "status": plan.status,
        "status_reason": e.reason.value if e.reason else None,
        "status_changed_at": at,
        "engagement_deadline": engagement_deadline(
            d.referral_date, int(settings["engagement_deadline_days"])
        ),
        "sessions_planned": int(settings.get("default_sessions_planned") or 1),
        "override_reason": plan.override_reason if e.overridden else None,
        "overridden_by": actor.username if e.overridden else None,
        "source": plan.source,
        "source_hash": plan.source_hash,
        "rebook_requested_at": plan.rebook_at,
        "rebook_venue": plan.rebook_venue,
        "rebook_reason": plan.rebook_reason,
        "created_at": at,
        "created_by": actor.username,
    }


def _history_rows(plan: ReferralPlan, actor: Actor, at: datetime) -> list[dict[str, Any]]:
    e = plan.eligibility
    first_reason = f"Eligibility overridden: {plan.override_reason}" if e.overridden else None
    rows: list[tuple[ReferralStatus | None, ReferralStatus, str | None]]
    rows = [(None, ReferralStatus.RECEIVED, first_reason)]
    status = plan.status
    if status in (ReferralStatus.INELIGIBLE, ReferralStatus.HELD):
        rows.append(
            (
                ReferralStatus.RECEIVED,
                status,
                e.reason.value if e.reason else None,
            )
        )
    elif status is ReferralStatus.BOOKED:
        rows.append((ReferralStatus.RECEIVED, ReferralStatus.BOOKED, None))
    return [
        {
            "referral_id": plan.referral_id,
            "from_status": a,
            "to_status": b,
            "at": at,
            "username": actor.username,
            "reason": reason,
        }
        for a, b, reason in rows
    ]


def _insert_ids(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Bulk insert ``rows`` with new ids given in order, and return the ids.

    The ids are reserved first (PostgreSQL: from the table's sequence; SQLite: after the highest
    id, safe because a write unit of work holds SQLite's write lock) so one plain executemany
    does the insert. ``INSERT … RETURNING`` in bulk is far slower on both: psycopg rewrites
    huge multi-row statements, and SQLite falls back to one statement per row.
    """
    if not rows:
        return []
    table = model.__table__
    if session.get_bind().dialect.name == "postgresql":
        sql = "SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"
        ids = list(session.execute(sa.text(sql), {"t": table.name, "n": len(rows)}).scalars())
    else:
        highest = session.execute(sa.select(sa.func.max(table.c.id))).scalar_one() or 0
        ids = list(range(highest + 1, highest + 1 + len(rows)))
    for row, new_id in zip(rows, ids, strict=True):
        row["id"] = new_id
    insert_rows(session, table, rows)
    return ids


def _appointment_row(
    plan: ReferralPlan, minutes: int, actor: Actor, at: datetime
) -> dict[str, Any]:
    """The initial assessment the police booked: unassigned, at the venue, for the set length."""
    start_at = plan.draft.appointment_datetime
    assert start_at is not None and plan.venue_id is not None
    return {
        "person_id": plan.saved_person_id,
        "referral_id": plan.referral_id,
        "type": AppointmentType.INITIAL_ASSESSMENT,
        "caseworker_id": None,
        "start_at": start_at,
        "end_at": start_at + timedelta(minutes=minutes),
        "length_minutes": minutes,
        "place_kind": PlaceKind.VENUE,
        "venue_id": plan.venue_id,
        "place_detail": None,
        "status": AppointmentStatus.BOOKED,
        "created_at": at,
        "created_by": actor.username,
    }


def _audit_entry(plan: ReferralPlan, possible_ids: list[int | None]) -> AuditEntry:
    reason = plan.eligibility.reason
    details = {
        **plan.audit_details,
        "police_reference": plan.draft.police_reference,
        "status": plan.status.value,
        "status_reason": reason.value if reason else None,
        "person": "new" if plan.new_person else "linked",
        "possible_matches": possible_ids,
        "appointment_id": plan.appointment_id,
    }
    if plan.rebook_reason:
        details["not_booked"] = plan.rebook_reason
    return AuditEntry(
        plan.audit_action, "referral", plan.referral_id, plan.saved_person_id, details
    )


def save_plans(
    session: Session,
    actor: Actor,
    plans: Sequence[ReferralPlan],
    settings: Mapping[str, Any],
    *,
    chunk: int = 1000,
    after_chunk: Callable[[int], None] | None = None,
) -> list[AuditEntry]:
    """Store planned referrals in bulk: new people, referrals, substances, status history,
    booked appointments and possible duplicates, ``chunk`` plans at a time (``after_chunk(done)``
    is called after each). Fills in each plan's ids; returns the audit entries to record.
    """
    at = utcnow(session)
    minutes = int(settings["initial_assessment_minutes"])

    def real_id(key: int | None) -> int | None:
        return plans[-key - 1].saved_person_id if key is not None and key < 0 else key

    entries: list[AuditEntry] = []
    for start in range(0, len(plans), chunk):
        batch = plans[start : start + chunk]
        creators = [p for p in batch if p.person_id is None]
        people = [_person_row(p.draft, bool(p.possible), at) for p in creators]
        new_ids = _insert_ids(session, Person, people)
        for plan, new_id in zip(creators, new_ids, strict=True):
            plan.new_person, plan.saved_person_id = True, new_id
        insert_parts(session, [{**row, "id": i} for row, i in zip(people, new_ids, strict=True)])
        for plan in batch:
            if plan.person_id is not None:
                plan.saved_person_id = real_id(plan.person_id)
        referrals = [_referral_row(p, actor, settings, at) for p in batch]
        for plan, ref_id in zip(batch, _insert_ids(session, Referral, referrals), strict=True):
            plan.referral_id = ref_id
        booking = [p for p in batch if p.books_appointment]
        appointments = [_appointment_row(p, minutes, actor, at) for p in booking]
        for plan, appt_id in zip(
            booking, _insert_ids(session, Appointment, appointments), strict=True
        ):
            plan.appointment_id = appt_id
        substances, history, duplicates = [], [], []
        for plan in batch:
            substances += [
                {"referral_id": plan.referral_id, "substance": s, "other_text": t}
                for s, t in plan.draft.substances
            ]
            history += _history_rows(plan, actor, at)
            possible_ids = [real_id(m.person_id) for m in plan.possible] if plan.new_person else []
            duplicates += [
                {
                    "person_id": plan.saved_person_id,
                    "candidate_id": candidate,
                    "score": m.score,
                    "reasons": "; ".join(m.reasons),
                    "status": "open",
                    "created_at": at,
                }
                for m, candidate in zip(plan.possible, possible_ids, strict=False)
            ]
            entries.append(_audit_entry(plan, possible_ids))
        for model, rows in (
            (ReferralSubstance, substances),
            (ReferralStatusChange, history),
            (PossibleDuplicate, duplicates),
        ):
            insert_rows(session, cast(sa.Table, model.__table__), rows)
        if after_chunk is not None:
            after_chunk(start + len(batch))
    return entries
