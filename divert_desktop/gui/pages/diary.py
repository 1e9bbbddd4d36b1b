"""Diary: one day's appointments, sortable by caseworker, with a venue filter.

A simple day list for now; issue 3 replaces the table with a painted day/week canvas behind
the same small API: ``show_day(day)``, ``refresh()`` and ``day``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton

from divert_desktop.core.validation import format_date
from divert_desktop.services import lists

from ..models import Column
from ..theme import APPOINTMENT_ICONS, set_role
from ..widgets import DataTable, DateField
from .base import Page
from .today import YOUNG_TIP

DIARY_COLUMNS = [
    Column("Time", lambda a: a.time_text, sort_key=lambda a: (a.start_at, a.caseworker_text)),
    Column("Caseworker", lambda a: a.caseworker_text, sort_key=lambda a: (a.caseworker_text, a.start_at)),
    Column("Person", lambda a: a.person_name,
           icon=lambda a: "young-person" if a.young_person else None,
           tooltip=lambda a: YOUNG_TIP if a.young_person else None),
    Column("Appointment", lambda a: a.type_text),
    Column("Place", lambda a: a.place_text),
    Column("Status", lambda a: a.status_text, icon=lambda a: APPOINTMENT_ICONS.get(a.status)),
    Column("Police reference", lambda a: a.police_reference or ""),
]  # fmt: skip


ALL_VENUES = -1


class DiaryPage(Page):
    """A day of appointments. Alt+Left / Alt+Right move a day; the date field takes 2/12/2026."""

    key = "diary"
    title = "Diary"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.day = date.today()
        self._venues_loaded = False
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.previous_button = QPushButton("‹ Previous day", self)
        self.previous_button.setObjectName("previous_day_button")
        self.previous_button.setAccessibleName("Previous day")
        self.previous_button.setToolTip("Show the day before (Alt+Left)")
        self.date_edit = DateField(self.day, self)
        self.date_edit.setObjectName("date_edit")
        self.date_edit.setAccessibleName("Date")
        self.date_edit.setMinimumWidth(160)
        date_label = self.field_label("&Date", self.date_edit)
        self.next_button = QPushButton("Next day ›", self)
        self.next_button.setObjectName("next_day_button")
        self.next_button.setAccessibleName("Next day")
        self.next_button.setToolTip("Show the day after (Alt+Right)")
        self.today_button = QPushButton("Today", self)
        self.today_button.setObjectName("today_button")
        self.today_button.setToolTip("Show today")
        self.venue_combo = QComboBox(self)
        self.venue_combo.setObjectName("venue_combo")
        self.venue_combo.setAccessibleName("Venue")
        self.venue_combo.addItem("All venues", ALL_VENUES)
        self.venue_combo.setMinimumWidth(170)
        venue_label = self.field_label("&Venue", self.venue_combo)
        for widget in (
            self.previous_button,
            date_label,
            self.date_edit,
            self.next_button,
            self.today_button,
        ):
            bar.addWidget(widget)
        bar.addSpacing(24)
        bar.addWidget(venue_label)
        bar.addWidget(self.venue_combo)
        bar.addStretch(1)
        self.layout_.addLayout(bar)
        self.date_error_label = QLabel(self)
        self.date_error_label.setObjectName("date_error_label")
        set_role(self.date_error_label, "error")
        self.date_error_label.hide()
        self.layout_.addWidget(self.date_error_label)
        self.table = DataTable("diary_table", DIARY_COLUMNS, "Appointments of the day", self)
        self.layout_.addWidget(self.table, 1)
        self.count_label = self.hint_label("", "diary_count_label")
        self.layout_.addWidget(self.count_label)
        self.previous_button.clicked.connect(lambda: self.show_day(self.day - timedelta(days=1)))
        self.next_button.clicked.connect(lambda: self.show_day(self.day + timedelta(days=1)))
        self.today_button.clicked.connect(lambda: self.show_day(date.today()))
        self.date_edit.sig_date_changed.connect(self.show_day)
        self.date_edit.sig_invalid.connect(self._bad_date)
        self.venue_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.sig_activated.connect(lambda row: self.open_person(row.person_id))
        QShortcut(QKeySequence("Alt+Left"), self, activated=self.previous_button.click)
        QShortcut(QKeySequence("Alt+Right"), self, activated=self.next_button.click)

    @property
    def venue_id(self) -> int | None:
        value = self.venue_combo.currentData()
        return None if value in (None, ALL_VENUES) else int(value)

    def show_day(self, day: date) -> None:
        """Show the appointments of ``day``."""
        self.day = day
        self.date_error_label.hide()
        self.date_edit.set_date(day)
        self.refresh()

    def _bad_date(self, message: str) -> None:
        self.date_error_label.setText(message)
        self.date_error_label.show()

    def refresh(self) -> None:
        super().refresh()
        if not self._venues_loaded:
            self._venues_loaded = True
            self.runner.run(
                lists.list_venues, self.db, self.actor, on_done=self._fill_venues, owner=self
            )
        self.heading.setText(f"Diary, {format_date(self.day)}")
        self.run(lists.appointments_on, self.db, self.actor, self.day, venue_id=self.venue_id,
                 on_done=self._show)  # fmt: skip

    def _fill_venues(self, venues: list[lists.VenueOption]) -> None:
        self.venue_combo.blockSignals(True)
        for venue in venues:
            self.venue_combo.addItem(venue.name, venue.id)
        self.venue_combo.blockSignals(False)

    def _show(self, rows: list[lists.AppointmentRow]) -> None:
        where = f" at {self.venue_combo.currentText()}" if self.venue_id is not None else ""
        self.table.set_rows(
            rows,
            f"No appointments on {format_date(self.day)}{where}. Use Previous day and Next day, "
            "or type a date, to see another day.",
        )
        people = len({row.person_id for row in rows})
        self.count_label.setText(
            f"{len(rows)} appointment{'s' if len(rows) != 1 else ''} for {people} "
            f"{'person' if people == 1 else 'people'}{where}. Sort by caseworker to see each "
            "caseworker's day together."
            if rows
            else ""
        )
