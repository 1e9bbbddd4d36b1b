"""What the sign-in window needs before anyone signs in, kept apart from the sign-in service
(argon2, the ORM and the audit trail) so the first window shows without importing it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import make_url

from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor


@dataclass(frozen=True)
class ServerSignIn:
    """A signed-in member of staff on a shared server: who they are and their own connection."""

    actor: Actor
    db: Database


def signs_in_as_login(db: Database) -> bool:
    """A shared server known by its address only (no user): nothing connects before someone
    signs in as themselves, so there is no password to ask for or keep before that."""
    return not db.is_sqlite and not make_url(db.url).username
