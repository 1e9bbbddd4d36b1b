"""Taking in one police referral at the intake screen: preview (matches, eligibility) and save.

The checks live in referral_draft, matching and saving in referral_store, shared with the import,
so a referral is checked, matched, judged and stored the same way however it arrives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.eligibility import (
    EligibilityResult,
    held_by_repeat_bar,
    validate_override_reason,
)
from divert_desktop.core.engagement import engagement_deadline
from divert_desktop.core.enums import IneligibleReason, LocalAuthority, ReferralStatus, Substance
from divert_desktop.core.errors import ConflictError, NotFound, TransitionError
from divert_desktop.core.matching import MatchCandidate
from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Person, Referral, Venue, clock_of
from divert_desktop.services.admin import settings as settings_service
from divert_desktop.services.audit.trail import AuditEntry, record_many
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor
from divert_desktop.services.diary.slots import _check_slot, _Place
from divert_desktop.services.intake.draft import (
    ReferralDraft,
    VenueRef,
    load_venues,
    resolve_venue,
    validate_draft,
)
from divert_desktop.services.intake.person import TypedAddress, fill_person_in
from divert_desktop.services.intake.store import (
    ReferralPlan,
    assess,
    candidates_for,
    decide_person,
    load_earlier_referrals,
    load_existing_references,
    load_flagged_matches,
    load_match_candidates,
    save_plans,
)
from divert_desktop.services.referral_state import change_status

__all__ = [
    "ConfirmedDTO",
    "IntakeCheck",
    "IntakeMatch",
    "OverrideDTO",
    "PersonSummary",
    "ReferralDTO",
    "ReferralDraft",
    "check_draft",
    "confirm_repeat_bar",
    "create_referral",
    "override_repeat_bar",
    "validate_draft",
]


# --------------------------------------------------------------------------- the intake screen


@dataclass(frozen=True)
class PersonSummary:
    """Enough about a stored person to decide whether a new referral is about them."""

    id: int
    first_name: str
    last_name: str
    known_as: str | None
    date_of_birth: date
    postcode: str | None
    referrals: int
    last_police_reference: str | None
    last_referral_date: date | None
    last_status: ReferralStatus | None


@dataclass(frozen=True)
class IntakeMatch:
    person: PersonSummary
    score: int
    certain: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class IntakeCheck:
    """What the intake screen shows before saving: eligibility and people who may be the same.

    ``linked_person_id`` is the person the eligibility was judged for (the one chosen, or a
    certain match); ``reference_taken`` is True when the police reference is already recorded.
    """

    eligibility: EligibilityResult
    matches: list[IntakeMatch]
    linked_person_id: int | None
    reference_taken: bool


@dataclass(frozen=True)
class ReferralDTO:
    id: int
    police_reference: str
    person_id: int
    referral_datetime: datetime
    local_authority: LocalAuthority
    status: ReferralStatus
    status_reason: str | None
    young_person: bool
    intent_to_supply: bool
    substances: tuple[tuple[Substance, str | None], ...]
    engagement_deadline: date
    eligibility_message: str
    overridden: bool
    new_person: bool
    possible_matches: int
    appointment_id: int | None
    appointment_start: datetime | None
    venue_name: str | None
    # The address typed was left out: the person's record already holds a different one.
    address_kept: bool = False
    # Held by the repeat-referral bar: waits for a manager (Today, Held for a manager).
    held: bool = False


def _summaries(session: Session, ids: Sequence[int]) -> dict[int, PersonSummary]:
    if not ids:
        return {}
    people = session.execute(
        sa.select(
            Person.id,
            Person.first_name,
            Person.last_name,
            Person.known_as,
            Person.date_of_birth,
            Person.postcode,
        ).where(Person.id.in_(ids))
    ).all()
    refs = session.execute(
        sa.select(
            Referral.person_id,
            Referral.police_reference,
            Referral.referral_datetime,
            Referral.status,
        )
        .where(Referral.person_id.in_(ids))
        .order_by(Referral.referral_datetime, Referral.id)
    ).all()
    by_person: dict[int, list[Any]] = {}
    for r in refs:
        by_person.setdefault(r.person_id, []).append(r)
    out = {}
    for p in people:
        mine = by_person.get(p.id, [])
        last = mine[-1] if mine else None
        out[p.id] = PersonSummary(
            p.id,
            p.first_name,
            p.last_name,
            p.known_as,
            p.date_of_birth,
            p.postcode,
            len(mine),
            last.police_reference if last else None,
            last.referral_datetime.date() if last else None,
            ReferralStatus(last.status) if last else None,
        )
    return out


def _check_draft_in(
    session: Session, draft: ReferralDraft, person_id: int | None, override_reason: str | None
) -> tuple[ReferralDraft, IntakeCheck, list[MatchCandidate], dict[str, VenueRef]]:
    venues = load_venues(session)
    draft, problems = validate_draft(draft, now=clock_of(session).now(), venues=venues)
    if problems:
        raise problems[0]
    if person_id is not None:
        exists = session.execute(
            sa.select(Person.id).where(Person.id == person_id, Person.merged_into_id.is_(None))
        ).scalar_one_or_none()
        if exists is None:
            raise NotFound("That person's record no longer exists. Search for them again.")
    found = load_match_candidates(session, [draft.date_of_birth])
    certain_id, matches = decide_person(draft, candidates_for(draft.date_of_birth, found))
    linked = person_id if person_id is not None else certain_id
    if linked is None:
        unconfirmed = [m.person_id for m in matches]
    else:
        unconfirmed = load_flagged_matches(session, [linked]).get(linked, [])
    history = load_earlier_referrals(session, [linked or 0, *unconfirmed])
    earlier = history.get(linked or 0, [])
    possible = [history.get(p, []) for p in unconfirmed]
    eligibility = assess(draft, earlier, override_reason, possible)
    summaries = _summaries(session, [m.person_id for m in matches])
    shown = [
        IntakeMatch(summaries[m.person_id], m.score, m.certain, m.reasons)
        for m in matches
        if m.person_id in summaries
    ]
    taken = bool(load_existing_references(session, [draft.police_reference]))
    return draft, IntakeCheck(eligibility, shown, linked, taken), matches, venues


def check_draft(
    db: Database | Session,
    draft: ReferralDraft,
    *,
    actor: Actor | None = None,
    person_id: int | None = None,
    override_reason: str | None = None,
) -> IntakeCheck:
    """Preview a referral without saving: eligibility (for ``person_id`` or a certain match) and
    the people who may be the same person, best first. ``db`` may be an open Session.

    Raises ValidationError (naming the field) for the first problem with the draft, NotFound when
    ``person_id`` does not exist, PermissionDenied when ``actor`` may not add referrals.
    """
    if actor is not None:
        actor.require(Action.CREATE_REFERRAL)
    if isinstance(db, Session):
        return _check_draft_in(db, draft, person_id, override_reason)[1]
    with db.unit_of_work(write=False) as session:
        return _check_draft_in(session, draft, person_id, override_reason)[1]


@announces(Kind.REFERRALS, Kind.PEOPLE, Kind.APPOINTMENTS)
def create_referral(
    db: Database,
    actor: Actor,
    draft: ReferralDraft,
    *,
    person_id: int | None = None,
    override_reason: str | None = None,
    address: TypedAddress | None = None,
) -> ReferralDTO:
    """Record one referral typed in at intake and return it.

    ``person_id`` links it to a person the user confirmed; without it a certain match is linked
    (as the import does), otherwise a new person is created with any possible matches flagged
    for review. An ineligible referral is stored as ineligible and never booked;
    ``override_reason`` lifts the repeat-referral bar (managers only, audited). In the same
    transaction the person gets the referral's area and the ``address`` typed where their record
    has none (a different address on record is kept: ``address_kept``).
    Raises PermissionDenied, ValidationError, ConflictError (police reference already recorded)
    or NotFound (``person_id`` unknown).
    """
    override_reason = allowed_to_create(actor, override_reason)
    with db.unit_of_work() as session:
        return record_referral(
            session,
            actor,
            draft,
            person_id=person_id,
            override_reason=override_reason,
            address=address,
        )


def allowed_to_create(actor: Actor, override_reason: str | None) -> str | None:
    """Check the actor may add a referral (and override the bar, when a reason is given);
    returns the override reason cleaned. Raises PermissionDenied and ValidationError."""
    actor.require(Action.CREATE_REFERRAL)
    if override_reason is not None:
        actor.require(Action.OVERRIDE_ELIGIBILITY)
        override_reason = validate_override_reason(override_reason)
    return override_reason


def record_referral(
    session: Session,
    actor: Actor,
    draft: ReferralDraft,
    *,
    person_id: int | None,
    override_reason: str | None,
    address: TypedAddress | None,
) -> ReferralDTO:
    """``create_referral`` inside the caller's unit of work (the caller checked the actor
    with ``allowed_to_create``)."""
    typed = address.cleaned() if address is not None else {}
    draft, check, matches, venues = _check_draft_in(session, draft, person_id, override_reason)
    if check.reference_taken:
        raise ConflictError(
            f"A referral with police reference {draft.police_reference} is already recorded. "
            "Search for it instead of adding it again.",
            field="police_reference",
        )
    eligibility = check.eligibility
    linked = check.linked_person_id
    venue = resolve_venue(venues, draft.appointment_venue) if draft.appointment_venue else None
    plan = ReferralPlan(
        draft=draft,
        eligibility=eligibility,
        person_id=linked,
        possible=tuple(matches) if linked is None else (),
        venue_id=venue.id if venue else None,
        override_reason=override_reason,
    )
    settings = settings_service.read_all(session)
    if venue is not None and eligibility.eligible and draft.appointment_datetime is not None:
        _check_intake_slot(session, draft, venue.id, settings)
    entries = save_plans(session, actor, [plan], settings)
    assert plan.saved_person_id is not None
    filled = fill_person_in(session, actor, plan.saved_person_id, draft.local_authority, typed)
    if eligibility.overridden:
        entries.append(
            AuditEntry(
                "referral.override",
                "referral",
                plan.referral_id,
                plan.saved_person_id,
                {
                    "police_reference": draft.police_reference,
                    "barring_reference": eligibility.barring_reference,
                    "reason": override_reason,
                },
            )
        )
    record_many(session, actor, entries)
    assert plan.referral_id is not None and plan.saved_person_id is not None
    return ReferralDTO(
        id=plan.referral_id,
        police_reference=draft.police_reference,
        person_id=plan.saved_person_id,
        referral_datetime=draft.referral_datetime,
        local_authority=draft.local_authority,
        status=plan.status,
        status_reason=eligibility.reason.value if eligibility.reason else None,
        young_person=eligibility.young_person,
        intent_to_supply=draft.intent_to_supply,
        substances=draft.substances,
        engagement_deadline=engagement_deadline(
            draft.referral_date, int(settings["engagement_deadline_days"])
        ),
        eligibility_message=eligibility.message,
        overridden=eligibility.overridden,
        new_person=plan.new_person,
        possible_matches=len(plan.possible),
        appointment_id=plan.appointment_id,
        appointment_start=draft.appointment_datetime if plan.appointment_id else None,
        venue_name=venue.name if venue and plan.appointment_id else None,
        address_kept=filled.address_kept,
        held=held_by_repeat_bar(plan.status, eligibility.reason and eligibility.reason.value),
    )


def _check_intake_slot(
    session: Session, draft: ReferralDraft, venue_id: int, settings: dict[str, object]
) -> None:
    """An appointment typed at intake gets the diary's checks (core.calendar.booking_problems:
    the past, the referral time, closed day, hours, rooms), as the screen checks it live.

    Imports trust the slot the officer booked in the police app; a person typing one in does
    not. Raises SlotConflictError naming each clash; nothing is saved.
    """
    row = session.get(Venue, venue_id)
    assert row is not None and draft.appointment_datetime is not None
    start = draft.appointment_datetime
    length = int(settings.get("initial_assessment_minutes", 60))  # type: ignore[call-overload]
    _check_slot(
        session,
        start=start,
        end=start + timedelta(minutes=length),
        caseworker=None,
        place=_Place(row.id, row.name, row.capacity),
        now=clock_of(session).now(),
        referral_at=draft.referral_datetime,
    )


# --------------------------------------------------------------------------- override afterwards


@dataclass(frozen=True)
class OverrideDTO:
    """A referral a manager let through the repeat-referral bar after it was recorded."""

    referral_id: int
    police_reference: str
    person_id: int
    status: ReferralStatus
    engagement_deadline: date
    deadline_passed: bool


@announces(Kind.REFERRALS)
def override_repeat_bar(
    db: Database,
    actor: Actor,
    referral_id: int,
    reason: str,
    *,
    today: date | None = None,
) -> OverrideDTO:
    """Let a referral held by the repeat-referral bar be booked: a manager's decision, with a reason.

    Only a referral held for a manager because of an earlier not-engaged referral (its own
    person's, or a likely match's) can be overridden; intent to supply and a missing appropriate
    adult cannot, and neither can one a manager already confirmed as ineligible. The referral goes
    from held to received, with the reason in its history, on the referral and in the audit trail.
    Raises PermissionDenied, ValidationError (reason too short), NotFound and TransitionError
    (not held by the bar).
    """
    actor.require(Action.OVERRIDE_ELIGIBILITY)
    reason = validate_override_reason(reason)
    with db.unit_of_work() as session:
        referral = _held_referral(session, referral_id)
        change_status(
            session, actor, referral, ReferralStatus.RECEIVED, f"Eligibility overridden: {reason}"
        )
        referral.override_reason = reason
        referral.overridden_by = actor.username
        record_many(
            session,
            actor,
            [
                AuditEntry(
                    "referral.override",
                    "referral",
                    referral.id,
                    referral.person_id,
                    {
                        "police_reference": referral.police_reference,
                        "reason": reason,
                        "after_intake": True,
                    },
                )
            ],
        )
        on = today or db.clock.today()
        return OverrideDTO(
            referral.id,
            referral.police_reference,
            referral.person_id,
            ReferralStatus.RECEIVED,
            referral.engagement_deadline,
            referral.engagement_deadline < on,
        )


def _held_referral(session: Session, referral_id: int) -> Referral:
    """The referral, locked, when it is held for a manager; NotFound or TransitionError if not."""
    referral = session.get(Referral, referral_id, with_for_update=True)
    if referral is None:
        raise NotFound("That referral could not be found. It may have been removed.")
    if not held_by_repeat_bar(referral.status, referral.status_reason):
        status = ReferralStatus(referral.status)
        if status is ReferralStatus.INELIGIBLE:
            if referral.status_reason == IneligibleReason.PREVIOUS_NOT_ENGAGED.value:
                raise TransitionError(
                    f"Referral {referral.police_reference} was already kept as ineligible by a "
                    "manager: it is no longer held, so there is nothing to decide."
                )
            raise TransitionError(
                f"Referral {referral.police_reference} is not eligible because of "
                f"{referral.status_reason or 'another rule'}, which cannot be overridden."
            )
        raise TransitionError(
            f"Referral {referral.police_reference} is {status.label.lower()}, not held for a "
            "manager, so there is nothing to decide."
        )
    return referral


@dataclass(frozen=True)
class ConfirmedDTO:
    """A held referral a manager kept as ineligible."""

    referral_id: int
    police_reference: str
    person_id: int
    status: ReferralStatus
    status_reason: str | None


@announces(Kind.REFERRALS)
def confirm_repeat_bar(
    db: Database, actor: Actor, referral_id: int, note: str = ""
) -> ConfirmedDTO:
    """Keep a referral held by the repeat-referral bar as ineligible: a manager's decision.

    The referral goes from held to ineligible with the reason it was held ("previous referral
    not engaged"), the manager's optional note in its history and the audit trail. Raises
    PermissionDenied, NotFound and TransitionError (not held for a manager).
    """
    actor.require(Action.CONFIRM_INELIGIBLE)
    note = " ".join((note or "").split())
    with db.unit_of_work() as session:
        referral = _held_referral(session, referral_id)
        reason = referral.status_reason or IneligibleReason.PREVIOUS_NOT_ENGAGED.value
        change_status(session, actor, referral, ReferralStatus.INELIGIBLE, reason)
        record_many(
            session,
            actor,
            [
                AuditEntry(
                    "referral.confirm_ineligible",
                    "referral",
                    referral.id,
                    referral.person_id,
                    {
                        "police_reference": referral.police_reference,
                        "reason": reason,
                        "note": note or None,
                    },
                )
            ],
        )
        return ConfirmedDTO(
            referral.id,
            referral.police_reference,
            referral.person_id,
            ReferralStatus.INELIGIBLE,
            reason,
        )
