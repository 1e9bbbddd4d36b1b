"""Venues (administrators and managers): each hub's name, address (postcode last) and rooms."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.errors import ValidationError
from divert_desktop.gui.models import Column
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import DataTable, FieldErrors, GuardedDialog, ask, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.admin import venues as service
from divert_desktop.services.context import Actor

VENUE_COLUMNS = [
    Column("Venue", lambda v: v.name),
    Column("Area", lambda v: v.area),
    Column("Address", lambda v: v.address_text or "No address yet"),
    Column("Rooms", lambda v: str(v.capacity), sort_key=lambda v: v.capacity, numeric=True),
]

ROW = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows


class VenuesDialog(GuardedDialog):
    """The venues table and a form for the selected one; ``sig_saved`` carries the VenueDTO."""

    sig_saved = Signal(object)
    sig_loaded = Signal()
    discard_question = "Discard your changes to this venue?"

    def __init__(
        self, parent: QWidget | None, db: Database, actor: Actor, runner: TaskRunner
    ) -> None:
        super().__init__(parent)
        self.setObjectName("venues_dialog")
        self.setWindowTitle("Venues")
        self.db, self.actor, self.runner = db, actor, runner
        self.current: service.VenueDTO | None = None
        self._reloading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        heading = QLabel("Venues", self)
        make_heading(heading, 1.25)
        layout.addWidget(heading)
        intro = QLabel(
            "Appointment letters print the venue's name and address, so people know "
            "where to go. Rooms is how many appointments the venue can hold at once.",
            self,
        )
        intro.setWordWrap(True)
        set_role(intro, "hint")
        layout.addWidget(intro)
        self.table = DataTable("venues_table", VENUE_COLUMNS, "Venues", self)
        layout.addWidget(self.table, 1)
        self.choose_label = QLabel("Choose a venue to change its name, address or rooms.", self)
        self.choose_label.setObjectName("choose_venue_label")
        set_role(self.choose_label, "hint")
        layout.addWidget(self.choose_label)
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("venue_name_edit")
        self.name_edit.setMaxLength(service.NAME_MAX)
        self.area_value = QLabel(self)
        self.area_value.setObjectName("venue_area_value")
        self.address_edit = QPlainTextEdit(self)
        self.address_edit.setObjectName("venue_address_edit")
        self.address_edit.setTabChangesFocus(True)
        self.address_edit.setFixedHeight(96)
        self.address_edit.setPlaceholderText("1 High Street\nBirmingham\nB1 1AA")
        self.address_edit.setToolTip("One line each; the postcode on the last line")
        self.capacity_spin = QSpinBox(self)
        self.capacity_spin.setObjectName("venue_capacity_spin")
        self.capacity_spin.setRange(1, service.CAPACITY_MAX)
        fields: dict[str, tuple[QWidget, QLabel]] = {}
        for key, text, widget in (
            ("name", "&Name", self.name_edit),
            ("address", "A&ddress (postcode on the last line)", self.address_edit),
            ("capacity", "&Rooms", self.capacity_spin),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            error = QLabel(self)
            error.setObjectName(f"venue_{key}_error_label")
            error.setWordWrap(True)
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(error)
            form.addRow(label, box)
            fields[key] = (widget, error)
            if key == "name":
                form.addRow(QLabel("Area", self), self.area_value)
        layout.addLayout(form)
        self.form_error = QLabel(self)
        self.form_error.setObjectName("form_error_label")
        self.form_error.setWordWrap(True)
        layout.addWidget(self.form_error)
        self.errors = FieldErrors(fields, self.form_error)
        self.address_edit.textChanged.connect(lambda: self.errors.clear_field("address"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("close_button")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.save_button = QPushButton("&Save venue", self)
        self.save_button.setObjectName("save_venue_button")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.table.view.selectionModel().currentRowChanged.connect(self._chosen)
        name_controls(self)
        self._fill(None)
        self.resize(820, 640)
        self.load()

    # ---------------------------------------------------------------- loading
    def load(self, select_id: int | None = None) -> None:
        self.table.set_message("Loading venues…")
        self.runner.run(
            service.list_venues,
            self.db,
            self.actor,
            on_done=lambda rows: self._loaded(rows, select_id),
            on_error=self._failed,
            owner=self,
        )

    def _loaded(self, rows: list[service.VenueDTO], select_id: int | None) -> None:
        self._show(rows, select_id)
        self.sig_loaded.emit()

    def _show(self, rows: list[service.VenueDTO], select_id: int | None) -> None:
        model, view = self.table.model, self.table.view
        self._reloading = True  # the table's own selection changes are not the user's choice
        try:
            self.table.set_rows(rows, "No venues yet.")
            ids = [model.row(position).id for position in range(model.rowCount())]
            position = ids.index(select_id) if select_id in ids else -1
            view.clearSelection()
            view.setCurrentIndex(model.index(position, 0) if position >= 0 else QModelIndex())
            if position >= 0:
                view.selectRow(position)
        finally:
            self._reloading = False
        self._fill(model.row(position) if position >= 0 else None)

    def _failed(self, error: TaskError) -> None:
        self.save_button.setEnabled(self.current is not None)
        self.errors.show(error.field, error.message)

    # ---------------------------------------------------------------- the form
    def _point_at(self, venue_id: int) -> None:
        model, view = self.table.model, self.table.view
        self._reloading = True
        try:
            for position in range(model.rowCount()):
                if model.row(position).id == venue_id:
                    view.setCurrentIndex(model.index(position, 0))
                    view.selectRow(position)
        finally:
            self._reloading = False

    def select_venue(self, name: str) -> None:
        model = self.table.model
        for position in range(model.rowCount()):
            if model.row(position).name == name:
                self.table.view.selectionModel().setCurrentIndex(model.index(position, 0), ROW)
                return

    def _chosen(self, *_: Any) -> None:
        if self._reloading:
            return
        row = self.table.current_row()
        if (
            row is not None
            and self.current is not None
            and row.id != self.current.id
            and self.has_unsaved_input()
        ):
            if not ask(
                self,
                "Venues",
                f"Discard your changes to {self.current.name}?",
                "Discard",
                "Keep editing",
            ):
                self._point_at(self.current.id)  # the table shows the venue being edited
                return
        self._fill(row)

    def _fill(self, venue: service.VenueDTO | None) -> None:
        self.current = venue
        self.errors.clear()
        for widget in (self.name_edit, self.address_edit, self.capacity_spin, self.save_button):
            widget.setEnabled(venue is not None)
        self.choose_label.setVisible(venue is None)
        self.name_edit.setText(venue.name if venue else "")
        self.area_value.setText(venue.area if venue else "")
        self.address_edit.setPlainText(venue.address if venue else "")
        self.capacity_spin.setValue(venue.capacity if venue else 1)

    def draft(self) -> service.VenueDraft:
        return service.VenueDraft(
            self.name_edit.text(), self.address_edit.toPlainText(), self.capacity_spin.value()
        )

    def has_unsaved_input(self) -> bool:
        v = self.current
        if v is None:
            return False
        try:
            typed = service.clean_draft(self.draft())
        except ValidationError:
            return True  # something typed that cannot be saved as it is
        return (typed["name"], typed["address"] or "", typed["capacity"]) != (
            v.name,
            v.address,
            v.capacity,
        )

    def save(self) -> None:
        venue = self.current
        if venue is None:
            return
        self.errors.clear()
        try:
            service.clean_draft(self.draft())  # instant check; the service checks again
        except ValidationError as error:
            self.errors.show(error.field, error.message)
            return
        self.save_button.setEnabled(False)
        self.runner.run(
            service.save_venue,
            self.db,
            self.actor,
            venue.id,
            self.draft(),
            expected_version=venue.version,
            on_done=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, venue: service.VenueDTO) -> None:
        self.current = venue  # nothing unsaved now
        self.sig_saved.emit(venue)
        self.load(select_id=venue.id)
