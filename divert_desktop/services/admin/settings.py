"""Shared settings (deadlines, letterhead, retention …) read and written through the database."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.engagement import DEFAULT_DEADLINE_DAYS
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.evaluation import EVALUATION_MIN_GROUP
from divert_desktop.core.letterhead import clean_letterhead
from divert_desktop.core.permissions import Action
from divert_desktop.core.scoring import AUDIT_C_DEFAULT_THRESHOLD
from divert_desktop.core.suppression import RATE_MIN_GROUP
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Setting, utcnow
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor

DEFAULTS: dict[str, Any] = {
    "engagement_deadline_days": DEFAULT_DEADLINE_DAYS,
    "default_sessions_planned": 1,
    "initial_assessment_minutes": 60,
    "session_minutes": 60,
    "day_start": "09:00",
    "day_end": "17:00",
    "audit_c_threshold": AUDIT_C_DEFAULT_THRESHOLD,
    "retention_years": 6,
    "inactivity_lock_minutes": 10,
    "backups_keep": 14,
    "summary_rate_min_group": RATE_MIN_GROUP,
    "evaluation_min_group": EVALUATION_MIN_GROUP,
    "organisation_name": "",
    "organisation_address": "",
    "organisation_phone": "",
    "organisation_email": "",
    "signatory_name": "",
    "signatory_title": "",
    "organisation_logo": "",
    "police_address": "West Midlands Police",
}


def read_all(session: Session) -> dict[str, Any]:
    """Every setting, with defaults for any not stored."""
    values = dict(DEFAULTS)
    for key, value in session.execute(sa.select(Setting.key, Setting.value)):
        values[key] = value
    return values


def read(session: Session, key: str) -> Any:
    value = session.execute(sa.select(Setting.value).where(Setting.key == key)).scalar_one_or_none()
    return DEFAULTS.get(key) if value is None else value


def write_in(session: Session, actor: Actor, values: dict[str, Any]) -> None:
    """Store settings inside the caller's transaction, auditing what changed."""
    before = read_all(session)
    for key, value in values.items():
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=value, updated_by=actor.username))
        elif row.value != value:
            row.value = value
            row.updated_at = utcnow(session)
            row.updated_by = actor.username
    changed = {
        k: {"before": before.get(k), "after": v} for k, v in values.items() if before.get(k) != v
    }
    if changed:
        record(session, actor, AuditEntry("settings.update", "settings", None, None, changed))


def get_settings(db: Database) -> dict[str, Any]:
    with db.unit_of_work(write=False) as session:
        return read_all(session)


@announces(Kind.SETTINGS)
def update_settings(db: Database, actor: Actor, values: dict[str, Any]) -> dict[str, Any]:
    """Change shared settings (administrators and managers). Returns all settings after."""
    actor.require(Action.MANAGE_SETTINGS)
    with db.unit_of_work() as session:
        write_in(session, actor, values)
        return read_all(session)


# --------------------------------------------------------------------------- named settings
NUMBERS: dict[str, tuple[int, int, str]] = {
    "engagement_deadline_days": (7, 365, "days after the referral date to engage"),
    "default_sessions_planned": (1, 10, "educational sessions planned for each referral"),
    "initial_assessment_minutes": (5, 720, "length of an initial assessment, in minutes"),
    "session_minutes": (5, 720, "length of an educational session, in minutes"),
    "audit_c_threshold": (1, 12, "AUDIT-C score from which the result is positive"),
    "retention_years": (1, 100, "years after the last referral closed before anonymising"),
    "inactivity_lock_minutes": (1, 240, "minutes without use before the window locks"),
    "backups_keep": (1, 365, "backups of each kind kept"),
    "summary_rate_min_group": (1, 100, "fewest answers a summary's re-arrest rate is shown for"),
    "evaluation_min_group": (
        2,
        100,
        "fewest rows sharing age band, gender, ethnicity and area in the evaluation extract (k)",
    ),
}
TIMES = {"day_start": "opening time (HH:MM)", "day_end": "closing time (HH:MM)"}
NOT_FROM_TEXT = {"organisation_logo": "Choose the logo in the app: Admin > Letterhead…"}


def describe(key: str) -> str:
    """What a setting is for, in a few words."""
    if key in NUMBERS:
        low, high, text = NUMBERS[key]
        return f"{text} ({low} to {high})"
    if key in TIMES:
        return TIMES[key]
    return "letterhead: " + key.replace("_", " ")


def _unknown(key: str) -> ValidationError:
    known = ", ".join(sorted(DEFAULTS))
    return ValidationError(
        f"There is no setting called “{key}”. The settings are: {known}.", field="key"
    )


def clean_setting(key: str, text: str, current: dict[str, Any]) -> Any:
    """The value to store for ``key`` typed as ``text``. Raises ValidationError saying what is
    wrong and what is allowed."""
    if key not in DEFAULTS:
        raise _unknown(key)
    if key in NOT_FROM_TEXT:
        raise ValidationError(NOT_FROM_TEXT[key], field="value")
    if key in NUMBERS:
        low, high, what = NUMBERS[key]
        try:
            number = int(text.strip())
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            raise ValidationError(
                f"{key} must be a whole number from {low} to {high} ({what}).", field="value"
            )
        return number
    if key in TIMES:
        import re
        from datetime import time

        match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
        try:
            value = time(int(match[1]), int(match[2])) if match else None
        except ValueError:
            value = None
        if value is None:
            raise ValidationError(f"{key} must be a time like 09:00.", field="value")
        hours = {**{k: current.get(k) for k in TIMES}, key: f"{value:%H:%M}"}
        if str(hours["day_start"]) >= str(hours["day_end"]):
            raise ValidationError(
                "The opening time (day_start) must be before the closing time "
                f"(day_end): now {hours['day_start']} to {hours['day_end']}.",
                field="value",
            )
        return f"{value:%H:%M}"
    return clean_letterhead({key: text.replace("\\n", "\n")})[key]


def get_setting(db: Database, actor: Actor, key: str) -> Any:
    """One setting's value (its default when never set). Raises PermissionDenied and
    ValidationError for a key that is not a setting."""
    actor.require(Action.MANAGE_SETTINGS)
    if key not in DEFAULTS:
        raise _unknown(key)
    with db.unit_of_work(write=False) as session:
        return read(session, key)


def list_settings(db: Database, actor: Actor) -> dict[str, Any]:
    """Every setting by name, with defaults for those never set. Raises PermissionDenied."""
    actor.require(Action.MANAGE_SETTINGS)
    with db.unit_of_work(write=False) as session:
        return dict(sorted(read_all(session).items()))


@announces(Kind.SETTINGS)
def set_setting(db: Database, actor: Actor, key: str, text: str) -> Any:
    """Check and store one setting typed as text (audited as ``settings.update`` when it
    changes); returns the value stored. Raises PermissionDenied and ValidationError."""
    actor.require(Action.MANAGE_SETTINGS)
    with db.unit_of_work() as session:
        value = clean_setting(key, text, read_all(session))
        write_in(session, actor, {key: value})
        return value
