"""The self-test's PDF check: real documents pass with their page count, broken ones fail."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from divert_desktop.documents.day_sheet import DaySheet, DaySheetRow, render_day_sheet
from divert_desktop.selftest import SelfTestFailure, check_pdf


def _sheet(rows: int) -> bytes:
    day = date(2026, 12, 2)
    row = DaySheetRow(
        datetime(2026, 12, 2, 10),
        datetime(2026, 12, 2, 11),
        "Ada Testwell",
        False,
        "Initial assessment",
        "Casey Example",
        "Booked",
        "07700 900501",
    )
    return render_day_sheet(DaySheet("Example Trust", day, "Venue", "Birmingham", (row,) * rows))


@pytest.mark.parametrize("rows", [1, 90])
def test_the_page_count_matches_a_pdf_reader(rows: int) -> None:
    data = _sheet(rows)
    assert check_pdf(data, "day sheet") == len(PdfReader(io.BytesIO(data)).pages)


def test_a_file_that_is_not_a_pdf_fails() -> None:
    with pytest.raises(SelfTestFailure, match="is not a PDF"):
        check_pdf(b"<html>error page</html>", "summary")


def test_a_pdf_cut_short_fails() -> None:
    data = _sheet(1)
    with pytest.raises(SelfTestFailure, match="cut short"):
        check_pdf(data[: len(data) // 2], "day sheet")
