"""One painted canvas per diary view: columns of a 15-minute grid with appointment blocks.

Nothing here is a widget per appointment: blocks are painted, hit-tested and dragged by the
canvas itself. Live conflict checks while dragging call ``conflict_check`` (pure, on loaded data).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QToolTip, QWidget

from divert_desktop.core.enums import AppointmentStatus, AppointmentType
from divert_desktop.core.validation import format_date, format_time
from divert_desktop.services.diary.slots import AppointmentDTO

GRID = 15  # minutes
HEADER = 50
GUTTER = 58
ROW = 17  # pixels per 15 minutes, when the window has room
MIN_ROW = 11  # the least: a short screen still shows the working day
MIN_COLUMN = 118  # eight columns (seven caseworkers) fit a 1366-pixel laptop screen
WEEK_MIN_COLUMN = 112  # seven days fit a 1280-pixel window without scrolling sideways
DRAG_START = 5

TYPE_COLOURS = {  # fill, border (text is near-black on every fill: WCAG AA)
    AppointmentType.INITIAL_ASSESSMENT: ("#d2e2f1", "#1d70b8"),
    AppointmentType.EDUCATIONAL_SESSION: ("#d4ecdc", "#00703c"),
    AppointmentType.REVIEW: ("#e6dcf0", "#4c2c92"),
    AppointmentType.OTHER: ("#ececec", "#505a5f"),
}
STATUS_MARKS = {
    AppointmentStatus.BOOKED: "",
    AppointmentStatus.ARRIVED: "● Arrived",
    AppointmentStatus.ATTENDED: "✓ Attended",
    AppointmentStatus.DID_NOT_ATTEND: "✗ Did not attend",
    AppointmentStatus.CANCELLED_BY_PERSON: "Cancelled by person",
    AppointmentStatus.CANCELLED_BY_PROVIDER: "Cancelled by service",
    AppointmentStatus.MOVED: "Moved",
}
HATCHED = {
    AppointmentStatus.DID_NOT_ATTEND,
    AppointmentStatus.CANCELLED_BY_PERSON,
    AppointmentStatus.CANCELLED_BY_PROVIDER,
    AppointmentStatus.MOVED,
}
TEXT = QColor("#0b0c0c")
REFUSED = QColor("#b3261e")


@dataclass(frozen=True)
class DiaryColumn:
    """One column: a caseworker on a day (day view) or a day (week view)."""

    key: str
    title: str
    subtitle: str
    day: date
    caseworker_id: int | None = None
    venue_id: int | None = None
    closed: str | None = None
    hours: tuple[datetime, datetime] | None = None  # the caseworker's working window


YOUNG_BADGE = "U18"
YOUNG_WORDS = "Young person (under 18)"
"""The badge painted on a young person's block, and what it says in words (tooltip, screen reader)."""
BADGE_FILL = QColor("#7a2e00")  # white text on it: contrast 10:1


def describe(a: AppointmentDTO) -> str:
    """The appointment in words (the canvas's accessible description and tooltip)."""
    young = f", {YOUNG_WORDS[:1].lower()}{YOUNG_WORDS[1:]}" if a.young_person else ""
    who = a.caseworker_name or "no caseworker yet"
    return (
        f"{a.person_name}{young}: {a.type.label} on {format_date(a.start_at.date())}, "
        f"{format_time(a.start_at)} to {format_time(a.end_at)}, {a.place}, with {who}. "
        f"Status: {a.status.label}."
    )


