"""Local drafts of unsaved assessments: one JSON file each, private to the user, written atomically.

Drafts hold clinical data. They live in ``<user data folder>/drafts/<username>/<database>/``
(folders 0700, files 0600; ``<database>`` is ``Database.identity``), survive a crash, a forced
quit or the shared database being unreachable, and are removed only once the assessment is saved
in the database.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from divert_desktop.core.clock import Clock
from divert_desktop.paths import drafts_dir
from divert_desktop.private_files import private_folder
from divert_desktop.services.changes import Kind, announces

__all__ = ["Draft", "DraftStore", "amendment_key", "assessment_key"]

_KEY = re.compile(r"[a-z0-9_\-]{1,120}")


def assessment_key(referral_id: int, form_id: str) -> str:
    """The draft of a new assessment of one referral."""
    return f"assessment-{referral_id}-{form_id}"


def amendment_key(assessment_id: int) -> str:
    """The draft of an amendment to a saved assessment."""
    return f"amendment-{assessment_id}"


@dataclass(frozen=True)
class Draft:
    """A draft as stored: ``payload`` holds the form id and version, the answers and what the
    caseload shows (person, police reference); ``saved_at`` is local time."""

    key: str
    saved_at: datetime
    payload: dict[str, Any]

    @property
    def title(self) -> str:
        return str(self.payload.get("title") or "Assessment")


class DraftStore:
    """The drafts of one user for one database (by default in the user data folder, in a
    folder named by ``database``, a ``Database.identity``: a referral number means another
    person in another database, so its drafts are never offered there)."""

    def __init__(
        self, username: str, folder: Path | None = None, *, database: str = "", clock: Clock
    ) -> None:
        if folder is None and not re.fullmatch(r"[0-9a-f]{16}", database):
            raise ValueError("a draft store needs the database's identity")
        self.username, self.clock = username, clock
        self.database = database
        self._folder = folder

    @property
    def folder(self) -> Path:
        if self._folder is None:
            self._folder = drafts_dir(self.username) / self.database
        return private_folder(self._folder)

    def _path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise ValueError(f"not a draft key: {key!r}")
        return self.folder / f"{key}.json"

    @announces(Kind.DRAFTS)
    def save(self, key: str, payload: dict[str, Any]) -> Draft:
        """Write the draft: a private temporary file, flushed to disk, then renamed over the old
        one, so a crash leaves either the old draft or the new one, never half a file."""
        saved_at = self.clock.now()
        record = {"key": key, "saved_at": saved_at.isoformat(), "payload": payload}
        data = json.dumps(record, ensure_ascii=False, sort_keys=True, default=str).encode()
        target = self._path(key)
        handle, temp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=self.folder)
        try:
            if hasattr(os, "fchmod"):  # mkstemp makes it 0600 already; say so on every system
                os.fchmod(handle, 0o600)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        return Draft(key, saved_at, payload)

    def load(self, key: str) -> Draft | None:
        """The draft saved under ``key``, or None (also for a damaged file, which is kept)."""
        return self._read(self._path(key))

    def _read(self, path: Path) -> Draft | None:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            return Draft(
                str(record["key"]), datetime.fromisoformat(record["saved_at"]), record["payload"]
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    @announces(Kind.DRAFTS)
    def delete(self, key: str) -> bool:
        """Remove a draft (after its assessment was saved); True if there was one."""
        try:
            self._path(key).unlink()
        except FileNotFoundError:
            return False
        return True

    def list(self) -> list[Draft]:
        """Every readable draft, newest first."""
        drafts = [self._read(p) for p in self.folder.glob("*.json")]
        found = [d for d in drafts if d is not None]
        return sorted(found, key=lambda d: d.saved_at, reverse=True)
