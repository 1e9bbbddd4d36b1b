"""Staff accounts, the About box and the connection check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from divert_desktop import __version__
from divert_desktop.core.enums import Role
from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import StaffUser, utcnow
from divert_desktop.services.context import Actor
from divert_desktop.services.lists.common import utc_text


@dataclass(frozen=True)
class StaffRow:
    id: int
    username: str
    name: str
    role: Role
    role_text: str
    active: bool
    active_text: str
    last_sign_in_text: str


def staff_accounts(db: Database, actor: Actor) -> list[StaffRow]:
    """Return every staff account by name. Raises PermissionDenied."""
    actor.require(Action.MANAGE_USERS)
    u = StaffUser
    with db.unit_of_work(write=False) as session:
        rows = session.execute(
            sa.select(
                u.id,
                u.username,
                u.display_name,
                u.role,
                u.active,
                u.last_login_at,
                u.must_change_password,
                u.locked_until,
            ).order_by(u.display_name, u.id)
        ).all()
    now = utcnow(session)
    out = []
    for row in rows:
        role = Role(row.role)
        if row.last_login_at is None:
            last = "Never"
        else:
            last = utc_text(row.last_login_at)
        out.append(
            StaffRow(
                row.id,
                row.username,
                row.display_name,
                role,
                role.label,
                bool(row.active),
                _account_text(row, now),
                last,
            )
        )
    return out


def _account_text(row: sa.Row, now: datetime) -> str:
    if not row.active:
        return "Disabled"
    if row.locked_until is not None and row.locked_until > now:
        return f"Locked until {utc_text(row.locked_until)} (too many wrong passwords)"
    if row.must_change_password:
        return "Active, must choose a new password"
    return "Active"


@dataclass(frozen=True)
class AboutInfo:
    version: str
    database: str
    schema_revision: str


def about_info(db: Database) -> AboutInfo:
    """The app's version, the database it uses and the schema revision (Help > About)."""
    from divert_desktop.persistence.migrate import current_revision

    return AboutInfo(__version__, db.description, current_revision(db.engine) or "none")


def ping(db: Database) -> None:
    """Touch the database; raises OperationalError while it cannot be reached."""
    with db.unit_of_work(write=False) as session:
        session.execute(sa.select(1))
