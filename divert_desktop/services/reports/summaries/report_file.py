"""One call from filters to a summary file (PDF, .xlsx or CSV by extension), for the CLI and GUI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from divert_desktop.core.errors import ValidationError
from divert_desktop.core.summaries import Summary
from divert_desktop.core.validation import parse_date
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.reports.summaries.csv_out import write_csv
from divert_desktop.services.reports.summaries.query import Progress, build_summary, parse_area
from divert_desktop.services.reports.summaries.xlsx_out import write_xlsx

FORMATS = {".pdf": "pdf", ".xlsx": "xlsx", ".csv": "csv"}


def output_format(path: Path | str) -> str:
    """ "pdf", "xlsx" or "csv" from the file name. Raises ValidationError for anything else."""
    kind = FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        raise ValidationError(
            f"Cannot tell the format of {Path(path).name}: the file name must end in .pdf, "
            ".xlsx or .csv",
            field="out",
        )
    return kind


def save_summary(
    summary: Summary, path: Path | str, *, generated_on: date, internal: bool = False
) -> Path:
    """Write an already computed summary to ``path`` in the format its extension names
    (``generated_on``: the date printed on it, from the caller's clock)."""
    kind = output_format(path)
    if kind == "csv":
        return write_csv(summary, path, internal=internal)
    if kind == "xlsx":
        return write_xlsx(
            summary,
            path,
            internal=internal,
            organisation=summary.organisation,
            generated_on=generated_on,
        )
    from divert_desktop.documents.summary_pdf import write_summary_pdf

    return write_summary_pdf(summary, path, generated_on=generated_on, internal=internal)


def write_report(
    db: Database,
    actor: Actor,
    date_from: str | date,
    date_to: str | date,
    area: str | None,
    out: Path | str,
    *,
    internal: bool = False,
    generated_on: date | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Compute the summary and write it to ``out``; returns the summary. Raises ValidationError
    (bad dates, unknown area or extension) and PermissionDenied before anything is written."""
    kind = output_format(out)
    parse_area(area)
    start = date_from if isinstance(date_from, date) else parse_date(date_from, "from")
    end = date_to if isinstance(date_to, date) else parse_date(date_to, "to")
    summary = build_summary(db, actor, start, end, area, output=kind, progress=progress)
    save_summary(summary, out, internal=internal, generated_on=generated_on or db.clock.today())
    return summary
