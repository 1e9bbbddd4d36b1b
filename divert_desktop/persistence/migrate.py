"""Create and upgrade the schema with Alembic; refuse a database newer than this app."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine

from divert_desktop.core.errors import DivertError
from divert_desktop.paths import migrations_path

PG_MIGRATION_LOCK = 0x44495645  # "DIVE": one workstation migrates a shared database at a time


class SchemaError(DivertError):
    """The database's schema cannot be used by this version of the app."""


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_path()))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != head_revision()


def check_not_newer(engine: Engine) -> None:
    current = current_revision(engine)
    if current is None:
        return
    script = ScriptDirectory.from_config(alembic_config())
    try:
        script.get_revision(current)
    except Exception as exc:  # unknown revision: made by a newer version of the app
        raise SchemaError(
            "This database was made by a newer version of DIVERT Desktop "
            f"(schema {current}). Install the newer version; the database was not changed."
        ) from exc


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Upgrade to ``revision`` in one transaction; returns the new current revision.

    On PostgreSQL an advisory lock makes other workstations wait while one migrates.
    """
    check_not_newer(engine)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    current = current_revision(engine)
    assert current is not None
    return current
