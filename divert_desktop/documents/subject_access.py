"""The subject access export as a readable PDF: every section of the record, letters listed,
and who viewed or changed it. The JSON beside it holds the same content for machines."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from divert_desktop.core.validation import format_long_date, format_time
from divert_desktop.documents.fonts import FONT, FONT_BOLD, doc_kwargs, styles

FORMAT = "divert-subject-access"
FORMAT_VERSION = 1


def plain(value: Any) -> Any:
    """A value as JSON holds it: dates ISO 8601, enums by their stored value."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Item:
    """One record (a referral, an appointment …): its stored fields in column order, and any
    records belonging to it (a referral's status history)."""

    title: str
    fields: tuple[tuple[str, Any], ...]
    children: tuple[tuple[str, tuple[Item, ...]], ...] = ()

    def to_json(self) -> dict[str, Any]:
        out = {key: plain(value) for key, value in self.fields}
        for key, items in self.children:
            out[key] = [item.to_json() for item in items]
        return out


@dataclass(frozen=True)
class LetterFile:
    item: Item
    file_name: str
    pdf: bytes
    sha256: str


@dataclass(frozen=True)
class SubjectAccess:
    """Everything held about a person (and any records merged into theirs)."""

    person_id: int
    name: str
    generated_at: datetime
    organisation: str
    person: Item
    merged: tuple[Item, ...]
    sections: tuple[tuple[str, str, tuple[Item, ...]], ...]
    """(JSON key, heading, records) for referrals, appointments, assessments …"""
    letters: tuple[LetterFile, ...]
    audit: tuple[Item, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "generated_at": plain(self.generated_at),
            "organisation": self.organisation,
            "person": self.person.to_json(),
            "merged_records": [m.to_json() for m in self.merged],
            **{key: [i.to_json() for i in items] for key, _h, items in self.sections},
            "letters": [
                {
                    **letter.item.to_json(),
                    "file": f"letters/{letter.file_name}",
                    "sha256_matches": hashlib.sha256(letter.pdf).hexdigest() == letter.sha256,
                }
                for letter in self.letters
            ],
            "audit": [a.to_json() for a in self.audit],
        }


NAVY, GREY, LIGHT, RULE = "#1F3A5F", "#6B7280", "#EEF2F7", "#D1D5DB"
LABELS = {
    "id": "Record number",
    "pnc_id": "Police National Computer ID",
    "local_authority": "Area",
    "officer_number": "Officer's collar number",
    "created_at": "Recorded",
    "created_by": "Recorded by",
    "updated_at": "Last changed",
    "status_changed_at": "Status last changed",
    "at": "When",
    "username": "By",
    "from_status": "From",
    "to_status": "To",
    "other_text": "Details",
    "sha256": "Checksum (SHA-256)",
    "merged_into_id": "Merged into record",
    "anonymised_at": "Anonymised",
    "referral_datetime": "Referral date and time",
    "length_minutes": "Length (minutes)",
    "followup_rearrested": "Re-arrested within six months",
    "followup_rearrest_date": "Re-arrest date",
    "followup_learned_on": "Re-arrest news received",
    "followup_source": "Re-arrest news from",
    "follow_up_date": "Follow-up date",
    "start_at": "Starts",
    "end_at": "Ends",
    "place_kind": "Place",
    "place_detail": "Place details",
    "topics_other": "Other topics",
    "form_id": "Form",
    "address_line1": "Address line 1",
    "address_line2": "Address line 2",
}
CODED = frozenset(
    {
        "gender",
        "status",
        "from_status",
        "to_status",
        "source",
        "type",
        "place_kind",
        "recipient",
        "template",
        "substance",
        "preferred_contact",
        "topics",
        "followup_rearrested",
        "share_items",
    }
)
"""Keys whose values are codes ("not_engaged", "female"): shown humanised."""
PDF_HIDDEN = frozenset(
    {
        "referral_id",
        "appointment_id",
        "service_id",
        "caseworker_id",
        "venue_id",
        "supersedes_id",
        "moved_to_id",
        "onward_referral_id",
    }
)
"""Links between records, kept in the JSON but of no use to a reader of the PDF."""
UTC_KEYS = frozenset(
    {
        "created_at",
        "updated_at",
        "anonymised_at",
        "status_changed_at",
        "at",
        "amended_at",
        "resolved_at",
    }
)
"""Timestamps the app stores in UTC (shown in local time); others are UK local already."""
_CODE = re.compile(r"^[a-z]+(_[a-z]+)+$")


def label(key: str) -> str:
    return LABELS.get(key) or key.replace("_", " ").capitalize()


