"""What the diary page does with an appointment: the action bar, its menu and the dialogs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout

from divert_desktop.core import calendar
from divert_desktop.core.enums import AppointmentStatus
from divert_desktop.core.permissions import Action
from divert_desktop.core.status import attendance_choices
from divert_desktop.core.validation import format_date, format_time
from divert_desktop.gui.diary.attendance_tips import explain_marks
from divert_desktop.gui.diary.book_dialog import BookDialog, BookingDefaults, confirm_past
from divert_desktop.gui.diary.cancel_dialog import CancelDialog
from divert_desktop.gui.diary.canvas import DiaryColumn, describe
from divert_desktop.gui.diary.find_slot_dialog import FindSlotDialog
from divert_desktop.gui.shell.tasks import TaskError
from divert_desktop.gui.widgets import ask
from divert_desktop.services.diary import booking
from divert_desktop.services.diary.slots import AppointmentDTO

if TYPE_CHECKING:
    from divert_desktop.gui.diary.diary_page import DiaryPage

Mark = Callable[..., AppointmentDTO]


def _when(a: AppointmentDTO) -> str:
    return f"{format_date(a.start_at.date()).rsplit(' ', 1)[0]} at {format_time(a.start_at)}"


class DiaryActions:
    """The action bar under the diary and everything it (and the canvas) asks for."""

    def __init__(self, page: DiaryPage) -> None:
        self.page = page
        self.dialog: QDialog | None = None
        self.menu: QMenu | None = None
        self.running = False
        # the selected appointment (or the hint) on its own line, the buttons below it: side by
        # side the buttons took the width and squeezed the words onto three lines
        self.bar = QVBoxLayout()
        self.bar.setSpacing(4)
        self.selected_label = QLabel("Select an appointment to act on it.", page)
        self.selected_label.setObjectName("selected_label")
        self.selected_label.setAccessibleName("Selected appointment")
        self.selected_label.setWordWrap(True)
        self.bar.addWidget(self.selected_label)
        self.button_row = QHBoxLayout()
        self.bar.addLayout(self.button_row)
        actor = page.actor
        specs = [
            (
                "arrived_button",
                "&Arrived",
                "Mark that the person has arrived",
                Action.MARK_ATTENDANCE,
                self.arrived,
            ),
            (
                "attended_button",
                "A&ttended",
                "Mark the appointment attended",
                Action.MARK_ATTENDANCE,
                self.attended,
            ),
            (
                "did_not_attend_button",
                "Did &not attend",
                "Mark the appointment as did not attend",
                Action.MARK_ATTENDANCE,
                self.did_not_attend,
            ),
            (
                "undo_button",
                "&Undo mark",
                "Put an arrived, attended or did-not-attend mark back to booked",
                Action.MARK_ATTENDANCE,
                self.undo,
            ),
            (
                "move_button",
                "&Move…",
                "Move to another time or caseworker (or drag the block)",
                Action.MOVE_APPOINTMENT,
                self.move,
            ),
            (
                "cancel_button",
                "&Cancel appointment…",
                "Cancel, with the reason (Delete)",
                Action.CANCEL_APPOINTMENT,
                self.cancel,
            ),
            (
                "rebook_button",
                "&Rebook…",
                "Book again for the same referral",
                Action.BOOK_APPOINTMENT,
                self.rebook,
            ),
            (
                "letter_button",
                "&Letter…",
                "A confirmation, reminder or missed-appointment letter",
                Action.PRINT_APPOINTMENT_LETTER,
                self.letter,
            ),
            (
                "record_button",
                "Open &record",
                "Open the person's record",
                Action.VIEW_PERSON,
                self.open_record,
            ),
        ]
        self.buttons: dict[str, QPushButton] = {}
        for name, text, tip, action, slot in specs:
            button = QPushButton(text, page)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.setVisible(actor.can(action))
            button.setEnabled(False)
            button.clicked.connect(lambda _c=False, slot=slot: self._on_selected(slot))
            self.button_row.addWidget(button)
            self.buttons[name] = button
            setattr(self, name, button)
        self.button_row.addStretch(1)

    @property
    def busy(self) -> bool:
        return self.running or (self.dialog is not None and self.dialog.isVisible())

    def _on_selected(self, slot: Callable[[AppointmentDTO], None]) -> None:
        chosen = self.page.canvas.selected
        if chosen is not None:
            slot(chosen)

    # ---------------------------------------------------------------- selection
    def allowed(self, a: AppointmentDTO | None) -> dict[str, bool]:
        s = a.status if a else None
        booked = s == AppointmentStatus.BOOKED
        marks = attendance_choices(a.status, a.start_at, self.page.clock()) if a else {}
        return {
            "arrived_button": marks.get(AppointmentStatus.ARRIVED, False),
            "attended_button": marks.get(AppointmentStatus.ATTENDED, False),
            "did_not_attend_button": marks.get(AppointmentStatus.DID_NOT_ATTEND, False),
            "undo_button": marks.get(AppointmentStatus.BOOKED, False),
            "move_button": booked,
            "cancel_button": booked,
            "rebook_button": a is not None
            and a.referral_id is not None
            and s
            in (
                AppointmentStatus.DID_NOT_ATTEND,
                AppointmentStatus.CANCELLED_BY_PERSON,
                AppointmentStatus.CANCELLED_BY_PROVIDER,
            ),
            "letter_button": a is not None and a.referral_id is not None,
            "record_button": a is not None,
        }

    def selection_changed(self, a: AppointmentDTO | None) -> None:
        for name, ok in self.allowed(a).items():
            self.buttons[name].setEnabled(ok)
        hints = explain_marks(
            {
                AppointmentStatus.ARRIVED: self.buttons["arrived_button"],
                AppointmentStatus.ATTENDED: self.buttons["attended_button"],
                AppointmentStatus.DID_NOT_ATTEND: self.buttons["did_not_attend_button"],
            },
            a.status if a else None,
            a.start_at if a else None,
            self.page.clock(),
        )
        text = describe(a) if a else "Select an appointment to act on it."
        self.selected_label.setText(". ".join([text.rstrip("."), *hints]) + "." if hints else text)

    def open_menu(self, a: AppointmentDTO) -> QMenu:
        """The appointment's details and actions (Enter, double-click or right-click)."""
        menu = QMenu(self.page)
        menu.setObjectName("appointment_menu")
        title = menu.addAction(describe(a))
        title.setEnabled(False)
        menu.addSeparator()
        for name, ok in self.allowed(a).items():
            button = self.buttons[name]
            if button.isVisible():
                action = QAction(button.text().replace("&", ""), menu)
                action.setEnabled(ok)
                action.triggered.connect(button.click)
                menu.addAction(action)
        rect = self.page.canvas.rect_for(a.id)
        menu.popup(
            self.page.canvas.mapToGlobal(rect.center() if not rect.isNull() else QPoint(0, 0))
        )
        self.menu = menu
        return menu

    # ---------------------------------------------------------------- simple actions
    def _run(
        self,
        fn: Mark,
        *args: Any,
        done: Callable[[AppointmentDTO], None],
        refused: str = "",
        **kwargs: Any,
    ) -> None:
        page = self.page
        self.running = True

        def ok(value: AppointmentDTO) -> None:
            self.running = False
            done(value)

        def failed(error: TaskError) -> None:
            self.running = False
            page.say(refused + error.message)
            page.refresh()

        page.runner.run(
            fn, page.db, page.actor, *args, on_done=ok, on_error=failed, owner=page, **kwargs
        )

    def _mark(self, fn: Mark, a: AppointmentDTO, words: str) -> None:
        self._run(
            fn,
            a.id,
            a.version,
            now=self.page.clock(),
            done=lambda new: self.page.after_change(
                new, f"{words}: {new.person_name}, {_when(new)}."
            ),
        )

    def arrived(self, a: AppointmentDTO) -> None:
        self._mark(booking.mark_arrived, a, "Marked as arrived")

    def attended(self, a: AppointmentDTO) -> None:
        self._mark(booking.mark_attended, a, "Marked as attended")

    def did_not_attend(self, a: AppointmentDTO) -> None:
        self._mark(booking.mark_did_not_attend, a, "Marked as did not attend")

    def undo(self, a: AppointmentDTO) -> None:
        """Put a mark made by mistake back to booked, after asking (the referral's status
        follows what is still attended)."""
        mark = {
            AppointmentStatus.ARRIVED: "arrived",
            AppointmentStatus.ATTENDED: "attended",
            AppointmentStatus.DID_NOT_ATTEND: "did not attend",
        }.get(a.status, "marked")
        if not ask(
            self.page,
            "Undo the mark",
            f"Put {a.person_name}'s appointment on {_when(a)} back to booked? It is "
            f"marked as {mark} now.",
            "Put back to booked",
            "Keep the mark",
        ):
            return
        self._mark(booking.undo_attendance, a, "Put back to booked")

    def open_record(self, a: AppointmentDTO) -> None:
        self.page.open_person(a.person_id)

    def move_to(
        self, a: AppointmentDTO, column: DiaryColumn, start: datetime, refused: bool = False
    ) -> None:
        """A dropped block: move it (new time) or give it to the column's caseworker.
        ``refused``: the shown day already says it clashes (the status line says why); the
        service still has the last word and names the next free time, unless the time is past
        (then it stays refused, without asking about moving into the past)."""
        page = self.page
        if refused and start < page.clock():
            return
        day_view = page.view == "day"
        caseworker = column.caseworker_id if day_view else a.caseworker_id
        words = f"Moved {a.person_name}'s appointment to "
        if start == a.start_at and caseworker != a.caseworker_id:
            who = column.title if caseworker is not None else "no caseworker (unassigned)"
            self._run(
                booking.assign_caseworker,
                a.id,
                caseworker,
                a.version,
                done=lambda new: page.after_change(
                    new, f"Gave {a.person_name}'s appointment to {who}."
                ),
                refused="Not given: ",
            )
            return
        now = page.clock()
        if start != a.start_at and start < now and not confirm_past(page, start, now, moving=True):
            page.say("The appointment was not moved.")
            return
        kwargs: dict[str, Any] = {"start_at": start, "expected_version": a.version}
        if day_view:
            kwargs["caseworker_id"] = caseworker
        self._run(
            booking.move_appointment,
            a.id,
            done=lambda new: page.after_change(new, words + f"{_when(new)}.", replaced=a.id),
            refused="Not moved: ",
            **kwargs,
        )

    # ---------------------------------------------------------------- dialogs
    def _book_dialog(
        self, defaults: BookingDefaults, moving: AppointmentDTO | None = None
    ) -> BookDialog:
        page = self.page
        data = page.data
        start, end = data.service_hours if data else calendar.DEFAULT_HOURS
        dialog = BookDialog(
            page,
            page.runner,
            page.db,
            page.actor,
            caseworkers=list(data.caseworkers) if data else [],
            venues=list(data.venues) if data else [],
            day_start=start,
            day_end=end,
            defaults=defaults,
            moving=moving,
            lengths=data.lengths if data else None,
            now=page.clock,
        )
        if moving is None:
            dialog.sig_saved.connect(
                lambda new: page.after_change(
                    new, f"Booked {new.person_name}: {new.type.label.lower()}, {_when(new)}."
                )
            )
        else:

            def moved(new: AppointmentDTO) -> None:
                if new.id == moving.id:  # same time and place: only the caseworker changed
                    who = new.caseworker_name or "no caseworker (unassigned)"
                    message = f"Gave {new.person_name}'s appointment to {who}."
                else:
                    message = f"Moved {new.person_name}'s appointment to {_when(new)}."
                page.after_change(new, message, replaced=moving.id)

            dialog.sig_saved.connect(moved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def book(self, defaults: BookingDefaults | None = None) -> BookDialog:
        page = self.page
        if defaults is None:
            day = page.day
            now = page.clock()
            start = datetime.combine(
                day, page.data.service_hours[0] if page.data else calendar.DEFAULT_HOURS[0]
            )
            if day == now.date() and now > start:
                start = now.replace(
                    minute=now.minute // 15 * 15, second=0, microsecond=0
                ) + timedelta(minutes=15)
            defaults = BookingDefaults(start_at=start, venue_id=page.venue_id)
        return self._book_dialog(defaults)

    def book_at(self, column: DiaryColumn, start: datetime, minutes: int | None) -> BookDialog:
        venue = self.page.venue_id if self.page.view == "day" else column.venue_id
        return self.book(
            BookingDefaults(
                start_at=start,
                length_minutes=minutes,
                caseworker_id=column.caseworker_id,
                venue_id=venue,
            )
        )

    def move(self, a: AppointmentDTO) -> BookDialog:
        return self._book_dialog(BookingDefaults(), moving=a)

    def rebook(self, a: AppointmentDTO) -> BookDialog:
        """Book again after a did-not-attend or a cancellation: same referral, type and place."""
        day = calendar.open_days(
            max(a.start_at.date(), self.page.clock().date()) + timedelta(days=1), 1
        )
        start = datetime.combine(day[0], a.start_at.time()) if day else a.start_at
        return self.book(
            BookingDefaults(
                start_at=start,
                length_minutes=a.length_minutes,
                caseworker_id=a.caseworker_id,
                venue_id=a.venue_id,
                place_kind=a.place_kind,
                type=a.type,
                search_text=a.police_reference or "",
            )
        )

    def cancel(self, a: AppointmentDTO) -> CancelDialog | None:
        if a.status != AppointmentStatus.BOOKED or not self.page.actor.can(
            Action.CANCEL_APPOINTMENT
        ):
            self.page.say(
                f"This appointment is {a.status.label.lower()}, so it cannot be cancelled."
            )
            return None
        page = self.page
        dialog = CancelDialog(page, page.runner, page.db, page.actor, a)
        dialog.sig_saved.connect(
            lambda new: page.after_change(
                new, f"Cancelled {new.person_name}'s appointment on {_when(new)}."
            )
        )
        self.dialog = dialog
        dialog.open()
        return dialog

    def letter(self, a: AppointmentDTO) -> QDialog:
        """Preview and print a letter about the appointment (missed, or a confirmation)."""
        from divert_desktop.core.enums import LetterTemplate
        from divert_desktop.gui.letters.letter_dialog import LetterDialog

        page = self.page
        template = (
            LetterTemplate.MISSED_APPOINTMENT
            if a.status == AppointmentStatus.DID_NOT_ATTEND
            else LetterTemplate.APPOINTMENT_CONFIRMATION
        )
        dialog = LetterDialog(
            page, page.db, page.actor, page.runner, appointment_id=a.id, template=template
        )
        dialog.sig_status.connect(page.say)
        self.dialog = dialog
        dialog.open()
        return dialog

    def find_slot(self) -> FindSlotDialog:
        page = self.page
        dialog = FindSlotDialog(page, page.runner, page.db, page.actor, venue_id=page.venue_id)

        def finished(result: int) -> None:
            slot = dialog.chosen_slot
            if result == QDialog.DialogCode.Accepted and slot is not None:
                self.book(
                    BookingDefaults(
                        start_at=slot.start_at,
                        venue_id=slot.venue_id,
                        caseworker_id=slot.caseworker_id,
                    )
                )

        dialog.finished.connect(finished)
        self.dialog = dialog
        dialog.open()
        return dialog

    def day_sheet(self) -> QDialog:
        from divert_desktop.gui.diary.day_sheet_dialog import DaySheetDialog

        page = self.page
        which = (
            page.week_of
            if page.view == "week"
            else (("venue", page.venue_id) if page.venue_id else None)
        )
        dialog = DaySheetDialog(page, page.runner, page.db, page.actor, page.day, which, page.data)
        dialog.sig_status.connect(page.say)
        self.dialog = dialog
        dialog.open()
        return dialog
