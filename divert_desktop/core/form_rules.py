"""Evaluating a form definition: which questions show, which answers are missing, the scores.

Answers are a plain dict: ``{"question_id": value}``, and for a repeated group
``{"group_id": {"item": {"question_id": value}}}``. A path names one answer: ``"audit_1"`` or
``"assist.cannabis.q2"``; a section's visibility is under ``"section:<id>"``. Everything here is
pure: the GUI evaluates live while the caseworker types and the service again before saving.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from divert_desktop.core.forms import FormDefinition, Question, ScoreSpec
from divert_desktop.core.scoring import (
    ASSIST_QUESTIONS,
    AUDIT_C_DEFAULT_THRESHOLD,
    ScoreResult,
    assist_score,
    audit,
    audit_c,
    banded_sum,
)

__all__ = [
    "Evaluation",
    "ScoreOutcome",
    "check_answers",
    "compute_scores",
    "evaluate",
    "initial_answers",
    "is_empty",
    "item_label",
    "scores_json",
]


@dataclass(frozen=True)
class Evaluation:
    """What the answers so far make of the form.

    ``answers`` keeps only the answers to questions that show (hidden answers are dropped);
    ``visible`` and ``required`` are sets of paths; ``instances`` lists each repeated group's
    items (value, label) in the order of their options.
    """

    answers: dict[str, Any]
    visible: frozenset[str]
    required: frozenset[str]
    instances: dict[str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class ScoreOutcome:
    """A score as it stands: ``result`` is None until every question it needs is answered."""

    id: str
    label: str
    section: str
    result: ScoreResult | None
    answered: int
    needed: int


def is_empty(value: Any) -> bool:
    """True for an answer not given (None, blank text, an empty list)."""
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def item_label(text: str, item: str) -> str:
    """A repeated question's label with "{item}" replaced by the item's name as it reads inside a
    sentence: "Cannabis (weed, hash)" -> "cannabis"; names such as "MDMA" and "LSD" stay."""
    name = item.split(" (", 1)[0].strip() or item
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        name = name[0].lower() + name[1:]
    return text.replace("{item}", name)


def _holds(
    condition: Any,
    answers: Mapping[str, Any],
    context: Mapping[str, Any],
    group: Question | None = None,
    scope: Mapping[str, Any] | None = None,
    instance: str | None = None,
) -> bool:
    if condition is None:
        return True
    if "all" in condition:
        return all(_holds(c, answers, context, group, scope, instance) for c in condition["all"])
    if "any" in condition:
        return any(_holds(c, answers, context, group, scope, instance) for c in condition["any"])
    if "not" in condition:
        return not _holds(condition["not"], answers, context, group, scope, instance)
    if "context" in condition:
        value = context.get(condition["context"])
        return value == condition["equals"] if "equals" in condition else bool(value)
    if "instance" in condition:
        wanted = condition["instance"]
        return instance in (wanted if isinstance(wanted, list) else [wanted])
    ref = condition["question"]
    if group is not None and scope is not None and group.sub(ref) is not None:
        value = scope.get(ref)
    else:
        value = answers.get(ref)
    if "answered" in condition:
        return (not is_empty(value)) == bool(condition["answered"])
    if is_empty(value):
        return False
    if "equals" in condition:
        return bool(value == condition["equals"])
    if "in" in condition:
        return value in condition["in"]
    if "not_in" in condition:
        return value not in condition["not_in"]
    wanted = condition["includes"]
    chosen = value if isinstance(value, list) else [value]
    return any(v in chosen for v in (wanted if isinstance(wanted, list) else [wanted]))


def _required(question: Question, holds: bool) -> bool:
    return question.required or (question.required_if is not None and holds)


def evaluate(
    form: FormDefinition, answers: Mapping[str, Any], context: Mapping[str, Any]
) -> Evaluation:
    """Work through the form in order: what shows, what is required, the answers that count.

    Conditions only refer to questions asked before them (the schema checks it), so one pass in
    document order is enough; an answer to a hidden question never makes anything else show.
    """
    kept: dict[str, Any] = {}
    visible: set[str] = set()
    required: set[str] = set()
    instances: dict[str, tuple[tuple[str, str], ...]] = {}
    for section in form.sections:
        shown = _holds(section.visible_if, kept, context)
        if shown:
            visible.add(f"section:{section.id}")
        for q in section.questions:
            if not shown or not _holds(q.visible_if, kept, context):
                continue
            visible.add(q.id)
            if _required(q, _holds(q.required_if, kept, context)):
                required.add(q.id)
            if q.type == "repeat":
                source = form.question(q.repeat_over or "")
                chosen = kept.get(q.repeat_over or "") or []
                items = tuple(
                    (o.value, o.label)
                    for o in (source.options if source else ())
                    if o.value in chosen
                )
                instances[q.id] = items
                given = answers.get(q.id) if isinstance(answers.get(q.id), Mapping) else {}
                group_kept: dict[str, Any] = {}
                for value, _label in items:
                    raw = given.get(value) if isinstance(given.get(value), Mapping) else {}
                    scope: dict[str, Any] = {}
                    for sub in q.questions:
                        if not _holds(sub.visible_if, kept, context, q, scope, value):
                            continue
                        path = f"{q.id}.{value}.{sub.id}"
                        visible.add(path)
                        holds = _holds(sub.required_if, kept, context, q, scope, value)
                        if _required(sub, holds):
                            required.add(path)
                        if not is_empty(raw.get(sub.id)):
                            scope[sub.id] = raw[sub.id]
                    if scope:
                        group_kept[value] = scope
                if group_kept:
                    kept[q.id] = group_kept
            elif not is_empty(answers.get(q.id)):
                kept[q.id] = answers[q.id]
    return Evaluation(kept, frozenset(visible), frozenset(required), instances)


def _problem(q: Question, value: Any, today: date) -> str | None:
    """What is wrong with a given answer, in the user's words (None when it is fine)."""
    if q.type == "single_choice":
        return None if value in {o.value for o in q.options} else "Choose one of the answers shown"
    if q.type == "multi_choice":
        known = {o.value for o in q.options}
        ok = isinstance(value, list) and all(v in known for v in value)
        return None if ok else "Choose from the answers shown"
    if q.type == "yes_no":
        return None if isinstance(value, bool) else "Choose yes or no"
    if q.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "Enter a number"
        if q.integer and not float(value).is_integer():
            return "Enter a whole number"
        low, high = q.minimum, q.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            unit = f" {q.unit}" if q.unit else ""
            if low is not None and high is not None:
                return f"Enter a number from {low:g} to {high:g}{unit}"
            return (
                f"Enter {low:g}{unit} or more"
                if low is not None
                else f"Enter {high:g}{unit} or less"
            )
        return None
    if q.type == "date":
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            return "Enter a real date, like 2/12/2026"
        if q.not_in_future and day > today:
            return "The date cannot be after today"
        return None
    if q.type == "text":
        if not isinstance(value, str):
            return "Enter text"
        if len(value) > q.max_length:
            return f"Keep this to {q.max_length} characters or fewer"
    return None


