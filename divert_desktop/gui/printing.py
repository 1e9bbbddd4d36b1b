"""Printing a PDF made by the app through the system's print dialog (Qt PDF renders each page)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
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


def paint_pages(document: QPdfDocument, printer: object) -> int:
    """Paint every page of ``document`` onto ``printer`` (a QPrinter), each scaled to fit the
    printable area; returns the number of pages (0 when the printer would not start)."""
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
            size = QSize(int(points.width() * scale), int(points.height() * scale))
            image = document.render(page, size)
            painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
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
