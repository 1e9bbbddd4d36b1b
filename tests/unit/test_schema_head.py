"""The start-up schema check knows the migration scripts' revisions without importing Alembic:
these constants must say exactly what Alembic reads from the scripts."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from divert_desktop.persistence.migrate import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    alembic_config,
    head_revision,
)


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def test_head_revision_is_the_migration_scripts_head() -> None:
    assert _scripts().get_heads() == [HEAD_REVISION]
    assert head_revision() == HEAD_REVISION


def test_known_revisions_are_every_migration_script_oldest_first() -> None:
    walked = [script.revision for script in _scripts().walk_revisions()]  # newest first
    assert list(KNOWN_REVISIONS) == list(reversed(walked))
