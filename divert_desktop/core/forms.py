"""Assessment forms as data: the definition model and its schema check (``parse_form``).

A form file is JSON: ``form_id``, ``version``, ``title``, ``sections`` (each with ``questions``)
and ``scores``. Evaluation (visibility, required answers, scores) is in ``core.form_rules``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from divert_desktop.core.errors import ValidationError
from divert_desktop.core.scoring import (
    ASSIST_FREQUENCY,
    ASSIST_SUBSTANCES,
    ASSIST_YES_NO,
    AUDIT_OPTIONS,
    Band,
)

__all__ = [
    "ANSWER_TYPES",
    "SCORE_FUNCTIONS",
    "FormDefinition",
    "FormDefinitionError",
    "Option",
    "Question",
    "ScoreSpec",
    "Section",
    "parse_form",
    "version_key",
]

ANSWER_TYPES = ("single_choice", "multi_choice", "yes_no", "number", "date", "text", "repeat")
SCORE_FUNCTIONS = ("assist", "audit", "audit_c", "banded_sum")
LEVELS = ("low", "moderate", "high")
_ID = re.compile(r"[a-z][a-z0-9_]{0,62}")
_VALUE = re.compile(r"[a-z0-9][a-z0-9_]{0,62}")  # option values also name answers and widgets
_VERSION = re.compile(r"[0-9]{1,4}(\.[0-9]{1,4}){0,3}")
_CONDITION_KEYS = {"all", "any", "not", "question", "context", "instance"}
_ASSIST_CODES = {
    "q2": ASSIST_FREQUENCY,
    "q3": ASSIST_FREQUENCY,
    "q4": ASSIST_FREQUENCY,
    "q5": ASSIST_FREQUENCY,
    "q6": ASSIST_YES_NO,
    "q7": ASSIST_YES_NO,
}


class FormDefinitionError(ValidationError):
    """A form file does not follow the schema; ``problems`` lists each one with its place."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("The form definition is not valid: " + "; ".join(problems[:5]))
        self.problems = list(problems)


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    points: int | None = None


@dataclass(frozen=True, eq=False)
class Question:
    """One question. ``repeat`` questions hold ``questions`` asked once per chosen option of
    the multi-choice question ``repeat_over`` ("{item}" in their labels names the option)."""

    id: str
    type: str
    label: str
    hint: str = ""
    options: tuple[Option, ...] = ()
    required: bool = False
    required_if: Any = None
    visible_if: Any = None
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = True
    unit: str = ""
    multiline: bool = False
    max_length: int = 2000
    not_in_future: bool = False
    repeat_over: str | None = None
    questions: tuple[Question, ...] = ()
    prefill: str | None = None
    required_message: str = ""

    def sub(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True, eq=False)
class Section:
    id: str
    title: str
    intro: str = ""
    visible_if: Any = None
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True, eq=False)
class ScoreSpec:
    """A computed score: which function, over which questions (or, for ASSIST, which group)."""

    id: str
    label: str
    function: str
    items: tuple[str, ...] = ()
    group: str | None = None
    threshold: int | None = None
    threshold_setting: str | None = None
    bands: tuple[Band, ...] = ()
    section: str = ""


@dataclass(frozen=True, eq=False)
class FormDefinition:
    form_id: str
    version: str
    title: str
    description: str = ""
    sections: tuple[Section, ...] = ()
    scores: tuple[ScoreSpec, ...] = ()
    _index: dict[str, tuple[Section, Question]] = field(default_factory=dict, repr=False)

    @property
    def key(self) -> tuple[str, str]:
        return self.form_id, self.version

    def questions(self) -> Iterator[tuple[Section, Question]]:
        """Every top-level question with its section, in order."""
        for section in self.sections:
            for question in section.questions:
                yield section, question

    def question(self, question_id: str) -> Question | None:
        found = self._index.get(question_id)
        return found[1] if found else None

    def section_of(self, question_id: str) -> Section | None:
        found = self._index.get(question_id)
        return found[0] if found else None


def version_key(version: str) -> tuple[int, ...]:
    """A form version for ordering: "1.10" comes after "1.9"."""
    return tuple(int(part) for part in version.split("."))


# --------------------------------------------------------------------------- parsing


