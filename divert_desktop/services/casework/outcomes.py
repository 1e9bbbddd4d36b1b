"""Outcomes: closing a referral as completed, not engaged or withdrawn (date and reason), and the
six-month follow-up, one referral at a time or in bulk from a CSV of police references."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.casework import validate_follow_up_result, validate_outcome
from divert_desktop.core.engagement import status_after_attendance
from divert_desktop.core.enums import AppointmentStatus, FollowUpResult, ReferralStatus
from divert_desktop.core.errors import DivertError, TransitionError, ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.core.spreadsheet import restore_cell
from divert_desktop.core.validation import UK_TIMEZONE, check_text, parse_date
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Referral, utcnow
from divert_desktop.services.audit.trail import AuditEntry, record, record_many
from divert_desktop.services.casework.common import (
    ReferralHeader,
    check_version,
    header,
    record_consent,
    referral_for,
)
from divert_desktop.services.casework.engagement import _cancel_future_bookings, attended_counts
from divert_desktop.services.changes import NOTHING, Changes, Kind, announces, changes_of
from divert_desktop.services.context import Actor
from divert_desktop.services.intake.import_rows import (
    ImportFileError,
    RowError,
    column_key,
    refuse_repeated_columns,
)
from divert_desktop.services.referral_state import change_status

__all__ = [
    "FOLLOW_UP_COLUMNS",
    "FollowUpImportResult",
    "OutcomeDTO",
    "OutcomeView",
    "close_referral",
    "get_outcome",
    "import_followups",
    "record_consent_to_share",
    "record_followup",
]

FOLLOW_UP_COLUMNS = ("police_reference", "rearrested", "rearrest_date", "learned_on", "source")
_REQUIRED = ("police_reference", "rearrested", "learned_on")
PSEUDO = "pseudo_referral"
"""The column that may stand for police_reference: the referral's pseudonym in the evaluation
extract (core.evaluation.pseudo_referral), so re-arrests can come back without names."""


@dataclass(frozen=True)
class OutcomeDTO:
    referral_id: int
    police_reference: str
    status: ReferralStatus
    status_reason: str | None
    status_changed_at: datetime
    followup_rearrested: FollowUpResult | None
    followup_rearrest_date: date | None
    followup_learned_on: date | None
    followup_source: str | None
    outcome_sent_at: datetime | None
    version: int
    consent_to_share: bool | None = None  # the outcome may be shared with the police (yes only)


def _dto(r: Referral) -> OutcomeDTO:
    found = FollowUpResult(r.followup_rearrested) if r.followup_rearrested else None
    return OutcomeDTO(
        r.id,
        r.police_reference,
        ReferralStatus(r.status),
        r.status_reason,
        r.status_changed_at,
        found,
        r.followup_rearrest_date,
        r.followup_learned_on,
        r.followup_source,
        r.outcome_sent_at,
        r.version,
        r.consent_to_share,
    )


@dataclass(frozen=True)
class OutcomeView:
    """What the outcome window shows: the referral, its outcome and follow-up, and whether the
    rule for completing it is met now."""

    referral: ReferralHeader
    outcome: OutcomeDTO
    initial_attended: bool
    sessions_attended: int
    can_complete: bool


def get_outcome(db: Database, actor: Actor, referral_id: int) -> OutcomeView:
    """The referral's outcome and six-month follow-up (re-arrest is offence data: the view is
    audited). Raises PermissionDenied, NotFound."""
    actor.require(Action.RECORD_OUTCOME)
    with db.unit_of_work() as session:
        referral = referral_for(session, referral_id)
        record(
            session,
            actor,
            AuditEntry("referral.outcome.view", "referral", referral.id, referral.person_id),
        )
        initial, sessions = attended_counts(session, referral.id)
        due = status_after_attendance(
            current=ReferralStatus.ENGAGED,
            initial_attended=initial,
            sessions_attended=sessions,
            sessions_planned=referral.sessions_planned,
        )
        can = referral.status == ReferralStatus.ENGAGED and due == ReferralStatus.COMPLETED
        return OutcomeView(header(session, referral), _dto(referral), initial, sessions, can)


def _moment(session: Session, on: date, today: date) -> datetime:
    """When a change dated ``on`` happened, as the naive UTC the history stores (now if today)."""
    if on >= today:
        return utcnow(session)
    local = datetime.combine(on, time(12, 0), tzinfo=UK_TIMEZONE)
    return local.astimezone(UTC).replace(tzinfo=None)


@announces(Kind.CASEWORK, Kind.REFERRALS)
def _from_moment(db: Database, today: date) -> datetime:
    """From when a closed referral's bookings are cancelled: now, or the start of ``today``
    when the caller's day is not the clock's."""
    now = db.clock.now()
    return now if today == now.date() else datetime.combine(today, time(0, 0))


def close_referral(
    db: Database,
    actor: Actor,
    referral_id: int,
    outcome: ReferralStatus,
    *,
    on: date,
    reason: str | None,
    expected_version: int,
    today: date | None = None,
) -> OutcomeDTO:
    """Close an open referral with its outcome, dated and (for exits) with a reason; returns it.

    Completed needs the initial assessment and the planned sessions attended (the one rule in
    core.engagement); not engaged and withdrawn cancel the person's future bookings. Raises
    PermissionDenied, NotFound, StaleEditError, TransitionError and ValidationError.
    """
    actor.require(Action.RECORD_OUTCOME)
    if ReferralStatus(outcome) == ReferralStatus.WITHDRAWN:
        actor.require(Action.WITHDRAW_REFERRAL)
    today = today or db.clock.today()
    with db.unit_of_work() as session:
        referral = referral_for(session, referral_id, lock=True)
        check_version(referral.version, expected_version, "referral")
        current = ReferralStatus(referral.status)
        if not current.is_open:
            raise TransitionError(f"This referral is already closed ({current.label.lower()}).")
        earliest = max(
            referral.referral_datetime.date(),
            referral.status_changed_at.replace(tzinfo=UTC).astimezone(UK_TIMEZONE).date(),
        )
        outcome, on, reason = validate_outcome(outcome, on, reason, earliest=earliest, today=today)
        if outcome == ReferralStatus.COMPLETED:
            initial, sessions = attended_counts(session, referral.id)
            due = status_after_attendance(
                current=ReferralStatus.ENGAGED,
                initial_attended=initial,
                sessions_attended=sessions,
                sessions_planned=referral.sessions_planned,
            )
            if current != ReferralStatus.ENGAGED or due != ReferralStatus.COMPLETED:
                planned = referral.sessions_planned
                raise ValidationError(
                    "A referral is completed once the initial assessment and the "
                    f"{planned} planned session{'s' if planned != 1 else ''} are attended "
                    f"({sessions} attended so far). Record the sessions, or change the plan.",
                    field="outcome",
                )
        change_status(
            session, actor, referral, outcome, reason or None, at=_moment(session, on, today)
        )
        session.flush()
        if outcome != ReferralStatus.COMPLETED:
            word = "withdrawn" if outcome == ReferralStatus.WITHDRAWN else "closed as not engaged"
            kind = (
                AppointmentStatus.CANCELLED_BY_PROVIDER
                if outcome == ReferralStatus.WITHDRAWN
                else AppointmentStatus.CANCELLED_BY_PERSON
            )
            cancelled = _cancel_future_bookings(
                session, [referral.id], kind, f"Referral {word}: {reason}", _from_moment(db, today)
            )
            if cancelled:
                record(
                    session,
                    actor,
                    AuditEntry(
                        "referral.appointments_cancelled",
                        "referral",
                        referral.id,
                        referral.person_id,
                        {"cancelled": cancelled, "reason": f"Referral {word}"},
                    ),
                )
        session.flush()
        return _dto(referral)


def _apply_followup(
    session: sa.orm.Session, actor: Actor, referral: Referral, values: tuple[Any, ...]
) -> AuditEntry | None:
    """Store a checked follow-up; returns its audit entry, or None when nothing changed."""
    found, learned, source, rearrest = values
    before = (
        referral.followup_rearrested,
        referral.followup_rearrest_date,
        referral.followup_learned_on,
        referral.followup_source,
    )
    if before == (found, rearrest, learned, source):
        return None
    referral.followup_rearrested, referral.followup_rearrest_date = found, rearrest
    referral.followup_learned_on, referral.followup_source = learned, source
    return AuditEntry(
        "referral.followup",
        "referral",
        referral.id,
        referral.person_id,
        {
            "police_reference": referral.police_reference,
            "rearrested": found.value,
            "rearrest_date": rearrest.isoformat() if rearrest else None,
            "learned_on": learned.isoformat(),
            "source": source,
            "before": before[0].value if before[0] else None,
        },
    )


def _check_followup(referral: Referral, today: date, **given: Any) -> tuple[Any, ...]:
    if referral.status == ReferralStatus.INELIGIBLE:
        raise ValidationError(
            "This referral was not eligible, so it has no six-month follow-up",
            field="police_reference",
        )
    if referral.status == ReferralStatus.HELD:
        raise ValidationError(
            "This referral is held for a manager to decide on the repeat-referral rule, so it "
            "has no six-month follow-up yet",
            field="police_reference",
        )
    return validate_follow_up_result(
        referral_date=referral.referral_datetime.date(), today=today, **given
    )


@announces(Kind.CASEWORK, Kind.REFERRALS)
def record_followup(
    db: Database,
    actor: Actor,
    referral_id: int,
    *,
    rearrested: FollowUpResult | str,
    learned_on: date,
    source: str,
    rearrest_date: date | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> OutcomeDTO:
    """Record the six-month follow-up of one referral; returns it. Raises PermissionDenied,
    NotFound, StaleEditError and ValidationError."""
    actor.require(Action.RECORD_OUTCOME)
    today = today or db.clock.today()
    with db.unit_of_work() as session:
        referral = referral_for(session, referral_id, lock=True)
        check_version(referral.version, expected_version, "referral")
        values = _check_followup(
            referral,
            today,
            result=rearrested,
            learned_on=learned_on,
            source=source,
            rearrest_date=rearrest_date,
        )
        entry = _apply_followup(session, actor, referral, values)
        if entry is not None:
            session.flush()
            record(session, actor, entry)
        return _dto(referral)


@announces(Kind.CASEWORK, Kind.REFERRALS)
def record_consent_to_share(
    db: Database,
    actor: Actor,
    referral_id: int,
    consent: bool | None,
    *,
    expected_version: int | None = None,
) -> OutcomeDTO:
    """Record whether the person agreed to the outcome being shared with the police (None: not
    asked yet), when it was not known at intake or they change their mind; returns the outcome.
    Only a yes lets the police outcome letter be made. Audited with the answer before and after.
    Raises PermissionDenied, NotFound and StaleEditError."""
    actor.require(Action.RECORD_OUTCOME)
    with db.unit_of_work() as session:
        referral = referral_for(session, referral_id, lock=True)
        check_version(referral.version, expected_version, "referral")
        record_consent(session, actor, referral, consent, "outcome")
        return _dto(referral)


# --------------------------------------------------------------------------- bulk import


@dataclass
class FollowUpImportResult:
    """What a follow-up file did: rows read, referrals updated, rows unchanged, rows rejected."""

    rows: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def changes(self) -> Changes:
        """A dry run changes nothing."""
        return NOTHING if self.dry_run or not self.updated else changes_of(import_followups)

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [
                {
                    "row": e.row,
                    "police_reference": e.police_reference,
                    "field": e.field,
                    "message": e.message,
                }
                for e in self.errors
            ],
        }


def read_followup_file(path: Path) -> list[dict[str, str]]:
    """The data rows of a follow-up CSV (UTF-8, any header order and case). Raises
    ImportFileError when it cannot be read or lacks a required column."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ImportFileError(
            f"There is no file called {path}. Check the name and folder."
        ) from None
    except UnicodeDecodeError:
        raise ImportFileError(
            f'{Path(path).name} is not saved as UTF-8 text. Save it as "CSV UTF-8".'
        ) from None
    except OSError as exc:
        raise ImportFileError(f"Cannot open {path}: {exc.strerror or exc}.") from None
    records = [
        [restore_cell(c) for c in r]
        for r in csv.reader(io.StringIO(text, newline=""))
        if any(c.strip() for c in r)
    ]
    if not records:
        raise ImportFileError(f"{Path(path).name} is empty. There are no follow-ups to record.")
    keys = [column_key(h) for h in records[0]]
    refuse_repeated_columns(Path(path).name, records[0], keys)
    if PSEUDO in keys and "police_reference" in keys:
        raise ImportFileError(
            f"{Path(path).name} has both a police_reference and a {PSEUDO} column: keep one of "
            "them, so each row names its referral one way."
        )
    required = [PSEUDO if c == "police_reference" and PSEUDO in keys else c for c in _REQUIRED]
    missing = [c for c in required if c not in keys]
    if missing:
        raise ImportFileError(
            f"{Path(path).name} is not a follow-up file: it has no {', '.join(missing)} column"
            f"{'s' if len(missing) > 1 else ''}. The columns are {', '.join(FOLLOW_UP_COLUMNS)}."
        )
    return [{k: (v or "").strip() for k, v in zip(keys, r, strict=False) if k} for r in records[1:]]


