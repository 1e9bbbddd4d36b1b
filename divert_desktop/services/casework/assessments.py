"""Assessments: start one from the newest form, save it as final, amend it by a new version,
open one (audited) and list them. Scores are always computed here from the answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.assessment import DEFAULT_FORM_ID, assessment_context
from divert_desktop.core.enums import AppointmentType, ReferralStatus
from divert_desktop.core.errors import ConflictError, NotFound, TransitionError, ValidationError
from divert_desktop.core.form_rules import (
    check_answers,
    compute_scores,
    evaluate,
    initial_answers,
    scores_json,
)
from divert_desktop.core.forms import FormDefinition
from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Assessment, Referral, utcnow
from divert_desktop.services.admin import settings as settings_service
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.casework.common import (
    AppointmentChoice,
    ReferralHeader,
    appointment_choices,
    check_version,
    consent_from_answers,
    header,
    linked_appointment,
    mark_linked_attendance,
    referral_for,
    substances_of,
    sync_referral,
)
from divert_desktop.services.casework.forms_library import FormLibrary, default_library
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor
from divert_desktop.services.lists.common import utc_text

__all__ = [
    "AnswersInvalid",
    "AssessmentDTO",
    "AssessmentRow",
    "AssessmentStart",
    "amend_assessment",
    "list_assessments",
    "open_assessment",
    "save_assessment",
    "start_assessment",
]

_INITIAL = AppointmentType.INITIAL_ASSESSMENT


class AnswersInvalid(ValidationError):
    """Some answers are missing or wrong; ``problems`` maps each answer's path to its message."""

    def __init__(self, problems: dict[str, str]) -> None:
        count = len(problems)
        super().__init__(
            f"{count} answer{'s need' if count != 1 else ' needs'} attention before saving.",
            field=next(iter(problems), None),
        )
        self.problems = dict(problems)


@dataclass(frozen=True)
class AssessmentStart:
    """What a new assessment opens with: the form, the facts it knows and the pre-filled answers."""

    referral: ReferralHeader
    form: FormDefinition
    context: dict[str, Any]
    answers: dict[str, Any]
    appointments: tuple[AppointmentChoice, ...]
    settings: dict[str, Any]


@dataclass(frozen=True)
class AssessmentDTO:
    """A saved assessment with the exact form version it was filled in with."""

    id: int
    referral: ReferralHeader
    appointment_id: int | None
    form: FormDefinition
    answers: dict[str, Any]
    scores: dict[str, Any]
    context: dict[str, Any]
    settings: dict[str, Any]
    created_at: datetime
    created_by: str
    amended_at: datetime | None
    amended_by: str | None
    supersedes_id: int | None
    superseded_by_id: int | None
    version: int

    @property
    def amended_text(self) -> str:
        """ "Amended on Wed 2 Dec 2026 14:30 by jo" (empty while it is the current version)."""
        if self.amended_at is None:
            return ""
        return f"Amended on {utc_text(self.amended_at)} by {self.amended_by}"


@dataclass(frozen=True)
class AssessmentRow:
    id: int
    referral_id: int
    police_reference: str
    created_at: datetime
    date_text: str
    form_text: str
    scores_text: str
    created_by: str
    status_text: str
    current: bool


def _library(library: FormLibrary | None) -> FormLibrary:
    return library if library is not None else default_library()


def _context(session: Session, referral: Referral, h: ReferralHeader, today: date) -> dict:
    return assessment_context(
        date_of_birth=h.date_of_birth,
        referral_date=h.referral_date,
        young_person=h.young_person,
        substances=substances_of(session, referral.id),
        today=today,
    )


def start_assessment(
    db: Database,
    actor: Actor,
    referral_id: int,
    *,
    form_id: str = DEFAULT_FORM_ID,
    library: FormLibrary | None = None,
    today: date | None = None,
) -> AssessmentStart:
    """Everything a new assessment of the referral needs (the newest version of the form).

    Raises PermissionDenied, NotFound (referral or form) and TransitionError (not eligible).
    """
    actor.require(Action.RECORD_ASSESSMENT)
    form = _library(library).latest(form_id)
    today = today or db.clock.today()
    with db.unit_of_work(write=False) as session:
        referral = referral_for(session, referral_id)
        if referral.status == ReferralStatus.INELIGIBLE:
            raise TransitionError("This referral is not eligible, so it is not assessed.")
        if referral.status == ReferralStatus.HELD:
            raise TransitionError(
                "This referral is held for a manager to decide on the repeat-referral rule, so "
                "it is not assessed yet."
            )
        h = header(session, referral)
        context = _context(session, referral, h, today)
        return AssessmentStart(
            h,
            form,
            context,
            initial_answers(form, context),
            appointment_choices(session, referral.id, _INITIAL),
            settings_service.read_all(session),
        )


