"""Declarative base with a constraint naming convention and shared column helpers."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, mapped_column

from divert_desktop.persistence.engine import CLOCK_KEY as CLOCK_KEY

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: sa.JSON, list[Any]: sa.JSON}


def enum_column(enum_cls: type[enum.Enum], **kwargs: Any) -> Any:
    """A VARCHAR column holding an enum's *values* (not names), portable across backends."""
    return mapped_column(
        sa.Enum(
            enum_cls,
            native_enum=False,
            create_constraint=False,
            validate_strings=True,
            length=64,
            values_callable=lambda e: [m.value for m in e],
        ),
        **kwargs,
    )


def utcnow(source: Any = None) -> datetime:
    """Naive UTC now by the app's clock (the database stores naive UTC for audit and creation
    times). ``source`` is a Session (services) or an execution context (column defaults), each
    carrying the Database's clock; without one, the system clock."""
    clock = None
    if source is not None:
        info = getattr(source, "info", None)
        if isinstance(info, dict):
            clock = info.get(CLOCK_KEY)
        if clock is None:
            options = getattr(source, "execution_options", None)
            if isinstance(options, dict) or hasattr(options, "get"):
                clock = options.get(CLOCK_KEY)  # type: ignore[union-attr]
    if clock is None:
        from divert_desktop.clock import SystemClock

        clock = SystemClock()
    return clock.utc_now()  # type: ignore[no-any-return]


def utc_default(context: Any) -> datetime:
    """Column default: the creating statement's clock (``default=utc_default``)."""
    return utcnow(context)


def clock_of(session: Any) -> Any:
    """The clock of the Database that opened ``session`` (the system clock for a bare session)."""
    info = getattr(session, "info", None)
    clock = info.get(CLOCK_KEY) if isinstance(info, dict) else None
    if clock is None:
        from divert_desktop.clock import SystemClock

        clock = SystemClock()
    return clock


def version_column() -> Any:
    """The optimistic-locking counter; map it with ``__mapper_args__ = {"version_id_col": version}``."""
    return mapped_column(sa.Integer, nullable=False, default=1, server_default="1")
