"""One PDF made of many letters, written to a file as they come (memory stays flat).

Each letter is a small PDF made by ReportLab. Its objects are copied into the combined file with
new numbers, its pages hung under one page tree, and objects already written (the logo, a font
subset used the same way) are shared through a small recent-objects table. Only the offsets of
what was written stay in memory (8 bytes an object).
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections import OrderedDict
from typing import BinaryIO

_OBJ_RE = re.compile(rb"(\d+) 0 obj\s*")
_REF_RE = re.compile(rb"(\d+) 0 R\b")
_LENGTH_RE = re.compile(rb"/Length (\d+)\b")
_STARTXREF_RE = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TYPE_RE = re.compile(rb"/Type /(Catalog|Pages|Page)\b")
_KIDS_RE = re.compile(rb"/Kids \[([^\]]*)\]")
_ROOT_RE = re.compile(rb"/Root (\d+) 0 R")
_INFO_RE = re.compile(rb"/Info (\d+) 0 R")
_PARENT_RE = re.compile(rb"/Parent \d+ 0 R")
HEADER = b"%PDF-1.4\n%\x93\x8c\x8b\x9e DIVERT Desktop\n"
SHARED_RECENT = 256
PAGES_ID, CATALOG_ID, INFO_ID = 1, 2, 3


class PdfFormatError(ValueError):
    """The bytes are not a PDF this module can copy (not one ReportLab wrote)."""


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Object number → (dictionary part, stream data or None), from the file's xref table."""
    match = _STARTXREF_RE.search(pdf[-64:])
    if match is None or not pdf.startswith(b"%PDF-"):
        raise PdfFormatError("not a PDF file")
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    pos = pdf.find(b" 0 obj", len(b"%PDF-1.4"))
    while True:
        start = pdf.rfind(b"\n", 0, pos) + 1
        m = _OBJ_RE.match(pdf, start)
        if m is None:
            raise PdfFormatError("unexpected object layout")
        number, body_start = int(m.group(1)), m.end()
        stream_at = pdf.find(b"stream", body_start)
        end_at = pdf.find(b"endobj", body_start)
        if end_at < 0:
            raise PdfFormatError("object without endobj")
        if 0 <= stream_at < end_at and not pdf.startswith(b"endstream", stream_at - 3):
            head = pdf[body_start:stream_at].rstrip()
            length = _LENGTH_RE.search(head)
            if length is None:
                raise PdfFormatError("stream without a direct /Length")
            data_start = stream_at + len(b"stream")
            data_start += 2 if pdf.startswith(b"\r\n", data_start) else 1
            data = pdf[data_start : data_start + int(length.group(1))]
            end_at = pdf.find(b"endobj", data_start + len(data))
            objects[number] = (head, data)
        else:
            objects[number] = (pdf[body_start:end_at].rstrip(), None)
        pos = pdf.find(b" 0 obj", end_at)
        if pos < 0 or pdf.rfind(b"xref", end_at, pos) >= 0:
            break
    return objects


