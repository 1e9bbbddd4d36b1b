"""Referrals: every referral with its status, filterable by status and searchable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from divert_desktop.core.enums import ReferralStatus
from divert_desktop.core.permissions import Action
from divert_desktop.gui.diary.today_page import YOUNG_TIP
from divert_desktop.gui.models import Column
from divert_desktop.gui.shell.page import Page
from divert_desktop.gui.theme import REFERRAL_ICONS, icon
from divert_desktop.gui.widgets import DataTable, SearchBox
from divert_desktop.services import lists
from divert_desktop.services.changes import Kind

REFERRAL_COLUMNS = [
    Column("Police reference", lambda r: r.police_reference),
    Column("Referral date", lambda r: r.date_text, sort_key=lambda r: r.referral_at),
    Column("Person", lambda r: r.person_name),
    Column("Area", lambda r: r.area),
    Column(
        "Status",
        lambda r: r.status_text,
        icon=lambda r: REFERRAL_ICONS.get(r.status),
        tooltip=lambda r: r.status_reason or None,
    ),
    Column(
        "Under 18",
        lambda r: "Yes" if r.young_person else "",
        icon=lambda r: "young-person" if r.young_person else None,
        tooltip=lambda r: YOUNG_TIP if r.young_person else None,
        header_tip="Young person: under 18 on the referral date",
    ),
    Column(
        "Time left",
        lambda r: r.days_left_text,
        sort_key=lambda r: r.days_left if r.days_left is not None else 10**6,
        header_tip="Days left before the engagement deadline (open referrals only)",
    ),
    Column("Substances", lambda r: r.substances_text, tooltip=lambda r: r.substances_text),
]
ALL_STATUSES = ""


class ReferralsPage(Page):
    """The referrals list. ``sig_import_requested`` asks the window to open the import dialog."""

    key = "referrals"
    shows = frozenset({Kind.REFERRALS, Kind.PEOPLE, Kind.APPOINTMENTS})
    title = "Referrals"
    sig_import_requested = Signal()
    sig_new_referral_requested = Signal()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.listing: lists.ReferralList | None = None
        self.import_button = QPushButton("Import referrals…", self)
        self.import_button.setObjectName("import_button")
        self.import_button.setAccessibleName("Import referrals")
        self.import_button.setToolTip("Import the police booking app's file (Ctrl+I)")
        self.import_button.setProperty("primary", True)
        self.import_button.setVisible(self.actor.can(Action.IMPORT_REFERRALS))
        self.import_button.clicked.connect(self.sig_import_requested.emit)
        self.new_referral_button = QPushButton("New referral…", self)
        self.new_referral_button.setObjectName("new_referral_button")
        self.new_referral_button.setAccessibleName("New referral")
        self.new_referral_button.setToolTip("Enter a referral taken by phone or email (Ctrl+N)")
        self.new_referral_button.setVisible(self.actor.can(Action.CREATE_REFERRAL))
        self.new_referral_button.clicked.connect(self.sig_new_referral_requested.emit)
        self.letter_button = QPushButton("&Letter…", self)
        self.letter_button.setObjectName("letter_button")
        self.letter_button.setAccessibleName("Letter")
        self.letter_button.setToolTip("Make a letter for the selected referral")
        self.letter_button.setVisible(
            self.actor.can(Action.PRINT_APPOINTMENT_LETTER)
            or self.actor.can(Action.PRINT_OUTCOME_LETTER)
        )
        self.letter_button.setEnabled(False)
        self.letter_button.clicked.connect(self.letter_for_selected)
        self.heading_row.addWidget(self.letter_button)
        self.heading_row.addWidget(self.new_referral_button)
        self.heading_row.addWidget(self.import_button)
        bar = QHBoxLayout()
        self.search_edit = SearchBox(self)
        self.search_edit.setObjectName("referrals_search_edit")
        self.search_edit.setAccessibleName("Search referrals")
        self.search_edit.setPlaceholderText("Police reference or person's name")
        search_label = self.field_label("&Search", self.search_edit)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("status_filter_combo")
        self.status_combo.setAccessibleName("Status")
        self.status_combo.addItem("All statuses", ALL_STATUSES)
        for status in ReferralStatus:
            self.status_combo.addItem(icon(REFERRAL_ICONS[status]), status.label, status.value)
        status_label = self.field_label("S&tatus", self.status_combo)
        bar.addWidget(search_label)
        bar.addWidget(self.search_edit, 2)
        bar.addSpacing(16)
        bar.addWidget(status_label)
        bar.addWidget(self.status_combo)
        bar.addStretch(1)
        self.layout_.addLayout(bar)
        self.table = DataTable(
            "referrals_table", REFERRAL_COLUMNS, "Referrals", self, sort_column=1, descending=True
        )
        self.layout_.addWidget(self.table, 1)
        self.count_label = self.hint_label("", "referrals_count_label")
        self.layout_.addWidget(self.count_label)
        self.search_edit.sig_search.connect(lambda _text: self.refresh())
        self.status_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.sig_activated.connect(lambda row: self.open_person(row.person_id))
        self.table.view.selectionModel().currentRowChanged.connect(
            lambda *_: self.letter_button.setEnabled(self.table.current_row() is not None)
        )

    def letter_for_selected(self) -> QWidget | None:
        """Preview and print a letter for the selected referral."""
        row = self.table.current_row()
        if row is None:
            return None
        from divert_desktop.gui.letters.letter_dialog import LetterDialog

        dialog = LetterDialog(self, self.db, self.actor, self.runner, referral_id=row.id)
        dialog.sig_status.connect(self.sig_status.emit)
        self.letter_dialog = dialog
        dialog.open()
        return dialog

    @property
    def status(self) -> ReferralStatus | None:
        value = self.status_combo.currentData()
        return ReferralStatus(value) if value else None

    def refresh(self) -> None:
        super().refresh()
        if self.table.model.rowCount() == 0:
            self.table.set_message("Loading…")
        self.run(
            lists.list_referrals,
            self.db,
            self.actor,
            status=self.status,
            text=self.search_edit.text().strip(),
            on_done=self._show,
        )

    def _show(self, listing: lists.ReferralList) -> None:
        self.listing = listing
        filtered = bool(self.search_edit.text().strip()) or self.status is not None
        if filtered:
            empty = "No referrals match. Clear the search or choose “All statuses”."
        elif self.actor.can(Action.IMPORT_REFERRALS):
            empty = (
                "No referrals yet. Import the police booking app's file with "
                "“Import referrals…” (Ctrl+I)."
            )
        else:
            empty = "No referrals yet."
        self.table.set_rows(listing.rows, empty)
        n = len(listing.rows)
        if listing.truncated:
            text = f"Showing the {n} most recent referrals: search or filter by status to narrow."
        elif n:
            text = f"{n} referral{'s' if n != 1 else ''}. Double-click one to open the person's record."
        else:
            text = ""
        self.count_label.setText(text)