def _checked(
    form: FormDefinition, answers: dict[str, Any], context: dict, settings: dict, today: date
) -> tuple[dict[str, Any], dict[str, Any]]:
    problems = check_answers(form, answers, context, today)
    if problems:
        raise AnswersInvalid(problems)
    kept = evaluate(form, answers, context).answers
    return kept, scores_json(compute_scores(form, kept, context, settings))


def _dto(session: Session, row: Assessment, library: FormLibrary, today: date) -> AssessmentDTO:
    referral = referral_for(session, row.referral_id)
    h = header(session, referral)
    newer = session.execute(
        sa.select(Assessment.id).where(Assessment.supersedes_id == row.id)
    ).scalar_one_or_none()
    return AssessmentDTO(
        row.id,
        h,
        row.appointment_id,
        library.get(row.form_id, row.form_version),
        dict(row.answers or {}),
        dict(row.scores or {}),
        _context(session, referral, h, today),
        settings_service.read_all(session),
        row.created_at,
        row.created_by,
        row.amended_at,
        row.amended_by,
        row.supersedes_id,
        newer,
        row.version,
    )


@announces(Kind.CASEWORK, Kind.REFERRALS, Kind.APPOINTMENTS)
def save_assessment(
    db: Database,
    actor: Actor,
    *,
    referral_id: int,
    form_id: str,
    form_version: str,
    answers: dict[str, Any],
    appointment_id: int | None = None,
    library: FormLibrary | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> AssessmentDTO:
    """Save a completed assessment; returns it with the scores computed from its answers.

    Answers to hidden questions are dropped. Linked to a booked initial assessment, that
    appointment is marked attended (only from its day on, as in the diary; ``now`` is UK local
    time, default the clock); either way the referral becomes engaged (the assessment counts as
    attended). Raises PermissionDenied, NotFound, TransitionError (not eligible), AnswersInvalid
    (a ValidationError listing every answer to fix) and ValidationError (the appointment: not
    this referral's, cancelled, or on a later day).
    """
    actor.require(Action.RECORD_ASSESSMENT)
    lib, today = _library(library), today or db.clock.today()
    form = lib.get(form_id, form_version)
    with db.unit_of_work() as session:
        referral = referral_for(session, referral_id, lock=True)
        if referral.status == ReferralStatus.INELIGIBLE:
            raise TransitionError("This referral is not eligible, so it is not assessed.")
        if referral.status == ReferralStatus.HELD:
            raise TransitionError(
                "This referral is held for a manager to decide on the repeat-referral rule, so "
                "it is not assessed yet."
            )
        h = header(session, referral)
        context = _context(session, referral, h, today)
        kept, scores = _checked(form, answers, context, settings_service.read_all(session), today)
        appt = linked_appointment(session, referral, appointment_id, _INITIAL)
        row = Assessment(
            referral_id=referral.id,
            person_id=referral.person_id,
            appointment_id=appt.id if appt else None,
            form_id=form.form_id,
            form_version=form.version,
            answers=kept,
            scores=scores,
            created_by=actor.username,
        )
        session.add(row)
        session.flush()
        mark_linked_attendance(session, actor, appt, True, "assessment", now=now)
        consent_from_answers(session, actor, referral, kept, "assessment")
        record(
            session,
            actor,
            AuditEntry(
                "assessment.create",
                "assessment",
                row.id,
                referral.person_id,
                {
                    "referral_id": referral.id,
                    "form": f"{form.form_id} v{form.version}",
                    "appointment_id": row.appointment_id,
                    "scores": sorted(scores),
                },
            ),
        )
        sync_referral(session, actor, referral.id)
        return _dto(session, row, lib, today)


@announces(Kind.CASEWORK, Kind.REFERRALS)
def amend_assessment(
    db: Database,
    actor: Actor,
    assessment_id: int,
    answers: dict[str, Any],
    *,
    expected_version: int,
    library: FormLibrary | None = None,
    today: date | None = None,
) -> AssessmentDTO:
    """Amend a saved assessment by saving a new version of it (same form version); the earlier
    one is kept and marked amended, with who and when. Returns the new version.

    Raises PermissionDenied, NotFound, StaleEditError, ConflictError (already amended: amend
    the newest version) and AnswersInvalid.
    """
    actor.require(Action.RECORD_ASSESSMENT)
    lib, today = _library(library), today or db.clock.today()
    with db.unit_of_work() as session:
        old = session.get(Assessment, assessment_id)
        if old is None:
            raise NotFound("That assessment could not be found.")
        referral = referral_for(session, old.referral_id, lock=True)
        check_version(old.version, expected_version, "assessment")
        if old.amended_at is not None:
            raise ConflictError(
                f"This assessment was already amended on {utc_text(old.amended_at)} by "
                f"{old.amended_by}. Open the newest version to amend it."
            )
        form = lib.get(old.form_id, old.form_version)
        h = header(session, referral)
        context = _context(session, referral, h, today)
        kept, scores = _checked(form, answers, context, settings_service.read_all(session), today)
        new = Assessment(
            referral_id=old.referral_id,
            person_id=old.person_id,
            appointment_id=old.appointment_id,
            form_id=old.form_id,
            form_version=old.form_version,
            answers=kept,
            scores=scores,
            supersedes_id=old.id,
            created_by=actor.username,
        )
        old.amended_at, old.amended_by = utcnow(session), actor.username
        session.add(new)
        session.flush()
        consent_from_answers(session, actor, referral, kept, "assessment")
        changed = sorted(
            k
            for k in set(kept) | set(old.answers or {})
            if kept.get(k) != (old.answers or {}).get(k)
        )
        record(
            session,
            actor,
            AuditEntry(
                "assessment.amend",
                "assessment",
                new.id,
                old.person_id,
                {"amends": old.id, "changed": changed, "scores": sorted(scores)},
            ),
        )
        return _dto(session, new, lib, today)


def open_assessment(
    db: Database,
    actor: Actor,
    assessment_id: int,
    *,
    library: FormLibrary | None = None,
    today: date | None = None,
) -> AssessmentDTO:
    """One saved assessment, with the form version it was filled in with; the view is audited.

    Raises PermissionDenied, NotFound (also when that form version is not installed).
    """
    actor.require(Action.VIEW_CLINICAL)
    lib, today = _library(library), today or db.clock.today()
    with db.unit_of_work() as session:
        row = session.get(Assessment, assessment_id)
        if row is None:
            raise NotFound("That assessment could not be found.")
        dto = _dto(session, row, lib, today)
        record(
            session,
            actor,
            AuditEntry(
                "assessment.view",
                "assessment",
                row.id,
                row.person_id,
                {"form": f"{row.form_id} v{row.form_version}"},
            ),
        )
        return dto


def _scores_text(scores: dict[str, Any]) -> str:
    return "; ".join(f"{s['label']} {s['score']} ({s['band_label']})" for s in scores.values())


def list_assessments(
    db: Database, actor: Actor, *, person_id: int | None = None, referral_id: int | None = None
) -> list[AssessmentRow]:
    """A person's (or one referral's) assessments, newest first, amended ones marked; audited.

    Raises PermissionDenied and ValidationError (neither person nor referral given).
    """
    actor.require(Action.VIEW_CLINICAL)
    if person_id is None and referral_id is None:
        raise ValidationError("Say whose assessments to list.", field="person_id")
    a = Assessment
    stmt = sa.select(a, Referral.police_reference).join(Referral, Referral.id == a.referral_id)
    stmt = stmt.where(a.person_id == person_id) if person_id is not None else stmt
    stmt = stmt.where(a.referral_id == referral_id) if referral_id is not None else stmt
    with db.unit_of_work() as session:
        rows = session.execute(stmt.order_by(a.created_at.desc(), a.id.desc())).all()
        out = [
            AssessmentRow(
                r.Assessment.id,
                r.Assessment.referral_id,
                r.police_reference,
                r.Assessment.created_at,
                utc_text(r.Assessment.created_at),
                f"{r.Assessment.form_id.replace('_', ' ').capitalize()} "
                f"(version {r.Assessment.form_version})",
                _scores_text(r.Assessment.scores or {}),
                r.Assessment.created_by,
                (
                    f"Amended on {utc_text(r.Assessment.amended_at)} by {r.Assessment.amended_by}"
                    if r.Assessment.amended_at
                    else "Current (amended version)"
                    if r.Assessment.supersedes_id
                    else "Current"
                ),
                r.Assessment.amended_at is None,
            )
            for r in rows
        ]
        owner = person_id
        if owner is None:  # the referral's person, even when there is nothing to list
            owner = session.execute(
                sa.select(Referral.person_id).where(Referral.id == referral_id)
            ).scalar_one_or_none()
        record(
            session,
            actor,
            AuditEntry(
                "assessment.list",
                "person",
                owner,
                owner,
                {"referral_id": referral_id, "count": len(out)},
            ),
        )
        return out
