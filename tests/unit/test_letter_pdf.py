"""Letter PDFs: read back with pypdf, qpdf-clean, every font embedded, large print, page numbers,
the same bytes twice, and the combined file of many letters."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from divert_desktop.core.enums import LetterTemplate
from divert_desktop.core.letter_wording import DEFAULT_WORDING
from divert_desktop.documents.letters import Letterhead, render_letter
from divert_desktop.documents.pdf_concat import PdfConcatenator, PdfFormatError, concatenate
from divert_desktop.services.letters.templates import sample_letter
from tests.unit.test_day_sheet import fonts

HEAD = Letterhead(
    "Example Recovery Trust",
    "12 Example Lane\nCoventry CV1 9ZZ",
    "024 7600 0000",
    "divert@example.org",
    "Jo Sample",
    "DIVERT Service Manager",
)
DAY = date(2026, 12, 2)


def letter(template: LetterTemplate = LetterTemplate.APPOINTMENT_REMINDER, **kw) -> bytes:
    subject, body = DEFAULT_WORDING[template]
    if "body" in kw:
        body = kw.pop("body")
    head = kw.pop("head", HEAD)
    return render_letter(sample_letter(template, subject, body, head, letter_date=DAY, **kw))


def text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def qpdf_check(tmp_path: Path, pdf: bytes) -> None:
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed (apt-get install qpdf)")
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def pdffonts(tmp_path: Path, pdf: bytes) -> list[list[str]]:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts is not installed (apt-get install poppler-utils)")
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]


def font_sizes(pdf: bytes) -> set[float]:
    sizes: set[float] = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        data = page.get_contents().get_data()
        sizes.update(float(m) for m in re.findall(rb"/F\d+\+\d+ ([\d.]+) Tf", data))
    return sizes


@pytest.mark.parametrize("template", list(LetterTemplate))
def test_each_template_reads_back_is_clean_and_embeds_every_font(template, tmp_path) -> None:
    pdf = letter(template)
    found = text(pdf)
    for expected in (
        "Example Recovery Trust",
        "2 December 2026",
        "Jo Sample",
        "DIVERT Service Manager",
    ):
        assert expected in found, expected
    if template in (LetterTemplate.APPOINTMENT_REMINDER, LetterTemplate.APPOINTMENT_CONFIRMATION):
        for expected in (
            "Zoë",
            "Wednesday 9 December 2026 at 14:30",
            "Coventry hub",
            "Sam Example",
        ):
            assert expected in found, expected
    if template == LetterTemplate.POLICE_OUTCOME:
        assert "Zoë Łukasz-Nguyễn" in found and "WMP-SAMPLE-0001" in found
    qpdf_check(tmp_path, pdf)
    rows = pdffonts(tmp_path, pdf)
    assert rows and all(row[-5] == "yes" for row in rows), rows  # the "emb" column
    assert not any("Helvetica" in row[0] for row in rows)
    used = fonts(PdfReader(BytesIO(pdf)))
    assert used and all(used.values())


def test_the_same_letter_gives_the_same_bytes_and_no_clock_time() -> None:
    first, second = letter(), letter()
    assert first == second
    assert b"D:20000101000000" in first  # ReportLab's invariant creation date, not today's


def test_large_print_is_at_least_16_point_throughout() -> None:
    normal, large = font_sizes(letter()), font_sizes(letter(large_print=True))
    assert min(normal) < 12
    assert min(large) >= 16, large


def test_a_long_letter_is_numbered_page_x_of_y() -> None:
    body = "Dear {first_name},\n\n" + "\n\n".join(
        f"Paragraph {n}: we are here to help, whatever you decide. " * 4 for n in range(30)
    )
    pdf = letter(LetterTemplate.COMPLETION, body=body + "\n\nYours sincerely,")
    reader = PdfReader(BytesIO(pdf))
    total = len(reader.pages)
    assert total >= 2
    assert f"Page 1 of {total}" in reader.pages[0].extract_text()
    last = reader.pages[-1].extract_text()
    assert f"Page {total} of {total}" in last and "Jo Sample" in last
    assert "Reference: WMP-SAMPLE-0001" in reader.pages[1].extract_text()  # continuation header
    assert "Page 1 of" not in text(letter())  # one page: no number


def test_a_logo_prints_in_the_letterhead(tmp_path) -> None:
    from PIL import Image

    from divert_desktop.services.letters.letterhead import normalise_logo

    image = Image.new("RGBA", (1200, 400), (46, 125, 122, 255))
    raw = BytesIO()
    image.save(raw, "PNG")
    png = normalise_logo(raw.getvalue())
    assert Image.open(BytesIO(png)).size == (640, 213)
    head = Letterhead(**{**HEAD.__dict__, "logo_png": png})
    pdf = letter(head=head)
    page = PdfReader(BytesIO(pdf)).pages[0]
    assert list(page["/Resources"]["/XObject"].keys())
    assert letter(head=head) == pdf
    qpdf_check(tmp_path, pdf)


def test_concatenated_letters_are_one_valid_file_sharing_repeated_objects(tmp_path) -> None:
    pdfs = [letter(t) for t in LetterTemplate]
    combined = concatenate(pdfs * 3, title="Letters for Zoë")
    reader = PdfReader(BytesIO(combined))
    expected = sum(len(PdfReader(BytesIO(p)).pages) for p in pdfs) * 3
    assert len(reader.pages) == expected
    assert "We missed you" in "".join(p.extract_text() for p in reader.pages)
    assert reader.metadata.title == "Letters for Zoë"
    assert len(combined) < sum(map(len, pdfs))  # fonts shared, not repeated 21 times
    qpdf_check(tmp_path, combined)
    assert all(row[-5] == "yes" for row in pdffonts(tmp_path, combined))
    assert concatenate(pdfs) == concatenate(pdfs)


def test_an_empty_combined_file_is_still_a_valid_pdf(tmp_path) -> None:
    buffer = BytesIO()
    writer = PdfConcatenator(buffer)
    assert writer.close() == 1
    qpdf_check(tmp_path, buffer.getvalue())


def test_a_page_tree_without_a_direct_kids_list_is_refused_as_a_format_error() -> None:
    # an indirect /Kids (not what ReportLab writes) is refused as PdfFormatError, not AttributeError
    broken = re.sub(rb"/Kids \[[^\]]*\]", b"/Kids 9 0 R", letter(), count=1)
    with pytest.raises(PdfFormatError, match="Kids"):
        concatenate([broken])


def _copy_for_the_adult(body_words: int, last: str, large: bool) -> bytes:
    """An appropriate adult's copy (the cover note on top) with a body of ``body_words``."""
    from divert_desktop.core.letter_fields import Block
    from divert_desktop.documents.letters import LetterDoc

    blocks = [
        Block("paragraph", text=" ".join(["background"] * body_words)),
        Block("details", rows=(("When", "Wed 2 Dec 2026 at 10:00"), ("Where", "Coventry"))),
    ]
    if last == "paragraph":
        blocks.append(Block("paragraph", text=" ".join(["closing"] * 90)))
    else:
        blocks.append(Block("bullets", items=tuple(" ".join(["point"] * 90) for _ in range(2))))
    cover = (Block("paragraph", text="This is a copy for you, as the appropriate adult. " * 3),)
    return render_letter(
        LetterDoc(
            HEAD,
            DAY,
            "Our reference",
            "WMP-L-0002",
            ("Łukasz Kowalski", "1 Sample Road", "Coventry CV1 2AB"),
            "Your appointment",
            tuple(blocks),
            "Letter",
            cover=cover,
            large_print=large,
        )
    )


