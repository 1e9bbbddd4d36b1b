"""Importing the police booking app's export (CSV or JSON Lines): the whole file in one transaction."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.eligibility import EarlierReferral
from divert_desktop.core.enums import ReferralStatus
from divert_desktop.core.errors import DivertError
from divert_desktop.core.matching import PersonKey
from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Person
from divert_desktop.private_files import open_private
from divert_desktop.services.admin import settings as settings_service
from divert_desktop.services.audit.trail import AuditEntry, record_many
from divert_desktop.services.changes import NOTHING, Changes, Kind, announces, changes_of
from divert_desktop.services.context import Actor
from divert_desktop.services.diary.facts import load_diary_facts, lock_venues
from divert_desktop.services.intake.draft import ReferralDraft, draft_hash, load_venues
from divert_desktop.services.intake.import_rows import (
    REJECTS_COLUMNS,
    BookingRequest,
    ImportFileError,
    RawFile,
    RawRow,
    RowError,
    parse_row_booking,
    police_reference_of,
    read_referral_file,
)
from divert_desktop.services.intake.store import (
    ReferralPlan,
    assess,
    candidates_for,
    decide_person,
    load_earlier_referrals,
    load_existing_references,
    load_flagged_matches,
    load_match_candidates,
    person_key,
    save_plans,
)
from divert_desktop.services.sheet_files import csv_writer

__all__ = [
    "ImportCancelled",
    "ImportFileError",
    "ImportResult",
    "RowError",
    "RowOutcome",
    "import_referrals",
    "write_rejects",
]

PROGRESS_EVERY = 200
PG_IMPORT_LOCK = 0x494D5054  # "IMPT": two workstations importing at once take turns
IMPORTED, DUPLICATE, REJECTED = "imported", "duplicate", "rejected"

Progress = Callable[[int, int, str], None]


class ImportCancelled(DivertError):
    """The user cancelled the import; everything was rolled back."""


@dataclass(frozen=True)
class RowOutcome:
    """What happened to one row, for the result table (``status`` is the referral's status)."""

    row: int
    police_reference: str | None
    outcome: str
    status: str | None
    message: str
    person_id: int | None = None
    name: str = ""


@dataclass(frozen=True)
class ImportResult:
    """Counts, problems and per-row outcomes of one import (or dry run)."""

    rows: int
    imported: int
    duplicates: int
    rejected: int
    ineligible: int
    possible_matches: int
    errors: list[RowError]
    dry_run: bool
    outcomes: list[RowOutcome] = field(default_factory=list)
    file_name: str = ""
    columns: tuple[str, ...] = ()
    rejected_rows: dict[int, dict[str, str]] = field(default_factory=dict)
    not_booked: int = 0
    warnings: list[RowError] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    held: int = 0
    """Imported but held for a manager (possible repeat of a not-engaged referral); not counted
    in ``ineligible``."""

    @property
    def changes(self) -> Changes:
        """A dry run changes nothing; a real run adds referrals, people and appointments."""
        return NOTHING if self.dry_run or not self.imported else changes_of(import_referrals)

    def to_json(self) -> dict[str, Any]:
        """The command line's ``--json`` object: exactly the keys of the contract."""
        return {
            "rows": self.rows,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "ineligible": self.ineligible,
            "held": self.held,
            "possible_matches": self.possible_matches,
            "errors": [
                {
                    "row": e.row,
                    "police_reference": e.police_reference,
                    "field": e.field,
                    "message": e.message,
                }
                for e in self.errors
            ],
            "not_booked": self.not_booked,
            "warnings": [
                {
                    "row": w.row,
                    "police_reference": w.police_reference,
                    "field": w.field,
                    "message": w.message,
                }
                for w in self.warnings
            ],
            "ignored_columns": list(self.ignored_columns),
        }


class _Discard(Exception):
    """Raised inside the transaction to roll a dry run back while keeping its result."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__("dry run")
        self.result = result


@announces(Kind.REFERRALS, Kind.PEOPLE, Kind.APPOINTMENTS)
def import_referrals(
    db: Database,
    actor: Actor,
    path: Path,
    *,
    dry_run: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Import a police referral file in one transaction and return what happened to each row.

    Rows that fail a check are rejected (nothing stored for them); a police reference seen
    before with the same content is a duplicate and skipped; the rest are stored with people
    matched, eligibility applied and appointments booked. ``dry_run`` decides everything and
    rolls back. ``today`` replaces the current date for the "in the future" checks.
    Raises PermissionDenied, ImportFileError (file unusable, nothing imported) or
    ImportCancelled (``cancelled()`` returned True; everything rolled back).
    """
    actor.require(Action.IMPORT_REFERRALS)
    with _no_cycle_collection():
        raw_file = read_referral_file(Path(path))
        now = db.clock.now() if today is None else datetime.combine(today, time(23, 59, 59))
        job = _Import(actor, raw_file, now, progress, cancelled)
        try:
            with db.unit_of_work() as session:
                result = job.run(session, dry_run=dry_run)
                if dry_run:
                    raise _Discard(result)
        except _Discard as discarded:
            return discarded.result
        return result


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector for the run (reference counting still frees everything
    else). Every row, draft and plan stays alive to the end, so the full collections the
    growing heap sets off find nothing to free: about a fifth of a 10,000-row import. The
    collector is switched back on after, only when it was on before."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class _Import:
    """One import run: check rows, find duplicates, match people, judge eligibility, save."""

    def __init__(
        self,
        actor: Actor,
        raw_file: RawFile,
        now: datetime,
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self.actor = actor
        self.file = raw_file
        self.now = now
        self._progress = progress
        self._cancelled = cancelled
        self.total = max(1, 2 * len(raw_file.rows))
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []
        self.requests: dict[int, BookingRequest] = {}
        self.outcomes: dict[int, RowOutcome] = {}
        self.rejected_rows: dict[int, dict[str, str]] = {}

    # ------------------------------------------------------------------ helpers

    def tick(self, done: int, text: str) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ImportCancelled("The import was cancelled. Nothing was imported.")
        if self._progress is not None:
            self._progress(min(done, self.total), self.total, text)

    def reject(self, raw: RawRow, problems: list[tuple[str, str]]) -> None:
        reference = police_reference_of(raw)
        for name, message in problems:
            self.errors.append(RowError(raw.row, reference, name, message))
        self.rejected_rows[raw.row] = dict(raw.raw)
        self.outcomes[raw.row] = RowOutcome(
            raw.row, reference, REJECTED, None, "; ".join(m for _, m in problems)
        )

    # ------------------------------------------------------------------ the run

    def run(self, session: Session, *, dry_run: bool) -> ImportResult:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_IMPORT_LOCK})
        rows = self.file.rows
        n = len(rows)
        venues = load_venues(session)
        settings = settings_service.read_all(session)
        self.tick(0, f"Checking {n:,} row(s)")
        parsed: list[tuple[RawRow, ReferralDraft]] = []
        for i, raw in enumerate(rows, start=1):
            draft, problems, request = parse_row_booking(
                raw, venues, now=self.now, today=self.now.date()
            )
            if draft is None:
                self.reject(raw, problems)
            else:
                parsed.append((raw, draft))
                if request is not None:
                    self.requests[raw.row] = request
            if i % PROGRESS_EVERY == 0:
                self.tick(i, f"Checked {i:,} of {n:,} rows")
        accepted = self._drop_duplicates(session, parsed)
        plans = self._plan(session, accepted)
        self._check_bookings(session, accepted, plans)
        self._compare_addresses(session, accepted, plans)
        self.tick(n, f"Saving {len(plans):,} referral(s)")

        def saved(done: int) -> None:
            self.tick(n + (done * n) // max(1, len(plans)), f"Saved {done:,} of {len(plans):,}")

        entries = save_plans(session, self.actor, plans, settings, after_chunk=saved)
        result = self._result(accepted, plans, dry_run)
        if plans and not dry_run:  # a file that changes nothing leaves no trace
            summary = {
                "file": self.file.name,
                "sha256": self.file.sha256,
                **{
                    k: v
                    for k, v in result.to_json().items()
                    if k not in ("errors", "warnings", "ignored_columns")
                },
            }
            entries.append(AuditEntry("import.file", "import", self.file.name, None, summary))
            record_many(session, self.actor, entries)
        self.tick(self.total, "Finished")
        return result

    def _drop_duplicates(
        self, session: Session, parsed: list[tuple[RawRow, ReferralDraft]]
    ) -> list[tuple[RawRow, ReferralDraft, str]]:
        """Keep rows whose police reference is new; skip exact repeats, reject conflicts."""
        existing = load_existing_references(session, [d.police_reference for _, d in parsed])
        seen: dict[str, tuple[str, int]] = {}
        accepted: list[tuple[RawRow, ReferralDraft, str]] = []
        for raw, draft in parsed:
            ref, digest = draft.police_reference, draft_hash(draft)
            if ref in seen:
                row = seen[ref][1]
                if seen[ref][0] == digest:
                    self._duplicate(raw, ref, f"Same as row {row} of this file")
                else:
                    self._conflict(
                        raw,
                        f"Police reference {ref} is also on row {row} of this "
                        "file with different details. Check which is right.",
                    )
            elif ref in existing:
                if existing[ref] == digest:
                    self._duplicate(raw, ref, "Already imported")
                elif existing[ref] is None:
                    self._conflict(
                        raw,
                        f"Police reference {ref} was already added by hand. "
                        "Check the referral in the app.",
                    )
                else:
                    self._conflict(
                        raw,
                        f"Police reference {ref} was already imported with "
                        "different details. Check the referral in the app.",
                    )
            else:
                seen[ref] = (digest, raw.row)
                accepted.append((raw, draft, digest))
        return accepted

    def _conflict(self, raw: RawRow, message: str) -> None:
        self.reject(raw, [("police_reference", message)])

    def _duplicate(self, raw: RawRow, reference: str, message: str) -> None:
        self.outcomes[raw.row] = RowOutcome(raw.row, reference, DUPLICATE, None, message)

    def _plan(
        self,
        session: Session,
        accepted: list[tuple[RawRow, ReferralDraft, str]],
    ) -> list[ReferralPlan]:
        """Match each row's person (stored people and people earlier in the file) and judge it."""
        stored = load_match_candidates(session, [d.date_of_birth for _, d, _ in accepted])
        in_file: dict[date, list[PersonKey]] = {}
        links: list[tuple[int | None, tuple[Any, ...]]] = []
        for index, (_, draft, _) in enumerate(accepted):
            linked, matches = decide_person(
                draft, candidates_for(draft.date_of_birth, stored, in_file)
            )
            if linked is None:
                in_file.setdefault(draft.date_of_birth, []).append(person_key(draft, -index - 1))
                links.append((None, tuple(matches)))
            else:
                links.append((linked, ()))
        flagged = load_flagged_matches(session, [p for p, _ in links if p is not None])
        earlier = load_earlier_referrals(
            session,
            [p for p, _ in links if p is not None]
            + [m.person_id for _, possible in links for m in possible if m.person_id > 0]
            + [other for others in flagged.values() for other in others],
        )
        plans: list[ReferralPlan] = []
        for index, ((raw, draft, digest), (linked, possible)) in enumerate(
            zip(accepted, links, strict=True)
        ):
            owner = linked if linked is not None else -index - 1
            maybe = [m.person_id for m in possible] + flagged.get(owner, [])
            if linked is None and possible:
                flagged[owner] = [m.person_id for m in possible]  # a later row of this person
            eligibility = assess(
                draft, earlier.get(owner, []), possible=[earlier.get(p, []) for p in maybe]
            )
            earlier.setdefault(owner, []).append(
                _earlier_from(
                    draft, ReferralStatus.INELIGIBLE if not eligibility.eligible else None
                )
            )
            request = self.requests.get(raw.row)
            venue = request.venue if request is not None else None
            plans.append(
                ReferralPlan(
                    draft=draft,
                    eligibility=eligibility,
                    person_id=linked,
                    possible=possible,
                    venue_id=venue.id if venue else None,
                    source="import",
                    source_hash=digest,
                    audit_action="referral.import",
                    audit_details={"file": self.file.name, "row": raw.row},
                )
            )
            if (index + 1) % PROGRESS_EVERY == 0:
                self.tick(len(self.file.rows), f"Matched {index + 1:,} of {len(accepted):,}")
        return plans

    def _check_bookings(
        self,
        session: Session,
        accepted: list[tuple[RawRow, ReferralDraft, str]],
        plans: list[ReferralPlan],
    ) -> None:
        """Check each appointment asked for with the diary's own rule (the venue's hours,
        closed days and rooms, read in bulk and counted as the file books them); one that
        fails is not booked, and its referral is listed under Needs rebooking."""
        wanted = [
            (raw, plan, self.requests[raw.row])
            for (raw, _, _), plan in zip(accepted, plans, strict=True)
            if plan.eligibility.eligible and raw.row in self.requests
        ]
        venue_ids = sorted({r.venue.id for _, _, r in wanted if r.venue is not None})
        days = [r.start.date() for _, _, r in wanted if r.start is not None and r.venue]
        if venue_ids and days:
            lock_venues(session, venue_ids)  # the lock a booking in the diary takes
            facts = load_diary_facts(session, min(days), max(days), venue_ids)
        minutes = int(settings_service.read(session, "initial_assessment_minutes") or 60)
        for raw, plan, request in wanted:
            field_name, problems = request.field, []
            if request.problem is not None or request.venue is None or request.start is None:
                problems.append(request.problem or "The appointment could not be read")
            else:
                start = request.start
                end = start + timedelta(minutes=minutes)
                found = facts.problems(
                    request.venue.id, start, end, referral_at=plan.draft.referral_datetime
                )
                if not found:
                    facts.take(request.venue.id, start, end)
                    continue
                problems += [p.message for p in found]
                if request.field == "appointment_venue":
                    field_name = "appointment_datetime"
            reason = "; ".join(problems)
            plan.venue_id = None
            plan.rebook_at = request.start
            plan.rebook_venue = (
                request.venue.name if request.venue else plan.draft.appointment_venue
            )
            plan.rebook_reason = reason[:300]
            self.warnings.append(RowError(raw.row, plan.draft.police_reference, field_name, reason))

    def _compare_addresses(
        self,
        session: Session,
        accepted: list[tuple[RawRow, ReferralDraft, str]],
        plans: list[ReferralPlan],
    ) -> None:
        """A person already recorded keeps the address on their record; where the police gave
        another one, the difference is listed for reception to check."""
        linked = [
            (raw, plan)
            for (raw, _, _), plan in zip(accepted, plans, strict=True)
            if plan.person_id is not None and plan.person_id > 0 and _address_of(plan.draft)
        ]
        if not linked:
            return
        p = Person
        ids = sorted({plan.person_id for _, plan in linked if plan.person_id})
        stored = {
            r.id: r
            for r in session.execute(
                sa.select(p.id, p.address_line1, p.address_line2, p.town, p.postcode).where(
                    p.id.in_(ids)
                )
            )
        }
        for raw, plan in linked:
            row = stored.get(plan.person_id or 0)
            if row is None:
                continue
            theirs = _address_of(plan.draft)
            ours = ", ".join(
                x for x in (row.address_line1, row.address_line2, row.town, row.postcode) if x
            )
            if " ".join(ours.split()).casefold() == " ".join(theirs.split()).casefold():
                continue
            held = f"holds {ours}" if ours else "holds no address"
            self.warnings.append(
                RowError(
                    raw.row,
                    plan.draft.police_reference,
                    "address_line_1",
                    f"The police gave the address {theirs}, but the person's record {held}. The "
                    "record was kept as it is: check the address with the person.",
                )
            )

    def _result(
        self,
        accepted: list[tuple[RawRow, ReferralDraft, str]],
        plans: list[ReferralPlan],
        dry_run: bool,
    ) -> ImportResult:
        for (raw, draft, _), plan in zip(accepted, plans, strict=True):
            self.outcomes[raw.row] = RowOutcome(
                raw.row,
                draft.police_reference,
                IMPORTED,
                plan.status.value,
                _imported_message(plan),
                None if dry_run and plan.new_person else plan.saved_person_id,
                f"{draft.first_name} {draft.last_name}",
            )
        outcomes = [self.outcomes[r] for r in sorted(self.outcomes)]
        return ImportResult(
            rows=len(self.file.rows),
            imported=len(plans),
            duplicates=sum(1 for o in outcomes if o.outcome == DUPLICATE),
            rejected=len(self.rejected_rows),
            ineligible=sum(1 for p in plans if p.status is ReferralStatus.INELIGIBLE),
            held=sum(1 for p in plans if p.status is ReferralStatus.HELD),
            possible_matches=sum(1 for p in plans if p.new_person and p.possible),
            errors=sorted(self.errors, key=lambda e: e.row),
            dry_run=dry_run,
            outcomes=outcomes,
            file_name=self.file.name,
            columns=self.file.columns,
            rejected_rows=self.rejected_rows,
            not_booked=sum(1 for p in plans if p.rebook_reason is not None),
            warnings=sorted(self.warnings, key=lambda w: w.row),
            ignored_columns=self.file.ignored_columns,
        )


def _address_of(draft: ReferralDraft) -> str:
    parts = (draft.address_line_1, draft.address_line_2, draft.town)
    if not any(parts):
        return ""
    return ", ".join(x for x in (*parts, draft.postcode) if x)


def _earlier_from(draft: ReferralDraft, status: ReferralStatus | None) -> EarlierReferral:
    return EarlierReferral(
        draft.police_reference, draft.referral_date, status or ReferralStatus.RECEIVED
    )


def _imported_message(plan: ReferralPlan) -> str:
    parts = []
    if plan.rebook_reason is not None:
        parts.append(
            f"Imported without the appointment ({plan.rebook_reason}); listed under Needs "
            "rebooking."
        )
    elif not plan.eligibility.eligible:
        parts.append(plan.eligibility.message)
        if plan.draft.appointment_datetime is not None:
            parts.append("The appointment was not booked.")
    elif plan.appointment_id is not None or plan.books_appointment:
        parts.append("Initial assessment booked.")
    if plan.new_person and plan.possible:
        count = len(plan.possible)
        parts.append(f"New person; {count} possible match{'es' if count > 1 else ''} to review.")
    elif plan.new_person:
        parts.append("New person.")
    else:
        parts.append("Linked to the person already recorded.")
    return " ".join(parts)


def write_rejects(result: ImportResult, path: Path) -> int:
    """Write the rejected rows to a CSV file (UTF-8 with BOM, for spreadsheets): ``row,
    police_reference, field, message`` then the row's original columns and values. Returns how
    many rows were written. Raises DivertError when the file cannot be written.
    """
    columns = list(result.columns)
    for raw in result.rejected_rows.values():
        columns += [c for c in raw if c not in columns]
    by_row: dict[int, list[RowError]] = {}
    for error in result.errors:
        by_row.setdefault(error.row, []).append(error)
    try:
        # errors=: a lone surrogate from a JSON Lines file is written as its escape, "\\ud800".
        with open_private(
            path, "w", encoding="utf-8-sig", errors="backslashreplace", newline=""
        ) as handle:
            writer = csv_writer(handle)
            writer.writerow([*REJECTS_COLUMNS, *columns])
            for row in sorted(result.rejected_rows):
                errors = by_row.get(row, [])
                fields = list(dict.fromkeys(e.field for e in errors))
                raw = result.rejected_rows[row]
                writer.writerow(
                    [
                        row,
                        errors[0].police_reference if errors else "",
                        "; ".join(fields),
                        "; ".join(e.message for e in errors),
                        *(raw.get(c, "") for c in columns),
                    ]
                )
    except OSError as exc:
        raise DivertError(
            f"Cannot write the rejects file {path}: {exc.strerror or exc}. Choose another folder."
        ) from None
    return len(result.rejected_rows)
