"""The managers' summary as a PDF: cover, funnel chart, a table and bar chart per breakdown, notes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from divert_desktop.core.summaries import (
    DAYS_ATTENDED,
    DAYS_OFFERED,
    DEFINITIONS,
    Shown,
    Summary,
    caseload_key,
    days_text,
    long_date,
    onward_key,
    period_text,
    repeat_key,
    row_key,
    share_key,
)
from divert_desktop.core.validation import plural
from divert_desktop.documents.fonts import FONT, FONT_BOLD, doc_kwargs, register_fonts, styles
from divert_desktop.private_files import write_private_bytes

NAVY, TEAL, GREY, LIGHT = "#1F3A5F", "#2E7D7A", "#6B7280", "#EEF2F7"


def _pct(value: float | str | None) -> str:
    """A rate as a percentage, "–" when undefined, or the word a hidden rate shows instead."""
    if isinstance(value, str):
        return value
    return "–" if value is None else f"{100 * value:.1f}%"


def _number(value: int | str) -> str:
    return f"{value:,}" if isinstance(value, int) else value


def _table(rows: Sequence[Sequence[Any]], widths: Sequence[float], numeric_from: int = 1) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    cell_style = styles()["table"].clone("cell", fontSize=8.5, leading=10)

    def first(text: str) -> Any:  # long labels wrap instead of running into the numbers
        return Paragraph(escape(text), cell_style) if len(text) > 38 else text

    data = [[str(c) for c in row] for row in rows]
    data = [data[0]] + [[first(row[0]), *row[1:]] for row in data[1:]]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8.5),
                ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8.5),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(LIGHT)),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor(NAVY)),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#D1D5DB")),
                ("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def _drawing(width: float, height: float) -> Any:
    """A Drawing whose default font is the embedded one (else ReportLab sets Helvetica)."""
    from reportlab.graphics.shapes import Drawing

    register_fonts()
    drawing = Drawing(width, height)
    drawing.initialFontName, drawing.initialFontSize = FONT, 8
    return drawing


def _bars(
    labels: Sequence[str],
    values: Sequence[int],
    width: float,
    colour: str = TEAL,
    bar_height: float = 13,
    texts: Sequence[str] | None = None,
) -> Any:
    """A horizontal bar chart (ReportLab graphics) with a value at the end of each bar."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.lib import colors

    count = max(1, len(labels))
    height = count * bar_height + 26
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 14
    chart.width, chart.height = width - 190, count * bar_height
    chart.data = [list(reversed(values)) or [0]]
    chart.categoryAxis.categoryNames = [
        t if len(t) <= 34 else t[:32] + "…" for t in reversed(labels)
    ] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = colors.HexColor(GREY)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max([*values, 1]) * 1.12
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.strokeColor = colors.HexColor(GREY)
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E5E7EB")
    chart.bars[0].fillColor = colors.HexColor(colour)
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "values"
    chart.barLabelArray = [list(reversed(texts or [str(v) for v in values]))]
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _funnel(summary: Summary, figures: Shown, width: float) -> Any:
    """The funnel: one centred bar per stage, narrowing with the numbers, labelled inside. A
    hidden count is drawn as a pale full-width bar, so its length gives nothing away."""
    from reportlab.graphics.shapes import Rect, String
    from reportlab.lib import colors

    stages = summary.funnel()[:5]
    step, bar = 30, 24
    drawing = _drawing(width, step * len(stages) + 4)
    top = max([c for _, m, c in stages if not figures.is_hidden(m)] + [1])
    shades = ["#1F3A5F", "#285A7A", "#2E7D7A", "#3D9A84", "#5CB38A"]
    for i, (label, measure, count) in enumerate(stages):
        hidden = figures.is_hidden(measure)
        w = width - 20 if hidden else max(6.0, (width - 20) * count / top)
        y = drawing.height - (i + 1) * step
        fill = LIGHT if hidden else shades[i]
        drawing.add(
            Rect((width - w) / 2, y, w, bar, fillColor=colors.HexColor(fill), strokeColor=None)
        )
        ratio = figures.ratio(share_key(measure))
        share = f" ({100 * ratio:.0f}%)" if i and isinstance(ratio, float) else ""
        text = f"{label}: {_number(figures.count(measure))}{share}"
        inside = w > 170 and not hidden
        drawing.add(
            String(
                width / 2 if inside or hidden else (width + w) / 2 + 6,
                y + 8,
                text,
                fontName=FONT_BOLD,
                fontSize=9,
                fillColor=colors.white if inside else colors.HexColor(NAVY),
                textAnchor="middle" if inside or hidden else "start",
            )
        )
    return drawing


