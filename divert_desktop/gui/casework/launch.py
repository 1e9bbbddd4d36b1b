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


def _load_then_show(
    parent: QWidget,
    db: Database,
    runner: TaskRunner,
    load: Callable[..., Any],
    args: tuple[Any, ...],
    *,
    make: Callable[[Any], QDialog],
    signal: str,
    on_changed: Done,
    on_open: Opened,
    on_error: Failed,
) -> None:
    """Run ``load(db, *args)`` on the database worker (it audits the view), then make the
    dialog from what it returned, connect its ``signal`` to ``on_changed`` and open it."""

    def show(loaded: Any) -> None:
        dialog = make(loaded)
        if on_changed is not None:
            getattr(dialog, signal).connect(on_changed)
        dialog.open()
        if on_open is not None:
            on_open(dialog)

    runner.run(load, db, *args, on_done=show, on_error=on_error, owner=parent)


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
    _load_then_show(
        parent,
        db,
        runner,
        sessions.start_session,
        (actor, referral_id),
        make=lambda start: SessionNoteDialog(db, actor, runner, start, parent),
        signal="sig_saved",
        on_changed=on_saved,
        on_open=on_open,
        on_error=on_error,
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
    _load_then_show(
        parent,
        db,
        runner,
        onward.onward_referral_header,
        (actor, referral_id),
        make=lambda header: NewOnwardDialog(db, actor, runner, header, parent),
        signal="sig_saved",
        on_changed=on_saved,
        on_open=on_open,
        on_error=on_error,
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
    _load_then_show(
        parent,
        db,
        runner,
        onward.open_onward,
        (actor, onward_id),
        make=lambda found: OnwardDialog(db, actor, runner, found[0], found[1], parent),
        signal="sig_changed",
        on_changed=on_changed,
        on_open=on_open,
        on_error=on_error,
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
    _load_then_show(
        parent,
        db,
        runner,
        outcomes.get_outcome,
        (actor, referral_id),
        make=lambda view: OutcomeDialog(db, actor, runner, view, parent),
        signal="sig_changed",
        on_changed=on_changed,
        on_open=on_open,
        on_error=on_error,
    )
