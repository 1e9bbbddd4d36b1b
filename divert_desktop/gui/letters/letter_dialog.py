"""Make a letter: choose it, preview it, then save, open or print it (which logs it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.enums import LetterTemplate
from divert_desktop.gui.letters.pdf_panel import PdfPanel
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import colour, icon, make_heading, set_role
from divert_desktop.gui.widgets import name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.letters import production as letters

DRAFT_TEXT = "Preview. The letter is logged on the record when you save, open or print it."


def combined_name(draft: letters.LetterDraft) -> str:
    first = draft.letters[0].filename
    return first if len(draft.letters) == 1 else first.replace("-person.pdf", "-and-copy.pdf")


def recipients_text(draft: letters.LetterDraft) -> str:
    """ "Goes to the person, with a copy for the appropriate adult." """
    kinds = [x.recipient for x in draft.letters]
    main = {
        "person": "the person",
        "police": "the police (the officer in the case)",
        "service": "the service",
    }.get(kinds[0], kinds[0])
    extra = ", with a copy for the appropriate adult" if "appropriate_adult" in kinds else ""
    return f"Goes to {main}{extra}."


class LetterDialog(QDialog):
    """Letters for one referral (or one appointment). ``sig_produced`` carries the Produced
    letters once they are logged; the window title never names the person."""

    sig_produced = Signal(object)
    sig_status = Signal(str)

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        *,
        referrals: Sequence[tuple[int, str]] = (),
        referral_id: int | None = None,
        appointment_id: int | None = None,
        template: LetterTemplate | None = None,
        onward_referral_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("letter_dialog")
        self.setWindowTitle("Letter")
        self.db, self.actor, self.runner = db, actor, runner
        self.referral_id = (
            referral_id if referral_id is not None else (referrals[0][0] if referrals else None)
        )
        self.appointment_id = appointment_id
        self.onward_referral_id = onward_referral_id  # the onward referral letter's subject
        self.wanted = template
        self.large_print: bool | None = None
        self.draft: letters.LetterDraft | None = None
        self.produced: letters.Produced | None = None
        self.options: dict[LetterTemplate, letters.LetterOption] = {}
        self.loading = False
        outer = QHBoxLayout(self)
        side = QVBoxLayout()
        side.setSpacing(8)
        heading = QLabel("Make a letter", self)
        heading.setObjectName("letter_heading")
        make_heading(heading, 1.25)
        side.addWidget(heading)
        self.referral_combo = QComboBox(self)
        self.referral_combo.setObjectName("referral_combo")
        for ident, text in referrals:
            self.referral_combo.addItem(text, ident)
        if self.referral_id is not None:
            self.referral_combo.setCurrentIndex(
                max(0, self.referral_combo.findData(self.referral_id))
            )
        referral_label = QLabel("&Referral", self)
        referral_label.setBuddy(self.referral_combo)
        shown = len(referrals) > 1
        referral_label.setVisible(shown)
        self.referral_combo.setVisible(shown)
        side.addWidget(referral_label)
        side.addWidget(self.referral_combo)
        self.template_list = QListWidget(self)
        self.template_list.setObjectName("template_list")
        self.template_list.setMinimumWidth(330)
        self.template_list.setSpacing(2)
        self.template_list.setIconSize(QSize(16, 16))
        template_label = QLabel("&Letter", self)
        template_label.setBuddy(self.template_list)
        side.addWidget(template_label)
        side.addWidget(self.template_list, 1)
        self.reason_label = self._hint("reason_label")
        side.addWidget(self.reason_label)
        self.large_print_check = QCheckBox("Lar&ge print (16 point)", self)
        self.large_print_check.setObjectName("large_print_check")
        self.large_print_check.setToolTip(
            "Ticked already when the person's record says they need large print"
        )
        side.addWidget(self.large_print_check)
        self.recipients_label = self._hint("recipients_label")
        side.addWidget(self.recipients_label)
        self.state_label = self._hint("state_label")
        side.addWidget(self.state_label)
        self.action_label = self._hint("action_label")
        self.action_label.setAccessibleName("What happened")
        side.addWidget(self.action_label)
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("close_button")
        self.close_button.clicked.connect(self.reject)
        side.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addLayout(side)
        self.panel = PdfPanel(runner, self)
        self.panel.provider = self._provide
        self.panel.sig_status.connect(self._status)
        outer.addWidget(self.panel, 1)
        self.template_list.currentItemChanged.connect(lambda *_: self._template_changed())
        self.large_print_check.clicked.connect(self._large_print_changed)
        self.referral_combo.currentIndexChanged.connect(self._referral_changed)
        self.setTabOrder(self.referral_combo, self.template_list)
        self.setTabOrder(self.template_list, self.large_print_check)
        self.setTabOrder(self.large_print_check, self.panel.save_button)
        name_controls(self)
        self.resize(1060, 760)
        self.load_options()

    def _hint(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        set_role(label, "hint")
        return label

    def _status(self, text: str) -> None:
        self.action_label.setText(text)
        self.sig_status.emit(text)

    # ---------------------------------------------------------------- choices
    @property
    def template(self) -> LetterTemplate | None:
        item = self.template_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def load_options(self) -> None:
        self.loading = True
        self.panel.show_message("Loading…")
        self.runner.run(
            letters.letter_options,
            self.db,
            self.actor,
            self.referral_id,
            appointment_id=self.appointment_id,
            on_done=self._fill_options,
            on_error=self._failed,
            owner=self,
        )

    def _fill_options(self, options: tuple[letters.LetterOption, ...]) -> None:
        self.options = {o.template: o for o in options}
        self.template_list.blockSignals(True)
        self.template_list.clear()
        choose = first = None
        for option in options:
            text = option.label if option.available else f"{option.label} (does not apply)"
            item = QListWidgetItem(icon("status-ok" if option.available else "status-closed"), text)
            item.setData(Qt.ItemDataRole.UserRole, option.template)
            if not option.available:  # muted, with an icon and words: never colour alone
                item.setForeground(QColor(colour("muted_text", self.palette())))
            item.setToolTip(option.reason or f"Make the {option.label.lower()} letter")
            self.template_list.addItem(item)
            if option.available and first is None:
                first = item
            if option.template == self.wanted:  # asked for: shown, with why if it does not apply
                choose = item
        self.template_list.blockSignals(False)
        choose = choose or first or self.template_list.item(0)
        self.template_list.setCurrentItem(choose)
        if choose is None:
            self.loading = False
            self.panel.show_message("Your role cannot make letters.")
            return
        self._template_changed()

    def _referral_changed(self) -> None:
        self.referral_id = self.referral_combo.currentData()
        self.appointment_id = self.onward_referral_id = None
        self.load_options()

    def _large_print_changed(self, checked: bool) -> None:
        self.large_print = checked
        self.redraft()

    def _template_changed(self) -> None:
        template = self.template
        if template is None:
            return
        option = self.options[template]
        self.reason_label.setText(option.reason)
        self.reason_label.setVisible(bool(option.reason))
        if not option.available:
            self.draft = self.produced = None
            self.loading = False
            self.recipients_label.clear()
            self.state_label.clear()
            self.panel.show_message(f"This letter cannot be made: {option.reason}")
            return
        self.redraft()

    # ---------------------------------------------------------------- preview
    def redraft(self) -> None:
        template = self.template
        option = self.options.get(template) if template is not None else None
        if template is None or option is None or not option.available:
            return
        self.loading = True
        self.produced = None
        self.panel.show_message("Making the preview…")
        self.runner.run(
            letters.draft_letter,
            self.db,
            self.actor,
            template,
            referral_id=self.referral_id,
            appointment_id=self.appointment_id,
            onward_referral_id=(
                self.onward_referral_id if template == LetterTemplate.ONWARD_REFERRAL else None
            ),
            large_print=self.large_print,
            on_done=self._drafted,
            on_error=self._failed,
            owner=self,
        )

    def _drafted(self, draft: letters.LetterDraft) -> None:
        self.draft = draft
        self.large_print_check.setChecked(draft.letters[0].doc.large_print)
        self.recipients_label.setText(" ".join([recipients_text(draft), *draft.notes]))
        self.state_label.setText(DRAFT_TEXT)
        self.runner.run(
            letters.render_draft,
            draft,
            lane="pdf",
            owner=self,
            on_done=lambda pdf: self._rendered(draft, pdf),
            on_error=self._failed,
        )

    def _rendered(self, draft: letters.LetterDraft, pdf: bytes) -> None:
        if draft is not self.draft:
            return  # a newer choice is on its way
        self.loading = False
        self.panel.show_pdf(pdf, combined_name(draft))

    def _failed(self, error: TaskError) -> None:
        self.loading = False
        self.panel.show_message(error.message)
        self.state_label.setText(error.message)

    # ---------------------------------------------------------------- logging
    def _provide(
        self, done: Callable[[bytes, str], None], failed: Callable[[TaskError], None]
    ) -> None:
        """The letter to save, open or print: produced (logged) the first time."""
        draft = self.draft
        if draft is None:
            return
        if self.produced is not None:
            done(self.produced.combined(), combined_name(draft))
            return

        def made(produced: letters.Produced) -> None:
            self.produced = produced
            count = len(produced.letters)
            self.state_label.setText(
                f"Logged on the record: {count} letter{'s' if count != 1 else ''}"
                f"{' (the outcome is marked as sent to the police)' if produced.outcome_sent else ''}."
            )
            self.sig_produced.emit(produced)
            done(produced.combined(), combined_name(draft))

        self.runner.run(
            letters.produce_letter,
            self.db,
            self.actor,
            draft.template,
            referral_id=draft.referral_id,
            appointment_id=draft.appointment_id,
            onward_referral_id=draft.onward_referral_id,
            large_print=self.large_print,
            lane="pdf",
            owner=self,
            on_done=made,
            on_error=failed,
        )
