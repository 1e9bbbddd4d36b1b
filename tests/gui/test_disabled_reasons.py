"""A disabled button says why: "Did not attend" before the start time names when it opens."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from divert_desktop.core.enums import AppointmentStatus, Role
from divert_desktop.core.status import attendance_waits_for
from tests.clock import CLOCK
from tests.gui.conftest import wait_idle
from tests.gui.test_today_page import today_page


def test_did_not_attend_before_the_start_says_from_when_on_today(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    _window, page = today_page(qtbot, mixed_db, make_actor, runner)
    page.appointments.view.selectRow(0)
    row = page.appointments.current_row()
    page.clock = lambda: datetime.combine(CLOCK.today(), time(8, 0))  # before it starts
    page._update_attendance_buttons()
    button = page.did_not_attend_button
    assert not button.isEnabled()
    reason = f"Available from {row.start_at:%H:%M}, once the appointment has started"
    assert button.toolTip() == reason
    assert (
        attendance_waits_for(
            AppointmentStatus.DID_NOT_ATTEND, row.status, row.start_at, page.clock()
        )
        == reason
    )  # the words are core's
    hint = page.findChild(type(page.appointments_label), "attendance_hint_label")
    assert hint.isVisible() and "Did not attend: available from" in hint.text()
    page.clock = lambda: datetime.combine(CLOCK.today(), time(23, 0))  # it has started
    page._update_attendance_buttons()
    assert button.isEnabled() and "did not come" in button.toolTip()
    assert hint.text() == ""


def test_did_not_attend_in_the_diary_before_the_start_says_why(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    from divert_desktop.gui.diary.diary_page import DiaryPage
    from tests.gui.diary_seed import DAY, seed_diary

    seeded = seed_diary(sqlite_db)
    page = DiaryPage(sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    page.clock = lambda: datetime.combine(DAY, time(8, 0))
    qtbot.addWidget(page)
    page.resize(1300, 860)
    page.show()
    page.show_day(DAY)
    wait_idle(qtbot, page)
    amelia = seeded["amelia"]
    page.canvas.select(amelia.id)
    button = page.actions.buttons["did_not_attend_button"]
    assert not button.isEnabled()
    expected = f"Available from {amelia.start_at:%H:%M}, once the appointment has started"
    assert button.toolTip() == expected
    assert "Did not attend: available from" in page.actions.selected_label.text()
