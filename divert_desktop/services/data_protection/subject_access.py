"""Subject access: everything held about one person, as a readable PDF, a JSON file and the
letters' PDFs, written into a folder. Collecting it is audited (``person.export``)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.errors import NotFound, ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_long_date
from divert_desktop.documents.subject_access import (
    Item,
    LetterFile,
    SubjectAccess,
)
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    Appointment,
    Assessment,
    AuditEvent,
    EducationalSession,
    Letter,
    OnwardReferral,
    Person,
    Referral,
    ReferralStatusChange,
    ReferralSubstance,
    Service,
    StaffUser,
    Venue,
    clock_of,
)
from divert_desktop.private_files import private_folder, write_private_bytes
from divert_desktop.services.admin import settings as settings_service
from divert_desktop.services.audit.labels import action_text
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.context import Actor
from divert_desktop.services.data_protection.anonymise import family_ids

PERSON_NOT_FOUND = "That person's record could not be found."
HIDDEN = frozenset(
    {
        "search_first",
        "search_last",
        "search_known_as",
        "version",
        "pdf",
        "source_hash",
        "person_id",
        "prev_hash",
        "hash",
    }
)
"""Internal columns that say nothing about the person (search keys, row versions, hashes)."""


@dataclass(frozen=True)
class ExportFiles:
    folder: Path
    pdf: Path
    json: Path
    letters: tuple[Path, ...] = field(default_factory=tuple)


def _day(value: date) -> str:
    return format_long_date(value.date() if isinstance(value, datetime) else value)


def _fields(row: Any, *, skip: frozenset[str] = HIDDEN) -> tuple[tuple[str, Any], ...]:
    return tuple((c.key, getattr(row, c.key)) for c in row.__table__.columns if c.key not in skip)


def _items(session: Session, stmt: Any, title: Any) -> tuple[Item, ...]:
    return tuple(Item(title(row), _fields(row)) for row in session.execute(stmt).scalars())


def _referrals(session: Session, ids: list[int]) -> tuple[Item, ...]:
    out = []
    for r in session.execute(
        sa.select(Referral).where(Referral.person_id.in_(ids)).order_by(Referral.referral_datetime)
    ).scalars():
        substances = _items(
            session,
            sa.select(ReferralSubstance).where(ReferralSubstance.referral_id == r.id),
            lambda s: "Substance",
        )
        history = _items(
            session,
            sa.select(ReferralStatusChange)
            .where(ReferralStatusChange.referral_id == r.id)
            .order_by(ReferralStatusChange.at, ReferralStatusChange.id),
            lambda h: "Status change",
        )
        out.append(
            Item(
                f"Referral {r.police_reference} of {_day(r.referral_datetime)}",
                _fields(r),
                (("substances", substances), ("status_history", history)),
            )
        )
    return tuple(out)


def _names(session: Session, model: Any, column: str) -> dict[int | None, str]:
    return dict(session.execute(sa.select(model.id, getattr(model, column))).all())


def collect(session: Session, person_id: int) -> SubjectAccess:
    """Gather the export inside the caller's transaction. Raises NotFound."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(PERSON_NOT_FOUND)
    if person.merged_into_id is not None:
        raise NotFound(
            f"This record was merged into record {person.merged_into_id}: export that record, "
            "which includes this one."
        )
    ids = family_ids(session, person_id)
    staff = _names(session, StaffUser, "display_name")
    venues = _names(session, Venue, "name")
    services = _names(session, Service, "organisation")

    def with_names(item: Item, extra: dict[str, Any]) -> Item:
        return Item(item.title, item.fields + tuple(extra.items()), item.children)

    appointments = tuple(
        with_names(
            Item(f"Appointment on {_day(a.start_at)} at {a.start_at:%H:%M}", _fields(a)),
            {"caseworker": staff.get(a.caseworker_id), "venue": venues.get(a.venue_id)},
        )
        for a in session.execute(
            sa.select(Appointment)
            .where(Appointment.person_id.in_(ids))
            .order_by(Appointment.start_at)
        ).scalars()
    )
    referral_ids = list(
        session.execute(sa.select(Referral.id).where(Referral.person_id.in_(ids))).scalars()
    )
    sessions = tuple(
        with_names(
            Item(f"Educational session on {_day(e.session_date)}", _fields(e)),
            {"caseworker": staff.get(e.caseworker_id)},
        )
        for e in session.execute(
            sa.select(EducationalSession)
            .where(EducationalSession.referral_id.in_(referral_ids or [-1]))
            .order_by(EducationalSession.session_date)
        ).scalars()
    )
    onward = tuple(
        with_names(
            Item(f"Onward referral of {_day(o.created_at)}", _fields(o)),
            {"service": services.get(o.service_id)},
        )
        for o in session.execute(
            sa.select(OnwardReferral)
            .where(OnwardReferral.person_id.in_(ids))
            .order_by(OnwardReferral.created_at)
        ).scalars()
    )
    assessments = _items(
        session,
        sa.select(Assessment).where(Assessment.person_id.in_(ids)).order_by(Assessment.created_at),
        lambda a: (
            f"Assessment of {_day(a.created_at)} (form {a.form_id}, version {a.form_version})"
        ),
    )
    letters = tuple(
        LetterFile(
            Item(f"Letter of {_day(x.created_at)}", _fields(x)),
            f"{x.id:05d}-{x.template}-{x.created_at:%Y-%m-%d}.pdf",
            bytes(x.pdf or b""),
            x.sha256,
        )
        for x in session.execute(
            sa.select(Letter)
            .where(Letter.person_id.in_(ids))
            .order_by(Letter.created_at, Letter.id)
        ).scalars()
    )
    audit = tuple(
        Item(
            action_text(e.action),
            (
                ("at", e.at),
                ("username", e.username),
                ("role", e.role),
                ("source", e.source),
                ("workstation", e.workstation),
                ("action", e.action),
                ("action_text", action_text(e.action)),
                ("entity_type", e.entity_type),
                ("entity_id", e.entity_id),
                ("details", e.details),
            ),
        )
        for e in session.execute(
            sa.select(AuditEvent).where(AuditEvent.person_id.in_(ids)).order_by(AuditEvent.id)
        ).scalars()
    )
    merged = tuple(
        Item(f"Record {p.id}, merged into this one", _fields(p))
        for p in session.execute(sa.select(Person).where(Person.id.in_(ids[1:]))).scalars()
    )
    return SubjectAccess(
        person_id=person_id,
        name=f"{person.first_name} {person.last_name}".strip(),
        generated_at=clock_of(session).now(),
        organisation=str(settings_service.read(session, "organisation_name") or ""),
        person=Item("Personal details", _fields(person)),
        merged=merged,
        sections=(
            ("referrals", "Referrals", _referrals(session, ids)),
            ("appointments", "Appointments", appointments),
            ("assessments", "Assessments", assessments),
            ("educational_sessions", "Educational sessions", sessions),
            ("onward_referrals", "Onward referrals", onward),
        ),
        letters=letters,
        audit=audit,
    )


