"""Synthetic assessments for the demo data: answers that pass the form's own checks, scored by the
same rules as a caseworker's. Each uses its own random stream, so the rest of the demo data is
the same with or without them."""

from __future__ import annotations

import random
from datetime import date, datetime
from typing import Any

from divert_desktop.core.assessment import DEFAULT_FORM_ID, assessment_context
from divert_desktop.core.enums import Substance
from divert_desktop.core.form_rules import compute_scores, evaluate, scores_json
from divert_desktop.core.forms import FormDefinition
from divert_desktop.core.onward import validate_share_items
from divert_desktop.core.scoring import ASSIST_FREQUENCY, ASSIST_YES_NO, AUDIT_OPTIONS
from divert_desktop.services.casework.forms_library import default_library

__all__ = ["AssessmentMaker", "onward_details"]

_GOALS = (
    "Cut down at weekends.",
    "Stop using before exams.",
    "Keep out of trouble with the police.",
    "Spend less on drugs and save for driving lessons.",
    "Use more safely with friends.",
)
_ONWARD_REASONS = {
    "housing": "Sofa surfing and worried about losing their place.",
    "drug treatment": "Wants more help to cut down than the sessions give.",
    "alcohol treatment": "AUDIT score shows harmful drinking.",
    "Citizens Advice": "Debts and benefit problems.",
    "mental health": "Low mood for several months; not seeing anyone about it.",
    "young people's service": "Would benefit from a youth worker.",
    "employment/education": "Wants help to find work or training.",
}


def _pick(rng: random.Random, options: tuple[str, ...], weights: tuple[int, ...]) -> str:
    return rng.choices(options, weights[: len(options)])[0]


