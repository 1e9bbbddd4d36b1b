"""Producing letters: a draft to preview, the letter logged with its exact file, reprints."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.enums import LetterTemplate
from divert_desktop.core.errors import DivertError, NotFound
from divert_desktop.core.letterhead import POLICE_ADDRESS_KEY
from divert_desktop.core.letters import (
    RECIPIENT_ADULT,
    RECIPIENT_PERSON,
    LetterNotApplicable,
    check_appointment_letter,
    check_onward_letter,
    check_referral_letter,
    check_written_to,
    is_young_on,
    label,
    permission_for,
    recipients_for,
)
from divert_desktop.core.letters import (
    AppointmentFacts as RuleAppointment,
)
from divert_desktop.core.permissions import Action
from divert_desktop.documents.letters import LetterDoc, Letterhead, render_letter
from divert_desktop.documents.pdf_concat import concatenate
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Letter, Referral, utcnow
from divert_desktop.services.audit.trail import AuditEntry, record, record_many
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor
from divert_desktop.services.letters.content import LetterFacts, compose, filename
from divert_desktop.services.letters.facts import Prefetched, load_facts
from divert_desktop.services.letters.letterhead import read_letterhead
from divert_desktop.services.letters.templates import Wording, current_wording

RECIPIENT_TEXT = {
    "person": "The person",
    "appropriate_adult": "The appropriate adult (a copy)",
    "police": "The police",
    "service": "The service",
}


@dataclass(frozen=True)
class DraftLetter:
    recipient: str
    filename: str
    doc: LetterDoc

    @property
    def recipient_text(self) -> str:
        return RECIPIENT_TEXT.get(self.recipient, self.recipient)


@dataclass(frozen=True)
class LetterDraft:
    """A letter ready to render: one document per recipient, not yet logged."""

    template: LetterTemplate
    template_version: int
    person_id: int
    referral_id: int | None
    appointment_id: int | None
    onward_referral_id: int | None
    letters: tuple[DraftLetter, ...]
    notes: tuple[str, ...] = ()
    reference: str = ""

    @property
    def label(self) -> str:
        return label(self.template)


@dataclass(frozen=True)
class LetterFile:
    """A letter as logged: its exact file, checksum and who made it when."""

    id: int
    person_id: int
    referral_id: int | None
    template: LetterTemplate
    template_version: int
    recipient: str
    filename: str
    sha256: str
    pdf: bytes
    large_print: bool
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class Produced:
    """The letters made by one request (the person's, and an appropriate adult's copy)."""

    letters: tuple[LetterFile, ...]
    notes: tuple[str, ...] = ()
    outcome_sent: bool = False

    def combined(self) -> bytes:
        """Every letter of the request in one file (the person's first)."""
        if len(self.letters) == 1:
            return self.letters[0].pdf
        return concatenate([x.pdf for x in self.letters], title="Letters")


def _check(facts: LetterFacts, now: datetime) -> None:
    t = facts.template
    if facts.appointment is not None:
        a = facts.appointment
        check_appointment_letter(t, RuleAppointment(a.status, a.start_at), now)
    if facts.referral is not None and t not in (LetterTemplate.ONWARD_REFERRAL,):
        check_referral_letter(t, facts.referral.status, facts.referral.consent_to_share)
    if t == LetterTemplate.ONWARD_REFERRAL:
        check_onward_letter(facts.onward.status if facts.onward else None)


def _recipients(facts: LetterFacts, today: date) -> tuple[list[str], list[str]]:
    """Who this letter goes to, and notes for the user. Raises LetterNotApplicable when the
    person must not be written to (or has no address) and the letter would go to them."""
    r = facts.referral
    young = r is not None and is_young_on(facts.person.date_of_birth, today, r.young_person)
    recipients, notes = list(recipients_for(facts.template, young)), []
    if RECIPIENT_PERSON in recipients:
        p = facts.person
        deliverable = bool((p.address_line1 or "").strip() and (p.postcode or "").strip())
        check_written_to(p.letters_allowed, deliverable, facts.person.full_name)
    if RECIPIENT_ADULT in recipients and r is not None and not (r.adult_name or "").strip():
        recipients.remove(RECIPIENT_ADULT)
        notes.append(
            "No appropriate adult's name is recorded on the referral, so no copy for them was made."
        )
    return recipients, notes


@dataclass(frozen=True)
class Stationery:
    """What every letter of one template shares: the letterhead, where police letters go and
    the wording (read once for a whole batch)."""

    letterhead: Letterhead
    police_address: str
    wording: Wording


def stationery(session: Session, template: LetterTemplate) -> Stationery:
    head, settings = read_letterhead(session)
    return Stationery(
        head,
        str(settings.get(POLICE_ADDRESS_KEY) or ""),
        current_wording(session, LetterTemplate(template)),
    )


def build_draft(
    session: Session,
    template: LetterTemplate,
    *,
    referral_id: int | None = None,
    appointment_id: int | None = None,
    onward_referral_id: int | None = None,
    large_print: bool | None = None,
    today: date,
    now: datetime,
    paper: Stationery | None = None,
    prefetched: Prefetched | None = None,
) -> LetterDraft:
    """The letter as it would be made now, inside the caller's transaction (nothing logged).
    ``large_print`` None follows the person's record (needs that mention large print); a batch
    passes the stationery and its chunk's ``prefetched`` rows. Raises NotFound and
    LetterNotApplicable."""
    template = LetterTemplate(template)
    paper = paper or stationery(session, template)
    head, wording = paper.letterhead, paper.wording
    if not head.organisation.strip() or not (head.phone.strip() or head.email.strip()):
        raise LetterNotApplicable(
            "The letterhead is not set up yet: letters need the organisation's name and a phone "
            "number or email address. Ask an administrator to fill them in (Admin, Letterhead)."
        )
    facts = load_facts(
        session,
        template,
        referral_id=referral_id,
        appointment_id=appointment_id,
        onward_referral_id=onward_referral_id,
        now=now,
        police_address=paper.police_address,
        prefetched=prefetched,
    )
    _check(facts, now)
    recipients, notes = _recipients(facts, today)
    letters = []
    for recipient in recipients:
        personal = recipient in (RECIPIENT_PERSON, RECIPIENT_ADULT)
        large = (
            (facts.person.wants_large_print and personal) if large_print is None else large_print
        )
        doc = compose(
            facts, recipient, head, wording.subject, wording.body, today, large_print=large
        )
        letters.append(
            DraftLetter(recipient, filename(template, doc.reference, recipient, today), doc)
        )
    return LetterDraft(
        template,
        wording.version,
        facts.person.id,
        facts.referral.id if facts.referral else None,
        facts.appointment.id if facts.appointment else None,
        facts.onward.id if facts.onward else None,
        tuple(letters),
        tuple(notes),
        facts.referral.police_reference if facts.referral else "",
    )


def draft_letter(
    db: Database,
    actor: Actor,
    template: LetterTemplate,
    *,
    referral_id: int | None = None,
    appointment_id: int | None = None,
    onward_referral_id: int | None = None,
    large_print: bool | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> LetterDraft:
    """A letter to preview (render it with ``render_draft``); nothing is logged until it is
    produced. The preview is audited. Raises PermissionDenied, NotFound, LetterNotApplicable."""
    template = LetterTemplate(template)
    actor.require(permission_for(template))
    now = now or db.clock.now()
    with db.unit_of_work() as session:
        draft = build_draft(
            session,
            template,
            referral_id=referral_id,
            appointment_id=appointment_id,
            onward_referral_id=onward_referral_id,
            large_print=large_print,
            today=today or now.date(),
            now=now,
        )
        record(
            session,
            actor,
            AuditEntry(
                "letter.preview",
                "referral",
                draft.referral_id,
                draft.person_id,
                {"template": template.value},
            ),
        )
        return draft


def render_draft(draft: LetterDraft) -> bytes:
    """The draft's letters rendered into one file, for the preview (the pdf lane): exactly the
    bytes that producing it would keep, when it is one letter."""
    if len(draft.letters) == 1:
        return render_letter(draft.letters[0].doc)
    return concatenate([render_letter(x.doc) for x in draft.letters], title=draft.label)


@dataclass(frozen=True)
class Rendered:
    """A draft's letters drawn, with their checksums, not yet logged (``log_rendered``)."""

    draft: LetterDraft
    at: datetime
    files: tuple[tuple[DraftLetter, bytes, str], ...]  # each letter, its PDF and SHA-256


def render_files(
    draft: LetterDraft, at: datetime, render: Callable[[LetterDoc], bytes] = render_letter
) -> Rendered:
    """Draw each letter of ``draft``, made at ``at`` (naive UTC)."""
    files = []
    for item in draft.letters:
        pdf = render(item.doc)
        files.append((item, pdf, hashlib.sha256(pdf).hexdigest()))
    return Rendered(draft, at, tuple(files))


def log_rendered(
    session: Session,
    actor: Actor,
    rendered: Sequence[Rendered],
    *,
    audit: list[AuditEntry] | None = None,
) -> list[Produced]:
    """Log and keep the letters of each draft inside the caller's transaction (all of them in
    one insert); a police outcome letter marks the referral's outcome as sent. The audit events
    are recorded in order, or added to ``audit`` for the caller to record (a batch writes them
    together)."""
    pending: list[AuditEntry] = [] if audit is None else audit
    rows = [
        {
            "person_id": r.draft.person_id,
            "referral_id": r.draft.referral_id,
            "appointment_id": r.draft.appointment_id,
            "onward_referral_id": r.draft.onward_referral_id,
            "template": r.draft.template,
            "template_version": r.draft.template_version,
            "recipient": item.recipient,
            "large_print": item.doc.large_print,
            "created_at": r.at,
            "created_by": actor.username,
            "sha256": digest,
            "filename": item.filename,
            "pdf": pdf,
        }
        for r in rendered
        for item, pdf, digest in r.files
    ]
    ids = iter(
        session.execute(sa.insert(Letter).returning(Letter.id, sort_by_parameter_order=True), rows)
        .scalars()
        .all()
        if rows
        else ()
    )
    police = [r.draft.referral_id for r in rendered if _marks_outcome_sent(r.draft)]
    if police:  # the referrals to mark, loaded together (then found by session.get)
        session.execute(sa.select(Referral).where(Referral.id.in_(police))).scalars().all()
    out = []
    for r in rendered:
        draft, made = r.draft, []
        for item, pdf, digest in r.files:
            letter_id = next(ids)
            pending.append(
                AuditEntry(
                    "letter.produce",
                    "letter",
                    letter_id,
                    draft.person_id,
                    {
                        "template": draft.template.value,
                        "version": draft.template_version,
                        "recipient": item.recipient,
                        "sha256": digest,
                        "filename": item.filename,
                        "referral_id": draft.referral_id,
                        "appointment_id": draft.appointment_id,
                        "onward_referral_id": draft.onward_referral_id,
                        "large_print": item.doc.large_print,
                    },
                )
            )
            made.append(
                LetterFile(
                    letter_id,
                    draft.person_id,
                    draft.referral_id,
                    draft.template,
                    draft.template_version,
                    item.recipient,
                    item.filename,
                    digest,
                    pdf,
                    bool(item.doc.large_print),
                    r.at,
                    actor.username,
                )
            )
        sent = False
        if _marks_outcome_sent(draft):
            referral = session.get(Referral, draft.referral_id)
            assert referral is not None
            referral.outcome_sent_at = r.at
            pending.append(
                AuditEntry(
                    "referral.outcome_sent",
                    "referral",
                    referral.id,
                    referral.person_id,
                    {"status": str(referral.status)},
                )
            )
            sent = True
        out.append(Produced(tuple(made), draft.notes, sent))
    if audit is None:
        record_many(session, actor, pending)
    return out


def _marks_outcome_sent(draft: LetterDraft) -> bool:
    return draft.template == LetterTemplate.POLICE_OUTCOME and draft.referral_id is not None


def produce_in(
    session: Session,
    actor: Actor,
    draft: LetterDraft,
    *,
    render: Callable[[LetterDoc], bytes] = render_letter,
    audit: list[AuditEntry] | None = None,
) -> Produced:
    """Render, log and keep each letter of ``draft`` inside the caller's transaction; a police
    outcome letter marks the referral's outcome as sent. The audit events are recorded, or
    added to ``audit`` for the caller to record (a batch writes them together)."""
    return log_rendered(
        session, actor, [render_files(draft, utcnow(session), render)], audit=audit
    )[0]


@announces(Kind.LETTERS)
def produce_letter(
    db: Database,
    actor: Actor,
    template: LetterTemplate,
    *,
    referral_id: int | None = None,
    appointment_id: int | None = None,
    onward_referral_id: int | None = None,
    large_print: bool | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> Produced:
    """Make a letter (and an appropriate adult's copy for a young person), log each with its
    template version and SHA-256, keep the files, and return them.

    Appointment letters need Action.PRINT_APPOINTMENT_LETTER, the others PRINT_OUTCOME_LETTER.
    Raises PermissionDenied, NotFound and LetterNotApplicable (the letter does not fit, or the
    person must not be written to at their address)."""
    template = LetterTemplate(template)
    actor.require(permission_for(template))
    now = now or db.clock.now()
    with db.unit_of_work() as session:
        draft = build_draft(
            session,
            template,
            referral_id=referral_id,
            appointment_id=appointment_id,
            onward_referral_id=onward_referral_id,
            large_print=large_print,
            today=today or now.date(),
            now=now,
        )
        return produce_in(session, actor, draft)


def _file(row: Letter) -> LetterFile:
    return LetterFile(
        row.id,
        row.person_id,
        row.referral_id,
        LetterTemplate(row.template),
        row.template_version,
        row.recipient,
        row.filename,
        row.sha256,
        row.pdf,
        bool(row.large_print),
        row.created_at,
        row.created_by,
    )


def letter_file(db: Database, actor: Actor, letter_id: int) -> LetterFile:
    """A letter already made, exactly as it was (to view or print again). The reprint is
    audited. Raises PermissionDenied, NotFound, and DivertError if the kept file is damaged."""
    with db.unit_of_work() as session:
        row = session.get(Letter, letter_id)
        if row is None:
            raise NotFound("That letter could not be found.")
        actor.require(permission_for(LetterTemplate(row.template)))
        if hashlib.sha256(row.pdf).hexdigest() != row.sha256:
            raise DivertError(
                "The kept copy of this letter does not match its checksum. Tell "
                "your administrator; do not send it."
            )
        record(
            session,
            actor,
            AuditEntry("letter.reprint", "letter", row.id, row.person_id, {"sha256": row.sha256}),
        )
        return _file(row)


@dataclass(frozen=True)
class LetterOption:
    """Whether a letter can be made for a referral (and appointment) now, and if not, why."""

    template: LetterTemplate
    available: bool
    reason: str = ""

    @property
    def label(self) -> str:
        return label(self.template)


def letter_options(
    db: Database,
    actor: Actor,
    referral_id: int | None,
    *,
    appointment_id: int | None = None,
    now: datetime | None = None,
) -> tuple[LetterOption, ...]:
    """Each letter the actor may make, and whether it fits this referral (or appointment).
    Raises PermissionDenied."""
    actor.require(Action.VIEW_PERSON)
    now = now or db.clock.now()
    options = []
    with db.unit_of_work(write=False) as session:
        for template in LetterTemplate:
            if not actor.can(permission_for(template)):
                continue
            try:
                facts = load_facts(
                    session,
                    template,
                    referral_id=referral_id,
                    appointment_id=appointment_id,
                    now=now,
                )
                _check(facts, now)
                _recipients(facts, now.date())
            except (LetterNotApplicable, NotFound) as exc:
                options.append(LetterOption(template, False, str(exc)))
                continue
            options.append(LetterOption(template, True))
    return tuple(options)


def referral_id_for(db: Database, actor: Actor, police_reference: str) -> int:
    """The referral with this police reference. Raises PermissionDenied and NotFound."""
    actor.require(Action.VIEW_PERSON)
    reference = " ".join(str(police_reference or "").split())
    with db.unit_of_work(write=False) as session:
        found = session.execute(
            sa.select(Referral.id).where(Referral.police_reference == reference)
        ).scalar_one_or_none()
    if found is None:
        raise NotFound(f"There is no referral with the police reference '{reference}'.")
    return found
