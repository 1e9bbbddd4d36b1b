"""Opening the casework windows: load on the database worker (audited), then show the dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from divert_desktop.gui.casework.assessment_dialog import open_assessment_window
from divert_desktop.gui.casework.onward_dialog import NewOnwardDialog, OnwardDialog
from divert_desktop.gui.casework.outcome_dialog import OutcomeDialog
from divert_desktop.gui.casework.session_dialog import SessionNoteDialog
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.persistence.database import Database
from divert_desktop.services.casework import onward, outcomes, sessions
from divert_desktop.services.context import Actor

__all__ = [
    "open_assessment_window",
    "open_new_onward",
    "open_onward",
    "open_outcome",
    "open_session_note",
]

Done = Callable[[Any], None] | None
Opened = Callable[[QDialog], None] | None
Failed = Callable[[TaskError], None] | None


def _show(dialog: QDialog, signal: Any, on_changed: Done, on_open: Opened) -> None:
    if on_changed is not None:
        signal.connect(on_changed)
    dialog.open()
    if on_open is not None:
        on_open(dialog)


def open_session_note(
    parent: QWidget,
    db: Database,
    actor: Actor,
    runner: TaskRunner,
    referral_id: int,
    *,
    on_saved: Done = None,
    on_open: Opened = None,
    on_error: Failed = None,
) -> None:
    def show(start: sessions.SessionStart) -> None:
        dialog = SessionNoteDialog(db, actor, runner, start, parent)
        _show(dialog, dialog.sig_saved, on_saved, on_open)

    runner.run(
        sessions.start_session,
        db,
        actor,
        referral_id,
        on_done=show,
        on_error=on_error,
        owner=parent,
    )


def open_new_onward(
    parent: QWidget,
    db: Database,
    actor: Actor,
    runner: TaskRunner,
    referral_id: int,
    *,
    on_saved: Done = None,
    on_open: Opened = None,
    on_error: Failed = None,
) -> None:
    def show(header: Any) -> None:
        dialog = NewOnwardDialog(db, actor, runner, header, parent)
        _show(dialog, dialog.sig_saved, on_saved, on_open)

    runner.run(
        onward.onward_referral_header,
        db,
        actor,
        referral_id,
        on_done=show,
        on_error=on_error,
        owner=parent,
    )


def open_onward(
    parent: QWidget,
    db: Database,
    actor: Actor,
    runner: TaskRunner,
    onward_id: int,
    *,
    on_changed: Done = None,
    on_open: Opened = None,
    on_error: Failed = None,
) -> None:
    def show(found: tuple[onward.OnwardDTO, Any]) -> None:
        dialog = OnwardDialog(db, actor, runner, found[0], found[1], parent)
        _show(dialog, dialog.sig_changed, on_changed, on_open)

    runner.run(
        onward.open_onward, db, actor, onward_id, on_done=show, on_error=on_error, owner=parent
    )


def open_outcome(
    parent: QWidget,
    db: Database,
    actor: Actor,
    runner: TaskRunner,
    referral_id: int,
    *,
    on_changed: Done = None,
    on_open: Opened = None,
    on_error: Failed = None,
) -> None:
    def show(view: outcomes.OutcomeView) -> None:
        dialog = OutcomeDialog(db, actor, runner, view, parent)
        _show(dialog, dialog.sig_changed, on_changed, on_open)

    runner.run(
        outcomes.get_outcome, db, actor, referral_id, on_done=show, on_error=on_error, owner=parent
    )
