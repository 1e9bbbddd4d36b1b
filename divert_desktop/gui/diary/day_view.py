"""The day view's columns: "Unassigned" first (police-booked assessments waiting for a caseworker),
then one per caseworker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from divert_desktop.core import calendar
from divert_desktop.core.validation import format_time
from divert_desktop.gui.diary.canvas import DiaryColumn
from divert_desktop.services.diary.slots import AppointmentDTO
from divert_desktop.services.diary.views import DiaryData

UNASSIGNED = "unassigned"


def _count(n: int) -> str:
    return f"{n} booked"


def day_columns(
    data: DiaryData, day: date, shown: list[AppointmentDTO]
) -> tuple[list[DiaryColumn], Callable[[AppointmentDTO], int | None]]:
    """The columns of ``day`` and a function giving each appointment's column."""
    closed = data.closed.get(day)
    live = [a for a in shown if a.status.holds_slot]
    n = sum(1 for a in live if a.caseworker_id is None)
    columns: list[DiaryColumn] = [
        DiaryColumn(
            UNASSIGNED, "Unassigned", f"No caseworker yet · {_count(n)}", day, closed=closed
        )
    ]  # first, where the receptionist looks for appointments still to give out
    for person in data.caseworkers:
        window = calendar.working_window(day, data.hours.get(person.id), data.service_hours)
        n = sum(1 for a in live if a.caseworker_id == person.id)
        hours = f"{format_time(window[0])}–{format_time(window[1])}" if window else "Not working"
        columns.append(
            DiaryColumn(
                f"cw{person.id}",
                person.name,
                f"{_count(n)} · {hours}",
                day,
                caseworker_id=person.id,
                closed=closed,
                hours=window,
            )
        )
    index = {c.caseworker_id: i for i, c in enumerate(columns) if c.key != UNASSIGNED}
    unassigned = 0

    def column_of(a: AppointmentDTO) -> int | None:
        if a.start_at.date() != day:
            return None
        return unassigned if a.caseworker_id is None else index.get(a.caseworker_id)

    return columns, column_of
