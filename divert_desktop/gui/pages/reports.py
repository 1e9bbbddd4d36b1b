"""Reports (managers): headline figures for a date range and, optionally, one area."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton

from divert_desktop.core.enums import LocalAuthority
from divert_desktop.core.validation import format_date
from divert_desktop.services import lists

from ..models import Column
from ..tasks import TaskError
from ..theme import set_role
from ..widgets import DataTable, DateField
from .base import Page

HEADLINE_COLUMNS = [
    Column("Measure", lambda h: ("      " * h.level) + h.label, sort_key=None),
    Column("Number", lambda h: f"{h.count:,}", sort_key=lambda h: h.count, numeric=True),
    Column("Share of referrals", lambda h: h.share_text, sort_key=lambda h: h.count, numeric=True),
]
ALL_AREAS = ""


class ReportsPage(Page):
    """Headline counts computed in SQL by ``services.lists.headline_counts`` (issue 6 adds the
    PDF and spreadsheet returns)."""

    key = "reports"
    title = "Reports"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = date.today()
        self.counts: lists.HeadlineCounts | None = None
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.from_edit = DateField(today.replace(day=1), self)
        self.from_edit.setObjectName("from_date_edit")
        self.from_edit.setAccessibleName("From date")
        from_label = self.field_label("&From", self.from_edit)
        self.to_edit = DateField(today, self)
        self.to_edit.setObjectName("to_date_edit")
        self.to_edit.setAccessibleName("To date")
        to_label = self.field_label("&To", self.to_edit)
        self.area_combo = QComboBox(self)
        self.area_combo.setObjectName("area_combo")
        self.area_combo.setAccessibleName("Area")
        self.area_combo.addItem("All areas", ALL_AREAS)
        for area in LocalAuthority:
            self.area_combo.addItem(area.value, area.value)
        area_label = self.field_label("&Area", self.area_combo)
        self.show_button = QPushButton("Show figures", self)
        self.show_button.setObjectName("run_report_button")
        self.show_button.setProperty("primary", True)
        for widget in (from_label, self.from_edit, to_label, self.to_edit, area_label, self.area_combo,
                       self.show_button):  # fmt: skip
            bar.addWidget(widget)
        bar.addStretch(1)
        self.layout_.addLayout(bar)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("report_error_label")
        set_role(self.error_label, "error")
        self.error_label.hide()
        self.layout_.addWidget(self.error_label)
        self.period_label = self.hint_label("", "report_period_label")
        self.layout_.addWidget(self.period_label)
        self.table = DataTable(
            "headline_table", HEADLINE_COLUMNS, "Headline figures", self, sort_column=None
        )
        self.table.view.setMaximumWidth(640)
        self.layout_.addWidget(self.table, 1)
        self.show_button.clicked.connect(self.refresh)
        for field in (self.from_edit, self.to_edit):
            field.sig_invalid.connect(self._invalid)
            field.returnPressed.connect(self.refresh)

    def _invalid(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def refresh(self) -> None:
        super().refresh()
        self.error_label.hide()
        area = self.area_combo.currentData() or None
        self.run(
            lists.headline_counts,
            self.db,
            self.actor,
            self.from_edit.date(),
            self.to_edit.date(),
            area,
            on_done=self._show,
            on_error=self._failed,
        )

    def _failed(self, error: TaskError) -> None:
        self._invalid(error.message)

    def _show(self, counts: lists.HeadlineCounts) -> None:
        self.counts = counts
        where = counts.area or "all areas"
        self.period_label.setText(
            f"Referrals made from {format_date(counts.date_from)} to {format_date(counts.date_to)}, "
            f"{where}. Booked counts referrals given an appointment; engaged counts those who "
            "attended their initial assessment."
        )
        self.table.set_rows(counts.lines(), "")
        header = self.table.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
