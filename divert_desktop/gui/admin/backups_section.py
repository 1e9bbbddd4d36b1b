"""Admin > Backups: back up now, the backups kept and how many, restore one after checking it
(then everyone signs in again); for a PostgreSQL database, the server administrator's procedure."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.validation import plural
from divert_desktop.gui.models import Column
from divert_desktop.gui.shell import settings
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import DataTable, ask
from divert_desktop.persistence.backup import BackupFile
from divert_desktop.persistence.database import Database
from divert_desktop.services.admin import backups
from divert_desktop.services.admin.backups import BackupInfo, RestoreResult
from divert_desktop.services.admin.settings import get_settings, update_settings
from divert_desktop.services.context import Actor
from divert_desktop.services.lists.common import utc_text

FOLDER_KEY = "backups/folder"
COLUMNS = [
    Column("Made", lambda b: b.made_text, sort_key=lambda b: b.made_at),
    Column("Kind", lambda b: b.kind_text),
    Column("Size", lambda b: b.size_text, numeric=True),
    Column(
        "Checksum",
        lambda b: "Written" if b.has_checksum else "Missing",
        icon=lambda b: "status-ok" if b.has_checksum else "status-warning",
    ),
    Column("File", lambda b: b.name),
]
NO_BACKUPS = (
    "No backups in this folder yet. Press “Back up now”, or wait for tomorrow's first start."
)


_NOTICES: list[QMessageBox] = []


def backup_folder() -> Path:
    """This computer's backups folder (Admin can choose another one)."""
    chosen = settings.load_text(FOLDER_KEY)
    return Path(chosen) if chosen else backups.default_folder()