def subject_access_data(
    db: Database, actor: Actor, person_id: int, *, destination: str | None = None
) -> SubjectAccess:
    """Everything held about a person (Action.EXPORT_PERSON); records a ``person.export`` event
    naming the destination. Raises PermissionDenied and NotFound."""
    actor.require(Action.EXPORT_PERSON)
    with db.unit_of_work() as session:
        data = collect(session, person_id)
        counts = {key: len(items) for key, _h, items in data.sections}
        counts.update(letters=len(data.letters), audit_events=len(data.audit))
        record(
            session,
            actor,
            AuditEntry(
                "person.export",
                "person",
                person_id,
                person_id,
                {"destination": destination, "counts": counts},
            ),
        )
    return data


def _write(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    write_private_bytes(partial, data)
    os.replace(partial, path)


def write_subject_access(data: SubjectAccess, pdf: bytes, folder: Path | str) -> ExportFiles:
    """Write ``subject-access-ID.pdf``, ``subject-access-ID.json`` and ``letters/*.pdf`` into
    ``folder`` (created if needed). Raises ValidationError when the folder cannot be written."""
    folder = Path(folder)
    try:
        private_folder(folder, tighten=False)
        stem = f"subject-access-{data.person_id}"
        pdf_path, json_path = folder / f"{stem}.pdf", folder / f"{stem}.json"
        _write(pdf_path, pdf)
        text = json.dumps(data.to_json(), indent=2, ensure_ascii=False, default=str)
        _write(json_path, (text + "\n").encode("utf-8"))
        letters = []
        if data.letters:
            private_folder(folder / "letters", tighten=False)
        for letter in data.letters:
            if letter.pdf:
                path = folder / "letters" / letter.file_name
                _write(path, letter.pdf)
                letters.append(path)
    except OSError as exc:
        raise ValidationError(
            f"Cannot write the export to {folder}: {exc.strerror or exc}.", field="out"
        ) from exc
    return ExportFiles(folder, pdf_path, json_path, tuple(letters))


def export_person(db: Database, actor: Actor, person_id: int, folder: Path | str) -> ExportFiles:
    """Collect (audited), render and write a subject access export (the command line's
    ``export-person``). Raises PermissionDenied, NotFound and ValidationError."""
    from divert_desktop.documents.subject_access import render_subject_access

    data = subject_access_data(db, actor, person_id, destination=str(folder))
    return write_subject_access(data, render_subject_access(data), folder)
