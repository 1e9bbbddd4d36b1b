"""SQL twins of core rules for lists, reports and bulk updates, each named after its core rule.

tests/db/test_rule_twins.py checks every twin against its core rule on generated data, on SQLite
and PostgreSQL. (The engagement deadline's twin sits in services.engagement, beside its update.)
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from divert_desktop.core.eligibility import ADULT_AGE
from divert_desktop.core.enums import IneligibleReason, ReferralStatus

__all__ = [
    "age_on_sql",
    "held_by_repeat_bar_sql",
    "is_young_person_sql",
    "keep_reason_sql",
]


def _ymd(expr: Any, pg: bool) -> Any:
    """A date or timestamp as the integer YYYYMMDD."""
    if pg:
        return sa.cast(sa.func.to_char(expr, "YYYYMMDD"), sa.Integer)
    return sa.cast(sa.func.strftime("%Y%m%d", expr), sa.Integer)


def age_on_sql(date_of_birth: Any, on: Any, pg: bool) -> Any:
    """core.eligibility.age_on: whole years from ``date_of_birth`` to the date of ``on``
    ((YYYYMMDD of on - YYYYMMDD of birth) // 10000 is exactly the age, 29 February included)."""
    return (_ymd(on, pg) - _ymd(date_of_birth, pg)) // 10000


def is_young_person_sql(date_of_birth: Any, on: Any, pg: bool) -> Any:
    """core.eligibility.is_young_person: under 18 on the date of ``on``."""
    return age_on_sql(date_of_birth, on, pg) < ADULT_AGE


def held_by_repeat_bar_sql(status: Any, status_reason: Any = None) -> Any:
    """core.eligibility.held_by_repeat_bar: held for a manager by the repeat-referral bar (the
    only not-eligible referral a manager may let go ahead); the status alone decides."""
    return status == ReferralStatus.HELD


def keep_reason_sql(reason: Any) -> Any:
    """core.anonymisation.keep_reason: the reason when it is a coded one, else NULL."""
    codes = [r.value for r in IneligibleReason]
    return sa.case((reason.in_(codes), reason), else_=sa.null())
