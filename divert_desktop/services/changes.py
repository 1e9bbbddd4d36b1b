"""What a service changed (as Anki's ``OpChanges``): kinds of records, so each screen decides if it is stale.

A service that changes data announces the kinds of thing it may change with ``@announces(...)``
(its return value is untouched, so the command line and tests call it as before). A result that
knows better carries its own ``changes`` (a dry run changes nothing). ``changes_of(fn, result)``
is what the caller (the GUI's task runner) reads after a successful call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar


class Kind(StrEnum):
    """A kind of record a change touches (every change is audited, so the audit trail too)."""

    PEOPLE = "people"
    REFERRALS = "referrals"
    APPOINTMENTS = "appointments"
    CASEWORK = "casework"  # assessments, session notes, onward referrals, outcomes
    LETTERS = "letters"
    SETTINGS = "settings"  # shared settings, letterhead, letter wording
    USERS = "users"
    VENUES = "venues"
    DIRECTORY = "directory"  # the service directory
    BACKUPS = "backups"
    DRAFTS = "drafts"  # assessment drafts kept on this computer (no audit)


@dataclass(frozen=True)
class Changes:
    """The kinds of record a call changed; empty (falsy) when it changed nothing."""

    kinds: frozenset[Kind] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *kinds: Kind) -> Changes:
        return cls(frozenset(kinds))

    @classmethod
    def everything(cls) -> Changes:
        return cls(frozenset(Kind))

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds)

    def touches(self, kinds: Iterable[Kind]) -> bool:
        """True when any of ``kinds`` changed."""
        return not self.kinds.isdisjoint(kinds)

    @property
    def audited(self) -> bool:
        """True when the change wrote to the database (and so to the audit trail)."""
        return bool(self.kinds - {Kind.DRAFTS})


NOTHING = Changes()
F = TypeVar("F", bound=Callable[..., Any])


def announces(*kinds: Kind) -> Callable[[F], F]:
    """Mark a service as changing ``kinds`` (the function itself is returned unchanged)."""

    def mark(fn: F) -> F:
        fn.changes = Changes.of(*kinds)  # type: ignore[attr-defined]
        return fn

    return mark


def changes_of(fn: Callable[..., Any], result: object = None) -> Changes:
    """What a successful call of ``fn`` that returned ``result`` changed: the result's own
    ``changes`` when it has one, else what ``fn`` announces, else nothing."""
    own = getattr(result, "changes", None)
    if isinstance(own, Changes):
        return own
    declared = getattr(fn, "changes", None)
    return declared if isinstance(declared, Changes) else NOTHING
