"""Small shared widgets: a debounced search box, a table with an empty state, guarded dialogs."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QStackedLayout,
    QTableView,
    QTextEdit,
    QWidget,
)

from divert_desktop.core.errors import ValidationError
from divert_desktop.core.validation import format_date, parse_date
from divert_desktop.gui.models import Column, RowTableModel
from divert_desktop.gui.shell import settings
from divert_desktop.gui.shell.screen_fit import fit_to_screen as fit_to_screen
from divert_desktop.gui.theme import set_invalid, set_role

SEARCH_DELAY_MS = 200
SAVE_KEYS = "Ctrl+S"
FIT_ROWS = 30
"""Rows measured when columns are sized to their contents (about a screenful)."""


def plain(text: str) -> str:
    """A label's text without its keyboard mnemonic and trailing colon."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":").strip()


def name_controls(root: QWidget) -> None:
    """Give every control an accessible name: from its buddy label, else its own text."""
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and not buddy.accessibleName():
            buddy.setAccessibleName(plain(label.text()))
    for button in root.findChildren(QAbstractButton):
        if not button.accessibleName() and button.text():
            button.setAccessibleName(plain(button.text()).rstrip("…"))


def ask(parent: QWidget | None, title: str, question: str, yes: str, no: str) -> bool:
    """A question whose buttons say what they do ("Discard" / "Keep editing"); True for ``yes``."""
    box = QMessageBox(parent)
    box.setObjectName("question_box")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(question)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    yes_button.setObjectName("confirm_button")
    no_button.setObjectName("keep_button")
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


class GuardedDialog(QDialog):
    """An editing dialog: Ctrl+S saves, and Esc or Close asks before throwing away what was
    typed (and closes at once when nothing was).

    Ctrl+S presses the button named ``primary_button_name`` when it is shown and enabled (a
    dialog whose main action is not a save sets it to ""). ``has_unsaved_input`` compares the
    form with the snapshot ``mark_clean`` took (dialogs may decide it themselves instead)."""

    discard_question = "Discard what you have typed?"
    primary_button_name = "save_button"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clean_state: tuple[Any, ...] | None = None
        self.save_shortcut = QShortcut(QKeySequence(SAVE_KEYS), self)
        self.save_shortcut.setObjectName("save_shortcut")
        self.save_shortcut.activated.connect(self.save_by_key)

    def primary_button(self) -> QAbstractButton | None:
        """The button Ctrl+S presses, or None when the dialog has nothing to save."""
        if not self.primary_button_name:
            return None
        return self.findChild(QAbstractButton, self.primary_button_name)

    def save_by_key(self) -> None:
        button = self.primary_button()
        if button is not None and button.isVisible() and button.isEnabled():
            button.click()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        button = self.primary_button()
        if button is not None and SAVE_KEYS not in button.toolTip():  # the shortcut is shown
            tip = button.toolTip() or plain(button.text())
            button.setToolTip(f"{tip} ({SAVE_KEYS})")

    def form_state(self) -> tuple[Any, ...]:
        """What the user can change in the form: every editable text, choice, number and tick."""
        values: list[Any] = []
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit) and not widget.isReadOnly():
                values.append(widget.text())
            elif isinstance(widget, QPlainTextEdit | QTextEdit) and not widget.isReadOnly():
                values.append(widget.toPlainText())
            elif isinstance(widget, QComboBox) and not widget.isEditable():
                values.append(widget.currentIndex())
            elif isinstance(widget, QAbstractSpinBox):
                values.append(widget.text())
            elif isinstance(widget, QAbstractButton) and widget.isCheckable():
                values.append(widget.isChecked())
        return tuple(values)

    def mark_clean(self) -> None:
        """Take the snapshot of the untouched form (call it once the form is filled in)."""
        self._clean_state = self.form_state()

    def has_unsaved_input(self) -> bool:
        return self._clean_state is not None and self.form_state() != self._clean_state

    def reject(self) -> None:
        if self.has_unsaved_input() and not ask(
            self, self.windowTitle(), self.discard_question, "Discard", "Keep editing"
        ):
            return
        super().reject()

    def reject_without_asking(self) -> None:
        super().reject()


