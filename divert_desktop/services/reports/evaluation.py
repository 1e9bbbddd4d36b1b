"""The pseudonymised evaluation extract: one row per referral, no identifiers, k-anonymous."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core import evaluation as rules
from divert_desktop.core.engagement import attendance_so_far
from divert_desktop.core.enums import (
    AppointmentStatus,
    AppointmentType,
    ServiceType,
    Substance,
)
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    Appointment,
    EducationalSession,
    OnwardReferral,
    Person,
    Referral,
    ReferralSubstance,
    Service,
)
from divert_desktop.private_files import open_private
from divert_desktop.services.admin import settings
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.context import Actor
from divert_desktop.services.rule_sql import age_on_sql
from divert_desktop.services.sheet_files import csv_writer

__all__ = [
    "EVALUATION_COLUMNS",
    "EvaluationExtract",
    "export_evaluation",
    "read_key_file",
]

EVALUATION_COLUMNS = (
    "pseudo_referral",
    "pseudo_person",
    "referral_month",
    "age_band",
    "gender",
    "ethnicity_group",
    "local_authority",
    "substances",
    "eligibility",
    "ineligible_reason",
    "outcome",
    "days_to_first_appointment",
    "sessions_attended",
    "onward_referral_types",
    "rearrested_6m",
    "comparison",
)
"""The header of ``export evaluation``, in order (a contract with the police evaluators)."""

Progress = Callable[[int, int, str], None]
_SUBSTANCE_ORDER = {s.value: i for i, s in enumerate(Substance)}
_SERVICE_ORDER = {s.value: i for i, s in enumerate(ServiceType)}
STEPS = 4


@dataclass(frozen=True)
class EvaluationExtract:
    """What an extract wrote: rows, the k it holds, what was generalised and the key's
    fingerprint (never the key)."""

    path: Path
    rows: int
    k: int
    smallest_group: int
    generalised: tuple[str, ...]
    fingerprint: str

    def message(self) -> str:
        """The result for a person to read."""
        lines = [
            f"Wrote {self.rows} referral(s) to {self.path.name}. Every combination of age "
            f"band, gender, ethnicity and area holds {self.k} rows or more. Key "
            f"fingerprint {self.fingerprint}.",
            "Generalised:",
        ]
        return "\n".join(lines + [f"  {line}" for line in self.generalised])


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def read_key_file(path: Path | str, data_dir: Path | None = None) -> bytes:
    """The evaluation key held in the file ``path`` (its bytes, as they are). Raises
    ValidationError when it is inside the data folder, missing, unreadable or not a key."""
    from divert_desktop.paths import user_data_dir

    path = Path(path)
    if _inside(path, data_dir or user_data_dir()):
        raise ValidationError(
            "The key file must not be kept in the app's data folder (where the database and its "
            "backups are): keep it somewhere else, such as an encrypted drive.",
            field="key_file",
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError(
            f"There is no key file called {path}. Check the name and folder.", field="key_file"
        ) from None
    except OSError as exc:
        raise ValidationError(
            f"Cannot read the key file {path}: {exc.strerror or exc}.", field="key_file"
        ) from None
    return rules.check_key(data)


def _period(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    if date_to < date_from:
        raise ValidationError("The end date must be on or after the start date", field="date_to")
    return (
        datetime.combine(date_from, time.min),
        datetime.combine(date_to + timedelta(days=1), time.min),
    )


def _by_referral(session: Session, stmt: Any) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for referral_id, *values in session.execute(stmt.execution_options(yield_per=5000)):
        out[referral_id].append(values[0] if len(values) == 1 else tuple(values))
    return out


def _rows(session: Session, start: datetime, end: datetime) -> list[Any]:
    """The period's referrals with what each row is made of, and never a name, date of birth,
    contact detail, officer or free text (the date of birth gives the age in SQL only)."""
    pg = session.get_bind().dialect.name == "postgresql"
    r = Referral
    in_period = (r.referral_datetime >= start, r.referral_datetime < end)
    first = (
        sa.select(sa.func.min(Appointment.start_at))
        .where(Appointment.referral_id == r.id)
        .scalar_subquery()
    )  # the first appointment booked, as the summary's "days to first appointment"
    stmt = (
        sa.select(
            r.id,
            r.police_reference,
            r.person_id,
            r.referral_datetime,
            r.status,
            r.status_reason,
            r.followup_rearrested,
            sa.cast(r.local_authority, sa.String).label("area"),
            age_on_sql(Person.date_of_birth, r.referral_datetime, pg).label("age"),
            sa.cast(Person.gender, sa.String).label("gender"),
            sa.cast(Person.ethnicity, sa.String).label("ethnicity"),
            first.label("first_at"),
        )
        .join(Person, Person.id == r.person_id)
        .where(*in_period)
        .order_by(r.referral_datetime, r.id)
    )
    return list(session.execute(stmt))


def _details(session: Session, start: datetime, end: datetime) -> dict[str, dict[int, list[Any]]]:
    """Substances, attendance and onward referral types of the period's referrals, by referral."""
    ids = sa.select(Referral.id).where(
        Referral.referral_datetime >= start, Referral.referral_datetime < end
    )
    a, s = Appointment, EducationalSession
    return {
        "substances": _by_referral(
            session,
            sa.select(
                ReferralSubstance.referral_id, sa.cast(ReferralSubstance.substance, sa.String)
            ).where(ReferralSubstance.referral_id.in_(ids)),
        ),
        "attended": _by_referral(
            session,
            sa.select(a.referral_id, a.id).where(
                a.referral_id.in_(ids),
                a.status == AppointmentStatus.ATTENDED,
                a.type == AppointmentType.EDUCATIONAL_SESSION,
            ),
        ),
        "notes": _by_referral(
            session,
            sa.select(s.referral_id, s.appointment_id, s.attended).where(s.referral_id.in_(ids)),
        ),
        "onward": _by_referral(
            session,
            sa.select(OnwardReferral.referral_id, sa.cast(Service.service_type, sa.String))
            .join(Service, Service.id == OnwardReferral.service_id)
            .where(OnwardReferral.referral_id.in_(ids)),
        ),
    }