def _date(text: str, name: str) -> date | None:
    return parse_date(text, name) if text else None


def _pseudonyms(session: Session, key: bytes) -> dict[str, int]:
    """Every referral's id by its pseudonym under ``key`` (as written in evaluation extracts)."""
    from divert_desktop.core.evaluation import pseudo_referral

    rows = session.execute(sa.select(Referral.id, Referral.police_reference))
    return {pseudo_referral(key, reference): rid for rid, reference in rows}


def _find(session: Session, row: dict[str, str], pseudonyms: dict[str, int] | None) -> Referral:
    """The referral a row names, locked; raises ValidationError when there is none."""
    if pseudonyms is None:
        where = Referral.police_reference == row.get("police_reference")
        missing = "No referral has this police reference"
    else:
        where = Referral.id == pseudonyms.get(row.get(PSEUDO, "").lower(), 0)
        missing = "No referral has this pseudo_referral under this key (check the key file)"
    found = session.execute(sa.select(Referral).where(where).with_for_update())
    referral = found.scalar_one_or_none()
    if referral is None:
        raise ValidationError(
            missing, field=PSEUDO if pseudonyms is not None else "police_reference"
        )
    return referral


@announces(Kind.CASEWORK, Kind.REFERRALS)
def import_followups(
    db: Database,
    actor: Actor,
    path: Path,
    *,
    dry_run: bool = False,
    today: date | None = None,
    key: bytes | None = None,
) -> FollowUpImportResult:
    """Record six-month follow-ups from a CSV with columns police_reference, rearrested
    (yes/no/unknown), rearrest_date (for yes), learned_on and source (optional when the
    ``source`` column is absent: "Police follow-up file"). A file may name referrals by
    ``pseudo_referral`` (from the evaluation extract) instead: it then needs ``key``, the
    evaluation key. One transaction; a bad row is reported (row, field, message) and stored
    nothing. Raises PermissionDenied, ImportFileError.
    """
    actor.require(Action.RECORD_OUTCOME)
    today = today or db.clock.today()
    rows = read_followup_file(path)
    pseudo = bool(rows) and PSEUDO in rows[0]
    if pseudo and key is None:
        raise ImportFileError(
            f"{Path(path).name} names referrals by {PSEUDO}: choose the evaluation key file the "
            "extract was made with (--key-file)."
        )
    column, words = (
        (PSEUDO, "pseudo_referral") if pseudo else ("police_reference", "police reference")
    )
    result = FollowUpImportResult(rows=len(rows), dry_run=dry_run)
    entries: list[AuditEntry] = []
    with db.unit_of_work() as session:
        pseudonyms = _pseudonyms(session, key) if pseudo and key is not None else None
        seen: set[str] = set()
        for number, row in enumerate(rows, start=1):
            reference = row.get(column) or None
            try:
                if not reference:
                    raise ValidationError(f"Enter the {words}", field=column)
                check_text(reference, column, f"The {words}")
                same = reference.lower() if pseudo else reference
                if same in seen:
                    raise ValidationError(f"This {words} is in the file twice", field=column)
                seen.add(same)
                referral = _find(session, row, pseudonyms)
                values = _check_followup(
                    referral,
                    today,
                    result=row.get("rearrested") or None,
                    learned_on=_date(row.get("learned_on", ""), "learned_on"),
                    source=row.get("source") or "Police follow-up file",
                    rearrest_date=_date(row.get("rearrest_date", ""), "rearrest_date"),
                )
            except DivertError as exc:
                result.rejected += 1
                result.errors.append(RowError(number, reference, exc.field or "row", exc.message))
                continue
            entry = _apply_followup(session, actor, referral, values)
            if entry is None:
                result.unchanged += 1
            else:
                result.updated += 1
                entries.append(entry)
        if dry_run:
            session.rollback()
            return result
        session.flush()
        if entries:
            entries.append(
                AuditEntry(
                    "followup.import",
                    "referral",
                    None,
                    None,
                    {
                        "file": Path(path).name,
                        "updated": result.updated,
                        "rejected": result.rejected,
                    },
                )
            )
            record_many(session, actor, entries)
    return result
