"""Find a slot: the first free slots at a venue, or at any venue in an area, to choose from."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.enums import AppointmentType, LocalAuthority
from divert_desktop.core.validation import format_date, format_time
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import DateField, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services import lists
from divert_desktop.services.context import Actor
from divert_desktop.services.diary import slots as diary
from divert_desktop.services.diary.slots import SlotDTO

SLOT_LIMIT = 12
SEARCH_LIMIT = 2000  # free grid starts asked for, then spread out (a few a day, an hour apart)
PER_DAY = 3
GAP_MINUTES = 120


def spread(slots: list[SlotDTO], limit: int = SLOT_LIMIT, per_day: int = PER_DAY) -> list[SlotDTO]:
    """A choice across days: at most ``per_day`` a day per venue, two hours apart, earliest first."""
    chosen: list[SlotDTO] = []
    taken: dict[tuple[int, object], list[SlotDTO]] = {}
    for slot in slots:
        mine = taken.setdefault((slot.venue_id, slot.start_at.date()), [])
        if len(mine) >= per_day or any(
            abs((slot.start_at - s.start_at).total_seconds()) < GAP_MINUTES * 60 for s in mine
        ):
            continue
        mine.append(slot)
        chosen.append(slot)
    chosen.sort(key=lambda s: (s.start_at, s.venue_name))
    return chosen[:limit]


def slot_text(slot: SlotDTO) -> str:
    """ "Wed 2 Dec 2026, 10:00 to 11:00 at Coventry"."""
    when = f"{format_date(slot.start_at.date())}, {format_time(slot.start_at)}"
    return f"{when} to {format_time(slot.end_at)} at {slot.venue_name}"


class FindSlotDialog(QDialog):
    """Lists the first free slots; after ``exec()`` returns Accepted, ``chosen_slot`` is one."""

    def __init__(
        self,
        parent: QWidget | None,
        runner: TaskRunner,
        db: Database,
        actor: Actor,
        *,
        venue_id: int | None = None,
        local_authority: str | None = None,
        appointment_type: AppointmentType = AppointmentType.INITIAL_ASSESSMENT,
        length_minutes: int | None = None,
        from_date: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("find_slot_dialog")
        self._from_date = from_date
        self.setWindowTitle("Find a slot")
        self.runner, self.db, self.actor = runner, db, actor
        self.appointment_type = AppointmentType(appointment_type)
        self.length_minutes = length_minutes
        self.chosen_slot: SlotDTO | None = None
        self.slots: list[SlotDTO] = []
        self._wanted_venue, self._wanted_area = venue_id, local_authority
        self._generation = 0
        self.searching = False
        self._build()
        name_controls(self)
        self.resize(560, 520)
        self.runner.run(
            lists.list_venues,
            db,
            actor,
            on_done=self._fill_venues,
            on_error=self._failed,
            owner=self,
        )

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        heading = QLabel(f"First free {self.appointment_type.label.lower()} slots", self)
        heading.setObjectName("find_slot_heading")
        make_heading(heading, 1.2)
        layout.addWidget(heading)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.venue_radio = QRadioButton("At &venue", self)
        self.venue_radio.setObjectName("venue_radio")
        self.venue_combo = QComboBox(self)
        self.venue_combo.setObjectName("venue_combo")
        self.venue_combo.setAccessibleName("Venue")
        self.area_radio = QRadioButton("At any venue in &area", self)
        self.area_radio.setObjectName("area_radio")
        self.area_combo = QComboBox(self)
        self.area_combo.setObjectName("area_combo")
        self.area_combo.setAccessibleName("Area")
        for area in LocalAuthority:
            self.area_combo.addItem(area.value, area.value)
        group = QButtonGroup(self)
        group.addButton(self.venue_radio)
        group.addButton(self.area_radio)
        self.days_spin = QSpinBox(self)
        self.days_spin.setObjectName("days_spin")
        self.days_spin.setRange(1, 60)
        self.days_spin.setValue(5)
        self.days_spin.setSuffix(" working days")
        days_label = QLabel("&Within", self)
        days_label.setBuddy(self.days_spin)
        today = self.db.clock.today()
        self.from_edit = DateField(max(self._from_date or today, today), self)
        self.from_edit.setObjectName("from_date_edit")
        from_label = QLabel("&From", self)
        from_label.setBuddy(self.from_edit)
        grid.addWidget(self.venue_radio, 0, 0)
        grid.addWidget(self.venue_combo, 0, 1)
        grid.addWidget(self.area_radio, 1, 0)
        grid.addWidget(self.area_combo, 1, 1)
        grid.addWidget(from_label, 2, 0)
        grid.addWidget(self.from_edit, 2, 1)
        grid.addWidget(days_label, 3, 0)
        grid.addWidget(self.days_spin, 3, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.find_button = QPushButton("&Find slots", self)
        self.find_button.setObjectName("find_button")
        self.find_button.setToolTip("Search again with these choices")
        layout.addWidget(self.find_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.status_label = QLabel("Looking for free slots…", self)
        self.status_label.setObjectName("slot_status_label")
        self.status_label.setWordWrap(True)
        set_role(self.status_label, "hint")
        layout.addWidget(self.status_label)
        self.slots_list = QListWidget(self)
        self.slots_list.setObjectName("slots_list")
        self.slots_list.setAccessibleName("Free slots")
        layout.addWidget(self.slots_list, 1)
        self.buttons = QDialogButtonBox(self)
        self.choose_button = self.buttons.addButton(
            "&Choose this slot", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.choose_button.setObjectName("choose_button")
        self.choose_button.setEnabled(False)
        self.close_button = self.buttons.addButton("Close", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setObjectName("close_button")
        layout.addWidget(self.buttons)
        self.venue_radio.setChecked(self._wanted_area is None or self._wanted_venue is not None)
        self.area_radio.setChecked(not self.venue_radio.isChecked())
        if self._wanted_area:
            self.area_combo.setCurrentIndex(max(0, self.area_combo.findData(self._wanted_area)))
        self.find_button.clicked.connect(self.search)
        self.choose_button.clicked.connect(self.accept)
        self.close_button.clicked.connect(self.reject)
        self.slots_list.currentRowChanged.connect(
            lambda row: self.choose_button.setEnabled(row >= 0)
        )
        self.slots_list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.venue_combo.activated.connect(lambda _i: self.venue_radio.setChecked(True))
        self.area_combo.activated.connect(lambda _i: self.area_radio.setChecked(True))
        self.from_edit.sig_date_changed.connect(lambda _d: self.search())
        self.from_edit.sig_invalid.connect(self.status_label.setText)

    def _fill_venues(self, venues: list[lists.VenueOption]) -> None:
        for venue in venues:
            label = venue.name if venue.name == venue.area else f"{venue.name} ({venue.area})"
            self.venue_combo.addItem(label, venue.id)
        if self._wanted_venue is not None:
            self.venue_combo.setCurrentIndex(max(0, self.venue_combo.findData(self._wanted_venue)))
        self.search()

    # ---------------------------------------------------------------- searching
    def search(self) -> None:
        """Ask for the first free slots with the current choices (on the database lane)."""
        self._generation += 1
        generation = self._generation
        at_venue = self.venue_radio.isChecked()
        venue_id = self.venue_combo.currentData() if at_venue else None
        area = None if at_venue else self.area_combo.currentData()
        if at_venue and venue_id is None:
            self.status_label.setText("Choose a venue to search.")
            return
        self.searching = True
        self.find_button.setEnabled(False)
        self.status_label.setText("Looking for free slots…")

        def done(slots: list[SlotDTO]) -> None:
            if generation == self._generation:
                self._show(spread(slots))

        def failed(error: TaskError) -> None:
            if generation == self._generation:
                self._failed(error)

        self.runner.run(
            diary.find_slots,
            self.db,
            self.actor,
            venue_id=venue_id,
            local_authority=area,
            type=self.appointment_type,
            from_date=self.from_edit.date(),
            working_days=self.days_spin.value(),
            length_minutes=self.length_minutes,
            limit=SEARCH_LIMIT,
            on_done=done,
            on_error=failed,
            owner=self,
        )

    def _show(self, slots: list[SlotDTO]) -> None:
        self.searching = False
        self.find_button.setEnabled(True)
        self.slots = list(slots)
        self.slots_list.clear()
        for slot in slots:
            item = QListWidgetItem(slot_text(slot))
            item.setData(Qt.ItemDataRole.UserRole, slot)
            self.slots_list.addItem(item)
        days = self.days_spin.value()
        if slots:
            self.status_label.setText(
                f"The first {len(slots)} free slot{'s' if len(slots) != 1 else ''} within "
                f"{days} working day{'s' if days != 1 else ''}. Choose one, then Choose this slot."
            )
            self.slots_list.setCurrentRow(0)
            self.slots_list.setFocus()
        else:
            self.status_label.setText(
                f"No free slots within {days} working day{'s' if days != 1 else ''}. "
                "Search more days, another venue or the whole area."
            )

    def _failed(self, error: TaskError) -> None:
        self.searching = False
        self.find_button.setEnabled(True)
        self.status_label.setText(error.message)

    def accept(self) -> None:
        item = self.slots_list.currentItem()
        if item is None:
            self.status_label.setText("Choose a slot from the list first.")
            return
        self.chosen_slot = item.data(Qt.ItemDataRole.UserRole)
        super().accept()
