"""The headline table as CSV: two columns ``measure,value``, one row per measure."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from divert_desktop.private_files import write_private_text

from .model import Summary, format_value


def csv_text(summary: Summary, *, internal: bool = False) -> str:
    """The CSV as text: counts as integers ("<5" for 1–4 unless ``internal``), rates 0–1,
    days as numbers, empty when undefined or when the group of a re-arrest rate is too small."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["measure", "value"])
    hidden = summary.hidden_measures()  # rates of groups too small to mean anything: empty
    for measure, value, kind in summary.measures():
        writer.writerow([measure, "" if measure in hidden else format_value(value, kind, internal)])
    return buffer.getvalue()


def write_csv(summary: Summary, path: Path | str, *, internal: bool = False) -> Path:
    """Write the headline CSV (UTF-8) to ``path`` through a temporary file; returns the path."""
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    write_private_text(tmp, csv_text(summary, internal=internal), newline="")
    tmp.replace(target)
    return target
