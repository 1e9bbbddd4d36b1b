"""The venues editor on the Admin page: choose a venue, change its address, see errors in place."""

from __future__ import annotations

import os
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import Qt

from divert_desktop.core.enums import Role
from divert_desktop.gui.admin import venues_dialog
from divert_desktop.persistence.models import AuditEvent
from divert_desktop.services.admin import venues
from tests.gui.conftest import wait_idle
from tests.gui.test_admin_access import window_for


def open_venues(qtbot: Any, db: Any, actor: Any, runner: Any) -> tuple[Any, Any]:
    window = window_for(qtbot, db, actor, runner)
    page = window.show_page("admin")
    wait_idle(qtbot, page)
    qtbot.mouseClick(page.venues_button, Qt.MouseButton.LeftButton)
    dialog = page.venues_dialog
    qtbot.waitUntil(lambda: dialog.table.model.rowCount() == 7, timeout=10_000)
    qtbot.waitExposed(dialog)
    return window, dialog


def test_an_administrator_changes_a_venues_address_from_the_admin_page(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, monkeypatch: Any
) -> None:
    admin = make_actor(sqlite_db, Role.ADMINISTRATOR, username="ada")
    window, dialog = open_venues(qtbot, sqlite_db, admin, runner)
    assert dialog.choose_label.isVisible() and not dialog.save_button.isEnabled()
    assert dialog.table.model.index(0, 2).data() == "No address yet"
    dialog.select_venue("Dudley")
    assert dialog.name_edit.text() == "Dudley" and dialog.area_value.text() == "Dudley"
    assert dialog.save_button.isEnabled() and not dialog.choose_label.isVisible()
    dialog.address_edit.setFocus()
    qtbot.keyClicks(dialog.address_edit, "Dudley Hub, 1 Castle Street")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error = dialog.findChild(type(dialog.choose_label), "venue_address_error_label")
    assert error.isVisible() and "postcode on the last line" in error.text()
    qtbot.keyClick(dialog.address_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.address_edit, "dy1 1hp")
    assert not error.isVisible()  # typing clears the message
    dialog.capacity_spin.setValue(3)
    with qtbot.waitSignals([dialog.sig_saved, dialog.sig_loaded], timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.table.current_row().name == "Dudley"  # still chosen after the reload
    assert dialog.address_edit.toPlainText() == "Dudley Hub, 1 Castle Street\nDY1 1HP"
    assert window.ui.status_bar.currentMessage() == "Saved Dudley. New letters show its address."
    dudley = next(v for v in venues.list_venues(sqlite_db, admin) if v.name == "Dudley")
    assert (dudley.address, dudley.capacity) == ("Dudley Hub, 1 Castle Street\nDY1 1HP", 3)
    with sqlite_db.unit_of_work(write=False) as session:
        assert (
            session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "venue.update"))
            == 1
        )
    assert not dialog.has_unsaved_input()
    dialog.address_edit.setFocus()
    qtbot.keyClicks(dialog.address_edit, " extra")
    asked: list[str] = []
    monkeypatch.setattr(venues_dialog, "ask", lambda _p, _t, q, *_a: asked.append(q) or False)
    dialog.select_venue("Walsall")  # with a change not saved: asks, and keeping it stays put
    assert asked == ["Discard your changes to Dudley?"]
    assert dialog.name_edit.text() == "Dudley" and dialog.has_unsaved_input()
    assert dialog.table.current_row().name == "Dudley"
    if os.environ.get("DIVERT_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["DIVERT_SHOTS"], "venues.png"))
    dialog.reject_without_asking()
