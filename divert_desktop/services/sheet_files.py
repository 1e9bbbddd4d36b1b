"""The one way the app writes CSV rows and spreadsheet cells: every text cell goes through
``core.spreadsheet.safe_cell`` so nothing in a saved file can run as a formula."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

from divert_desktop.core.spreadsheet import safe_cell, safe_row


class SafeCsvWriter:
    """``csv.writer`` whose rows are neutralised cell by cell (numbers stay numbers)."""

    def __init__(self, handle: Any, **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self._writer.writerow(safe_row(row))


def csv_writer(handle: Any, **options: Any) -> SafeCsvWriter:
    """A CSV writer over ``handle`` (options as ``csv.writer``) that neutralises every text cell."""
    return SafeCsvWriter(handle, **options)


def _as_text(c: Any) -> Any:
    if isinstance(c.value, str):
        c.data_type = "s"  # text, never a formula, whatever it looks like
    return c


def put_cell(ws: Any, ref: str, value: Any) -> Any:
    """Set one openpyxl cell (``"A1"``) to a neutralised value, text kept as text; returns it."""
    c = ws[ref]
    c.value = safe_cell(value)
    return _as_text(c)


def append_row(ws: Any, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet, every text cell neutralised and kept as text."""
    row = safe_row(values)
    ws.append(row)
    if row:
        for c in ws[ws.max_row]:
            _as_text(c)