def _page_decorations(organisation: str, generated_on: date) -> Any:
    def draw(canvas: Any, doc: Any) -> None:
        from reportlab.lib import colors

        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor(GREY))
        canvas.drawString(
            doc.leftMargin,
            28,
            f"{organisation or 'DIVERT'} · DIVERT summary · generated {long_date(generated_on)}",
        )
        canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, 28, f"Page {doc.page}")
        canvas.restoreState()

    return draw


def build_story(summary: Summary, *, generated_on: date, internal: bool, width: float) -> list:
    from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer

    st = styles()
    figures = summary.shown(internal)

    def n(key: str) -> str:
        return _number(figures.count(key))

    def rate_of(group: Any, name: str) -> str:
        if summary.rate_hidden(group):
            return summary.hidden_rate_text
        return _pct(figures.ratio(f"rearrest_rate_{name}"))

    story: list[Any] = [Spacer(1, 90)]
    if summary.organisation:
        story.append(Paragraph(summary.organisation, st["h2"]))
    story += [
        Paragraph("DIVERT summary", st["h1"]),
        Paragraph(
            f"<b>Period:</b> {period_text(summary.date_from, summary.date_to)} (by referral date)",
            st["body"],
        ),
        Paragraph(f"<b>Area:</b> {summary.area_text}", st["body"]),
        Paragraph(f"<b>Generated:</b> {long_date(generated_on)}", st["body"]),
        Spacer(1, 8),
        Paragraph(
            "INTERNAL COPY: every number is shown. Do not send outside the organisation."
            if internal
            else "Counts from 1 to 4 are shown as “&lt;5” so that nobody can be recognised.",
            st["small"],
        ),
        Spacer(1, 22),
        Paragraph("Key figures", st["h2"]),
    ]
    key = [
        ["Measure", "Figure"],
        ["Referrals", n("referrals")],
        ["Eligible", n("eligible")],
        ["Ineligible", n("ineligible")],
        ["Held for a manager", n("held")],
        ["Booked", n("booked")],
        ["Engaged", n("engaged")],
        ["Completed", n("completed")],
        ["Not engaged", n("not_engaged")],
        ["Withdrawn", n("withdrawn")],
        ["Young people (under 18)", n("young_people")],
        ["Repeat referrals", n("repeat_referrals")],
        ["Did-not-attend rate", _pct(figures.ratio("dna_rate"))],
        ["Median days to first appointment", days_text(summary.to_first_offered.median) or "–"],
        ["Onward referrals", n("onward_referrals")],
        ["Re-arrest rate, engaged", rate_of(summary.rearrest_engaged, "engaged")],
        ["Re-arrest rate, not engaged", rate_of(summary.rearrest_not_engaged, "not_engaged")],
    ]
    story += [_table(key, [width * 0.55, width * 0.2]), PageBreak()]
    story += [
        Paragraph("Funnel", st["h2"]),
        Paragraph("Referrals in the period and how far they got.", st["small"]),
        Spacer(1, 6),
        _funnel(summary, figures, width),
        Spacer(1, 10),
    ]
    exits = [["Left the scheme", "Referrals", "Share"]]
    exits += [
        [label, n(m), _pct(figures.ratio(share_key(m)))]
        for label, m, _ in summary.funnel()[5:]
        if m not in ("ineligible", "held")
    ]
    story.append(_table(exits, [width * 0.5, width * 0.15, width * 0.15]))
    for b in summary.breakdowns:
        rows = [r for r in b.rows if r.referrals] or list(b.rows[:1])
        table = [[b.title, "Referrals", "Eligible", "Booked", "Engaged", "Completed"]]
        table += [
            [
                r.label,
                *(
                    n(row_key(b.key, r.label, c))
                    for c in ("referrals", "eligible", "booked", "engaged", "completed")
                ),
            ]
            for r in rows
        ]
        first = width * 0.36
        rest = (width - first) / 5
        shown = [figures.count(row_key(b.key, r.label, "referrals")) for r in rows]
        chart = _bars(
            [r.label for r in rows],
            [v if isinstance(v, int) else 0 for v in shown],
            width,
            texts=[f"{v:,}" if isinstance(v, int) else v for v in shown],
        )
        story += [
            CondPageBreak(220),
            KeepTogether(
                [Paragraph(b.title, st["h2"]), Paragraph(b.note, st["small"]), Spacer(1, 4)]
            ),
            _table(table, [first] + [rest] * 5),
            Spacer(1, 6),
            chart,
        ]
    story += [
        CondPageBreak(200),
        Paragraph("Repeat referrals", st["h2"]),
        _table(
            [["Referral of the person", "Referrals"]]
            + [[label, n(repeat_key(label))] for label, _ in summary.repeat],
            [width * 0.5, width * 0.2],
        ),
    ]
    days = [["Days from referral", "Referrals", "Median", "90th percentile"]]
    for label, d, k in (
        ("To first appointment offered", summary.to_first_offered, DAYS_OFFERED),
        ("To first appointment attended", summary.to_first_attended, DAYS_ATTENDED),
    ):
        days.append([label, n(k), days_text(d.median) or "–", days_text(d.p90) or "–"])
    story += [
        Paragraph("Time to first appointment", st["h2"]),
        _table(days, [width * 0.4, width * 0.15, width * 0.15, width * 0.2]),
    ]
    e, ne = summary.rearrest_engaged, summary.rearrest_not_engaged

    def answers(name: str) -> list[str]:
        return [n(f"rearrest_{name}_{a}") for a in ("yes", "no", "unknown")]

    story += [
        Paragraph("Six-month re-arrest", st["h2"]),
        _table(
            [
                ["Group", "Re-arrested", "Not re-arrested", "Unknown", "Rate"],
                ["Engaged (completed included)", *answers("engaged"), rate_of(e, "engaged")],
                ["Not engaged", *answers("not_engaged"), rate_of(ne, "not_engaged")],
            ],
            [width * 0.295, width * 0.145, width * 0.18, width * 0.11, width * 0.27],
        ),
    ]
    story.append(
        Paragraph(
            f"A rate is shown only when at least {plural(summary.rate_min_group, 'referral')} "
            "of the group have a yes or no answer; below that it says "
            f"“{summary.hidden_rate_text}”, because a rate over one or two people says nothing "
            "about the scheme.",
            st["small"],
        )
    )
    onward = [["Service type", "Outcome", "Onward referrals"]]
    onward += [
        [o.service_type, o.outcome, n(onward_key(i))] for i, o in enumerate(summary.onward)
    ] or [["None", "", "0"]]
    story += [
        CondPageBreak(160),
        Paragraph("Onward referrals", st["h2"]),
        _table(onward, [width * 0.4, width * 0.25, width * 0.2], numeric_from=2),
    ]
    caseload = [["Caseworker", "Referrals", "Appointments", "Attended"]]
    caseload += [
        [c.caseworker, *(n(caseload_key(i, k)) for k in ("referrals", "appointments", "attended"))]
        for i, c in enumerate(summary.caseload)
    ] or [["None", "0", "0", "0"]]
    story += [
        CondPageBreak(160),
        Paragraph("Caseload per caseworker", st["h2"]),
        _table(caseload, [width * 0.4, width * 0.15, width * 0.17, width * 0.15]),
    ]
    story += [PageBreak(), Paragraph("How each figure is counted", st["h2"])]
    for term, text in DEFINITIONS:
        story.append(Paragraph(f"<b>{ON_SCREEN.get(term, term)}</b>: {text}", st["small"]))
        story.append(Spacer(1, 4))
    return story


