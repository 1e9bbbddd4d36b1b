"""The summary spreadsheet and CSV read back: sheets, headers, numbers as numbers, rates as %."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from divert_desktop.persistence.database import Database
from divert_desktop.services.context import cli_actor
from divert_desktop.services.demo import generate as demo
from divert_desktop.services.reports.summaries.report_file import write_report


def test_xlsx_and_csv_read_back(db: Database, tmp_path: Path) -> None:
    actor = cli_actor()
    demo.generate(db, actor, people=90, seed=9, today=date(2026, 11, 27))
    args = (db, actor, "2025-12-01", "2026-11-30", None)
    summary = write_report(*args, tmp_path / "s.xlsx", generated_on=date(2026, 11, 27))
    write_report(*args, tmp_path / "s.csv")
    wb = load_workbook(tmp_path / "s.xlsx")
    assert wb.sheetnames[:3] == ["Headline", "Funnel", "Local authority"]
    assert {
        "Substance",
        "Age band",
        "Gender",
        "Ethnicity",
        "Onward referrals",
        "Caseload",
        "Re-arrest",
        "Definitions",
    } <= set(wb.sheetnames)
    headline = wb["Headline"]
    assert headline["A1"].value == "DIVERT summary"
    assert headline["A5"].value == "Measure" and headline["A5"].font.bold
    values = {row[0].value: row[1] for row in headline.iter_rows(min_row=6)}
    assert values["referrals"].value == summary.headline.referrals
    assert isinstance(values["referrals"].value, int)
    assert values["dna_rate"].number_format == "0.0%"
    assert abs(values["dna_rate"].value - summary.headline.dna_rate) < 1e-12
    area = wb["Local authority"]
    totals = sum(
        r[1].value for r in area.iter_rows(min_row=2, max_row=8) if isinstance(r[1].value, int)
    )
    assert totals <= summary.headline.referrals
    assert area.column_dimensions["A"].width >= 24
    defs = [r[0].value for r in wb["Definitions"].iter_rows(min_row=2)]
    assert "engaged" in defs and "Small numbers" in defs
    rows = list(csv.reader((tmp_path / "s.csv").open(encoding="utf-8")))
    assert rows[0] == ["measure", "value"] and rows[1][0] == "referrals"
    assert int(rows[1][1]) == summary.headline.referrals
