"""The headline table as CSV: two columns ``measure,value``, one row per measure."""

from __future__ import annotations

import io
from pathlib import Path

from divert_desktop.core.summaries import Summary, format_value
from divert_desktop.private_files import write_private_text
from divert_desktop.services.sheet_files import csv_writer


def csv_text(summary: Summary, *, internal: bool = False) -> str:
    """The CSV as text: counts as integers ("<5" for 1–4 and "hidden" for a count that would
    give one back, unless ``internal``), rates 0–1, days as numbers; a rate is empty when
    undefined, when its group is too small or when it would give a hidden count back."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerow(["measure", "value"])
    hidden = summary.hidden_measures()  # rates of groups too small to mean anything: empty
    shown = summary.shown(internal)
    for measure, value, kind in summary.measures():
        if measure in hidden or (shown.is_hidden(measure) and kind == "rate"):
            text = ""
        elif kind == "count":
            text = str(shown.count(measure))
        else:
            text = format_value(value, kind, internal)
        writer.writerow([measure, text])
    return buffer.getvalue()


def write_csv(summary: Summary, path: Path | str, *, internal: bool = False) -> Path:
    """Write the headline CSV (UTF-8) to ``path`` through a temporary file; returns the path."""
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    write_private_text(tmp, csv_text(summary, internal=internal), newline="")
    tmp.replace(target)
    return target
