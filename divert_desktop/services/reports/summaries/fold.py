"""Adds up the one GROUP BY over the period's referrals into headline, reasons and breakdowns.

The database groups the referrals by every category at once (area, age band, gender, ethnicity,
status, reason, follow-up answer, repeat number, engaged), so one pass over the referrals gives
at most a few thousand grouped rows; this module only adds those rows up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from divert_desktop.core.enums import IneligibleReason, ReferralStatus
from divert_desktop.core.summaries import BreakdownRow, Rearrest

RS = ReferralStatus
REASONS = [reason.value for reason in IneligibleReason] + ["other reason"]


@dataclass(frozen=True)
class Group:
    """One grouped row: the categories, how many referrals, and how many of them were booked."""

    area: str
    age_band: str
    gender: str
    ethnicity: str
    status: str
    reason: str | None
    followup: str
    ordinal: int
    engaged: int
    referrals: int
    booked: int


@dataclass
class Totals:
    referrals: int = 0
    eligible: int = 0
    booked: int = 0
    engaged: int = 0
    completed: int = 0

    def add(self, g: Group) -> None:
        self.referrals += g.referrals
        self.eligible += g.referrals if g.status not in (RS.INELIGIBLE, RS.HELD) else 0
        self.booked += g.booked
        self.engaged += g.referrals if g.engaged else 0
        self.completed += g.referrals if g.status == RS.COMPLETED else 0

    def row(self, label: str) -> BreakdownRow:
        return BreakdownRow(
            label, self.referrals, self.eligible, self.booked, self.engaged, self.completed
        )


@dataclass
class Folded:
    total: Totals
    by_status: dict[str, int]
    young: int
    repeat: dict[int, int]
    reasons: dict[str, int]
    breakdowns: dict[str, dict[str, BreakdownRow]]
    rearrest_engaged: Rearrest
    rearrest_not_engaged: Rearrest


def fold(groups: Iterable[Group], young_band: str) -> Folded:
    """Add the grouped rows up into every figure that does not need another table."""
    total = Totals()
    by_status: dict[str, int] = defaultdict(int)
    repeat: dict[int, int] = defaultdict(int)
    reasons: dict[str, int] = defaultdict(int)
    keys = ("area", "age_band", "gender", "ethnicity")
    tables: dict[str, dict[str, Totals]] = {k: defaultdict(Totals) for k in keys}
    answers: dict[str, defaultdict[str, int]] = {
        "engaged": defaultdict(int),
        "not_engaged": defaultdict(int),
    }
    young = 0
    for g in groups:
        total.add(g)
        by_status[g.status] += g.referrals
        repeat[min(g.ordinal, 4)] += g.referrals
        young += g.referrals if g.age_band == young_band else 0
        if g.status == RS.INELIGIBLE:
            reasons[g.reason if g.reason in REASONS else "other reason"] += g.referrals
        for key in keys:
            tables[key][getattr(g, key)].add(g)
        if g.engaged:
            answers["engaged"][g.followup] += g.referrals
        if g.status == RS.NOT_ENGAGED:
            answers["not_engaged"][g.followup] += g.referrals

    def rearrest(a: dict[str, int]) -> Rearrest:
        return Rearrest(a["yes"], a["no"], sum(a.values()) - a["yes"] - a["no"])

    return Folded(
        total,
        dict(by_status),
        young,
        dict(repeat),
        {r: reasons[r] for r in REASONS if r in reasons},
        {k: {label: t.row(label) for label, t in v.items()} for k, v in tables.items()},
        rearrest(answers["engaged"]),
        rearrest(answers["not_engaged"]),
    )
