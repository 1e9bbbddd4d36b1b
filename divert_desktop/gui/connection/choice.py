"""What choosing a connection hands back (apart from the dialog, which the start-up path with a
remembered profile never shows, so it is not imported then)."""

from __future__ import annotations

from dataclasses import dataclass, field

from divert_desktop.core.connection import ConnectionProfile


@dataclass(frozen=True)
class ConnectionChoice:
    """What the dialog hands back: the profile (a shared server's without a user: each person
    signs in as themselves) and, for an owner's address given with --database only, the
    password held in memory (never kept)."""

    profile: ConnectionProfile
    password: str | None = field(default=None, repr=False)  # never in a log or traceback
    keyring_note: str = ""
