"""Small pieces the casework dialogs share: an optional date field, headed dialog frames, buttons."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.errors import ValidationError
from divert_desktop.core.validation import format_date, parse_date
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.services.casework.common import ReferralHeader

__all__ = ["DateLine", "button", "dialog_heading", "error_label", "left", "text_box", "tidy_form"]


class DateLine(QLineEdit):
    """A date that may be left blank, typed as 2/12/2026 or 2026-12-02 (shown "Wed 2 Dec 2026")."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("for example 2/12/2026")
        self.setToolTip("Type a date such as 2/12/2026 or 2026-12-02")
        self.setMaximumWidth(200)
        self.set_date(value)
        self.editingFinished.connect(self._tidy)

    def set_date(self, value: date | None) -> None:
        self.setText(format_date(value) if value else "")

    def date(self, field: str = "date") -> date | None:
        """The date typed, or None when blank. Raises ValidationError for anything else."""
        text = self.text().strip()
        if not text:
            return None
        try:
            return parse_date(text, field)
        except ValidationError:
            try:
                return datetime.strptime(text, "%a %d %b %Y").date()
            except ValueError:
                raise ValidationError("Enter a real date, like 2/12/2026", field=field) from None

    def _tidy(self) -> None:
        try:
            value = self.date()
        except ValidationError:
            return
        if value is not None:
            self.set_date(value)


def dialog_heading(
    parent: QWidget, layout: QVBoxLayout, title: str, referral: ReferralHeader
) -> QLabel:
    """The dialog's heading and the referral it is about (the window title never names anyone)."""
    heading = QLabel(title, parent)
    heading.setObjectName("dialog_heading_label")
    make_heading(heading, 1.3)
    layout.addWidget(heading)
    about = QLabel(referral.text, parent)
    about.setObjectName("referral_label")
    about.setWordWrap(True)
    set_role(about, "hint")
    layout.addWidget(about)
    return about


def error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def button(
    parent: QWidget, name: str, text: str, tip: str, *, primary: bool = False
) -> QPushButton:
    b = QPushButton(text, parent)
    b.setObjectName(name)
    b.setToolTip(tip)
    b.setAutoDefault(False)
    if primary:
        b.setProperty("primary", True)
    return b


def text_box(parent: QWidget, name: str, height: int = 64) -> QPlainTextEdit:
    """A few lines of free text; Tab moves on (it never types a tab)."""
    box = QPlainTextEdit(parent)
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return box


def tidy_form(form: QFormLayout) -> QFormLayout:
    """Labels at the top left of their fields, fields at their natural height."""
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setVerticalSpacing(10)
    form.setHorizontalSpacing(16)
    return form


def left(parent: QWidget, *widgets: QWidget) -> QWidget:
    """Widgets side by side at their natural width, on the left."""
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        row.addWidget(w)
    row.addStretch(1)
    return box
