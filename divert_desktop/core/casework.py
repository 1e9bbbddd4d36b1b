"""Casework rules: educational session notes, closing outcomes, follow-ups, and each referral's
next step on the caseload."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType

from divert_desktop.core.enums import (
    AppointmentStatus,
    FollowUpResult,
    OnwardStatus,
    ReferralStatus,
)
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.onward import follow_up_overdue
from divert_desktop.core.validation import check_text, format_date, format_time

__all__ = [
    "FOLLOW_UP_MONTHS_DAYS",
    "OUTCOMES",
    "SESSION_TOPICS",
    "CaseFacts",
    "NextStep",
    "OnwardFact",
    "next_steps",
    "validate_follow_up_result",
    "validate_outcome",
    "validate_session_note",
]

SESSION_TOPICS: Mapping[str, str] = MappingProxyType(
    {
        "drug harms": "Drug harms for the substances they use",
        "the law": "The law",
        "harm reduction": "Harm reduction",
        "overdose and mixing risks": "Overdose and mixing risks",
        "county lines and exploitation": "County lines and exploitation",
        "where to get help": "Where to get help",
    }
)
"""Topics an educational session can cover (stored key -> words on screen)."""

MIN_SESSION_MINUTES, MAX_SESSION_MINUTES = 5, 720
OUTCOMES = (ReferralStatus.COMPLETED, ReferralStatus.NOT_ENGAGED, ReferralStatus.WITHDRAWN)
FOLLOW_UP_MONTHS_DAYS = 183
"""Six months after the referral date: the window the re-arrest follow-up looks at."""


def validate_session_note(
    *, session_date: date, today: date, length_minutes: int, attended: bool, topics: Iterable[str]
) -> list[str]:
    """Check a session note; returns its topics in the standard order.

    Raises ValidationError naming the field: a date after today, a length outside 5–720
    minutes, an unknown topic, or an attended session with no topic ticked.
    """
    if session_date > today:
        raise ValidationError("The session date cannot be after today", field="session_date")
    if not MIN_SESSION_MINUTES <= int(length_minutes) <= MAX_SESSION_MINUTES:
        raise ValidationError(
            "Enter how long the session lasted, from 5 to 720 minutes", field="length_minutes"
        )
    chosen = list(dict.fromkeys(topics))
    unknown = [t for t in chosen if t not in SESSION_TOPICS]
    if unknown:
        raise ValidationError(f"“{unknown[0]}” is not a session topic", field="topics")
    if attended and not chosen:
        raise ValidationError("Tick at least one topic the session covered", field="topics")
    return [t for t in SESSION_TOPICS if t in chosen]


def validate_outcome(
    outcome: ReferralStatus, on: date | None, reason: str | None, *, earliest: date, today: date
) -> tuple[ReferralStatus, date, str]:
    """Check the outcome a referral is closed with: completed, not engaged or withdrawn.

    The date may not be after today or before the referral's last change (``earliest``); not
    engaged and withdrawn need a reason. Raises ValidationError naming the field.
    """
    try:
        outcome = ReferralStatus(outcome)
    except ValueError:
        outcome = None  # type: ignore[assignment]
    if outcome not in OUTCOMES:
        raise ValidationError(
            "Choose the outcome: completed, not engaged or withdrawn", field="outcome"
        )
    if on is None:
        raise ValidationError("Enter the date of the outcome", field="outcome_date")
    if on > today:
        raise ValidationError("The outcome date cannot be after today", field="outcome_date")
    if on < earliest:
        raise ValidationError(
            f"The outcome date cannot be before {format_date(earliest)}, when the referral last "
            "changed",
            field="outcome_date",
        )
    reason = (reason or "").strip()
    if outcome != ReferralStatus.COMPLETED and not reason:
        word = "not engaged" if outcome == ReferralStatus.NOT_ENGAGED else "withdrawn"
        raise ValidationError(f"Write the reason the referral is {word}", field="reason")
    return outcome, on, reason[:300]


def validate_follow_up_result(
    *,
    result: FollowUpResult | str | None,
    referral_date: date,
    learned_on: date | None,
    source: str | None,
    rearrest_date: date | None,
    today: date,
) -> tuple[FollowUpResult, date, str, date | None]:
    """Check a six-month follow-up: re-arrested for possession within six months (yes, no or
    unknown), the date it was learned, its source, and for "yes" the date of the re-arrest.

    Raises ValidationError naming the field.
    """
    try:
        found = FollowUpResult(str(result).strip().lower()) if result is not None else None
    except ValueError:
        found = None
    if found is None:
        raise ValidationError("Choose yes, no or unknown", field="rearrested")
    if learned_on is None:
        raise ValidationError("Enter the date this was learned", field="learned_on")
    if learned_on > today:
        raise ValidationError("The date learned cannot be after today", field="learned_on")
    if learned_on < referral_date:
        raise ValidationError(
            "The date learned cannot be before the referral date", field="learned_on"
        )
    source = (source or "").strip()
    if not source:
        raise ValidationError(
            "Say where this came from, for example the police six-month check", field="source"
        )
    check_text(source.replace("\r\n", "\n"), "source", "Where this came from", multiline=True)
    if found != FollowUpResult.YES:
        return found, learned_on, source[:200], None
    if rearrest_date is None:
        raise ValidationError("Enter the date of the re-arrest", field="rearrest_date")
    last = referral_date + timedelta(days=FOLLOW_UP_MONTHS_DAYS)
    if not referral_date < rearrest_date <= last:
        raise ValidationError(
            f"A re-arrest within six months must be after the referral and by {format_date(last)}",
            field="rearrest_date",
        )
    if rearrest_date > learned_on:
        raise ValidationError(
            "The re-arrest date cannot be after the date it was learned", field="rearrest_date"
        )
    return found, learned_on, source[:200], rearrest_date


# --------------------------------------------------------------------------- next steps


@dataclass(frozen=True)
class OnwardFact:
    service: str
    status: OnwardStatus
    follow_up_date: date | None


@dataclass(frozen=True)
class CaseFacts:
    """What the caseload knows about one referral to work out its next steps."""

    status: ReferralStatus
    engagement_deadline: date
    initial_status: AppointmentStatus | None = None
    initial_start: datetime | None = None
    assessment_recorded: bool = False
    sessions_planned: int = 1
    sessions_attended: int = 0
    next_session: datetime | None = None
    onward: tuple[OnwardFact, ...] = ()


@dataclass(frozen=True)
class NextStep:
    """One thing to do: ``due`` is its date (``when`` the appointment's time, if it has one)."""

    key: str
    text: str
    due: date | None = None
    overdue: bool = False
    when: datetime | None = None

    @property
    def due_text(self) -> str:
        if self.when is not None:
            return f"{format_date(self.when.date())} {format_time(self.when)}"
        return format_date(self.due) if self.due else ""


def _referral_steps(f: CaseFacts, today: date) -> list[NextStep]:
    status = ReferralStatus(f.status)
    deadline = f.engagement_deadline
    if status in (ReferralStatus.RECEIVED, ReferralStatus.BOOKED):
        start, initial = f.initial_start, f.initial_status
        if initial in (AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED) and start is not None:
            if start.date() >= today:
                return [
                    NextStep(
                        "assessment_due", "Initial assessment booked", start.date(), when=start
                    )
                ]
            return [
                NextStep(
                    "record_attendance",
                    "Mark whether the initial assessment was attended",
                    start.date(),
                    True,
                    start,
                )
            ]
        text = "Book the initial assessment"
        if initial == AppointmentStatus.DID_NOT_ATTEND:
            text = "Rebook the initial assessment (did not attend)"
        return [
            NextStep(
                "book_initial", f"{text} by {format_date(deadline)}", deadline, today > deadline
            )
        ]
    if status != ReferralStatus.ENGAGED:
        return []
    steps = []
    if not f.assessment_recorded:
        seen = f.initial_start.date() if f.initial_start else None
        steps.append(
            NextStep(
                "record_assessment",
                "Record the assessment",
                seen,
                seen is not None and seen < today,
            )
        )
    if f.sessions_attended < f.sessions_planned:
        number = f"{f.sessions_attended + 1} of {f.sessions_planned}"
        if f.next_session is not None:
            steps.append(
                NextStep(
                    "session_due",
                    f"Educational session {number} booked",
                    f.next_session.date(),
                    when=f.next_session,
                )
            )
        else:
            steps.append(NextStep("book_session", f"Book educational session {number}"))
    return steps


def _onward_steps(onward: Iterable[OnwardFact], today: date) -> list[NextStep]:
    steps = []
    for o in onward:
        status = OnwardStatus(o.status)
        if follow_up_overdue(status, o.follow_up_date, today):
            assert o.follow_up_date is not None
            steps.append(
                NextStep(
                    "follow_up_overdue",
                    f"Follow up the referral to {o.service} (due {format_date(o.follow_up_date)})",
                    o.follow_up_date,
                    True,
                )
            )
        elif status == OnwardStatus.PROPOSED:
            steps.append(
                NextStep("onward_consent", f"Record consent for the referral to {o.service}")
            )
        elif status == OnwardStatus.CONSENT_GIVEN:
            steps.append(NextStep("onward_send", f"Send the referral to {o.service}"))
        elif status == OnwardStatus.SENT:
            steps.append(
                NextStep("onward_reply", f"Waiting for {o.service} to reply", o.follow_up_date)
            )
    return steps


def next_steps(facts: CaseFacts, today: date) -> list[NextStep]:
    """Everything to do next for one referral: overdue first, then what to do by due date, and
    replies awaited from other services last."""
    steps = _referral_steps(facts, today) + _onward_steps(facts.onward, today)
    return sorted(
        steps,
        key=lambda s: (not s.overdue, s.key == "onward_reply", s.due is None, s.due or date.max),
    )
