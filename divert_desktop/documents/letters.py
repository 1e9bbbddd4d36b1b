"""Letters as PDFs: A4, the letterhead with its logo, address block, date, reference, subject,
body, signatory and page numbers. DTO in, bytes out; the same letter always gives the same bytes.

Laid out directly on a canvas (two passes: lay out, then draw with "Page n of N"), which costs
little more than drawing the text itself.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from divert_desktop.core.letter_fields import Block
from divert_desktop.core.validation import format_long_date
from divert_desktop.documents.fonts import FONT, FONT_BOLD, new_canvas, register_fonts

MM = 72 / 25.4
PAGE_W, PAGE_H = 595.2756, 841.8898
LEFT, RIGHT, TOP, BOTTOM = 25 * MM, 20 * MM, 14 * MM, 16 * MM
NAVY, TEAL, GREY, TINT, INK = "#1F3A5F", "#2E7D7A", "#4B5563", "#EEF2F7", "#111827"
LARGE_PRINT_SIZE = 16
_lock = threading.Lock()  # ReportLab keeps module-level state: one letter at a time


@dataclass(frozen=True)
class Letterhead:
    """The organisation's details printed on every letter (shared settings)."""

    organisation: str
    address: str = ""
    phone: str = ""
    email: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    logo_png: bytes | None = None


@dataclass(frozen=True)
class LetterDoc:
    """One letter to one recipient, ready to print. ``cover`` is the note at the top of an
    appropriate adult's copy; ``title`` goes in the file's properties (never a person's name)."""

    letterhead: Letterhead
    letter_date: date
    reference_label: str
    reference: str
    address_lines: tuple[str, ...]
    subject: str
    blocks: tuple[Block, ...]
    title: str
    cover: tuple[Block, ...] = ()
    large_print: bool = False


@dataclass(frozen=True)
class _Style:
    body: float
    leading: float
    small: float
    small_leading: float
    subject: float
    name: float
    gap: float
    label_width: float


NORMAL = _Style(11, 15.5, 8.5, 11.5, 13.5, 15, 7, 41 * MM)
LARGE = _Style(LARGE_PRINT_SIZE, 22, LARGE_PRINT_SIZE, 20, 20, 20, 10, 52 * MM)

Op = tuple[Any, ...]


