"""Today: the day's appointments, referrals waiting to be booked, and things to review."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QWidget

from divert_desktop.core.enums import AppointmentStatus
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_date
from divert_desktop.services import booking, lists

from ..models import Column
from ..theme import APPOINTMENT_ICONS, REFERRAL_ICONS
from ..widgets import DataTable
from .base import Page

YOUNG_TIP = "Young person (under 18 on the referral date)"


def _young_icon(row: Any) -> str | None:
    return "young-person" if row.young_person else None


APPOINTMENT_COLUMNS = [
    Column("Time", lambda a: a.time_text, sort_key=lambda a: a.start_at),
    Column("Person", lambda a: a.person_name, icon=_young_icon,
           tooltip=lambda a: YOUNG_TIP if a.young_person else None),
    Column("Appointment", lambda a: a.type_text),
    Column("Place", lambda a: a.place_text),
    Column("Caseworker", lambda a: a.caseworker_text),
    Column("Status", lambda a: a.status_text, icon=lambda a: APPOINTMENT_ICONS.get(a.status)),
]  # fmt: skip
WAITING_COLUMNS = [
    Column("Received", lambda r: r.received_text, sort_key=lambda r: r.received_at),
    Column("Police reference", lambda r: r.police_reference),
    Column("Person", lambda r: r.person_name, icon=_young_icon,
           tooltip=lambda r: YOUNG_TIP if r.young_person else None),
    Column("Area", lambda r: r.area),
    Column("Time to book", lambda r: r.days_left_text, sort_key=lambda r: r.days_left,
           icon=lambda r: "status-warning" if r.days_left <= 7 else "status-waiting",
           header_tip="Days left before the engagement deadline"),
]  # fmt: skip
DUPLICATE_COLUMNS = [
    Column("Person", lambda d: d.person_text),
    Column("May be the same as", lambda d: d.candidate_text),
    Column("Score", lambda d: str(d.score), sort_key=lambda d: d.score, numeric=True),
    Column("Why", lambda d: d.reasons, tooltip=lambda d: d.reasons),
]
MISSING_ADULT_COLUMNS = [
    Column("Received", lambda m: m.received_text),
    Column("Police reference", lambda m: m.police_reference),
    Column("Person", lambda m: m.person_name),
    Column("Status", lambda m: m.status_text, icon=lambda m: REFERRAL_ICONS.get(m.status)),
    Column("What is missing", lambda m: m.missing_text),
]


class TodayPage(Page):
    """The receptionist's home page: today's appointments (mark arrived, attended or did not
    attend), and three lists of things to do, each row opening the person's record."""

    key = "today"
    title = "Today"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.day = date.today()
        self.overview: lists.TodayOverview | None = None
        self.appointments = DataTable("today_appointments_table", APPOINTMENT_COLUMNS,
                                      "Today's appointments", self)  # fmt: skip
        self.waiting = DataTable(
            "waiting_table", WAITING_COLUMNS, "Referrals waiting to be booked", self
        )
        self.duplicates = DataTable("duplicates_table", DUPLICATE_COLUMNS,
                                    "Possible duplicate people to review", self, sort_column=2,
                                    descending=True)  # fmt: skip
        self.missing_adult = DataTable("missing_adult_table", MISSING_ADULT_COLUMNS,
                                       "Young people's referrals missing appropriate-adult details",
                                       self)  # fmt: skip
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
        for table, text in (
            (self.waiting, "Waiting to be booked"),
            (self.duplicates, "Possible duplicates to review"),
            (self.missing_adult, "Young people without an appropriate adult"),
        ):
            self.tabs.addTab(table, text)
        self.layout_.addSpacing(8)
        self.layout_.addWidget(self.tabs, 2)
        # Every row opens its person's record (a possible duplicate: the newer, flagged one).
        for table in (self.appointments, self.waiting, self.duplicates, self.missing_adult):
            table.sig_activated.connect(lambda row: self.open_person(row.person_id))
        self.appointments.view.selectionModel().currentRowChanged.connect(
            self._update_attendance_buttons
        )
        self._update_attendance_buttons()

    # ---------------------------------------------------------------- arrival / did not attend
    def _attendance_buttons(self) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.arrived_button = QPushButton("Mark arrived", box)
        self.arrived_button.setObjectName("arrived_button")
        self.arrived_button.setToolTip("The selected person has arrived for their appointment")
        self.did_not_attend_button = QPushButton("Did not attend", box)
        self.did_not_attend_button.setObjectName("did_not_attend_button")
        self.did_not_attend_button.setToolTip(
            "The selected person did not come (they can be booked again)"
        )
        self.attended_button = QPushButton("Attended", box)
        self.attended_button.setObjectName("attended_button")
        self.attended_button.setToolTip("The selected person was seen (this engages the referral)")
        row.addWidget(self.arrived_button)
        row.addWidget(self.attended_button)
        row.addWidget(self.did_not_attend_button)
        self.arrived_button.clicked.connect(lambda: self._mark("arrived"))
        self.attended_button.clicked.connect(lambda: self._mark("attended"))
        self.did_not_attend_button.clicked.connect(lambda: self._mark("did_not_attend"))
        box.setVisible(self.actor.can(Action.MARK_ATTENDANCE))
        return box

    @Slot()
    def _update_attendance_buttons(self, *_: object) -> None:
        row = self.appointments.current_row()
        status = row.status if row is not None else None
        waiting = status in (AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED)
        self.arrived_button.setEnabled(status == AppointmentStatus.BOOKED)
        self.attended_button.setEnabled(waiting)
        self.did_not_attend_button.setEnabled(waiting)

    def _mark(self, what: str) -> None:
        row = self.appointments.current_row()
        if row is None:
            return
        fn, words = {
            "arrived": (booking.mark_arrived, "arrived"),
            "attended": (booking.mark_attended, "attended"),
            "did_not_attend": (booking.mark_did_not_attend, "did not attend"),
        }[what]

        def done(_appointment: object) -> None:
            self.sig_status.emit(f"Marked as {words}: {row.person_name}, {row.time_text}.")
            self.refresh()

        self.runner.run(
            fn, self.db, self.actor, row.id, row.version,
            on_done=done, on_error=self.show_error, owner=self,
        )  # fmt: skip

    # ---------------------------------------------------------------- loading
    def refresh(self) -> None:
        super().refresh()
        self.day = date.today()
        self.heading.setText(f"Today, {format_date(self.day)}")
        for table in (self.appointments, self.waiting, self.duplicates, self.missing_adult):
            if table.model.rowCount() == 0:
                table.set_message("Loading…")
        self.run(lists.today_overview, self.db, self.actor, self.day, on_done=self._show)

    def _show(self, overview: lists.TodayOverview) -> None:
        self.overview = overview
        self.appointments_label.setText(f"Appointments today ({len(overview.appointments)})")
        for position, (text, rows) in enumerate(
            (
                ("Waiting to be booked", overview.waiting),
                ("Possible duplicates to review", overview.duplicates),
                ("Young people without an appropriate adult", overview.missing_adult),
            )
        ):
            self.tabs.setTabText(position, f"{text} ({len(rows)})")
        self.appointments.set_rows(
            overview.appointments,
            "No appointments today. Appointments booked by the police or in the diary appear here.",
        )
        self.waiting.set_rows(
            overview.waiting,
            "No referrals waiting. New police referrals appear here until they are booked.",
        )
        self.duplicates.set_rows(
            overview.duplicates,
            "Nothing to review. People who may have been recorded twice appear here.",
        )
        self.missing_adult.set_rows(
            overview.missing_adult,
            "Nothing missing. Young people's referrals without an appropriate adult appear here.",
        )
        self._update_attendance_buttons()