@pytest.mark.parametrize("last", ["paragraph", "bullets"])
@pytest.mark.parametrize("large", [False, True])
def test_the_signature_never_sits_alone_on_a_page(last: str, large: bool) -> None:
    signature = {"Jo Sample", "DIVERT Service Manager", "Example Recovery Trust"}
    pages_seen = set()
    for words in range(100, 1000, 13):  # bodies ending at every height of the page
        pages = PdfReader(BytesIO(_copy_for_the_adult(words, last, large))).pages
        pages_seen.add(len(pages))
        final = [line.strip() for line in pages[-1].extract_text().splitlines() if line.strip()]
        body = [x for x in final if not x.startswith(("Our reference:", "Page "))]
        assert set(body) - signature, (words, len(pages), body)  # more than the signature
        word = "closing" if last == "paragraph" else "point"
        assert word in " ".join(body), (words, body)  # the closing lines go with it
        assert body[-3:] == ["Jo Sample", "DIVERT Service Manager", "Example Recovery Trust"]
    assert 3 in pages_seen and len(pages_seen) >= 2  # letters of several lengths were tried


def test_a_long_unbroken_value_is_broken_across_lines_not_off_the_page() -> None:
    """A 200-character address line and a 5,000-character word without spaces (as a person
    can type them) once ran off the right edge of the page."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from divert_desktop.core.letter_fields import Block
    from divert_desktop.documents.letters import LEFT, PAGE_W, RIGHT, LetterDoc, text_of

    word = "".join(f"{chr(65 + n % 26)}{n % 10}" for n in range(2500))  # 5,000 characters
    address = "W" * 200
    blocks = (
        Block(kind="paragraph", text=f"Notes: {word} end."),
        Block(kind="bullets", items=(word[:800],)),
        Block(kind="details", rows=(("Place", address), ("Notes", word[:600]))),
    )
    for large in (False, True):
        doc = LetterDoc(
            HEAD,
            DAY,
            "Our reference",
            "WMP-L-0003",
            ("Ada " + address, address),
            "Subject " + address,
            blocks,
            "Letter",
            large_print=large,
        )
        pages = text_of(doc)
        assert len(pages) > 1
        for page in pages:
            for kind, font, size, x, _y, line in page:
                if kind == "text":
                    assert x >= LEFT - 0.01 and x + stringWidth(line, font, size) <= (
                        PAGE_W - RIGHT + 0.01
                    ), line[:40]
        drawn = "".join(
            line
            for page in pages
            for *_rest, line in page
            if not line.startswith("Our reference: ")
        )
        assert word in drawn and drawn.count(address) >= 2
        assert word[:600] in text(render_letter(doc)).replace("\n", "")
