"""Printing a PDF made by the app through the system's print dialog (Qt PDF renders each page)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

try:  # the PySide6 PDF module (QtPdf) ships outside PySide6-Essentials
    from PySide6.QtPdf import QPdfDocument
except ImportError:  # pragma: no cover - the dependency is declared; this keeps the app usable
    QPdfDocument = None  # type: ignore[assignment,misc]


def load_pdf(pdf: bytes, parent: QWidget | None = None) -> QPdfDocument | None:
    """A Qt PDF document reading ``pdf`` from memory (None without the Qt PDF module)."""
    if QPdfDocument is None:
        return None
    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document


MAX_PRINT_DPI = 300
"""The finest raster sent to a printer: sharp text on paper, a print job of a few megabytes
(a page rendered at a high-resolution printer's 1200 dpi made a job of about 10 MB a page)."""


def paint_pages(document: QPdfDocument, printer: object) -> int:
    """Paint every page of ``document`` onto ``printer`` (a QPrinter), each scaled to fit the
    printable area and rendered at no more than MAX_PRINT_DPI; returns the number of pages (0
    when the printer would not start)."""
    from PySide6.QtGui import QImage
    from PySide6.QtPrintSupport import QPrinter

    assert isinstance(printer, QPrinter)
    pages = document.pageCount()
    if not pages:
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for page in range(pages):
            if page:
                printer.newPage()
            area = painter.viewport()
            points = document.pagePointSize(page)
            scale = min(area.width() / points.width(), area.height() / points.height())
            target = QRect(
                area.x(), area.y(), int(points.width() * scale), int(points.height() * scale)
            )
            # Rendered at most at MAX_PRINT_DPI (the painter scales it up to the device), on
            # white with no transparency: no alpha mask goes into the print job.
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            fit = min(1.0, dpi / max(printer.resolution(), 1))
            size = QSize(max(1, int(target.width() * fit)), max(1, int(target.height() * fit)))
            image = QImage(size, QImage.Format.Format_RGB888)
            image.fill(Qt.GlobalColor.white)
            onto = QPainter(image)
            onto.drawImage(0, 0, document.render(page, size))
            onto.end()
            painter.drawImage(target, image)
    finally:
        painter.end()
    return pages


def ask_and_print(parent: QWidget, document: QPdfDocument, name: str) -> int | None:
    """Show the system's print dialog for ``document``; the pages sent, or None if the user
    cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(name)
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("print_dialog")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return paint_pages(document, printer)
