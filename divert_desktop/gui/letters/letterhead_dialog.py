"""The letterhead, for administrators and managers: organisation details, signatory, the logo
and where police outcome letters go, with a sample letter to see the result."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.enums import LetterTemplate
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.letter_wording import DEFAULT_WORDING
from divert_desktop.documents.letters import Letterhead, render_letter
from divert_desktop.gui.letters.pdf_panel import PdfPanel
from divert_desktop.gui.shell import settings
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import FieldErrors, GuardedDialog, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.letters import letterhead as service
from divert_desktop.services.letters.templates import sample_letter

FIELDS = [
    ("organisation_name", "&Organisation name"),
    ("organisation_address", "&Address"),
    ("organisation_phone", "&Phone"),
    ("organisation_email", "&Email"),
    ("signatory_name", "Letters are &signed by"),
    ("signatory_title", "Their &job title"),
    ("police_address", "Police &outcome letters go to"),
]
BOXES = ("organisation_address", "police_address")
LOGO_THUMB = QSize(220, 90)


def read_logo(path: str) -> bytes:
    """The image file's bytes, checked and shrunk as the letters will print it (the io lane)."""
    if Path(path).stat().st_size > service.MAX_LOGO_FILE:
        raise ValidationError(
            "The logo file is too large: choose an image of at most 2 MB.", field="logo"
        )
    return service.normalise_logo(Path(path).read_bytes())


def sample_pdf(head: Letterhead, on: date) -> bytes:
    """A sample reminder on the letterhead ``head``, dated ``on``."""
    subject, body = DEFAULT_WORDING[LetterTemplate.APPOINTMENT_REMINDER]
    return render_letter(
        sample_letter(LetterTemplate.APPOINTMENT_REMINDER, subject, body, head, letter_date=on)
    )


