"""Services: the directory of organisations to refer people on to. Everyone who makes onward
referrals searches it; managers add, change and retire entries."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QPushButton

from divert_desktop.core.enums import LocalAuthority, ServiceType
from divert_desktop.core.permissions import Action
from divert_desktop.gui.casework.service_dialog import ServiceDialog
from divert_desktop.gui.models import Column
from divert_desktop.gui.shell.page import Page
from divert_desktop.gui.widgets import DataTable, SearchBox, ask
from divert_desktop.services.casework import directory
from divert_desktop.services.changes import Kind

__all__ = ["ServicesPage"]

COLUMNS = [
    Column("Organisation", lambda s: s.organisation + ("" if s.active else " (retired)")),
    Column("Type", lambda s: s.type_text),
    Column("Areas", lambda s: s.areas_text, tooltip=lambda s: s.areas_text),
    Column("Contact", lambda s: s.contact_text, tooltip=lambda s: s.address or None),
    Column("How to refer", lambda s: s.referral_method, tooltip=lambda s: s.notes or None),
]


class ServicesPage(Page):
    key = "services"
    shows = frozenset({Kind.DIRECTORY})
    title = "Services"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.can_edit = self.actor.can(Action.MANAGE_SERVICE_DIRECTORY)
        self.dialog: ServiceDialog | None = None
        self.add_button = QPushButton("&Add a service…", self)
        self.add_button.setObjectName("add_service_button")
        self.add_button.setProperty("primary", True)
        self.add_button.setVisible(self.can_edit)
        self.heading_row.addWidget(self.add_button)
        bar = QHBoxLayout()
        self.search_edit = SearchBox(self)
        self.search_edit.setObjectName("services_search_edit")
        self.search_edit.setPlaceholderText("Organisation, contact or notes")
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("service_type_filter_combo")
        self.type_combo.addItem("All types", None)
        for kind in ServiceType:
            self.type_combo.addItem(directory.SERVICE_TYPE_LABELS[kind], kind.value)
        self.area_combo = QComboBox(self)
        self.area_combo.setObjectName("service_area_filter_combo")
        self.area_combo.addItem("All areas", None)
        for area in LocalAuthority:
            self.area_combo.addItem(area.value, area.value)
        self.retired_check = QCheckBox("Show &retired", self)
        self.retired_check.setObjectName("show_retired_check")
        self.retired_check.setVisible(self.can_edit)
        bar.addWidget(self.field_label("&Search", self.search_edit))
        bar.addWidget(self.search_edit, 2)
        bar.addSpacing(12)
        bar.addWidget(self.field_label("&Type", self.type_combo))
        bar.addWidget(self.type_combo)
        bar.addWidget(self.field_label("A&rea", self.area_combo))
        bar.addWidget(self.area_combo)
        bar.addWidget(self.retired_check)
        bar.addStretch(1)
        self.layout_.addLayout(bar)
        self.table = DataTable("services_table", COLUMNS, "Service directory", self)
        self.layout_.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.count_label = self.hint_label("", "services_count_label")
        row.addWidget(self.count_label, 1)
        self.edit_button = QPushButton("&Change…", self)
        self.edit_button.setObjectName("edit_service_button")
        self.retire_button = QPushButton("Re&tire", self)
        self.retire_button.setObjectName("retire_service_button")
        for b in (self.edit_button, self.retire_button):
            b.setVisible(self.can_edit)
            row.addWidget(b)
        self.layout_.addLayout(row)
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(self.table.current_row()))
        self.retire_button.clicked.connect(self.retire)
        self.table.sig_activated.connect(lambda s: self.edit(s) if self.can_edit else None)
        self.search_edit.sig_search.connect(lambda _t: self.refresh())
        self.type_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.area_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.retired_check.toggled.connect(lambda _on: self.refresh())
        self.table.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self._update_buttons()

    def refresh(self) -> None:
        super().refresh()
        kind, area = self.type_combo.currentData(), self.area_combo.currentData()
        self.run(
            directory.search_services,
            self.db,
            self.actor,
            text=self.search_edit.text().strip(),
            service_type=ServiceType(kind) if kind else None,
            area=LocalAuthority(area) if area else None,
            include_inactive=self.retired_check.isChecked(),
            on_done=self._show,
        )

    def _show(self, rows: list[directory.ServiceDTO]) -> None:
        filtered = bool(
            self.search_edit.text().strip()
            or self.type_combo.currentData()
            or self.area_combo.currentData()
        )
        if filtered:
            empty = "No service matches. Clear the search or choose “All types” and “All areas”."
        elif self.can_edit:
            empty = (
                "The directory is empty. Add the organisations people are referred on to "
                "with “Add a service…”."
            )
        else:
            empty = "The directory is empty. A manager adds the organisations people can be referred to."
        self.table.set_rows(rows, empty)
        self.count_label.setText(
            f"{len(rows)} service{'s' if len(rows) != 1 else ''}." if rows else ""
        )
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        row = self.table.current_row()
        self.edit_button.setEnabled(row is not None)
        self.retire_button.setEnabled(row is not None)
        if row is not None:
            self.retire_button.setText("Re&tire" if row.active else "Bring &back")

    def edit(self, service: directory.ServiceDTO | None) -> None:
        if not self.can_edit:
            return
        self.dialog = ServiceDialog(self.db, self.actor, self.runner, service, self)
        self.dialog.sig_saved.connect(self._saved)
        self.dialog.open()

    def _saved(self, dto: directory.ServiceDTO) -> None:
        self.sig_status.emit(f"Saved {dto.organisation}.")

    def retire(self) -> None:
        row = self.table.current_row()
        if row is None:
            return
        if row.active and not ask(
            self,
            "Retire service",
            f"Retire {row.organisation}? It stays on earlier onward "
            "referrals but cannot be chosen for new ones.",
            "Retire service",
            "Keep service",
        ):
            return
        self.runner.run(
            directory.set_service_active,
            self.db,
            self.actor,
            row.id,
            not row.active,
            expected_version=row.version,
            on_done=self._saved,
            on_error=self.show_error,
            owner=self,
        )
