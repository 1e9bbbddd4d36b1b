"""ASSIST v3.0, AUDIT and AUDIT-C against worked examples added up by hand from DOMAIN.md."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from divert_desktop.core.errors import ValidationError
from divert_desktop.core.scoring import (
    ASSIST_FREQUENCY,
    ASSIST_SUBSTANCES,
    ASSIST_YES_NO,
    AUDIT_OPTIONS,
    Band,
    assist_band,
    assist_score,
    audit,
    audit_c,
    audit_points,
    banded_sum,
)


def audit_answers(*points: int) -> list[str]:
    """AUDIT answer codes from the points each item should score (items 9 and 10: 0, 2 or 4)."""
    return [
        AUDIT_OPTIONS[item][p // 2 if item >= 9 else p] for item, p in enumerate(points, start=1)
    ]


# --------------------------------------------------------------------------- ASSIST


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        # q2 never (0) so q3-q5 are not asked; q6 yes earlier (3): 3 -> lower
        ({"q2": "never", "q6": "yes_earlier", "q7": "never"}, 3, "low"),
        # q2 weekly (4), q3-q5 never, q6-q7 never: 4 -> moderate
        (
            {
                "q2": "weekly",
                "q3": "never",
                "q4": "never",
                "q5": "never",
                "q6": "never",
                "q7": "never",
            },
            4,
            "moderate",
        ),
        # q2 daily 6 + q3 daily 6 + q4 monthly 5 + q5 never 0 + q6 recent 6 + q7 earlier 3 = 26
        (
            {
                "q2": "daily",
                "q3": "daily",
                "q4": "monthly",
                "q5": "never",
                "q6": "yes_past_3_months",
                "q7": "yes_earlier",
            },
            26,
            "moderate",
        ),
        # q2 daily 6 + q3 daily 6 + q4 weekly 6 + q5 never 0 + q6 recent 6 + q7 earlier 3 = 27
        (
            {
                "q2": "daily",
                "q3": "daily",
                "q4": "weekly",
                "q5": "never",
                "q6": "yes_past_3_months",
                "q7": "yes_earlier",
            },
            27,
            "high",
        ),
    ],
)
def test_assist_cannabis_band_edges(answers: dict, total: int, band: str) -> None:
    result = assist_score("cannabis", answers)
    assert (result.score, result.band, result.level) == (total, band, band)


@pytest.mark.parametrize(
    ("answers", "total", "band", "label"),
    [
        # q2 weekly 4 + q6 recent 6 = 10 -> lower (alcohol's own band)
        (
            {
                "q2": "weekly",
                "q3": "never",
                "q4": "never",
                "q5": "never",
                "q6": "yes_past_3_months",
                "q7": "never",
            },
            10,
            "low",
            "Lower risk",
        ),
        # q2 once or twice 2 + q3 once or twice 3 + q7 recent 6 = 11 -> moderate
        (
            {
                "q2": "once_or_twice",
                "q3": "once_or_twice",
                "q4": "never",
                "q5": "never",
                "q6": "never",
                "q7": "yes_past_3_months",
            },
            11,
            "moderate",
            "Moderate risk",
        ),
        # 6 + 6 + 5 + 0 + 6 + 3 = 26 -> moderate
        (
            {
                "q2": "daily",
                "q3": "daily",
                "q4": "monthly",
                "q5": "never",
                "q6": "yes_past_3_months",
                "q7": "yes_earlier",
            },
            26,
            "moderate",
            "Moderate risk",
        ),
        # 6 + 6 + 6 + 0 + 6 + 3 = 27 -> high
        (
            {
                "q2": "daily",
                "q3": "daily",
                "q4": "weekly",
                "q5": "never",
                "q6": "yes_past_3_months",
                "q7": "yes_earlier",
            },
            27,
            "high",
            "High risk",
        ),
    ],
)
def test_assist_alcohol_band_edges(answers: dict, total: int, band: str, label: str) -> None:
    result = assist_score("alcohol", answers)
    assert (result.score, result.band, result.label) == (total, band, label)


def test_same_score_is_moderate_for_cannabis_but_lower_for_alcohol() -> None:
    answers = {
        "q2": "weekly",
        "q3": "never",
        "q4": "never",
        "q5": "never",
        "q6": "never",
        "q7": "yes_earlier",
    }  # 4 + 3 = 7
    assert assist_score("cannabis", answers).band == "moderate"
    assert assist_score("alcohol", answers).band == "low"


def test_each_item_weight_is_the_published_one() -> None:
    never = dict.fromkeys(("q2", "q3", "q4", "q5", "q6", "q7"), "never")
    expected = {
        "q2": (0, 2, 3, 4, 6),
        "q3": (0, 3, 4, 5, 6),
        "q4": (0, 4, 5, 6, 7),
        "q5": (0, 5, 6, 7, 8),
    }
    for question, weights in expected.items():
        for answer, weight in zip(ASSIST_FREQUENCY, weights, strict=True):
            # q2 must not be "never" for q3-q5 to count: q2 once or twice adds 2
            base = {**never, "q2": "once_or_twice"} if question != "q2" else dict(never)
            extra = 2 if question != "q2" else 0
            assert assist_score("cocaine", {**base, question: answer}).score == weight + extra
    for question in ("q6", "q7"):
        for answer, weight in zip(ASSIST_YES_NO, (0, 6, 3), strict=True):
            assert assist_score("opioids", {**never, question: answer}).score == weight


def test_q3_to_q5_do_not_count_when_q2_is_never() -> None:
    answers = {
        "q2": "never",
        "q3": "daily",
        "q4": "daily",
        "q5": "daily",
        "q6": "never",
        "q7": "never",
    }
    assert assist_score("cannabis", answers).score == 0


def test_tobacco_has_no_question_5() -> None:
    answers = {
        "q2": "daily",
        "q3": "daily",
        "q4": "daily",
        "q5": "daily",
        "q6": "yes_past_3_months",
        "q7": "yes_past_3_months",
    }
    assert assist_score("tobacco", answers).score == 6 + 6 + 7 + 6 + 6  # 31, q5 ignored
    assert assist_score("cannabis", answers).score == 6 + 6 + 7 + 8 + 6 + 6  # 39


def test_assist_refuses_unknown_answers_and_substances() -> None:
    with pytest.raises(ValidationError):
        assist_score("cannabis", {"q2": "sometimes"})
    with pytest.raises(ValidationError):
        assist_score("coffee", {"q2": "daily"})
    with pytest.raises(ValidationError):
        assist_band("cannabis", -1)


_assist_answers = st.fixed_dictionaries(
    {
        "q2": st.sampled_from(ASSIST_FREQUENCY),
        "q3": st.sampled_from(ASSIST_FREQUENCY),
        "q4": st.sampled_from(ASSIST_FREQUENCY),
        "q5": st.sampled_from(ASSIST_FREQUENCY),
        "q6": st.sampled_from(ASSIST_YES_NO),
        "q7": st.sampled_from(ASSIST_YES_NO),
    }
)


@given(substance=st.sampled_from(ASSIST_SUBSTANCES), answers=_assist_answers)
def test_assist_score_is_in_range_and_banded_consistently(substance: str, answers: dict) -> None:
    result = assist_score(substance, answers)
    assert 0 <= result.score <= (31 if substance == "tobacco" else 39)
    assert result == assist_band(substance, result.score)
    moderate_from = 11 if substance == "alcohol" else 4
    expected = (
        "high" if result.score >= 27 else "moderate" if result.score >= moderate_from else "low"
    )
    assert result.band == expected


@given(substance=st.sampled_from(ASSIST_SUBSTANCES), score=st.integers(0, 60))
def test_assist_bands_never_go_down_as_the_score_rises(substance: str, score: int) -> None:
    order = ["low", "moderate", "high"]
    here = order.index(assist_band(substance, score).band)
    assert order.index(assist_band(substance, score + 1).band) >= here


# --------------------------------------------------------------------------- AUDIT


@pytest.mark.parametrize(
    ("points", "total", "zone"),
    [
        ((2, 2, 1, 1, 1, 0, 0, 0, 0, 0), 7, "zone_1"),
        ((2, 2, 1, 1, 1, 1, 0, 0, 0, 0), 8, "zone_2"),
        ((4, 4, 4, 3, 0, 0, 0, 0, 0, 0), 15, "zone_2"),
        ((4, 4, 4, 4, 0, 0, 0, 0, 0, 0), 16, "zone_3"),
        ((4, 4, 4, 4, 1, 0, 0, 0, 2, 0), 19, "zone_3"),
        ((4, 4, 4, 4, 0, 0, 0, 0, 2, 2), 20, "zone_4"),
        ((4, 4, 4, 4, 4, 4, 4, 4, 4, 4), 40, "zone_4"),
        ((0,) * 10, 0, "zone_1"),
    ],
)
def test_audit_zone_edges(points: tuple[int, ...], total: int, zone: str) -> None:
    result = audit(audit_answers(*points))
    assert (result.score, result.band) == (total, zone)


def test_audit_zones_in_words_and_levels() -> None:
    assert audit(audit_answers(*(0,) * 10)).label == "Zone I: lower risk"
    assert audit(audit_answers(4, 4, 0, 0, 0, 0, 0, 0, 0, 0)).level == "moderate"
    assert (
        audit(audit_answers(4, 4, 4, 4, 0, 0, 0, 0, 2, 2)).label == "Zone IV: possible dependence"
    )


def test_audit_items_9_and_10_score_0_2_or_4() -> None:
    assert [audit_points(9, a) for a in AUDIT_OPTIONS[9]] == [0, 2, 4]
    assert [audit_points(1, a) for a in AUDIT_OPTIONS[1]] == [0, 1, 2, 3, 4]
    with pytest.raises(ValidationError):
        audit_points(11, "never")
    with pytest.raises(ValidationError):
        audit(audit_answers(1, 1, 1))


@pytest.mark.parametrize(
    ("points", "threshold", "band"),
    [
        ((2, 2, 0), 5, "negative"),  # 4, under the UK threshold of 5
        ((2, 2, 1), 5, "positive"),  # 5
        ((2, 2, 0), 4, "positive"),  # 4 with the threshold set to 4
        ((4, 4, 4), 12, "positive"),
        ((0, 0, 0), 1, "negative"),
    ],
)
def test_audit_c_threshold_is_a_parameter(
    points: tuple[int, ...], threshold: int, band: str
) -> None:
    result = audit_c(audit_answers(*points), threshold)
    assert result.score == sum(points)
    assert result.band == band
    assert str(threshold) in result.label


def test_audit_c_threshold_out_of_range_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        audit_c(audit_answers(1, 1, 1), 13)
    assert err.value.field == "audit_c_threshold"


_audit_points = st.tuples(
    *[st.integers(0, 4) for _ in range(8)], st.sampled_from((0, 2, 4)), st.sampled_from((0, 2, 4))
)


@given(points=_audit_points)
def test_audit_total_is_the_sum_and_audit_c_its_first_three(points: tuple[int, ...]) -> None:
    answers = audit_answers(*points)
    full, short = audit(answers), audit_c(answers[:3])
    assert full.score == sum(points) and 0 <= full.score <= 40
    assert short.score == sum(points[:3]) and 0 <= short.score <= 12
    assert short.score <= full.score


# --------------------------------------------------------------------------- configured bands


def test_banded_sum_uses_only_the_configured_bands() -> None:
    bands = (Band(0, "a", "Band A", "low"), Band(3, "b", "Band B", "moderate"))
    assert banded_sum([1, 1], bands).band == "a"
    assert banded_sum([1, 2], bands).band == "b"
    with pytest.raises(ValidationError):
        banded_sum([1], ())
    with pytest.raises(ValidationError):
        banded_sum([1], (Band(2, "x", "X", "low"),))