class _Parser:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.seen: list[str] = []  # top-level ids, in document order
        self.by_id: dict[str, Question] = {}
        self.pending_subs: dict[str, Question] = {}  # the group's questions parsed so far

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def text(self, data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = data.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(where, f"“{key}” must be {'a non-empty ' if required else ''}text")
            return ""
        return value

    def ident(self, data: Mapping[str, Any], where: str) -> str:
        value = data.get("id")
        if not isinstance(value, str) or not _ID.fullmatch(value):
            self.fail(where, "“id” must be lower-case letters, digits and _ (starting a letter)")
            return ""
        return value

    def options(self, raw: Any, where: str) -> tuple[Option, ...]:
        if not isinstance(raw, list):
            self.fail(where, "“options” must be a list")
            return ()
        out, values = [], set()
        for n, item in enumerate(raw):
            spot = f"{where}.options[{n}]"
            if not isinstance(item, Mapping):
                self.fail(spot, "an option must be an object with value and label")
                continue
            value = item.get("value")
            if not isinstance(value, str) or not _VALUE.fullmatch(value):
                self.fail(spot, "“value” must be lower-case letters, digits and _")
                continue
            if value in values:
                self.fail(spot, f"the value “{value}” is used twice")
            values.add(value)
            points = item.get("points")
            if points is not None and (not isinstance(points, int) or isinstance(points, bool)):
                self.fail(spot, "“points” must be a whole number")
                points = None
            out.append(Option(value, self.text(item, "label", spot), points))
        return tuple(out)

    def condition(self, raw: Any, where: str, scope: Question | None, subs: list[str]) -> Any:
        """Check a condition; it may only refer to questions asked before it (no cycles)."""
        if raw is None:
            return None
        if not isinstance(raw, Mapping) or not (set(raw) & _CONDITION_KEYS):
            self.fail(where, "a condition needs one of " + ", ".join(sorted(_CONDITION_KEYS)))
            return None
        if "all" in raw or "any" in raw:
            parts = raw.get("all", raw.get("any"))
            if not isinstance(parts, list) or not parts:
                self.fail(where, "“all” and “any” need a list of conditions")
            else:
                for n, part in enumerate(parts):
                    self.condition(part, f"{where}[{n}]", scope, subs)
        elif "not" in raw:
            self.condition(raw["not"], f"{where}.not", scope, subs)
        elif "context" in raw:
            if not isinstance(raw["context"], str):
                self.fail(where, "“context” must name a fact such as young_person")
        elif "instance" in raw:
            if scope is None:
                self.fail(where, "“instance” conditions only work inside a repeated group")
            values = raw["instance"] if isinstance(raw["instance"], list) else [raw["instance"]]
            source = self.by_id.get(scope.repeat_over or "") if scope else None
            known = {o.value for o in source.options} if source else set()
            for value in values:
                if source is not None and value not in known:
                    self.fail(where, f"“{value}” is not one of the group's items")
        else:
            self.question_condition(raw, where, scope, subs)
        return raw

    def question_condition(
        self, raw: Mapping[str, Any], where: str, scope: Question | None, subs: list[str]
    ) -> None:
        ref = raw.get("question")
        target = None
        if scope is not None and ref in subs:
            target = self.pending_subs.get(ref)
        elif ref in self.seen:
            target = self.by_id[ref]
        if target is None:
            self.fail(where, f"the condition refers to “{ref}”, which is not asked before it")
            return
        tests = [k for k in ("equals", "in", "not_in", "includes", "answered") if k in raw]
        if len(tests) != 1:
            self.fail(
                where, "a question condition needs one of equals, in, not_in, includes, answered"
            )
            return
        test = tests[0]
        values = raw[test] if isinstance(raw[test], list) else [raw[test]]
        if test == "answered":
            return
        if target.type == "yes_no" and not all(isinstance(v, bool) for v in values):
            self.fail(where, f"“{ref}” is a yes/no question: compare it with true or false")
        if target.type in ("single_choice", "multi_choice"):
            known = {o.value for o in target.options}
            for value in values:
                if value not in known:
                    self.fail(where, f"“{value}” is not an option of “{ref}”")
        if test == "includes" and target.type != "multi_choice":
            self.fail(where, "“includes” only works with a multi-choice question")

    def question(self, raw: Any, where: str, scope: Question | None, subs: list[str]) -> Question:
        if not isinstance(raw, Mapping):
            self.fail(where, "a question must be an object")
            return Question("", "text", "")
        qid = self.ident(raw, where)
        kind = raw.get("type")
        if kind not in ANSWER_TYPES:
            self.fail(where, f"“type” must be one of {', '.join(ANSWER_TYPES)}")
            kind = "text"
        if scope is not None and kind == "repeat":
            self.fail(where, "a repeated group cannot hold another repeated group")
        label = self.text(raw, "label", where)
        visible = self.condition(raw.get("visible_if"), f"{where}.visible_if", scope, subs)
        required_if = self.condition(raw.get("required_if"), f"{where}.required_if", scope, subs)
        options: tuple[Option, ...] = ()
        if kind in ("single_choice", "multi_choice"):
            options = self.options(raw.get("options"), where)
            if len(options) < (2 if kind == "single_choice" else 1):
                self.fail(where, "a choice question needs at least two options")
        minimum, maximum = raw.get("minimum"), raw.get("maximum")
        for key, value in (("minimum", minimum), ("maximum", maximum)):
            if value is not None and (
                not isinstance(value, int | float) or isinstance(value, bool)
            ):
                self.fail(where, f"“{key}” must be a number")
        if (
            isinstance(minimum, int | float)
            and isinstance(maximum, int | float)
            and minimum > maximum
        ):
            self.fail(where, "“minimum” is more than “maximum”")
        max_length = raw.get("max_length", 2000)
        if not isinstance(max_length, int) or not 1 <= max_length <= 20000:
            self.fail(where, "“max_length” must be a whole number from 1 to 20000")
            max_length = 2000
        sub_questions: tuple[Question, ...] = ()
        repeat_over = raw.get("repeat_over")
        question = Question(
            id=qid,
            type=kind,
            label=label,
            hint=raw.get("hint", "") or "",
            options=options,
            required=bool(raw.get("required", False)),
            required_if=required_if,
            visible_if=visible,
            minimum=minimum,
            maximum=maximum,
            integer=bool(raw.get("integer", True)),
            unit=raw.get("unit", "") or "",
            multiline=bool(raw.get("multiline", False)),
            max_length=max_length,
            not_in_future=bool(raw.get("not_in_future", False)),
            repeat_over=repeat_over if kind == "repeat" else None,
            prefill=raw.get("prefill"),
            required_message=raw.get("required_message", "") or "",
        )
        if kind == "repeat":
            source = self.by_id.get(repeat_over) if isinstance(repeat_over, str) else None
            if source is None or source.type != "multi_choice" or repeat_over not in self.seen:
                self.fail(where, "“repeat_over” must name a multi-choice question asked before it")
            raw_subs = raw.get("questions")
            if not isinstance(raw_subs, list) or not raw_subs:
                self.fail(where, "a repeated group needs a list of “questions”")
                raw_subs = []
            names: list[str] = []
            built: list[Question] = []
            self.pending_subs = {}
            for n, sub in enumerate(raw_subs):
                child = self.question(sub, f"{where}.questions[{n}]", question, names)
                if child.id in names:
                    self.fail(f"{where}.questions[{n}]", f"the id “{child.id}” is used twice")
                names.append(child.id)
                self.pending_subs[child.id] = child
                built.append(child)
            self.pending_subs = {}
            sub_questions = tuple(built)
            object.__setattr__(question, "questions", sub_questions)
        return question


def _check_score(p: _Parser, raw: Any, where: str, form: FormDefinition) -> ScoreSpec | None:
    if not isinstance(raw, Mapping):
        p.fail(where, "a score must be an object")
        return None
    sid = p.ident(raw, where)
    label = p.text(raw, "label", where)
    function = raw.get("function")
    if function not in SCORE_FUNCTIONS:
        p.fail(where, f"“function” must be one of {', '.join(SCORE_FUNCTIONS)}")
        return None
    items = tuple(raw.get("items", ()))
    questions = [form.question(i) for i in items]
    for item, question in zip(items, questions, strict=True):
        if question is None:
            p.fail(where, f"the score uses “{item}”, which is not a question of the form")
    found = [q for q in questions if q is not None]
    group, bands, threshold = raw.get("group"), (), raw.get("threshold")
    if function == "assist":
        source = form.question(group) if isinstance(group, str) else None
        if source is None or source.type != "repeat":
            p.fail(where, "an ASSIST score needs “group”: a repeated group of questions")
        else:
            over = form.question(source.repeat_over or "")
            for option in over.options if over else ():
                if option.value not in ASSIST_SUBSTANCES:
                    p.fail(where, f"“{option.value}” is not an ASSIST substance class")
            for name, codes in _ASSIST_CODES.items():
                sub = source.sub(name)
                if sub is None or tuple(o.value for o in sub.options) != codes:
                    p.fail(where, f"ASSIST question {name} must offer exactly {', '.join(codes)}")
    elif function in ("audit", "audit_c"):
        wanted = 10 if function == "audit" else 3
        if len(found) != wanted:
            p.fail(where, f"{function.upper().replace('_', '-')} needs {wanted} items")
        for n, question in enumerate(found, start=1):
            if tuple(o.value for o in question.options) != AUDIT_OPTIONS.get(n):
                p.fail(where, f"AUDIT item {n} must offer exactly {', '.join(AUDIT_OPTIONS[n])}")
        if function == "audit_c" and threshold is None and not raw.get("threshold_setting"):
            p.fail(where, "AUDIT-C needs a “threshold” or a “threshold_setting”")
    else:
        raw_bands = raw.get("bands")
        if not isinstance(raw_bands, list) or not raw_bands:
            p.fail(where, "a banded score needs its “bands” configured (none are assumed)")
            raw_bands = []
        built = []
        for n, b in enumerate(raw_bands):
            spot = f"{where}.bands[{n}]"
            if not isinstance(b, Mapping) or not isinstance(b.get("minimum"), int):
                p.fail(spot, "a band needs a whole-number “minimum”")
                continue
            level = b.get("level", "low")
            if level not in LEVELS:
                p.fail(spot, f"“level” must be one of {', '.join(LEVELS)}")
            built.append(Band(b["minimum"], p.ident(b, spot), p.text(b, "label", spot), level))
        minimums = [b.minimum for b in built]
        if minimums and (minimums[0] != 0 or minimums != sorted(set(minimums))):
            p.fail(where, "bands must start at 0 and rise from one band to the next")
        bands = tuple(built)
        for question in found:
            if question.type != "single_choice" or any(o.points is None for o in question.options):
                p.fail(where, f"every option of “{question.id}” needs “points”")
    if threshold is not None and not isinstance(threshold, int):
        p.fail(where, "“threshold” must be a whole number")
    first = form.section_of(group if function == "assist" else (items[0] if items else ""))
    return ScoreSpec(
        sid,
        label,
        function,
        items,
        group,
        threshold,
        raw.get("threshold_setting"),
        bands,
        first.id if first else "",
    )


def parse_form(data: Any) -> FormDefinition:
    """Check a form definition against the schema and build it.

    Raises FormDefinitionError listing every problem (unknown types, duplicate ids, conditions
    referring to questions not asked before them, scores whose questions do not offer exactly
    the published answers, banded scores without configured bands …).
    """
    p = _Parser()
    if not isinstance(data, Mapping):
        raise FormDefinitionError(["the form must be a JSON object"])
    form_id = data.get("form_id")
    if not isinstance(form_id, str) or not _ID.fullmatch(form_id):
        p.fail("form_id", "must be lower-case letters, digits and _")
    version = data.get("version")
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        p.fail("version", "must be a version such as “1” or “2.1”")
    title = p.text(data, "title", "title")
    sections, index = [], {}
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        p.fail("sections", "must be a non-empty list")
        raw_sections = []
    section_ids: set[str] = set()
    for n, raw in enumerate(raw_sections):
        where = f"sections[{n}]"
        if not isinstance(raw, Mapping):
            p.fail(where, "a section must be an object")
            continue
        sid = p.ident(raw, where)
        if sid in section_ids:
            p.fail(where, f"the section id “{sid}” is used twice")
        section_ids.add(sid)
        visible = p.condition(raw.get("visible_if"), f"{where}.visible_if", None, [])
        questions = []
        for m, raw_q in enumerate(raw.get("questions") or []):
            q = p.question(raw_q, f"{where}.questions[{m}]", None, [])
            if q.id in p.by_id:
                p.fail(f"{where}.questions[{m}]", f"the id “{q.id}” is used twice")
            p.by_id[q.id] = q
            p.seen.append(q.id)
            questions.append(q)
        if not questions:
            p.fail(where, "a section needs at least one question")
        section = Section(
            sid, p.text(raw, "title", where), raw.get("intro", "") or "", visible, tuple(questions)
        )
        sections.append(section)
        for q in questions:
            index[q.id] = (section, q)
    form = FormDefinition(
        str(form_id),
        str(version),
        title,
        data.get("description", "") or "",
        tuple(sections),
        (),
        index,
    )
    scores, score_ids = [], set()
    for n, raw in enumerate(data.get("scores") or []):
        spec = _check_score(p, raw, f"scores[{n}]", form)
        if spec is not None:
            if spec.id in score_ids:
                p.fail(f"scores[{n}]", f"the score id “{spec.id}” is used twice")
            score_ids.add(spec.id)
            scores.append(spec)
    if p.problems:
        raise FormDefinitionError(p.problems)
    object.__setattr__(form, "scores", tuple(scores))
    return form