class LetterheadDialog(GuardedDialog):
    """Edits the shared letterhead settings; ``sig_saved`` carries the LetterheadSettings."""

    sig_saved = Signal(object)

    def __init__(
        self, parent: QWidget | None, db: Database, actor: Actor, runner: TaskRunner
    ) -> None:
        super().__init__(parent)
        self.setObjectName("letterhead_dialog")
        self.setWindowTitle("Letterhead")
        self.db, self.actor, self.runner = db, actor, runner
        self.loaded: service.LetterheadSettings | None = None
        self.logo: bytes | None = None  # the logo as it will print
        self.logo_changed = False
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        heading = QLabel("Letterhead", self)
        make_heading(heading, 1.25)
        left.addWidget(heading)
        intro = QLabel(
            "Printed at the top of every letter. Letters already sent keep the "
            "letterhead they were printed with.",
            self,
        )
        intro.setWordWrap(True)
        set_role(intro, "hint")
        left.addWidget(intro)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        errors: dict[str, tuple[QWidget, QLabel]] = {}
        for key, text in FIELDS:
            edit: QLineEdit | QPlainTextEdit
            if key in BOXES:
                edit = QPlainTextEdit(self)
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(78)
                edit.textChanged.connect(self._changed)
            else:
                edit = QLineEdit(self)
                edit.textEdited.connect(self._changed)
            edit.setObjectName(f"{key}_edit")
            self.edits[key] = edit
            label = QLabel(text, self)
            label.setBuddy(edit)
            error = QLabel(self)
            error.setObjectName(f"{key}_error_label")
            error.setWordWrap(True)
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(edit)
            box.addWidget(error)
            form.addRow(label, box)
            errors[key] = (edit, error)
        self.logo_label = QLabel("No logo", self)
        self.logo_label.setObjectName("logo_preview_label")
        self.logo_label.setFixedSize(LOGO_THUMB)
        self.logo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_label.setAccessibleName("Logo")
        self.choose_logo_button = QPushButton("&Choose logo…", self)
        self.choose_logo_button.setObjectName("choose_logo_button")
        self.choose_logo_button.setToolTip("A PNG or JPEG image, at most 2 MB")
        self.remove_logo_button = QPushButton("Remo&ve logo", self)
        self.remove_logo_button.setObjectName("remove_logo_button")
        logo_error = QLabel(self)
        logo_error.setObjectName("logo_error_label")
        logo_box = QVBoxLayout()
        logo_box.addWidget(self.logo_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_logo_button)
        buttons.addWidget(self.remove_logo_button)
        buttons.addStretch(1)
        logo_box.addLayout(buttons)
        logo_box.addWidget(logo_error)
        form.addRow(QLabel("Logo", self), logo_box)
        errors["logo"] = (self.choose_logo_button, logo_error)
        left.addLayout(form)
        self.form_error = QLabel(self)
        self.form_error.setObjectName("form_error_label")
        left.addWidget(self.form_error)
        left.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = QPushButton("&Save letterhead", self)
        self.save_button.setObjectName("save_letterhead_button")
        self.save_button.setProperty("primary", True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancel_button")
        row.addWidget(self.save_button)
        row.addWidget(self.cancel_button)
        left.addLayout(row)
        outer.addLayout(left, 2)
        self.errors = FieldErrors(errors, self.form_error)
        self.panel = PdfPanel(runner, self)
        outer.addWidget(self.panel, 3)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(500)
        self.timer.timeout.connect(self.refresh_preview)
        self.choose_logo_button.clicked.connect(lambda: self.choose_logo(None))
        self.remove_logo_button.clicked.connect(self.remove_logo)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        name_controls(self)
        self.resize(1240, 820)
        self.save_button.setEnabled(False)
        runner.run(
            service.get_letterhead,
            db,
            actor,
            on_done=self._loaded,
            on_error=self._failed,
            owner=self,
        )

    def _text(self, key: str) -> str:
        edit = self.edits[key]
        return edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()

    def values(self) -> dict[str, str]:
        return {key: self._text(key).strip() for key in self.edits}

    def has_unsaved_input(self) -> bool:
        if self.loaded is None:
            return False
        before = {k: str(self.loaded.values.get(k, "")).strip() for k in self.edits}
        return self.logo_changed or before != self.values()

    def _loaded(self, loaded: service.LetterheadSettings) -> None:
        self.loaded = loaded
        for key, edit in self.edits.items():
            edit.blockSignals(True)
            (edit.setPlainText if isinstance(edit, QPlainTextEdit) else edit.setText)(
                loaded.values.get(key, "")
            )
            edit.blockSignals(False)
        self.logo, self.logo_changed = loaded.logo_png, False
        self._show_logo()
        self.save_button.setEnabled(True)
        self.refresh_preview()

    def _failed(self, error: TaskError) -> None:
        self.errors.show(error.field, error.message)

    def _changed(self, *_: object) -> None:
        self.timer.start()

    def _show_logo(self) -> None:
        if self.logo:
            pixmap = QPixmap()
            pixmap.loadFromData(self.logo)
            self.logo_label.setPixmap(
                pixmap.scaled(
                    LOGO_THUMB,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.logo_label.setPixmap(QPixmap())
            self.logo_label.setText("No logo")
        self.remove_logo_button.setEnabled(bool(self.logo))

    def choose_logo(self, path: str | None) -> None:
        """Read a logo image (``path`` None asks which file), checked on the io lane."""
        if path is None:
            folder = settings.load_text("letters/logo_folder") or str(Path.home())
            path, _f = QFileDialog.getOpenFileName(
                self, "Choose the logo", folder, "Images (*.png *.jpg *.jpeg *.gif)"
            )
            if not path:
                return
            settings.save_text("letters/logo_folder", str(Path(path).parent))
        self.errors.clear_field("logo")

        def chosen(png: bytes) -> None:
            self.logo, self.logo_changed = png, True
            self._show_logo()
            self.refresh_preview()

        self.runner.run(
            read_logo,
            path,
            lane="io",
            owner=self,
            on_done=chosen,
            on_error=lambda e: self.errors.show("logo", e.message),
        )

    def remove_logo(self) -> None:
        self.logo, self.logo_changed = None, True
        self._show_logo()
        self.refresh_preview()

    def refresh_preview(self) -> None:
        try:
            clean = service.clean_letterhead(self.values())
        except ValidationError:
            clean = self.values()
        head = Letterhead(
            organisation=clean.get("organisation_name", ""),
            address=clean.get("organisation_address", ""),
            phone=clean.get("organisation_phone", ""),
            email=clean.get("organisation_email", ""),
            signatory_name=clean.get("signatory_name", ""),
            signatory_title=clean.get("signatory_title", ""),
            logo_png=self.logo,
        )
        self.runner.run(
            sample_pdf,
            head,
            self.db.clock.today(),
            lane="pdf",
            owner=self,
            on_done=lambda pdf: self.panel.show_pdf(pdf, "letterhead-sample.pdf"),
            on_error=lambda e: self.panel.show_message(e.message),
        )

    def save(self) -> None:
        self.errors.clear()
        try:
            service.clean_letterhead(self.values())
        except ValidationError as exc:
            self.errors.show(exc.field, exc.message)
            return
        self.save_button.setEnabled(False)
        kwargs: dict[str, object] = {}
        if self.logo_changed:
            if self.logo:
                kwargs["logo"] = self.logo
            else:
                kwargs["remove_logo"] = True

        def saved(result: service.LetterheadSettings) -> None:
            self.loaded, self.logo_changed = result, False
            self.save_button.setEnabled(True)
            self.sig_saved.emit(result)
            self.accept()

        def failed(error: TaskError) -> None:
            self.save_button.setEnabled(True)
            self.errors.show(error.field, error.message)

        self.runner.run(
            service.save_letterhead,
            self.db,
            self.actor,
            self.values(),
            on_done=saved,
            on_error=failed,
            owner=self,
            **kwargs,
        )
