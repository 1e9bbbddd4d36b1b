"""What every page shares: a heading, ``refresh()`` on the database worker, staleness from changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from divert_desktop.gui.shell.tasks import Task, TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.persistence.database import Database
from divert_desktop.services.changes import Changes, Kind
from divert_desktop.services.context import Actor


class Page(QWidget):
    """A page of the main window. Subclasses set ``key``/``title`` and implement ``refresh()``.

    ``run()`` starts a query on the database lane and drops results that arrive after a newer
    query was started (typing fast in a search box), so the page never shows stale rows.

    Every change made anywhere in the app reaches ``on_changes`` (the task runner's one
    ``sig_changed``); a page is stale when the change touches a kind in ``shows`` and then
    refreshes at once if it is showing, else when it is next shown.
    """

    key = "page"
    title = "Page"
    shows: frozenset[Kind] = frozenset()
    """The kinds of record this page shows (a change to any of them makes it stale)."""
    sig_status = Signal(str)
    sig_loaded = Signal()

    def __init__(
        self, db: Database, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"{self.key}_page")
        self.setAccessibleName(self.title)
        self.db, self.actor, self.runner = db, actor, runner
        self.clock: Callable[[], datetime] = db.clock.now
        """UK local time now by the app's clock (appointment times are UK local)."""
        self._generation = 0
        self._pending: Task | None = None
        self._stale = True
        self.loading = False
        runner.sig_changed.connect(self._changes_announced)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(24, 16, 24, 16)
        self.layout_.setSpacing(10)
        self.heading_row = QHBoxLayout()
        self.heading = QLabel(self.title, self)
        self.heading.setObjectName(f"{self.key}_heading")
        make_heading(self.heading, 1.5)
        self.heading_row.addWidget(self.heading)
        self.heading_row.addStretch(1)
        self.layout_.addLayout(self.heading_row)

    # ---------------------------------------------------------------- loading
    def refresh(self) -> None:
        """Load the page's data again (on the database worker)."""
        self._stale = False

    def _changes_announced(self, changes: Changes, _source: object) -> None:
        self.on_changes(changes)

    def on_changes(self, changes: Changes) -> None:
        """Something changed somewhere: refresh if this page shows that kind of record."""
        if changes.touches(self.shows):
            self.mark_stale()

    def mark_stale(self) -> None:
        """The data changed elsewhere: refresh now if showing, else when next shown."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
        on_error: Callable[[TaskError], None] | None = None,
        **kwargs: Any,
    ) -> Task:
        """Run a query for this page; only the newest query's result is delivered."""
        self._generation += 1
        generation = self._generation
        if self._pending is not None and not self._pending.finished:
            self._pending.cancel()  # skipped if it has not started yet
        self.loading = True

        def done(value: Any) -> None:
            if generation == self._generation:
                self.loading = False
                on_done(value)
                self.sig_loaded.emit()

        def failed(error: TaskError) -> None:
            if generation == self._generation:
                self.loading = False
                (on_error or self.show_error)(error)

        self._pending = self.runner.run(
            fn, *args, on_done=done, on_error=failed, owner=self, **kwargs
        )
        return self._pending

    def show_error(self, error: TaskError) -> None:
        self.sig_status.emit(error.message)

    # ---------------------------------------------------------------- helpers
    def section_label(self, text: str, name: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        make_heading(label, 1.1)
        return label

    def field_label(self, text: str, buddy: QWidget) -> QLabel:
        """A label for a field in a page's toolbar (its buddy gets the keyboard shortcut)."""
        label = QLabel(text, self)
        label.setBuddy(buddy)
        label.setContentsMargins(0, 0, 4, 0)  # room for glyphs that overhang their advance
        return label

    def hint_label(self, text: str, name: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setWordWrap(True)
        set_role(label, "hint")
        return label

    def open_person(self, person_id: int) -> None:
        """Open a person's record (the view is audited by the service)."""
        from divert_desktop.gui.people.record_dialog import open_person_record  # when needed

        open_person_record(
            self, self.db, self.actor, self.runner, person_id, on_error=self.show_error
        )
