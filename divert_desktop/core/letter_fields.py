"""The documented merge fields of letter templates, checking a wording, and filling it in.

A template's wording is plain text. Paragraphs are separated by a blank line; lines starting with
"- " are bullet points; a merge field is a name in braces, like ``{first_name}``. A paragraph that
is only ``{appointment_details}``, ``{outcome_details}`` or ``{shared_details}`` becomes a small
table of the details.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from divert_desktop.core.enums import LetterTemplate
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.letters import APPOINTMENT_TEMPLATES, label
from divert_desktop.core.validation import format_long_date

__all__ = [
    "BLOCK_FIELDS",
    "FIELDS",
    "Block",
    "check_wording",
    "fields_for",
    "fill",
    "fit_contacts",
    "long_day",
    "parse_wording",
    "wording_problems",
]

_T = LetterTemplate
_ALL = frozenset(LetterTemplate)
_PERSON = frozenset(
    {
        _T.APPOINTMENT_CONFIRMATION,
        _T.APPOINTMENT_REMINDER,
        _T.MISSED_APPOINTMENT,
        _T.COMPLETION,
        _T.NOT_ENGAGED,
    }
)
_OUTCOME = frozenset({_T.COMPLETION, _T.NOT_ENGAGED, _T.POLICE_OUTCOME})


@dataclass(frozen=True)
class Field:
    name: str
    description: str
    templates: frozenset[LetterTemplate]


def _f(name: str, description: str, templates: frozenset[LetterTemplate] = _ALL) -> Field:
    return Field(name, description, frozenset(templates))


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        _f("first_name", "The name the person likes to be called (known-as name if recorded)"),
        _f("full_name", "The person's first and last name"),
        _f("police_reference", "The police reference of the referral", _ALL - {_T.ONWARD_REFERRAL}),
        _f("our_reference", "Our own reference for the referral, such as DIV-000123"),
        _f("referral_date", "The date of the referral, like 2 December 2026"),
        _f("engagement_deadline", "The last day to take part, like 13 January 2027", _PERSON),
        _f(
            "appointment_date",
            "The appointment's day, like Wednesday 2 December 2026",
            APPOINTMENT_TEMPLATES,
        ),
        _f("appointment_time", "The appointment's start time, like 14:30", APPOINTMENT_TEMPLATES),
        _f(
            "appointment_place",
            "Where: the venue and its address, or by phone or video",
            APPOINTMENT_TEMPLATES,
        ),
        _f("appointment_type", "What it is, like initial assessment", APPOINTMENT_TEMPLATES),
        _f("appointment_length", "How long it lasts, like 1 hour", APPOINTMENT_TEMPLATES),
        _f("caseworker", "Who they will meet (or: one of our caseworkers)", APPOINTMENT_TEMPLATES),
        _f(
            "appointment_details",
            "A table of when, where, how long and with whom",
            APPOINTMENT_TEMPLATES,
        ),
        _f("outcome", "The outcome, like Completed DIVERT", frozenset({_T.POLICE_OUTCOME})),
        _f("outcome_date", "When the outcome was decided", _OUTCOME),
        _f("officer", "The referring officer's name", frozenset({_T.POLICE_OUTCOME})),
        _f("date_of_birth", "The person's date of birth", frozenset({_T.POLICE_OUTCOME})),
        _f(
            "outcome_details",
            "A table of the reference, name, date of birth and outcome",
            frozenset({_T.POLICE_OUTCOME}),
        ),
        _f(
            "service", "The organisation the person is referred to", frozenset({_T.ONWARD_REFERRAL})
        ),
        _f(
            "service_contact",
            "The contact at that organisation (or: colleague)",
            frozenset({_T.ONWARD_REFERRAL}),
        ),
        _f(
            "shared_details",
            "A table of only what the person agreed may be shared",
            frozenset({_T.ONWARD_REFERRAL}),
        ),
        _f("organisation", "Our organisation's name"),
        _f(
            "organisation_phone",
            'Our phone number (with no phone on the letterhead, "call us '
            'on" it becomes "email us at" our email address)',
        ),
        _f(
            "organisation_email",
            'Our email address (with no email on the letterhead, "or email" it is left out)',
        ),
        _f("signatory_name", "Who signs the letter"),
        _f("signatory_title", "Their job title"),
    )
}
"""Every merge field, what it holds, and the letters it can be used in."""

BLOCK_FIELDS = frozenset({"appointment_details", "outcome_details", "shared_details"})
"""Fields that are a table of details: each must be a paragraph on its own."""

_FIELD_RE = re.compile(r"\{([A-Za-z0-9_ ]*)\}")
_BULLET_RE = re.compile(r"^\s*[-•*]\s+")
MAX_SUBJECT = 200
MAX_BODY = 8000


def fields_for(template: LetterTemplate) -> list[Field]:
    """The merge fields a letter of this template can use, in the documented order."""
    return [f for f in FIELDS.values() if LetterTemplate(template) in f.templates]


def wording_problems(template: LetterTemplate, subject: str, body: str) -> list[str]:
    """Everything wrong with a wording, each as a sentence a manager can act on (empty: fine)."""
    template = LetterTemplate(template)
    problems: list[str] = []
    if not subject.strip():
        problems.append("Enter a subject line.")
    if len(subject) > MAX_SUBJECT:
        problems.append(f"The subject is too long: at most {MAX_SUBJECT} characters.")
    if not body.strip():
        problems.append("Enter the wording of the letter.")
    if len(body) > MAX_BODY:
        problems.append(f"The wording is too long: at most {MAX_BODY} characters.")
    for where, text in (("subject", subject), ("wording", body)):
        unknown, wrong = [], []
        for name in _FIELD_RE.findall(text):
            if name not in FIELDS:
                unknown.append(name)
            elif template not in FIELDS[name].templates:
                wrong.append(name)
            elif name in BLOCK_FIELDS and where == "subject":
                wrong.append(name)
        if unknown:
            listed = ", ".join("{" + n + "}" for n in dict.fromkeys(unknown))
            problems.append(
                f"The {where} uses merge fields that do not exist: {listed}. Use only the fields "
                "listed, spelt exactly as shown."
            )
        if wrong:
            listed = ", ".join("{" + n + "}" for n in dict.fromkeys(wrong))
            problems.append(
                f"The {where} uses {listed}, which cannot be used in the {label(template).lower()} "
                f"{'subject line' if where == 'subject' else 'letter'}."
            )
        stray = _FIELD_RE.sub("", text)
        if "{" in stray or "}" in stray:
            problems.append(
                f"The {where} has a brace that is not part of a merge field. Braces go only "
                "around a field name, like {first_name}."
            )
    for paragraph in _paragraphs(body):
        names = set(_FIELD_RE.findall(paragraph)) & BLOCK_FIELDS
        if names and paragraph.strip() not in {"{" + n + "}" for n in names}:
            listed = ", ".join("{" + n + "}" for n in sorted(names))
            problems.append(f"Put {listed} in a paragraph of its own, with a blank line around it.")
    return problems


def check_wording(template: LetterTemplate, subject: str, body: str) -> None:
    """Raise ValidationError (field "body" or "subject") with every problem of the wording."""
    problems = wording_problems(template, subject, body)
    if problems:
        field = "subject" if any("subject" in p for p in problems[:1]) else "body"
        raise ValidationError(" ".join(problems), field=field)


# --------------------------------------------------------------------------- filling in


@dataclass(frozen=True)
class Block:
    """One part of a letter's body: a paragraph, bullet points, or a table of details."""

    kind: str  # "paragraph", "bullets" or "details"
    text: str = ""
    items: tuple[str, ...] = ()
    rows: tuple[tuple[str, str], ...] = ()


