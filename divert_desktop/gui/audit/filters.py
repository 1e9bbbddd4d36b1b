"""The audit viewer's filters: a person (found by search), a user, an action and a date range."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from divert_desktop.core.errors import ValidationError
from divert_desktop.core.validation import format_date, parse_date
from divert_desktop.gui.theme import set_invalid, set_role
from divert_desktop.gui.widgets import SearchBox
from divert_desktop.services.audit.view import AuditChoices, AuditFilter
from divert_desktop.services.lists import PeopleSearch

ANYONE = "Anyone"
ANY_PERSON = "Any person"
ANY_ACTION = "Any action"


class OptionalDateEdit(QLineEdit):
    """A date that may be left blank (no limit): typed as 2/12/2026 or 2026-12-02."""

    sig_changed = Signal()
    sig_invalid = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: date | None = None
        self.setPlaceholderText("any date")
        self.setToolTip("Type a date such as 2/12/2026, or leave it blank")
        self.setClearButtonEnabled(True)
        self.editingFinished.connect(self._parse)

    def value(self) -> date | None:
        return self._value

    def set_value(self, value: date | None) -> None:
        set_invalid(self, False)
        self.setText(format_date(value) if value else "")
        if value != self._value:
            self._value = value
            self.sig_changed.emit()

    def _parse(self) -> None:
        text = self.text().strip()
        if not text:
            self.set_value(None)
            return
        if self._value is not None and text == format_date(self._value):
            return
        try:
            value = parse_date(text, "date")
        except ValidationError as exc:
            set_invalid(self, True)
            self.sig_invalid.emit(exc.message)
            return
        self.set_value(value)


class AuditFilterBar(QWidget):
    """``sig_changed`` when the filter changes; ``sig_person_search(text)`` asks the page to
    find people (it answers with ``show_people``)."""

    sig_changed = Signal()
    sig_person_search = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        self.person_search_edit = SearchBox(self)
        self.person_search_edit.setObjectName("audit_person_search_edit")
        self.person_search_edit.setPlaceholderText("Name, date of birth or reference")
        self.person_search_edit.setMinimumWidth(250)
        self.person_search_edit.setAccessibleName("Find a person")
        self.person_combo = QComboBox(self)
        self.person_combo.setObjectName("audit_person_combo")
        self.person_combo.setAccessibleName("Person")
        self.person_combo.setMinimumWidth(260)
        self.person_combo.addItem(ANY_PERSON, None)
        self.user_combo = QComboBox(self)
        self.user_combo.setObjectName("audit_user_combo")
        self.user_combo.setEditable(True)
        self.user_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.user_combo.setAccessibleName("User")
        self.user_combo.setMinimumWidth(170)
        self.user_combo.setToolTip("Choose a user, or type a name such as os:jsmith (command line)")
        self.user_combo.addItem(ANYONE, None)
        self.action_combo = QComboBox(self)
        self.action_combo.setObjectName("audit_action_combo")
        self.action_combo.setAccessibleName("Action")
        self.action_combo.setMinimumWidth(280)
        self.action_combo.addItem(ANY_ACTION, None)
        self.from_edit = OptionalDateEdit(self)
        self.from_edit.setObjectName("audit_from_edit")
        self.to_edit = OptionalDateEdit(self)
        self.to_edit.setObjectName("audit_to_edit")
        for edit in (self.from_edit, self.to_edit):
            edit.setMaximumWidth(170)
        self.clear_button = QPushButton("C&lear filters", self)
        self.clear_button.setObjectName("audit_clear_button")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("audit_filter_error_label")
        set_role(self.error_label, "error")
        self.error_label.hide()

        def add(row: int, column: int, text: str, field: QWidget, span: int = 1) -> None:
            label = QLabel(text, self)
            label.setBuddy(field)
            grid.addWidget(label, row, column, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(field, row, column + 1, 1, span)

        add(0, 0, "&Person", self.person_search_edit)
        grid.addWidget(self.person_combo, 0, 2)
        add(0, 3, "&User", self.user_combo)
        add(1, 0, "Ac&tion", self.action_combo, 2)
        add(1, 3, "&From", self.from_edit)
        add(1, 5, "T&o", self.to_edit)
        grid.addWidget(self.clear_button, 1, 7)
        grid.addWidget(self.error_label, 2, 1, 1, 7)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 2)
        grid.setColumnStretch(8, 1)

        self.person_search_edit.sig_search.connect(self._person_typed)
        self.person_combo.currentIndexChanged.connect(lambda _i: self._changed())
        self.user_combo.activated.connect(lambda _i: self._changed())
        line = self.user_combo.lineEdit()
        assert line is not None
        line.editingFinished.connect(self._changed)
        self.action_combo.currentIndexChanged.connect(lambda _i: self._changed())
        for edit in (self.from_edit, self.to_edit):
            edit.sig_changed.connect(self._changed)
            edit.sig_invalid.connect(self.show_error)
        self.clear_button.clicked.connect(self.clear)
        self._last: AuditFilter | None = AuditFilter()
        self._quiet = False

    # ---------------------------------------------------------------- choices
    def set_choices(self, choices: AuditChoices) -> None:
        self._quiet = True
        typed = self.user_combo.currentText()
        self.user_combo.clear()
        self.user_combo.addItem(ANYONE, None)
        for name in choices.usernames:
            self.user_combo.addItem(name, name)
        self.user_combo.setCurrentText(typed or ANYONE)
        current = self.action_combo.currentData()
        self.action_combo.clear()
        self.action_combo.addItem(ANY_ACTION, None)
        for code, text in choices.actions:
            self.action_combo.addItem(text, code)
            self.action_combo.setItemData(
                self.action_combo.count() - 1, code, Qt.ItemDataRole.ToolTipRole
            )
        self.action_combo.setCurrentIndex(max(self.action_combo.findData(current), 0))
        self._quiet = False

    def _person_typed(self, text: str) -> None:
        if not text:
            self._set_people([], ANY_PERSON)
            return
        self.sig_person_search.emit(text)

    def show_people(self, search: PeopleSearch) -> None:
        """Offer the people found; one match is chosen at once."""
        if search.text != self.person_search_edit.text().strip():
            return
        rows = [(f"{row.name} (born {row.date_of_birth_text})", row.id) for row in search.rows]
        if not rows:
            self._set_people([], "Nobody found")
        elif len(rows) == 1:
            self._set_people(rows, None)
        else:
            self._set_people(rows, f"Choose one of {len(rows)} people found")

    def _set_people(self, rows: list[tuple[str, int]], first: str | None) -> None:
        self._quiet = True
        self.person_combo.clear()
        if first is not None:
            self.person_combo.addItem(first, None)
        for text, person_id in rows:
            self.person_combo.addItem(text, person_id)
        self.person_combo.setCurrentIndex(0)
        self._quiet = False
        self._changed()

    # ---------------------------------------------------------------- the filter
    def current_filter(self) -> AuditFilter:
        user = self.user_combo.currentText().strip()
        return AuditFilter(
            person_id=self.person_combo.currentData(),
            username=None if not user or user == ANYONE else user,
            action=self.action_combo.currentData(),
            date_from=self.from_edit.value(),
            date_to=self.to_edit.value(),
        )

    def _changed(self) -> None:
        if self._quiet:
            return
        current = self.current_filter()
        if current != self._last:
            self._last = current
            self.show_error("")
            self.sig_changed.emit()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def clear(self) -> None:
        self._quiet = True
        self.person_search_edit.clear()
        self.person_combo.clear()
        self.person_combo.addItem(ANY_PERSON, None)
        self.user_combo.setCurrentIndex(0)
        self.action_combo.setCurrentIndex(0)
        self.from_edit.set_value(None)
        self.to_edit.set_value(None)
        self._quiet = False
        self._changed()
