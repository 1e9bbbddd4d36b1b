"""The user guide window (Help > User guide, F1): one plain-English guide per role."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.enums import Role
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.widgets import name_controls
from divert_desktop.paths import resource_path

GUIDE_ROLES = (Role.RECEPTIONIST, Role.CASEWORKER, Role.MANAGER, Role.ADMINISTRATOR)
HEADING_SCALE = {1: 1.6, 2: 1.3, 3: 1.1}


def guide_path(role: Role) -> Path:
    """``resources/help/<role>.md``."""
    return resource_path("help", f"{role.value}.md")


def read_guide(role: Role) -> str:
    """The guide's Markdown text (runs on the file lane). Raises OSError if it is missing."""
    return guide_path(role).read_text(encoding="utf-8")


def style_guide(document: QTextDocument, base_point_size: float) -> None:
    """Room above headings and between lines, headings scaled from the user's font size."""
    block = document.begin()
    while block.isValid():
        cursor = QTextCursor(block)
        fmt = block.blockFormat()
        level = fmt.headingLevel()
        if level:
            fmt.setTopMargin(4 if level == 1 else 16)
            fmt.setBottomMargin(6)
            cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
            heading = QTextCharFormat()
            heading.setFontPointSize(base_point_size * HEADING_SCALE.get(level, 1.0))
            cursor.mergeCharFormat(heading)
            cursor = QTextCursor(block)
        else:
            fmt.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            fmt.setBottomMargin(max(fmt.bottomMargin(), 4))
        cursor.setBlockFormat(fmt)
        block = block.next()


class HelpWindow(QDialog):
    """Shows the guide for the signed-in role; the other roles' guides are a choice away.
    Not modal: it can stay open beside the main window. ``sig_loaded`` follows each guide."""

    sig_loaded = Signal(object)  # Role

    def __init__(self, runner: TaskRunner, role: Role, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help_window")
        self.setWindowTitle("DIVERT Desktop user guide")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.resize(820, 680)
        self._runner = runner
        self.role: Role | None = None
        self.loading = False

        self.role_combo = QComboBox(self)
        self.role_combo.setObjectName("help_role_combo")
        for each in GUIDE_ROLES:
            self.role_combo.addItem(f"{each.label}s")
        label = QLabel("&Guide for", self)
        label.setBuddy(self.role_combo)
        self.role_combo.setAccessibleName("Guide for")
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("help_browser")
        self.browser.setAccessibleName("User guide")
        self.browser.setOpenExternalLinks(False)
        self.browser.document().setDocumentMargin(16)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setObjectName("help_buttons")
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("help_close_button")
        buttons.rejected.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.role_combo)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.setTabOrder(self.role_combo, self.browser)
        self.setTabOrder(self.browser, close)
        name_controls(self)

        self.role_combo.setCurrentIndex(GUIDE_ROLES.index(role) if role in GUIDE_ROLES else 0)
        self.role_combo.currentIndexChanged.connect(
            lambda index: self.show_guide(GUIDE_ROLES[index])
        )
        self.show_guide(GUIDE_ROLES[self.role_combo.currentIndex()])

    @property
    def chosen_role(self) -> Role:
        return GUIDE_ROLES[max(self.role_combo.currentIndex(), 0)]

    def show_guide(self, role: Role) -> None:
        """Load and show one role's guide (the file is read on a worker)."""
        if self.chosen_role is not role:
            self.role_combo.setCurrentIndex(GUIDE_ROLES.index(role))  # comes back here
            return
        self.loading = True
        self._runner.run(
            read_guide,
            role,
            lane="io",
            owner=self,
            on_done=lambda text: self._shown(role, text),
            on_error=lambda error: self._failed(role, error),
        )

    def _shown(self, role: Role, text: str) -> None:
        if self.chosen_role is not role:
            return  # another guide was chosen meanwhile
        self.role = role
        self.browser.setMarkdown(text)
        size = self.browser.font().pointSizeF()
        style_guide(self.browser.document(), size if size > 0 else 10.0)
        self.browser.verticalScrollBar().setValue(0)
        self.loading = False
        self.sig_loaded.emit(role)

    def _failed(self, role: Role, _error: TaskError) -> None:
        self.role = role
        self.browser.setPlainText(
            f"The guide for {role.label.lower()}s could not be opened ({guide_path(role)}). "
            "The app may not be installed completely: ask your administrator."
        )
        self.loading = False
        self.sig_loaded.emit(role)
