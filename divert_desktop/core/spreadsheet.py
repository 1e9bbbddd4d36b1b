"""Cells for files people open in spreadsheets: text that a spreadsheet would run is neutralised.

A spreadsheet treats a cell starting with = + - @ (and, in some, a tab or carriage return) as a
formula, so a police reference "=1+2" or a name "=HYPERLINK(...)" in an exported file would run
when opened (OWASP "CSV injection"). Such text gets a leading apostrophe, as OWASP advises;
numbers and dates stay as they are. ``restore_cell`` undoes it for files the app reads back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def safe_cell(value: Any) -> Any:
    """``value`` unchanged unless it is text starting with = + - @, tab or carriage return:
    that text gets a leading apostrophe. Numbers (negative ones too), dates and None pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_MARK + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """Every cell of a row through ``safe_cell``."""
    return [safe_cell(v) for v in values]


def restore_cell(text: str) -> str:
    """The text ``safe_cell`` was given: a leading apostrophe before = + - @, tab or carriage
    return is dropped (a spreadsheet reads that apostrophe as "this is text" too)."""
    if text.startswith(TEXT_MARK) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