class FieldErrors:
    """Error messages shown next to fields, with the field outlined; focus goes to the first.

    Editing a field clears its message. A field's hint (``hints``) steps aside while its error
    shows, so the two never say the same thing twice.

    Each error line keeps its room while hidden, so the fields below never move as errors
    appear and go: one line of text, or ``lines[field]`` lines where the field's messages wrap
    in a narrow column. A hinted field's hint and error share one slot of that height.
    """

    def __init__(
        self,
        fields: dict[str, tuple[QWidget, QLabel]],
        general: QLabel,
        hints: dict[str, QLabel] | None = None,
        lines: dict[str, int] | None = None,
    ) -> None:
        self._fields = fields
        self._general = general
        self._hints = hints or {}
        for name, (widget, label) in fields.items():
            set_role(label, "error")
            # a message wraps inside its column and never widens it: the columns hold still too
            label.setWordWrap(True)
            width_policy = label.sizePolicy()
            width_policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
            label.setSizePolicy(width_policy)
            room = label.fontMetrics().lineSpacing() * (lines or {}).get(name, 1)
            label.setMinimumHeight(room)
            if name in self._hints:  # the hint and the error take turns in one slot
                hint = self._hints[name]
                hint.setMinimumHeight(room)
                hint.setWordWrap(True)
                hint.setSizePolicy(width_policy)  # nor does its hint, shown or hidden
            else:  # the error line keeps its room: the fields hold still
                policy = label.sizePolicy()
                policy.setRetainSizeWhenHidden(True)
                label.setSizePolicy(policy)
            label.hide()
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _text, name=name: self.clear_field(name))
        set_role(general, "error")
        general.hide()

    def clear_field(self, field: str) -> None:
        widget, label = self._fields[field]
        if label.isHidden():
            return
        label.clear()
        label.hide()
        set_invalid(widget, False)
        widget.setAccessibleDescription("")
        if field in self._hints:
            self._hints[field].show()

    def clear(self) -> None:
        for field in self._fields:
            self.clear_field(field)
        self._general.clear()
        self._general.hide()

    def show(self, field: str | None, message: str, *, focus: bool = True) -> None:
        """Show ``message`` next to ``field`` (or at the bottom when it names no known field)."""
        if field not in self._fields:
            self._general.setText(message)
            self._general.show()
            return
        widget, label = self._fields[field]
        label.setText(message)
        label.show()
        set_invalid(widget, True)
        widget.setAccessibleDescription(message)
        if field in self._hints:
            self._hints[field].hide()
        if focus:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def message(self, field: str) -> str:
        return self._fields[field][1].text() if field in self._fields else self._general.text()


class SearchBox(QLineEdit):
    """A search field that reports what was typed once typing pauses (``sig_search``)."""

    sig_search = Signal(str)

    def __init__(self, parent: QWidget | None = None, delay_ms: int = SEARCH_DELAY_MS) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.search_now)
        self.textChanged.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self.search_now)

    def search_now(self) -> None:
        self._timer.stop()
        self.sig_search.emit(self.text().strip())


_ID_FIELDS = ("id", "referral_id", "duplicate_id", "key", "person_id")


def record_id(row: Any) -> Hashable:
    """What identifies a row across refreshes: its kind and the first of its record's ids
    (``id``, ``referral_id``, ``duplicate_id``, ``key``, ``person_id``), else the row itself."""
    for name in _ID_FIELDS:
        value = getattr(row, name, None)
        if value is not None:
            return type(row).__name__, value
    return row  # type: ignore[no-any-return]