def _split(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` wrapped to ``width``; a word wider than that (a long unbroken value) is broken
    across lines rather than running off the page."""
    from reportlab.lib.utils import simpleSplit

    out: list[str] = []
    for line in simpleSplit(text, font, size, width) or [""]:
        while len(line) > 1 and _width(line, font, size) > width:
            n = _fit(line, font, size, width)
            out.append(line[:n])
            line = line[n:].lstrip(" ")
        out.append(line)
    return out


def _fit(text: str, font: str, size: float, width: float) -> int:
    """How many of ``text``'s first characters fit in ``width`` (at least one)."""
    total = 0.0
    for i, char in enumerate(text):
        total += _width(char, font, size)
        if total > width:
            return max(i, 1)
    return len(text)


def _width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


class _Layout:
    """Places a letter's parts on pages as drawing operations (no drawing yet)."""

    def __init__(self, doc: LetterDoc) -> None:
        register_fonts()
        self.doc = doc
        self.s = LARGE if doc.large_print else NORMAL
        self.width = PAGE_W - LEFT - RIGHT
        self.pages: list[list[Op]] = []
        self.bottom = BOTTOM + self.s.small_leading * 2.2
        self.y = 0.0

    # ---------------------------------------------------------------- pages
    def new_page(self) -> None:
        self.pages.append([])
        if len(self.pages) == 1:
            self.y = self.first_page_head()
            return
        s = self.s
        top = PAGE_H - TOP - s.small
        text = f"{self.doc.reference_label}: {self.doc.reference}, {format_long_date(self.doc.letter_date)}"
        self.op("text", FONT, s.small, LEFT, top, text, GREY)
        self.op("line", LEFT, top - 5, PAGE_W - RIGHT, top - 5, TINT, 0.8)
        self.y = top - 5 - s.leading

    def op(self, *args: Any) -> None:
        self.pages[-1].append(args)

    def room(self) -> float:
        return self.y - self.bottom

    # ---------------------------------------------------------------- first page
    def first_page_head(self) -> float:
        s, head = self.s, self.doc.letterhead
        top = PAGE_H - TOP
        right = PAGE_W - RIGHT
        lines = [x for x in head.address.replace("\r", "").split("\n") if x.strip()]
        lines += [x for x in (head.phone, head.email) if x]
        y_right = top - (s.name if head.logo_png else s.small)
        if head.organisation and head.logo_png:
            self.op("text_right", FONT_BOLD, s.name * 0.8, right, y_right, head.organisation, NAVY)
            y_right -= s.small_leading * 1.15
        for line in lines:
            self.op("text_right", FONT, s.small, right, y_right, line.strip(), GREY)
            y_right -= s.small_leading
        left_bottom = top
        if head.logo_png:
            w, h = _logo_size(head.logo_png, max_w=58 * MM, max_h=22 * MM)
            self.op("image", head.logo_png, LEFT, top - h, w, h)
            left_bottom = top - h
        elif head.organisation:
            size = s.name * 1.35
            for i, line in enumerate(_split(head.organisation, FONT_BOLD, size, self.width * 0.5)):
                self.op("text", FONT_BOLD, size, LEFT, top - size * (i + 1), line, NAVY)
                left_bottom = top - size * (i + 1) - size * 0.3
        rule = min(left_bottom, y_right + s.small_leading * 0.4) - 4 * MM
        self.op("line", LEFT, rule, right, rule, TEAL, 1.4)
        # The address block where a window envelope shows it (about 50 mm from the top).
        y = min(rule - 8 * MM, PAGE_H - 52 * MM)
        date_text = format_long_date(self.doc.letter_date)
        ref_text = f"{self.doc.reference_label}: {self.doc.reference}"
        side = max(_width(date_text, FONT, s.body), _width(ref_text, FONT, s.body))
        address_width = self.width - side - 10 * MM
        y_addr = y
        for line in self.doc.address_lines:
            for part in _split(line, FONT, s.body, address_width):
                self.op("text", FONT, s.body, LEFT, y_addr, part, INK)
                y_addr -= s.leading
        self.op("text_right", FONT, s.body, right, y, date_text, INK)
        self.op("text_right", FONT, s.body, right, y - s.leading, ref_text, GREY)
        return min(y_addr, y - 2 * s.leading) - s.leading * 1.2

    # ---------------------------------------------------------------- the flow
    def paragraph(
        self,
        text: str,
        *,
        font: str = FONT,
        size: float | None = None,
        colour: str = INK,
        indent: float = 0.0,
        after: float | None = None,
        keep_with_next: float = 0.0,
    ) -> None:
        """A paragraph; with ``keep_with_next`` (points: what follows, such as the signature)
        its last lines (at least two, or all of a short one) share a page with what follows."""
        s = self.s
        size = size or s.body
        leading = s.leading * size / s.body
        gap = s.gap if after is None else after
        keep = keep_with_next + gap if keep_with_next else 0.0
        lines = _split(text, font, size, self.width - indent)
        need = min(len(lines), 2) * leading
        if len(lines) <= 3:
            need = len(lines) * leading + keep
        if self.room() < need:
            self.new_page()
        tail = min(len(lines), 2) if keep else 0
        for i, line in enumerate(lines):
            left = len(lines) - i
            if self.room() < leading or (left == tail and self.room() < tail * leading + keep):
                self.new_page()  # never the signature alone: the closing lines go with it
            self.op("text", font, size, LEFT + indent, self.y - size, line, colour)
            self.y -= leading
        self.y -= gap

    def bullets(self, items: tuple[str, ...], *, keep_with_next: float = 0.0) -> None:
        s = self.s
        indent = s.body * 1.4
        for n, item in enumerate(items):
            lines = _split(item, FONT, s.body, self.width - indent)
            # The last point keeps its last lines with what follows (the signature).
            keep = s.gap + keep_with_next if keep_with_next and n == len(items) - 1 else 0.0
            need = min(len(lines), 2) * s.leading
            if len(lines) <= 3:
                need = len(lines) * s.leading + keep
            if self.room() < need:
                self.new_page()
            self.op("text", FONT, s.body, LEFT + s.body * 0.3, self.y - s.body, "•", TEAL)
            tail = min(len(lines), 2) if keep else 0
            for i, line in enumerate(lines):
                if self.room() < s.leading or (
                    len(lines) - i == tail and self.room() < tail * s.leading + keep
                ):
                    self.new_page()
                self.op("text", FONT, s.body, LEFT + indent, self.y - s.body, line, INK)
                self.y -= s.leading
            self.y -= s.gap * 0.4
        self.y -= s.gap * 0.6

    def details(
        self,
        rows: tuple[tuple[str, str], ...],
        *,
        border: str | None = None,
        keep_with_next: float = 0.0,
    ) -> None:
        """A shaded box of label/value rows, kept on one page (with what follows, if asked)."""
        s = self.s
        pad = 3.2 * MM
        label_w = s.label_width
        value_w = self.width - 2 * pad - label_w
        laid = []
        for name, value in rows:
            parts: list[str] = []
            for piece in str(value).split("\n"):
                parts.extend(_split(piece, FONT, s.body, value_w))
            label_lines = _split(name, FONT_BOLD, s.body, label_w - 3 * MM)
            laid.append((label_lines, parts))
        height = sum(max(len(a), len(b)) * s.leading for a, b in laid)
        height += (len(laid) - 1) * s.gap * 0.5 + 2 * pad
        keep = s.gap * 1.6 + keep_with_next if keep_with_next else 0.0
        if self.room() < height + keep and height + keep < (PAGE_H - TOP - self.bottom - 40):
            self.new_page()
        top = self.y
        self.op("rect", LEFT, top - height, self.width, height, TINT, border)
        y = top - pad
        for label_lines, parts in laid:
            for i, line in enumerate(label_lines):
                self.op(
                    "text", FONT_BOLD, s.body, LEFT + pad, y - s.body - i * s.leading, line, NAVY
                )
            for i, line in enumerate(parts):
                self.op(
                    "text",
                    FONT,
                    s.body,
                    LEFT + pad + label_w,
                    y - s.body - i * s.leading,
                    line,
                    INK,
                )
            y -= max(len(label_lines), len(parts)) * s.leading + s.gap * 0.5
        self.y = top - height - s.gap * 1.6

    def blocks(self, blocks: tuple[Block, ...], *, keep_last: float = 0.0) -> None:
        """The body; the last block keeps ``keep_last`` points (the signature) on its page."""
        for i, block in enumerate(blocks):
            keep = keep_last if i == len(blocks) - 1 else 0.0
            if block.kind == "details":
                self.details(block.rows, keep_with_next=keep)
            elif block.kind == "bullets":
                self.bullets(block.items, keep_with_next=keep)
            else:
                self.paragraph(block.text, keep_with_next=keep)

    def cover(self, blocks: tuple[Block, ...]) -> None:
        """The appropriate adult's note: a box above the letter to the young person."""
        s = self.s
        pad = 3.2 * MM
        texts = [b.text for b in blocks if b.kind == "paragraph"]
        lines_per = [_split(t, FONT, s.body, self.width - 2 * pad) for t in texts]
        height = sum(len(x) for x in lines_per) * s.leading + (len(texts) - 1) * s.gap + 2 * pad
        top = self.y
        self.op("rect", LEFT, top - height, self.width, height, TINT, TEAL)
        y = top - pad
        for lines in lines_per:
            for line in lines:
                self.op("text", FONT, s.body, LEFT + pad, y - s.body, line, INK)
                y -= s.leading
            y -= s.gap
        self.y = top - height - s.gap * 2.2

    def signature_height(self) -> float:
        """The room the signature block takes: space to sign, name, title, organisation."""
        return self.s.leading * 4.5

    def signature(self) -> None:
        s, head = self.s, self.doc.letterhead
        needed = self.signature_height()
        if self.room() < needed:
            self.new_page()
        self.y -= s.leading * 1.8  # room to sign
        if head.signatory_name:
            self.op("text", FONT_BOLD, s.body, LEFT, self.y - s.body, head.signatory_name, INK)
            self.y -= s.leading
        if head.signatory_title:
            self.op("text", FONT, s.body, LEFT, self.y - s.body, head.signatory_title, INK)
            self.y -= s.leading
        if head.organisation:
            self.op("text", FONT, s.body, LEFT, self.y - s.body, head.organisation, INK)
            self.y -= s.leading

    def build(self) -> list[list[Op]]:
        doc, s = self.doc, self.s
        self.new_page()
        if doc.cover:
            self.cover(doc.cover)
        self.paragraph(doc.subject, font=FONT_BOLD, size=s.subject, colour=NAVY, after=s.gap * 1.4)
        self.blocks(doc.blocks, keep_last=self.signature_height())
        self.signature()
        return self.pages


def _logo_size(png: bytes, *, max_w: float, max_h: float) -> tuple[float, float]:
    w, h = _image_reader(png).getSize()
    scale = min(max_w / w, max_h / h)
    return w * scale, h * scale


_readers: dict[bytes, Any] = {}


def _image_reader(png: bytes) -> Any:
    """One ImageReader per logo (kept for the next letter: a batch reuses it)."""
    from reportlab.lib.utils import ImageReader

    reader = _readers.get(png)
    if reader is None:
        if len(_readers) > 4:
            _readers.clear()
        reader = _readers[png] = ImageReader(BytesIO(png))
    return reader


_colours: dict[str, Any] = {}


def _colour(hex_text: str) -> Any:
    found = _colours.get(hex_text)
    if found is None:
        from reportlab.lib.colors import HexColor

        found = _colours[hex_text] = HexColor(hex_text)
    return found


class _Pen:
    """Sets the font and colours only when they change (each call writes to the page)."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.font: tuple[str, float] | None = None
        self.fill: str | None = None
        self.stroke: str | None = None

    def text(self, font: str, size: float, colour: str) -> None:
        if (font, size) != self.font:
            self.canvas.setFont(font, size)
            self.font = (font, size)
        self.fill_with(colour)

    def fill_with(self, colour: str) -> None:
        if colour != self.fill:
            self.canvas.setFillColor(_colour(colour))
            self.fill = colour

    def stroke_with(self, colour: str, width: float) -> None:
        if colour != self.stroke:
            self.canvas.setStrokeColor(_colour(colour))
            self.stroke = colour
        self.canvas.setLineWidth(width)


def _draw(canvas: Any, pages: list[list[Op]], large: bool) -> None:
    total = len(pages)
    size = LARGE_PRINT_SIZE if large else 8.5
    for number, ops in enumerate(pages, start=1):
        pen = _Pen(canvas)  # a new page starts with the default graphics state
        for op in ops:
            kind = op[0]
            if kind == "text":
                pen.text(op[1], op[2], op[6])
                canvas.drawString(op[3], op[4], op[5])
            elif kind == "text_right":
                pen.text(op[1], op[2], op[6])
                canvas.drawRightString(op[3], op[4], op[5])
            elif kind == "line":
                _, x1, y1, x2, y2, colour, width = op
                pen.stroke_with(colour, width)
                canvas.line(x1, y1, x2, y2)
            elif kind == "rect":
                _, x, y, w, h, fill, border = op
                pen.fill_with(fill)
                if border:
                    pen.stroke_with(border, 1.2)
                canvas.rect(x, y, w, h, stroke=1 if border else 0, fill=1)
            elif kind == "image":
                _, png, x, y, w, h = op
                canvas.drawImage(_image_reader(png), x, y, w, h, mask=None)
        if total > 1:
            pen.text(FONT, size, GREY)
            canvas.drawRightString(PAGE_W - RIGHT, BOTTOM, f"Page {number} of {total}")
        canvas.showPage()


def render_letter(doc: LetterDoc) -> bytes:
    """The letter as PDF bytes (A4, embedded fonts only, byte-identical for the same letter)."""
    with _lock:
        pages = _Layout(doc).build()
        buffer = BytesIO()
        canvas = new_canvas(buffer, pageCompression=1)
        canvas.setTitle(doc.title)
        canvas.setAuthor(doc.letterhead.organisation or "DIVERT Desktop")
        canvas.setCreator("DIVERT Desktop")
        canvas.setSubject("Letter")
        _draw(canvas, pages, doc.large_print)
        canvas.save()
        return buffer.getvalue()


def render_bare(pages_text: list[list[tuple[str, str, float, float, float, str]]]) -> bytes:
    """Bare ReportLab, for the benchmark: draw given strings on pages, each as (kind, font,
    size, x, y, text) where kind is "text" (from the left) or "text_right" (ending at x)."""
    with _lock:
        buffer = BytesIO()
        canvas = new_canvas(buffer, pageCompression=1)
        for page in pages_text:
            current = None
            for kind, font, size, x, y, text in page:
                if (font, size) != current:
                    canvas.setFont(font, size)
                    current = (font, size)
                if kind == "text":
                    canvas.drawString(x, y, text)
                else:
                    canvas.drawRightString(x, y, text)
            canvas.showPage()
        canvas.save()
        return buffer.getvalue()


def text_of(doc: LetterDoc) -> list[list[tuple[str, str, float, float, float, str]]]:
    """The strings a letter draws, page by page (what ``render_bare`` draws for the benchmark)."""
    pages = _Layout(doc).build()
    return [[op[:6] for op in page if op[0] in ("text", "text_right")] for page in pages]