class PdfConcatenator:
    """Appends whole PDFs (letters) to one output file; ``close()`` finishes the file.

    The output's object numbers 1–3 are its page tree, catalogue and properties, written last.
    """

    def __init__(self, out: BinaryIO, *, title: str = "Letters", author: str = "") -> None:
        self.out = out
        self.title, self.author = title, author
        self.offsets = array("q", [0, 0, 0, 0])  # index = object number; 0 unused
        self.pages = array("q")
        self.recent: OrderedDict[bytes, int] = OrderedDict()
        self.digest = hashlib.sha256()
        self.documents = 0
        self._written = 0
        self._write(HEADER)

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.digest.update(data)
        self._written += len(data)

    def _emit(self, number: int, head: bytes, data: bytes | None) -> None:
        self.offsets[number] = self._written
        if data is None:
            self._write(b"%d 0 obj\n%s\nendobj\n" % (number, head))
        else:
            self._write(b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (number, head, data))

    def add(self, pdf: bytes) -> int:
        """Append every page of ``pdf``; returns how many pages it had."""
        objects = _objects(pdf)
        trailer = pdf[pdf.rfind(b"trailer") :]
        root = _ROOT_RE.search(trailer)
        info = _INFO_RE.search(trailer)
        skip = {int(root.group(1))} if root else set()
        if info:
            skip.add(int(info.group(1)))
        kinds = {n: _TYPE_RE.search(head) for n, (head, _d) in objects.items()}
        page_tree = [n for n, k in kinds.items() if k and k.group(1) == b"Pages"]
        skip.update(page_tree)
        if not page_tree:
            raise PdfFormatError("no page tree")
        kids = [int(x) for x in _REF_RE.findall(_KIDS_RE.search(objects[page_tree[0]][0]).group(1))]
        numbers: dict[int, int] = {}
        keys: dict[int, bytes | None] = {}

        def key_of(n: int, seen: frozenset[int] = frozenset()) -> bytes | None:
            """A content key for objects that do not reach a page (shareable), else None."""
            if n in keys:
                return keys[n]
            if n in seen or n in skip or n not in objects or (kinds[n] is not None):
                keys[n] = None
                return None
            head, data = objects[n]
            parts = [head, data or b""]
            for ref in _REF_RE.findall(head):
                sub = key_of(int(ref), seen | {n})
                if sub is None:
                    keys[n] = None
                    return None
                parts.append(sub)
            keys[n] = hashlib.sha256(b"\0".join(parts)).digest()
            return keys[n]

        emit: list[int] = []
        local: dict[bytes, int] = {}
        for n in sorted(objects):
            if n in skip:
                continue
            key = key_of(n)
            if key is not None and key in self.recent:
                self.recent.move_to_end(key)
                numbers[n] = self.recent[key]
            elif key is not None and key in local:
                numbers[n] = local[key]
            else:
                numbers[n] = len(self.offsets)
                self.offsets.append(0)
                emit.append(n)
                if key is not None:
                    local[key] = numbers[n]

        def renumber(match: re.Match[bytes]) -> bytes:
            return b"%d 0 R" % numbers.get(int(match.group(1)), PAGES_ID)

        for n in emit:
            head, data = objects[n]
            if kinds[n] is not None:  # a page: hang it under the combined page tree
                head = _PARENT_RE.sub(b"/Parent %d 0 R" % PAGES_ID, head)
            self._emit(numbers[n], _REF_RE.sub(renumber, head), data)
        for key, number in local.items():
            self.recent[key] = number
            if len(self.recent) > SHARED_RECENT:
                self.recent.popitem(last=False)
        for kid in kids:
            self.pages.append(numbers[kid])
        self.documents += 1
        return len(kids)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def close(self) -> int:
        """Write the page tree, catalogue, properties, cross-reference table and trailer; returns
        the number of pages. The file is valid even with no letters (one blank page)."""
        if not self.pages:
            blank = len(self.offsets)
            self.offsets.append(0)
            self._emit(
                blank,
                b"<< /Type /Page /Parent 1 0 R /MediaBox [ 0 0 595.2756 841.8898 ] "
                b"/Resources << >> >>",
                None,
            )
            self.pages.append(blank)
        kids = b" ".join(b"%d 0 R" % p for p in self.pages)
        self._emit(
            PAGES_ID, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (len(self.pages), kids), None
        )
        self._emit(
            CATALOG_ID, b"<< /Type /Catalog /Pages %d 0 R /PageMode /UseNone >>" % PAGES_ID, None
        )
        info = (
            b"<< /Title %s /Author %s /Creator (DIVERT Desktop) /Producer (DIVERT Desktop) >>"
            % (_pdf_string(self.title), _pdf_string(self.author or "DIVERT Desktop"))
        )
        self._emit(INFO_ID, info, None)
        xref_at = self._written
        count = len(self.offsets)
        self._write(b"xref\n0 %d\n0000000000 65535 f \n" % count)
        rows = b"".join(b"%010d 00000 n \n" % self.offsets[n] for n in range(1, count))
        self._write(rows)
        file_id = self.digest.hexdigest()[:32].encode()
        self._write(
            b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [ <%s> <%s> ] >>\n"
            b"startxref\n%d\n%%%%EOF\n" % (count, CATALOG_ID, INFO_ID, file_id, file_id, xref_at)
        )
        self.out.flush()
        return len(self.pages)


def _pdf_string(text: str) -> bytes:
    """A PDF text string: UTF-16BE with a byte order mark, as hex (any name prints)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def concatenate(pdfs: list[bytes], *, title: str = "Letters", author: str = "") -> bytes:
    """The PDFs one after another, as one file (for a young person's letter and the adult's copy)."""
    from io import BytesIO

    buffer = BytesIO()
    writer = PdfConcatenator(buffer, title=title, author=author)
    for pdf in pdfs:
        writer.add(pdf)
    writer.close()
    return buffer.getvalue()