def _moment(value: datetime, key: str) -> str:
    if key in UTC_KEYS:
        value = value.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)
    return f"{format_long_date(value.date())} {format_time(value)}"


def text(value: Any, key: str = "") -> str:
    """A stored value as words: dates in full, codes humanised, nested answers one per line."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return _moment(value, key)
    if isinstance(value, date):
        return format_long_date(value)
    if isinstance(value, dict):
        return "\n".join(f"{label(str(k))}: {text(v, str(k))}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(text(v, key) for v in value)
    value = str(value)
    if key in CODED or _CODE.match(value):
        return value.replace("_", " ")[:1].upper() + value.replace("_", " ")[1:]
    return value


def _para(value: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(value).replace("\n", "<br/>"), style)


CELL_SIZE, CELL_LEADING, CELL_PAD = 8.5, 10.5, 6
PIECE_LINES = 30
"""A long value is cut into table rows of at most about this many lines, so every row fits on
a page (a row cannot split) and the table splits between them."""
KEEP_ROOM = 120
"""A heading moves to the next page only when less room than this is left under it."""


def pieces(value: str, width: float) -> list[str]:
    """``value`` cut into pieces that each fit on a page in a column ``width`` points wide, one
    under the other: at a line break or a space near a piece's end where there is one, else
    anywhere (a long word). A piece's printed width, plus a whole line for each line break, is
    kept to half of PIECE_LINES lines, as wrapping wastes at most half of each line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    inner = max(width - 2 * CELL_PAD, CELL_SIZE)
    budget = inner * PIECE_LINES / 2

    def cost(text: str) -> float:
        return stringWidth(text, FONT, CELL_SIZE) + text.count("\n") * inner

    out: list[str] = []
    while True:
        n = min(len(value), int(budget / (CELL_SIZE * 0.2)))  # a first guess: few are narrower
        while n > 1 and (c := cost(value[:n])) > budget:
            n = max(1, min(n - 1, int(n * budget / c)))
        if n >= len(value):
            out.append(value)
            return out
        cut = max(value.rfind("\n", n // 2, n), value.rfind(" ", n // 2, n))
        if cut > 0:
            out.append(value[:cut])
            value = value[cut + 1 :]
        else:
            out.append(value[:n])
            value = value[n:]


def _grid(rows: Sequence[Sequence[str]], widths: Sequence[float], *, header: bool) -> Any:
    """A table with each long value continued on the rows below its first (only the last row
    of each record is ruled), so the table splits between rows however long a value is."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    cell = styles()["table"].clone("sar_cell", fontSize=CELL_SIZE, leading=CELL_LEADING)
    bold = cell.clone("sar_bold", fontName=FONT_BOLD)
    data: list[list[Any]] = []
    ruled: list[int] = []
    for r, row in enumerate(rows):
        parts = [pieces(c, w) for c, w in zip(row, widths, strict=True)]
        for k in range(max(len(p) for p in parts)):
            data.append(
                [
                    _para(
                        p[k] if k < len(p) else "",
                        bold if (header and r == 0) or (not header and i == 0) else cell,
                    )
                    for i, p in enumerate(parts)
                ]
            )
        ruled.append(len(data) - 1)
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, CELL_SIZE),  # else the table selects Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for n in ruled:
        style.append(("LINEBELOW", (0, n), (-1, n), 0.25, colors.HexColor(RULE)))
    if header:
        style += [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(LIGHT)),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor(NAVY)),
        ]
    else:
        style.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor(LIGHT)))
    table.setStyle(TableStyle(style))
    return table


def _fields_table(item: Item, width: float) -> Any:
    rows = [[label(k), text(v, k)] for k, v in item.fields if k not in PDF_HIDDEN]
    return _grid(rows, [width * 0.32, width * 0.68], header=False)


def _keep(style: Any) -> Any:
    """A heading style that stays on the page of what follows it."""
    return style.clone(f"{style.name}_keep", keepWithNext=1)


def _styles() -> dict[str, Any]:
    st = dict(styles())
    st["h2"], st["h3"] = _keep(st["h2"]), _keep(st["h3"])
    st["h4"] = _keep(st["small"].clone("h4", fontName=FONT_BOLD, spaceBefore=4, spaceAfter=2))
    return st


def _item(item: Item, width: float) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    st = _styles()
    story: list[Any] = [Paragraph(escape(item.title), st["h3"]), _fields_table(item, width)]
    for key, children in item.children:
        if not children:
            continue
        story.append(Paragraph(label(key), st["h4"]))
        keys = [k for k, _v in children[0].fields if k != "id" and k not in PDF_HIDDEN]
        rows = [[label(k) for k in keys]]
        rows += [[text(v, k) for k, v in child.fields if k in keys] for child in children]
        story.append(_grid(rows, [width / len(keys)] * len(keys), header=True))
    story.append(Spacer(1, 6))
    return story


def _changes(details: Any) -> str:
    if not isinstance(details, dict):
        return ""
    if isinstance(details.get("before"), dict) or isinstance(details.get("after"), dict):
        before, after = details.get("before") or {}, details.get("after") or {}
        return "\n".join(
            f"{label(k)}: {text(before.get(k), k)} → {text(after.get(k), k)}"
            for k in sorted(set(before) | set(after))
        )
    return "; ".join(f"{label(str(k))}: {text(v, str(k))}" for k, v in details.items())


def build_story(data: SubjectAccess, width: float) -> list[Any]:
    from reportlab.platypus import CondPageBreak, Paragraph, Spacer

    st = _styles()
    story: list[Any] = []
    if data.organisation:
        story.append(Paragraph(escape(data.organisation), st["h2"]))
    story += [
        Paragraph(f"Information held about {escape(data.name)}", st["h1"]),
        Paragraph(f"<b>Record number:</b> {data.person_id}", st["body"]),
        Paragraph(f"<b>Made on:</b> {_moment(data.generated_at, '')}", st["body"]),
        Spacer(1, 6),
        Paragraph(
            "This is everything DIVERT Desktop holds about this person: their details, "
            "referrals, appointments, assessments, educational sessions, onward referrals and "
            "letters, and a list of everyone who has viewed or changed the record. The file "
            "subject-access-*.json beside this one holds the same information for computers; "
            "the letters are in the letters folder.",
            st["small"],
        ),
        Paragraph("Personal details", st["h2"]),
        _fields_table(data.person, width),
    ]
    for merged in data.merged:
        story += _item(merged, width)
    for _key, heading, items in data.sections:
        story += [CondPageBreak(120), Paragraph(heading, st["h2"])]
        if not items:
            story.append(Paragraph("None recorded.", st["body"]))
        for item in items:
            story += _item(item, width)
    story += [CondPageBreak(120), Paragraph("Letters", st["h2"])]
    if not data.letters:
        story.append(Paragraph("No letters recorded.", st["body"]))
    else:
        rows = [["Date", "Letter", "Sent to", "File"]]
        for letter in data.letters:
            f = dict(letter.item.fields)
            where = f"letters/{letter.file_name}" if letter.pdf else "Removed (anonymised)"
            rows.append(
                [
                    text(f.get("created_at"), "created_at"),
                    text(f.get("template"), "template"),
                    text(f.get("recipient"), "recipient"),
                    where,
                ]
            )
        story.append(
            _grid(rows, [width * 0.2, width * 0.2, width * 0.13, width * 0.47], header=True)
        )
    story += [CondPageBreak(120), Paragraph("Who has viewed or changed this record", st["h2"])]
    if not data.audit:
        story.append(Paragraph("Nobody yet.", st["body"]))
    else:
        rows = [["When", "Who", "What", "Details", "Computer"]]
        for event in data.audit:
            f = dict(event.fields)
            who = f"{f['username']} ({text(f.get('role'))})" if f.get("role") else f["username"]
            rows.append(
                [
                    text(f["at"], "at"),
                    who,
                    str(f["action_text"]),
                    _changes(f.get("details")) or "–",
                    str(f["workstation"]),
                ]
            )
        story.append(_grid(rows, [w * width for w in (0.18, 0.17, 0.22, 0.28, 0.15)], header=True))
    return story


def _keep_heading_class() -> Any:
    """What keeps a heading with what follows it: a new page only when less than KEEP_ROOM is
    left, not whenever the (long) table under the heading would not fit on this page."""
    from reportlab.platypus import KeepTogether

    class KeepHeading(KeepTogether):
        def split(self, aW: float, aH: float) -> list[Any]:
            return list(self._content) if aH >= KEEP_ROOM else super().split(aW, aH)

    return KeepHeading


def render_subject_access(data: SubjectAccess) -> bytes:
    """The export as PDF bytes (embedded DejaVu fonts)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor(GREY))
        canvas.drawString(
            doc.leftMargin, 28, f"Confidential · subject access export · record {data.person_id}"
        )
        canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, 28, f"Page {doc.page}")
        canvas.restoreState()

    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title="Subject access export",
        author=data.organisation or "DIVERT",
        initialFontName=FONT,
        initialFontSize=10,
        **doc_kwargs(),
    )
    doc.keepTogetherClass = _keep_heading_class()
    doc.build(build_story(data, doc.width), onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
