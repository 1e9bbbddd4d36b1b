"""The summary as an .xlsx workbook: a sheet per breakdown and a Definitions sheet (openpyxl)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from divert_desktop.core.summaries import (
    DAYS_ATTENDED,
    DAYS_OFFERED,
    DEFINITIONS,
    ENGAGED_OF_ELIGIBLE,
    HIDDEN,
    HIDDEN_RATE_WORDS,
    SUPPRESSED,
    Summary,
    caseload_key,
    onward_key,
    period_text,
    repeat_key,
    row_key,
    share_key,
)
from divert_desktop.core.validation import plural
from divert_desktop.private_files import open_private
from divert_desktop.services.sheet_files import append_row, put_cell

PERCENT = "0.0%"
HEADER_FILL = "DCE6F0"


def _sheet(
    wb: Any,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[int],
    percent_columns: Sequence[int] = (),
) -> Any:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(title[:31])
    append_row(ws, headers)
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor=HEADER_FILL)
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        append_row(ws, row)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(1, index).column_letter].width = width
    for column in percent_columns:
        for (c,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
            c.number_format = PERCENT
    for row in ws.iter_rows(min_row=2, min_col=2):
        for c in row:
            if isinstance(c.value, str) and (
                c.value in (SUPPRESSED, HIDDEN) or c.value.startswith(HIDDEN_RATE_WORDS)
            ):
                c.alignment = Alignment(horizontal="right")
    ws.freeze_panes = "A2"
    return ws


def build_workbook(
    summary: Summary, *, internal: bool = False, organisation: str = "", generated_on: Any = None
) -> Any:
    """An openpyxl Workbook of the summary (counts 1–4 as "<5", and figures that would give
    one back as "hidden", unless ``internal``). Text cells are text, never formulas."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    figures = summary.shown(internal)
    n = figures.count
    wb = Workbook()
    wb.remove(wb.active)
    kinds = {"rate": PERCENT, "days": "0.0", "count": "#,##0", "number": "0"}
    hidden = summary.hidden_measures()

    def shown(m: str, v: Any, k: str) -> Any:
        if m in hidden:
            return summary.hidden_rate_text
        if k == "count" and v is not None:
            return n(m)
        return figures.ratio(m) if k == "rate" and m in figures.figures.ratios else v

    headline = [[m, shown(m, v, k), k] for m, v, k in summary.measures()]
    ws = _sheet(wb, "Headline", ["Measure", "Value", "Kind"], headline, [38, 14, 10])
    for row in ws.iter_rows(min_row=2):
        if not isinstance(row[1].value, str):
            row[1].number_format = kinds[row[2].value]
    ws.insert_rows(1, 4)
    title = f"{organisation + ': ' if organisation else ''}DIVERT summary"
    put_cell(ws, "A1", title).font = Font(bold=True, size=14)
    put_cell(ws, "A2", f"{period_text(summary.date_from, summary.date_to)} · {summary.area_text}")
    if generated_on is not None:
        put_cell(
            ws,
            "A3",
            f"Generated {generated_on:%d %B %Y}"
            + (" · INTERNAL: small numbers shown" if internal else ""),
        )
    ws.freeze_panes = "A6"
    _sheet(
        wb,
        "Funnel",
        ["Stage", "Referrals", "Share of referrals"],
        [[label, n(m), figures.ratio(share_key(m))] for label, m, _ in summary.funnel()],
        [36, 12, 18],
        percent_columns=[3],
    )
    for b in summary.breakdowns:

        def at(label: str, column: str, key: str = b.key) -> Any:
            return n(row_key(key, label, column))

        rows = [
            [
                r.label,
                at(r.label, "referrals"),
                at(r.label, "eligible"),
                at(r.label, "booked"),
                at(r.label, "engaged"),
                at(r.label, "completed"),
                figures.ratio(row_key(b.key, r.label, ENGAGED_OF_ELIGIBLE)),
            ]
            for r in b.rows
        ]
        ws = _sheet(
            wb,
            b.title,
            [
                b.title,
                "Referrals",
                "Eligible",
                "Booked",
                "Engaged",
                "Completed",
                "Engaged of eligible",
            ],
            rows,
            [
                max(24, min(60, max((len(r[0]) for r in rows), default=10) + 2)),
                11,
                11,
                11,
                11,
                11,
                12,
            ],
            percent_columns=[7],
        )
        append_row(ws, [])
        append_row(ws, [b.note])
    _sheet(
        wb,
        "Repeat referrals",
        ["Referral of the person", "Referrals"],
        [[label, n(repeat_key(label))] for label, _ in summary.repeat],
        [28, 12],
    )
    _sheet(
        wb,
        "Onward referrals",
        ["Service type", "Outcome", "Onward referrals"],
        [[o.service_type, o.outcome, n(onward_key(i))] for i, o in enumerate(summary.onward)],
        [28, 18, 16],
    )
    days = [
        ("To first appointment offered", summary.to_first_offered, DAYS_OFFERED),
        ("To first appointment attended", summary.to_first_attended, DAYS_ATTENDED),
    ]
    ws = _sheet(
        wb,
        "Days to first appointment",
        ["Measure", "Referrals", "Median days", "90th percentile days"],
        [[label, n(k), d.median, d.p90] for label, d, k in days],
        [32, 12, 14, 20],
    )
    e, ne = summary.rearrest_engaged, summary.rearrest_not_engaged

    def group_rate(group: Any, name: str) -> Any:
        if summary.rate_hidden(group):
            return summary.hidden_rate_text
        return figures.ratio(f"rearrest_rate_{name}")

    def answers(name: str) -> list[Any]:
        return [n(f"rearrest_{name}_{a}") for a in ("yes", "no", "unknown")]

    ws = _sheet(
        wb,
        "Re-arrest",
        ["Group", "Re-arrested", "Not re-arrested", "Unknown", "Re-arrest rate"],
        [
            ["Engaged (completed included)", *answers("engaged"), group_rate(e, "engaged")],
            ["Not engaged", *answers("not_engaged"), group_rate(ne, "not_engaged")],
        ],
        [30, 13, 16, 11, 15],
        percent_columns=[5],
    )
    append_row(ws, [])
    append_row(
        ws,
        [
            f"A rate is shown only when at least {plural(summary.rate_min_group, 'referral')} "
            "of the group have a yes or no answer; below that it says "
            f"“{summary.hidden_rate_text}”."
        ],
    )
    _sheet(
        wb,
        "Caseload",
        ["Caseworker", "Referrals", "Appointments", "Attended"],
        [
            [
                c.caseworker,
                *(n(caseload_key(i, k)) for k in ("referrals", "appointments", "attended")),
            ]
            for i, c in enumerate(summary.caseload)
        ],
        [30, 12, 14, 12],
    )
    ws = _sheet(wb, "Definitions", ["Measure", "How it is counted"], list(DEFINITIONS), [34, 100])
    from openpyxl.styles import Alignment

    for (c,) in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        c.alignment = Alignment(wrap_text=True, vertical="top")
    wb.properties.created = datetime(2000, 1, 1)
    wb.properties.modified = datetime(2000, 1, 1)
    return wb


def write_xlsx(
    summary: Summary,
    path: Path | str,
    *,
    internal: bool = False,
    organisation: str = "",
    generated_on: Any = None,
) -> Path:
    """Write the workbook to ``path`` (through a temporary file); returns the path."""
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    book = build_workbook(
        summary, internal=internal, organisation=organisation, generated_on=generated_on
    )
    with open_private(tmp, "wb") as handle:  # 0600: only its owner can read it
        book.save(handle)
    tmp.replace(target)
    return target
