"""Screening scores from the published instruments: WHO ASSIST v3.0, AUDIT and AUDIT-C."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from divert_desktop.core.errors import ValidationError

__all__ = [
    "ASSIST_FREQUENCY",
    "ASSIST_QUESTIONS",
    "ASSIST_SUBSTANCES",
    "ASSIST_WEIGHTS",
    "ASSIST_YES_NO",
    "AUDIT_C_DEFAULT_THRESHOLD",
    "AUDIT_OPTIONS",
    "Band",
    "ScoreResult",
    "assist_band",
    "assist_score",
    "audit",
    "audit_c",
    "audit_points",
    "banded_sum",
]


@dataclass(frozen=True)
class ScoreResult:
    """A computed score: the total, its band (a key), the band in words and a risk level.

    ``level`` is one of "low", "moderate" and "high": screens show it with a colour and icon.
    """

    score: int
    band: str
    label: str
    level: str


@dataclass(frozen=True)
class Band:
    """A band of a sum: from ``minimum`` (inclusive) up to the next band's minimum."""

    minimum: int
    key: str
    label: str
    level: str


# --------------------------------------------------------------------------- WHO ASSIST v3.0

ASSIST_SUBSTANCES = (
    "tobacco",
    "alcohol",
    "cannabis",
    "cocaine",
    "amphetamine",
    "inhalants",
    "sedatives",
    "hallucinogens",
    "opioids",
    "other",
)
"""The ASSIST v3.0 substance classes (questions 1 to 7 are asked about each one used)."""

ASSIST_FREQUENCY = ("never", "once_or_twice", "monthly", "weekly", "daily")
"""Answers to questions 2 to 5: never, once or twice, monthly, weekly, daily or almost daily."""

ASSIST_YES_NO = ("never", "yes_past_3_months", "yes_earlier")
"""Answers to questions 6 and 7: no never, yes in the past 3 months, yes but not in them."""

ASSIST_QUESTIONS = ("q2", "q3", "q4", "q5", "q6", "q7")
"""The scored questions; question 8 (injecting) is recorded but not scored."""

ASSIST_WEIGHTS: Mapping[str, Mapping[str, int]] = {
    "q2": dict(zip(ASSIST_FREQUENCY, (0, 2, 3, 4, 6), strict=True)),
    "q3": dict(zip(ASSIST_FREQUENCY, (0, 3, 4, 5, 6), strict=True)),
    "q4": dict(zip(ASSIST_FREQUENCY, (0, 4, 5, 6, 7), strict=True)),
    "q5": dict(zip(ASSIST_FREQUENCY, (0, 5, 6, 7, 8), strict=True)),
    "q6": dict(zip(ASSIST_YES_NO, (0, 6, 3), strict=True)),
    "q7": dict(zip(ASSIST_YES_NO, (0, 6, 3), strict=True)),
}

_ASSIST_LABELS = {
    "low": "Lower risk",
    "moderate": "Moderate risk",
    "high": "High risk",
}


def assist_band(substance: str, score: int) -> ScoreResult:
    """The ASSIST risk band of a substance involvement score.

    Alcohol: lower 0–10, moderate 11–26, high 27 and over. Every other substance: lower 0–3,
    moderate 4–26, high 27 and over. Raises ValidationError for an unknown substance or a
    negative score.
    """
    if substance not in ASSIST_SUBSTANCES:
        raise ValidationError(f"ASSIST does not score “{substance}”", field="substance")
    if score < 0:
        raise ValidationError("A score cannot be negative", field="score")
    moderate_from = 11 if substance == "alcohol" else 4
    key = "high" if score >= 27 else "moderate" if score >= moderate_from else "low"
    return ScoreResult(score, key, _ASSIST_LABELS[key], key)


def assist_score(substance: str, answers: Mapping[str, str | None]) -> ScoreResult:
    """The substance involvement score (sum of questions 2 to 7) and its risk band.

    ``answers`` maps "q2" … "q7" to answer codes (ASSIST_FREQUENCY for 2–5, ASSIST_YES_NO for 6
    and 7). A question not asked counts 0: 3–5 when question 2 is "never", and 5 for tobacco
    (never asked about tobacco, so any answer given to it is ignored). Raises ValidationError for
    an answer that is not one of the codes.
    """
    if substance not in ASSIST_SUBSTANCES:
        raise ValidationError(f"ASSIST does not score “{substance}”", field="substance")
    skip_recent = answers.get("q2") in (None, "never")
    total = 0
    for question in ASSIST_QUESTIONS:
        if question == "q5" and substance == "tobacco":
            continue
        if question in ("q3", "q4", "q5") and skip_recent:
            continue
        answer = answers.get(question)
        if answer is None:
            continue
        weights = ASSIST_WEIGHTS[question]
        if answer not in weights:
            raise ValidationError(
                f"“{answer}” is not an answer to ASSIST question {question[1:]}", field=question
            )
        total += weights[answer]
    return assist_band(substance, total)


