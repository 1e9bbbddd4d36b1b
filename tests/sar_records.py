"""Subject access data with every text field up to the longest the app accepts (invented data),
for the tests that prove the export flows every field across lines and pages."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from divert_desktop.core.forms import Question
from divert_desktop.documents.subject_access import Item, LetterFile, SubjectAccess
from divert_desktop.persistence.models import (
    Appointment,
    Assessment,
    EducationalSession,
    Letter,
    OnwardReferral,
    Person,
    Referral,
    ReferralStatusChange,
    ReferralSubstance,
)
from divert_desktop.services.casework import onward, sessions
from divert_desktop.services.data_protection.subject_access import HIDDEN
from divert_desktop.services.intake.draft import MAX_LENGTHS

UNLIMITED = 10_000
"""Fields the app takes at any length (accessibility needs, an override's reason): this long."""
TEXT_LIMITS: dict[tuple[str, str], int] = {
    ("referrals", "notes"): MAX_LENGTHS["notes"],  # intake and the police import: 10,000
    ("referrals", "override_reason"): UNLIMITED,
    ("people", "accessibility_needs"): UNLIMITED,
    **{
        ("educational_sessions", k): sessions._TEXT_LIMIT
        for k in ("topics_other", "reflections", "next_steps")
    },
    **{("onward_referrals", k): onward._TEXT_LIMIT for k in ("reason", "notes")},
}
ANSWER_LIMIT = 20_000
"""The longest a form's text question may allow (core.forms: max_length up to 20,000)."""
AUDIT_VALUE_LIMIT = 5_000
"""One long value in an audit event's details (an export's destination folder)."""
assert Question.__dataclass_fields__["max_length"].default <= ANSWER_LIMIT

Text = Callable[[str, int], str]
"""Gives the text for a field (its name and the longest it may be)."""


def text_limits(model: Any) -> dict[str, int]:
    """Each text column of ``model`` shown in the export, and the longest value it accepts."""
    table = model.__table__
    out = {}
    for column in table.columns:
        if column.key in HIDDEN or isinstance(column.type, sa.Enum):
            continue
        if isinstance(column.type, sa.Text):
            out[column.key] = TEXT_LIMITS[(table.name, column.key)]
        elif isinstance(column.type, sa.String):
            out[column.key] = column.type.length
    return out


def _value(column: Any, text: Text) -> Any:
    if column.key in HIDDEN:
        return None
    kind = column.type
    if isinstance(kind, sa.Enum):
        return next(iter(kind.enum_class)) if kind.enum_class else kind.enums[0]
    if isinstance(kind, sa.Text):
        return text(column.key, TEXT_LIMITS[(column.table.name, column.key)])
    if isinstance(kind, sa.String):
        return text(column.key, kind.length)
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 3, 4, 10, 30)
    if isinstance(kind, sa.Date):
        return date(2026, 3, 4)
    if isinstance(kind, sa.Boolean):
        return True
    if isinstance(kind, sa.Integer):
        return 7
    if isinstance(kind, sa.JSON):
        return [text(column.key, 120), "stop_using"]
    raise AssertionError(f"no value for {column.table.name}.{column.key} ({kind!r})")


def _fields(model: Any, text: Text, **given: Any) -> tuple[tuple[str, Any], ...]:
    return tuple(
        (c.key, given[c.key] if c.key in given else _value(c, text))
        for c in model.__table__.columns
        if c.key not in HIDDEN
    )


def record(text: Text, *, audit_events: int = 2) -> SubjectAccess:
    """A whole export (shaped as ``subject_access.collect`` makes it) whose text comes from
    ``text``: the person, a merged record, a referral with its substances and history, an
    appointment, an assessment with free-text answers, a session, an onward referral, a letter
    and audit events holding long values."""
    answers = {
        "housing_notes": text("answer", ANSWER_LIMIT),
        "goals": ["stop_using", text("goal", 2000)],
        "people": [{"name": text("name", 120), "notes": text("answer", ANSWER_LIMIT)}],
        "age_first_use": 15,
    }
    referral = Item(
        "Referral WMP-1 of 4 March 2026",
        _fields(Referral, text),
        (
            ("substances", (Item("Substance", _fields(ReferralSubstance, text)),)),
            (
                "status_history",
                tuple(Item("Status change", _fields(ReferralStatusChange, text)) for _ in range(2)),
            ),
        ),
    )
    caseworker = ("caseworker", text("display_name", 120))
    audit = tuple(
        Item(
            "Exported a person's record",
            (
                ("at", datetime(2026, 3, 4, 10, n)),
                ("username", text("username", 64)),
                ("role", "manager"),
                ("source", "cli"),
                ("workstation", text("workstation", 120)),
                ("action", "person.export"),
                ("action_text", "Exported a person's record"),
                ("entity_type", "person"),
                ("entity_id", "1"),
                (
                    "details",
                    {"destination": text("destination", AUDIT_VALUE_LIMIT), "counts": {"a": 1}}
                    if n % 2 == 0
                    else {
                        "before": {"accessibility_needs": text("before", UNLIMITED)},
                        "after": {"accessibility_needs": text("after", UNLIMITED), "town": None},
                    },
                ),
            ),
        )
        for n in range(audit_events)
    )
    appointment = Item(
        "Appointment",
        (*_fields(Appointment, text), caseworker, ("venue", text("venue", 120))),
    )
    assessment = Item(
        "Assessment", _fields(Assessment, text, answers=answers, scores={"assist": {"x": 1}})
    )
    session = Item(
        "Educational session", (*_fields(EducationalSession, text, topics=["the_law"]), caseworker)
    )
    onward_referral = Item(
        "Onward referral",
        (
            *_fields(OnwardReferral, text, share_items=["contact"]),
            ("service", text("organisation", 200)),
        ),
    )
    pdf = b"%PDF-1.4\n%%EOF\n"
    letter = LetterFile(
        Item("Letter", _fields(Letter, text)),
        "00001-completion-2026-03-04.pdf",
        pdf,
        hashlib.sha256(pdf).hexdigest(),
    )
    return SubjectAccess(
        person_id=1,
        name=f"{text('first_name', 100)} {text('last_name', 100)}",
        generated_at=datetime(2026, 3, 5, 9, 0),
        organisation=text("organisation", 200),
        person=Item("Personal details", _fields(Person, text)),
        merged=(Item("Record 2, merged into this one", _fields(Person, text)),),
        sections=(
            ("referrals", "Referrals", (referral,)),
            ("appointments", "Appointments", (appointment,)),
            ("assessments", "Assessments", (assessment,)),
            ("educational_sessions", "Educational sessions", (session,)),
            ("onward_referrals", "Onward referrals", (onward_referral,)),
        ),
        letters=(letter,),
        audit=audit,
    )


def full(fragment: str) -> Text:
    """Every field at its longest, ``fragment`` repeated."""
    return lambda _key, limit: (fragment * (limit // len(fragment) + 1))[:limit]