def _paragraphs(body: str) -> list[str]:
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    return [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace each ``{field}`` by its value (a field without a value becomes empty).

    When ``values`` hold both of our contact fields (a letter), the ways to contact us are first
    worded for the ones the letterhead has (see ``fit_contacts``); a contact field left in some
    other wording, with no value of its own, prints the other contact rather than nothing."""
    if _PHONE in values and _EMAIL in values:
        phone, email = str(values[_PHONE]).strip(), str(values[_EMAIL]).strip()
        text = fit_contacts(text, phone=bool(phone), email=bool(email))
        values = dict(values, **{_PHONE: phone or email, _EMAIL: email or phone})
    return _FIELD_RE.sub(lambda m: str(values.get(m.group(1), "")), text)


_PHONE, _EMAIL = "organisation_phone", "organisation_email"
_P, _E = r"\{organisation_phone\}", r"\{organisation_email\}"
_CALL = r"(?:call|phone|ring|telephone|text)\s+us"
_WRITE = r"(?:e-?mail|write\s+to)\s+us"
_ANY = r"(?:contact|reach|talk\s+to|speak\s+to)\s+us|get\s+in\s+touch(?:\s+with\s+us)?"
_THEN_EMAIL = r"(?:(?:e-?mail(?:\s+us)?|write\s+to\s+us|by\s+e-?mail)(?:\s+(?:at|on))?|at|on)\s+"
_THEN_PHONE = (
    r"(?:(?:call|phone|ring|telephone|text)(?:\s+us)?(?:\s+on)?|by\s+phone(?:\s+on)?|on)\s+"
)
_OR = r"\s*,?\s+or\s+"
_CONTACT_RE = re.compile(
    rf"(?P<lead>{_OR})?\b(?:(?P<verb>{_CALL}|{_WRITE}|{_ANY})\s+)?(?:"
    rf"(?:on|at)\s+{_P}{_OR}(?:{_THEN_EMAIL})?{_E}(?P<both>)"
    rf"|(?:at|on)\s+{_E}{_OR}(?:{_THEN_PHONE})?{_P}(?P<both2>)"
    rf"|(?:on|at)\s+{_P}(?P<phone>)"
    rf"|(?:at|on)\s+{_E}(?P<email>)"
    r")",
    re.IGNORECASE,
)


def fit_contacts(text: str, *, phone: bool, email: bool) -> str:
    """A wording's ways to contact us, for the contacts the letterhead has (the settings need a
    phone number or an email address, not both). With a phone only, "call us on {phone} or email
    {email}" becomes "call us on {phone}"; with an email only it becomes "email us at {email}",
    and "call us on {phone}" alone does too. Nothing changes when both are there (or neither)."""
    if phone == email:
        return text
    return _CONTACT_RE.sub(lambda m: _fit_contact(m, phone), text)


def _fit_contact(m: re.Match[str], phone: bool) -> str:
    said = (
        "phone"
        if m.group("phone") is not None
        else "email"
        if m.group("email") is not None
        else "both"
    )
    if said == ("phone" if phone else "email"):
        return m.group(0)  # names only the contact we have
    lead = m.group("lead") or ""
    if lead and said != "both":
        return ""  # "…, or email us at {email}" with no email: that alternative goes
    verb = " ".join((m.group("verb") or "").split())
    if verb:
        if phone and re.fullmatch(_WRITE, verb, re.IGNORECASE):
            verb = "call us"
        elif not phone and re.fullmatch(_CALL, verb, re.IGNORECASE):
            verb = "email us"
        if m.group("verb")[0].isupper():
            verb = verb[0].upper() + verb[1:]
        verb += " "
    return f"{lead}{verb}{'on {' + _PHONE + '}' if phone else 'at {' + _EMAIL + '}'}"


def parse_wording(
    body: str,
    values: Mapping[str, str],
    tables: Mapping[str, tuple[tuple[str, str], ...]] | None = None,
) -> tuple[Block, ...]:
    """The body as blocks, with merge fields filled in from ``values`` and the detail tables from
    ``tables`` (field name → rows of label and value). Lines of a paragraph join with spaces;
    bullet lines become items."""
    tables = tables or {}
    blocks: list[Block] = []
    for paragraph in _paragraphs(body):
        stripped = paragraph.strip()
        match = _FIELD_RE.fullmatch(stripped)
        if match and match.group(1) in BLOCK_FIELDS:
            rows = tables.get(match.group(1), ())
            if rows:
                blocks.append(Block("details", rows=tuple(rows)))
            continue
        lines = paragraph.split("\n")
        text_lines: list[str] = []
        items: list[str] = []
        for line in lines:
            if _BULLET_RE.match(line):
                if text_lines:
                    blocks.append(Block("paragraph", text=_join(text_lines, values)))
                    text_lines = []
                items.append(_BULLET_RE.sub("", line))
            elif items and line.startswith((" ", "\t")):
                items[-1] += " " + line.strip()  # a bullet continued on the next line
            else:
                if items:
                    blocks.append(Block("bullets", items=tuple(_join([i], values) for i in items)))
                    items = []
                text_lines.append(line)
        if items:
            blocks.append(Block("bullets", items=tuple(_join([i], values) for i in items)))
        if text_lines:
            blocks.append(Block("paragraph", text=_join(text_lines, values)))
    return tuple(b for b in blocks if b.kind != "paragraph" or b.text)


def _join(lines: list[str], values: Mapping[str, str]) -> str:
    # Filled as one text, so a phrase wrapped over two lines is still seen whole.
    return " ".join(fill(" ".join(line for line in lines if line.strip()), values).split())


def long_day(d: date) -> str:
    """ "Wednesday 2 December 2026"."""
    return f"{_WEEKDAYS[d.weekday()]} {format_long_date(d)}"


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def length_text(minutes: int) -> str:
    """ "1 hour", "1 hour 30 minutes", "45 minutes"."""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)
