"""Data protection (managers; administrators for retention): people due for anonymising under
the retention setting, records confirmed as the same person waiting to be merged, and merges
that can still be undone."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import plural
from divert_desktop.gui.data_protection.merge_dialog import MergeDialog
from divert_desktop.gui.models import Column
from divert_desktop.gui.shell.page import Page
from divert_desktop.gui.shell.tasks import TaskError
from divert_desktop.gui.widgets import DataTable, ask
from divert_desktop.services.changes import Kind
from divert_desktop.services.data_protection.retention import (
    RetentionResult,
    RetentionReview,
    apply_retention,
    people_due,
)
from divert_desktop.services.lists.merges import (
    PendingMergeRow,
    WaitingMergeRow,
    pending_merges,
    waiting_to_merge,
)
from divert_desktop.services.people.merge import MergeDTO, confirm_merge, undo_merge

DUE_COLUMNS = [
    Column("Name", lambda r: r.name),
    Column("Born", lambda r: r.date_of_birth_text),
    Column("Referrals", lambda r: str(r.referrals), sort_key=lambda r: r.referrals, numeric=True),
    Column("Last referral closed", lambda r: r.last_closed_text, sort_key=lambda r: r.last_closed),
    Column("Due since", lambda r: r.due_on_text, sort_key=lambda r: r.due_on),
]
WAITING_COLUMNS = [
    Column("Record", lambda r: r.person_text),
    Column("Same person as", lambda r: r.candidate_text),
    Column("Confirmed by", lambda r: r.reviewed_by),
    Column("When", lambda r: r.reviewed_text),
]
PENDING_COLUMNS = [
    Column("Record kept", lambda r: r.kept_text),
    Column("Record merged into it", lambda r: r.merged_text),
    Column("When", lambda r: r.when_text),
    Column("By", lambda r: r.created_by),
    Column("What moved", lambda r: r.moved_text),
    Column("Why", lambda r: r.reason or "–"),
]


def _load(db: Any, actor: Any, retain: bool, merge: bool) -> tuple[Any, Any, Any]:
    """Everything the page shows, in one task on the database worker."""
    review = people_due(db, actor) if retain else None
    if not merge:
        return review, None, None
    return review, waiting_to_merge(db, actor), pending_merges(db, actor)


def _tab(parent: QWidget, hint: QWidget, table: DataTable, buttons: list[QPushButton]) -> QWidget:
    tab = QWidget(parent)
    layout = QVBoxLayout(tab)
    layout.addWidget(hint)
    layout.addWidget(table, 1)
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    layout.addLayout(row)
    return tab


class DataProtectionPage(Page):
    key = "privacy"
    shows = frozenset({Kind.PEOPLE, Kind.REFERRALS, Kind.SETTINGS})
    title = "Data protection"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.review: RetentionReview | None = None
        self.merge_dialog: MergeDialog | None = None
        self.can_retain = self.actor.can(Action.APPLY_RETENTION)
        self.can_merge = self.actor.can(Action.MERGE_PEOPLE)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("privacy_tabs")
        self.tabs.setAccessibleName("Data protection tasks")
        self.layout_.addWidget(self.tabs, 1)
        if self.can_retain:
            self.due = DataTable(
                "retention_table", DUE_COLUMNS, "People due for anonymising", self, sort_column=3
            )
            self.due_hint = self.hint_label("", "retention_hint_label")
            self.anonymise_button = self._button(
                "&Anonymise these people…", "anonymise_button", primary=True
            )
            self.anonymise_button.clicked.connect(self.anonymise)
            self.tabs.addTab(
                _tab(self, self.due_hint, self.due, [self.anonymise_button]), "Due for anonymising"
            )
        if self.can_merge:
            self.waiting = DataTable(
                "waiting_merge_table",
                WAITING_COLUMNS,
                "Records waiting to be merged",
                self,
                sort_column=None,
            )
            self.merge_button = self._button("&Merge…", "merge_waiting_button", primary=True)
            self.merge_button.clicked.connect(self.merge_selected)
            self.tabs.addTab(
                _tab(
                    self,
                    self.hint_label(
                        "Records that someone confirmed are the same person (from the possible "
                        "duplicates on Today). Compare them and merge them into one.",
                        "waiting_hint_label",
                    ),
                    self.waiting,
                    [self.merge_button],
                ),
                "Waiting to merge",
            )
            self.pending = DataTable(
                "pending_merges_table", PENDING_COLUMNS, "Merges to confirm", self, sort_column=None
            )
            self.undo_button = self._button("&Undo merge…", "undo_merge_button")
            self.confirm_button = self._button("&Confirm merge…", "confirm_merge_button")
            self.undo_button.clicked.connect(lambda: self._resolve(undo=True))
            self.confirm_button.clicked.connect(lambda: self._resolve(undo=False))
            self.tabs.addTab(
                _tab(
                    self,
                    self.hint_label(
                        "A merge can be undone, exactly, until it is confirmed. Confirm it once you are "
                        "sure the two records were the same person.",
                        "pending_hint_label",
                    ),
                    self.pending,
                    [self.undo_button, self.confirm_button],
                ),
                "Merges to confirm",
            )
            for table in (self.waiting, self.pending):
                table.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self._update_buttons()

    def _button(self, text: str, name: str, *, primary: bool = False) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        if primary:
            button.setProperty("primary", True)
        return button

    # ---------------------------------------------------------------- loading
    def refresh(self) -> None:
        super().refresh()
        self.run(_load, self.db, self.actor, self.can_retain, self.can_merge, on_done=self._show)

    def _show(self, loaded: tuple[Any, Any, Any]) -> None:
        review, waiting, pending = loaded
        if review is not None:
            self._show_due(review)
        if waiting is not None:
            self._show_waiting(waiting)
            self._show_pending(pending)

    def _show_due(self, review: RetentionReview) -> None:
        self.review = review
        years = review.years
        self.due_hint.setText(
            f"People whose last referral closed more than {plural(years, 'year')} ago, with nothing open "
            "(the retention setting). Anonymising removes their names, contact details, notes "
            "and letters for good; the dates, statuses and figures stay for the statistics."
        )
        self.due.set_rows(
            review.rows,
            f"Nobody is due: everyone's last referral closed less than "
            f"{plural(years, 'year')} ago, or is still open.",
        )
        count = len(review.rows)
        self.anonymise_button.setText(
            f"&Anonymise {'this person' if count == 1 else f'these {count} people'}…"
        )
        self._update_buttons()

    def _show_waiting(self, rows: list[WaitingMergeRow]) -> None:
        self.waiting.set_rows(
            rows, "Nothing waiting. Records confirmed as the same person appear here."
        )
        if rows and not self.waiting.view.currentIndex().isValid():
            self.waiting.view.selectRow(0)
        self._update_buttons()

    def _show_pending(self, rows: list[PendingMergeRow]) -> None:
        self.pending.set_rows(rows, "No merges to confirm.")
        if rows and not self.pending.view.currentIndex().isValid():
            self.pending.view.selectRow(0)
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        if self.can_retain:
            self.anonymise_button.setEnabled(bool(self.review and self.review.rows))
        if self.can_merge:
            self.merge_button.setEnabled(self.waiting.current_row() is not None)
            pending = self.pending.current_row() is not None
            self.undo_button.setEnabled(pending)
            self.confirm_button.setEnabled(pending)

    # ---------------------------------------------------------------- retention
    def anonymise(self, *, confirm: bool = True) -> None:
        """Anonymise the people listed (those still due when it runs), after asking."""
        if not self.review or not self.review.rows:
            return
        rows = self.review.rows
        who = rows[0].name if len(rows) == 1 else f"these {len(rows)} people"
        if confirm and not ask(
            self,
            "Anonymise",
            f"Anonymise {who}? Their names, contact details, notes and "
            "letters are removed for good. This cannot be undone.",
            f"Anonymise {'1 person' if len(rows) == 1 else f'{len(rows)} people'}",
            "Keep for now",
        ):
            return
        self.anonymise_button.setEnabled(False)
        self.runner.run(
            apply_retention,
            self.db,
            self.actor,
            [r.person_id for r in rows],
            on_done=self._anonymised,
            on_error=self._failed,
            owner=self,
        )

    def _anonymised(self, result: RetentionResult) -> None:
        n = result.anonymised
        text = f"Anonymised {n} {'person' if n == 1 else 'people'}."
        if result.skipped:
            text += f" {result.skipped} no longer due were left as they are."
        self.sig_status.emit(text)

    def _failed(self, error: TaskError) -> None:
        self.show_error(error)
        self._update_buttons()

    # ---------------------------------------------------------------- merges
    def merge_selected(self) -> MergeDialog | None:
        row = self.waiting.current_row()
        if row is None:
            return None
        self.merge_dialog = MergeDialog(
            self.db,
            self.actor,
            self.runner,
            row.candidate_id,
            row.person_id,
            duplicate_id=row.duplicate_id,
            parent=self,
        )
        self.merge_dialog.sig_merged.connect(self._merged)
        self.merge_dialog.open()
        return self.merge_dialog

    def _merged(self, merge: MergeDTO) -> None:
        self.sig_status.emit(
            "Merged the two records. Undo it under “Merges to confirm” if it was a mistake."
        )

    def _resolve(self, *, undo: bool, confirm: bool = True) -> None:
        row = self.pending.current_row()
        if row is None:
            return
        if undo:
            question = (
                f"Undo the merge of {row.merged_text} into {row.kept_text}? Everything "
                "that moved goes back to the record it came from."
            )
            yes, fn, done = (
                "Undo merge",
                undo_merge,
                "Undid the merge: the two records are apart again.",
            )
        else:
            question = (
                f"Confirm that {row.merged_text} and {row.kept_text} are the same "
                "person? The merge can no longer be undone."
            )
            yes, fn, done = "Confirm merge", confirm_merge, "Confirmed the merge."
        if confirm and not ask(self, yes, question, yes, "Not now"):
            return
        self.runner.run(
            fn,
            self.db,
            self.actor,
            row.id,
            owner=self,
            on_error=self._failed,
            on_done=lambda _m: self.sig_status.emit(done),
        )