def _badge_font(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
    bold.setBold(True)
    return bold


def _badge_width(font: QFont) -> int:
    from PySide6.QtGui import QFontMetrics

    return QFontMetrics(_badge_font(font)).horizontalAdvance(YOUNG_BADGE) + 10


def _badge_rect(block: QRect, font: QFont) -> QRect:
    """The badge's place: the top right corner of the block (the same in day and week views)."""
    inner = block.adjusted(9, 2, -4, -2)
    width = min(_badge_width(font), max(inner.width() // 2, 18))
    return QRect(inner.right() - width + 1, inner.top() + 1, width, ROW - 4)


def _paint_badge(p: QPainter, rect: QRect, font: QFont) -> None:
    """A dark rounded badge with "U18" in white bold (not colour alone: the letters say it)."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(BADGE_FILL)
    p.drawRoundedRect(QRectF(rect), 3, 3)
    p.setPen(QColor("#ffffff"))
    p.setFont(_badge_font(font))
    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, YOUNG_BADGE)


def paint_legend(p: QPainter, x: int, y: int, font: QFont, text: QColor) -> None:
    """The key to the colours and marks (colour is never the only signal)."""
    p.setFont(font)
    for kind, (fill, border) in TYPE_COLOURS.items():
        p.setPen(QPen(QColor(border), 1))
        p.setBrush(QColor(fill))
        p.drawRect(QRect(x, y + 3, 14, 12))
        p.setPen(text)
        label = kind.label
        width = p.fontMetrics().horizontalAdvance(label)
        p.drawText(QRect(x + 20, y, width + 4, 18), Qt.AlignmentFlag.AlignVCenter, label)
        x += width + 40
    p.setPen(QPen(QColor("#505a5f"), 1))
    p.setBrush(QBrush(QColor("#505a5f"), Qt.BrushStyle.BDiagPattern))
    p.drawRect(QRect(x, y + 3, 14, 12))
    p.setPen(text)
    for label in (
        "Cancelled or did not attend",
        "✓ Attended   ● Arrived",
        YOUNG_WORDS,
        "Grey: outside working hours",
    ):
        if label.startswith("✓"):
            x += 20
        if label == YOUNG_WORDS:  # the same badge as on the blocks, then its words
            badge_rect = QRect(x, y + 2, _badge_width(font), 14)
            _paint_badge(p, badge_rect, font)
            p.setPen(text)
            p.setFont(font)
            x += badge_rect.width() + 6
        width = p.fontMetrics().horizontalAdvance(label)
        p.drawText(
            QRect(x + (20 if label.startswith("Cancelled") else 0), y, width + 4, 18),
            Qt.AlignmentFlag.AlignVCenter,
            label,
        )
        x += width + 40


class DiaryCanvas(QWidget):
    """The painted diary. Signals say what the user asked for; the page does it."""

    sig_selected = Signal(object)  # AppointmentDTO | None
    sig_open = Signal(object)  # AppointmentDTO (Enter, double-click)
    sig_cancel = Signal(object)  # AppointmentDTO (Delete)
    sig_book = Signal(object, object, object)  # DiaryColumn, start datetime, length minutes|None
    # AppointmentDTO, DiaryColumn, start datetime, refused by the live check
    sig_move = Signal(object, object, object, bool)
    sig_step = Signal(int)  # Left/Right: days
    sig_today = Signal()
    sig_status = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diary_canvas")
        self.setAccessibleName("Diary")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.columns: list[DiaryColumn] = []
        self.appointments: list[AppointmentDTO] = []
        self.day_start, self.day_end = time(9, 0), time(17, 0)
        self.conflict_check: Callable[
            [AppointmentDTO | None, DiaryColumn, datetime, int], list[str]
        ]
        self.conflict_check = lambda _a, _c, _s, _n: []
        self.selected_id: int | None = None
        self._blocks: dict[int, tuple[int, QRect]] = {}  # id -> (column, rect)
        self._in_column: dict[int, list[AppointmentDTO]] = {}  # column -> its blocks, to paint
        self._elided: dict[tuple[str, int, str], str] = {}  # (text, width, font) -> elided
        self._texts: dict[int, tuple[AppointmentDTO, tuple, tuple]] = {}  # id -> block's lines
        self._font_key = ""
        self._press: QPoint | None = None
        self._press_id: int | None = None
        self._dragging = False
        self._ghost: tuple[int, datetime, int] | None = None  # column, start, minutes
        self.drag_conflicts: list[str] = []
        self.empty_text = ""
        self.row = ROW  # pixels per 15 minutes (see fit_height)

    # ---------------------------------------------------------------- data
    def set_diary(
        self,
        columns: Sequence[DiaryColumn],
        appointments: Sequence[AppointmentDTO],
        day_start: time,
        day_end: time,
        column_of: Callable[[AppointmentDTO], int | None],
    ) -> None:
        """Show new data, keeping the selection when the appointment is still there."""
        self.columns = list(columns)
        self.day_start, self.day_end = day_start, day_end
        self.appointments = list(appointments)
        self._column_of = column_of
        self._layout_blocks()
        if self.selected_id not in self._blocks:
            self.selected_id = None
        self._cancel_drag()
        self.updateGeometry()
        self.setMinimumSize(self.sizeHint())
        self._announce()
        self.update()

    @property
    def selected(self) -> AppointmentDTO | None:
        return next((a for a in self.appointments if a.id == self.selected_id), None)

    def select(self, appointment_id: int | None) -> None:
        self.selected_id = appointment_id if appointment_id in self._blocks else None
        self._announce()
        self.update()

    def _announce(self) -> None:
        chosen = self.selected
        self.setAccessibleDescription(describe(chosen) if chosen else "No appointment selected")
        self.sig_selected.emit(chosen)

    # ---------------------------------------------------------------- geometry
    def fit_height(self, height: int) -> None:
        """Rows as tall as fit ``height`` pixels (between MIN_ROW and ROW): a full day shows."""
        slots = max(1, self.minutes // GRID)
        row = max(MIN_ROW, min(ROW, (height - HEADER - 6) // slots))
        if row != self.row:
            self.row = row
            if self.columns:
                self._layout_blocks()
            self.updateGeometry()
            self.setMinimumSize(self.sizeHint())
            self.update()

    @property
    def minutes(self) -> int:
        start = self.day_start.hour * 60 + self.day_start.minute
        return max(GRID, self.day_end.hour * 60 + self.day_end.minute - start)

    def sizeHint(self) -> QSize:
        return QSize(
            GUTTER + self._min_column() * max(1, len(self.columns)), self._y(self.minutes) + 6
        )

    def _min_column(self) -> int:
        """Day columns (a week) can be narrower than caseworker columns (names)."""
        return WEEK_MIN_COLUMN if len({c.day for c in self.columns}) > 1 else MIN_COLUMN

    def _y(self, minutes: float) -> int:
        return HEADER + round(minutes / GRID * self.row)

    def _column_width(self) -> float:
        return max(self._min_column(), (self.width() - GUTTER) / max(1, len(self.columns)))

    def column_rect(self, index: int) -> QRect:
        w = self._column_width()
        x = GUTTER + round(index * w)
        return QRect(
            x, HEADER, round((index + 1) * w) - round(index * w), self._y(self.minutes) - HEADER
        )

    def _minutes_of(self, moment: datetime) -> float:
        day_open = datetime.combine(moment.date(), self.day_start)
        return (moment - day_open).total_seconds() / 60

    def point_for(self, column: int, moment: datetime) -> QPoint:
        """The canvas point of ``moment`` in ``column`` (a little inside the column)."""
        rect = self.column_rect(column)
        return QPoint(rect.left() + 12, self._y(self._minutes_of(moment)) + 2)

    def rect_for(self, appointment_id: int) -> QRect:
        """Where the appointment's block is painted (empty when it is not shown)."""
        return QRect(self._blocks[appointment_id][1]) if appointment_id in self._blocks else QRect()

    def column_at(self, pos: QPoint) -> int | None:
        if pos.x() < GUTTER or not self.columns:
            return None
        index = int((pos.x() - GUTTER) / self._column_width())
        return index if 0 <= index < len(self.columns) else None

    def time_at(self, column: int, y: int) -> datetime:
        """The grid time at height ``y`` (snapped down to 15 minutes, kept inside the day)."""
        slots = max(0, min(self.minutes // GRID - 1, (y - HEADER) // self.row))
        day_open = datetime.combine(self.columns[column].day, self.day_start)
        return day_open + timedelta(minutes=slots * GRID)

    def _layout_blocks(self) -> None:
        """Rects for every shown appointment; overlapping ones share their column side by side."""
        self._blocks = {}
        by_column: dict[int, list[AppointmentDTO]] = {}
        self._in_column = by_column
        for a in self.appointments:
            index = self._column_of(a)
            if index is not None and 0 <= index < len(self.columns):
                by_column.setdefault(index, []).append(a)
        for index, items in by_column.items():
            items.sort(key=lambda a: (a.start_at, a.status in HATCHED, a.id))
            lanes: list[datetime] = []
            placed: list[tuple[AppointmentDTO, int]] = []
            cluster: list[tuple[AppointmentDTO, int]] = []
            cluster_end: datetime | None = None
            for a in items:
                if cluster_end is not None and a.start_at >= cluster_end:
                    placed += self._finish(cluster, len(lanes))
                    cluster, lanes, cluster_end = [], [], None
                lane = next((n for n, end in enumerate(lanes) if end <= a.start_at), len(lanes))
                if lane == len(lanes):
                    lanes.append(a.end_at)
                else:
                    lanes[lane] = a.end_at
                cluster.append((a, lane))
                cluster_end = max(cluster_end or a.end_at, a.end_at)
            placed += self._finish(cluster, len(lanes))
            col = self.column_rect(index)
            for a, (lane, count) in placed:
                width = (col.width() - 8) / count
                top = self._y(self._minutes_of(a.start_at))
                bottom = self._y(self._minutes_of(a.end_at))
                top, bottom = max(HEADER, top), min(self._y(self.minutes), bottom)
                rect = QRect(
                    col.left() + 4 + round(lane * width),
                    top + 1,
                    max(20, round(width) - 3),
                    max(self.row - 2, bottom - top - 2),
                )
                self._blocks[a.id] = (index, rect)

    @staticmethod
    def _finish(cluster: list[tuple[AppointmentDTO, int]], lanes: int) -> list:
        return [(a, (lane, max(1, lanes))) for a, lane in cluster]

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.columns:
            self._layout_blocks()

    # ---------------------------------------------------------------- painting
    def visible_columns(self, area: QRect) -> range:
        """The indexes of the columns that ``area`` (canvas coordinates) touches."""
        if not self.columns:
            return range(0)
        w = self._column_width()
        first = max(0, int((area.left() - GUTTER) // w))
        last = min(len(self.columns) - 1, int((area.right() - GUTTER) // w))
        return range(first, last + 1)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint only what ``event.rect()`` exposes: the columns it touches and their blocks
        (painting all 2,560 blocks of a busy day took 138 ms a frame; see bench_diary)."""
        area = event.rect()
        p = QPainter(self)
        p.setClipRect(area)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(area, pal.color(QPalette.ColorRole.Base))
        columns = self.visible_columns(area)
        self._paint_grid(p, pal, area, columns)
        fonts = self._block_fonts()
        self._font_key = self.font().key()
        if len(self._texts) > 4 * max(1000, len(self._blocks)):
            self._texts.clear()
        for index in columns:
            for a in self._in_column.get(index, ()):
                rect = self._blocks[a.id][1]
                if rect.intersects(area):
                    self._paint_block(p, a, rect, fonts)
        self._paint_ghost(p)
        if not self.appointments and self.empty_text:
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(
                QRect(GUTTER, HEADER + 8, self.width() - GUTTER, 40),
                Qt.AlignmentFlag.AlignCenter,
                self.empty_text,
            )
        if self.hasFocus():
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(self.rect().adjusted(1, 1, -1, -1))
        p.end()

    def _paint_grid(self, p: QPainter, pal: QPalette, area: QRect, columns: range) -> None:
        mid = pal.color(QPalette.ColorRole.Mid)
        light = QColor(mid)
        light.setAlpha(70)
        bottom = self._y(self.minutes)
        bold = QFont(self.font())
        bold.setBold(True)
        for index in columns:
            column = self.columns[index]
            rect = self.column_rect(index)
            if column.closed:
                p.fillRect(rect, QBrush(QColor("#dcdcdc"), Qt.BrushStyle.BDiagPattern))
                p.fillRect(rect, QColor(128, 128, 128, 30))
                p.setFont(bold)
                p.setPen(QColor("#505a5f"))
                p.drawText(
                    rect.adjusted(6, 20, -6, 0),
                    Qt.AlignmentFlag.AlignHCenter
                    | Qt.AlignmentFlag.AlignTop
                    | Qt.TextFlag.TextWordWrap,
                    f"Closed\n{column.closed}",
                )
            elif column.caseworker_id is not None:
                self._shade_outside_hours(p, rect, column)
            p.setPen(QPen(mid, 1))
            p.drawLine(rect.left(), 0, rect.left(), bottom)
        right = min(self.width(), area.right() + 1)
        for step in range(self.minutes // GRID + 1):
            y = self._y(step * GRID)
            if not area.top() - 1 <= y <= area.bottom() + 1:
                continue
            on_hour = (self.day_start.minute + step * GRID) % 60 == 0
            p.setPen(QPen(mid if on_hour else light, 1))
            p.drawLine(max(area.left(), GUTTER - (6 if on_hour else 0)), y, right, y)
        if area.top() < HEADER:
            self.paint_headers(p, pal, area)
        if area.left() < GUTTER:
            self.paint_times(p, pal)

    def _small_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        return small

    def paint_headers(self, p: QPainter, pal: QPalette, area: QRect | None = None) -> None:
        """The column titles (caseworker or day) along the top; the frozen header paints these.
        Only the columns ``area`` (canvas coordinates) touches, when given."""
        text, mid = pal.color(QPalette.ColorRole.WindowText), pal.color(QPalette.ColorRole.Mid)
        small = self._small_font()
        bold = QFont(self.font())
        bold.setBold(True)
        shown = self.visible_columns(area) if area is not None else range(len(self.columns))
        for index in shown:
            column = self.columns[index]
            rect = self.column_rect(index)
            head = QRect(rect.left(), 0, rect.width(), HEADER)
            p.fillRect(head, pal.color(QPalette.ColorRole.Window))
            p.setFont(bold)
            p.setPen(text)
            p.drawText(
                head.adjusted(6, 4, -6, -HEADER // 2),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self._elide(column.title, head.width() - 12, bold),
            )
            p.setFont(small)
            sub = f"Closed: {column.closed}" if column.closed else column.subtitle
            p.drawText(
                head.adjusted(6, HEADER // 2, -6, -4),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self._elide(sub, head.width() - 12, small),
            )
            p.setPen(QPen(mid, 1))
            p.drawLine(rect.left(), 0, rect.left(), HEADER)
        p.setPen(QPen(mid, 1))
        p.drawLine(0, HEADER, self.width(), HEADER)

    def paint_times(self, p: QPainter, pal: QPalette) -> None:
        """The hours down the left; the frozen time column paints these."""
        p.setFont(self._small_font())
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        for step in range(0, self.minutes // GRID + 1):
            if (self.day_start.minute + step * GRID) % 60:
                continue
            y = self._y(step * GRID)
            moment = datetime.combine(date.min, self.day_start) + timedelta(minutes=step * GRID)
            p.drawText(
                QRect(0, y + 2, GUTTER - 10, ROW), Qt.AlignmentFlag.AlignRight, format_time(moment)
            )

    def _shade_outside_hours(self, p: QPainter, rect: QRect, column: DiaryColumn) -> None:
        grey = QColor(128, 128, 128, 38)
        if column.hours is None:
            p.fillRect(rect, grey)
            return
        top = self._y(max(0.0, self._minutes_of(column.hours[0])))
        bottom = self._y(min(self.minutes, self._minutes_of(column.hours[1])))
        if top > rect.top():
            p.fillRect(QRect(rect.left(), rect.top(), rect.width(), top - rect.top()), grey)
        if bottom < rect.bottom():
            p.fillRect(QRect(rect.left(), bottom, rect.width(), rect.bottom() - bottom), grey)

    def _elide(self, text: str, width: int, font: QFont) -> str:
        """``text`` cut to ``width`` with "…" (remembered: a block's lines are the same from
        one frame to the next, and measuring text was most of painting a block)."""
        key = (text, width, font.key())
        found = self._elided.get(key)
        if found is None:
            from PySide6.QtGui import QFontMetrics

            if len(self._elided) > 20_000:
                self._elided.clear()
            found = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, max(10, width))
            self._elided[key] = found
        return found

    def _block_fonts(self) -> tuple[QFont, QFont, QFont, QFont]:
        """Bold, bold struck out, small and small bold: made once a frame, not once a block."""
        bold = QFont(self.font())
        bold.setBold(True)
        struck = QFont(bold)
        struck.setStrikeOut(True)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        strong = QFont(small)
        strong.setBold(True)
        return bold, struck, small, strong

    def _paint_block(
        self,
        p: QPainter,
        a: AppointmentDTO,
        rect: QRect,
        fonts: tuple[QFont, QFont, QFont, QFont] | None = None,
    ) -> None:
        fill, border = TYPE_COLOURS[a.type]
        gone = a.status in HATCHED
        p.setPen(QPen(QColor(border), 1))
        p.setBrush(QColor("#f3f2f1") if gone else QColor(fill))
        p.drawRoundedRect(QRectF(rect), 4, 4)
        if gone:
            p.setBrush(QBrush(QColor(border).lighter(150), Qt.BrushStyle.BDiagPattern))
            p.drawRoundedRect(QRectF(rect), 4, 4)
        p.fillRect(QRect(rect.left(), rect.top(), 5, rect.height()), QColor(border))
        if a.id == self.selected_id:
            p.setPen(QPen(QColor("#0b0c0c"), 3))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(rect).adjusted(1, 1, -1, -1), 4, 4)
        inner = rect.adjusted(9, 2, -4, -2)
        plain_bold, struck, small, strong = fonts or self._block_fonts()
        cancelled = a.status in (
            AppointmentStatus.CANCELLED_BY_PERSON,
            AppointmentStatus.CANCELLED_BY_PROVIDER,
        )
        bold = struck if cancelled else plain_bold
        line = ROW - 2
        y = inner.top()
        p.setPen(TEXT)
        badge = 0
        if a.young_person:
            badge_rect = _badge_rect(rect, self.font())
            _paint_badge(p, badge_rect, small)
            badge = badge_rect.width() + 4
            p.setPen(TEXT)
        name, lines = self._block_texts(a, inner, badge, bold, small)
        p.setFont(bold)
        p.drawText(
            QRect(inner.left(), y, inner.width() - badge, line), Qt.AlignmentFlag.AlignVCenter, name
        )
        mark = STATUS_MARKS.get(a.status, "")
        for text, is_mark in lines:
            y += line
            if y + line > inner.bottom() + 3:
                break
            p.setFont(strong if is_mark else small)
            p.drawText(
                QRect(inner.left(), y, inner.width(), line), Qt.AlignmentFlag.AlignVCenter, text
            )
        if rect.height() < 2 * line and mark:  # too short for the status line: a corner mark
            p.drawText(
                QRect(inner.left(), inner.top(), inner.width() - badge - 2, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                mark[:1],
            )

    _show_caseworker = False

    def _block_texts(
        self, a: AppointmentDTO, inner: QRect, badge: int, bold: QFont, small: QFont
    ) -> tuple[str, list[tuple[str, bool]]]:
        """A block's name and lines, cut to fit (kept per block until its size, data or the
        font changes: measuring text was most of painting a block)."""
        key = (inner.width(), badge, self._show_caseworker, self._font_key)
        kept = self._texts.get(a.id)
        if kept is not None and kept[0] is a and kept[1] == key:
            return kept[2]
        mark = STATUS_MARKS.get(a.status, "")
        lines = [
            (f"{format_time(a.start_at)}–{format_time(a.end_at)} · {a.type.label}", False),
            (f"{a.place}" + (f" · {a.caseworker_name}" if self._show_caseworker else ""), False),
        ]
        if mark:
            lines.insert(0, (mark, True))
        width = inner.width()
        texts = (
            self._elide(a.person_name, width - badge, bold),
            [(self._elide(text, width, small), is_mark) for text, is_mark in lines],
        )
        self._texts[a.id] = (a, key, texts)
        return texts

    def _paint_ghost(self, p: QPainter) -> None:
        if self._ghost is None:
            return
        column, start, minutes = self._ghost
        col = self.column_rect(column)
        top = self._y(self._minutes_of(start))
        rect = QRect(
            col.left() + 4,
            top + 1,
            col.width() - 8,
            max(self.row - 2, round(minutes / GRID * self.row) - 2),
        )
        refused = bool(self.drag_conflicts)
        colour = REFUSED if refused else QColor("#1d70b8")
        p.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))
        fill = QColor(colour)
        fill.setAlpha(40)
        p.setBrush(
            QBrush(fill, Qt.BrushStyle.DiagCrossPattern if refused else Qt.BrushStyle.SolidPattern)
        )
        p.drawRoundedRect(QRectF(rect), 4, 4)
        p.setPen(colour.darker(130))
        end = start + timedelta(minutes=minutes)
        label = f"{format_time(start)}–{format_time(end)}" + (" · Not free" if refused else "")
        p.drawText(rect.adjusted(8, 2, -4, -2), Qt.AlignmentFlag.AlignLeft, label)

    # ---------------------------------------------------------------- mouse
    def block_at(self, pos: QPoint) -> AppointmentDTO | None:
        hits = [i for i, (_c, rect) in self._blocks.items() if rect.contains(pos)]
        return next(
            (a for a in self.appointments if a.id in hits and a.status not in HATCHED),
            next((a for a in self.appointments if a.id in hits), None),
        )

    def badge_rect(self, appointment_id: int) -> QRect | None:
        """Where the "U18" badge of a young person's block is painted (None: no badge)."""
        a = next((a for a in self.appointments if a.id == appointment_id), None)
        if a is None or not a.young_person or a.id not in self._blocks:
            return None
        return _badge_rect(self._blocks[a.id][1], self.font())

    def tooltip_at(self, pos: QPoint) -> str:
        """What hovering at ``pos`` explains: the badge in words, or the whole appointment."""
        hit = self.block_at(pos)
        if hit is None:
            return ""
        badge = self.badge_rect(hit.id)
        if badge is not None and badge.adjusted(-2, -2, 2, 2).contains(pos):
            return YOUNG_WORDS
        return describe(hit)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        pos = event.position().toPoint()
        hit = self.block_at(pos)
        self._press, self._press_id, self._dragging = pos, hit.id if hit else None, False
        if hit is not None:
            self.select(hit.id)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._press is None:
            self.setToolTip(self.tooltip_at(pos))
            return
        if not self._dragging and (pos - self._press).manhattanLength() < DRAG_START:
            return
        self._dragging = True
        column = self.column_at(pos)
        if column is None:
            return
        moving = self.selected if self._press_id is not None else None
        if moving is not None:
            if not moving.status.holds_slot or moving.status != AppointmentStatus.BOOKED:
                self._ghost = None
                self.sig_status.emit(
                    f"Only booked appointments can be moved ({moving.status.label.lower()})."
                )
                return
            offset = self._press.y() - self._blocks[moving.id][1].top()
            start = self.time_at(column, pos.y() - offset + self.row // 2)
            minutes = moving.length_minutes
        else:
            first = self.column_at(self._press)
            column = first if first is not None else column
            a = self.time_at(column, self._press.y())
            b = self.time_at(column, pos.y())
            start = min(a, b)
            minutes = int((max(a, b) - start).total_seconds() // 60) + GRID
        self._ghost = (column, start, minutes)
        self.drag_conflicts = self.conflict_check(moving, self.columns[column], start, minutes)
        text = (". ".join(self.drag_conflicts) + ".") if self.drag_conflicts else ""
        self.sig_status.emit(text or f"{format_time(start)} is free.")
        if text:
            QToolTip.showText(self.mapToGlobal(pos), text, self)
        else:
            QToolTip.hideText()
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None or event.button() != Qt.MouseButton.LeftButton:
            return super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        press, press_id, dragging, ghost = self._press, self._press_id, self._dragging, self._ghost
        refused = list(self.drag_conflicts)
        self._cancel_drag()
        QToolTip.hideText()
        if not dragging:
            column = self.column_at(pos)
            if press_id is None and column is not None and pos.y() > HEADER:
                if not self.columns[column].closed:
                    self.sig_book.emit(self.columns[column], self.time_at(column, press.y()), None)
                else:
                    self.sig_status.emit(
                        f"The service is closed that day ({self.columns[column].closed})."
                    )
            return
        if ghost is None:
            return
        column, start, minutes = ghost
        moving = next((a for a in self.appointments if a.id == press_id), None)
        if refused:
            self.sig_status.emit("Not moved: " + ". ".join(refused) + ".")
            if moving is not None:
                # The service has the last word (the shown day may be out of date) and, when it
                # refuses too, names the next free time: the same words as the move dialog.
                self.sig_move.emit(moving, self.columns[column], start, True)
            return
        if moving is None:
            self.sig_book.emit(self.columns[column], start, minutes)
        elif start != moving.start_at or self._column_of(moving) != column:
            self.sig_move.emit(moving, self.columns[column], start, False)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self.block_at(event.position().toPoint())
        if hit is not None:
            self.select(hit.id)
            self.sig_open.emit(hit)

    def _cancel_drag(self) -> None:
        self._press, self._press_id, self._dragging, self._ghost = None, None, False, None
        self.drag_conflicts = []
        self.update()

    # ---------------------------------------------------------------- keyboard
    def ordered(self) -> list[AppointmentDTO]:
        """Shown appointments in reading order: by time, then column."""
        return sorted(
            (a for a in self.appointments if a.id in self._blocks),
            key=lambda a: (a.start_at, self._blocks[a.id][0], a.id),
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return super().keyPressEvent(event)
        if key == Qt.Key.Key_Escape and self._press is not None:
            self._cancel_drag()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.sig_step.emit(-1 if key == Qt.Key.Key_Left else 1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            items = self.ordered()
            if items:
                ids = [a.id for a in items]
                if self.selected_id in ids:
                    n = ids.index(self.selected_id) + (1 if key == Qt.Key.Key_Down else -1)
                else:
                    n = 0 if key == Qt.Key.Key_Down else len(ids) - 1
                self.select(ids[max(0, min(len(ids) - 1, n))])
        elif key == Qt.Key.Key_T:
            self.sig_today.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected:
            self.sig_open.emit(self.selected)
        elif key == Qt.Key.Key_Delete and self.selected:
            self.sig_cancel.emit(self.selected)
        else:
            super().keyPressEvent(event)
