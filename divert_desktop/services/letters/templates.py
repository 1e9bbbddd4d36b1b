"""The wording of each letter: versions (a new one for every edit), editing by managers, preview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from divert_desktop.core.enums import LetterTemplate
from divert_desktop.core.errors import ConflictError, ValidationError
from divert_desktop.core.letter_fields import check_wording, fill, parse_wording
from divert_desktop.core.letter_wording import DEFAULT_WORDING, SAMPLE_ADDRESS, SAMPLE_VALUES
from divert_desktop.core.letters import label
from divert_desktop.core.permissions import Action
from divert_desktop.documents.letters import LetterDoc, Letterhead
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import LetterTemplateVersion, utcnow
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor
from divert_desktop.services.letters.letterhead import read_letterhead

SYSTEM_USER = "system"


@dataclass(frozen=True)
class Wording:
    """One version of a template's wording."""

    template: LetterTemplate
    version: int
    subject: str
    body: str
    created_at: datetime | None
    created_by: str

    @property
    def label(self) -> str:
        return label(self.template)


def _wording(row: LetterTemplateVersion) -> Wording:
    return Wording(
        LetterTemplate(row.template),
        row.template_version,
        row.subject,
        row.body,
        row.created_at,
        row.created_by,
    )


def _latest(session: Session, template: LetterTemplate) -> LetterTemplateVersion | None:
    t = LetterTemplateVersion
    return session.execute(
        sa.select(t).where(t.template == template).order_by(t.template_version.desc()).limit(1)
    ).scalar_one_or_none()


def current_wording(session: Session, template: LetterTemplate) -> Wording:
    """The newest wording; the first time a template is used its default wording is stored as
    version 1, so every letter names a version whose text is kept."""
    template = LetterTemplate(template)
    row = _latest(session, template)
    if row is not None:
        return _wording(row)
    subject, body = DEFAULT_WORDING[template]
    try:
        with session.begin_nested():
            row = LetterTemplateVersion(
                template=template,
                template_version=1,
                subject=subject,
                body=body,
                created_by=SYSTEM_USER,
            )
            session.add(row)
    except IntegrityError:  # another workstation stored version 1 at the same moment
        row = _latest(session, template)
        assert row is not None
    return _wording(row)


def list_wordings(db: Database, actor: Actor) -> list[Wording]:
    """The current wording of every template (defaults for those never used or edited)."""
    actor.require(Action.EDIT_LETTER_TEMPLATES)
    with db.unit_of_work() as session:
        return [current_wording(session, t) for t in LetterTemplate]


def wording_history(db: Database, actor: Actor, template: LetterTemplate) -> list[Wording]:
    """Every version of a template, newest first."""
    actor.require(Action.EDIT_LETTER_TEMPLATES)
    t = LetterTemplateVersion
    with db.unit_of_work() as session:
        current_wording(session, template)
        rows = session.execute(
            sa.select(t).where(t.template == template).order_by(t.template_version.desc())
        ).scalars()
        return [_wording(r) for r in rows]


@announces(Kind.SETTINGS)
def save_wording(
    db: Database,
    actor: Actor,
    template: LetterTemplate,
    subject: str,
    body: str,
    *,
    expected_version: int,
) -> Wording:
    """Store an edited wording as a new version and return it. Letters already made keep the
    version they were made with. ``expected_version`` is the version the editor opened: if
    someone saved a newer one meanwhile, ConflictError and nothing is saved.
    Raises PermissionDenied, ValidationError (unknown merge fields …) and ConflictError."""
    actor.require(Action.EDIT_LETTER_TEMPLATES)
    template = LetterTemplate(template)
    subject = " ".join(subject.split())
    body = body.replace("\r\n", "\n").strip()
    check_wording(template, subject, body)
    with db.unit_of_work() as session:
        latest = current_wording(session, template)
        if latest.version != expected_version:
            raise ConflictError(
                f"Someone else saved a new version of the {latest.label.lower()} letter "
                f"(version {latest.version}) while you were editing. Copy your changes, reopen "
                "the template and make them again."
            )
        if (latest.subject, latest.body) == (subject, body):
            raise ValidationError("Nothing has changed, so no new version was saved.")
        row = LetterTemplateVersion(
            template=template,
            template_version=latest.version + 1,
            subject=subject,
            body=body,
            created_by=actor.username,
            created_at=utcnow(session),
        )
        session.add(row)
        try:
            session.flush()
        except IntegrityError:
            raise ConflictError(
                "Someone else saved this template at the same moment. Reopen it and try again."
            ) from None
        record(
            session,
            actor,
            AuditEntry(
                "letter_template.save",
                "letter_template",
                f"{template.value}:{row.template_version}",
                None,
                {
                    "template": template.value,
                    "version": row.template_version,
                    "previous_version": latest.version,
                },
            ),
        )
        return _wording(row)


def sample_letter(
    template: LetterTemplate,
    subject: str,
    body: str,
    letterhead: Letterhead,
    *,
    large_print: bool = False,
    letter_date: date,
) -> LetterDoc:
    """A preview of a wording with invented data (the real letterhead). Raises ValidationError
    for a wording with unknown merge fields."""
    template = LetterTemplate(template)
    check_wording(template, subject, body)
    phone, email = letterhead.phone.strip(), letterhead.email.strip()
    if not (phone or email):  # not set up yet: invented ones, to show where they go
        phone, email = "0121 496 0000", "divert@example.org"
    values = dict(
        SAMPLE_VALUES,
        organisation=letterhead.organisation,
        organisation_phone=phone,
        organisation_email=email,
        signatory_name=letterhead.signatory_name,
        signatory_title=letterhead.signatory_title,
    )
    tables = {
        "appointment_details": (
            ("What", "Initial assessment"),
            ("When", f"{values['appointment_date']} at {values['appointment_time']}"),
            ("Where", "Coventry hub\n1 Example Street, Coventry CV1 1AA"),
            ("How long", "About 1 hour"),
            ("With", values["caseworker"]),
        ),
        "outcome_details": (
            ("Police reference", values["police_reference"]),
            ("Name", values["full_name"]),
            ("Date of birth", values["date_of_birth"]),
            ("Referred on", values["referral_date"]),
            ("Outcome", values["outcome"]),
            ("Decided on", values["outcome_date"]),
        ),
        "shared_details": (
            ("Name", values["full_name"]),
            ("Address", ", ".join(SAMPLE_ADDRESS[1:])),
            ("Why we are referring", "Wants advice about a housing problem"),
        ),
    }
    if template == LetterTemplate.POLICE_OUTCOME:
        address: tuple[str, ...] = ("PC Example, collar number 4001", "West Midlands Police")
        ref_label = "Police reference"
    elif template == LetterTemplate.ONWARD_REFERRAL:
        address = ("Alex Sample", "Example Housing Advice", "2 Sample Street", "Coventry CV1 3CD")
        ref_label = "Our reference"
    else:
        address, ref_label = SAMPLE_ADDRESS, "Reference"
    reference = values["our_reference" if ref_label == "Our reference" else "police_reference"]
    return LetterDoc(
        letterhead=letterhead,
        letter_date=letter_date,
        reference_label=ref_label,
        reference=reference,
        address_lines=address,
        subject=fill(subject, values),
        blocks=parse_wording(body, values, tables),
        title=f"{label(template)} letter (sample)",
        large_print=large_print,
    )


def preview_letterhead(db: Database, actor: Actor) -> Letterhead:
    """The letterhead for previews in the template editor."""
    actor.require(Action.EDIT_LETTER_TEMPLATES)
    with db.unit_of_work(write=False) as session:
        return read_letterhead(session)[0]
