"""Print day sheet: choose a venue or caseworker, then print the day's diary through the system's
print dialog or save it as a PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.documents.day_sheet import DaySheet, render_day_sheet
from divert_desktop.gui.printing import ask_and_print, load_pdf, paint_pages
from divert_desktop.gui.shell import settings
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import set_role
from divert_desktop.gui.widgets import DateField, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.private_files import write_private_bytes
from divert_desktop.services.context import Actor
from divert_desktop.services.diary import views as diary_view
from divert_desktop.services.diary.views import DiaryData

ALL_VENUES_HINT = (
    "Every venue's appointments in one sheet for the front desk: each venue under its own "
    "heading, then the phone, video and outreach appointments."
)


def _write(path: str, data: bytes) -> str:
    write_private_bytes(path, data)
    return path


class DaySheetDialog(QDialog):
    """Builds the sheet on the database lane, renders it on the pdf lane, saves it on the io lane."""

    sig_status = Signal(str)
    sig_saved = Signal(str)

    def __init__(
        self,
        parent: QWidget | None,
        runner: TaskRunner,
        db: Database,
        actor: Actor,
        day: date,
        which: tuple[str, int] | None,
        data: DiaryData | None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("day_sheet_dialog")
        self.setWindowTitle("Print day sheet")
        self.runner, self.db, self.actor = runner, db, actor
        self.working = False
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.date_edit = DateField(day, self)
        self.date_edit.setObjectName("sheet_date_edit")
        self.for_combo = QComboBox(self)
        self.for_combo.setObjectName("sheet_for_combo")
        if data is not None:
            # the front desk's sheet: every venue's appointments, one venue after another
            self.for_combo.addItem("All venues", ("all", None))
            self.for_combo.setItemData(0, ALL_VENUES_HINT, Qt.ItemDataRole.ToolTipRole)
            for venue in data.venues:
                self.for_combo.addItem(f"Venue: {venue.name}", ("venue", venue.id))
            for person in data.caseworkers:
                self.for_combo.addItem(f"Caseworker: {person.name}", ("caseworker", person.id))
        if which is not None:
            self.for_combo.setCurrentIndex(max(0, self.for_combo.findData(which)))
        form.addRow("&Date", self.date_edit)
        form.addRow("&For", self.for_combo)
        layout.addLayout(form)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("sheet_message_label")
        self.message_label.setWordWrap(True)
        set_role(self.message_label, "hint")
        layout.addWidget(self.message_label)
        buttons = QDialogButtonBox(self)
        self.print_button = buttons.addButton("&Print…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.print_button.setObjectName("print_sheet_button")
        self.print_button.setToolTip("Print the day sheet through the printer dialog")
        self.print_button.setDefault(True)
        self.save_button = buttons.addButton(
            "&Save as PDF…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.setObjectName("save_pdf_button")
        self.close_button = buttons.addButton("Close", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setObjectName("close_button")
        layout.addWidget(buttons)
        self.save_button.clicked.connect(lambda: self.save_to(None))
        self.print_button.clicked.connect(self.print_sheet)
        self.close_button.clicked.connect(self.reject)
        self.for_combo.currentIndexChanged.connect(self._describe)
        self._describe()
        name_controls(self)
        self.resize(420, 180)

    def _describe(self) -> None:
        """Say what the all-venues sheet holds while it is the choice."""
        if not self.working:
            kind = (self.for_combo.currentData() or ("", None))[0]
            self.message_label.setText(ALL_VENUES_HINT if kind == "all" else "")

    def suggested_name(self) -> str:
        kind, _ident = self.for_combo.currentData() or ("all", None)
        label = "all-venues" if kind == "all" else self.for_combo.currentText().split(": ", 1)[-1]
        return f"day-sheet-{self.date_edit.date().isoformat()}-{label.replace(' ', '-')}.pdf"

    def _which(self) -> dict[str, int]:
        """The day_sheet arguments for the choice: one venue, one caseworker, or none (all)."""
        kind, ident = self.for_combo.currentData()
        return {} if kind == "all" else {f"{kind}_id": ident}

    def print_sheet(self, printer: object | None = None) -> None:
        """Build the sheet and print it: through the system's print dialog, or onto
        ``printer`` (a QPrinter, as tests pass) without asking."""
        which = self.for_combo.currentData()
        if which is None or self.working:
            return
        self._set_working(True, "Making the day sheet…")
        self.runner.run(
            diary_view.day_sheet,
            self.db,
            self.actor,
            self.date_edit.date(),
            **self._which(),
            on_error=self._failed,
            owner=self,
            on_done=lambda sheet: self.runner.run(
                render_day_sheet,
                sheet,
                lane="pdf",
                owner=self,
                on_error=self._failed,
                on_done=lambda pdf: self._print(pdf, printer),
            ),
        )

    def _print(self, pdf: bytes, printer: object | None) -> None:
        self._set_working(False, "")
        document = load_pdf(pdf, self)
        if document is None:
            self.message_label.setText(
                "Printing needs the PySide6 PDF module: save the sheet instead."
            )
            return
        if printer is None:
            pages = ask_and_print(self, document, self.suggested_name())
        else:
            pages = paint_pages(document, printer)
        document.deleteLater()
        if pages is None:
            return  # the user closed the print dialog
        if not pages:
            self.message_label.setText(
                "The printer could not be started. Check it, or save the sheet as a PDF."
            )
            return
        self.sig_status.emit(
            f"Sent the day sheet ({pages} page{'s' if pages != 1 else ''}) to the printer."
        )
        self.accept()

    def _set_working(self, working: bool, text: str) -> None:
        self.working = working
        self.save_button.setEnabled(not working)
        self.print_button.setEnabled(not working)
        self.message_label.setText(text)

    def save_to(self, path: str | None) -> None:
        """Build and save the sheet; ``path`` None asks where (tests pass a path)."""
        which = self.for_combo.currentData()
        if which is None or self.working:
            return
        if path is None:
            folder = settings.load_text("diary/day_sheet_folder") or str(Path.home())
            path, _filter = QFileDialog.getSaveFileName(
                self,
                "Save day sheet",
                str(Path(folder) / self.suggested_name()),
                "PDF files (*.pdf)",
            )
            if not path:
                return
            settings.save_text("diary/day_sheet_folder", str(Path(path).parent))
        self.working = True
        self.save_button.setEnabled(False)
        self.message_label.setText("Making the day sheet…")
        self.runner.run(
            diary_view.day_sheet,
            self.db,
            self.actor,
            self.date_edit.date(),
            **self._which(),
            on_done=lambda sheet: self._render(sheet, path),
            on_error=self._failed,
            owner=self,
        )

    def _render(self, sheet: DaySheet, path: str) -> None:
        self.runner.run(
            render_day_sheet,
            sheet,
            lane="pdf",
            owner=self,
            on_error=self._failed,
            on_done=lambda pdf: self._save(pdf, path),
        )

    def _save(self, pdf: bytes, path: str) -> None:
        self.runner.run(
            _write, path, pdf, lane="io", owner=self, on_error=self._failed, on_done=self._saved
        )

    def _saved(self, path: str) -> None:
        self.working = False
        message = f"Saved the day sheet to {path}."
        self.sig_status.emit(message)
        self.sig_saved.emit(path)
        self.accept()

    def _failed(self, error: TaskError) -> None:
        self._set_working(False, error.message)
