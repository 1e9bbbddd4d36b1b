"""The front desk's day sheet: one day's appointments for a venue or a caseworker, as a PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from divert_desktop.core.validation import format_long_date, format_time
from divert_desktop.documents.fonts import FONT, FONT_BOLD, doc_kwargs, register_fonts, styles


@dataclass(frozen=True)
class DaySheetRow:
    start_at: datetime
    end_at: datetime
    person_name: str
    young_person: bool
    type_label: str
    who: str  # the caseworker (a venue's sheet) or the place (a caseworker's sheet)
    status_label: str
    phone: str = ""


@dataclass(frozen=True)
class DaySheetSection:
    """One part of a sheet for several places (a venue of the all-venues sheet): its heading
    (``title``), its appointments, why it is closed (if it is) and what the ``who`` column holds."""

    title: str
    rows: tuple[DaySheetRow, ...]
    closed: str | None = None
    who_heading: str = "Caseworker"


@dataclass(frozen=True)
class DaySheet:
    """What the sheet prints: ``kind`` is "Venue" or "Caseworker", ``name`` which one.

    ``sections`` (the all-venues sheet for the front desk) print one after another, each with
    its heading and table; ``rows`` then holds them all, by time."""

    organisation: str
    day: date
    kind: str
    name: str
    rows: tuple[DaySheetRow, ...]
    closed: str | None = None
    sections: tuple[DaySheetSection, ...] = ()


def long_day(d: date) -> str:
    """ "Wednesday 2 December 2026"."""
    return f"{_WEEKDAYS[d.weekday()]} {format_long_date(d)}"


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _canvas_class() -> Any:
    """A canvas that knows the page count when it draws "Page 1 of 2" (embedded font, invariant)."""
    from reportlab.pdfgen import canvas

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT  # never Helvetica
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                width = self._pagesize[0]
                self.drawRightString(width - 36, 20, f"Page {self._pageNumber} of {total}")
                super().showPage()
            super().save()

    return NumberedCanvas


def _count(rows: tuple[DaySheetRow, ...], closed: str | None) -> str:
    summary = f"{len(rows)} appointment{'s' if len(rows) != 1 else ''}"
    return f"Closed: {closed}. {summary}" if closed else summary


def _table(rows: tuple[DaySheetRow, ...], who: str, width: float, cell: Any) -> Any:
    """The appointments as a table with a column to write notes in (its header repeats on
    every page it runs over)."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    head = ["Time", "Person", "Under 18", "Appointment", who, "Status", "Phone", "Notes"]
    body = [
        [
            f"{format_time(r.start_at)}–{format_time(r.end_at)}",
            Paragraph(escape(r.person_name), cell),
            "U18" if r.young_person else "",
            Paragraph(escape(r.type_label), cell),
            Paragraph(escape(r.who), cell),
            Paragraph(escape(r.status_label), cell),
            r.phone,
            "",
        ]
        for r in rows
    ]
    if not body:
        body = [["", Paragraph("No appointments.", cell), "", "", "", "", "", ""]]
    widths = [24 * mm, 44 * mm, 20 * mm, 34 * mm, 34 * mm, 40 * mm, 26 * mm, 0]
    widths[-1] = width - sum(widths)
    table = Table([head, *body], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), FONT_BOLD, 9),
                ("FONT", (0, 1), (-1, -1), FONT, 9),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8a8d8f")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f6f6")]),
                ("TOPPADDING", (0, 1), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 10),
            ]
        )
    )
    return table


def render_day_sheet(sheet: DaySheet) -> bytes:
    """Return the PDF (A4 landscape): a header, then a table of the day's appointments with a
    column to write notes in (a sheet with ``sections``: a heading and a table for each, a
    heading never left alone at the foot of a page). The same sheet always gives the same
    bytes."""
    register_fonts()
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer

    st = styles(10)
    buffer = BytesIO()
    title = f"Day sheet: {sheet.name}"
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=title,
        author=sheet.organisation or "DIVERT Desktop",
        **doc_kwargs(),
    )
    story: list[Any] = []
    if sheet.organisation:
        story.append(Paragraph(escape(sheet.organisation), st["small"]))
    story.append(Paragraph(escape(f"{long_day(sheet.day)}"), st["h1"]))
    story.append(Paragraph(escape(f"{sheet.kind}: {sheet.name}"), st["h2"]))
    if not sheet.sections:
        story.append(Paragraph(escape(_count(sheet.rows, sheet.closed)), st["body"]))
        story.append(Spacer(1, 4 * mm))
        who = "Caseworker" if sheet.kind == "Venue" else "Place"
        story.append(_table(sheet.rows, who, doc.width, st["table"]))
    else:
        story.append(Paragraph(escape(_count(sheet.rows, sheet.closed)), st["body"]))
        for section in sheet.sections:
            story.append(CondPageBreak(45 * mm))  # room for the heading and a row or two
            story.append(Spacer(1, 5 * mm))
            story.append(Paragraph(escape(section.title), st["h2"]))
            if not section.rows:  # a quiet venue takes two lines, not a table
                quiet = f"Closed: {section.closed}. " if section.closed else ""
                story.append(Paragraph(escape(f"{quiet}No appointments."), st["body"]))
                continue
            story.append(Paragraph(escape(_count(section.rows, section.closed)), st["body"]))
            story.append(Spacer(1, 2 * mm))
            story.append(_table(section.rows, section.who_heading, doc.width, st["table"]))
    doc.build(story, canvasmaker=_canvas_class())
    return buffer.getvalue()
