"""Today: the day's appointments, referrals waiting to be booked, and things to review."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.enums import AppointmentStatus
from divert_desktop.core.permissions import Action
from divert_desktop.core.status import attendance_choices
from divert_desktop.core.validation import format_date
from divert_desktop.gui.diary.attendance_tips import explain_marks
from divert_desktop.gui.models import Column
from divert_desktop.gui.shell.page import Page
from divert_desktop.gui.theme import APPOINTMENT_ICONS, REFERRAL_ICONS
from divert_desktop.gui.widgets import DataTable
from divert_desktop.services import lists
from divert_desktop.services.changes import Kind
from divert_desktop.services.diary import booking
from divert_desktop.services.people import records as people

AUTO_REFRESH_MS = 60_000
PRINT_ELSEWHERE = (
    "Today's list is printed from the Diary: open Diary and choose Print day sheet (Ctrl+P) "
    "for a venue or a caseworker."
)
YOUNG_TIP = "Young person (under 18 on the referral date)"


def _young_icon(row: Any) -> str | None:
    return "young-person" if row.young_person else None


APPOINTMENT_COLUMNS = [
    Column("Time", lambda a: a.time_text, sort_key=lambda a: a.start_at),
    Column(
        "Person",
        lambda a: a.person_name,
        icon=_young_icon,
        tooltip=lambda a: YOUNG_TIP if a.young_person else None,
    ),
    Column("Appointment", lambda a: a.type_text),
    Column("Place", lambda a: a.place_text),
    Column("Caseworker", lambda a: a.caseworker_text),
    Column("Status", lambda a: a.status_text, icon=lambda a: APPOINTMENT_ICONS.get(a.status)),
]
WAITING_COLUMNS = [
    Column("Received", lambda r: r.received_text, sort_key=lambda r: r.received_at),
    Column("Police reference", lambda r: r.police_reference),
    Column(
        "Person",
        lambda r: r.person_name,
        icon=_young_icon,
        tooltip=lambda r: YOUNG_TIP if r.young_person else None,
    ),
    Column("Area", lambda r: r.area),
    Column(
        "Time to book",
        lambda r: r.days_left_text,
        sort_key=lambda r: r.days_left,
        icon=lambda r: "status-warning" if r.days_left <= 7 else "status-waiting",
        header_tip="Days left before the engagement deadline",
    ),
]
DUPLICATE_COLUMNS = [
    Column("Person", lambda d: d.person_text),
    Column("May be the same as", lambda d: d.candidate_text),
    Column("Score", lambda d: str(d.score), sort_key=lambda d: d.score, numeric=True),
    Column("Why", lambda d: d.reasons, tooltip=lambda d: d.reasons),
]
HELD_COLUMNS = [
    Column("Received", lambda r: r.received_text, sort_key=lambda r: r.received_at),
    Column("Police reference", lambda r: r.police_reference),
    Column(
        "Person",
        lambda r: r.person_name,
        icon=_young_icon,
        tooltip=lambda r: YOUNG_TIP if r.young_person else None,
    ),
    Column(
        "Time left",
        lambda r: r.days_left_text,
        sort_key=lambda r: r.days_left,
        icon=lambda r: "status-warning" if r.days_left <= 7 else "status-waiting",
        header_tip="Days left before the engagement deadline: after it, it cannot be booked",
    ),
]
REBOOKING_COLUMNS = [
    Column(
        "Asked for",
        lambda r: r.requested_text,
        sort_key=lambda r: (r.requested_at is None, r.requested_at),
    ),
    Column("Venue", lambda r: r.venue_text),
    Column("Police reference", lambda r: r.police_reference),
    Column(
        "Person",
        lambda r: r.person_name,
        icon=_young_icon,
        tooltip=lambda r: YOUNG_TIP if r.young_person else None,
    ),
    Column(
        "Time to book",
        lambda r: r.days_left_text,
        sort_key=lambda r: r.days_left,
        header_tip="Days left before the engagement deadline",
    ),
    Column(
        "Why it could not be booked",
        lambda r: r.reason,
        tooltip=lambda r: r.reason,
        icon=lambda r: "status-warning",
    ),
]
MISSING_ADULT_COLUMNS = [
    Column("Received", lambda m: m.received_text),
    Column("Police reference", lambda m: m.police_reference),
    Column("Person", lambda m: m.person_name),
    Column("Status", lambda m: m.status_text, icon=lambda m: REFERRAL_ICONS.get(m.status)),
    Column("What is missing", lambda m: m.missing_text),
]


def _tab_with_buttons(table: DataTable, buttons: list[QPushButton]) -> QWidget:
    box = QWidget(table.parentWidget())
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 6, 0, 0)
    row = QHBoxLayout()
    row.setSpacing(8)
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    layout.addLayout(row)
    layout.addWidget(table, 1)
    return box


class TodayPage(Page):
    """The receptionist's home page: today's appointments (mark arrived, attended or did not
    attend), and three lists of things to do, each row opening the person's record.

    It refreshes when shown, when the window is activated again and every minute, keeping each
    list's selection."""

    key = "today"
    shows = frozenset({Kind.APPOINTMENTS, Kind.REFERRALS, Kind.PEOPLE, Kind.VENUES, Kind.SETTINGS})
    title = "Today"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.day = self.clock().date()
        self.overview: lists.TodayOverview | None = None
        self.slot_dialog: QWidget | None = None
        self.appointments = DataTable(
            "today_appointments_table", APPOINTMENT_COLUMNS, "Today's appointments", self
        )
        self.waiting = DataTable(
            "waiting_table", WAITING_COLUMNS, "Referrals waiting to be booked", self
        )
        self.duplicates = DataTable(
            "duplicates_table",
            DUPLICATE_COLUMNS,
            "Possible duplicate people to review",
            self,
            sort_column=2,
            descending=True,
        )
        self.missing_adult = DataTable(
            "missing_adult_table",
            MISSING_ADULT_COLUMNS,
            "Young people's referrals missing appropriate-adult details",
            self,
        )
        self.held = DataTable(
            "held_table",
            HELD_COLUMNS,
            "Referrals held for a manager: an earlier referral, of this person "
            "or of someone they may be, closed as not engaged",
            self,
        )
        self.rebooking = DataTable(
            "rebooking_table",
            REBOOKING_COLUMNS,
            "Referrals imported without the appointment the police asked "
            "for: book them from the nearest free time",
            self,
        )
        self.appointments_label = self.section_label("Appointments today", "appointments_label")
        top = QHBoxLayout()
        top.addWidget(self.appointments_label)
        top.addStretch(1)
        top.addWidget(self._attendance_buttons())
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.appointments, 3)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("today_tabs")
        self.tabs.setAccessibleName("Things to do")
        self.tabs.setDocumentMode(True)
        self.book_button = self._button(
            "book_button", "&Book…", "Find a free slot and book the initial assessment"
        )
        self.waiting_record_button = self._button(
            "waiting_record_button", "Open &record", "Open the person's record (Enter)"
        )
        self.compare_button = self._button(
            "compare_button", "&Compare records", "Open both people's records side by side"
        )
        self.not_same_button = self._button(
            "not_same_button", "&Not the same person", "These are two different people: stop asking"
        )
        self.same_button = self._button(
            "same_person_button",
            "&Same person…",
            "The same person recorded twice: a manager merges them",
        )
        can_override = self.actor.can(Action.OVERRIDE_ELIGIBILITY)
        self.held_record_button = self._button(
            "held_record_button",
            "Open &record" if not can_override else "&Decide…",
            "Open the person's record on the held referral: a manager can let it go ahead there"
            " or keep it as ineligible (Decide on the held referral…)",
        )
        self.held_keep_button = self._button(
            "held_keep_button",
            "Keep as &ineligible…",
            "Decide now: keep the held referral as ineligible (previous referral not engaged), "
            "or override the repeat rule",
        )
        self.held_keep_button.setVisible(self.actor.can(Action.CONFIRM_INELIGIBLE))
        self.rebook_button = self._button(
            "rebook_button",
            "Find a &slot…",
            "Find a free slot from the time the police asked for and book it",
        )
        can_book = self.actor.can(Action.BOOK_APPOINTMENT)
        self.rebook_button.setVisible(can_book)
        can_review = self.actor.can(Action.EDIT_CONTACT_DETAILS)
        self.book_button.setVisible(can_book)
        self.not_same_button.setVisible(can_review)
        self.same_button.setVisible(can_review)
        for widget, text in (
            (
                _tab_with_buttons(self.waiting, [self.book_button, self.waiting_record_button]),
                "Waiting to be booked",
            ),
            (
                _tab_with_buttons(
                    self.duplicates, [self.compare_button, self.not_same_button, self.same_button]
                ),
                "Possible duplicates to review",
            ),
            (self.missing_adult, "Young people without an appropriate adult"),
            (
                _tab_with_buttons(self.held, [self.held_record_button, self.held_keep_button]),
                "Held for a manager",
            ),
            (_tab_with_buttons(self.rebooking, [self.rebook_button]), "Needs rebooking"),
        ):
            self.tabs.addTab(widget, text)
        self.layout_.addSpacing(8)
        self.layout_.addWidget(self.tabs, 2)
        # Every row opens its person's record (a possible duplicate: the newer, flagged one).
        for table in (
            self.appointments,
            self.waiting,
            self.duplicates,
            self.missing_adult,
            self.rebooking,
        ):
            table.sig_activated.connect(lambda row: self.open_person(row.person_id))
        self.rebooking.view.selectionModel().currentRowChanged.connect(self._update_tab_buttons)
        self.rebook_button.clicked.connect(self.rebook_selected)
        self.held.sig_activated.connect(self.open_held)
        self.held.view.selectionModel().currentRowChanged.connect(self._update_tab_buttons)
        self.held_record_button.clicked.connect(
            lambda: self.open_held(self.held.current_row()) if self.held.current_row() else None
        )
        self.held_keep_button.clicked.connect(self.decide_held)
        self.appointments.view.selectionModel().currentRowChanged.connect(
            self._update_attendance_buttons
        )
        self.waiting.view.selectionModel().currentRowChanged.connect(self._update_tab_buttons)
        self.duplicates.view.selectionModel().currentRowChanged.connect(self._update_tab_buttons)
        self.book_button.clicked.connect(lambda: self.book_selected())
        self.waiting_record_button.clicked.connect(
            lambda: self._open_selected(self.waiting, "person_id")
        )
        self.compare_button.clicked.connect(self.compare_selected)
        self.not_same_button.clicked.connect(lambda: self._review(people.mark_not_same_person))
        self.same_button.clicked.connect(lambda: self._review(people.mark_same_person))
        self._update_attendance_buttons()
        self._update_tab_buttons()
        self.print_shortcut = QShortcut(QKeySequence("Ctrl+P"), self)
        self.print_shortcut.setObjectName("print_shortcut")
        self.print_shortcut.activated.connect(self.print_list)
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_REFRESH_MS)
        self.timer.timeout.connect(self._auto_refresh)
        self.timer.start()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._application_state)

    def print_list(self) -> None:
        """Ctrl+P: the day's appointments are printed as the Diary's day sheet; say where."""
        self.sig_status.emit(PRINT_ELSEWHERE)

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        return button

    # ---------------------------------------------------------------- arrival / did not attend
    def _attendance_buttons(self) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.arrived_button = self._button(
            "arrived_button", "Mark &arrived", "The selected person has arrived (Alt+A)"
        )
        self.attended_button = self._button(
            "attended_button",
            "A&ttended",
            "The selected person was seen: this engages the referral (Alt+T)",
        )
        self.did_not_attend_button = self._button(
            "did_not_attend_button",
            "&Did not attend",
            "The selected person did not come; they can be booked again (Alt+D)",
        )
        self.letter_button = self._button(
            "letter_button",
            "&Letter…",
            "A confirmation, reminder or missed-appointment letter for the selected appointment",
        )
        self.attendance_hint_label = self.hint_label("", "attendance_hint_label")
        row.addWidget(self.attendance_hint_label)
        row.addWidget(self.arrived_button)
        row.addWidget(self.attended_button)
        row.addWidget(self.did_not_attend_button)
        row.addWidget(self.letter_button)
        self.letter_button.setVisible(self.actor.can(Action.PRINT_APPOINTMENT_LETTER))
        self.letter_button.clicked.connect(self.letter_for_selected)
        self.arrived_button.clicked.connect(lambda: self._mark("arrived"))
        self.attended_button.clicked.connect(lambda: self._mark("attended"))
        self.did_not_attend_button.clicked.connect(lambda: self._mark("did_not_attend"))
        box.setVisible(
            self.actor.can(Action.MARK_ATTENDANCE)
            or self.actor.can(Action.PRINT_APPOINTMENT_LETTER)
        )
        return box

    def letter_for_selected(self) -> QWidget | None:
        """Preview and print a letter about the selected appointment."""
        row = self.appointments.current_row()
        if row is None:
            return None
        from divert_desktop.core.enums import LetterTemplate
        from divert_desktop.gui.letters.letter_dialog import LetterDialog

        template = (
            LetterTemplate.MISSED_APPOINTMENT
            if row.status == AppointmentStatus.DID_NOT_ATTEND
            else LetterTemplate.APPOINTMENT_REMINDER
        )
        dialog = LetterDialog(
            self, self.db, self.actor, self.runner, appointment_id=row.id, template=template
        )
        dialog.sig_status.connect(self.sig_status.emit)
        self.letter_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _update_attendance_buttons(self, *_: object) -> None:
        row = self.appointments.current_row()
        marks = attendance_choices(row.status, row.start_at, self.clock()) if row else {}
        self.arrived_button.setEnabled(marks.get(AppointmentStatus.ARRIVED, False))
        self.letter_button.setEnabled(row is not None and bool(row.police_reference))
        self.attended_button.setEnabled(marks.get(AppointmentStatus.ATTENDED, False))
        self.did_not_attend_button.setEnabled(marks.get(AppointmentStatus.DID_NOT_ATTEND, False))
        hints = explain_marks(
            {
                AppointmentStatus.ARRIVED: self.arrived_button,
                AppointmentStatus.ATTENDED: self.attended_button,
                AppointmentStatus.DID_NOT_ATTEND: self.did_not_attend_button,
            },
            row.status if row else None,
            row.start_at if row else None,
            self.clock(),
        )
        self.attendance_hint_label.setText(". ".join(hints) + ("." if hints else ""))

    def _mark(self, what: str) -> None:
        row = self.appointments.current_row()
        if row is None:
            return
        fn, words = {
            "arrived": (booking.mark_arrived, "arrived"),
            "attended": (booking.mark_attended, "attended"),
            "did_not_attend": (booking.mark_did_not_attend, "did not attend"),
        }[what]
        for button in (self.arrived_button, self.attended_button, self.did_not_attend_button):
            button.setEnabled(False)

        def done(appointment: booking.AppointmentDTO) -> None:
            self._replace_appointment(row, appointment)
            self.sig_status.emit(f"Marked as {words}: {row.person_name}, {row.time_text}.")

        def failed(error: Any) -> None:
            self._update_attendance_buttons()
            self.show_error(error)
            self.refresh()

        self.runner.run(
            fn,
            self.db,
            self.actor,
            row.id,
            row.version,
            now=self.clock(),
            on_done=done,
            on_error=failed,
            owner=self,
        )

    def _replace_appointment(self, row: Any, appointment: booking.AppointmentDTO) -> None:
        """Show the new status in the same row at once (the refresh confirms it)."""
        status = AppointmentStatus(appointment.status)
        updated = dataclasses.replace(
            row, status=status, status_text=status.label, version=appointment.version
        )
        rows = [updated if r.id == row.id else r for r in self.appointments.model.rows]
        self._set_keeping_selection(self.appointments, rows, "")
        self._update_attendance_buttons()

    # ---------------------------------------------------------------- the lists below
    @Slot()
    def _update_tab_buttons(self, *_: object) -> None:
        waiting = self.waiting.current_row() is not None
        self.book_button.setEnabled(waiting)
        self.waiting_record_button.setEnabled(waiting)
        self.held_record_button.setEnabled(self.held.current_row() is not None)
        self.held_keep_button.setEnabled(self.held.current_row() is not None)
        self.rebook_button.setEnabled(self.rebooking.current_row() is not None)
        duplicate = self.duplicates.current_row() is not None
        for button in (self.compare_button, self.not_same_button, self.same_button):
            button.setEnabled(duplicate)

    def open_held(self, row: Any) -> None:
        """The person's record, on the held referral (where a manager can override)."""
        from divert_desktop.gui.people.record_dialog import open_person_record

        open_person_record(
            self,
            self.db,
            self.actor,
            self.runner,
            row.person_id,
            on_error=self.show_error,
            on_open=lambda dialog: dialog.show_referral(row.police_reference),
        )

    def decide_held(self) -> QWidget | None:
        """The decision dialog for the selected held referral, its Keep as ineligible ready."""
        from divert_desktop.gui.intake.override_dialog import OverrideDialog

        row = self.held.current_row()
        if row is None:
            return None
        dialog = OverrideDialog(
            self.db, self.actor, self.runner, row.referral_id, row.police_reference, self
        )
        self.held_dialog = dialog

        def decided(result: Any) -> None:
            rows = [r for r in self.held.model.rows if r.referral_id != row.referral_id]
            self.held.set_rows(
                rows,
                "Nothing held. A referral that may be a person closed as not engaged before "
                "waits here for a manager's decision.",
            )
            self._update_tab_buttons()
            self.sig_status.emit(
                f"Referral {result.police_reference} "
                + (
                    "is kept as ineligible."
                    if hasattr(result, "status_reason")
                    else "can now be booked."
                )
            )

        dialog.sig_confirmed.connect(decided)
        dialog.sig_overridden.connect(decided)
        dialog.open()
        dialog.ineligible_button.setFocus()
        return dialog

    def _open_selected(self, table: DataTable, attribute: str) -> None:
        row = table.current_row()
        if row is not None:
            self.open_person(getattr(row, attribute))

    def compare_selected(self) -> None:
        """Open both records of a possible duplicate, side by side."""
        row = self.duplicates.current_row()
        if row is None:
            return
        screen = self.screen().availableGeometry() if self.screen() else None

        def place(index: int) -> Any:
            def arrange(dialog: QWidget) -> None:
                if screen is None:
                    return
                width = max(screen.width() // 2, 640)
                dialog.setGeometry(
                    screen.x() + index * (screen.width() - width),
                    screen.y() + 40,
                    width,
                    min(screen.height() - 80, 760),
                )

            return arrange

        from divert_desktop.gui.people.record_dialog import open_person_record

        for index, person_id in enumerate((row.person_id, row.candidate_id)):
            open_person_record(
                self,
                self.db,
                self.actor,
                self.runner,
                person_id,
                on_error=self.show_error,
                on_open=place(index),
            )

    def _review(self, fn: Any) -> None:
        row = self.duplicates.current_row()
        if row is None:
            return
        same = fn is people.mark_same_person
        words = (
            "Marked as the same person: a manager merges the two records under Data protection."
            if same
            else "Marked as two different people."
        )

        def done(_: object) -> None:
            rows = [r for r in self.duplicates.model.rows if r.id != row.id]
            self.duplicates.set_rows(
                rows, "Nothing to review. People who may have been recorded twice appear here."
            )
            self._update_tab_buttons()
            self.sig_status.emit(words)

        self.runner.run(
            fn, self.db, self.actor, row.id, on_done=done, on_error=self.show_error, owner=self
        )

    def rebook_selected(self) -> QWidget | None:
        """Book the selected referral that needs rebooking: Find a slot at the venue asked for,
        from the day asked for (or today, when that has passed), then book it."""
        row = self.rebooking.current_row()
        if row is None:
            return None
        day = row.requested_at.date() if row.requested_at else None
        return self.book_selected(row, venue_id=row.venue_id, from_date=day)

    def book_selected(
        self, row: Any = None, *, venue_id: int | None = None, from_date: Any = None
    ) -> QWidget | None:
        """Book the selected waiting referral: Find a slot, then book it; without the diary's
        slot finder, open the person's record instead."""
        row = row or self.waiting.current_row()
        if row is None:
            return None
        try:
            from divert_desktop.gui.diary.find_slot_dialog import FindSlotDialog
        except ImportError:
            self.open_person(row.person_id)
            return None
        dialog = FindSlotDialog(
            self,
            self.runner,
            self.db,
            self.actor,
            venue_id=venue_id,
            local_authority=None if venue_id else getattr(row, "area", None),
            from_date=from_date,
        )
        self.slot_dialog = dialog

        def chosen(result: int) -> None:
            slot = getattr(dialog, "chosen_slot", None)
            if result != int(dialog.DialogCode.Accepted) or slot is None:
                return
            minutes = int((slot.end_at - slot.start_at).total_seconds() // 60)
            self.runner.run(
                booking.book_appointment,
                self.db,
                self.actor,
                referral_id=row.referral_id,
                start_at=slot.start_at,
                length_minutes=minutes,
                caseworker_id=slot.caseworker_id,
                venue_id=slot.venue_id,
                on_done=lambda _a: self.sig_status.emit(
                    f"Booked: {row.person_name}, {format_date(slot.start_at.date())}."
                ),
                on_error=self.show_error,
                owner=self,
            )

        dialog.finished.connect(chosen)
        dialog.open()
        return dialog

    # ---------------------------------------------------------------- loading
    def _auto_refresh(self) -> None:
        if self.isVisible() and not self.loading:
            self.refresh()

    @Slot(Qt.ApplicationState)
    def _application_state(self, state: Qt.ApplicationState) -> None:
        # Back to the app from another program: show what other workstations changed.
        if state == Qt.ApplicationState.ApplicationActive:
            self._auto_refresh()

    def refresh(self) -> None:
        super().refresh()
        self.day = self.clock().date()
        self.heading.setText(f"Today, {format_date(self.day)}")
        for table in (self.appointments, self.waiting, self.duplicates, self.missing_adult):
            if table.model.rowCount() == 0:
                table.set_message("Loading…")
        self.run(lists.today_overview, self.db, self.actor, self.day, on_done=self._show)

    @staticmethod
    def _set_keeping_selection(
        table: DataTable, rows: Any, empty_text: str, *, first: bool = False
    ) -> None:
        """Show ``rows`` with the same row still selected (or, with ``first``, the first row
        when nothing was, so the list's buttons are ready to use)."""
        table.set_rows(rows, empty_text)  # keeps the selected row by record id
        if first and table.current_row() is None and table.model.rowCount():
            table.view.selectRow(0)

    def _show(self, overview: lists.TodayOverview) -> None:
        self.overview = overview
        self.appointments_label.setText(f"Appointments today ({len(overview.appointments)})")
        for position, (text, rows) in enumerate(
            (
                ("Waiting to be booked", overview.waiting),
                ("Possible duplicates to review", overview.duplicates),
                ("Young people without an appropriate adult", overview.missing_adult),
                ("Held for a manager", overview.held),
                ("Needs rebooking", overview.rebooking),
            )
        ):
            self.tabs.setTabText(position, f"{text} ({len(rows)})")
        keep = self._set_keeping_selection
        keep(
            self.appointments,
            overview.appointments,
            "No appointments today. Appointments booked by the police or in the diary appear here.",
        )
        keep(
            self.waiting,
            overview.waiting,
            "No referrals waiting. New police referrals appear here until they are booked.",
            first=True,
        )
        keep(
            self.duplicates,
            overview.duplicates,
            "Nothing to review. People who may have been recorded twice appear here.",
            first=True,
        )
        keep(
            self.held,
            overview.held,
            "Nothing held. A referral that may be a person closed as not engaged before waits "
            "here for a manager's decision.",
            first=True,
        )
        keep(
            self.rebooking,
            overview.rebooking,
            "Nothing to rebook. A police booking that could not be kept (closed day, outside "
            "opening hours, venue full) appears here.",
            first=True,
        )
        keep(
            self.missing_adult,
            overview.missing_adult,
            "Nothing missing. Young people's referrals without an appropriate adult appear here.",
        )
        self._update_attendance_buttons()
        self._update_tab_buttons()
