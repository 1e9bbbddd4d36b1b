"""Form definitions: the schema check, live evaluation (visibility, required answers) and scores."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from divert_desktop.core.assessment import assessment_context, substance_code
from divert_desktop.core.enums import Substance
from divert_desktop.core.form_rules import (
    check_answers,
    compute_scores,
    evaluate,
    initial_answers,
    scores_json,
)
from divert_desktop.core.forms import FormDefinitionError, parse_form, version_key

FORMS = Path(__file__).resolve().parents[2] / "resources" / "forms"
TODAY = date(2026, 3, 18)
ADULT = {"young_person": False, "age": 30}
YOUNG = {"young_person": True, "age": 16}


def shipped() -> dict[str, Any]:
    return json.loads((FORMS / "divert_assessment.v1.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def form():  # type: ignore[no-untyped-def]
    return parse_form(shipped())


def problems_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(FormDefinitionError) as err:
        parse_form(data)
    return err.value.problems


def test_every_shipped_form_passes_the_schema() -> None:
    files = sorted(FORMS.glob("*.v*.json"))
    assert files, "no forms shipped"
    for path in files:
        form = parse_form(json.loads(path.read_text(encoding="utf-8")))
        assert path.name == f"{form.form_id}.v{form.version}.json"


def test_the_divert_form_covers_what_the_domain_lists(form: Any) -> None:
    ids = {s.id for s in form.sections}
    assert {
        "substance_use",
        "assist",
        "alcohol",
        "physical_health",
        "mental_health",
        "housing",
        "education_employment",
        "safeguarding",
        "young_person_safeguarding",
        "readiness",
        "goals",
        "consent",
    } <= ids
    assert [s.function for s in form.scores] == ["assist", "audit_c", "audit"]
    details = form.question("substance_details")
    assert [q.id for q in details.questions] == ["frequency", "route", "age_first_use", "last_use"]


def test_version_order_is_numeric() -> None:
    assert sorted(["1.10", "1.9", "2", "1"], key=version_key) == ["1", "1.9", "1.10", "2"]


# --------------------------------------------------------------------------- schema problems


def test_unknown_type_duplicate_id_and_bad_values_are_named() -> None:
    data = shipped()
    questions = data["sections"][0]["questions"]
    questions[0]["type"] = "slider"
    questions.append(copy.deepcopy(questions[1]))
    questions[2]["options"][0]["value"] = "Bad Value"
    found = " | ".join(problems_of(data))
    assert "“type” must be one of" in found
    assert "“assessment_place” is used twice" in found
    assert "lower-case letters" in found


def test_a_condition_on_a_later_question_is_refused() -> None:
    data = shipped()
    data["sections"][0]["questions"][0]["visible_if"] = {"question": "goals_text", "answered": True}
    assert any("not asked before it" in p for p in problems_of(data))


def test_a_condition_must_use_the_question_options() -> None:
    data = shipped()
    data["sections"][1]["questions"][2]["visible_if"] = {
        "question": "substances_used",
        "includes": "coffee",
    }
    assert any("“coffee” is not an option" in p for p in problems_of(data))


def test_scores_must_offer_exactly_the_published_answers() -> None:
    data = shipped()
    alcohol = next(s for s in data["sections"] if s["id"] == "alcohol")
    alcohol["questions"][9]["options"].pop()  # AUDIT item 10 loses "yes, during the last year"
    assist = next(s for s in data["sections"] if s["id"] == "assist")
    assist["questions"][1]["questions"][0]["options"][4]["value"] = "every_day"
    found = " | ".join(problems_of(data))
    assert "AUDIT item 10 must offer exactly" in found
    assert "ASSIST question q2 must offer exactly" in found


def test_a_banded_screen_needs_configured_bands() -> None:
    data = {
        "form_id": "screen",
        "version": "1",
        "title": "Screen",
        "sections": [
            {
                "id": "s",
                "title": "S",
                "questions": [
                    {
                        "id": "a",
                        "type": "single_choice",
                        "label": "A",
                        "options": [
                            {"value": "x", "label": "X", "points": 0},
                            {"value": "y", "label": "Y", "points": 2},
                        ],
                    }
                ],
            }
        ],
        "scores": [{"id": "lite", "label": "Lite", "function": "banded_sum", "items": ["a"]}],
    }
    assert any("bands" in p and "configured" in p for p in problems_of(data))


# --------------------------------------------------------------------------- evaluation


def test_young_person_safeguarding_shows_only_for_under_18s(form: Any) -> None:
    assert "section:young_person_safeguarding" not in evaluate(form, {}, ADULT).visible
    young = evaluate(form, {}, YOUNG)
    assert "section:young_person_safeguarding" in young.visible
    assert "yp_lives_with" in young.required
    problems = check_answers(form, {}, YOUNG, TODAY)
    assert "yp_exploitation" in problems and "yp_exploitation" not in check_answers(
        form, {}, ADULT, TODAY
    )


def test_answer_based_conditions_apply(form: Any) -> None:
    answers = {"drinks_alcohol": False, "self_harm_thoughts": True}
    ev = evaluate(form, answers, ADULT)
    assert "section:alcohol" not in ev.visible and "audit_1" not in ev.visible
    assert "risk_actions" in ev.required
    problems = check_answers(form, answers, ADULT, TODAY)
    assert problems["risk_actions"].startswith("Write what was done about the risk")
    ev = evaluate(form, {"drinks_alcohol": True}, ADULT)
    assert "audit_10" in ev.required


def test_repeated_group_per_substance_with_skips(form: Any) -> None:
    answers = {
        "assist_used": ["tobacco", "cannabis"],
        "assist": {
            "tobacco": {"q2": "daily"},
            "cannabis": {"q2": "never", "q3": "daily"},
            "alcohol": {"q2": "daily"},  # not chosen in question 1: dropped
        },
    }
    ev = evaluate(form, answers, ADULT)
    assert ev.instances["assist"] == (
        ("tobacco", form.question("assist_used").options[0].label),
        ("cannabis", form.question("assist_used").options[2].label),
    )
    assert "assist.tobacco.q3" in ev.visible and "assist.tobacco.q5" not in ev.visible
    assert "assist.cannabis.q3" not in ev.visible  # q2 never skips to q6
    assert ev.answers["assist"] == {"tobacco": {"q2": "daily"}, "cannabis": {"q2": "never"}}
    problems = check_answers(form, answers, ADULT, TODAY)
    assert problems["assist.cannabis.q6"].startswith(
        "Cannabis (weed, hash, skunk): Choose an answer"
    )
    assert "Q6. Has a friend" in problems["assist.cannabis.q6"]
    assert "{item}" not in problems["assist.tobacco.q3"]


def test_values_are_checked_by_type(form: Any) -> None:
    answers = {
        "assessment_date": "2026-03-19",
        "readiness_ruler": 11,
        "substances_used": ["cannabis"],
        "substance_details": {"cannabis": {"age_first_use": 14.5, "route": ["smoked"]}},
        "drinks_alcohol": "perhaps",
    }
    problems = check_answers(form, answers, ADULT, TODAY)
    assert problems["assessment_date"] == "The date cannot be after today"
    assert problems["readiness_ruler"] == "Enter a number from 0 to 10"
    assert problems["substance_details.cannabis.age_first_use"].endswith("Enter a whole number")
    assert problems["drinks_alcohol"] == "Choose yes or no"
    assert problems["substance_details.cannabis.frequency"].startswith("Cannabis: Choose an answer")


def test_scores_are_computed_from_the_answers(form: Any) -> None:
    answers = {
        "drinks_alcohol": True,
        "assist_used": ["cannabis"],
        "assist": {
            "cannabis": {
                "q2": "weekly",
                "q3": "never",
                "q4": "never",
                "q5": "never",
                "q6": "never",
                "q7": "never",
            }
        },
        **{
            f"audit_{n}": code
            for n, code in enumerate(
                [
                    "2_to_4_a_month",
                    "3_or_4",
                    "monthly",
                    "never",
                    "never",
                    "never",
                    "never",
                    "never",
                    "no",
                    "no",
                ],
                start=1,
            )
        },
    }
    outcomes = {o.id: o for o in compute_scores(form, answers, ADULT, {"audit_c_threshold": 5})}
    assert outcomes["assist.cannabis"].result.score == 4
    assert outcomes["assist.cannabis"].result.band == "moderate"
    assert outcomes["audit_c"].result.score == 2 + 1 + 2
    assert outcomes["audit_c"].result.band == "positive"
    assert outcomes["audit"].result.score == 5 and outcomes["audit"].result.band == "zone_1"
    stricter = {o.id: o for o in compute_scores(form, answers, ADULT, {"audit_c_threshold": 6})}
    assert stricter["audit_c"].result.band == "negative"
    stored = scores_json(list(outcomes.values()))
    assert stored["audit"] == {
        "label": "AUDIT",
        "score": 5,
        "band": "zone_1",
        "band_label": "Zone I: lower risk",
        "level": "low",
    }


def test_incomplete_and_hidden_scores(form: Any) -> None:
    answers = {
        "drinks_alcohol": True,
        "audit_1": "never",
        "assist_used": ["alcohol"],
        "assist": {"alcohol": {"q2": "never"}},
    }
    outcomes = {o.id: o for o in compute_scores(form, answers, ADULT)}
    assert outcomes["audit"].result is None and outcomes["audit"].answered == 1
    assert outcomes["assist.alcohol"].needed == 3  # q2, q6, q7 (q3-q5 skipped)
    assert "audit" not in {o.id for o in compute_scores(form, {"drinks_alcohol": False}, ADULT)}


def test_prefill_from_the_referral(form: Any) -> None:
    context = assessment_context(
        date_of_birth=date(2009, 5, 1),
        referral_date=date(2026, 3, 1),
        young_person=True,
        substances=[Substance.CANNABIS, Substance.KETAMINE, Substance.LSD],
        today=TODAY,
    )
    assert context["age"] == 16 and context["assist_classes"] == ["cannabis", "hallucinogens"]
    answers = initial_answers(form, context)
    assert answers["substances_used"] == ["cannabis", "ketamine", "lsd"]
    assert answers["assist_used"] == ["cannabis", "hallucinogens"]
    assert answers["assessment_date"] == "2026-03-18"
    assert substance_code(Substance.GHB_GBL) == "ghb_gbl"


def test_a_configured_screen_is_banded_by_its_own_thresholds() -> None:
    data = {
        "form_id": "assist_lite",
        "version": "1",
        "title": "Configured screen",
        "sections": [
            {
                "id": "s",
                "title": "Screen",
                "questions": [
                    {
                        "id": f"i{n}",
                        "type": "single_choice",
                        "label": f"Item {n}",
                        "required": True,
                        "options": [
                            {"value": "no", "label": "No", "points": 0},
                            {"value": "yes", "label": "Yes", "points": 1},
                        ],
                    }
                    for n in range(1, 4)
                ],
            }
        ],
        "scores": [
            {
                "id": "lite",
                "label": "Screen",
                "function": "banded_sum",
                "items": ["i1", "i2", "i3"],
                "bands": [
                    {"minimum": 0, "id": "clear", "label": "Below threshold"},
                    {"minimum": 2, "id": "flag", "label": "At or over threshold", "level": "high"},
                ],
            }
        ],
    }
    form = parse_form(data)
    one = {o.id: o for o in compute_scores(form, {"i1": "yes", "i2": "no", "i3": "no"}, ADULT)}
    two = {o.id: o for o in compute_scores(form, {"i1": "yes", "i2": "yes", "i3": "no"}, ADULT)}
    assert one["lite"].result.band == "clear" and two["lite"].result.band == "flag"