ON_SCREEN = {
    "referrals": "Referrals",
    "eligible": "Eligible",
    "ineligible": "Ineligible",
    "held": "Held for a manager",
    "booked": "Booked",
    "engaged": "Engaged",
    "completed": "Completed",
    "not_engaged": "Not engaged",
    "withdrawn": "Withdrawn",
    "young_people": "Young people (under 18)",
    "repeat_referrals": "Repeat referrals",
    "dna_rate": "Did-not-attend rate",
    "median_days_to_first_appointment": "Median days to first appointment",
    "onward_referrals": "Onward referrals",
    "rearrest_rate_engaged": "Re-arrest rate, engaged",
    "rearrest_rate_not_engaged": "Re-arrest rate, not engaged",
}
"""The words the key figures (and the screen) use for each measure: the method page names a
figure as the reader saw it, not by its CSV code."""


def render_summary_pdf(summary: Summary, *, generated_on: date, internal: bool = False) -> bytes:
    """The PDF as bytes. The same summary and ``generated_on`` give byte-identical files."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"DIVERT summary {period_text(summary.date_from, summary.date_to)}",
        author=summary.organisation or "DIVERT",
        initialFontName=FONT,
        initialFontSize=10,
        **doc_kwargs(),
    )
    decorate = _page_decorations(summary.organisation, generated_on)
    doc.build(
        build_story(summary, generated_on=generated_on, internal=internal, width=doc.width),
        onFirstPage=decorate,
        onLaterPages=decorate,
    )
    return buffer.getvalue()


def write_summary_pdf(
    summary: Summary, path: Path | str, *, generated_on: date, internal: bool = False
) -> Path:
    """Write the PDF to ``path`` (through a temporary file); returns the path."""
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    write_private_bytes(
        tmp, render_summary_pdf(summary, generated_on=generated_on, internal=internal)
    )
    tmp.replace(target)
    return target
