"""The side panel of the audit viewer: one event in full, with what changed before and after."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.services.audit.view import AuditDetail

FIELDS = [
    ("When", "at_text"),
    ("Who", "username"),
    ("Role", "role_text"),
    ("From", "source_text"),
    ("Computer", "workstation"),
    ("What", "action_text"),
    ("Record", "record_text"),
    ("Person", "person_text"),
]


class AuditDetailsPanel(QWidget):
    """Shows an AuditDetail; says what to do when no event is chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_details_panel")
        self.setAccessibleName("Event details")
        self.setMinimumWidth(300)
        self.setMaximumWidth(380)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 0, 0, 0)
        heading = QLabel("Event details", self)
        heading.setObjectName("audit_details_heading")
        make_heading(heading, 1.1)
        outer.addWidget(heading)
        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack, 1)
        self.empty_label = QLabel(
            "Choose an event to see who did what, when, and what changed.", self
        )
        self.empty_label.setObjectName("audit_details_empty_label")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        set_role(self.empty_label, "hint")
        self.stack.addWidget(self.empty_label)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.values: dict[str, QLabel] = {}
        for text, attr in FIELDS:
            value = QLabel(body)
            value.setObjectName(f"audit_detail_{attr}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(text)
            form.addRow(f"{text}:", value)
            self.values[attr] = value
        layout.addLayout(form)
        changed = QLabel("What changed", body)
        make_heading(changed, 1.0)
        layout.addWidget(changed)
        self.changes_table = QTableWidget(0, 3, body)
        self.changes_table.setObjectName("audit_changes_table")
        self.changes_table.setAccessibleName("What changed")
        self.changes_table.setHorizontalHeaderLabels(["Field", "Before", "After"])
        self.changes_table.verticalHeader().hide()
        self.changes_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.changes_table.setWordWrap(True)
        self.changes_table.setTabKeyNavigation(False)
        header = self.changes_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.changes_table, 1)
        self.no_changes_label = QLabel("Nothing else was recorded for this event.", body)
        self.no_changes_label.setObjectName("audit_no_changes_label")
        self.no_changes_label.setWordWrap(True)
        set_role(self.no_changes_label, "hint")
        layout.addWidget(self.no_changes_label)
        self.spacer = QWidget(body)
        layout.addWidget(self.spacer, 1)
        self.hash_label = QLabel(body)
        self.hash_label.setObjectName("audit_detail_hash")
        self.hash_label.setWordWrap(True)
        set_role(self.hash_label, "hint")
        layout.addWidget(self.hash_label)
        self.stack.addWidget(body)
        self.detail: AuditDetail | None = None

    def show_detail(self, detail: AuditDetail) -> None:
        self.detail = detail
        for _text, attr in FIELDS:
            self.values[attr].setText(str(getattr(detail, attr)) or "–")
        table = self.changes_table
        table.setRowCount(len(detail.changes))
        for row, change in enumerate(detail.changes):
            for column, text in enumerate(
                (change.field.replace("_", " "), change.before, change.after)
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, column, item)
        table.resizeRowsToContents()
        edit = any(change.before for change in detail.changes)
        table.setColumnHidden(1, not edit)
        table.setHorizontalHeaderLabels(["Field", "Before", "After" if edit else "Value"])
        table.setVisible(bool(detail.changes))
        self.no_changes_label.setVisible(not detail.changes)
        self.spacer.setVisible(not detail.changes)
        self.hash_label.setText(f"Event {detail.id} · chain hash {detail.hash[:16]}…")
        self.stack.setCurrentIndex(1)

    def clear(self) -> None:
        self.detail = None
        self.stack.setCurrentIndex(0)
