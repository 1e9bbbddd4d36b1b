"""A table model over the audit trail that fetches older events a page at a time as the user
scrolls (the trail grows to millions of rows: it is never loaded whole)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from divert_desktop.services.audit.view import AuditRow, EventPage

Index = QModelIndex | QPersistentModelIndex
COLUMNS: list[tuple[str, Callable[[AuditRow], str]]] = [
    ("When", lambda r: r.at_text),
    ("Who", lambda r: f"{r.username} ({r.role_text.lower()})"),
    ("What", lambda r: r.action_text),
    ("Record", lambda r: r.record_text),
    ("Person", lambda r: r.person_text),
]
"""The computer, the source and what changed show in the details panel beside the table."""


class AuditTableModel(QAbstractTableModel):
    """Rows of AuditRow, newest first. When the view reaches the end, ``fetchMore`` emits
    ``sig_fetch_more(last_id)``; the page loads the next page and calls ``append``."""

    sig_fetch_more = Signal(int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditRow] = []
        self._cells: list[list[str]] = []
        self._has_more = False
        self.fetching = False

    @property
    def rows(self) -> list[AuditRow]:
        return list(self._rows)

    @property
    def has_more(self) -> bool:
        return self._has_more

    def row(self, position: int) -> AuditRow:
        return self._rows[position]

    def reset(self, page: EventPage) -> None:
        """Show a new first page (the filters changed)."""
        self.beginResetModel()
        self._rows = list(page.rows)
        self._cells = [[text(r) for _t, text in COLUMNS] for r in page.rows]
        self._has_more = page.has_more
        self.fetching = False
        self.endResetModel()

    def append(self, page: EventPage) -> None:
        """Add the next (older) page at the end."""
        last = self._rows[-1].id if self._rows else None
        rows = [r for r in page.rows if last is None or r.id < last]  # a page asked for twice
        if rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            self._cells.extend([text(r) for _t, text in COLUMNS] for r in rows)
            self._has_more = page.has_more
            self.endInsertRows()
        elif not page.rows:
            self._has_more = False
        self.fetching = False

    def fetch_failed(self) -> None:
        self.fetching = False

    # ---------------------------------------------------------------- Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            row = self._rows[index.row()]
            text = self._cells[index.row()][index.column()]
            return f"{text} ({row.action})" if index.column() == 2 else text
        if role == Qt.ItemDataRole.UserRole:
            return self._rows[index.row()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(COLUMNS)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole and section == 0:
            return "Newest first"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._has_more and not self.fetching and bool(self._rows)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self.fetching = True
            self.sig_fetch_more.emit(self._rows[-1].id)
