"""The subject access PDF flows every text field, at the longest the app accepts, with or without
spaces, across lines and pages (a table cell holding one long value once raised LayoutError)."""

from __future__ import annotations

from io import BytesIO

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from divert_desktop.documents.subject_access import render_subject_access
from divert_desktop.persistence.models import (
    Appointment,
    EducationalSession,
    OnwardReferral,
    Person,
    Referral,
)
from tests.sar_records import ANSWER_LIMIT, AUDIT_VALUE_LIMIT, full, record, text_limits

NOTES = "".join(f"{chr(65 + n % 26)}{n % 10}" for n in range(5000))  # 10,000, no spaces


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(BytesIO(pdf))
    return len(reader.pages), "".join("".join(p.extract_text().split()) for p in reader.pages)


def test_the_limits_cover_every_free_text_field() -> None:
    assert text_limits(Referral)["notes"] == 10_000
    assert text_limits(Person)["accessibility_needs"] >= 10_000
    assert text_limits(EducationalSession)["reflections"] == 5000
    assert text_limits(OnwardReferral)["notes"] == 5000
    assert text_limits(Appointment)["place_detail"] == 200
    assert ANSWER_LIMIT == 20_000 and AUDIT_VALUE_LIMIT == 5000


def test_ten_thousand_characters_without_spaces_flow_across_pages() -> None:
    def text(key: str, limit: int) -> str:
        if key == "notes":
            return NOTES
        if key == "destination":
            return "/" + "d" * (AUDIT_VALUE_LIMIT - 1)
        return "Short"

    pages, body = _text(render_subject_access(record(text)))
    assert pages > 1
    # The page footers interrupt the notes where they cross a page: look for long stretches.
    for start in range(0, 10_000, 1000):
        assert NOTES[start : start + 200] in body
    assert "/ddddddddddddddddddddddddddddddddddddddd" in body


def test_every_field_at_its_longest_with_spaces_and_markup() -> None:
    pages, body = _text(render_subject_access(record(full("Lives with her aunt & <uncle>;\n"))))
    assert pages > 10 and "Liveswithheraunt&<uncle>;" in body


def test_every_field_at_its_longest_without_spaces() -> None:
    pages, body = _text(render_subject_access(record(full("Wm—"))))
    assert pages > 10 and "Wm—Wm—Wm—" in body


_ALPHABET = st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragment=st.text(_ALPHABET, min_size=1, max_size=12), spaced=st.booleans(), data=st.data())
def test_generated_records_up_to_every_limit_export(fragment, spaced, data) -> None:
    """Each field gets its own length up to its limit (often the limit itself): a fragment
    repeated, with or without spaces, so a record mixes long words, markup and line breaks."""
    fragment += " " if spaced else ""

    def text(key: str, limit: int) -> str:
        size = data.draw(
            st.one_of(st.just(limit), st.integers(0, limit), st.integers(0, 300)), label=key
        )
        return (fragment * (size // len(fragment) + 1))[:size]

    pages, _body = _text(render_subject_access(record(text)))
    assert pages >= 1