class DataTable(QWidget):
    """A sortable table of row DTOs that shows a plain-English message when it is empty.

    ``sig_activated`` carries the row opened by double-click or Enter. Column widths and order
    are remembered per table (by object name). A refresh (``set_rows``) keeps the selected row
    by record id (``id_of``, by default ``record_id``) and the scroll position, so the next
    click acts on the same person, never on whoever is now in the first row.
    """

    sig_activated = Signal(object)

    def __init__(
        self,
        name: str,
        columns: Sequence[Column],
        accessible_name: str,
        parent: QWidget | None = None,
        *,
        sort_column: int | None = 0,
        descending: bool = False,
        id_of: Callable[[Any], Hashable] = record_id,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_container")
        self.id_of = id_of
        # The view first: children die in creation order, and a view outliving its model would
        # ask the dying model for data while resizing its columns.
        self.view = QTableView(self)
        self.model = RowTableModel(columns, self)
        self.view.setObjectName(name)
        self.view.setAccessibleName(accessible_name)
        self.view.setModel(self.model)
        if sort_column is not None:
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            self.view.horizontalHeader().setSortIndicator(sort_column, order)
            self.view.setSortingEnabled(True)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        # Fit columns to the first rows only: measuring all 200 rows of a search result took
        # about 60 ms a keystroke (see benchmarks/bench_diary.py).
        self.view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        self.view.horizontalHeader().setHighlightSections(False)
        self.view.horizontalHeader().setSortIndicatorShown(sort_column is not None)
        self.view.setTabKeyNavigation(False)
        self.view.doubleClicked.connect(lambda index: self._activate(index.row()))
        self.view.installEventFilter(self)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName(f"{name}_empty_label")
        self.empty_label.setAccessibleName(f"{accessible_name}: nothing to show")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.empty_label, "empty")
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._stack.addWidget(self.view)
        self._stack.addWidget(self.empty_label)
        self._widths_restored = settings.restore_header(name, self.view.horizontalHeader())
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(500)
        self._save_timer.timeout.connect(self._save_header)
        header = self.view.horizontalHeader()
        header.sectionResized.connect(self._section_resized)
        header.sectionMoved.connect(self._header_changed)

    @Slot(int, int, int)
    def _section_resized(self, section: int, _old: int, _new: int) -> None:
        if section != self.model.columnCount() - 1:  # the stretched last column follows the window
            self._header_changed()

    @Slot()
    def _header_changed(self, *_: object) -> None:
        self._widths_restored = True  # the user's widths win from now on
        self._save_timer.start()

    def _save_header(self) -> None:
        settings.save_header(self.view.objectName(), self.view.horizontalHeader())

    def set_rows(self, rows: Sequence[Any], empty_text: str = "") -> None:
        """Show ``rows``; with none, show ``empty_text`` instead of an empty grid. The row
        selected before stays selected (found by record id) and the list stays scrolled where
        it was."""
        chosen = self.current_id()
        scrolled = self.view.verticalScrollBar().value()
        self.model.set_rows(rows)
        if rows:
            self._stack.setCurrentWidget(self.view)
            if not self._widths_restored:
                self.fit_columns()
        else:
            self.empty_label.setText(empty_text)
            self._stack.setCurrentWidget(self.empty_label if empty_text else self.view)
        if chosen is not None:
            self.restore_selection(chosen, scrolled)

    def current_id(self) -> Hashable | None:
        """The record id of the selected row, if any."""
        row = self.current_row()
        return self.id_of(row) if row is not None else None

    def restore_selection(self, wanted: Hashable, scrolled: int | None = None) -> bool:
        """Select the row whose record id is ``wanted`` (False when it is gone), then scroll
        back to ``scrolled`` (keeping that row in sight)."""
        position = self.model.find(lambda row: self.id_of(row) == wanted)
        if position < 0:
            return False
        index = self.model.index(position, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        if scrolled is not None:
            self.view.updateGeometries()  # the scroll range of the new rows
            self.view.verticalScrollBar().setValue(scrolled)
        self.view.scrollTo(index)  # no-op when already in sight
        return True

    def set_message(self, text: str) -> None:
        """Show a message (for example "Loading…") in place of the table."""
        self.empty_label.setText(text)
        self._stack.setCurrentWidget(self.empty_label)

    def fit_columns(self, maximum: int = 320, last_minimum: int = 140) -> None:
        """Size columns to their contents, within reason (until the user resizes them).

        When that is wider than the table, the columns share the room in proportion (text is
        then elided, and the tooltip or the record shows it whole)."""
        header = self.view.horizontalHeader()
        header.blockSignals(True)
        self.view.resizeColumnsToContents()
        last = self.model.columnCount() - 1
        widths = [min(header.sectionSize(c) + 6, maximum) for c in range(last)]
        room = self.view.viewport().width() - last_minimum
        if self.view.isVisible() and room > 0 and sum(widths) > room:
            scale = room / sum(widths)
            widths = [max(int(w * scale), 64) for w in widths]
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.blockSignals(False)

    @property
    def showing_empty_state(self) -> bool:
        return self._stack.currentWidget() is self.empty_label

    def current_row(self) -> Any | None:
        index = self.view.currentIndex()
        return self.model.row(index) if index.isValid() else None

    def _activate(self, position: int) -> None:
        if 0 <= position < self.model.rowCount():
            self.sig_activated.emit(self.model.row(position))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._activate(self.view.currentIndex().row())
            return True
        return super().eventFilter(watched, event)


class DateField(QLineEdit):
    """A date typed as 2/12/2026, 02/12/2026 or 2026-12-02 and shown as "Wed 2 Dec 2026".

    ``sig_date_changed`` carries a valid new date; ``sig_invalid`` the message for bad input.
    """

    sig_date_changed = Signal(object)  # date
    sig_invalid = Signal(str)

    def __init__(self, value: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._date = value
        self.setPlaceholderText("for example 2/12/2026")
        self.setToolTip("Type a date such as 2/12/2026 or 2026-12-02, then press Enter")
        self.editingFinished.connect(self._parse)
        self.setText(format_date(value))

    def date(self) -> date:
        return self._date

    def set_date(self, value: date) -> None:
        set_invalid(self, False)
        self.setText(format_date(value))
        if value != self._date:
            self._date = value
            self.sig_date_changed.emit(value)

    def _parse(self) -> None:
        text = self.text().strip()
        if text == format_date(self._date):
            set_invalid(self, False)
            return
        try:
            value = parse_date(text, "date")
        except ValidationError as exc:
            try:
                value = datetime.strptime(text, "%a %d %b %Y").date()
            except ValueError:
                set_invalid(self, True)
                self.sig_invalid.emit(exc.message)
                return
        self.set_date(value)
