"""A person's record: details (editable by role), referrals with their history, appointments,
letters sent, and clinical tabs that only roles allowed to see clinical data get."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.permissions import Action
from divert_desktop.gui.data_protection.person_section import PersonDataActions
from divert_desktop.gui.forms.ui_person_dialog import Ui_PersonDialog
from divert_desktop.gui.intake.override_dialog import (
    OverrideDialog,
    confirmed_outcome_text,
    override_outcome_text,
)
from divert_desktop.gui.models import Column, RowTableModel
from divert_desktop.gui.people.edit_dialog import PersonEditDialog
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import APPOINTMENT_ICONS, REFERRAL_ICONS, icon, make_heading, set_role
from divert_desktop.gui.widgets import DataTable, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.intake.referrals import ConfirmedDTO, OverrideDTO
from divert_desktop.services.lists import (
    AppointmentRow,
    PersonRecord,
    PersonReferral,
    person_record,
)
from divert_desktop.services.people import records as people

LETTER_COLUMNS = [
    Column("Date", lambda x: x.date_text, sort_key=lambda x: x.created_at),
    Column("Letter", lambda x: x.kind_text),
    Column("Sent to", lambda x: x.recipient),
    Column("By", lambda x: x.created_by),
    Column("File", lambda x: x.filename),
]
NO_LETTERS = (
    "No letters sent yet. Appointment and outcome letters appear here once they are printed."
)

ClinicalTab = Callable[["PersonDialog"], tuple[str, QWidget]]
CLINICAL_TABS: list[ClinicalTab] = []
"""Factories of extra clinical tabs (title, widget); only shown with Action.VIEW_CLINICAL."""


def register_clinical_tab(factory: ClinicalTab) -> None:
    """Add a tab to every record opened by a role allowed to see clinical data (casework)."""
    if factory not in CLINICAL_TABS:
        CLINICAL_TABS.append(factory)


APPOINTMENT_COLUMNS = [
    Column("Date", lambda a: a.day_text, sort_key=lambda a: a.start_at),
    Column("Time", lambda a: a.time_text, sort_key=lambda a: a.start_at),
    Column("Type", lambda a: a.type_text),
    Column("Place", lambda a: a.place_text),
    Column("Caseworker", lambda a: a.caseworker_text),
    Column("Status", lambda a: a.status_text, icon=lambda a: APPOINTMENT_ICONS.get(a.status)),
    Column("Police reference", lambda a: a.police_reference or ""),
]


def _address(address: str, postcode: str) -> str:
    if address == "Not recorded":
        return postcode or address
    return ", ".join(x for x in (address, postcode) if x)


class PersonDialog(QDialog):
    """Shows a PersonRecord. The window title never shows the person's name.

    With ``db``/``actor``/``runner`` it offers "Edit details…" (contact details only for
    reception) and reloads itself after a save."""

    sig_changed = Signal(int)  # person id, after a save

    def __init__(
        self,
        record: PersonRecord,
        parent: QWidget | None = None,
        *,
        db: Database | None = None,
        actor: Actor | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_PersonDialog()
        self.ui.setupUi(self)
        self.setWindowTitle("Person's record")
        self.record = record
        self.db, self.actor, self.runner = db, actor, runner
        self.edit_dialog: PersonEditDialog | None = None
        u = self.ui
        make_heading(u.name_label)
        set_role(u.notice_label, "notice")
        self.edit_button = QPushButton("&Edit details…", self)
        self.edit_button.setObjectName("edit_details_button")
        can_edit = actor is not None and actor.can(Action.EDIT_CONTACT_DETAILS)
        self.edit_button.setVisible(can_edit)
        self.edit_button.setToolTip(
            "Change the name, date of birth or contact details"
            if actor is not None and actor.can(Action.EDIT_PERSON)
            else "Change the address, phone, email or contact preferences"
        )
        self.edit_button.clicked.connect(self.edit_details)
        u.button_layout.insertWidget(0, self.edit_button)
        self.data_actions = PersonDataActions(self) if db and actor and runner else None
        self._override_controls()
        self.letters = DataTable("letters_table", LETTER_COLUMNS, "Letters sent", self)
        self.letters.set_rows(record.letters or (), NO_LETTERS)
        self.letters_tab = self._letters_tab()
        if record.letters is not None:
            u.record_tabs.insertTab(
                u.record_tabs.indexOf(u.clinical_tab), self.letters_tab, "Letters sent"
            )
        else:
            self.letters_tab.hide()
        self.show_record(record)
        u.close_button.clicked.connect(self.accept)
        name_controls(self)

    def show_record(self, record: PersonRecord) -> None:
        """Fill the page from a record (again after an edit)."""
        self.record = record
        u = self.ui
        c = record.contact
        u.name_label.setText(c.full_name)
        for label, text in (
            (u.known_as_value, c.known_as or "–"),
            (u.date_of_birth_value, c.date_of_birth_text),
            (u.gender_value, c.gender_text),
            (u.area_value, c.area or "Not recorded"),
            (u.needs_value, c.needs_text),
            (u.address_value, _address(c.address_text, c.postcode)),
            (u.phone_value, c.phone_text),
            (u.email_value, c.email),
            (u.contact_value, c.contact_text),
            (u.letters_value, c.letters_text),
        ):
            label.setText(text)
        self._fill_referrals()
        if not hasattr(self, "appointments_model"):
            self.appointments_model = RowTableModel(APPOINTMENT_COLUMNS, self)
            self._fill_appointments()
            self._show_what_is_hidden()
        else:
            self.appointments_model.set_rows(record.appointments or ())
            self.letters.set_rows(record.letters or (), NO_LETTERS)

    # ---------------------------------------------------------------- repeat-referral override
    def _override_controls(self) -> None:
        """ "Decide on the held referral…" under the referrals, for a manager, when one is held
        (override the repeat rule, or keep it as ineligible)."""
        u = self.ui
        self.override_result_label = QLabel(u.referrals_tab)
        self.override_result_label.setObjectName("override_result_label")
        self.override_result_label.setWordWrap(True)
        set_role(self.override_result_label, "notice")
        self.override_result_label.hide()
        self.override_bar_button = QPushButton("&Decide on the held referral…", u.referrals_tab)
        self.override_bar_button.setObjectName("override_bar_button")
        self.override_bar_button.setToolTip(
            "Decide on the chosen referral, held because an earlier one was closed as not "
            "engaged: override the repeat rule so it can be booked, or keep it as ineligible "
            "(a manager's decision, audited)"
        )
        can = (
            self.actor is not None
            and self.runner is not None
            and self.actor.can(Action.OVERRIDE_ELIGIBILITY)
        )
        self.override_bar_button.setVisible(can)
        self.override_bar_button.setEnabled(False)
        self.override_bar_button.clicked.connect(self.override_selected)
        row = QHBoxLayout()
        row.addWidget(self.override_result_label, 1)
        row.addStretch(0)
        self.override_bar_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        row.addWidget(self.override_bar_button)
        u.referrals_tab_layout.addLayout(row)
        u.referrals_tree.currentItemChanged.connect(lambda *_: self._follow_selection())

    def show_referral(self, police_reference: str) -> None:
        """Bring the Referrals tab forward with this referral chosen (from the Today page)."""
        u = self.ui
        if u.record_tabs.indexOf(u.referrals_tab) < 0:
            return
        u.record_tabs.setCurrentWidget(u.referrals_tab)
        tree = u.referrals_tree
        for index in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(index)
            if item.text(0) == police_reference:
                tree.setCurrentItem(item)
                tree.scrollToItem(item)
                break
        target = self.override_bar_button
        (target if target.isVisible() and target.isEnabled() else tree).setFocus()

    def held_referral(self) -> PersonReferral | None:
        """The chosen referral when it is held by the repeat-referral bar."""
        item = self.ui.referrals_tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        referral = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return referral if referral is not None and referral.held else None

    def _follow_selection(self) -> None:
        self.override_bar_button.setEnabled(self.held_referral() is not None)

    def override_selected(self) -> None:
        referral = self.held_referral()
        if referral is None or self.db is None or self.actor is None or self.runner is None:
            return
        dialog = OverrideDialog(
            self.db, self.actor, self.runner, referral.id, referral.police_reference, self
        )
        self.override_dialog = dialog

        def done(result: OverrideDTO) -> None:
            self.override_result_label.setText(override_outcome_text(result))
            self.override_result_label.show()
            self._saved(None)

        def confirmed(result: ConfirmedDTO) -> None:
            self.override_result_label.setText(confirmed_outcome_text(result))
            self.override_result_label.show()
            self._saved(None)

        dialog.sig_overridden.connect(done)
        dialog.sig_confirmed.connect(confirmed)
        dialog.open()

    # ---------------------------------------------------------------- letters
    def _letters_tab(self) -> QWidget:
        """The letters sent, with "New letter…" and "View letter" (the kept file)."""
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 6, 0, 0)
        row = QHBoxLayout()
        self.new_letter_button = QPushButton("&New letter…", box)
        self.new_letter_button.setObjectName("new_letter_button")
        self.new_letter_button.setToolTip("Make an appointment or outcome letter for a referral")
        self.view_letter_button = QPushButton("&View letter", box)
        self.view_letter_button.setObjectName("view_letter_button")
        self.view_letter_button.setToolTip(
            "See, save or print a letter exactly as it was sent (Enter)"
        )
        can_write = self.actor is not None and (
            self.actor.can(Action.PRINT_APPOINTMENT_LETTER)
            or self.actor.can(Action.PRINT_OUTCOME_LETTER)
        )
        for button in (self.new_letter_button, self.view_letter_button):
            button.setVisible(can_write and self.runner is not None)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.letters, 1)
        self.new_letter_button.clicked.connect(self.new_letter)
        self.view_letter_button.clicked.connect(self.view_letter)
        self.letters.sig_activated.connect(lambda _row: self.view_letter())
        return box

    def new_letter(self) -> None:
        """Choose and make a letter for one of the person's referrals."""
        if self.db is None or self.actor is None or self.runner is None:
            return
        from divert_desktop.gui.letters.letter_dialog import LetterDialog

        referrals = [
            (r.id, f"{r.police_reference}: {r.date_text}, {r.status_text.lower()}")
            for r in self.record.referrals or ()
        ]
        if not referrals:
            self.ui.notice_label.setText("There is no referral to write about yet.")
            self.ui.notice_label.show()
            return
        self.letter_dialog = LetterDialog(
            self, self.db, self.actor, self.runner, referrals=referrals
        )
        self.letter_dialog.sig_produced.connect(lambda _p: self._saved(None))  # type: ignore[arg-type]
        self.letter_dialog.open()

    def view_letter(self) -> None:
        """Show the selected letter as it was sent (the reprint is audited)."""
        row = self.letters.current_row()
        if row is None or self.db is None or self.actor is None or self.runner is None:
            return
        from divert_desktop.gui.letters.viewer_dialog import open_letter

        def failed(error: TaskError) -> None:
            self.ui.notice_label.setText(error.message)
            self.ui.notice_label.show()

        def opened(dialog: QWidget) -> None:
            self.viewer_dialog = dialog

        open_letter(self, self.db, self.actor, self.runner, row.id, on_error=failed, on_open=opened)

    # ---------------------------------------------------------------- editing
    def edit_details(self) -> None:
        """Load the editable details on the worker, then open the edit form."""
        if self.db is None or self.actor is None or self.runner is None:
            return
        self.edit_button.setEnabled(False)

        def show(details: people.PersonDetails) -> None:
            self.edit_button.setEnabled(True)
            assert self.db is not None and self.actor is not None and self.runner is not None
            self.edit_dialog = PersonEditDialog(self.db, self.actor, self.runner, details, self)
            self.edit_dialog.sig_saved.connect(self._saved)
            self.edit_dialog.open()

        def failed(error: TaskError) -> None:
            self.edit_button.setEnabled(True)
            u = self.ui
            u.notice_label.setText(error.message)
            u.notice_label.show()

        self.runner.run(
            people.person_details,
            self.db,
            self.actor,
            self.record.id,
            on_done=show,
            on_error=failed,
            owner=self,
        )

    def _saved(self, _details: people.PersonDetails | None) -> None:
        self.sig_changed.emit(self.record.id)
        assert self.db is not None and self.actor is not None and self.runner is not None
        self.runner.run(
            person_record, self.db, self.actor, self.record.id, on_done=self.show_record, owner=self
        )

    def _fill_referrals(self) -> None:
        tree = self.ui.referrals_tree
        tree.clear()
        for referral in self.record.referrals or ():
            item = QTreeWidgetItem(
                [
                    referral.police_reference,
                    referral.date_text,
                    referral.status_text,
                    referral.area,
                    referral.substances_text,
                    referral.status_reason
                    or (
                        f"Appropriate adult: {referral.appropriate_adult_text}"
                        if referral.young_person
                        else ""
                    ),
                ]
            )
            item.setIcon(2, icon(REFERRAL_ICONS.get(referral.status, "status-info")))
            item.setData(0, Qt.ItemDataRole.UserRole, referral)
            if referral.young_person:
                item.setIcon(0, icon("young-person"))
                item.setToolTip(0, "Young person (under 18 on the referral date)")
            for change in referral.history:
                detail = (
                    f"New referral, by {change.username}"
                    if change.from_text == "New"
                    else f"From {change.from_text.lower()}, by {change.username}"
                )
                if change.reason:
                    detail += f": {change.reason}"
                item.addChild(QTreeWidgetItem(["", change.at_text, change.to_text, "", "", detail]))
            tree.addTopLevelItem(item)
        tree.expandAll()
        if hasattr(self, "override_bar_button"):
            self._follow_selection()
        header = tree.header()
        for column in range(tree.columnCount() - 1):
            tree.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column) + 12, 280))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def _fill_appointments(self) -> None:
        table = self.ui.appointments_table
        table.setModel(self.appointments_model)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        rows: tuple[AppointmentRow, ...] = self.record.appointments or ()
        self.appointments_model.set_rows(rows)
        table.resizeColumnsToContents()

    def _show_what_is_hidden(self) -> None:
        u = self.ui
        notes = []
        if self.record.referrals is None:
            u.record_tabs.removeTab(u.record_tabs.indexOf(u.appointments_tab))
            u.record_tabs.removeTab(u.record_tabs.indexOf(u.referrals_tab))
            notes.append("Your role shows names and contact details only.")
        if self.record.clinical is None:
            u.record_tabs.removeTab(u.record_tabs.indexOf(u.clinical_tab))
            if self.record.referrals is not None:
                notes.append("Assessments and session notes are not shown to your role.")
        else:
            extra = []
            if self.actor is None or self.actor.can(Action.VIEW_CLINICAL):
                import divert_desktop.gui.casework  # noqa: F401 - registers the casework tabs

                extra = [factory(self) for factory in CLINICAL_TABS]
            if extra:
                # The casework tabs list the same entries, with their actions: one presentation,
                # not the plain summary as well.
                u.record_tabs.removeTab(u.record_tabs.indexOf(u.clinical_tab))
                u.clinical_tab.hide()
                for title, widget in extra:
                    u.record_tabs.addTab(widget, title)
            else:
                entries = self.record.clinical
                u.clinical_label.setText(
                    "\n".join(f"{e.date_text}: {e.kind}, {e.detail}" for e in entries)
                    or "No assessments or educational sessions recorded yet."
                )
        if self.record.contact.needs_review:
            notes.append("This record may duplicate another person: a manager should review it.")
        u.notice_label.setText(" ".join(notes))
        u.notice_label.setVisible(bool(notes))


def open_person_record(
    parent: QWidget,
    db: Database,
    actor: Actor,
    runner: TaskRunner,
    person_id: int,
    *,
    on_error: Callable[[TaskError], None] | None = None,
    on_open: Callable[[PersonDialog], None] | None = None,
) -> None:
    """Load the record on the database worker (which audits the view), then show it."""

    def show(record: PersonRecord) -> None:
        dialog = PersonDialog(record, parent, db=db, actor=actor, runner=runner)
        dialog.setObjectName("person_dialog")
        dialog.open()
        if on_open is not None:
            on_open(dialog)

    runner.run(person_record, db, actor, person_id, on_done=show, on_error=on_error, owner=parent)