class AssessmentMaker:
    """Builds assessment rows for referrals whose initial assessment was attended."""

    def __init__(self, seed: int, settings: dict[str, Any]) -> None:
        self.seed = seed
        self.settings = settings
        self.form: FormDefinition | None
        try:
            self.form = default_library().latest(DEFAULT_FORM_ID)
        except Exception:
            self.form = None

    def answers(
        self,
        referral_id: int,
        *,
        dob: date,
        referred: date,
        young: bool,
        on: date,
        substances: list[Substance],
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """(answers, scores) for one referral, or None when no form is installed."""
        if self.form is None:
            return None
        rng = random.Random(f"demo-assessment:{self.seed}:{referral_id}")
        context = assessment_context(
            date_of_birth=dob,
            referral_date=referred,
            young_person=young,
            substances=substances,
            today=on,
        )
        drinks = rng.random() < 0.7
        heavy = rng.random() < 0.25
        freq = (45, 25, 15, 10, 5) if not heavy else (5, 15, 20, 30, 30)
        a: dict[str, Any] = {
            "assessment_date": on.isoformat(),
            "assessment_place": _pick(
                rng, ("in_person", "phone", "video", "outreach"), (70, 15, 8, 7)
            ),
            "substances_used": list(context["substances"]),
            "substance_details": {
                s: {
                    "frequency": _pick(
                        rng,
                        (
                            "first_time",
                            "less_than_monthly",
                            "monthly",
                            "weekly",
                            "most_days",
                            "daily",
                        ),
                        (10, 25, 20, 25, 12, 8),
                    ),
                    "route": ["smoked"]
                    if s in ("cannabis", "synthetic_cannabinoids")
                    else ["inhaled"]
                    if s == "nitrous_oxide"
                    else ["snorted"]
                    if s in ("cocaine", "ketamine", "mephedrone")
                    else ["swallowed"],
                    "age_first_use": rng.randint(12, 17) if young else rng.randint(13, 25),
                }
                for s in context["substances"]
            },
            "drinks_alcohol": drinks,
            "assist_used": list(context["assist_classes"]) + (["alcohol"] if drinks else []),
            "assist_q8": "never",
            "physical_health_rating": _pick(rng, ("good", "fair", "poor"), (60, 30, 10)),
            "gp_registered": rng.random() < 0.9,
            "mental_health_rating": _pick(rng, ("good", "fair", "poor"), (45, 40, 15)),
            "mental_health_support": rng.random() < 0.15,
            "self_harm_thoughts": False,
            "housing_status": "family_or_friends"
            if young
            else _pick(
                rng,
                ("own_or_rented", "family_or_friends", "supported", "sofa_surfing"),
                (55, 35, 5, 5),
            ),
            "housing_at_risk": rng.random() < 0.08,
            "occupation": "education"
            if young
            else _pick(
                rng, ("education", "employed", "looking_for_work", "not_working"), (15, 55, 20, 10)
            ),
            "safeguarding_concern": False,
            "readiness_stage": _pick(
                rng, ("not_considering", "considering", "ready", "changing"), (15, 35, 35, 15)
            ),
            "readiness_ruler": rng.randint(2, 10),
            "goals_chosen": rng.sample(["stop", "cut_down", "safer_use", "no_police_contact"], 2),
            "goals_text": rng.choice(_GOALS),
            "consent_outcome_police": True,
            "consent_onward": rng.random() < 0.9,
        }
        a["assist"] = {}
        for item in a["assist_used"]:
            q2 = _pick(rng, ASSIST_FREQUENCY, freq)
            answers = {
                "q2": q2,
                "q6": _pick(rng, ASSIST_YES_NO, (75, 15, 10)),
                "q7": _pick(rng, ASSIST_YES_NO, (85, 8, 7)),
            }
            if q2 != "never":
                for q in ("q3", "q4") + (("q5",) if item != "tobacco" else ()):
                    answers[q] = _pick(rng, ASSIST_FREQUENCY, (55, 25, 10, 7, 3))
            a["assist"][item] = answers
        if drinks:
            for n in range(1, 11):
                weights = (10, 35, 30, 15, 10) if n <= 3 else (70, 20, 7, 2, 1)
                a[f"audit_{n}"] = _pick(rng, AUDIT_OPTIONS[n], weights if n < 9 else (85, 10, 5))
        if young:
            a.update(
                {
                    "yp_lives_with": _pick(
                        rng, ("parents", "one_parent", "other_family"), (45, 45, 10)
                    ),
                    "yp_childrens_services": _pick(rng, ("not_known", "early_help"), (85, 15)),
                    "yp_education": _pick(rng, ("regular", "irregular"), (80, 20)),
                    "yp_exploitation": False,
                    "yp_missing": False,
                    "yp_actions": "Talked through the plan with the appropriate adult.",
                }
            )
        kept = evaluate(self.form, a, context).answers
        return kept, scores_json(compute_scores(self.form, kept, context, self.settings))

    def row(
        self,
        assessment_id: int,
        referral_id: int,
        person_id: int,
        appointment_id: int,
        at: datetime,
        by: str,
        **facts: Any,
    ) -> dict[str, Any] | None:
        made = self.answers(referral_id, **facts)
        if made is None or self.form is None:
            return None
        answers, scores = made
        return {
            "id": assessment_id,
            "referral_id": referral_id,
            "person_id": person_id,
            "appointment_id": appointment_id,
            "form_id": self.form.form_id,
            "form_version": self.form.version,
            "answers": answers,
            "scores": scores,
            "supersedes_id": None,
            "amended_at": None,
            "amended_by": None,
            "created_at": at,
            "created_by": by,
            "version": 1,
        }


def onward_details(seed: int, onward_id: int, kind: str, consented: bool) -> dict[str, Any]:
    """Why a demo onward referral was made and (with consent) what the person agreed to share."""
    rng = random.Random(f"demo-onward:{seed}:{onward_id}")
    share = ["contact_details", "referral_reason", rng.choice(["substances", "health", "housing"])]
    return {
        "reason": _ONWARD_REASONS.get(kind, "Asked for more support."),
        "share_items": validate_share_items(share) if consented else [],
    }
