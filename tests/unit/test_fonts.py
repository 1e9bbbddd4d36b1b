"""Documents embed DejaVu Sans, print every name, and are byte-identical when drawn twice."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from divert_desktop.documents.fonts import FONT, FONT_BOLD, new_canvas

NAMES = "Siân Zoë Łukasz Nguyễn Ó Briain Đorđević"


def _draw() -> bytes:
    buffer = BytesIO()
    c = new_canvas(buffer)
    c.setFont(FONT_BOLD, 14)
    c.drawString(72, 760, "Appointment letter")
    c.setFont(FONT, 11)
    c.drawString(72, 740, NAMES)
    c.showPage()
    c.save()
    return buffer.getvalue()


def test_every_name_prints_and_only_embedded_fonts_are_used() -> None:
    pdf = _draw()
    reader = PdfReader(BytesIO(pdf))
    assert NAMES in reader.pages[0].extract_text()
    fonts = reader.pages[0]["/Resources"]["/Font"]
    base_fonts = {str(f.get_object()["/BaseFont"]) for f in fonts.values()}
    assert base_fonts and all("DejaVuSans" in name for name in base_fonts)
    assert not any("Helvetica" in name for name in base_fonts)
    for f in fonts.values():
        descendant = f.get_object()
        # TrueType subsets carry their font file (FontFile2) in the descriptor
        descriptor = descendant.get("/FontDescriptor")
        assert descriptor is not None and "/FontFile2" in descriptor.get_object()


def test_drawing_twice_is_byte_identical() -> None:
    assert _draw() == _draw()
