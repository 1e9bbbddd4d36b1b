"""Changes announce themselves: one signal tells every page, each decides if it is stale; a
refreshed list keeps its selection by record id; drafts follow the assessment window."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from divert_desktop.core.clock import FixedClock
from divert_desktop.core.enums import LocalAuthority, Role, ServiceType
from divert_desktop.gui.shell.main_window import MainWindow
from divert_desktop.services.casework import directory
from divert_desktop.services.changes import Changes, Kind
from divert_desktop.services.diary import booking
from tests.db.casework_helpers import booked_case
from tests.db.test_booking import venue
from tests.gui.casework_helpers import answer, click, opened
from tests.gui.conftest import wait_idle


@pytest.fixture(autouse=True)
def private_drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIVERT_DATA_DIR", str(tmp_path / "data"))


def counting(window: MainWindow) -> dict[str, int]:
    """Count each page's refreshes from now on."""
    counts = dict.fromkeys(window.pages, 0)
    for key, page in window.pages.items():
        original = page.refresh

        def refresh(key: str = key, original: Any = original) -> None:
            counts[key] += 1
            original()

        page.refresh = refresh  # type: ignore[method-assign]
    return counts


def stale_pages(window: MainWindow) -> set[str]:
    return {key for key, page in window.pages.items() if page._stale}


