"""Merge two records of the same person: both side by side, choose the one to keep, merge.
The merge can be undone until a manager confirms it (Data protection > Merges to confirm)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import set_role
from divert_desktop.gui.widgets import GuardedDialog, SearchBox, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services import lists
from divert_desktop.services.context import Actor
from divert_desktop.services.lists.merges import MergeSide, merge_side
from divert_desktop.services.people.merge import MergeDTO, merge_people

SIDE_FIELDS = [
    ("Name", "name"),
    ("Known as", "known_as"),
    ("Born", "date_of_birth_text"),
    ("Postcode", "postcode"),
    ("Area", "area"),
    ("Phone", "phone"),
    ("Referrals", "referrals"),
    ("Police references", "police_references"),
    ("Appointments", "appointments"),
    ("Letters", "letters"),
    ("Recorded", "created_text"),
]


class SideBox(QGroupBox):
    """One record's summary with "Keep this record"."""

    def __init__(self, title: str, name: str, parent: QWidget) -> None:
        super().__init__(title, parent)
        self.setObjectName(f"{name}_box")
        self.side: MergeSide | None = None
        layout = QVBoxLayout(self)
        self.keep_radio = QRadioButton(
            "&Keep this record" if name == "first" else "Keep t&his record", self
        )
        self.keep_radio.setObjectName(f"keep_{name}_radio")
        layout.addWidget(self.keep_radio)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for text, attr in SIDE_FIELDS:
            value = QLabel("–", self)
            value.setObjectName(f"{name}_{attr}_value")
            value.setWordWrap(True)
            value.setAccessibleName(text)
            form.addRow(f"{text}:", value)
            self.values[attr] = value
        layout.addLayout(form)
        layout.addStretch(1)

    def show_side(self, side: MergeSide) -> None:
        self.side = side
        for _text, attr in SIDE_FIELDS:
            self.values[attr].setText(str(getattr(side, attr)))


class MergeDialog(GuardedDialog):
    """``first_id`` (and ``second_id``, else found by searching) are the two records.
    ``sig_merged`` carries the merge once made."""

    primary_button_name = ""  # no Ctrl+S: merging is never one keystroke

    sig_merged = Signal(object)  # MergeDTO

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        first_id: int,
        second_id: int | None = None,
        *,
        duplicate_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("merge_dialog")
        self.setWindowTitle("Merge two records")
        self.db, self.actor, self.runner = db, actor, runner
        self.duplicate_id = duplicate_id
        self.busy = False
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Merge two records of the same person. Everything recorded on the other record "
            "(referrals, appointments, letters, assessments, onward referrals) moves to the one "
            "you keep. You can undo the merge until it is confirmed.",
            self,
        )
        intro.setWordWrap(True)
        set_role(intro, "hint")
        layout.addWidget(intro)
        self.find_row = QWidget(self)
        find = QHBoxLayout(self.find_row)
        find.setContentsMargins(0, 0, 0, 0)
        self.search_edit = SearchBox(self.find_row)
        self.search_edit.setObjectName("merge_search_edit")
        self.search_edit.setPlaceholderText("Name, date of birth or police reference")
        self.found_combo = QComboBox(self.find_row)
        self.found_combo.setObjectName("merge_found_combo")
        self.found_combo.setMinimumWidth(320)
        label = QLabel("&Find the other record", self.find_row)
        label.setBuddy(self.search_edit)
        find.addWidget(label)
        find.addWidget(self.search_edit, 1)
        find.addWidget(self.found_combo, 1)
        layout.addWidget(self.find_row)
        self.find_row.setVisible(second_id is None)
        sides = QHBoxLayout()
        self.first = SideBox("This record", "first", self)
        self.second = SideBox("The other record", "second", self)
        sides.addWidget(self.first, 1)
        sides.addWidget(self.second, 1)
        layout.addLayout(sides, 1)
        form = QFormLayout()
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("merge_reason_edit")
        self.reason_edit.setPlaceholderText("for example: same date of birth and address")
        self.reason_edit.setMaxLength(300)
        form.addRow("&Why they are the same person", self.reason_edit)
        layout.addLayout(form)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("merge_message_label")
        self.message_label.setWordWrap(True)
        set_role(self.message_label, "error")
        self.message_label.hide()
        layout.addWidget(self.message_label)
        buttons = QDialogButtonBox(self)
        self.merge_button = buttons.addButton(
            "&Merge records", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.merge_button.setObjectName("merge_button")
        self.merge_button.setProperty("primary", True)
        self.cancel_button = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancel_button")
        layout.addWidget(buttons)
        self.merge_button.clicked.connect(self.merge)
        self.cancel_button.clicked.connect(self.reject)
        self.search_edit.sig_search.connect(self._search)
        self.found_combo.activated.connect(lambda _i: self._load_second())
        self.keep_group = QButtonGroup(self)  # the two radios sit in different boxes
        for box in (self.first, self.second):
            self.keep_group.addButton(box.keep_radio)
        self.first.keep_radio.setChecked(True)
        name_controls(self)
        self.resize(820, 480)
        self._load(first_id, self.first)
        if second_id is not None:
            self._load(second_id, self.second)
        self._update()

    def has_unsaved_input(self) -> bool:
        return bool(self.reason_edit.text().strip()) and not self.busy

    # ---------------------------------------------------------------- loading
    def _load(self, person_id: int, box: SideBox) -> None:
        def show(side: MergeSide) -> None:
            box.show_side(side)
            self._update()

        self.runner.run(
            merge_side,
            self.db,
            self.actor,
            person_id,
            on_done=show,
            on_error=self._failed,
            owner=self,
        )

    def _search(self, text: str) -> None:
        if not text:
            return
        self.runner.run(
            lists.search_people,
            self.db,
            self.actor,
            text,
            on_done=self._found,
            on_error=self._failed,
            owner=self,
        )

    def _found(self, search: lists.PeopleSearch) -> None:
        first = self.first.side.person_id if self.first.side else None
        rows = [r for r in search.rows if r.id != first]
        self.found_combo.clear()
        for row in rows:
            self.found_combo.addItem(f"{row.name} (born {row.date_of_birth_text})", row.id)
        if not rows:
            self.found_combo.addItem("Nobody else found", None)
        self._load_second()

    def _load_second(self) -> None:
        person_id = self.found_combo.currentData()
        if person_id is not None:
            self._load(person_id, self.second)

    def _update(self) -> None:
        ready = self.first.side is not None and self.second.side is not None and not self.busy
        self.merge_button.setEnabled(ready)

    def _failed(self, error: TaskError) -> None:
        self.busy = False
        self.message_label.setText(error.message)
        self.message_label.show()
        self._update()

    # ---------------------------------------------------------------- merging
    @property
    def kept(self) -> SideBox:
        return self.first if self.first.keep_radio.isChecked() else self.second

    @property
    def merged(self) -> SideBox:
        return self.second if self.first.keep_radio.isChecked() else self.first

    def merge(self) -> None:
        kept, merged = self.kept.side, self.merged.side
        if kept is None or merged is None or self.busy:
            return
        self.busy = True
        self._update()
        self.runner.run(
            merge_people,
            self.db,
            self.actor,
            kept.person_id,
            merged.person_id,
            reason=self.reason_edit.text(),
            duplicate_id=self.duplicate_id,
            on_done=self._merged,
            on_error=self._failed,
            owner=self,
        )

    def _merged(self, merge: MergeDTO) -> None:
        self.busy = False
        self.sig_merged.emit(merge)
        self.accept()
