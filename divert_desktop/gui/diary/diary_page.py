"""Diary: a painted day view (a column per caseworker) and week view, with every booking action.

The page keeps the small API other pages use: ``show_day(day)``, ``refresh()`` and ``day``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QScrollArea

from divert_desktop.core.enums import AppointmentStatus, PlaceKind, Role
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_date
from divert_desktop.gui.diary.actions import DiaryActions
from divert_desktop.gui.diary.canvas import DiaryCanvas, DiaryColumn
from divert_desktop.gui.diary.day_view import day_columns
from divert_desktop.gui.diary.frozen import DiaryKey, FrozenDiary
from divert_desktop.gui.diary.week_view import week_columns, week_start
from divert_desktop.gui.shell import settings
from divert_desktop.gui.shell.page import Page
from divert_desktop.gui.shell.tasks import TaskError
from divert_desktop.gui.theme import set_role
from divert_desktop.gui.widgets import DateField
from divert_desktop.services.changes import Changes, Kind
from divert_desktop.services.diary import views as diary_view
from divert_desktop.services.diary.slots import AppointmentDTO
from divert_desktop.services.diary.views import DiaryData

ALL_VENUES = -1
REFRESH_MS = 30_000
DAY, WEEK = "day", "week"


def diary_request(
    view: str, day: date, venue_id: int | None, week_of: tuple[str, int] | None
) -> tuple[date, int, dict[str, int]]:
    """What the page asks ``load_diary`` for: (first day, days, narrowing keywords). The
    benchmarks call this too, so they time the call the page makes."""
    if view == WEEK:
        return week_start(day), 7, ({f"{week_of[0]}_id": week_of[1]} if week_of else {})
    return day, 1, ({"venue_id": venue_id} if venue_id is not None else {})


def _week_of_text(value: tuple[str, int] | None) -> str:
    return f"{value[0]}:{value[1]}" if value else ""


def _week_of_value(text: str) -> tuple[str, int] | None:
    kind, _, ident = text.partition(":")
    return (kind, int(ident)) if kind in ("caseworker", "venue") and ident.isdigit() else None


class DiaryPage(Page):
    """The diary. On the canvas: arrows change day (Up/Down pick appointments), T today, Enter
    opens, Delete cancels. Alt+Left / Alt+Right also change day anywhere on the page.

    It opens on the view each user last chose (day or week, the venue, whose week), read from
    this computer's settings before the choices arrive, so its first load reads only what it
    shows; a caseworker who has chosen nothing yet sees their own week."""

    key = "diary"
    shows = frozenset({Kind.APPOINTMENTS, Kind.PEOPLE, Kind.VENUES, Kind.USERS, Kind.SETTINGS})
    title = "Diary"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.day = self.clock().date()
        self.view = DAY
        self.data: DiaryData | None = None
        self._choices_loaded = False
        self._choices_filled = False
        self._wanted_venue, self._wanted_week_of = self._remembered()
        self._build_toolbar()
        self.date_error_label = QLabel(self)
        self.date_error_label.setObjectName("date_error_label")
        set_role(self.date_error_label, "error")
        self.date_error_label.hide()
        self.layout_.addWidget(self.date_error_label)
        self.canvas = DiaryCanvas(self)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("diary_scroll")
        self.scroll.setWidget(self.canvas)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.layout_.addWidget(self.scroll, 1)
        self.frozen = FrozenDiary(self.scroll, self.canvas)
        self.scroll.viewport().installEventFilter(self)
        self.key = DiaryKey(self.canvas, self)
        self.layout_.addWidget(self.key)
        self.actions = DiaryActions(self)
        self.layout_.addLayout(self.actions.bar)
        messages = QHBoxLayout()
        self.count_label = self.hint_label("", "diary_count_label")
        self.count_label.setWordWrap(False)
        self.status_label = self.hint_label("", "diary_status_label")
        self.status_label.setAccessibleName("Diary messages")
        messages.addWidget(self.count_label)
        messages.addWidget(self.status_label, 1)
        self.layout_.addLayout(messages)
        self.canvas.conflict_check = self._conflicts
        self.canvas.sig_step.connect(self.step)
        self.canvas.sig_today.connect(lambda: self.show_day(self.clock().date()))
        self.canvas.sig_status.connect(self.say)
        self.canvas.sig_selected.connect(self.actions.selection_changed)
        self.canvas.sig_open.connect(self.actions.open_menu)
        self.canvas.sig_cancel.connect(self.actions.cancel)
        self.canvas.sig_book.connect(self.actions.book_at)
        self.canvas.sig_move.connect(self.actions.move_to)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self.refresh_quietly)
        self.refresh_timer.start()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._app_state)
        self.setTabOrder(self.day_sheet_button, self.canvas)

    def _build_toolbar(self) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(8)

        def button(text: str, name: str, tip: str) -> QPushButton:
            widget = QPushButton(text, self)
            widget.setObjectName(name)
            widget.setToolTip(tip)
            return widget

        self.previous_button = button(
            "‹ Previous",
            "previous_day_button",
            "Show the day before (Left arrow in the diary, or Alt+Left)",
        )
        self.previous_button.setAccessibleName("Previous day")
        self.date_edit = DateField(self.day, self)
        self.date_edit.setObjectName("date_edit")
        self.date_edit.setAccessibleName("Date")
        self.date_edit.setMinimumWidth(150)
        date_label = self.field_label("&Date", self.date_edit)
        self.next_button = button(
            "Next ›",
            "next_day_button",
            "Show the day after (Right arrow in the diary, or Alt+Right)",
        )
        self.next_button.setAccessibleName("Next day")
        self.today_button = button("Today", "today_button", "Show today (T in the diary)")
        self.view_combo = QComboBox(self)
        self.view_combo.setObjectName("view_combo")
        self.view_combo.addItem("Day", DAY)
        self.view_combo.addItem("Week", WEEK)
        view_label = self.field_label("V&iew", self.view_combo)
        self.venue_combo = QComboBox(self)
        self.venue_combo.setObjectName("venue_combo")
        self.venue_combo.addItem("All venues", ALL_VENUES)
        self.venue_combo.setMinimumWidth(150)
        self.venue_label = self.field_label("&Venue", self.venue_combo)
        self.week_combo = QComboBox(self)
        self.week_combo.setObjectName("week_of_combo")
        self.week_combo.setMinimumWidth(200)
        self.week_label = self.field_label("&Week of", self.week_combo)
        self.find_slot_button = button(
            "Find a &slot…", "find_slot_button", "First free slots at a venue or in an area"
        )
        self.book_button = button(
            "&Book appointment…", "book_button", "Book an appointment for a referral"
        )
        self.day_sheet_button = button(
            "&Print day sheet…",
            "day_sheet_button",
            "Print the day's diary for one venue or caseworker, or save it as a PDF (Ctrl+P)",
        )
        for widget in (
            self.previous_button,
            date_label,
            self.date_edit,
            self.next_button,
            self.today_button,
        ):
            bar.addWidget(widget)
        bar.addSpacing(16)
        for widget in (
            view_label,
            self.view_combo,
            self.venue_label,
            self.venue_combo,
            self.week_label,
            self.week_combo,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.find_slot_button, self.book_button, self.day_sheet_button):
            self.heading_row.addWidget(widget)
        self.layout_.addLayout(bar)
        self.view_combo.setCurrentIndex(self.view_combo.findData(self.view))
        week = self.view == WEEK
        self.week_label.setVisible(week)
        self.week_combo.setVisible(week)
        self.venue_label.setVisible(not week)
        self.venue_combo.setVisible(not week)
        can_book = self.actor.can(Action.BOOK_APPOINTMENT)
        self.find_slot_button.setEnabled(can_book)
        self.book_button.setEnabled(can_book)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(lambda: self.show_day(self.clock().date()))
        self.date_edit.sig_date_changed.connect(self.show_day)
        self.date_edit.sig_invalid.connect(self._bad_date)
        self.venue_combo.currentIndexChanged.connect(lambda _i: self._venue_chosen())
        self.view_combo.currentIndexChanged.connect(self._view_changed)
        self.week_combo.currentIndexChanged.connect(lambda _i: self._week_of_chosen())
        self.find_slot_button.clicked.connect(lambda: self.actions.find_slot())
        self.book_button.clicked.connect(lambda: self.actions.book())
        self.day_sheet_button.clicked.connect(lambda: self.actions.day_sheet())
        QShortcut(QKeySequence("Alt+Left"), self, activated=self.previous_button.click)
        QShortcut(QKeySequence("Alt+Right"), self, activated=self.next_button.click)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.day_sheet_button.click)

    # ---------------------------------------------------------------- state
    @property
    def venue_id(self) -> int | None:
        if not self._choices_filled:
            return self._wanted_venue
        value = self.venue_combo.currentData()
        return None if value in (None, ALL_VENUES) else int(value)

    @property
    def week_of(self) -> tuple[str, int] | None:
        """("caseworker", id) or ("venue", id) for the week view."""
        if not self._choices_filled:
            return self._wanted_week_of
        return self.week_combo.currentData()

    def _key(self, what: str) -> str:
        return f"diary/{what}/{self.actor.username}"

    def _remembered(self) -> tuple[int | None, tuple[str, int] | None]:
        """The view, venue and week this user last chose; a caseworker's own week when they
        have chosen no view yet."""
        view = settings.load_text(self._key("view"))
        venue = settings.load_text(self._key("venue"))
        week_of = _week_of_value(settings.load_text(self._key("week_of")))
        if view in (DAY, WEEK):
            self.view = view
        elif self.actor.role == Role.CASEWORKER and self.actor.user_id is not None:
            self.view = WEEK
            week_of = week_of or ("caseworker", self.actor.user_id)
        return (int(venue) if venue.isdigit() else None), week_of

    def say(self, text: str) -> None:
        """A short message under the diary (and in the status bar)."""
        self.status_label.setText(text)
        self.sig_status.emit(text)

    def step(self, days: int) -> None:
        self.show_day(self.day + timedelta(days=days * (7 if self.view == WEEK else 1)))

    def show_day(self, day: date) -> None:
        """Show ``day`` (in the week view: its week)."""
        self.day = day
        self.date_error_label.hide()
        self.date_edit.set_date(day)
        self.refresh()

    def set_view(self, view: str) -> None:
        self.view_combo.setCurrentIndex(self.view_combo.findData(view))

    def _view_changed(self) -> None:
        self.view = self.view_combo.currentData()
        settings.save_text(self._key("view"), self.view)
        settings.save_text(self._key("week_of"), _week_of_text(self.week_of))
        week = self.view == WEEK
        self.week_label.setVisible(week)
        self.week_combo.setVisible(week)
        self.venue_label.setVisible(not week)
        self.venue_combo.setVisible(not week)
        self.refresh()

    def _bad_date(self, message: str) -> None:
        self.date_error_label.setText(message)
        self.date_error_label.show()

    def _app_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.refresh_quietly()

    def refresh_quietly(self) -> None:
        """Pick up other workstations' changes, unless the user is in the middle of something."""
        if (
            self.isVisible()
            and not self.loading
            and self.canvas._press is None
            and not self.actions.busy
        ):
            diary_view.forget_reference(self.db)  # another workstation may have changed staff
            self.refresh()

    def on_changes(self, changes: Changes) -> None:
        diary_view.forget_reference(self.db, changes)  # new staff, hours, venues or settings
        super().on_changes(changes)

    # ---------------------------------------------------------------- loading
    def refresh(self) -> None:
        super().refresh()
        if not self._choices_loaded:
            self._choices_loaded = True
            self.runner.run(
                diary_view.diary_choices,
                self.db,
                self.actor,
                on_done=self._fill_choices,
                owner=self,
            )
        first, days, kwargs = diary_request(self.view, self.day, self.venue_id, self.week_of)
        if self.view == WEEK:
            last = first + timedelta(days=6)
            self.heading.setText(f"Diary, week of {format_date(first)} to {format_date(last)}")
            if not self.week_of:
                self.canvas.empty_text = "Choose a caseworker or venue for the week."
        else:
            self.heading.setText(f"Diary, {format_date(self.day)}")
        if self.view == WEEK and not kwargs and not self._choices_filled:
            return  # whose week it is comes with the choices, which load it
        self.run(
            diary_view.load_diary, self.db, self.actor, first, days, on_done=self._show, **kwargs
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_rows()
        return super().eventFilter(watched, event)

    def _fit_rows(self) -> None:
        """Rows as tall as let the whole working day show without scrolling down."""
        self.canvas.fit_height(self.scroll.viewport().height())

    def _venue_chosen(self) -> None:
        """Remember this user's venue for next time (each user their own), then show it."""
        value = self.venue_combo.currentData()
        settings.save_text(self._key("venue"), "" if value in (None, ALL_VENUES) else str(value))
        self.refresh()

    def _week_of_chosen(self) -> None:
        settings.save_text(self._key("week_of"), _week_of_text(self.week_of))
        self.refresh()

    def _fill_choices(self, choices: diary_view.DiaryChoices) -> None:
        """Fill the venue and week choices, selecting what the first load was for; load again
        only when that is no longer offered (a venue closed, a caseworker left)."""
        asked = (self.venue_id, self.week_of)
        self.venue_combo.blockSignals(True)
        for venue in choices.venues:
            self.venue_combo.addItem(venue.name, venue.id)
        wanted = self._wanted_venue
        self.venue_combo.setCurrentIndex(max(0, self.venue_combo.findData(wanted)) if wanted else 0)
        self.venue_combo.blockSignals(False)
        self.week_combo.blockSignals(True)
        for person in choices.caseworkers:
            self.week_combo.addItem(f"Caseworker: {person.name}", ("caseworker", person.id))
        for venue in choices.venues:
            self.week_combo.addItem(f"Venue: {venue.name}", ("venue", venue.id))
        wanted_week = self._wanted_week_of
        index = next(  # findData compares Python tuples by identity
            (
                i
                for i in range(self.week_combo.count())
                if self.week_combo.itemData(i) == wanted_week
            ),
            -1,
        )
        self.week_combo.setCurrentIndex(max(index, 0) if self.week_combo.count() else -1)
        self.week_combo.blockSignals(False)
        self._choices_filled = True
        shown = self.week_of if self.view == WEEK else self.venue_id
        if shown != (asked[1] if self.view == WEEK else asked[0]):
            self.refresh()
        elif self.data is not None:
            self._show(self.data)  # the venue's name in the count and empty-diary text

    def shown_appointments(self, data: DiaryData) -> list[AppointmentDTO]:
        if self.view == DAY and self.venue_id is not None:
            return [a for a in data.appointments if a.venue_id == self.venue_id]
        return list(data.appointments)

    def _show(self, data: DiaryData) -> None:
        self.data = data
        shown = self.shown_appointments(data)
        if self.view == WEEK:
            which = self.week_of
            kind, ident = which if which else ("", None)
            columns, column_of = week_columns(
                data,
                caseworker_id=ident if kind == "caseworker" else None,
                venue_id=ident if kind == "venue" else None,
            )
            self.canvas._show_caseworker = kind == "venue"
        else:
            columns, column_of = day_columns(data, self.day, shown)
            self.canvas._show_caseworker = False
        where = (
            f" at {self.venue_combo.currentText()}" if self.venue_id and self.view == DAY else ""
        )
        self.canvas.empty_text = (
            f"No appointments{where}. Click free time in a column to book one." if not shown else ""
        )
        start, end = data.service_hours
        self.canvas.set_diary(columns, shown, start, end, column_of)
        self._fit_rows()
        self.frozen.place()
        live = [a for a in shown if a.status.holds_slot]
        people = len({a.person_id for a in live})
        self.count_label.setText(
            f"{len(live)} appointment{'s' if len(live) != 1 else ''} for {people} "
            f"{'person' if people == 1 else 'people'}{where}."
            if live
            else ""
        )

    def show_error(self, error: TaskError) -> None:
        self.say(error.message)

    # ---------------------------------------------------------------- live checks
    def _conflicts(
        self, moving: AppointmentDTO | None, column: DiaryColumn, start: datetime, minutes: int
    ) -> list[str]:
        """The clashes of a drag, from the loaded data (no database call)."""
        if self.data is None:
            return []
        if self.view == WEEK:
            caseworker = (
                column.caseworker_id
                if column.caseworker_id is not None
                else (moving.caseworker_id if moving else None)
            )
        else:
            caseworker = column.caseworker_id
        venue = moving.venue_id if moving else (column.venue_id or self.venue_id)
        if moving is not None and moving.place_kind != PlaceKind.VENUE:
            venue = None
        return self.data.conflicts(
            start=start,
            end=start + timedelta(minutes=minutes),
            caseworker_id=caseworker,
            venue_id=venue,
            exclude_id=moving.id if moving else None,
        )

    def after_change(
        self, appointment: AppointmentDTO, message: str, replaced: int | None = None
    ) -> None:
        """Show a change in place at once, then reload (other changes come with it)."""
        if self.data is not None:
            kept = [a for a in self.canvas.appointments if a.id not in (appointment.id, replaced)]
            if appointment.status != AppointmentStatus.MOVED:
                kept.append(appointment)
            self.canvas.appointments = kept
            self.canvas._layout_blocks()
            self.canvas.update()
        self.canvas.selected_id = appointment.id
        self.say(message)  # the change announced by the service reloads the diary
