"""The summary PDF: read back with pypdf, qpdf --check, every font embedded, reproducible bytes."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from divert_desktop.core.summaries import (
    Breakdown,
    BreakdownRow,
    CaseloadRow,
    DaysStats,
    Headline,
    OnwardRow,
    Rearrest,
    Summary,
)
from divert_desktop.documents.summary_pdf import render_summary_pdf, write_summary_pdf

GENERATED = date(2026, 7, 3)


def make_summary(area: str | None = None) -> Summary:
    rows = (
        BreakdownRow("Birmingham", 1234, 1100, 1000, 800, 700),
        BreakdownRow("Coventry", 3, 3, 2, 2, 1),
        BreakdownRow("Dudley", 0, 0, 0, 0, 0),
    )
    headline = Headline(
        referrals=1237,
        eligible=1103,
        ineligible=134,
        booked=1002,
        engaged=802,
        completed=701,
        not_engaged=150,
        withdrawn=4,
        young_people=98,
        repeat_referrals=321,
        appointments_due=4000,
        did_not_attend=600,
        onward_referrals=77,
    )
    return Summary(
        date(2026, 4, 1),
        date(2026, 6, 30),
        area,
        headline,
        (("intent to supply", 130), ("no appropriate adult", 4)),
        (
            Breakdown("area", "Local authority", "The referral's local authority.", rows),
            Breakdown(
                "substance",
                "Substance",
                "A referral with two substances counts once under each.",
                (BreakdownRow("Cannabis", 900, 800, 700, 600, 500),),
            ),
            Breakdown(
                "age_band",
                "Age band",
                "Age on the referral date.",
                (BreakdownRow("Under 18", 98, 90, 80, 70, 60),),
            ),
        ),
        (
            ("First referral", 916),
            ("Second referral", 300),
            ("Third referral", 21),
            ("Fourth or later", 0),
        ),
        (OnwardRow("Drug treatment", "Accepted", 70), OnwardRow("Housing", "Sent", 2)),
        (CaseloadRow("Ada Testworker", 400, 1200, 1000),),
        DaysStats(1002, 9.5, 21.0),
        DaysStats(800, 11.0, 25.3),
        Rearrest(40, 300, 462),
        Rearrest(30, 50, 70),
        "Example Diversion Service",
    )


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_cover_headline_and_suppression() -> None:
    pdf = render_summary_pdf(make_summary(), generated_on=GENERATED)
    text = _text(pdf)
    assert "DIVERT summary" in text and "Example Diversion Service" in text
    assert "1 April 2026 to 30 June 2026" in text
    assert "All seven areas" in text and "3 July 2026" in text
    assert "1,237" in text and "1,103" in text and "15.0%" in text  # referrals, eligible, DNA
    assert "<5" in text and "How each figure is counted" in text
    assert "counts once under each" in text
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) >= 3
    assert "Page 2" in reader.pages[1].extract_text()
    internal = _text(
        render_summary_pdf(make_summary("Coventry"), generated_on=GENERATED, internal=True)
    )
    assert "INTERNAL COPY" in internal and "Area: Coventry" in internal


def test_output_is_reproducible() -> None:
    first = render_summary_pdf(make_summary(), generated_on=GENERATED)
    assert first == render_summary_pdf(make_summary(), generated_on=GENERATED)
    assert first != render_summary_pdf(make_summary(), generated_on=date(2026, 7, 4))


@pytest.mark.skipif(
    not (shutil.which("qpdf") and shutil.which("pdffonts")),
    reason="qpdf and pdffonts (poppler-utils) are not installed",
)
def test_qpdf_check_and_every_font_embedded(tmp_path: Path) -> None:
    path = write_summary_pdf(make_summary(), tmp_path / "summary.pdf", generated_on=GENERATED)
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.strip().splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts.stdout
    assert "Helvetica" not in fonts.stdout


def test_the_method_page_names_each_figure_as_the_key_figures_do() -> None:
    """Issue 17: the method page said ``not_engaged`` and ``dna_rate``; it uses the words."""
    from divert_desktop.core.summaries import DEFINITIONS
    from divert_desktop.documents.summary_pdf import ON_SCREEN

    codes = [term for term, _ in DEFINITIONS if term.islower() and " " not in term]
    assert codes and all(code in ON_SCREEN for code in codes)
    assert (
        ON_SCREEN["not_engaged"] == "Not engaged" and ON_SCREEN["dna_rate"] == "Did-not-attend rate"
    )
