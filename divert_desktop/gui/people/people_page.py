"""People: find a person as you type and open their record."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton

from divert_desktop.gui.models import Column
from divert_desktop.gui.shell.page import Page
from divert_desktop.gui.widgets import DataTable, SearchBox
from divert_desktop.services import lists
from divert_desktop.services.changes import Kind

PEOPLE_COLUMNS = [
    Column(
        "Name", lambda p: p.name, sort_key=lambda p: p.sort_name, header_tip="Sorted by surname"
    ),
    Column("Known as", lambda p: p.known_as),
    Column("Date of birth", lambda p: p.date_of_birth_text, sort_key=lambda p: p.date_of_birth),
    Column("Referrals", lambda p: str(p.referrals), sort_key=lambda p: p.referrals, numeric=True),
    Column("Postcode", lambda p: p.postcode),
    Column("Area", lambda p: p.area),
]
START_TEXT = (
    "Type a name, a date of birth (2/12/2001), a police reference, a postcode or a phone number "
    "to find a person. Accents and capitals do not matter."
)


class PeoplePage(Page):
    """Search by name (accent- and case-insensitive, known-as too), date of birth, police
    reference, postcode or phone; Enter (on the highlighted result, or in the search box once
    the results are shown) or double-click opens the record."""

    key = "people"
    shows = frozenset({Kind.PEOPLE, Kind.REFERRALS})
    title = "People"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.search: lists.PeopleSearch | None = None
        bar = QHBoxLayout()
        self.search_edit = SearchBox(self)
        self.search_edit.setObjectName("people_search_edit")
        self.search_edit.setAccessibleName("Find a person")
        self.search_edit.setPlaceholderText(
            "Name, date of birth, police reference, postcode or phone"
        )
        self.search_edit.setMinimumWidth(420)
        label = self.field_label("&Find a person", self.search_edit)
        self.open_button = QPushButton("Open record", self)
        self.open_button.setObjectName("open_person_button")
        self.open_button.setToolTip("Open the selected person's record (Enter)")
        bar.addWidget(label)
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.open_button)
        self.layout_.addLayout(bar)
        self.result_label = self.hint_label("", "people_result_label")
        self.layout_.addWidget(self.result_label)
        self.table = DataTable("people_table", PEOPLE_COLUMNS, "People found", self)
        self.layout_.addWidget(self.table, 1)
        self.table.set_rows([], START_TEXT)
        self.search_edit.sig_search.connect(self.find)
        self.table.sig_activated.connect(lambda row: self.open_person(row.id))
        self.open_button.clicked.connect(self._open_selected)
        self.table.view.selectionModel().currentRowChanged.connect(self._update_open)
        self.search_edit.returnPressed.connect(self._enter_in_search)
        self._focus_when_shown = False
        self._update_open()

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def refresh(self) -> None:
        super().refresh()
        self.find(self.search_edit.text().strip())

    def find(self, text: str) -> None:
        """Search for ``text`` (the search box calls this as typing pauses)."""
        if not text:
            self.search = None
            self.result_label.clear()
            self.table.set_rows([], START_TEXT)
            self._update_open()
            return
        self.run(lists.search_people, self.db, self.actor, text, on_done=self._show)

    def _show(self, search: lists.PeopleSearch) -> None:
        self.search = search
        rows = search.rows
        if search.truncated:
            summary = f"Showing the first {len(rows)} people: type more to narrow the search."
        elif rows:
            count = f"{len(rows)} {'person' if len(rows) == 1 else 'people'}"
            summary = f"{count} found by {search.searched_by}. Press Enter or double-click to open."
        else:
            summary = ""
        self.result_label.setText(summary)
        self.table.set_rows(
            rows,
            f"Nobody matches “{search.text}”. Check the spelling, or try the date of birth, "
            "postcode or police reference.",
        )
        if rows and not self.table.view.currentIndex().isValid():
            self.table.view.selectRow(0)
        if self._focus_when_shown:
            self._focus_when_shown = False
            self._focus_results()
        self._update_open()

    @Slot()
    def _update_open(self, *_: object) -> None:
        self.open_button.setEnabled(
            self.table.current_row() is not None and bool(self.table.model.rowCount())
        )

    def _open_selected(self) -> None:
        row = self.table.current_row()
        if row is not None:
            self.open_person(row.id)

    def _enter_in_search(self) -> None:
        """Enter in the search box opens the highlighted person when the results shown are for
        what is typed; otherwise the search runs now and the results take the focus."""
        text = self.search_edit.text().strip()
        current = self.search is not None and self.search.text == text
        if current and self.table.current_row() is not None:
            self._open_selected()
        elif current:
            self._focus_results()
        else:
            self._focus_when_shown = bool(text)

    def _focus_results(self) -> None:
        if self.table.model.rowCount():
            self.table.view.setFocus()
