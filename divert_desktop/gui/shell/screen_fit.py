"""Every window and dialog fits the screen it opens on (1366x768 laptops included)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget

FRAME_ALLOWANCE = (16, 40)
"""Room kept for a window manager's frame (borders, title bar) before the real frame is known."""

FITTED_TYPES = (Qt.WindowType.Window, Qt.WindowType.Dialog)


def available_room(window: QWidget) -> QRect | None:
    """The part of the window's screen not taken by task bars and docks."""
    screen = window.screen() or QApplication.primaryScreen()
    return None if screen is None else screen.availableGeometry()


def _frame_extra(window: QWidget) -> tuple[int, int]:
    frame, inner = window.frameGeometry(), window.geometry()
    extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
    if window.isVisible() and (extra_w or extra_h):
        return extra_w, extra_h
    return FRAME_ALLOWANCE


def fit_to_screen(window: QWidget, room: QRect | None = None) -> None:
    """Shrink ``window`` (never below its minimum size) and move it so its frame lies inside
    ``room`` (the available geometry of its screen unless given)."""
    if window.isMaximized() or window.isFullScreen():
        return
    room = room if room is not None else available_room(window)
    if room is None or room.isEmpty():
        return
    extra_w, extra_h = _frame_extra(window)
    width = max(min(window.width(), room.width() - extra_w), window.minimumWidth())
    height = max(min(window.height(), room.height() - extra_h), window.minimumHeight())
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    frame_w, frame_h = width + extra_w, height + extra_h
    frame = window.frameGeometry()
    left = min(max(frame.x(), room.left()), room.left() + room.width() - frame_w)
    top = min(max(frame.y(), room.top()), room.top() + room.height() - frame_h)
    if (left, top) != (frame.x(), frame.y()):
        window.move(max(left, room.left()), max(top, room.top()))


class ScreenFitter(QObject):
    """Fits each top-level window and dialog to its screen when it shows and whenever it grows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._busy = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (
            kind in (QEvent.Type.Show, QEvent.Type.Resize)
            and not self._busy
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched.windowType() in FITTED_TYPES
            and (kind == QEvent.Type.Show or watched.isVisible())
        ):
            self._busy = True
            try:
                fit_to_screen(watched)
            finally:
                self._busy = False
        return False


def install_screen_fitter(app: QApplication) -> ScreenFitter:
    """Fit every window of ``app`` from now on (once per application)."""
    fitter = app.findChild(ScreenFitter)
    if fitter is None:
        fitter = ScreenFitter(app)
        app.installEventFilter(fitter)
    return fitter
