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

from .csv_out import write_csv
from .query import build_summary, parse_area
from .xlsx_out import write_xlsx

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
