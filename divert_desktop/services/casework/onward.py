"""Onward referrals to services in the directory: propose, record consent (and what may be
shared), send (never without consent), record the reply and attendance, close; follow-up dates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.enums import OnwardStatus, ReferralStatus
from divert_desktop.core.errors import NotFound, TransitionError, ValidationError
from divert_desktop.core.onward import (
    DEFAULT_FOLLOW_UP_DAYS,
    SHARE_ITEMS,
    STATUS_LABELS,
    ensure_onward_transition,
    follow_up_overdue,
    validate_follow_up,
    validate_share_items,
)
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_date, format_uk_phone
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import OnwardReferral, Referral, Service, clock_of, utcnow
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.casework.common import (
    ReferralHeader,
    check_version,
    header,
    referral_for,
)
from divert_desktop.services.casework.directory import SERVICE_TYPE_LABELS
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor
from divert_desktop.services.lists.common import utc_text

__all__ = [
    "OnwardDTO",
    "change_onward_status",
    "get_onward",
    "list_onward",
    "onward_referral_header",
    "open_onward",
    "propose_onward",
    "record_consent",
    "set_follow_up",
]

_TEXT_LIMIT = 5000


@dataclass(frozen=True)
class OnwardDTO:
    id: int
    referral_id: int
    person_id: int
    police_reference: str
    service_id: int
    service_name: str
    service_type_text: str
    service_contact: str
    status: OnwardStatus
    status_text: str
    reason: str
    share_items: tuple[str, ...]
    share_text: str
    consent_at: datetime | None
    consent_text: str
    sent_at: datetime | None
    follow_up_date: date | None
    follow_up_text: str
    overdue: bool
    notes: str
    created_at: datetime
    created_by: str
    version: int

    @property
    def consent_recorded(self) -> bool:
        return self.consent_at is not None


def _load(session: Session, ids: Iterable[int] | None = None, **where: int) -> list[OnwardDTO]:
    o, today = OnwardReferral, clock_of(session).today()
    stmt = (
        sa.select(
            o,
            Service.organisation,
            Service.service_type,
            Service.phone,
            Service.email,
            Referral.police_reference,
        )
        .join(Service, Service.id == o.service_id)
        .join(Referral, Referral.id == o.referral_id)
    )
    if ids is not None:
        stmt = stmt.where(o.id.in_(list(ids)))
    for key, value in where.items():
        stmt = stmt.where(getattr(o, key) == value)
    out = []
    for row in session.execute(stmt.order_by(o.created_at.desc(), o.id.desc())):
        r = row.OnwardReferral
        status = OnwardStatus(r.status)
        items = tuple(r.share_items or ())
        out.append(
            OnwardDTO(
                r.id,
                r.referral_id,
                r.person_id,
                row.police_reference,
                r.service_id,
                row.organisation,
                SERVICE_TYPE_LABELS[row.service_type],
                " · ".join(
                    x for x in (format_uk_phone(row.phone) if row.phone else None, row.email) if x
                ),
                status,
                STATUS_LABELS[status],
                r.reason or "",
                items,
                "; ".join(SHARE_ITEMS.get(i, i) for i in items),
                r.consent_at,
                f"Recorded {utc_text(r.consent_at)} by {r.consent_recorded_by}"
                if r.consent_at
                else "Not recorded yet",
                r.sent_at,
                r.follow_up_date,
                format_date(r.follow_up_date) if r.follow_up_date else "",
                follow_up_overdue(status, r.follow_up_date, today),
                r.notes or "",
                r.created_at,
                r.created_by,
                r.version,
            )
        )
    return out


def _text(value: str | None, field: str, *, required: str = "") -> str | None:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(required, field=field)
    if len(text) > _TEXT_LIMIT:
        raise ValidationError(f"Keep this to {_TEXT_LIMIT} characters or fewer", field=field)
    return text or None


def _audit(
    session: Session, actor: Actor, action: str, row: OnwardReferral, **details: object
) -> None:
    record(
        session,
        actor,
        AuditEntry(
            action,
            "onward_referral",
            row.id,
            row.person_id,
            {
                "referral_id": row.referral_id,
                "service_id": row.service_id,
                "status": OnwardStatus(row.status).value,
                **details,
            },
        ),
    )


@announces(Kind.CASEWORK)
def propose_onward(
    db: Database,
    actor: Actor,
    referral_id: int,
    *,
    service_id: int,
    reason: str,
    follow_up_date: date | None = None,
    notes: str | None = None,
    share_items: Iterable[str] | None = None,
    today: date | None = None,
) -> OnwardDTO:
    """Propose an onward referral to a directory service; returns it (status proposed, or
    consent given when the person's consent and ``share_items`` are recorded with it).

    The follow-up date defaults to two weeks ahead. Raises PermissionDenied, NotFound,
    TransitionError (ineligible referral) and ValidationError (service, reason, date, items).
    """
    actor.require(Action.MANAGE_ONWARD_REFERRAL)
    today = today or db.clock.today()
    follow_up = validate_follow_up(
        follow_up_date or today + timedelta(days=DEFAULT_FOLLOW_UP_DAYS), today
    )
    why = _text(reason, "reason", required="Write why the person is being referred")
    items = validate_share_items(share_items) if share_items is not None else None
    with db.unit_of_work() as session:
        referral = referral_for(session, referral_id, lock=True)
        if referral.status == ReferralStatus.INELIGIBLE:
            raise TransitionError("This referral is not eligible, so nothing is referred on.")
        if referral.status == ReferralStatus.HELD:
            raise TransitionError(
                "This referral is held for a manager to decide on the repeat-referral rule, so "
                "nothing is referred on yet."
            )
        service = session.get(Service, service_id)
        if service is None or not service.active:
            raise ValidationError("Choose a service from the directory", field="service_id")
        row = OnwardReferral(
            referral_id=referral.id,
            person_id=referral.person_id,
            service_id=service.id,
            status=OnwardStatus.PROPOSED,
            reason=why,
            share_items=[],
            follow_up_date=follow_up,
            notes=_text(notes, "notes"),
            created_by=actor.username,
        )
        session.add(row)
        session.flush()
        _audit(session, actor, "onward.propose", row, follow_up_date=follow_up.isoformat())
        if items is not None:
            row.status, row.share_items = OnwardStatus.CONSENT_GIVEN, items
            row.consent_at, row.consent_recorded_by = utcnow(session), actor.username
            session.flush()
            _audit(session, actor, "onward.consent", row, share_items=items)
        return _load(session, [row.id])[0]


def _row(session: Session, onward_id: int, expected_version: int | None) -> OnwardReferral:
    row = session.get(OnwardReferral, onward_id)
    if row is None:
        raise NotFound("That onward referral could not be found.")
    session.get(Referral, row.referral_id, with_for_update=True)  # referral rows lock first
    check_version(row.version, expected_version, "onward referral")
    return row


@announces(Kind.CASEWORK)
def record_consent(
    db: Database,
    actor: Actor,
    onward_id: int,
    *,
    share_items: Iterable[str],
    expected_version: int,
) -> OnwardDTO:
    """Record that the person agrees to the referral and to sharing the items ticked; returns
    it (consent given). Raises PermissionDenied, NotFound, StaleEditError, TransitionError and
    ValidationError (nothing ticked)."""
    actor.require(Action.MANAGE_ONWARD_REFERRAL)
    items = validate_share_items(share_items)
    with db.unit_of_work() as session:
        row = _row(session, onward_id, expected_version)
        ensure_onward_transition(row.status, OnwardStatus.CONSENT_GIVEN, consent_recorded=True)
        row.status, row.share_items = OnwardStatus.CONSENT_GIVEN, items
        row.consent_at, row.consent_recorded_by = utcnow(session), actor.username
        session.flush()
        _audit(session, actor, "onward.consent", row, share_items=items)
        return _load(session, [row.id])[0]


@announces(Kind.CASEWORK)
def change_onward_status(
    db: Database,
    actor: Actor,
    onward_id: int,
    to: OnwardStatus,
    *,
    expected_version: int,
    note: str | None = None,
    follow_up_date: date | None = None,
    today: date | None = None,
) -> OnwardDTO:
    """Move an onward referral on: sent, accepted, declined, attended or closed; returns it.

    Sending needs consent recorded (ValidationError, field "consent"), sets the sent time and,
    when given, a new follow-up date; a note is added to the notes. Raises PermissionDenied,
    NotFound, StaleEditError, TransitionError and ValidationError.
    """
    actor.require(Action.MANAGE_ONWARD_REFERRAL)
    to, today = OnwardStatus(to), today or db.clock.today()
    if to in (OnwardStatus.PROPOSED, OnwardStatus.CONSENT_GIVEN):
        raise TransitionError("Use “Record consent” to record the person's consent.")
    follow_up = validate_follow_up(follow_up_date, today) if follow_up_date else None
    extra = _text(note, "note")
    with db.unit_of_work() as session:
        row = _row(session, onward_id, expected_version)
        ensure_onward_transition(row.status, to, consent_recorded=row.consent_at is not None)
        before = OnwardStatus(row.status)
        row.status = to
        if to == OnwardStatus.SENT:
            row.sent_at = utcnow(session)
        if follow_up is not None:
            row.follow_up_date = follow_up
        if extra:
            stamp = f"{format_date(today)}, {STATUS_LABELS[to].lower()} ({actor.username}): {extra}"
            row.notes = f"{row.notes}\n{stamp}" if row.notes else stamp
        session.flush()
        _audit(session, actor, "onward.status", row, before=before.value)
        return _load(session, [row.id])[0]


@announces(Kind.CASEWORK)
def set_follow_up(
    db: Database,
    actor: Actor,
    onward_id: int,
    follow_up_date: date,
    *,
    expected_version: int,
    today: date | None = None,
) -> OnwardDTO:
    """Change the follow-up date of an open onward referral; returns it. Raises
    PermissionDenied, NotFound, StaleEditError, TransitionError and ValidationError."""
    actor.require(Action.MANAGE_ONWARD_REFERRAL)
    follow_up = validate_follow_up(follow_up_date, today or db.clock.today())
    with db.unit_of_work() as session:
        row = _row(session, onward_id, expected_version)
        if row.status == OnwardStatus.CLOSED:
            raise TransitionError("This onward referral is closed, so it needs no follow-up.")
        before = row.follow_up_date
        row.follow_up_date = follow_up
        session.flush()
        _audit(
            session,
            actor,
            "onward.follow_up",
            row,
            before=before.isoformat() if before else None,
            after=follow_up.isoformat(),
        )
        return _load(session, [row.id])[0]


def get_onward(db: Database, actor: Actor, onward_id: int) -> OnwardDTO:
    """One onward referral with its details; the view is audited. Raises PermissionDenied,
    NotFound."""
    actor.require(Action.MANAGE_ONWARD_REFERRAL)
    with db.unit_of_work() as session:
        found = _load(session, [onward_id])
        if not found:
            raise NotFound("That onward referral could not be found.")
        record(
            session,
            actor,
            AuditEntry("onward.view", "onward_referral", onward_id, found[0].person_id),
        )
        return found[0]


def list_onward(
    db: Database, actor: Actor, *, person_id: int | None = None, referral_id: int | None = None
) -> list[OnwardDTO]:
    """A person's (or one referral's) onward referrals, newest first; the view is audited.

    Raises PermissionDenied and ValidationError (neither person nor referral given)."""
    actor.require(Action.MANAGE_ONWARD_REFERRAL)
    if person_id is None and referral_id is None:
        raise ValidationError("Say whose onward referrals to list.", field="person_id")
    where = {"person_id": person_id} if person_id is not None else {"referral_id": referral_id}
    with db.unit_of_work() as session:
        found = _load(session, **where)  # type: ignore[arg-type]
        owner = person_id if person_id is not None else referral_for(session, referral_id).person_id  # type: ignore[arg-type]
        record(
            session,
            actor,
            AuditEntry(
                "onward.list",
                "person",
                owner,
                owner,
                {"referral_id": referral_id, "count": len(found)},
            ),
        )
        return found


def onward_referral_header(db: Database, actor: Actor, referral_id: int) -> ReferralHeader:
    """The referral a new onward referral is for. Raises PermissionDenied and NotFound."""
    actor.require(Action.MANAGE_ONWARD_REFERRAL)
    with db.unit_of_work(write=False) as session:
        return header(session, referral_for(session, referral_id))


def open_onward(db: Database, actor: Actor, onward_id: int) -> tuple[OnwardDTO, ReferralHeader]:
    """One onward referral and its referral, for its window; the view is audited."""
    dto = get_onward(db, actor, onward_id)
    with db.unit_of_work(write=False) as session:
        return dto, header(session, referral_for(session, dto.referral_id))
