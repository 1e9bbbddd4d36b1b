"""The error summary at the top of the intake form: each problem a link to its field."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from divert_desktop.gui.theme import colour, make_heading

_WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
_PAD = 2  # around the text, so the focus highlight has an edge


class SummaryLink(QPushButton):
    """One problem in the summary: a link (a button underneath, so Tab and Enter reach it)
    whose message wraps to the width of the summary instead of running off its right edge."""

    def __init__(self, message: str, parent: QWidget) -> None:
        super().__init__(message, parent)
        font = self.font()
        font.setBold(True)
        font.setUnderline(True)
        self.setFont(font)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _text_height(self, width: int) -> int:
        room = QRect(0, 0, max(1, width - 2 * _PAD), 100_000)
        return self.fontMetrics().boundingRect(room, _WRAP, self.text()).height()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._text_height(width) + 2 * _PAD

    def sizeHint(self) -> QSize:
        width = self.fontMetrics().horizontalAdvance(self.text()) + 2 * _PAD + 2
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().height() + 2 * _PAD)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.hasFocus():
            painter.fillRect(self.rect(), self.palette().highlight())
            painter.setPen(self.palette().highlightedText().color())
        else:
            painter.setPen(QColor(colour("error_text")))
        painter.setFont(self.font())
        painter.drawText(self.rect().adjusted(_PAD, _PAD, -_PAD, -_PAD), _WRAP, self.text())


class ErrorSummary:
    """Lists the form's problems; clicking one (or Enter on it) puts the cursor in that field.

    A problem with no field (``""``) is shown as plain text."""

    def __init__(self, ui: Any, focus_field: Callable[[str], None]) -> None:
        self.ui = ui
        self._focus = focus_field
        self.buttons: dict[str, SummaryLink] = {}
        frame = ui.error_summary_frame
        red = colour("error_text")
        frame.setStyleSheet(
            f"QFrame#error_summary_frame {{ border: 3px solid {red}; border-radius: 4px; "
            "padding: 6px 10px; }"
            f"QPushButton[link='true'] {{ border: none; background: transparent; color: {red}; "
            "text-align: left; padding: 1px 0; text-decoration: underline; font-weight: bold; }"
            "QPushButton[link='true']:focus { border: none; background: palette(highlight); "
            "color: palette(highlighted-text); }"
        )
        make_heading(ui.error_summary_title_label, 1.15)
        frame.hide()

    @property
    def visible(self) -> bool:
        return not self.ui.error_summary_frame.isHidden()

    @property
    def messages(self) -> dict[str, str]:
        return {name: button.text() for name, button in self.buttons.items()}

    def show(self, errors: Mapping[str, str]) -> None:
        """Show ``errors`` (field -> message); hide the summary when there are none."""
        if not errors:
            self.hide()
            return
        if dict(errors) == self.messages and self.visible:
            return
        self._clear()
        layout = self.ui.error_summary_layout
        for name, message in errors.items():
            button = SummaryLink(message, self.ui.error_summary_frame)
            button.setObjectName(f"summary_{name or 'general'}_button")
            button.setProperty("link", True)
            button.setAutoDefault(False)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setAccessibleName(message)
            if name:
                button.setToolTip("Go to this field")
                button.clicked.connect(lambda _checked=False, n=name: self._focus(n))
            else:
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            layout.addWidget(button)
            self.buttons[name] = button
        self.ui.error_summary_frame.show()

    def hide(self) -> None:
        self._clear()
        self.ui.error_summary_frame.hide()

    def _clear(self) -> None:
        for button in self.buttons.values():
            self.ui.error_summary_layout.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
