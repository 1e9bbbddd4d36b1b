"""The intake screen's initial appointment: typed in, or chosen with the diary's Find a slot."""

from __future__ import annotations

from typing import Any

from divert_desktop.core.enums import AppointmentType
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_date, format_time
from divert_desktop.gui.intake import fields as F


def typed(when: Any) -> str:
    """A date and time as a user types it: "2/12/2026 10:00"."""
    return f"{when.day}/{when.month}/{when.year} {format_time(when)}"


class AppointmentPart:
    """Mixed into IntakeDialog (which provides ui, values(), refresh() and the state)."""

    ui: Any
    slot: Any
    values: Any
    refresh: Any
    eligibility: Any
    runner: Any
    db: Any
    actor: Any
    _touched: set[str]

    def _update_appointment(self) -> None:
        u = self.ui
        ineligible = self.eligibility.state is False
        for widget in (
            u.find_slot_button,
            u.clear_appointment_button,
            u.appointment_datetime_edit,
            u.appointment_venue_combo,
        ):
            widget.setEnabled(
                not ineligible
                and (widget is not u.find_slot_button or self.actor.can(Action.BOOK_APPOINTMENT))
            )
        held = ineligible and bool(getattr(self, "bar_applies", False))
        if held:
            note = "No appointment will be booked until a manager lets this referral go ahead."
        elif ineligible:
            note = "No appointment will be booked: this referral is not eligible."
        elif self.slot is not None and self._slot_still_chosen():
            note = f"Chosen slot: {self._slot_text(self.slot)}."
        else:
            note = ""
        u.appointment_note_label.setText(note)
        u.appointment_note_label.setVisible(bool(note))
        closed = None if ineligible else F.closed_day(self.values())
        following = closed[2] if closed else None
        button = u.next_open_day_button
        button.setVisible(following is not None)
        if following is not None:
            words = f"Use {format_date(following.date())} at {format_time(following)}"
            button.setText(words)
            button.setAccessibleName(words)
        u.save_button.setText(
            "Save, held for a manager"
            if held
            else "Save as not eligible"
            if ineligible
            else "Save referral"
        )

    def _slot_text(self, slot: Any) -> str:
        return f"{format_date(slot.start_at.date())} at {format_time(slot.start_at)}, {slot.venue_name}"

    def _slot_still_chosen(self) -> bool:
        u = self.ui
        return (
            self.slot is not None
            and u.appointment_datetime_edit.text() == typed(self.slot.start_at)
            and u.appointment_venue_combo.currentData() == self.slot.venue_id
        )

    def find_slot(self) -> None:
        """Open the diary's Find a slot dialog for the referral's area."""
        try:
            from divert_desktop.gui.diary.find_slot_dialog import FindSlotDialog
        except ImportError:
            self.ui.progress_label.setText(
                "Finding a slot is not available: type the date and time and choose a venue."
            )
            return
        values = self.values()
        dialog = FindSlotDialog(
            self,
            self.runner,
            self.db,
            self.actor,
            venue_id=self.ui.appointment_venue_combo.currentData(),
            local_authority=values.local_authority,
            appointment_type=AppointmentType.INITIAL_ASSESSMENT,
        )
        dialog.accepted.connect(lambda: self.use_slot(getattr(dialog, "chosen_slot", None)))
        dialog.open()
        self.find_slot_dialog = dialog

    def use_slot(self, slot: Any) -> None:
        """Fill the appointment fields from a chosen slot (a SlotDTO)."""
        if slot is None:
            return
        u = self.ui
        combo = u.appointment_venue_combo
        if combo.findData(slot.venue_id) < 0:
            combo.addItem(slot.venue_name, slot.venue_id)
        self.slot = slot
        u.appointment_datetime_edit.setText(typed(slot.start_at))
        combo.setCurrentIndex(combo.findData(slot.venue_id))
        self._touched.update({"appointment_datetime", "appointment_venue"})
        self.refresh()

    def use_next_open_day(self) -> None:
        """Move the typed appointment to the same time on the next day the service is open."""
        closed = F.closed_day(self.values())
        if closed is None or closed[2] is None:
            return
        self.ui.appointment_datetime_edit.setText(typed(closed[2]))
        self._touched.add("appointment_datetime")
        self.refresh()
        self.ui.appointment_datetime_edit.setFocus()

    def clear_appointment(self) -> None:
        self.slot = None
        self.ui.appointment_datetime_edit.clear()
        self.ui.appointment_venue_combo.setCurrentIndex(0)
        self.refresh()
