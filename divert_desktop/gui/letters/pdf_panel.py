"""A PDF shown in the app (Qt PDF view), with Save…, Open in the system viewer and Print…."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.gui.printing import ask_and_print, paint_pages
from divert_desktop.gui.shell import settings
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import set_role
from divert_desktop.private_files import private_folder, write_private_bytes

try:  # the PySide6 PDF module (QtPdf/QtPdfWidgets) ships outside PySide6-Essentials
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
except ImportError:  # pragma: no cover - the dependency is declared; this keeps the app usable
    QPdfDocument = QPdfView = None  # type: ignore[assignment,misc]

Provider = Callable[[Callable[[bytes, str], None], Callable[[TaskError], None]], None]
"""Asked for the file to save, open or print: calls back with (pdf bytes, file name)."""

_temp_dir: Path | None = None


def _private_temp_dir() -> Path:
    """A folder only this user can read, removed when the app exits."""
    global _temp_dir
    if _temp_dir is None or not _temp_dir.exists():
        _temp_dir = private_folder(tempfile.mkdtemp(prefix="divert-letters-"))
        atexit.register(remove_temp_files)
    return _temp_dir


def remove_temp_files() -> None:
    """Delete the letters opened in the system viewer (at exit)."""
    global _temp_dir
    if _temp_dir is not None:
        shutil.rmtree(_temp_dir, ignore_errors=True)
        _temp_dir = None


def write_private(name: str, pdf: bytes) -> str:
    """Write ``pdf`` to a temporary file readable by this user only (0600); returns its path."""
    path = _private_temp_dir() / Path(name).name
    write_private_bytes(path, pdf)
    return str(path)


def _write(path: str, pdf: bytes) -> str:
    write_private_bytes(path, pdf)
    return path


class PdfPanel(QWidget):
    """Shows a PDF; its buttons save it, open it in the system's viewer or print it. The file
    acted on comes from ``provider`` (a letter is logged the first time it leaves the app)."""

    sig_status = Signal(str)
    open_url: Callable[[QUrl], bool] = staticmethod(QDesktopServices.openUrl)  # tests replace it

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._provider: weakref.WeakMethod[Provider] | None = None
        self.pdf = b""
        self.name = "letter.pdf"
        self.busy = False
        self._buffer: QBuffer | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._stack = QStackedLayout()
        self.message = QLabel(self)
        self.message.setObjectName("pdf_message_label")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        set_role(self.message, "empty")
        if QPdfView is not None:
            self.document = QPdfDocument(self)
            self.view = QPdfView(self)
            self.view.setObjectName("letter_pdf_view")
            self.view.setAccessibleName("Letter preview")
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.view.setDocument(self.document)
            self._stack.addWidget(self.view)
        self._stack.addWidget(self.message)
        layout.addLayout(self._stack, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = self._button(
            "save_pdf_button", "&Save as PDF…", "Save the letter as a PDF file"
        )
        self.open_button = self._button(
            "open_viewer_button", "&Open in viewer", "Open the letter in the computer's PDF viewer"
        )
        self.print_button = self._button("print_button", "&Print…", "Print the letter (Ctrl+P)")
        for button in (self.save_button, self.open_button, self.print_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.save_button.clicked.connect(lambda: self.save_to(None))
        self.open_button.clicked.connect(self.open_in_viewer)
        self.print_button.clicked.connect(self.print_pdf)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_button.click)
        self.show_message("Loading…")

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setEnabled(False)
        return button

    @property
    def provider(self) -> Provider | None:
        return self._provider() if self._provider is not None else None

    @provider.setter
    def provider(self, method: Provider | None) -> None:
        """A bound method of the owning dialog (held weakly: no cycle between Qt wrappers)."""
        self._provider = weakref.WeakMethod(method) if method is not None else None  # type: ignore[arg-type]

    # ---------------------------------------------------------------- showing
    @property
    def page_count(self) -> int:
        return self.document.pageCount() if QPdfView is not None else 0

    def show_pdf(self, pdf: bytes, name: str) -> None:
        """Show ``pdf``; the buttons act on it (or on what the provider gives)."""
        self.pdf, self.name = pdf, name
        if QPdfView is None:
            self.show_message("The preview needs the PySide6 PDF module. Use Open in viewer.")
        else:
            buffer = QBuffer(self)
            buffer.setData(QByteArray(pdf))
            buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.document.load(buffer)
            if self._buffer is not None:
                self._buffer.deleteLater()
            self._buffer = buffer
            self._stack.setCurrentWidget(self.view)
        self.set_ready(True)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self._stack.setCurrentWidget(self.message)
        self.set_ready(False)

    def set_ready(self, ready: bool) -> None:
        for button in (self.save_button, self.open_button, self.print_button):
            button.setEnabled(ready and not self.busy)

    # ---------------------------------------------------------------- acting
    def _with_file(self, then: Callable[[bytes, str], None]) -> None:
        if self.busy or not self.pdf:
            return
        self.busy = True
        self.set_ready(False)

        def go(pdf: bytes, name: str) -> None:
            self.busy = False
            self.set_ready(True)
            then(pdf, name)

        def failed(error: TaskError) -> None:
            self.busy = False
            self.set_ready(True)
            self.sig_status.emit(error.message)

        provider = self.provider
        if provider is None:
            go(self.pdf, self.name)
        else:
            provider(go, failed)

    def save_to(self, path: str | None) -> None:
        """Save the letter; ``path`` None asks where (tests pass a path)."""

        def save(pdf: bytes, name: str) -> None:
            target = path
            if target is None:
                folder = settings.load_text("letters/save_folder") or str(Path.home())
                target, _f = QFileDialog.getSaveFileName(
                    self, "Save letter", str(Path(folder) / name), "PDF files (*.pdf)"
                )
                if not target:
                    return
                settings.save_text("letters/save_folder", str(Path(target).parent))
            self.runner.run(
                _write,
                target,
                pdf,
                lane="io",
                owner=self,
                on_done=lambda p: self.sig_status.emit(f"Saved the letter to {p}."),
                on_error=lambda e: self.sig_status.emit(e.message),
            )

        self._with_file(save)

    def open_in_viewer(self) -> None:
        """Open the letter in the system's PDF viewer (a private temporary copy)."""

        def opened(path: str) -> None:
            if self.open_url(QUrl.fromLocalFile(path)):
                self.sig_status.emit("Opened the letter in your PDF viewer.")
            else:
                self.sig_status.emit("No PDF viewer could be opened. Save the letter instead.")

        self._with_file(
            lambda pdf, name: self.runner.run(
                write_private,
                name,
                pdf,
                lane="io",
                owner=self,
                on_done=opened,
                on_error=lambda e: self.sig_status.emit(e.message),
            )
        )

    def print_pdf(self) -> None:
        """Print through the system's print dialog."""

        def ask(pdf: bytes, name: str) -> None:
            if pdf != self.pdf:
                self.show_pdf(pdf, name)
            if QPdfView is None:
                return
            pages = ask_and_print(self, self.document, name)
            if pages:
                self.sig_status.emit(
                    f"Sent {pages} page{'s' if pages != 1 else ''} to the printer."
                )
            elif pages == 0:
                self.sig_status.emit("The printer could not be started.")

        self._with_file(ask)

    def print_to(self, printer: object) -> int:
        """Paint every page onto ``printer`` (a QPrinter); returns the number of pages."""
        if QPdfView is None or not self.page_count:
            return 0
        pages = paint_pages(self.document, printer)
        if not pages:
            self.sig_status.emit("The printer could not be started.")
        return pages
