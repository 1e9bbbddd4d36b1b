"""Managers' summaries: figures computed in SQL, written as CSV, spreadsheet or (documents/) PDF."""

from __future__ import annotations

from divert_desktop.core.summaries import (
    DEFINITIONS,
    Breakdown,
    BreakdownRow,
    Summary,
    cell,
    period_text,
)
from divert_desktop.services.reports.summaries.csv_out import write_csv
from divert_desktop.services.reports.summaries.query import build_summary, parse_area
from divert_desktop.services.reports.summaries.xlsx_out import write_xlsx

__all__ = [
    "DEFINITIONS",
    "Breakdown",
    "BreakdownRow",
    "Summary",
    "build_summary",
    "cell",
    "parse_area",
    "period_text",
    "write_csv",
    "write_xlsx",
]