def _missing(q: Question, label: str) -> str:
    if q.required_message:
        return q.required_message
    if q.type in ("single_choice", "multi_choice", "yes_no"):
        return f"Choose an answer to “{label}”"
    if q.type == "number":
        return f"Enter a number for “{label}”"
    if q.type == "date":
        return f"Enter a date for “{label}”"
    return f"Fill in “{label}”"


def check_answers(
    form: FormDefinition, answers: Mapping[str, Any], context: Mapping[str, Any], today: date
) -> dict[str, str]:
    """Every problem with the answers, in form order: path -> message for the user.

    Missing required answers and answers of the wrong kind or out of range, for questions that
    show; hidden questions are never checked.
    """
    ev = evaluate(form, answers, context)
    problems: dict[str, str] = {}

    def check(q: Question, path: str, value: Any, label: str, prefix: str) -> None:
        if is_empty(value):
            if path in ev.required:
                problems[path] = prefix + _missing(q, label.rstrip("?:"))
            return
        issue = _problem(q, value, today)
        if issue:
            problems[path] = prefix + issue

    for _section, q in form.questions():
        if q.id not in ev.visible:
            continue
        if q.type != "repeat":
            check(q, q.id, answers.get(q.id), q.label, "")
            continue
        given = answers.get(q.id) if isinstance(answers.get(q.id), Mapping) else {}
        for value, label in ev.instances.get(q.id, ()):
            raw = given.get(value) if isinstance(given.get(value), Mapping) else {}
            for sub in q.questions:
                path = f"{q.id}.{value}.{sub.id}"
                if path in ev.visible:
                    check(sub, path, raw.get(sub.id), item_label(sub.label, label), f"{label}: ")
    return problems


