"""Book (or move) an appointment: referral, type, caseworker, day, time, length and place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.enums import AppointmentType, PlaceKind
from divert_desktop.core.validation import format_date, format_time
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import set_role
from divert_desktop.gui.widgets import DateField, GuardedDialog, SearchBox, ask, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.diary import booking
from divert_desktop.services.diary import views as diary_view
from divert_desktop.services.diary.slots import AppointmentDTO, SlotConflictError
from divert_desktop.services.diary.views import ReferralOption, StaffOption, VenueInfo

PLACES = [
    (PlaceKind.VENUE, "At a venue"),
    (PlaceKind.PHONE, "By phone"),
    (PlaceKind.VIDEO, "By video"),
    (PlaceKind.OUTREACH, "Outreach (for example a school)"),
]


@dataclass(frozen=True)
class BookingDefaults:
    """What the dialog starts with (a click on free time, a found slot, a rebooking)."""

    start_at: datetime | None = None
    length_minutes: int | None = None
    caseworker_id: int | None = None
    venue_id: int | None = None
    place_kind: PlaceKind = PlaceKind.VENUE
    type: AppointmentType = AppointmentType.INITIAL_ASSESSMENT
    referral: ReferralOption | None = None
    search_text: str = ""


class BookDialog(GuardedDialog):
    """Books a new appointment, or moves ``moving`` when given. ``sig_saved`` carries the result."""

    sig_saved = Signal(object)  # AppointmentDTO
    discard_question = "Close without booking? What you chose will be lost."

    def __init__(
        self,
        parent: QWidget | None,
        runner: TaskRunner,
        db: Database,
        actor: Actor,
        *,
        caseworkers: list[StaffOption],
        venues: list[VenueInfo],
        day_start: time = time(9),
        day_end: time = time(17),
        defaults: BookingDefaults = BookingDefaults(),
        moving: AppointmentDTO | None = None,
        lengths: dict[AppointmentType, int] | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self._now = now or db.clock.now
        self.setObjectName("move_dialog" if moving else "book_dialog")
        self.setWindowTitle("Move appointment" if moving else "Book appointment")
        self.runner, self.db, self.actor, self.moving = runner, db, actor, moving
        self.saving = False
        self._lengths = lengths or {}
        self.saved: AppointmentDTO | None = None
        self._search_generation = 0
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.search_edit = SearchBox(self)
        self.search_edit.setObjectName("referral_search_edit")
        self.search_edit.setPlaceholderText("Name or police reference")
        self.referral_list = QListWidget(self)
        self.referral_list.setObjectName("referral_list")
        self.referral_list.setAccessibleName("Open referrals")
        self.referral_list.setMinimumHeight(130)
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("type_combo")
        for kind in AppointmentType:
            self.type_combo.addItem(kind.label, kind)
        self.caseworker_combo = QComboBox(self)
        self.caseworker_combo.setObjectName("caseworker_combo")
        self.caseworker_combo.addItem("Unassigned (no caseworker yet)", None)
        for person in caseworkers:
            self.caseworker_combo.addItem(person.name, person.id)
        start = defaults.start_at or (moving.start_at if moving else None)
        start = start or datetime.combine(db.clock.today(), day_start)
        self.date_edit = DateField(start.date(), self)
        self.date_edit.setObjectName("date_edit")
        self.time_combo = QComboBox(self)
        self.time_combo.setObjectName("time_combo")
        moment = datetime.combine(db.clock.today(), day_start)
        while moment.time() < day_end:
            self.time_combo.addItem(format_time(moment), moment.time())
            moment += timedelta(minutes=15)
        self.length_spin = QSpinBox(self)
        self.length_spin.setObjectName("length_spin")
        self.length_spin.setRange(15, 720)
        self.length_spin.setSingleStep(15)
        self.length_spin.setSuffix(" minutes")
        self.place_combo = QComboBox(self)
        self.place_combo.setObjectName("place_combo")
        for kind, label in PLACES:
            self.place_combo.addItem(label, kind)
        self.venue_combo = QComboBox(self)
        self.venue_combo.setObjectName("venue_combo")
        for venue in venues:
            label = venue.name if venue.name == venue.area else f"{venue.name} ({venue.area})"
            self.venue_combo.addItem(label, venue.id)
        self.detail_edit = QLineEdit(self)
        self.detail_edit.setObjectName("place_detail_edit")
        self.detail_edit.setPlaceholderText("Where, or the number to ring")
        if moving is None:
            form.addRow("&Find referral", self.search_edit)
            form.addRow("&Referral", self.referral_list)
            form.addRow("&Type", self.type_combo)
        else:
            who = QLabel(f"<b>{moving.person_name}</b> — {moving.type.label}", self)
            who.setObjectName("moving_label")
            form.addRow("Appointment", who)
        form.addRow("&Caseworker", self.caseworker_combo)
        form.addRow("&Date", self.date_edit)
        form.addRow("T&ime", self.time_combo)
        form.addRow("&Length", self.length_spin)
        if moving is None:
            form.addRow("&Place", self.place_combo)
        form.addRow("&Venue", self.venue_combo)
        if moving is None:
            form.addRow("Place &details", self.detail_edit)
        else:  # a move keeps the referral, type and place: their fields are not on the form
            for unused in (
                self.search_edit,
                self.referral_list,
                self.type_combo,
                self.place_combo,
                self.detail_edit,
            ):
                unused.hide()
        layout.addLayout(form)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error_label")
        self.error_label.setWordWrap(True)
        set_role(self.error_label, "error")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        # a refused time that names the next free one offers to take it (services.diary.slots)
        self.next_free: datetime | None = None
        self.next_free_button = QPushButton(self)
        self.next_free_button.setObjectName("next_free_button")
        self.next_free_button.setAutoDefault(False)
        self.next_free_button.hide()
        self.next_free_button.clicked.connect(self.use_next_free)
        layout.addWidget(self.next_free_button, 0, Qt.AlignmentFlag.AlignLeft)
        if moving is not None:  # no list to grow: spare room goes above the buttons
            layout.addStretch(1)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(
            "&Move appointment" if moving else "&Book appointment",
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.save_button.setObjectName("save_button")
        self.save_button.setDefault(True)
        self.close_button = buttons.addButton("Close", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setObjectName("close_button")
        layout.addWidget(buttons)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.place_combo.currentIndexChanged.connect(self._place_changed)
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.search_edit.sig_search.connect(self.search)
        # fill in the defaults
        source = moving
        self._set_combo(self.type_combo, source.type if source else defaults.type)
        self._set_combo(
            self.caseworker_combo, source.caseworker_id if source else defaults.caseworker_id
        )
        self._set_combo(self.time_combo, start.time())
        self.length_spin.setValue(
            (source.length_minutes if source else defaults.length_minutes)
            or self._lengths.get(defaults.type, 60)
        )
        self._set_combo(self.place_combo, source.place_kind if source else defaults.place_kind)
        venue = source.venue_id if source else defaults.venue_id
        if venue is not None:
            self._set_combo(self.venue_combo, venue)
        self._place_changed()
        if defaults.referral is not None:
            self._show_referrals([defaults.referral])
        if moving is None:
            self.search_edit.setText(defaults.search_text)
            if defaults.referral is None:
                self.search(defaults.search_text)
        name_controls(self)
        self.resize(700, 600 if moving is None else 360)
        self.mark_clean()  # Esc closes at once until something is changed

    @staticmethod
    def _set_combo(combo: QComboBox, value: object) -> None:
        for index in range(combo.count()):
            if combo.itemData(index) == value:
                combo.setCurrentIndex(index)
                return

    def _place_changed(self) -> None:
        at_venue = self.place_combo.currentData() == PlaceKind.VENUE
        self.venue_combo.setEnabled(at_venue)
        self.detail_edit.setEnabled(not at_venue)

    def _type_changed(self) -> None:
        self.length_spin.setValue(self._lengths.get(self.type_combo.currentData(), 60))

    # ---------------------------------------------------------------- referrals
    def search(self, text: str) -> None:
        self._search_generation += 1
        generation = self._search_generation

        def done(rows: list[ReferralOption]) -> None:
            if generation == self._search_generation:
                self._show_referrals(rows)

        self.runner.run(
            diary_view.open_referrals,
            self.db,
            self.actor,
            text,
            on_done=done,
            on_error=self._failed,
            owner=self,
        )

    def _show_referrals(self, rows: list[ReferralOption]) -> None:
        self.referral_list.clear()
        for row in rows:
            item = QListWidgetItem(row.label)
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.referral_list.addItem(item)
        if len(rows) == 1:
            self.referral_list.setCurrentRow(0)
        if not rows:
            item = QListWidgetItem(
                "No open referrals match. Try part of the surname or the reference."
            )
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.referral_list.addItem(item)

    @property
    def referral(self) -> ReferralOption | None:
        item = self.referral_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    # ---------------------------------------------------------------- saving
    def start_at(self) -> datetime:
        return datetime.combine(self.date_edit.date(), self.time_combo.currentData())

    def save(self) -> None:
        """Book or move on the database lane; a refusal shows here, the dialog stays open."""
        if self.saving:
            return
        self.error_label.hide()
        self._offer_next_free(None)
        caseworker = self.caseworker_combo.currentData()
        venue = self.venue_combo.currentData()
        if self.moving is not None:
            fn, kwargs = (
                booking.move_appointment,
                {
                    "appointment_id": self.moving.id,
                    "start_at": self.start_at(),
                    "length_minutes": self.length_spin.value(),
                    "caseworker_id": caseworker,
                    "venue_id": venue if self.moving.venue_id is not None else ...,
                    "expected_version": self.moving.version,
                },
            )
            moved_only_worker = (
                self.start_at() == self.moving.start_at
                and self.length_spin.value() == self.moving.length_minutes
                and venue == self.moving.venue_id
            )
            if moved_only_worker:
                fn, kwargs = (
                    booking.assign_caseworker,
                    {
                        "appointment_id": self.moving.id,
                        "caseworker_id": caseworker,
                        "expected_version": self.moving.version,
                    },
                )
        else:
            referral = self.referral
            if referral is None:
                self._failed(
                    "Choose the referral to book for (search by name or police reference)."
                )
                return
            place = self.place_combo.currentData()
            fn, kwargs = (
                booking.book_appointment,
                {
                    "referral_id": referral.referral_id,
                    "type": self.type_combo.currentData(),
                    "start_at": self.start_at(),
                    "length_minutes": self.length_spin.value(),
                    "caseworker_id": caseworker,
                    "place_kind": place,
                    "venue_id": venue if place == PlaceKind.VENUE else None,
                    "place_detail": self.detail_edit.text() or None,
                },
            )
        if fn is not booking.assign_caseworker and not self._confirm_past(self.start_at()):
            return
        self.saving = True
        self.save_button.setEnabled(False)
        self.runner.run(
            fn,
            self.db,
            self.actor,
            on_done=self._saved,
            on_error=self._failed,
            owner=self,
            **kwargs,
        )

    def _confirm_past(self, start: datetime) -> bool:
        """A start before now is booked only after the user says so (recording one that
        happened); True to go ahead."""
        now = self._now()
        if start >= now:
            return True
        return confirm_past(self, start, now, moving=self.moving is not None)

    def _saved(self, appointment: AppointmentDTO) -> None:
        self.saving = False
        self.saved = appointment
        self.sig_saved.emit(appointment)
        self.accept()

    def _failed(self, error: TaskError | str) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        message = error if isinstance(error, str) else error.message
        self.error_label.setText(message)
        self.error_label.show()
        self.error_label.setAccessibleDescription(message)
        refusal = None if isinstance(error, str) else error.exception
        self._offer_next_free(refusal.next_free if isinstance(refusal, SlotConflictError) else None)

    def _offer_next_free(self, when: datetime | None) -> None:
        self.next_free = when
        if when is not None:
            text = f"Use the next free time: {format_date(when.date())} at {format_time(when)}"
            self.next_free_button.setText(text)
            self.next_free_button.setAccessibleName(text)
        self.next_free_button.setVisible(when is not None)

    def use_next_free(self) -> None:
        """Put the next free time the refusal named into the date and time (not yet saved)."""
        when = self.next_free
        if when is None:
            return
        self.date_edit.set_date(when.date())
        index = self.time_combo.findText(format_time(when))  # findData cannot match a time
        if index < 0:  # a caseworker's own hours run past the service's: add that time
            self.time_combo.addItem(format_time(when), when.time())
            index = self.time_combo.count() - 1
        self.time_combo.setCurrentIndex(index)
        self.error_label.hide()
        self._offer_next_free(None)
        self.save_button.setFocus()


def past_question(start: datetime, now: datetime, *, moving: bool) -> str:
    """ "That time has already passed: Wed 2 Dec 2026 at 10:00 is before now (17:30) …"."""
    today = now.date()
    when = f"{format_date(start.date())} at {format_time(start)}"
    current = (
        format_time(now) if start.date() == today else f"{format_date(today)}, {format_time(now)}"
    )
    what = "Move the appointment to that time" if moving else "Book it"
    return (
        f"That time has already passed: {when} is before now ({current}). {what} anyway? "
        "Do this only to record an appointment that has already happened; otherwise choose a "
        "later time."
    )


def confirm_past(parent: QWidget, start: datetime, now: datetime, *, moving: bool) -> bool:
    """Ask before booking (or moving an appointment) into the past; True to go ahead."""
    return ask(
        parent,
        "Move into the past" if moving else "Book in the past",
        past_question(start, now, moving=moving),
        "Move to the past time" if moving else "Book in the past",
        "Choose another time",
    )