def _ordered(values: list[str], order: dict[str, int]) -> str:
    return ";".join(sorted(set(values), key=lambda v: (order.get(v, 99), v)))


def _quasi(row: Any) -> rules.Quasi:
    return rules.Quasi(
        rules.age_band(int(row.age)),
        row.gender or rules.NOT_RECORDED,
        row.ethnicity or rules.ETHNICITY_NOT_RECORDED,
        row.area,
    )


def _line(key: bytes, row: Any, quasi: rules.Quasi, details: dict[str, Any]) -> list[Any]:
    rid = row.id
    first = row.first_at
    days = (first.date() - row.referral_datetime.date()).days if first is not None else ""
    _initial, sessions = attendance_so_far(
        initial_appointment_attended=False,
        assessment_recorded=False,
        session_appointments_attended=details["attended"].get(rid, []),
        session_notes=[(n[0], bool(n[1])) for n in details["notes"].get(rid, [])],
    )
    found = row.followup_rearrested
    return [
        rules.pseudo_referral(key, row.police_reference),
        rules.pseudo_person(key, row.person_id),
        row.referral_datetime.strftime("%Y-%m"),
        quasi.age_band,
        quasi.gender,
        quasi.ethnicity_group,
        quasi.local_authority,
        _ordered(details["substances"].get(rid, []), _SUBSTANCE_ORDER),
        rules.eligibility(row.status),
        rules.ineligible_reason_code(row.status, row.status_reason),
        rules.outcome_code(row.status),
        days,
        sessions,
        _ordered(details["onward"].get(rid, []), _SERVICE_ORDER),
        str(found.value if hasattr(found, "value") else found) if found else "unknown",
        rules.comparison(row.status),
    ]


def export_evaluation(
    db: Database,
    actor: Actor,
    date_from: date,
    date_to: date,
    key_file: Path | str,
    out: Path | str,
    *,
    progress: Progress | None = None,
    data_dir: Path | None = None,
) -> EvaluationExtract:
    """Write the pseudonymised evaluation extract of the referrals made ``date_from`` ..
    ``date_to`` (inclusive) to ``out`` as UTF-8 CSV (EVALUATION_COLUMNS), pseudonyms made with
    the key in ``key_file``, generalised until every combination of age band, gender, ethnicity
    and area holds k rows (setting ``evaluation_min_group``); audited as ``export.evaluation``
    with the key's fingerprint. Returns an EvaluationExtract. Raises PermissionDenied and
    ValidationError (dates, key file, too few referrals, a file that cannot be written).
    """
    actor.require(Action.EXPORT_EVALUATION)
    tick = progress or (lambda _d, _t, _x: None)
    start, end = _period(date_from, date_to)
    key = read_key_file(key_file, data_dir)
    out = Path(out)
    if not out.parent.is_dir():
        raise ValidationError(
            f"The folder {out.parent} does not exist. Choose another place.", field="out"
        )
    tick(0, STEPS, "Reading the referrals")
    with db.unit_of_work(write=False) as session:
        k = int(settings.read(session, "evaluation_min_group") or rules.EVALUATION_MIN_GROUP)
        rows = _rows(session, start, end)
        tick(1, STEPS, "Reading attendance, substances and onward referrals")
        details = _details(session, start, end)
    tick(2, STEPS, "Checking that nobody can be picked out")
    done = rules.generalise([_quasi(row) for row in rows], k)
    tick(3, STEPS, "Writing the file")
    partial = out.with_name(f".{out.name}.part")
    fingerprint = rules.key_fingerprint(key)
    try:
        with open_private(partial, "w", encoding="utf-8", newline="") as handle:
            writer = csv_writer(handle)
            writer.writerow(EVALUATION_COLUMNS)
            writer.writerows(
                _line(key, row, quasi, details) for row, quasi in zip(rows, done.rows, strict=True)
            )
        with db.unit_of_work() as session:
            record(
                session,
                actor,
                AuditEntry(
                    "export.evaluation",
                    "referral",
                    None,
                    None,
                    {
                        "from": date_from.isoformat(),
                        "to": date_to.isoformat(),
                        "rows": len(rows),
                        "key_fingerprint": fingerprint,
                        "k": k,
                        "file": out.name,
                        "generalised": dict(done.steps),
                    },
                ),
            )
        os.replace(partial, out)
    except OSError as exc:
        raise ValidationError(f"Cannot write {out}: {exc.strerror or exc}.", field="out") from exc
    finally:
        if partial.exists():
            partial.unlink()
    tick(STEPS, STEPS, "Done")
    lines = tuple(done.lines()) if rows else ("Nothing: there were no referrals in the period.",)
    return EvaluationExtract(out, len(rows), k, done.smallest, lines, fingerprint)
