"""The main window's Letters menu: batches, the wording of letters and the letterhead."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu

from divert_desktop.core.permissions import Action
from divert_desktop.gui.shell.tasks import TaskRunner
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor


class LettersMenu(QMenu):
    """Only the actions the role may use; the menu hides when there are none."""

    def __init__(self, window: QMainWindow, db: Database, actor: Actor, runner: TaskRunner) -> None:
        super().__init__("L&etters", window)  # Alt+L is the pages' Letter… button
        self.setObjectName("menu_letters")
        self.db, self.actor, self.runner = db, actor, runner
        self.dialog: QDialog | None = None
        can_print = actor.can(Action.PRINT_APPOINTMENT_LETTER) or actor.can(
            Action.PRINT_OUTCOME_LETTER
        )
        self.batch_action = self._action(
            "batch_letters_action",
            "Letters in a &batch…",
            "Reminders, missed appointments, outcomes to the police …",
            can_print,
            self.open_batch,
        )
        self.wording_action = self._action(
            "letter_wording_action",
            "Letter &wording…",
            "Change what each letter says (a new version each time)",
            actor.can(Action.EDIT_LETTER_TEMPLATES),
            self.open_wording,
        )
        self.letterhead_action = self._action(
            "letterhead_action",
            "Letter&head…",
            "The organisation's details, signatory and logo",
            actor.can(Action.MANAGE_SETTINGS),
            self.open_letterhead,
        )
        self.menuAction().setVisible(any(a.isVisible() for a in self.actions()))

    def _action(self, name: str, text: str, tip: str, allowed: bool, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setVisible(allowed)
        action.setEnabled(allowed)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _show(self, dialog: QDialog) -> QDialog:
        status = getattr(dialog, "sig_status", None)
        show_status = getattr(self.parentWidget(), "show_status", None)
        if status is not None and show_status is not None:
            status.connect(show_status)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_batch(self) -> QDialog:
        from divert_desktop.gui.letters.batch_dialog import LetterBatchDialog

        return self._show(LetterBatchDialog(self.parentWidget(), self.db, self.actor, self.runner))

    def open_wording(self) -> QDialog:
        from divert_desktop.gui.letters.templates_dialog import LetterTemplatesDialog

        return self._show(
            LetterTemplatesDialog(self.parentWidget(), self.db, self.actor, self.runner)
        )

    def open_letterhead(self) -> QDialog:
        from divert_desktop.gui.letters.letterhead_dialog import LetterheadDialog

        return self._show(LetterheadDialog(self.parentWidget(), self.db, self.actor, self.runner))
