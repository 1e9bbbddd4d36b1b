"""The person record's data-protection actions for managers: export everything held (subject
access), merge with another record of the same person, and erase on request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QPushButton

from divert_desktop.core.permissions import Action
from divert_desktop.documents.subject_access import render_subject_access
from divert_desktop.gui.data_protection.erase_dialog import EraseDialog
from divert_desktop.gui.data_protection.merge_dialog import MergeDialog
from divert_desktop.gui.shell import settings
from divert_desktop.gui.shell.tasks import TaskError
from divert_desktop.services.data_protection.anonymise import ErasureResult
from divert_desktop.services.data_protection.subject_access import (
    ExportFiles,
    SubjectAccess,
    subject_access_data,
    write_subject_access,
)
from divert_desktop.services.people.merge import MergeDTO


class PersonDataActions(QObject):
    """Buttons added to a PersonDialog (``dialog``) for the roles allowed each action."""

    def __init__(self, dialog: Any) -> None:
        super().__init__(dialog)
        self.db, self.actor, self.runner = dialog.db, dialog.actor, dialog.runner
        self.exported: ExportFiles | None = None
        self.working = False
        self.merge_dialog: MergeDialog | None = None
        self.erase_dialog: EraseDialog | None = None
        layout = dialog.ui.button_layout
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip, action, slot in (
            (
                "export",
                "E&xport everything…",
                "Save everything held about this person (PDF, "
                "JSON and letters) for a subject access request",
                Action.EXPORT_PERSON,
                lambda: self.export_to(None),
            ),
            (
                "merge",
                "&Merge with…",
                "Merge this record with another record of the same person",
                Action.MERGE_PEOPLE,
                self.merge,
            ),
            (
                "erase",
                "Erase…",
                "Erase this record at the person's request",
                Action.ERASE_PERSON,
                self.erase,
            ),
        ):
            if not self.actor.can(action):
                continue
            button = QPushButton(text, dialog)
            button.setObjectName(f"{key}_person_button")
            button.setToolTip(tip)
            button.clicked.connect(slot)
            layout.insertWidget(layout.count() - 2, button)  # before the spacer and Close
            self.buttons[key] = button

    @property
    def dialog(self) -> Any:
        """The record dialog (the parent: no Python reference back, so no cycle keeps it)."""
        return self.parent()

    @property
    def person_id(self) -> int:
        return int(self.dialog.record.id)

    def _notice(self, text: str) -> None:
        label = self.dialog.ui.notice_label
        label.setText(text)
        label.show()

    def _failed(self, error: TaskError) -> None:
        self.working = False
        self._notice(error.message)

    # ---------------------------------------------------------------- subject access
    def export_to(self, folder: str | None) -> None:
        """Collect (database lane, audited), render (pdf lane) and write (io lane) into a new
        folder inside ``folder``; None asks where (tests pass a folder)."""
        if self.working:
            return
        if folder is None:
            folder = QFileDialog.getExistingDirectory(
                self.dialog,
                "Save everything held about this person in",
                settings.last_folder("subject_access"),
            )
            if not folder:
                return
            settings.save_text("folders/subject_access", folder)
        target = Path(folder) / f"subject-access-{self.person_id}"
        self.working = True
        self._notice("Collecting everything held about this person…")
        self.runner.run(
            subject_access_data,
            self.db,
            self.actor,
            self.person_id,
            destination=str(target),
            on_error=self._failed,
            owner=self.dialog,
            on_done=lambda data: self._render(data, target),
        )

    def _render(self, data: SubjectAccess, target: Path) -> None:
        self.runner.run(
            render_subject_access,
            data,
            lane="pdf",
            on_error=self._failed,
            owner=self.dialog,
            on_done=lambda pdf: self._write(data, pdf, target),
        )

    def _write(self, data: SubjectAccess, pdf: bytes, target: Path) -> None:
        self.runner.run(
            write_subject_access,
            data,
            pdf,
            target,
            lane="io",
            owner=self.dialog,
            on_error=self._failed,
            on_done=self._written,
        )

    def _written(self, files: ExportFiles) -> None:
        self.working = False
        self.exported = files
        self._notice(
            f"Saved everything held about this person in {files.folder} (a PDF to read, "
            f"a JSON file and {len(files.letters)} letter(s))."
        )

    # ---------------------------------------------------------------- merge and erase
    def merge(self) -> MergeDialog:
        self.merge_dialog = MergeDialog(
            self.db, self.actor, self.runner, self.person_id, parent=self.dialog
        )
        self.merge_dialog.sig_merged.connect(self._merged)
        self.merge_dialog.open()
        return self.merge_dialog

    def _merged(self, merge: MergeDTO) -> None:
        self.dialog.sig_changed.emit(merge.kept_id)
        if merge.merged_id == self.person_id:
            self._notice(
                f"This record was merged into record {merge.kept_id}. The merge can be "
                "undone under Data protection > Merges to confirm."
            )
            for button in self.buttons.values():
                button.setEnabled(False)
        else:
            self._notice(
                "The other record was merged into this one. Close and reopen it to see "
                "everything that moved."
            )

    def erase(self) -> EraseDialog:
        name = self.dialog.record.contact.full_name
        self.erase_dialog = EraseDialog(
            self.db, self.actor, self.runner, self.person_id, name, self.dialog
        )
        self.erase_dialog.sig_erased.connect(self._erased)
        self.erase_dialog.open()
        return self.erase_dialog

    def _erased(self, result: ErasureResult) -> None:
        self.dialog.sig_changed.emit(self.person_id)
        self._notice(result.message)
        for button in self.buttons.values():
            button.setEnabled(False)
        self.dialog.edit_button.setEnabled(False)
