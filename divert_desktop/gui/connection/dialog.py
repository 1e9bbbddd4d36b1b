"""The connection dialog: a database file on this computer or a shared PostgreSQL server."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QFormLayout, QLabel, QSizePolicy, QWidget

from divert_desktop.core.connection import (
    DEFAULT_PORT,
    ConnectionKind,
    ConnectionProfile,
    SslMode,
    clean_profile,
)
from divert_desktop.gui.connection import profiles as store
from divert_desktop.gui.connection.choice import ConnectionChoice as ConnectionChoice
from divert_desktop.gui.forms.ui_connection_dialog import Ui_ConnectionDialog
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import FieldErrors, GuardedDialog, ask, name_controls
from divert_desktop.services.admin.connection import ConnectionCheck, check_connection

SSL_HINTS = {
    SslMode.DISABLE: "Passwords and records cross the network unencrypted. Only for a server "
    "on this computer or a trusted office network.",
    SslMode.PREFER: "Encrypted when the server offers it, without checking who the server is.",
    SslMode.REQUIRE: "Always encrypted; the server's certificate is not checked.",
    SslMode.VERIFY_FULL: "Always encrypted, and the server must prove its name with a "
    "certificate this computer trusts. The safest choice.",
}
FIELDS = ("name", "path", "host", "port", "database", "user", "password")
NOT_KEPT = (
    "Everyone signs in as themselves, with their own username and password, when DIVERT "
    "Desktop opens. The username and password here only test the connection: they are not kept."
)


class ConnectionDialog(GuardedDialog):
    """Choose, edit, test and connect to a connection profile. ``choice`` after ``accepted``."""

    sig_chosen = Signal(object)  # ConnectionChoice
    discard_question = "Close without saving the changes to this connection?"
    primary_button_name = ""  # no Ctrl+S: Connect signs in, it is not a save

    def __init__(
        self,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        first_run: bool = False,
        in_use: str | None = None,
    ) -> None:
        """``in_use`` is the URL of the database the app is using now: the dialog opens on it."""
        super().__init__(parent)
        self.ui = Ui_ConnectionDialog()
        self.ui.setupUi(self)
        self._runner = runner
        self.choice: ConnectionChoice | None = None
        self._loaded: ConnectionProfile | None = None
        self.busy = False
        u = self.ui
        make_heading(u.heading_label)
        for label in (u.intro_label, u.path_hint_label, u.keyring_label, u.sslmode_hint_label):
            set_role(label, "hint")
        u.result_label.hide()
        self.errors = FieldErrors(
            {
                name: (
                    getattr(u, f"{name}_spin" if name == "port" else f"{name}_edit"),
                    getattr(u, f"{name}_error_label"),
                )
                for name in FIELDS
            },
            u.result_label,
        )
        for mode in SslMode:
            u.sslmode_combo.addItem(mode.label, mode.value)
        u.sslmode_combo.currentIndexChanged.connect(self._sslmode_changed)
        u.path_hint_label.setText(
            "Keep the file on this computer. Network drives are refused: SQLite files get "
            "damaged when several computers share them (use a shared server instead)."
        )
        u.local_radio.toggled.connect(self._kind_changed)
        u.profile_combo.currentIndexChanged.connect(self._profile_selected)
        u.new_profile_button.clicked.connect(self.new_profile)
        u.remove_profile_button.clicked.connect(self.remove_profile)
        u.browse_button.clicked.connect(self.browse)
        u.test_button.clicked.connect(self.test)
        u.connect_button.clicked.connect(self.connect_)
        u.cancel_button.clicked.connect(self.reject)
        if first_run:
            u.cancel_button.setText("Quit")
            u.cancel_button.setAccessibleName("Quit DIVERT Desktop")
        self.setMinimumWidth(640)
        self._align_forms()
        self.profiles = store.load_profiles() or [store.default_profile()]
        current = store.current_profile()
        if in_use:  # the database in use, which may not be the remembered one (--database)
            current = store.profile_for_url(in_use, self.profiles)
            if current not in self.profiles:
                self.profiles.insert(0, current)
        self._fill_combo(current.name if current else self.profiles[0].name)
        name_controls(self)
        # Everyone signs in to a shared server as themselves: the username and password here
        # only test the connection, and are never kept (not in QSettings, not in the keyring).
        u.user_label.setText("Test as &user")
        u.user_label.setBuddy(u.user_edit)
        u.password_label.setText("Pass&word")
        u.remember_check.setChecked(False)
        u.remember_check.hide()
        u.keyring_label.setText(NOT_KEPT)
        u.connect_button.setFocus()

    def _align_forms(self) -> None:
        """The three forms share one label column, so every field starts at the same place."""
        forms = [self.findChild(QFormLayout, n) for n in ("top_form", "local_form", "server_form")]
        labels = [
            item.widget()
            for form in forms
            if form is not None
            for row in range(form.rowCount())
            if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
            and isinstance(item.widget(), QLabel)
        ]
        width = max(label.sizeHint().width() for label in labels) + 8
        for label in labels:
            label.setMinimumWidth(width)

    def show_problem(self, message: str) -> None:
        """Say why the last connection did not work (shown when the dialog opens)."""
        self._show_result(message, ok=False)

    # ---------------------------------------------------------------- profiles
    def _fill_combo(self, selected: str) -> None:
        combo = self.ui.profile_combo
        combo.blockSignals(True)
        combo.clear()
        for profile in self.profiles:
            combo.addItem(profile.name, profile.name)
        combo.blockSignals(False)
        index = max(combo.findData(selected), 0)
        combo.setCurrentIndex(index)
        self._profile_selected(index)

    def _profile_selected(self, index: int) -> None:
        if 0 <= index < len(self.profiles):
            self.load(self.profiles[index])

    def load(self, profile: ConnectionProfile) -> None:
        """Show a profile in the form."""
        u = self.ui
        self.errors.clear()
        self._loaded = profile
        u.name_edit.setText(profile.name)
        (u.local_radio if profile.is_sqlite else u.server_radio).setChecked(True)
        self._kind_changed()
        u.path_edit.setText(profile.path)
        u.host_edit.setText(profile.host)
        u.port_spin.setValue(profile.port)
        u.database_edit.setText(profile.database)
        u.user_edit.setText(profile.user)
        u.password_edit.clear()
        u.password_edit.setPlaceholderText("")
        u.sslmode_combo.setCurrentIndex(max(u.sslmode_combo.findData(profile.sslmode.value), 0))
        self._sslmode_changed()
        u.remove_profile_button.setEnabled(len(self.profiles) > 1)

    def new_profile(self) -> None:
        taken = {p.name for p in self.profiles}
        names = ("New connection", *(f"New connection {n}" for n in range(2, 100)))
        name = next(n for n in names if n not in taken)
        profile = ConnectionProfile(name, ConnectionKind.POSTGRESQL, port=DEFAULT_PORT)
        self.profiles.append(profile)
        self._fill_combo(name)
        self.ui.name_edit.selectAll()
        self.ui.name_edit.setFocus()

    def remove_profile(self) -> None:
        index = self.ui.profile_combo.currentIndex()
        if len(self.profiles) < 2 or not 0 <= index < len(self.profiles):
            return
        profile = self.profiles[index]
        if not ask(
            self,
            "Remove connection",
            f"Remove the connection “{profile.name}” from "
            "this computer? The database itself is not touched.",
            "Remove connection",
            "Keep connection",
        ):
            return
        del self.profiles[index]
        store.save_profiles([p for p in store.load_profiles() if p.name != profile.name])
        self._fill_combo(self.profiles[min(index, len(self.profiles) - 1)].name)

    # ---------------------------------------------------------------- form
    def _kind_changed(self, *_: object) -> None:
        u = self.ui
        shown = u.local_page if u.local_radio.isChecked() else u.server_page
        for page in (u.local_page, u.server_page):  # the stack takes the shown page's height
            policy = QSizePolicy.Policy.Preferred if page is shown else QSizePolicy.Policy.Ignored
            page.setSizePolicy(QSizePolicy.Policy.Preferred, policy)
        u.kind_stack.setCurrentWidget(shown)
        self._fit()

    def _fit(self) -> None:
        """Wide enough to read, as tall as what shows now (after text or mode changes)."""
        layout = self.layout()
        layout.activate()
        width = max(self.width(), self.minimumWidth())
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        self.resize(width, max(height, layout.totalMinimumSize().height()))

    def _sslmode_changed(self, *_: object) -> None:
        mode = SslMode(self.ui.sslmode_combo.currentData() or SslMode.PREFER.value)
        self.ui.sslmode_hint_label.setText(SSL_HINTS[mode])

    def profile(self) -> ConnectionProfile:
        """The profile as the form shows it now."""
        u = self.ui
        return ConnectionProfile(
            name=u.name_edit.text(),
            kind=ConnectionKind.SQLITE if u.local_radio.isChecked() else ConnectionKind.POSTGRESQL,
            path=u.path_edit.text(),
            host=u.host_edit.text(),
            port=u.port_spin.value(),
            database=u.database_edit.text(),
            user=u.user_edit.text(),
            sslmode=SslMode(u.sslmode_combo.currentData() or SslMode.PREFER.value),
        )

    def password(self) -> str | None:
        """The password typed to test the connection (never kept)."""
        return self.ui.password_edit.text() or None

    def has_unsaved_input(self) -> bool:
        return bool(self.ui.password_edit.text()) or self.profile() != self._loaded

    def browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Database file",
            self.ui.path_edit.text() or str(store.default_profile().path),
            "DIVERT database (*.sqlite3 *.db);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.ui.path_edit.setText(path)
            self.errors.clear_field("path")

    # ---------------------------------------------------------------- test and connect
    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        u = self.ui
        u.test_button.setEnabled(not busy)
        u.connect_button.setEnabled(not busy)
        if busy:
            self._show_result(text, ok=True)

    def _show_result(self, message: str, *, ok: bool) -> None:
        label = self.ui.result_label
        set_role(label, "notice" if ok else "error")
        label.setText(message)
        label.show()
        self._fit()

    def _check(self, then_connect: bool) -> None:
        if self.busy:
            return
        self.errors.clear()
        profile, password = self.profile(), self.password()
        self._set_busy(True, "Connecting…" if then_connect else "Testing the connection…")
        self._runner.run(
            check_connection,
            profile,
            password,
            lane="io",
            on_done=lambda c: self._checked(c, profile, password, then_connect),
            on_error=self._failed,
            owner=self,
        )

    def test(self) -> None:
        """Try the connection on a worker and say how it went."""
        self._check(then_connect=False)

    def connect_(self) -> None:
        """Test, then (when it works) save the profile (no user, no password) and accept."""
        self._check(then_connect=True)

    def _checked(
        self,
        check: ConnectionCheck,
        profile: ConnectionProfile,
        password: str | None,
        then_connect: bool,
    ) -> None:
        self._set_busy(False)
        if not check.ok:
            self._show_result(check.message, ok=False)
            if check.field in FIELDS:
                self.errors.show(check.field, check.message)
                self.ui.result_label.show()
            elif not profile.is_sqlite and "password" in check.message:
                self.errors.show("password", check.message)
            return
        self._show_result(check.message, ok=True)
        if not then_connect:
            return
        profile = clean_profile(profile)
        if not profile.is_sqlite:  # kept without a user: each person signs in as themselves
            profile = replace(profile, user="")
        self._finish(profile, None, "")

    def _finish(self, profile: ConnectionProfile, password: str | None, note: str) -> None:
        """Save the list this dialog shows (the edited profile in place of the one loaded,
        blank new ones left out) and hand the choice back."""
        loaded = self._loaded
        kept = [
            p
            for p in self.profiles
            if p is not loaded and p.name != profile.name and (p.path if p.is_sqlite else p.host)
        ]
        position = self.profiles.index(loaded) if loaded in self.profiles else len(kept)
        kept.insert(min(position, len(kept)), profile)
        store.save_profiles(kept)
        self.profiles = kept
        self.choice = ConnectionChoice(profile, password, note)
        self.sig_chosen.emit(self.choice)
        self.accept()

    def _failed(self, error: TaskError) -> None:
        self._set_busy(False)
        self._show_result(error.message, ok=False)