def _points(form: FormDefinition, spec: ScoreSpec, kept: Mapping[str, Any]) -> list[int]:
    out = []
    for item in spec.items:
        q = form.question(item)
        answer = kept.get(item)
        out.append(next((o.points or 0 for o in (q.options if q else ()) if o.value == answer), 0))
    return out


def compute_scores(
    form: FormDefinition,
    answers: Mapping[str, Any],
    context: Mapping[str, Any],
    settings: Mapping[str, Any] | None = None,
) -> list[ScoreOutcome]:
    """The form's scores from the answers that count, in the form's order.

    A score whose questions are all hidden (no alcohol, so no AUDIT) is left out; a score with
    questions still to answer has ``result`` None. ASSIST gives one score per substance class.
    """
    settings = settings or {}
    ev = evaluate(form, answers, context)
    out: list[ScoreOutcome] = []
    for spec in form.scores:
        if spec.function == "assist":
            group = form.question(spec.group or "")
            given = ev.answers.get(spec.group or "", {})
            for value, label in ev.instances.get(spec.group or "", ()):
                paths = [f"{spec.group}.{value}.{name}" for name in ASSIST_QUESTIONS]
                needed = [p for p in paths if p in ev.visible]
                mine = given.get(value, {})
                answered = sum(1 for p in needed if p.rsplit(".", 1)[1] in mine)
                result = None
                if group is not None and needed and answered == len(needed):
                    result = assist_score(value, mine)
                out.append(
                    ScoreOutcome(
                        f"{spec.id}.{value}",
                        f"{spec.label}: {label}",
                        spec.section,
                        result,
                        answered,
                        len(needed),
                    )
                )
            continue
        shown = [item for item in spec.items if item in ev.visible]
        if not shown:
            continue
        answered = sum(1 for item in spec.items if item in ev.answers)
        result = None
        if answered == len(spec.items):
            chosen = [ev.answers[item] for item in spec.items]
            if spec.function == "audit":
                result = audit(chosen)
            elif spec.function == "audit_c":
                threshold = spec.threshold or AUDIT_C_DEFAULT_THRESHOLD
                if spec.threshold_setting and settings.get(spec.threshold_setting) is not None:
                    threshold = int(settings[spec.threshold_setting])
                result = audit_c(chosen, threshold)
            else:
                result = banded_sum(_points(form, spec, ev.answers), spec.bands)
        out.append(
            ScoreOutcome(spec.id, spec.label, spec.section, result, answered, len(spec.items))
        )
    return out


def scores_json(outcomes: list[ScoreOutcome]) -> dict[str, dict[str, Any]]:
    """The complete scores as stored with an assessment."""
    return {
        o.id: {
            "label": o.label,
            "score": o.result.score,
            "band": o.result.band,
            "band_label": o.result.label,
            "level": o.result.level,
        }
        for o in outcomes
        if o.result is not None
    }


def initial_answers(form: FormDefinition, context: Mapping[str, Any]) -> dict[str, Any]:
    """Answers filled in from what is already known (``prefill`` names a context fact, such as
    the substances on the police referral); only values the question offers are used."""
    out: dict[str, Any] = {}
    for _section, q in form.questions():
        if not q.prefill or q.prefill not in context:
            continue
        value = context[q.prefill]
        known = {o.value for o in q.options}
        if q.type == "multi_choice" and isinstance(value, list | tuple):
            chosen = [v for v in value if v in known]
            if chosen:
                out[q.id] = chosen
        elif q.type == "single_choice" and value in known:
            out[q.id] = value
        elif q.type in ("yes_no", "number", "text", "date") and value is not None:
            out[q.id] = value
    return out
