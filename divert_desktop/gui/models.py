"""Table models over row DTOs: display strings computed once, sorting inside the model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

from divert_desktop.gui.theme import icon

Index = QModelIndex | QPersistentModelIndex
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column:
    """One column: its title, the text of a row, and optionally a sort key, icon and tooltip."""

    title: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    icon: Callable[[Any], str | None] | None = None
    tooltip: Callable[[Any], str | None] | None = None
    numeric: bool = False
    header_tip: str = ""


def _key(value: Any) -> tuple[bool, Any]:
    """Sort None last, and text without regard to case."""
    if isinstance(value, str):
        return (value == "", value.casefold())
    return (value is None, value)


class RowTableModel(QAbstractTableModel):
    """Read-only rows of frozen DTOs. ``data()`` only looks up precomputed strings and icons,
    and ``sort()`` sorts the Python list (fast, unlike a proxy model over large lists)."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []
        self._cells: list[list[str]] = []
        self._icons: list[list[QIcon | None]] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # ---------------------------------------------------------------- content
    @property
    def columns(self) -> list[Column]:
        return list(self._columns)

    @property
    def rows(self) -> list[Any]:
        return list(self._rows)

    def row(self, index: int | Index) -> Any:
        position = index if isinstance(index, int) else index.row()
        return self._rows[position]

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace every row (keeping the current sort)."""
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self._compute()
        self.endResetModel()

    def _compute(self) -> None:
        self._cells = [[column.text(row) for column in self._columns] for row in self._rows]
        self._icons = [
            [icon(name) if c.icon and (name := c.icon(row)) else None for c in self._columns]
            for row in self._rows
        ]

    def find(self, predicate: Callable[[Any], bool]) -> int:
        """The position of the first row matching ``predicate``, or -1."""
        return next((i for i, row in enumerate(self._rows) if predicate(row)), -1)

    def cell_text(self, row: int, column: int) -> str:
        return self._cells[row][column]

    # ---------------------------------------------------------------- Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r, c = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cells[r][c]
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons[r][c]
        if role == Qt.ItemDataRole.ToolTipRole:
            column = self._columns[c]
            return column.tooltip(self._rows[r]) if column.tooltip else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self._columns[c].numeric else _LEFT
        if role == Qt.ItemDataRole.UserRole:
            return self._rows[r]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(self._columns)):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.header_tip or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self._columns)):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._sort_rows(column, order)
        self._compute()
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        spec = self._columns[column]
        key = spec.sort_key or spec.text
        self._rows.sort(
            key=lambda row: _key(key(row)), reverse=order == Qt.SortOrder.DescendingOrder
        )
