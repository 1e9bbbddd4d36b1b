"""Frozen figures of a managers' summary, the definitions printed with them, and suppression."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from divert_desktop.core.suppression import (
    HIDDEN,
    RATE_MIN_GROUP,
    SUPPRESS_BELOW,  # noqa: F401  (re-exported: the threshold the documents state)
    SUPPRESSED,
    Figures,
    is_small,
    shown_count,
    suppress,
)

HIDDEN_RATE_WORDS = "too few answers"  # a re-arrest rate over too small a group, not shown
AREA_COUNT = 7


def cell(count: int, internal: bool = False) -> int | str:
    """A count as it may be shown on its own: 1–4 become "<5" unless ``internal`` (0 stays 0).
    A summary's files use ``Summary.shown()``, which also hides the figures beside it."""
    return shown_count(count, internal)


def rate(numerator: int, denominator: int) -> float | None:
    """A fraction from 0 to 1, or None when the denominator is 0."""
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class BreakdownRow:
    """One category of a breakdown: referrals and how far they got."""

    label: str
    referrals: int
    eligible: int
    booked: int
    engaged: int
    completed: int


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    note: str
    rows: tuple[BreakdownRow, ...]


@dataclass(frozen=True)
class OnwardRow:
    service_type: str
    outcome: str
    count: int


@dataclass(frozen=True)
class CaseloadRow:
    caseworker: str
    referrals: int
    appointments: int
    attended: int


@dataclass(frozen=True)
class DaysStats:
    """Days from the referral date to the first appointment: how many referrals, median, p90."""

    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class Rearrest:
    """Six-month re-arrest answers for one group of referrals."""

    yes: int
    no: int
    unknown: int

    @property
    def answered(self) -> int:
        """Referrals with a "yes" or "no" answer: the group the rate is worked out over."""
        return self.yes + self.no

    @property
    def rate(self) -> float | None:
        return rate(self.yes, self.answered)


@dataclass(frozen=True)
class Headline:
    referrals: int
    eligible: int
    ineligible: int
    booked: int
    engaged: int
    completed: int
    not_engaged: int
    withdrawn: int
    young_people: int
    repeat_referrals: int
    appointments_due: int
    did_not_attend: int
    onward_referrals: int
    held: int = 0
    """Held for a manager by the repeat-referral bar: neither eligible nor ineligible yet."""

    @property
    def dna_rate(self) -> float | None:
        return rate(self.did_not_attend, self.appointments_due)


