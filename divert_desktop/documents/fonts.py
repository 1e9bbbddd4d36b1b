"""The embedded fonts every document uses (DejaVu Sans, shipped in resources/fonts/).

The built-in Helvetica cannot print many names (Siân is fine, Łukasz and Nguyễn are not), and a
bare canvas writes an unembedded Helvetica into the file: always build canvases and documents here.
"""

from __future__ import annotations

import threading
from io import BytesIO
from typing import Any

from divert_desktop.paths import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"

_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the TTF fonts with ReportLab once per process (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        for bold, italic, name in (
            (0, 0, FONT),
            (1, 0, FONT_BOLD),
            (0, 1, FONT_ITALIC),
            (1, 1, FONT_BOLD_ITALIC),
        ):
            addMapping(FONT, bold, italic, name)
        _registered = True


def new_canvas(buffer: BytesIO, **kwargs: Any) -> Any:
    """A ReportLab canvas with the embedded font selected and deterministic output (``invariant``):
    the same drawing twice gives byte-identical files (no clock time or random ids inside)."""
    register_fonts()
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    kwargs.setdefault("pagesize", A4)
    kwargs.setdefault("invariant", 1)
    return canvas.Canvas(buffer, initialFontName=FONT, initialFontSize=10, **kwargs)


def doc_kwargs() -> dict[str, Any]:
    """Keyword arguments for ``SimpleDocTemplate``/``BaseDocTemplate``: deterministic output.
    Paragraph styles must use FONT/FONT_BOLD (see ``styles()``)."""
    register_fonts()
    return {"invariant": 1}


def styles(base_size: float = 10.5) -> dict[str, Any]:
    """Paragraph styles in the embedded font: body, small, h1, h2, h3, table."""
    register_fonts()
    from reportlab.lib.styles import ParagraphStyle

    leading = base_size * 1.35
    return {
        "body": ParagraphStyle("body", fontName=FONT, fontSize=base_size, leading=leading),
        "small": ParagraphStyle(
            "small", fontName=FONT, fontSize=base_size * 0.85, leading=base_size * 1.15
        ),
        "h1": ParagraphStyle(
            "h1",
            fontName=FONT_BOLD,
            fontSize=base_size * 1.8,
            leading=base_size * 2.2,
            spaceAfter=base_size * 0.6,
        ),
        "h2": ParagraphStyle(
            "h2",
            fontName=FONT_BOLD,
            fontSize=base_size * 1.35,
            leading=base_size * 1.7,
            spaceBefore=base_size * 0.8,
            spaceAfter=base_size * 0.4,
        ),
        "h3": ParagraphStyle(
            "h3",
            fontName=FONT_BOLD,
            fontSize=base_size * 1.1,
            leading=base_size * 1.4,
            spaceBefore=base_size * 0.5,
            spaceAfter=base_size * 0.2,
        ),
        "table": ParagraphStyle(
            "table", fontName=FONT, fontSize=base_size * 0.9, leading=base_size * 1.15
        ),
    }
