"""The diary day view on a 1366x768 laptop: a full working day and seven caseworkers without
scrolling, headers and times frozen when it does scroll, the colour key always in view."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

from divert_desktop.app import build_main_window
from divert_desktop.core.clock import FixedClock
from divert_desktop.core.enums import Role
from divert_desktop.gui.diary.canvas import GUTTER, HEADER
from divert_desktop.gui.diary.diary_page import DAY as DAY_VIEW
from divert_desktop.gui.diary.diary_page import WEEK, DiaryPage
from divert_desktop.gui.shell.screen_fit import fit_to_screen
from divert_desktop.persistence.models import Appointment
from tests.db.test_booking import add_staff
from tests.gui.conftest import wait_idle
from tests.gui.diary_seed import DAY, seed_diary

LAPTOP = QRect(0, 0, 1366, 768)


@pytest.fixture
def seven(sqlite_db: Any) -> dict[str, Any]:
    """The seeded day plus four more caseworkers: seven in all."""
    ids = seed_diary(sqlite_db)
    for name in ("Ana Costa", "Ben Adeyemi", "Cara Doyle", "Dev Mistry"):
        add_staff(sqlite_db, name)
    return ids


def open_diary(qtbot: Any, db: Any, actor: Any, runner: Any) -> tuple[Any, DiaryPage]:
    window = build_main_window(db, actor, runner)
    qtbot.addWidget(window)
    window.show()
    fit_to_screen(window, LAPTOP)
    page = window.show_page("diary")
    page.clock = lambda: datetime.combine(DAY, time(17, 30))
    page.show_day(DAY)
    wait_idle(qtbot, page)
    qtbot.wait(50)
    return window, page


def test_a_full_day_and_seven_caseworkers_fit_a_laptop_screen(
    qtbot: Any, sqlite_db: Any, seven: dict, make_actor: Any, runner: Any
) -> None:
    window, page = open_diary(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    assert window.frameGeometry().height() <= LAPTOP.height()
    titles = [c.title for c in page.canvas.columns]
    assert len(titles) == 8 and "Dev Mistry" in titles  # unassigned and seven caseworkers
    assert page.scroll.horizontalScrollBar().maximum() == 0, "sideways scrolling"
    assert page.scroll.verticalScrollBar().maximum() == 0, "the day does not fit"
    assert page.canvas.height() <= page.scroll.viewport().height()


def _strip(page: DiaryPage, rect: QRect) -> QImage:
    return page.scroll.grab(rect).toImage()


def test_headers_and_times_stay_in_view_when_the_grid_scrolls(
    qtbot: Any, sqlite_db: Any, seven: dict, make_actor: Any, runner: Any
) -> None:
    window, page = open_diary(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    window.resize(900, 420)  # a small window: the grid scrolls both ways
    qtbot.waitUntil(lambda: page.scroll.verticalScrollBar().maximum() > 0, timeout=5_000)
    qtbot.waitUntil(lambda: page.scroll.horizontalScrollBar().maximum() > 0, timeout=5_000)
    qtbot.wait(50)
    view = page.scroll.viewport().geometry()
    header = QRect(view.left() + GUTTER, view.top(), view.width() - GUTTER, HEADER)
    times = QRect(view.left(), view.top() + HEADER, GUTTER, view.height() - HEADER)
    before_header, before_times = _strip(page, header), _strip(page, times)
    page.scroll.verticalScrollBar().setValue(page.scroll.verticalScrollBar().maximum())
    qtbot.wait(20)
    assert _strip(page, header) == before_header, "the caseworker names scrolled away"
    page.scroll.verticalScrollBar().setValue(0)
    page.scroll.horizontalScrollBar().setValue(page.scroll.horizontalScrollBar().maximum())
    qtbot.wait(20)
    assert _strip(page, times) == before_times, "the times scrolled away"


def test_the_colour_key_is_always_in_view(
    qtbot: Any, sqlite_db: Any, seven: dict, make_actor: Any, runner: Any
) -> None:
    window, page = open_diary(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    window.resize(900, 420)
    qtbot.waitUntil(lambda: page.scroll.verticalScrollBar().maximum() > 0, timeout=5_000)
    key = page.findChild(type(page.key), "diary_key")
    assert key is not None and key.isVisible()
    assert not page.scroll.isAncestorOf(key)  # not inside the scrolling grid
    top = key.mapTo(page, key.rect().topLeft()).y()
    assert top >= page.scroll.geometry().bottom()
    assert key.mapTo(window, key.rect().bottomLeft()).y() <= window.height()


def test_the_venue_is_remembered_for_each_user(
    qtbot: Any, sqlite_db: Any, seven: dict, make_actor: Any, runner: Any
) -> None:
    rita = make_actor(sqlite_db, Role.RECEPTIONIST, username="rita")
    first = DiaryPage(sqlite_db, rita, runner)
    qtbot.addWidget(first)
    first.show()
    first.refresh()
    qtbot.waitUntil(lambda: first.venue_combo.count() > 2, timeout=10_000)
    first.venue_combo.setCurrentIndex(first.venue_combo.findText("Coventry"))
    wait_idle(qtbot, first)
    again = DiaryPage(sqlite_db, rita, runner)
    qtbot.addWidget(again)
    again.refresh()
    qtbot.waitUntil(lambda: again.venue_combo.count() > 2, timeout=10_000)
    assert again.venue_combo.currentText() == "Coventry"
    other = DiaryPage(sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST, username="ola"), runner)
    qtbot.addWidget(other)
    other.refresh()
    qtbot.waitUntil(lambda: other.venue_combo.count() > 2, timeout=10_000)
    assert other.venue_combo.currentText() == "All venues"


def _open_counting_loads(qtbot: Any, db: Any, actor: Any, runner: Any) -> tuple[DiaryPage, list]:
    """A diary page shown for ``actor``, with the data of each load it made, once settled."""
    page = DiaryPage(db, actor, runner)
    loads: list[Any] = []
    page.sig_loaded.connect(lambda: loads.append(page.data))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: bool(loads) and not page.loading and page._choices_filled)
    qtbot.wait(200)  # a second load, if the page made one, would arrive now
    return page, loads


def _venues_read(data: Any) -> set[int | None]:
    return {a.venue_id for a in data.appointments}


def test_a_caseworker_s_diary_opens_on_their_own_week_and_reads_only_that(
    qtbot: Any, sqlite_db: Any, seven: dict, make_actor: Any, runner: Any
) -> None:
    sqlite_db.clock = FixedClock(datetime.combine(DAY, time(9, 0)))
    kit = make_actor(sqlite_db, Role.CASEWORKER, username="kit")
    with sqlite_db.unit_of_work() as s:  # one of the day's appointments is Kit's
        s.execute(
            sa.update(Appointment)
            .where(Appointment.id == seven["amelia"].id)
            .values(caseworker_id=kit.user_id)
        )
    page, loads = _open_counting_loads(qtbot, sqlite_db, kit, runner)
    assert page.view == WEEK and page.view_combo.currentData() == WEEK
    assert page.week_of == ("caseworker", kit.user_id)
    assert page.week_combo.currentData() == ("caseworker", kit.user_id)
    assert len(loads) == 1, "the diary loaded another view first"
    assert [a.id for a in loads[0].appointments] == [seven["amelia"].id]
    assert page.count_label.text() == "1 appointment for 1 person."


def test_the_diary_opens_on_the_view_the_user_last_chose_and_loads_only_that(
    qtbot: Any, sqlite_db: Any, seven: dict, make_actor: Any, runner: Any
) -> None:
    sqlite_db.clock = FixedClock(datetime.combine(DAY, time(9, 0)))
    rita = make_actor(sqlite_db, Role.RECEPTIONIST, username="rita")
    first, loads = _open_counting_loads(qtbot, sqlite_db, rita, runner)
    assert first.view == DAY_VIEW and first.venue_combo.currentText() == "All venues"
    assert _venues_read(loads[0]) == {seven["coventry"], seven["birmingham"], None}  # by phone
    first.set_view(WEEK)
    first.week_combo.setCurrentIndex(first.week_combo.findText("Venue: Birmingham"))
    wait_idle(qtbot, first)

    again, loads = _open_counting_loads(qtbot, sqlite_db, rita, runner)
    assert again.view == WEEK and again.week_combo.currentText() == "Venue: Birmingham"
    assert len(loads) == 1 and _venues_read(loads[0]) == {seven["birmingham"]}
    again.set_view(DAY_VIEW)
    again.venue_combo.setCurrentIndex(again.venue_combo.findText("Coventry"))
    wait_idle(qtbot, again)

    third, loads = _open_counting_loads(qtbot, sqlite_db, rita, runner)
    assert third.view == DAY_VIEW and third.venue_combo.currentText() == "Coventry"
    assert len(loads) == 1 and _venues_read(loads[0]) == {seven["coventry"]}
    assert third.count_label.text().endswith(" at Coventry.")
