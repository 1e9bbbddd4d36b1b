"""Shared settings (deadlines, letterhead, retention …) read and written through the database."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Setting, utcnow

from .audit import AuditEntry, record
from .context import Actor

DEFAULTS: dict[str, Any] = {
    "engagement_deadline_days": 42,
    "default_sessions_planned": 1,
    "initial_assessment_minutes": 60,
    "session_minutes": 60,
    "day_start": "09:00",
    "day_end": "17:00",
    "audit_c_threshold": 5,
    "retention_years": 6,
    "inactivity_lock_minutes": 10,
    "backups_keep": 14,
    "summary_rate_min_group": 5,
    "organisation_name": "",
    "organisation_address": "",
    "organisation_phone": "",
    "organisation_email": "",
    "signatory_name": "",
    "signatory_title": "",
    "organisation_logo": "",
    "police_address": "West Midlands Police",
}

LETTERHEAD_KEYS = (
    "organisation_name",
    "organisation_address",
    "organisation_phone",
    "organisation_email",
    "signatory_name",
    "signatory_title",
)


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
            row.updated_at = utcnow()
            row.updated_by = actor.username
    changed = {
        k: {"before": before.get(k), "after": v} for k, v in values.items() if before.get(k) != v
    }
    if changed:
        record(session, actor, AuditEntry("settings.update", "settings", None, None, changed))


def get_settings(db: Database) -> dict[str, Any]:
    with db.unit_of_work(write=False) as session:
        return read_all(session)


def update_settings(db: Database, actor: Actor, values: dict[str, Any]) -> dict[str, Any]:
    """Change shared settings (administrators and managers). Returns all settings after."""
    actor.require(Action.MANAGE_SETTINGS)
    with db.unit_of_work() as session:
        write_in(session, actor, values)
        return read_all(session)