def done(qtbot: Any, runner: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a service through the task runner, as a dialog does, and wait for the announcement."""
    got: list[Any] = []
    runner.run(fn, *args, on_done=got.append, on_error=got.append, **kwargs)
    qtbot.waitUntil(lambda: bool(got), timeout=15_000)
    assert not hasattr(got[0], "exception"), got[0].message
    return got[0]


def test_a_save_refreshes_the_pages_that_show_that_kind_of_record_and_no_others(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    sqlite_db.clock = FixedClock(datetime(2026, 12, 1, 9, 0))
    manager = make_actor(sqlite_db, Role.MANAGER)
    case = booked_case(sqlite_db, caseworker_id=manager.user_id)
    window = MainWindow(sqlite_db, manager, runner)
    qtbot.addWidget(window)
    window.show()
    for key in window.pages:  # every page shown (and loaded) once
        wait_idle(qtbot, window.show_page(key), timeout=20_000)
    services = window.show_page("services")
    wait_idle(qtbot, services)
    assert stale_pages(window) == set()
    counts = counting(window)

    # A service saved in the directory: only the Services page (showing) reloads, once; the
    # audit trail (hidden) will when shown.
    done(
        qtbot,
        runner,
        directory.save_service,
        sqlite_db,
        manager,
        directory.ServiceDraft(
            "Open Door", ServiceType.HOUSING, (LocalAuthority.COVENTRY,), phone="024 7600 0000"
        ),
    )
    wait_idle(qtbot, services)
    assert counts == {**dict.fromkeys(counts, 0), "services": 1}
    assert stale_pages(window) == {"audit"}  # every change is audited
    assert [r.organisation for r in services.table.model.rows] == ["Open Door"]

    # An appointment booked (the referral is now booked): the pages that show appointments or
    # referrals are stale (hidden: not yet reloaded, they reload when shown); Services is not.
    done(
        qtbot,
        runner,
        booking.book_appointment,
        sqlite_db,
        manager,
        referral_id=case.referral_id,
        type="educational_session",
        start_at=datetime(2026, 12, 9, 14),
        caseworker_id=manager.user_id,
        venue_id=venue(sqlite_db, "Coventry"),
    )
    assert counts == {**dict.fromkeys(counts, 0), "services": 1}
    assert stale_pages(window) == {
        "today",
        "diary",
        "people",
        "referrals",
        "casework",
        "reports",
        "audit",
        "privacy",
    }
    diary = window.show_page("diary")
    wait_idle(qtbot, diary)
    assert counts["diary"] == 1 and "diary" not in stale_pages(window)


def test_casework_keeps_the_selected_person_after_f5_and_after_a_save(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    sqlite_db.clock = FixedClock(datetime(2026, 12, 1, 9, 0))
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    booked_case(sqlite_db, first="Ada", last="Able")
    booked_case(sqlite_db, first="Bea", last="Brook")
    third = booked_case(sqlite_db, first="Cy", last="Cole")
    window = MainWindow(sqlite_db, actor, runner)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("casework")
    wait_idle(qtbot, page)
    page.who_combo.setCurrentIndex(page.who_combo.findData("everyone"))
    qtbot.waitUntil(lambda: page.referrals.model.rowCount() == 3, timeout=10_000)
    view = page.referrals.view
    rect = view.visualRect(page.referrals.model.index(1, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    chosen = page.referrals.current_row()
    assert chosen is not None and chosen == page.referrals.model.row(1)

    qtbot.keyClick(window, Qt.Key.Key_F5)  # Refresh
    wait_idle(qtbot, page)
    assert page.referrals.current_row().referral_id == chosen.referral_id
    assert view.selectionModel().isRowSelected(view.currentIndex().row())

    # A save elsewhere (an appointment booked for someone else) reloads the caseload.
    loaded: list[bool] = []
    page.sig_loaded.connect(lambda: loaded.append(True))
    done(
        qtbot,
        runner,
        booking.book_appointment,
        sqlite_db,
        actor,
        referral_id=third.referral_id,
        type="educational_session",
        start_at=datetime(2026, 12, 9, 14),
        caseworker_id=third.caseworker_id,
        venue_id=venue(sqlite_db, "Coventry"),
    )
    qtbot.waitUntil(lambda: bool(loaded), timeout=10_000)
    assert page.referrals.current_row().referral_id == chosen.referral_id
    assert page.session_button.isEnabled() == chosen.status.is_open


def test_every_list_keeps_its_selection_by_record_id_when_the_rows_come_again(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    manager = make_actor(mixed_db, Role.MANAGER)
    window = MainWindow(mixed_db, manager, runner)
    qtbot.addWidget(window)
    window.show()
    for key, table in (("referrals", "table"), ("today", "waiting")):
        page = window.show_page(key)
        wait_idle(qtbot, page)
        data_table = getattr(page, table)
        assert data_table.model.rowCount() >= 3
        data_table.view.selectRow(2)
        chosen = data_table.current_id()
        reversed_rows = list(reversed(data_table.model.rows))  # same records, another order
        data_table.set_rows(reversed_rows)
        assert data_table.current_id() == chosen, key
        page.refresh()
        wait_idle(qtbot, page)
        assert data_table.current_id() == chosen, key


def test_unfinished_drafts_update_when_the_assessment_window_closes(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_db.clock = FixedClock(datetime(2026, 12, 1, 9, 0))
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    booked_case(sqlite_db, caseworker_id=actor.user_id)
    window = MainWindow(sqlite_db, actor, runner)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("casework")
    wait_idle(qtbot, page)
    qtbot.waitUntil(lambda: page.referrals.current_row() is not None, timeout=10_000)
    assert page.drafts.model.rowCount() == 0
    import divert_desktop.gui.casework.caseload_page as module

    original = module.open_assessment_window
    dialog = opened(
        qtbot,
        original,
        page,
        sqlite_db,
        actor,
        runner,
        track=False,
        referral_id=page.referrals.current_row().referral_id,
    )
    answer(qtbot, dialog, "goals_text", "Half typed")
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: page.drafts.model.rowCount() == 1, timeout=10_000)
    assert page.drafts.model.rows[0].person == "Robin Testcase"

    # Thrown away from the window: the list empties again.
    page.drafts.view.selectRow(0)
    got: list[Any] = []
    monkeypatch.setattr(
        module, "open_assessment_window", lambda *a, **k: original(*a, on_open=got.append, **k)
    )
    click(qtbot, page.continue_button)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    import divert_desktop.gui.casework.assessment_dialog as dialog_module

    monkeypatch.setattr(dialog_module, "ask", lambda *a, **k: True)
    click(qtbot, got[0].discard_button)
    click(qtbot, got[0].close_button)
    qtbot.waitUntil(lambda: page.drafts.model.rowCount() == 0, timeout=10_000)


def test_a_change_announced_with_nothing_in_it_is_not_emitted(qtbot: Any, runner: Any) -> None:
    seen: list[Any] = []
    runner.sig_changed.connect(lambda c, s: seen.append(c))
    runner.announce(Changes())
    runner.announce(Changes.of(Kind.DRAFTS))
    assert seen == [Changes.of(Kind.DRAFTS)]