class BackupsSection(QWidget):
    """``sig_status`` carries short messages for the status bar; ``sig_restored`` the message
    after a restore, just before the window signs everyone out."""

    sig_status = Signal(str)
    sig_restored = Signal(str)

    def __init__(self, db: Database, actor: Actor, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("backups_section")
        self.db, self.actor, self.runner = db, actor, runner
        self.working = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        heading = QLabel("Backups", self)
        heading.setObjectName("backups_heading")
        make_heading(heading, 1.2)
        layout.addWidget(heading)
        if db.is_sqlite:
            self._build_sqlite(layout)
        else:
            self._build_postgresql(layout)

    # ---------------------------------------------------------------- PostgreSQL
    def _build_postgresql(self, layout: QVBoxLayout) -> None:
        hint = QLabel(
            "This database is on a shared PostgreSQL server, so the app does not back it up "
            "itself: the server's administrator does, with the commands below.",
            self,
        )
        hint.setWordWrap(True)
        set_role(hint, "hint")
        layout.addWidget(hint)
        self.procedure_edit = QPlainTextEdit(backups.pg_procedure(self.db), self)
        self.procedure_edit.setObjectName("pg_procedure_edit")
        self.procedure_edit.setAccessibleName("Backup procedure for the server administrator")
        self.procedure_edit.setReadOnly(True)
        self.procedure_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.procedure_edit.setMinimumHeight(220)
        layout.addWidget(self.procedure_edit, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.copy_button = QPushButton("&Copy the commands", self)
        self.copy_button.setObjectName("copy_procedure_button")
        self.copy_button.clicked.connect(self.copy_procedure)
        row.addWidget(self.copy_button)
        layout.addLayout(row)

    def copy_procedure(self) -> None:
        QGuiApplication.clipboard().setText(self.procedure_edit.toPlainText())
        self.sig_status.emit("Copied the backup commands.")

    # ---------------------------------------------------------------- SQLite
    def _build_sqlite(self, layout: QVBoxLayout) -> None:
        hint = QLabel(
            "The app backs up the database when it first starts each day on this computer, and "
            "whenever you press “Back up now”. Restoring a backup checks it first; then everyone "
            "signs in again.",
            self,
        )
        hint.setWordWrap(True)
        set_role(hint, "hint")
        layout.addWidget(hint)
        where = QHBoxLayout()
        self.folder_label = QLabel(self)
        self.folder_label.setObjectName("backup_folder_label")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setAccessibleName("Backups folder")
        self.folder_button = QPushButton("C&hange folder…", self)
        self.folder_button.setObjectName("backup_folder_button")
        self.folder_button.setToolTip("Keep this computer's backups in another folder")
        self.keep_spin = QSpinBox(self)
        self.keep_spin.setObjectName("backups_keep_spin")
        self.keep_spin.setRange(1, 365)
        self.keep_spin.setValue(14)
        self.keep_spin.setToolTip("How many daily backups (and how many made by hand) to keep")
        self.keep_spin.setAccessibleName("Backups kept of each kind")
        spin_line = self.keep_spin.findChild(QLineEdit)
        if spin_line is not None:
            spin_line.setAccessibleName("Backups kept of each kind")
        keep_label = QLabel("&Keep the newest", self)
        keep_label.setBuddy(self.keep_spin)
        where.addWidget(QLabel("Kept in:", self))
        where.addWidget(self.folder_label, 1)
        where.addWidget(self.folder_button)
        where.addSpacing(16)
        where.addWidget(keep_label)
        where.addWidget(self.keep_spin)
        where.addWidget(QLabel("of each kind", self))
        layout.addLayout(where)
        self.table = DataTable(
            "backups_table", COLUMNS, "Backups", self, sort_column=0, descending=True
        )
        self.table.setMinimumHeight(150)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("backup_progress")
        self.progress.setAccessibleName("Backup progress")
        self.progress.hide()
        self.message_label = QLabel(self)
        self.message_label.setObjectName("backup_message_label")
        self.message_label.setWordWrap(True)
        row.addWidget(self.progress, 1)
        row.addWidget(self.message_label, 2)
        self.restore_file_button = QPushButton("Restore from a &file…", self)
        self.restore_file_button.setObjectName("restore_file_button")
        self.restore_button = QPushButton("&Restore selected…", self)
        self.restore_button.setObjectName("restore_backup_button")
        self.restore_button.setToolTip("Check the selected backup, then put it in place")
        self.backup_button = QPushButton("&Back up now", self)
        self.backup_button.setObjectName("backup_now_button")
        self.backup_button.setProperty("primary", True)
        for button in (self.restore_file_button, self.restore_button, self.backup_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.folder_button.clicked.connect(self.choose_folder)
        self.keep_spin.editingFinished.connect(self.save_keep)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self._restore_selected)
        self.restore_file_button.clicked.connect(lambda: self.restore_from(None))
        self.table.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self._update_buttons()

    def refresh(self) -> None:
        """Reload the list of backups (files, io lane) and the number kept (database lane)."""
        if not self.db.is_sqlite:
            return
        folder = backup_folder()
        self.folder_label.setText(str(folder))
        self.folder_label.setToolTip(str(folder))
        self.runner.run(
            backups.list_backups,
            folder,
            lane="io",
            on_done=self._show,
            on_error=self._failed,
            owner=self,
        )
        self.runner.run(
            get_settings,
            self.db,
            owner=self,
            on_error=self._failed,
            on_done=lambda values: self.keep_spin.setValue(int(values["backups_keep"])),
        )

    def _show(self, rows: list[BackupInfo]) -> None:
        self.table.set_rows(rows, NO_BACKUPS)
        if rows and not self.table.view.currentIndex().isValid():
            self.table.view.selectRow(0)
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        busy = self.working
        self.backup_button.setEnabled(not busy)
        self.restore_file_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy and self.table.current_row() is not None)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message_label.setText(text)
        set_role(self.message_label, "error" if error else "hint")
        if text and not error:
            self.sig_status.emit(text)

    def _failed(self, error: TaskError) -> None:
        self.working = False
        self.progress.hide()
        self._say(error.message, error=True)
        self._update_buttons()

    # ---------------------------------------------------------------- settings
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Keep backups in", str(backup_folder()))
        if folder:
            self.set_folder(folder)

    def set_folder(self, folder: str) -> None:
        settings.save_text(FOLDER_KEY, folder)
        self._say(f"Backups on this computer now go to {folder}.")
        self.refresh()

    def save_keep(self) -> None:
        keep = self.keep_spin.value()
        self.runner.run(
            update_settings,
            self.db,
            self.actor,
            {"backups_keep": keep},
            owner=self,
            on_error=self._failed,
            on_done=lambda _v: self._say(
                "Only the newest backup of each kind is kept."
                if keep == 1
                else f"The newest {plural(keep, 'backup')} of each kind are kept."
            ),
        )

    # ---------------------------------------------------------------- back up
    def back_up_now(self) -> None:
        if self.working:
            return
        self.working = True
        self._update_buttons()
        self.progress.setRange(0, 0)
        self.progress.show()
        self._say("Backing up the database…")

        def progress(done: int, total: int, _text: str) -> None:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(min(done, max(total, 1)))

        def done(info: BackupInfo) -> None:
            self.working = False
            self.progress.hide()
            self._say(f"Backed up the database ({info.size_text}) to {info.name}.")
            self.refresh()

        self.runner.run(
            backups.backup_now,
            self.db,
            self.actor,
            backup_folder(),
            on_progress=progress,
            on_done=done,
            on_error=self._failed,
            owner=self,
        )

    # ---------------------------------------------------------------- restore
    def _restore_selected(self) -> None:
        row = self.table.current_row()
        if row is not None:
            self.restore_from(str(row.path))

    def restore_from(self, path: str | None, *, confirm: bool = True) -> None:
        """Check a backup (io lane), ask, then restore it (database lane). ``path`` None asks
        for a file; tests pass ``confirm=False`` in place of pressing "Restore backup"."""
        if self.working:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "Restore a backup", str(backup_folder()), "DIVERT Desktop backups (*.sqlite3)"
            )
            if not path:
                return
        self.working = True
        self._update_buttons()
        self._say("Checking the backup…")
        self.runner.run(
            backups.check_backup,
            path,
            lane="io",
            owner=self,
            on_error=self._failed,
            on_done=lambda made: self._confirm(path, made, confirm),
        )

    def _confirm(self, path: str, made: BackupFile, confirm: bool) -> None:
        when = utc_text(made.created_at)
        question = (
            f"Restore the backup made on {when}? Everything saved since then will be replaced. "
            "A copy of the database as it is now is kept first. Everyone signs in again "
            "afterwards."
        )
        if confirm and not ask(
            self, "Restore backup", question, "Restore backup", "Keep the current data"
        ):
            self.working = False
            self._say("Nothing was restored.")
            self._update_buttons()
            return
        self._say(f"Restoring the backup made on {when}…")
        self.runner.run(
            backups.restore,
            self.db,
            self.actor,
            path,
            folder=backup_folder(),
            owner=self,
            on_error=self._failed,
            on_done=lambda result: self._restored(result, when),
        )

    def _restored(self, result: RestoreResult, when: str) -> None:
        self.working = False
        message = f"The database was restored from the backup made on {when}. Sign in again."
        self._say(message)
        self.sig_restored.emit(message)
        box = QMessageBox(QMessageBox.Icon.Information, "Backup restored", message)
        box.setObjectName("restored_box")
        _NOTICES.append(box)  # it outlives this window, which closes to sign everyone out
        box.finished.connect(lambda _r: _NOTICES.remove(box) if box in _NOTICES else None)
        box.open()
        sign_out = getattr(self.window(), "sign_out", None)
        if callable(sign_out):
            sign_out()  # the data on screen is from before the restore
