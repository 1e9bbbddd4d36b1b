"""Declarative base with a constraint naming convention and shared column helpers."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, mapped_column

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


def utcnow() -> datetime:
    """Naive UTC timestamp (the database stores naive UTC for audit and creation times)."""
    from datetime import UTC

    return datetime.now(UTC).replace(tzinfo=None)


def version_column() -> Any:
    """The optimistic-locking counter; map it with ``__mapper_args__ = {"version_id_col": version}``."""
    return mapped_column(sa.Integer, nullable=False, default=1, server_default="1")