@dataclass(frozen=True)
class Summary:
    """Everything in a managers' summary for one period and area (``area`` None: all areas)."""

    date_from: date
    date_to: date
    area: str | None
    headline: Headline
    ineligible_by_reason: tuple[tuple[str, int], ...]
    breakdowns: tuple[Breakdown, ...]
    repeat: tuple[tuple[str, int], ...]
    onward: tuple[OnwardRow, ...]
    caseload: tuple[CaseloadRow, ...]
    to_first_offered: DaysStats
    to_first_attended: DaysStats
    rearrest_engaged: Rearrest
    rearrest_not_engaged: Rearrest
    organisation: str = ""
    extra: dict[str, int] = field(default_factory=dict)
    rate_min_group: int = RATE_MIN_GROUP

    def rate_hidden(self, group: Rearrest) -> bool:
        """True when the group has answers, but fewer than ``rate_min_group`` of them."""
        return 0 < group.answered < self.rate_min_group

    @property
    def hidden_rate_text(self) -> str:
        """What a hidden rate shows instead in saved files: "too few answers (under 5)" (not
        "fewer than 5", which reads like a rate under 5%)."""
        return f"{HIDDEN_RATE_WORDS} (under {self.rate_min_group})"

    def hidden_measures(self) -> set[str]:
        """The rate measures not shown because their group is too small."""
        groups = {
            "rearrest_rate_engaged": self.rearrest_engaged,
            "rearrest_rate_not_engaged": self.rearrest_not_engaged,
        }
        return {name for name, group in groups.items() if self.rate_hidden(group)}

    @property
    def area_text(self) -> str:
        return self.area or "All seven areas"

    def breakdown(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)

    def measures(self) -> list[tuple[str, int | float | None, str]]:
        """The headline table in contract order: (measure, value, kind) with kind "count",
        "rate" (0–1), "days" or "number" (a setting). Counts and rates here are raw: suppress
        counts with ``cell()`` and blank the ``hidden_measures()`` when showing."""
        h = self.headline
        counts = [
            ("referrals", h.referrals),
            ("eligible", h.eligible),
            ("ineligible", h.ineligible),
            ("booked", h.booked),
            ("engaged", h.engaged),
            ("completed", h.completed),
            ("not_engaged", h.not_engaged),
            ("withdrawn", h.withdrawn),
            ("young_people", h.young_people),
            ("repeat_referrals", h.repeat_referrals),
        ]
        out: list[tuple[str, int | float | None, str]] = [(k, v, "count") for k, v in counts]
        out += [
            ("dna_rate", h.dna_rate, "rate"),
            ("median_days_to_first_appointment", self.to_first_offered.median, "days"),
            ("onward_referrals", h.onward_referrals, "count"),
            ("rearrest_rate_engaged", self.rearrest_engaged.rate, "rate"),
            ("rearrest_rate_not_engaged", self.rearrest_not_engaged.rate, "rate"),
            ("p90_days_to_first_appointment", self.to_first_offered.p90, "days"),
            ("median_days_to_first_attended", self.to_first_attended.median, "days"),
            ("p90_days_to_first_attended", self.to_first_attended.p90, "days"),
            ("appointments_due", h.appointments_due, "count"),
            ("did_not_attend", h.did_not_attend, "count"),
            ("rearrest_engaged_yes", self.rearrest_engaged.yes, "count"),
            ("rearrest_engaged_no", self.rearrest_engaged.no, "count"),
            ("rearrest_engaged_unknown", self.rearrest_engaged.unknown, "count"),
            ("rearrest_not_engaged_yes", self.rearrest_not_engaged.yes, "count"),
            ("rearrest_not_engaged_no", self.rearrest_not_engaged.no, "count"),
            ("rearrest_not_engaged_unknown", self.rearrest_not_engaged.unknown, "count"),
            ("rearrest_engaged_answered", self.rearrest_engaged.answered, "count"),
            ("rearrest_not_engaged_answered", self.rearrest_not_engaged.answered, "count"),
            ("rearrest_rate_min_group", self.rate_min_group, "number"),
            ("held", h.held, "count"),
        ]
        out += [(_reason_key(r), n, "count") for r, n in self.ineligible_by_reason]
        return out

    def funnel(self) -> list[tuple[str, str, int]]:
        """The funnel stages and exits: (label, measure, count), shares are of the referrals."""
        h = self.headline
        out = [
            ("Referrals", "referrals", h.referrals),
            ("Eligible", "eligible", h.eligible),
            ("Booked", "booked", h.booked),
            ("Engaged", "engaged", h.engaged),
            ("Completed", "completed", h.completed),
            ("Not engaged", "not_engaged", h.not_engaged),
            ("Withdrawn", "withdrawn", h.withdrawn),
            ("Ineligible", "ineligible", h.ineligible),
            ("Held for a manager", "held", h.held),
        ]
        return out + [(f"Ineligible: {r}", _reason_key(r), n) for r, n in self.ineligible_by_reason]

    def figures(self) -> Figures:
        """Every count the summary's files show, keyed as ``Shown`` expects, with the totals
        they add up to and the rates worked out from them (for small-number suppression)."""
        counts = {m: int(v) for m, v, kind in self.measures() if kind == "count" and v is not None}
        sums: list[tuple[str, tuple[str, ...]]] = [
            ("referrals", ("eligible", "ineligible", "held")),
            ("ineligible", tuple(_reason_key(r) for r, _ in self.ineligible_by_reason)),
            ("referrals", tuple(repeat_key(label) for label, _ in self.repeat)),
            ("onward_referrals", tuple(onward_key(i) for i in range(len(self.onward)))),
            ("booked", (DAYS_OFFERED,)),
            (
                "appointments_due",
                (
                    "did_not_attend",
                    *(caseload_key(i, "attended") for i in range(len(self.caseload))),
                ),
            ),
        ]
        if self.repeat:
            sums.append(("referrals", ("repeat_referrals", repeat_key(self.repeat[0][0]))))
        for group in ("engaged", "not_engaged"):
            p = f"rearrest_{group}_"
            sums += [
                (p + "answered", (p + "yes", p + "no")),
                (group, (p + "yes", p + "no", p + "unknown")),
            ]
        ratios = {
            "dna_rate": ("did_not_attend", "appointments_due"),
            "rearrest_rate_engaged": ("rearrest_engaged_yes", "rearrest_engaged_answered"),
            "rearrest_rate_not_engaged": (
                "rearrest_not_engaged_yes",
                "rearrest_not_engaged_answered",
            ),
        }
        ratios.update({share_key(m): (m, "referrals") for _, m, _ in self.funnel()})
        for b in self.breakdowns:
            for r in b.rows:
                for column in BREAKDOWN_COLUMNS:
                    counts[row_key(b.key, r.label, column)] = getattr(r, column)
                ratios[row_key(b.key, r.label, ENGAGED_OF_ELIGIBLE)] = (
                    row_key(b.key, r.label, "engaged"),
                    row_key(b.key, r.label, "eligible"),
                )
            if b.key in NOT_ADDITIVE:
                continue
            sums += [
                (column, tuple(row_key(b.key, r.label, column) for r in b.rows))
                for column in BREAKDOWN_COLUMNS
            ]
        if any(b.key == "age_band" for b in self.breakdowns):
            under_18 = self.breakdown("age_band").rows[0].label
            sums.append(("young_people", (row_key("age_band", under_18, "referrals"),)))
        counts.update({repeat_key(label): n for label, n in self.repeat})
        counts.update({onward_key(i): o.count for i, o in enumerate(self.onward)})
        for i, c in enumerate(self.caseload):
            for column in CASELOAD_COLUMNS:
                counts[caseload_key(i, column)] = getattr(c, column)
        counts[DAYS_OFFERED] = self.to_first_offered.count
        counts[DAYS_ATTENDED] = self.to_first_attended.count
        return Figures(counts, tuple((t, p) for t, p in sums if p), ratios)

    def shown(self, internal: bool = False) -> Shown:
        """The figures as every file shows them: nothing hidden when ``internal``, else small
        counts and whatever would give them back (the same in the PDF, spreadsheet and CSV)."""
        return Shown(self.figures(), internal)


