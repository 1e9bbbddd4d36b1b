"""Staff accounts, shared settings, letters log, letter templates and the audit trail."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from divert_desktop.core.enums import LetterTemplate, Role, Source
from divert_desktop.persistence.models.base import Base, enum_column, utc_default, version_column


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[Role] = enum_column(Role)
    # Deferred: on a shared server no staff login may read it (persistence.server_roles).
    password_hash: Mapped[str] = mapped_column(sa.String(255), deferred=True)
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_default)
    version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": version}


class SignInAttempts(Base):
    """Failed sign-ins in a row, to slow guessing down: per account (``user_id``) or, for text
    that names no account, per keyed hash of it (``name_hash``). Never the text itself: it may be
    a password typed into the username box."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (
        sa.CheckConstraint("(user_id IS NULL) <> (name_hash IS NULL)", name="one_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_users.id", ondelete="CASCADE"), unique=True
    )
    name_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    failures: Mapped[int] = mapped_column(default=0, server_default="0")
    last_failed_at: Mapped[datetime]


class InstallationSecret(Base):
    """Random keys made once for each database, never shown or audited. ``sign_in``: the key of
    the hash that stands for a username no account has (see ``SignInAttempts``)."""

    __tablename__ = "installation_secrets"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    value: Mapped[str] = mapped_column(sa.String(128))


class WorkingHours(Base):
    """A caseworker's working hours for one weekday (0 = Monday)."""

    __tablename__ = "working_hours"
    __table_args__ = (sa.UniqueConstraint("user_id", "weekday"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_users.id", ondelete="CASCADE"))
    weekday: Mapped[int]
    start_time: Mapped[time]
    end_time: Mapped[time]


class Closure(Base):
    """A day the service is closed (beyond bank holidays): all venues, or one venue."""

    __tablename__ = "closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    venue_id: Mapped[int | None] = mapped_column(sa.ForeignKey("venues.id"))
    reason: Mapped[str] = mapped_column(sa.String(200))
    created_by: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utc_default)


class Setting(Base):
    """A setting every workstation shares (deadlines, letterhead, retention …), value as JSON."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(sa.JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utc_default)
    updated_by: Mapped[str] = mapped_column(sa.String(64), default="system")
    version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": version}


class LetterTemplateVersion(Base):
    """One version of a letter's wording. Letters keep the version they were made with."""

    __tablename__ = "letter_templates"
    __table_args__ = (sa.UniqueConstraint("template", "template_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template: Mapped[LetterTemplate] = enum_column(LetterTemplate)
    template_version: Mapped[int]
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utc_default)
    created_by: Mapped[str] = mapped_column(sa.String(64))


class Letter(Base):
    """A letter produced: the exact file is kept so a reprint is the same document."""

    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    referral_id: Mapped[int | None] = mapped_column(sa.ForeignKey("referrals.id"), index=True)
    appointment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("appointments.id"))
    onward_referral_id: Mapped[int | None] = mapped_column(sa.ForeignKey("onward_referrals.id"))
    template: Mapped[LetterTemplate] = enum_column(LetterTemplate)
    template_version: Mapped[int]
    recipient: Mapped[str] = mapped_column(sa.String(40))
    large_print: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(default=utc_default)
    created_by: Mapped[str] = mapped_column(sa.String(64))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    filename: Mapped[str] = mapped_column(sa.String(200))
    pdf: Mapped[bytes] = mapped_column(sa.LargeBinary)


class AuditEvent(Base):
    """Append-only trail of every change and every view of a person's record, hash-chained."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_default, index=True)
    username: Mapped[str] = mapped_column(sa.String(64), index=True)
    role: Mapped[str | None] = mapped_column(sa.String(32))
    source: Mapped[Source] = enum_column(Source)
    workstation: Mapped[str] = mapped_column(sa.String(120))
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    entity_type: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[str | None] = mapped_column(sa.String(64))
    person_id: Mapped[int | None] = mapped_column(index=True)
    details: Mapped[Any] = mapped_column(sa.JSON, nullable=True)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))


class AuditChain(Base):
    """One row: this database's installation id (names its audit key) and the first event id
    whose hash is keyed (HMAC-SHA256); None until keying starts. Set once, never changed."""

    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(primary_key=True)
    installation_id: Mapped[str] = mapped_column(sa.String(36))
    keyed_from: Mapped[int | None]


class AuditKey(Base):
    """PostgreSQL only: the audit key's HMAC pads, readable only by the owner role; the
    application reaches them through ``audit_hmac`` and ``audit_chain_hashes`` (SECURITY
    DEFINER). Empty on SQLite, where the key is in the operating system's keyring."""

    __tablename__ = "audit_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    inner_pad: Mapped[bytes] = mapped_column(sa.LargeBinary)
    outer_pad: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utc_default)


class AuditCheckpoint(Base):
    """The head of the audit trail at a moment (how many events, the last one's id and hash):
    insert-only, so a later deletion or rewrite of the events shows against it."""

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(sa.String(20))
    installation_id: Mapped[str] = mapped_column(sa.String(36))
    events: Mapped[int]
    head_id: Mapped[int | None]
    head_hash: Mapped[str] = mapped_column(sa.String(64))
    keyed_from: Mapped[int | None]


class ServerRole(Base):
    """PostgreSQL only: the group role each app role's logins are members of (migration 0010).
    Empty on SQLite, where the file's owner is the boundary and roles are the app's own."""

    __tablename__ = "server_roles"

    app_role: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    group_role: Mapped[str] = mapped_column(sa.String(63))
