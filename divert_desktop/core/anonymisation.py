"""Retention and anonymisation rules: when a person's data is due, and what of it may stay."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Any

from divert_desktop.core import enums
from divert_desktop.core.eligibility import age_on

ANONYMISED_FIRST_NAME = "Anonymised"
ANONYMISED_LAST_NAME = "person"
ANONYMISED_REFERENCE_PREFIX = "ANON-"

_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_\-./]{0,39}$")


def add_years(day: date, years: int) -> date:
    """``day`` moved by whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def retention_due_on(last_closed: date, years: int) -> date:
    """The day a person's data becomes due for anonymising: ``years`` after their last referral
    closed (the retention setting, six by default)."""
    return add_years(last_closed, max(int(years), 0))


def is_due(last_closed: date | None, has_open_referral: bool, years: int, today: date) -> bool:
    """True when nothing is open and the last referral closed at least ``years`` ago."""
    if has_open_referral or last_closed is None:
        return False
    return retention_due_on(last_closed, years) <= today


def coarse_date_of_birth(born: date, referral_dates: Iterable[date]) -> date:
    """The date of birth kept after anonymising: the first of the birth month, or the earliest
    day of that month that leaves the person's age on every referral date unchanged (so the age
    bands of the statistics stay exactly as they were)."""
    dates = [d for d in referral_dates if d >= born]  # an age before birth means nothing
    for day in range(1, born.day + 1):
        candidate = born.replace(day=day)
        if all(age_on(candidate, d) == age_on(born, d) for d in dates):
            return candidate
    return born  # pragma: no cover - the loop always reaches ``born`` itself


def _enum_values() -> frozenset[str]:
    values: set[str] = set()
    for item in vars(enums).values():
        if isinstance(item, type) and issubclass(item, StrEnum) and item is not StrEnum:
            values.update(member.value for member in item)
    return frozenset(values)


KNOWN_CODES = _enum_values()
"""Every coded value the app stores (substances, areas, genders …): kept when anonymising."""


def is_coded(text: str) -> bool:
    """True for a coded answer (``weekly``, ``smoked``, ``cannabis``, ``q3_yes``) rather than
    free text a person could be recognised from ("lives with her aunt in Tipton")."""
    return text in KNOWN_CODES or bool(_CODE_RE.match(text))


def strip_free_text(value: Any) -> Any:
    """A copy of a JSON value (assessment answers) with free text removed: numbers, booleans,
    dates and coded strings stay; any other string becomes None. Keys are kept."""
    if isinstance(value, dict):
        return {key: strip_free_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [strip_free_text(item) for item in value]
    if isinstance(value, str):
        return value if is_coded(value) or _is_iso_date(value) else None
    return value


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def keep_reason(reason: str | None) -> str | None:
    """A status reason survives anonymising only when it is one of the coded reasons (the
    ineligibility reasons the statistics count); free-text reasons are removed."""
    if reason and reason in {r.value for r in enums.IneligibleReason}:
        return reason
    return None