BREAKDOWN_COLUMNS = ("referrals", "eligible", "booked", "engaged", "completed")
CASELOAD_COLUMNS = ("referrals", "appointments", "attended")
ENGAGED_OF_ELIGIBLE = "engaged_of_eligible"
NOT_ADDITIVE = frozenset({"substance"})  # a referral with two substances counts under each
DAYS_OFFERED, DAYS_ATTENDED = "days:offered", "days:attended"


def row_key(breakdown: str, label: str, column: str) -> str:
    """The key of one breakdown cell (``area:Coventry:eligible``)."""
    return f"{breakdown}:{label}:{column}"


def share_key(measure: str) -> str:
    """The key of a funnel stage's share of the referrals."""
    return f"share:{measure}"


def repeat_key(label: str) -> str:
    return f"repeat:{label}"


def onward_key(index: int) -> str:
    return f"onward:{index}"


def caseload_key(index: int, column: str) -> str:
    return f"caseload:{index}:{column}"


class Shown:
    """A summary's counts and rates as they may be shown (see ``core.suppression``)."""

    def __init__(self, figures: Figures, internal: bool = False) -> None:
        self.figures = figures
        self.internal = internal
        self.hidden = frozenset() if internal else suppress(figures)

    def count(self, key: str) -> int | str:
        """The count, "<5" when it is from 1 to 4, "hidden" when it would give one back."""
        value = self.figures.counts[key]
        if key not in self.hidden:
            return value
        return SUPPRESSED if is_small(value) else HIDDEN

    def ratio(self, key: str) -> float | str | None:
        """The rate (0–1, None when the base is 0) or "hidden" when it would give a small
        count back."""
        if key in self.hidden:
            return HIDDEN
        numerator, denominator = self.figures.ratios[key]
        return rate(self.figures.counts[numerator], self.figures.counts[denominator])

    def is_hidden(self, key: str) -> bool:
        return key in self.hidden


def _reason_key(reason: str) -> str:
    return "ineligible_" + "_".join(reason.lower().replace("/", " ").split())


def days_text(value: float | None) -> str:
    """Days as shown: whole numbers without decimals, else one decimal place; "" when undefined."""
    if value is None:
        return ""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def format_value(value: int | float | None, kind: str, internal: bool = False) -> str:
    """A measure's value as written in the CSV: counts (maybe "<5"), rates 0–1 to 4 places."""
    if value is None:
        return ""
    if kind == "count":
        return str(cell(int(value), internal))
    if kind == "rate":
        return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"
    if kind == "number":
        return str(int(value))
    return days_text(float(value))


def long_date(d: date) -> str:
    """1 April 2026."""
    return f"{d.day} {d:%B %Y}"


def period_text(date_from: date, date_to: date) -> str:
    return f"{long_date(date_from)} to {long_date(date_to)}"


DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "Period",
        "A referral is in the summary when its referral date (the date the police made "
        "it) is between the two dates, both included, and — when an area is chosen — the "
        "referral's local authority is that area. Everything below is about those referrals, "
        "whenever their appointments, sessions or follow-up happened (before or after the period).",
    ),
    ("referrals", "Referrals with a referral date in the period (and area)."),
    (
        "eligible",
        "Referrals whose status is neither ineligible nor held for a manager (eligible at "
        "intake, or the repeat-referral rule overridden by a manager).",
    ),
    ("ineligible", "Referrals whose status is ineligible, also shown by the recorded reason."),
    (
        "held",
        "Referrals held for a manager by the repeat-referral rule (an earlier referral of the "
        "person, or of a likely match, closed as not engaged) that no manager has yet overridden "
        "or kept as ineligible: counted as neither eligible nor ineligible.",
    ),
    (
        "booked",
        "Referrals with at least one appointment ever booked, whatever happened to it "
        "(attended, missed, moved or cancelled).",
    ),
    (
        "engaged",
        "Referrals that reached engaged at any time: the status is engaged or "
        "completed now, or the status history shows a change to engaged or completed (so a "
        "referral withdrawn after engaging still counts).",
    ),
    ("completed", "Referrals whose status is completed."),
    (
        "not_engaged",
        "Referrals whose status is not engaged (closed after the engagement "
        "deadline without attending).",
    ),
    ("withdrawn", "Referrals whose status is withdrawn."),
    (
        "young_people",
        "Referrals of people under 18 on the referral date (age from the date of "
        "birth; a 29 February birthday falls on 1 March in other years).",
    ),
    (
        "repeat_referrals",
        "Referrals that are the person's second or later referral ever (any "
        "date, any area, earlier referral date first; same date: the one recorded first).",
    ),
    (
        "dna_rate",
        "Did-not-attend rate: appointments marked did not attend, divided by "
        "appointments that were due (attended, arrived or did not attend), for all appointments "
        "of the period's referrals. Booked, moved and cancelled appointments are not counted.",
    ),
    (
        "median_days_to_first_appointment",
        "For referrals with any appointment: calendar days "
        "from the referral date to the date of the earliest appointment booked for it (by "
        "appointment date, whatever happened to it). Median and 90th percentile use linear "
        "interpolation (as PostgreSQL percentile_cont). Days to first attended use only "
        "appointments marked attended or arrived.",
    ),
    (
        "onward_referrals",
        "Onward referrals made for the period's referrals, by service type and "
        "their current outcome.",
    ),
    (
        "rearrest_rate_engaged",
        'Six-month follow-up: re-arrested "yes" divided by ("yes" + '
        '"no") among engaged referrals (engaged as above, completed included). Unknown or not '
        "yet recorded answers are left out of the rate and counted separately.",
    ),
    ("rearrest_rate_not_engaged", "The same rate among referrals whose status is not engaged."),
    (
        "Re-arrest rates of small groups",
        "A re-arrest rate is not shown (“too few answers (under 5)”) when fewer than 5 "
        "referrals of the group have a yes or no answer: one or two people make a rate of 0%, 50% or 100% that "
        "says nothing about the scheme. This applies to internal copies too; the counts are "
        "still shown. The 5 is the setting summary_rate_min_group (the summary says which "
        "number it used). The CSV leaves such a rate empty and gives rearrest_rate_min_group "
        "and the answered counts (rearrest_engaged_answered, rearrest_not_engaged_answered).",
    ),
    (
        "Breakdowns",
        "By the referral's local authority; by substance (a referral with two "
        "substances counts once under each, so the substance rows add up to more than the "
        "referrals); by age band on the referral date (under 18, 18–24, 25–34, 35+); by the "
        'person\'s gender and ethnicity as recorded now ("Not recorded" when empty).',
    ),
    ("Repeat referrals", "First, second, third, fourth or later referral of the person ever."),
    (
        "Caseload",
        "For each caseworker: the period's referrals with at least one appointment "
        "with them (a referral seen by two caseworkers counts under each), their appointments "
        "for those referrals, and how many were attended.",
    ),
    (
        "Small numbers",
        'Counts from 1 to 4 are shown as "<5" so that nobody can be recognised '
        "in a document that leaves the organisation. Zero is shown as 0. A figure that would "
        'let a reader work out a "<5" count is shown as "hidden" (left empty for a rate in the '
        "CSV): a share or rate of such a count, or one more count in a table whose total is "
        "shown, so that the total minus the other counts does not give it back. Other rates, "
        'medians and percentiles are shown as calculated. Internal copies (the "internal" '
        "option) show every number.",
    ),
)
