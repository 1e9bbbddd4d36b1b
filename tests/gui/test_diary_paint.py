"""The diary canvas paints only what is exposed, and the same pixels as painting everything."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage, QPainter, QRegion

from divert_desktop.core.enums import AppointmentStatus, AppointmentType, PlaceKind
from divert_desktop.gui.diary.canvas import DiaryCanvas
from divert_desktop.gui.diary.day_view import day_columns
from divert_desktop.services.diary.slots import AppointmentDTO
from divert_desktop.services.diary.views import DiaryData, StaffOption

DAY = date(2026, 12, 2)
NINE = datetime.combine(DAY, time(9))


class CountingCanvas(DiaryCanvas):
    """Notes which blocks were painted and how often text was measured."""

    def __init__(self) -> None:
        super().__init__()
        self.painted: list[int] = []
        self.measured = 0

    def _paint_block(self, p: QPainter, a: AppointmentDTO, rect: QRect, *args: Any) -> None:
        self.painted.append(a.id)
        super()._paint_block(p, a, rect, *args)

    def _elide(self, text: str, width: int, font: Any) -> str:
        if (text, width, font.key()) not in getattr(self, "_elided", {}):
            self.measured += 1  # measured with QFontMetrics, not taken from what was kept
        return super()._elide(text, width, font)


def busy_day(qtbot: Any, caseworkers: int = 40, each: int = 6) -> CountingCanvas:
    staff = tuple(StaffOption(n, f"cw{n}", f"Caseworker {n}") for n in range(1, caseworkers + 1))
    rows = []
    for n in range(caseworkers * each):
        start = NINE + timedelta(hours=n % each)
        worker = staff[n % caseworkers]
        rows.append(
            AppointmentDTO(
                id=n + 1,
                person_id=n + 1,
                referral_id=n + 1,
                type=list(AppointmentType)[n % 4],
                caseworker_id=worker.id,
                caseworker_name=worker.name,
                start_at=start,
                end_at=start + timedelta(minutes=60),
                length_minutes=60,
                place_kind=PlaceKind.VENUE,
                venue_id=1,
                venue_name="Coventry",
                place_detail=None,
                status=list(AppointmentStatus)[n % 5],
                status_reason=None,
                version=1,
                person_name=f"Person number {n} with a long double-barrelled surname",
                young_person=n % 7 == 0,
            )
        )
    data = DiaryData(DAY, 1, tuple(rows), staff, (), {}, {}, {}, (time(9), time(17)))
    columns, column_of = day_columns(data, DAY, rows)
    canvas = CountingCanvas()
    qtbot.addWidget(canvas)
    canvas.set_diary(columns, rows, time(9), time(17), column_of)
    canvas.resize(canvas.sizeHint())
    return canvas


def render(canvas: DiaryCanvas, area: QRect) -> QImage:
    image = QImage(area.size(), QImage.Format.Format_ARGB32_Premultiplied)
    canvas.render(image, QPoint(), QRegion(area))
    return image


def test_painting_a_viewport_paints_only_the_blocks_it_shows(qtbot: Any) -> None:
    """Issue 18: every one of a day's blocks was painted for any exposed rectangle (138 ms a
    frame at 2,560 blocks)."""
    canvas = busy_day(qtbot)
    area = QRect(canvas.width() // 2, 0, 600, 400)
    render(canvas, area)
    shown = {i for i, (_c, rect) in canvas._blocks.items() if rect.intersects(area)}
    assert shown and set(canvas.painted) == shown
    assert len(canvas.painted) < len(canvas._blocks) / 4


def test_a_viewport_looks_the_same_as_that_part_of_the_whole_canvas(qtbot: Any) -> None:
    canvas = busy_day(qtbot, caseworkers=12)
    canvas.selected_id = 20
    whole = render(canvas, canvas.rect())
    for area in (QRect(0, 0, 700, 300), QRect(500, 120, 640, 380)):
        part, expected = render(canvas, area), whole.copy(area)
        differ = [
            (x, y)
            for y in range(0, area.height(), 1)
            for x in range(area.width())
            if part.pixel(x, y) != expected.pixel(x, y)
        ]
        # Only an antialiased edge cut by the viewport's own border may shade differently.
        edge = {0, area.width() - 1}, {0, area.height() - 1}
        assert all(x in edge[0] or y in edge[1] for x, y in differ), (area, differ[:5])


def test_block_text_is_measured_once_not_every_frame(qtbot: Any) -> None:
    canvas = busy_day(qtbot)
    area = QRect(0, 0, 1200, 800)
    render(canvas, area)
    first = canvas.measured
    render(canvas, area)
    assert first > 0 and canvas.measured == first  # the second frame reuses the cut lines
