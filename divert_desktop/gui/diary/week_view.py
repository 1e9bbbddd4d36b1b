"""The week view's columns: Monday to Sunday for one caseworker or one venue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from divert_desktop.core import calendar
from divert_desktop.core.validation import format_date
from divert_desktop.gui.diary.canvas import DiaryColumn
from divert_desktop.services.diary.slots import AppointmentDTO
from divert_desktop.services.diary.views import DiaryData


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def week_columns(
    data: DiaryData,
    *,
    caseworker_id: int | None = None,
    venue_id: int | None = None,
) -> tuple[list[DiaryColumn], Callable[[AppointmentDTO], int | None]]:
    """Seven columns from ``data.first`` and a function giving each appointment's column."""
    columns = []
    for day in data.dates:
        closed = data.closed.get(day) or (
            data.venue_closed.get((venue_id, day)) if venue_id is not None else None
        )
        window = (
            calendar.working_window(day, data.hours.get(caseworker_id), data.service_hours)
            if caseworker_id is not None
            else None
        )
        n = sum(1 for a in data.appointments if a.start_at.date() == day and a.status.holds_slot)
        title = format_date(day).rsplit(" ", 1)[0]
        columns.append(
            DiaryColumn(
                day.isoformat(),
                title,
                f"{n} appointment{'s' if n != 1 else ''}",
                day,
                caseworker_id=caseworker_id,
                venue_id=venue_id,
                closed=closed,
                hours=window,
            )
        )

    def column_of(a: AppointmentDTO) -> int | None:
        offset = (a.start_at.date() - data.first).days
        return offset if 0 <= offset < len(columns) else None

    return columns, column_of
