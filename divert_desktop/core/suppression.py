"""Small-number suppression: which counts, and which figures beside them, a shared table hides.

Primary suppression hides a count from 1 to 4. Secondary suppression hides whatever would give
such a count back: a share or rate whose numerator or denominator is hidden, and, in a group of
counts that adds up to a total (eligible + ineligible = referrals), a second count when only one
would otherwise be hidden (complementary suppression), repeated until no hidden count can be
worked out by subtracting the shown ones from a total or by multiplying a shown rate by its base.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

SUPPRESS_BELOW = 5
SUPPRESSED = "<5"
"""What a count from 1 to 4 shows instead."""
HIDDEN = "hidden"
"""What a figure hidden only because it would give a small count back shows instead."""
RATE_MIN_GROUP = 5
"""Default of the setting ``summary_rate_min_group``: a re-arrest rate over fewer answers than
this is not shown (one or two people would make it 0%, 50% or 100%)."""


def is_small(count: int) -> bool:
    """True for a count from 1 to 4: it could help recognise someone (0 is not small)."""
    return 0 < count < SUPPRESS_BELOW


def shown_count(count: int, internal: bool = False) -> int | str:
    """A count as it may be shown on its own: 1–4 become "<5" unless ``internal``."""
    return SUPPRESSED if not internal and is_small(count) else count


@dataclass(frozen=True)
class Figures:
    """The counts of a table, the totals they add up to and the rates worked out from them.

    ``sums`` holds (total, parts): the total equals the sum of the parts. ``ratios`` maps a
    rate's key to (numerator, denominator), both count keys.
    """

    counts: Mapping[str, int]
    sums: Sequence[tuple[str, Sequence[str]]] = ()
    ratios: Mapping[str, tuple[str, str]] = field(default_factory=dict)


def recoverable(figures: Figures, hidden: Iterable[str]) -> set[str]:
    """The hidden counts a reader can work out from what is shown: a total minus its shown parts
    (or the parts added up), a shown rate times its base, repeated with whatever that gives."""
    hidden = set(hidden)
    known = {k for k in figures.counts if k not in hidden}
    changed = True
    while changed:
        changed = False
        for total, parts in figures.sums:
            unknown = {m for m in (total, *parts) if m not in known}
            if len(unknown) == 1:
                known |= unknown
                changed = True
        for key, (numerator, denominator) in figures.ratios.items():
            if key in hidden or figures.counts.get(denominator, 0) == 0:
                continue
            unknown = {m for m in (numerator, denominator) if m not in known}
            if len(unknown) == 1 and (numerator in unknown or figures.counts[numerator] != 0):
                known |= unknown
                changed = True
    return {k for k in hidden if k in known and k in figures.counts}


def _complement(figures: Figures, hidden: set[str], leaked: set[str]) -> str | None:
    """The count to hide next so that a leaked count can no longer be worked out: the smallest
    shown part (not zero if possible, the total last) of a group holding a leaked count."""
    counts = figures.counts
    groups = [(t, p) for t, p in figures.sums if leaked & {t, *p}]
    # Prefer the groups where the leak is direct: one hidden member and the rest shown.
    groups.sort(key=lambda g: sum(m in hidden for m in (g[0], *g[1])) != 1)
    for total, parts in groups:
        shown = [p for p in parts if p not in hidden]
        if shown:
            return min(shown, key=lambda p: (counts[p] == 0, counts[p], p))
        if total not in hidden:
            return total
    return None


def suppress(figures: Figures) -> frozenset[str]:
    """The keys (counts and rates) to hide: every small count, every rate over a hidden count,
    and enough other counts that no hidden count can be worked out from the shown figures."""
    hidden = {k for k, v in figures.counts.items() if is_small(v)}
    while True:
        hidden |= {k for k, (n, d) in figures.ratios.items() if n in hidden or d in hidden}
        leaked = recoverable(figures, hidden)
        if not leaked:
            return frozenset(hidden)
        extra = _complement(figures, hidden, leaked)
        if extra is None:  # nothing left to hide in the groups involved
            return frozenset(hidden)
        hidden.add(extra)
