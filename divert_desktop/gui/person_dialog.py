"""A person's record, read-only: details, referrals with their history, appointments."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHeaderView, QTreeWidgetItem, QWidget

from divert_desktop.persistence.database import Database
from divert_desktop.services.context import Actor
from divert_desktop.services.lists import AppointmentRow, PersonRecord, person_record

from .forms.ui_person_dialog import Ui_PersonDialog
from .models import Column, RowTableModel
from .tasks import TaskError, TaskRunner
from .theme import APPOINTMENT_ICONS, REFERRAL_ICONS, icon, make_heading, set_role
from .widgets import name_controls

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
    """Shows a PersonRecord. The window title never shows the person's name."""

    def __init__(self, record: PersonRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PersonDialog()
        self.ui.setupUi(self)
        self.record = record
        u = self.ui
        make_heading(u.name_label)
        set_role(u.notice_label, "notice")
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
        self.appointments_model = RowTableModel(APPOINTMENT_COLUMNS, self)
        self._fill_appointments()
        self._show_what_is_hidden()
        u.close_button.clicked.connect(self.accept)
        name_controls(self)

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
                    or (f"Appropriate adult: {referral.appropriate_adult_text}"
                        if referral.young_person else ""),
                ]
            )  # fmt: skip
            item.setIcon(2, icon(REFERRAL_ICONS.get(referral.status, "status-info")))
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
        dialog = PersonDialog(record, parent)
        dialog.setObjectName("person_dialog")
        dialog.open()
        if on_open is not None:
            on_open(dialog)

    runner.run(person_record, db, actor, person_id, on_done=show, on_error=on_error, owner=parent)
