"""Audit trail (managers and administrators): filter the events, read one in full, verify the
hash chain and export what is shown to CSV. Every query runs on the database worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
)

from divert_desktop.core.validation import plural
from divert_desktop.gui.audit.details import AuditDetailsPanel
from divert_desktop.gui.audit.filters import AuditFilterBar
from divert_desktop.gui.audit.model import AuditTableModel
from divert_desktop.gui.shell import settings
from divert_desktop.gui.shell.page import Page
from divert_desktop.gui.shell.tasks import Task, TaskError
from divert_desktop.gui.theme import set_role
from divert_desktop.services import lists
from divert_desktop.services.audit.trail import ChainCheck
from divert_desktop.services.audit.view import (
    AuditChoices,
    AuditDetail,
    EventPage,
    audit_choices,
    audit_event_detail,
    audit_events,
    export_audit_csv,
    verify_audit_trail,
)
from divert_desktop.services.changes import Changes

COLUMN_CAPS = (160, 165, 220, 125)
"""Widest first fit of When, Who, What and Record (longer text is elided, the tooltip has it)."""
EMPTY_ALL = "No events recorded yet. Changes and views of people's records appear here."
EMPTY_FILTERED = "No events match these filters. Clear a filter or widen the dates."


class AuditPage(Page):
    """The newest events first; older ones load as you scroll (keyset pages of 200)."""

    key = "audit"
    title = "Audit trail"

    def on_changes(self, changes: Changes) -> None:
        """Every change to the database is audited: any of them adds events."""
        if changes.audited:
            self.mark_stale()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._task: Task | None = None
        self._fetch_generation = 0
        self._detail_generation = 0
        self._person_logged: int | None = None
        self.export_path: str | None = None
        self.verify_button = QPushButton("&Verify audit trail", self)
        self.verify_button.setObjectName("verify_audit_button")
        self.verify_button.setToolTip(
            "Check every event's hash against the one before it: a changed or deleted event shows"
        )
        self.export_button = QPushButton("E&xport to CSV…", self)
        self.export_button.setObjectName("export_audit_button")
        self.export_button.setToolTip("Save the events that match the filters as a CSV file")
        self.heading_row.addWidget(self.verify_button)
        self.heading_row.addWidget(self.export_button)
        self.layout_.addWidget(
            self.hint_label(
                "Every change, and every time someone opens, prints or exports a person's record, "
                "newest first. Nothing here can be changed or deleted.",
                "audit_intro_label",
            )
        )
        self.filters = AuditFilterBar(self)
        self.layout_.addWidget(self.filters)
        self.result_label = self.hint_label("", "audit_result_label")
        self.layout_.addWidget(self.result_label)

        self.model = AuditTableModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("audit_table")
        self.view.setAccessibleName("Audit events")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setTabKeyNavigation(False)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        settings.restore_header("audit_table", header)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(500)
        self._save_timer.timeout.connect(lambda: settings.save_header("audit_table", header))
        header.sectionResized.connect(lambda *_: self._save_timer.start())
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("audit_table_empty_label")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.empty_label, "empty")
        self.table_stack = QStackedWidget(self)
        self.table_stack.addWidget(self.view)
        self.table_stack.addWidget(self.empty_label)
        self.details = AuditDetailsPanel(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("audit_splitter")
        splitter.addWidget(self.table_stack)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.layout_.addWidget(splitter, 1)

        work = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("audit_progress")
        self.progress.setAccessibleName("Progress")
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("audit_cancel_button")
        self.outcome_label = QLabel(self)
        self.outcome_label.setObjectName("audit_outcome_label")
        self.outcome_label.setWordWrap(True)
        self.show_broken_button = QPushButton("Show that event", self)
        self.show_broken_button.setObjectName("show_broken_event_button")
        work.addWidget(self.progress, 1)
        work.addWidget(self.cancel_button)
        work.addWidget(self.outcome_label, 3)
        work.addWidget(self.show_broken_button)
        self.layout_.addLayout(work)
        for widget in (
            self.progress,
            self.cancel_button,
            self.show_broken_button,
            self.outcome_label,
        ):
            widget.hide()
        self.broken_id: int | None = None

        self.filters.sig_changed.connect(self.refresh)
        self.filters.sig_person_search.connect(self._find_people)
        self.model.sig_fetch_more.connect(self._fetch_more)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.verify_button.clicked.connect(self.verify)
        self.export_button.clicked.connect(lambda: self.export_to(None))
        self.cancel_button.clicked.connect(self.cancel_work)
        self.show_broken_button.clicked.connect(lambda: self.show_event(self.broken_id))
        self._choices_loaded = False

    # ---------------------------------------------------------------- loading
    def refresh(self) -> None:
        super().refresh()
        if not self._choices_loaded:
            self.runner.run(
                audit_choices,
                self.db,
                self.actor,
                on_done=self._choices,
                on_error=self.show_error,
                owner=self,
            )
        self._fetch_generation += 1
        self.details.clear()
        current = self.filters.current_filter()
        new_person = current.person_id is not None and current.person_id != self._person_logged
        self._person_logged = current.person_id
        self.run(
            audit_events,
            self.db,
            self.actor,
            current,
            record_search=new_person,
            on_done=self._first_page,
            on_error=self._failed,
        )

    def _choices(self, choices: AuditChoices) -> None:
        self._choices_loaded = True
        self.filters.set_choices(choices)

    def _first_page(self, page: EventPage) -> None:
        self.model.reset(page)
        if page.rows:
            self.table_stack.setCurrentWidget(self.view)
            header = self.view.horizontalHeader()
            if not settings.load_bytes("tables/audit_table/header"):
                self.view.resizeColumnsToContents()
                for column, cap in enumerate(COLUMN_CAPS):  # Person takes what is left
                    header.resizeSection(column, min(header.sectionSize(column) + 8, cap))
            self.view.selectRow(0)
        else:
            self.empty_label.setText(
                EMPTY_ALL if self.filters.current_filter().is_empty else EMPTY_FILTERED
            )
            self.table_stack.setCurrentWidget(self.empty_label)
        self._show_count()

    def _show_count(self) -> None:
        n = self.model.rowCount()
        if not n:
            self.result_label.clear()
        elif self.model.has_more:
            self.result_label.setText(
                f"Showing the newest {plural(n, 'event')}. Scroll down for older ones."
            )
        else:
            self.result_label.setText(f"{plural(n, 'event')}, newest first.")

    def _failed(self, error: TaskError) -> None:
        if error.field in ("date_from", "date_to"):
            self.filters.show_error(error.message)
        self.show_error(error)

    def _fetch_more(self, last_id: int) -> None:
        generation = self._fetch_generation

        def done(page: EventPage) -> None:
            if generation == self._fetch_generation:
                self.model.append(page)
                self._show_count()

        def failed(error: TaskError) -> None:
            self.model.fetch_failed()
            self.show_error(error)

        self.runner.run(
            audit_events,
            self.db,
            self.actor,
            self.filters.current_filter(),
            before_id=last_id,
            on_done=done,
            on_error=failed,
            owner=self,
        )

    def _find_people(self, text: str) -> None:
        self.runner.run(
            lists.search_people,
            self.db,
            self.actor,
            text,
            on_done=self.filters.show_people,
            on_error=self.show_error,
            owner=self,
        )

    # ---------------------------------------------------------------- details
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_event(self.model.row(current.row()).id)

    def show_event(self, event_id: int | None) -> None:
        if event_id is None:
            return
        self._detail_generation += 1
        generation = self._detail_generation

        def show(detail: AuditDetail) -> None:
            if generation == self._detail_generation:  # moving fast: only the newest shows
                self.details.show_detail(detail)

        self.runner.run(
            audit_event_detail,
            self.db,
            self.actor,
            event_id,
            on_done=show,
            on_error=self.show_error,
            owner=self,
        )

    # ---------------------------------------------------------------- long work
    def _start(self, text: str) -> None:
        self.verify_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.setFormat(text)
        self.progress.show()
        self.cancel_button.show()
        self.outcome_label.hide()
        self.show_broken_button.hide()

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self.progress.setFormat(text or "%p%")

    def _finish(self, message: str, *, ok: bool) -> None:
        self._task = None
        self.verify_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.progress.hide()
        self.cancel_button.hide()
        self.outcome_label.setText(message)
        set_role(self.outcome_label, "hint" if ok else "error")
        self.outcome_label.show()
        self.sig_status.emit(message)

    def cancel_work(self) -> None:
        if self._task is not None:
            self._task.cancel()

    @property
    def working(self) -> bool:
        return self._task is not None

    def verify(self) -> None:
        """Check the whole hash chain on the database worker, with progress and Cancel."""
        if self._task is not None:
            return
        self._start("Checking the audit trail…")

        def done(check: ChainCheck) -> None:
            self.broken_id = check.first_broken_id
            self._finish(check.message, ok=check.ok or check.cancelled)
            self.show_broken_button.setVisible(check.first_broken_id is not None)

        self._task = self.runner.run(
            verify_audit_trail,
            self.db,
            self.actor,
            on_progress=self._progress,
            on_done=done,
            on_error=lambda e: self._finish(e.message, ok=False),
            owner=self,
        )

    def export_to(self, path: str | None) -> None:
        """Export the filtered events; ``path`` None asks where (tests pass a path)."""
        if self._task is not None:
            return
        if path is None:
            folder = settings.last_folder("audit_export")
            path, _ = QFileDialog.getSaveFileName(
                self,
                "Export audit trail",
                str(Path(folder) / "audit-trail.csv"),
                "CSV files (*.csv)",
            )
            if not path:
                return
            settings.remember_folder("audit_export", path)
        self.export_path = path
        self._start("Exporting…")

        def done(count: int | None) -> None:
            if count is None:
                self._finish("Export stopped: no file was written.", ok=True)
            else:
                self._finish(
                    f"Exported {count:,} event{'s' if count != 1 else ''} to {path}.", ok=True
                )

        self._task = self.runner.run(
            export_audit_csv,
            self.db,
            self.actor,
            self.filters.current_filter(),
            path,
            on_progress=self._progress,
            on_done=done,
            on_error=lambda e: self._finish(e.message, ok=False),
            owner=self,
        )
