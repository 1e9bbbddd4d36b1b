"""Letters in batches: reminders for a day, missed appointments, outcomes to the police …

Letters are logged with their files in small transactions, then written to the output folder as
one file per letter and appended to one combined PDF for printing, as it goes: memory stays flat,
and a cancelled batch leaves only complete, logged letters.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.enums import AppointmentStatus, LetterTemplate, ReferralStatus
from divert_desktop.core.errors import NotFound, ValidationError
from divert_desktop.core.letters import BATCH_TEMPLATES, LetterNotApplicable, label, permission_for
from divert_desktop.core.validation import parse_date
from divert_desktop.documents.pdf_concat import PdfConcatenator
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Appointment, Letter, Person, Referral, utcnow
from divert_desktop.private_files import open_private, private_folder, write_private_bytes
from divert_desktop.services.audit.trail import AuditEntry, record_many
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor
from divert_desktop.services.letters.facts import prefetch, utc_bounds
from divert_desktop.services.letters.production import (
    LetterFile,
    Rendered,
    build_draft,
    log_rendered,
    render_files,
    stationery,
)

Progress = Callable[[int, int, str], None]
CHUNK = 20
"""Letters logged per transaction: a cancel stops after the letter being made, and what was
made is committed before its files are written."""
APPOINTMENT_BATCHES = (
    LetterTemplate.APPOINTMENT_REMINDER,
    LetterTemplate.MISSED_APPOINTMENT,
    LetterTemplate.APPOINTMENT_CONFIRMATION,
)


@dataclass(frozen=True)
class LeftOut:
    """Someone the batch did not write to, and why (tell them another way)."""

    person_name: str
    police_reference: str
    reason: str


@dataclass(frozen=True)
class BatchResult:
    template: LetterTemplate
    date_from: date
    date_to: date
    letters: int  # files made (a young person's letter and the adult's copy count as two)
    people: int
    files: tuple[str, ...]
    combined: Path | None
    left_out: tuple[LeftOut, ...]
    already_made: int
    cancelled: bool = False
    total: int = 0

    @property
    def summary(self) -> str:
        """ "Made 12 letters for 11 people. Left out 1 person (listed). Skipped 3 that …" """
        text = f"Made {self.letters} letter{'s' if self.letters != 1 else ''}"
        text += f" for {self.people} {'person' if self.people == 1 else 'people'}."
        if self.cancelled:
            text = f"Stopped after {self.people} of {self.total}. " + text
        if self.left_out:
            n = len(self.left_out)
            text += f" Left out {n} {'person' if n == 1 else 'people'} (listed)."
        if self.already_made:
            text += f" Skipped {self.already_made} that already had this letter."
        return text


@dataclass(frozen=True)
class _Candidate:
    referral_id: int | None
    appointment_id: int | None
    person_name: str
    police_reference: str


def batch_dates(date_from: str | date, date_to: str | date | None) -> tuple[date, date]:
    """The first and last day of a batch (one day when ``date_to`` is None). Raises
    ValidationError for a bad date or a range that ends before it starts."""
    first = date_from if isinstance(date_from, date) else parse_date(date_from, "from")
    if date_to is None:
        return first, first
    last = date_to if isinstance(date_to, date) else parse_date(date_to, "to")
    if last < first:
        raise ValidationError("The last day must be on or after the first day.", field="to")
    return first, last


def _check_template(template: LetterTemplate | str) -> LetterTemplate:
    template = LetterTemplate(template)
    if template not in BATCH_TEMPLATES:
        names = ", ".join(t.value for t in BATCH_TEMPLATES)
        raise LetterNotApplicable(
            f"{label(template)} letters are made one at a time. Batches are made for: {names}."
        )
    return template


def candidates(
    session: Session, template: LetterTemplate, first: date, last: date, now: datetime
) -> tuple[list[_Candidate], int]:
    """What the batch would write about, in order, and how many already have this letter."""
    p, r = Person, Referral
    name = (p.first_name + " " + p.last_name).label("name")
    if template in APPOINTMENT_BATCHES:
        a = Appointment
        status = (
            AppointmentStatus.DID_NOT_ATTEND
            if template == LetterTemplate.MISSED_APPOINTMENT
            else AppointmentStatus.BOOKED
        )
        start = datetime.combine(first, time.min)
        if template != LetterTemplate.MISSED_APPOINTMENT:
            start = max(start, now)
        appointments = session.execute(
            sa.select(a.id, a.referral_id, name, r.police_reference)
            .join(p, p.id == a.person_id)
            .join(r, r.id == a.referral_id)
            .where(
                a.status == status,
                a.start_at >= start,
                a.start_at < datetime.combine(last + timedelta(days=1), time.min),
            )
            .order_by(a.start_at, a.id)
        ).all()
        done = set(
            session.execute(
                sa.select(Letter.appointment_id).where(
                    Letter.template == template,
                    Letter.appointment_id.in_([x.id for x in appointments] or [0]),
                )
            ).scalars()
        )
        found = [
            _Candidate(x.referral_id, x.id, x.name, x.police_reference)
            for x in appointments
            if x.id not in done
        ]
        return found, len(appointments) - len(found)
    low, high = utc_bounds(first, last)
    wanted = {
        LetterTemplate.POLICE_OUTCOME: [
            ReferralStatus.ENGAGED,
            ReferralStatus.COMPLETED,
            ReferralStatus.NOT_ENGAGED,
        ],
        LetterTemplate.COMPLETION: [ReferralStatus.COMPLETED],
        LetterTemplate.NOT_ENGAGED: [ReferralStatus.NOT_ENGAGED],
    }[template]
    rows = session.execute(
        sa.select(r.id, name, r.police_reference, r.outcome_sent_at, r.status_changed_at)
        .join(p, p.id == r.person_id)
        .where(
            r.status.in_([s.value for s in wanted]),
            r.status_changed_at >= low,
            r.status_changed_at < high,
        )
        .order_by(r.status_changed_at, r.id)
    ).all()
    if template == LetterTemplate.POLICE_OUTCOME:

        def sent(x: object) -> bool:
            return x.outcome_sent_at is not None and x.outcome_sent_at >= x.status_changed_at  # type: ignore[attr-defined]
    else:
        made = set(
            session.execute(
                sa.select(Letter.referral_id).where(
                    Letter.template == template, Letter.referral_id.in_([x.id for x in rows] or [0])
                )
            ).scalars()
        )

        def sent(x: object) -> bool:
            return x.id in made  # type: ignore[attr-defined]

    found = [_Candidate(x.id, None, x.name, x.police_reference) for x in rows if not sent(x)]
    return found, len(rows) - len(found)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.part")
    write_private_bytes(tmp, data)
    os.replace(tmp, path)


def combined_name(template: LetterTemplate, first: date, last: date) -> str:
    days = first.isoformat() if first == last else f"{first.isoformat()}-to-{last.isoformat()}"
    return f"{template.value.replace('_', '-')}-{days}-all-letters.pdf"


@announces(Kind.LETTERS)
def run_batch(
    db: Database,
    actor: Actor,
    template: LetterTemplate | str,
    date_from: str | date,
    date_to: str | date | None,
    out_dir: Path | str,
    *,
    large_print: bool | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> BatchResult:
    """Make every letter of a batch into ``out_dir``: one file per letter and one combined PDF.

    ``appointment_reminder`` and ``appointment_confirmation``: booked appointments on those days
    (still to come); ``missed_appointment``: did-not-attends on those days; ``police_outcome``:
    outcomes decided on those days not yet sent to the police; ``completion``/``not_engaged``:
    referrals closed so on those days. Anything that already has the letter is skipped. People
    who must not be written to at their address (and anything else the letter does not fit) are
    left out and listed. Raises PermissionDenied, ValidationError and LetterNotApplicable."""
    template = _check_template(template)
    actor.require(permission_for(template))
    first, last = batch_dates(date_from, date_to)
    now = now or db.clock.now()
    today = today or now.date()
    out = Path(out_dir)
    private_folder(out, tighten=False)
    with db.unit_of_work(write=False) as session:
        todo, already = candidates(session, template, first, last, now)
    total = len(todo)
    combined = out / combined_name(template, first, last)
    part = combined.with_name(f".{combined.name}.part")
    files: list[str] = []
    left_out: list[LeftOut] = []
    people = 0
    stopped = False
    with db.unit_of_work() as session:
        paper = stationery(session, template)  # the letterhead and wording, read once
    with open_private(part, "wb") as handle:
        writer = PdfConcatenator(handle, title=f"{label(template)} letters")
        position = 0
        while position < total and not stopped:
            made: list[LetterFile] = []
            with db.unit_of_work() as session:  # up to CHUNK letters a transaction
                chunk = todo[position : position + CHUNK]
                rows = prefetch(
                    session,
                    appointment_ids=[x.appointment_id for x in chunk],
                    referral_ids=[x.referral_id for x in chunk if x.appointment_id is None],
                )
                drawn: list[Rendered] = []
                for item in chunk:
                    if cancelled is not None and cancelled():
                        stopped = True
                        break
                    if progress is not None:
                        progress(
                            position,
                            total,
                            f"{label(template)} {position + 1} of {total}: {item.police_reference}",
                        )
                    position += 1
                    try:
                        draft = build_draft(
                            session,
                            template,
                            referral_id=item.referral_id,
                            appointment_id=item.appointment_id,
                            large_print=large_print,
                            today=today,
                            now=now,
                            paper=paper,
                            prefetched=rows,
                        )
                    except (LetterNotApplicable, NotFound) as exc:
                        left_out.append(LeftOut(item.person_name, item.police_reference, str(exc)))
                        continue
                    drawn.append(render_files(draft, utcnow(session)))
                    people += 1
                audit: list[AuditEntry] = []
                for produced in log_rendered(session, actor, drawn, audit=audit):
                    made.extend(produced.letters)  # logged in one insert, audited together
                record_many(session, actor, audit)
            for letter in made:  # only once the letters are logged
                _write_atomic(out / letter.filename, letter.pdf)
                writer.add(letter.pdf)
                files.append(letter.filename)
        writer.close()
    if files:
        os.replace(part, combined)
    else:
        part.unlink()
    if progress is not None and not stopped:
        progress(total, total, "Done")
    return BatchResult(
        template,
        first,
        last,
        len(files),
        people,
        tuple(files),
        combined if files else None,
        tuple(left_out),
        already,
        stopped,
        total,
    )
