"""Find a slot: it lists several free slots, and the chosen one is handed back."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog

from divert_desktop.core.enums import Role
from divert_desktop.gui.diary.find_slot_dialog import FindSlotDialog
from divert_desktop.services.diary.slots import SlotDTO
from tests.clock import CLOCK


def test_find_slot_lists_options_and_hands_back_the_chosen_one(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    dialog = FindSlotDialog(None, runner, sqlite_db, actor, local_authority="Dudley")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.slots_list.count() > 0, timeout=10_000)
    assert dialog.area_radio.isChecked()
    assert dialog.slots_list.count() >= 5
    assert all(s.venue_name == "Dudley" for s in dialog.slots)
    assert all(s.start_at.date() >= CLOCK.today() for s in dialog.slots)
    assert "Dudley" in dialog.slots_list.item(0).text()
    dialog.slots_list.setCurrentRow(2)
    dialog.choose_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert isinstance(dialog.chosen_slot, SlotDTO)
    assert dialog.chosen_slot == dialog.slots[2]


def test_find_slot_at_a_venue_searches_that_venue(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    dialog = FindSlotDialog(None, runner, sqlite_db, actor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.slots_list.count() > 0, timeout=10_000)
    first_venue = dialog.venue_combo.currentData()
    assert {s.venue_id for s in dialog.slots} == {first_venue}
    dialog.venue_combo.setCurrentIndex(3)
    dialog.days_spin.setValue(2)
    dialog.find_button.click()
    qtbot.waitUntil(lambda: not dialog.searching, timeout=10_000)
    assert {s.venue_id for s in dialog.slots} == {dialog.venue_combo.currentData()}
    assert "within 2 working days" in dialog.status_label.text()
    dialog.close_button.click()
    assert dialog.chosen_slot is None
