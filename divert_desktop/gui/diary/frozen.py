"""The diary's frozen parts: column headers and the time column stay put while the grid scrolls,
and the colour key sits under the grid, always in view."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QScrollArea, QWidget

from divert_desktop.gui.diary.canvas import GUTTER, HEADER, DiaryCanvas, paint_legend


class _Strip(QWidget):
    """A strip over the scroll area's viewport that paints part of the canvas, unscrolled."""

    def __init__(self, area: QScrollArea, canvas: DiaryCanvas, kind: str) -> None:
        super().__init__(area)
        self.area, self.canvas, self.kind = area, canvas, kind
        self.setObjectName(f"diary_frozen_{kind}")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.canvas.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Window))
        if self.kind == "header":
            shift = self.area.horizontalScrollBar().value()
            p.translate(-shift, 0)
            self.canvas.paint_headers(p, pal, event.rect().translated(shift, 0))
        elif self.kind == "times":
            p.translate(0, -self.area.verticalScrollBar().value())
            self.canvas.paint_times(p, pal)
            p.setPen(pal.color(QPalette.ColorRole.Mid))
            p.drawLine(GUTTER - 1, 0, GUTTER - 1, self.canvas.height())
        p.end()


class FrozenDiary(QObject):
    """Keeps a header strip along the top and a time strip down the left of ``area``."""

    def __init__(self, area: QScrollArea, canvas: DiaryCanvas) -> None:
        super().__init__(area)
        self.area, self.canvas = area, canvas
        self.header = _Strip(area, canvas, "header")
        self.times = _Strip(area, canvas, "times")
        self.corner = _Strip(area, canvas, "corner")
        for bar in (area.horizontalScrollBar(), area.verticalScrollBar()):
            bar.valueChanged.connect(self.place)
        area.viewport().installEventFilter(self)
        canvas.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self.place()
        return False

    def place(self) -> None:
        """Lay the strips over the viewport's top and left edges."""
        view = self.area.viewport().geometry()
        width = min(view.width(), self.canvas.width())
        height = min(view.height(), self.canvas.height())
        self.header.setGeometry(QRect(view.left(), view.top(), width, HEADER))
        self.times.setGeometry(QRect(view.left(), view.top(), GUTTER, height))
        self.corner.setGeometry(QRect(view.left(), view.top(), GUTTER, HEADER))
        for strip in (self.header, self.times, self.corner):
            strip.raise_()
            strip.show()
            strip.update()


class DiaryKey(QWidget):
    """The key to the diary's colours and marks, under the grid (colour is never the only sign)."""

    def __init__(self, canvas: DiaryCanvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.setObjectName("diary_key")
        self.setAccessibleName("Diary key")
        self.setAccessibleDescription(
            "Blue: initial assessment. Green: educational session. Purple: review. Grey: other. "
            "Hatched: cancelled or did not attend. Badge U18: young person. "
            "Grey shading: outside working hours."
        )

    def sizeHint(self) -> QSize:
        return QSize(900, 22)

    def minimumSizeHint(self) -> QSize:
        return QSize(100, 22)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = self.canvas._small_font()
        paint_legend(p, 4, 2, font, self.palette().color(QPalette.ColorRole.WindowText))
        p.end()