# --------------------------------------------------------------------------- AUDIT / AUDIT-C

_FREQ = ("never", "less_than_monthly", "monthly", "weekly", "daily")
AUDIT_OPTIONS: Mapping[int, tuple[str, ...]] = {
    1: ("never", "monthly_or_less", "2_to_4_a_month", "2_to_3_a_week", "4_or_more_a_week"),
    2: ("1_or_2", "3_or_4", "5_or_6", "7_to_9", "10_or_more"),
    3: _FREQ,
    4: _FREQ,
    5: _FREQ,
    6: _FREQ,
    7: _FREQ,
    8: _FREQ,
    9: ("no", "yes_not_last_year", "yes_last_year"),
    10: ("no", "yes_not_last_year", "yes_last_year"),
}
"""The answer codes of each AUDIT item, in order of their points."""

AUDIT_C_DEFAULT_THRESHOLD = 5
"""UK guidance: an AUDIT-C score of 5 or more is a positive screen (a setting in the app)."""

_AUDIT_ZONES = (
    Band(0, "zone_1", "Zone I: lower risk", "low"),
    Band(8, "zone_2", "Zone II: increasing risk", "moderate"),
    Band(16, "zone_3", "Zone III: higher risk", "high"),
    Band(20, "zone_4", "Zone IV: possible dependence", "high"),
)


def audit_points(item: int, answer: str) -> int:
    """Points of one AUDIT answer: items 1–8 score 0–4, items 9 and 10 score 0, 2 or 4.

    Raises ValidationError for an unknown item or answer.
    """
    options = AUDIT_OPTIONS.get(item)
    if options is None:
        raise ValidationError(f"AUDIT has no item {item}", field="item")
    if answer not in options:
        raise ValidationError(f"“{answer}” is not an answer to AUDIT item {item}", field="answer")
    position = options.index(answer)
    return position * 2 if item >= 9 else position


def _band_of(bands: Sequence[Band], score: int) -> ScoreResult:
    chosen = bands[0]
    for band in bands:
        if score >= band.minimum:
            chosen = band
    return ScoreResult(score, chosen.key, chosen.label, chosen.level)


def audit(answers: Sequence[str]) -> ScoreResult:
    """The AUDIT total (0–40) of the ten answers in order, and its zone.

    Zones: I 0–7, II 8–15, III 16–19, IV 20 and over. Raises ValidationError unless there are
    exactly ten valid answers.
    """
    if len(answers) != 10:
        raise ValidationError("AUDIT needs an answer to each of its 10 questions", field="audit")
    total = sum(audit_points(item, answer) for item, answer in enumerate(answers, start=1))
    return _band_of(_AUDIT_ZONES, total)


def audit_c(answers: Sequence[str], threshold: int = AUDIT_C_DEFAULT_THRESHOLD) -> ScoreResult:
    """The AUDIT-C total (0–12) of AUDIT's first three answers; positive at ``threshold`` or more.

    Raises ValidationError unless there are exactly three valid answers and the threshold is
    between 1 and 12.
    """
    if len(answers) != 3:
        raise ValidationError("AUDIT-C needs answers to AUDIT's first 3 questions", field="audit")
    if not 1 <= int(threshold) <= 12:
        raise ValidationError(
            "The AUDIT-C threshold must be between 1 and 12", field="audit_c_threshold"
        )
    total = sum(audit_points(item, answer) for item, answer in enumerate(answers, start=1))
    if total >= threshold:
        return ScoreResult(total, "positive", f"Positive screen ({threshold} or more)", "moderate")
    return ScoreResult(total, "negative", f"Negative screen (under {threshold})", "low")


# --------------------------------------------------------------------------- configured screens


def banded_sum(points: Sequence[int], bands: Sequence[Band]) -> ScoreResult:
    """A sum of item points banded by thresholds configured in a form (e.g. a licensed
    ASSIST-Lite form): nothing about the instrument is assumed here.

    Raises ValidationError when no bands are configured, the first band does not start at 0 or
    the bands are not in increasing order.
    """
    if not bands:
        raise ValidationError("This screen has no bands configured", field="bands")
    minimums = [b.minimum for b in bands]
    if minimums[0] != 0 or any(a >= b for a, b in itertools.pairwise(minimums)):
        raise ValidationError(
            "A screen's bands must start at 0 and rise from one band to the next", field="bands"
        )
    return _band_of(bands, sum(int(p) for p in points))
