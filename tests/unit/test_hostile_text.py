"""The one rule for storable text, terminal-safe output and record ids (core.validation)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from divert_desktop.core.enums import LocalAuthority, Substance
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.validation import (
    MAX_RECORD_ID,
    check_text,
    is_record_id,
    text_problem,
    visible_text,
)
from divert_desktop.services.intake.draft import ReferralDraft, clean_text, validate_draft
from divert_desktop.services.lists.common import prefix_end

NOW = datetime(2026, 11, 27, 12, 0)


@pytest.mark.parametrize(
    ("text", "multiline", "problem"),
    [
        ("Siân O’Neill-Smith", False, None),
        ("Zoë 李 😀", False, None),
        ("a\x00b", False, "a null character"),
        ("a\x00b", True, "a null character"),
        ("a\ud800b", False, "a damaged character"),
        ("\udfff", True, "a damaged character"),
        ("R-\x1b[31mX", False, "a control character"),
        ("bell\x07", True, "a control character"),
        ("del\x7f", False, "a control character"),
        ("csi\x9b2J", False, "a control character"),
        ("two\nlines\tand a tab", True, None),
        ("two\nlines", False, "a control character"),
        ("carriage\rreturn", True, "a control character"),
    ],
)
def test_text_problem(text: str, multiline: bool, problem: str | None) -> None:
    assert text_problem(text, multiline=multiline) == problem


def test_check_text_names_the_field_in_plain_words() -> None:
    assert check_text("Ann", "first_name") == "Ann"
    with pytest.raises(ValidationError) as caught:
        check_text("A\x00nn", "first_name", "The first name")
    assert caught.value.field == "first_name"
    assert caught.value.message == (
        "The first name contains characters that cannot be stored (a null character)"
    )


def test_clean_text_applies_the_rule_after_tidying() -> None:
    assert clean_text(" Ann \t Bee\n", "first_name") == "Ann Bee"  # whitespace, as before
    assert clean_text("line one\r\nline two", "notes") == "line one\nline two"
    for value, field in (
        ("A\x1bB", "last_name"),
        ("x\ud800", "police_reference"),
        ("note\x00", "notes"),
        ("no\x0cte", "notes"),
    ):
        with pytest.raises(ValidationError) as caught:
            clean_text(value, field)
        assert caught.value.field == field
        assert "cannot be stored" in caught.value.message


def test_intake_draft_with_a_null_or_control_character_is_refused_field_by_field() -> None:
    draft = ReferralDraft(
        police_reference="IN-1",
        referral_datetime=datetime(2026, 11, 20, 10, 0),
        officer_name="PC Ada\x1b]0;pwned\x07",
        officer_number="4410",
        first_name="Ann\x00",
        last_name="Bee",
        date_of_birth=date(1990, 1, 1),
        local_authority=LocalAuthority.COVENTRY,
        substances=((Substance.OTHER, "glue\ud800"),),
        intent_to_supply=False,
        notes="fine\nnotes\twith a tab",
    )
    _, problems = validate_draft(draft, now=NOW)
    assert {p.field for p in problems} == {"officer_name", "first_name", "substances"}
    assert all("cannot be stored" in p.message for p in problems)


def test_visible_text_shows_escapes_instead_of_sending_them() -> None:
    assert visible_text("R-\x1b[31mX\x07") == "R-\\x1b[31mX\\x07"
    assert visible_text("a\nb\tc\rd") == "a\\nb\\tc\\rd"
    assert visible_text("a\nb\tc", lines=True) == "a\nb\tc"
    assert visible_text("\ud800 \u202eevil \x9b") == "\\ud800 \\u202eevil \\x9b"
    assert visible_text("Siân Öztürk-Jones 李") == "Siân Öztürk-Jones 李"


@given(st.text())
def test_visible_text_always_prints_as_utf8_without_controls(text: str) -> None:
    shown = visible_text(text)
    shown.encode("utf-8")  # no lone surrogate left
    assert text_problem(shown) is None


@given(st.text(min_size=1))
def test_prefix_end_is_sendable_and_after_every_extension(text: str) -> None:
    end = prefix_end(text)
    if not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        end.encode("utf-8")  # a database driver can send it
    if text.strip("\U0010ffff"):
        assert text <= text + "\U0010ffff" < end


def test_record_ids() -> None:
    assert is_record_id(1) and is_record_id(MAX_RECORD_ID)
    assert not is_record_id(0) and not is_record_id(-3)
    assert not is_record_id(MAX_RECORD_ID + 1) and not is_record_id(10**20)
