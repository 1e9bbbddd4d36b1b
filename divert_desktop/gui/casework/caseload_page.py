"""Casework: the caseworker's home page. Appointments today and this week, their referrals with
state and next step, and the assessment drafts they have not finished."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from divert_desktop.core.enums import OnwardStatus
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_date, format_time
from divert_desktop.gui.casework.followup_dialog import FollowUpImportDialog, summary
from divert_desktop.gui.casework.launch import (
    open_assessment_window,
    open_new_onward,
    open_outcome,
    open_session_note,
)
from divert_desktop.gui.diary.today_page import YOUNG_TIP
from divert_desktop.gui.models import Column
from divert_desktop.gui.shell.page import Page
from divert_desktop.gui.theme import APPOINTMENT_ICONS, REFERRAL_ICONS
from divert_desktop.gui.widgets import DataTable
from divert_desktop.services import lists
from divert_desktop.services.admin.users import list_caseworkers
from divert_desktop.services.casework import onward
from divert_desktop.services.casework.drafts import DraftStore
from divert_desktop.services.changes import Changes, Kind

__all__ = ["CaseloadPage", "DraftRow"]

MINE, EVERYONE = "mine", "everyone"


@dataclass(frozen=True)
class DraftRow:
    key: str
    saved_text: str
    saved_at: Any
    person: str
    police_reference: str
    kind_text: str
    payload: dict[str, Any]


def _young(row: Any) -> str | None:
    return "young-person" if row.young_person else None


def _when(row: Any) -> str:
    """ "Wed 2 Dec, 10:00" (the year is this week's)."""
    return f"{row.day_text.rsplit(' ', 1)[0]}, {row.time_text.split('–')[0]}"


TODAY_COLUMNS = [
    Column("Time", lambda a: a.time_text, sort_key=lambda a: a.start_at),
    Column(
        "Person",
        lambda a: a.person_name,
        icon=_young,
        tooltip=lambda a: YOUNG_TIP if a.young_person else None,
    ),
    Column("Appointment", lambda a: a.type_text),
    Column("Place", lambda a: a.place_text),
    Column("Status", lambda a: a.status_text, icon=lambda a: APPOINTMENT_ICONS.get(a.status)),
]
WEEK_COLUMNS = [
    Column("When", _when, sort_key=lambda a: a.start_at),
    *TODAY_COLUMNS[1:4],
]
REFERRAL_COLUMNS = [
    Column(
        "Person",
        lambda r: r.person_name,
        icon=_young,
        tooltip=lambda r: YOUNG_TIP if r.young_person else None,
    ),
    Column("Police reference", lambda r: r.police_reference),
    Column("Status", lambda r: r.status_text, icon=lambda r: REFERRAL_ICONS.get(r.status)),
    Column(
        "Sessions",
        lambda r: r.sessions_text,
        header_tip="Educational sessions attended of those planned",
    ),
    Column(
        "Next step",
        lambda r: r.next_step,
        icon=lambda r: "status-warning" if r.overdue else None,
        tooltip=lambda r: ("Overdue. " if r.overdue else "") + r.steps_text,
    ),
    Column(
        "Due",
        lambda r: ("Overdue: " if r.overdue else "") + r.due_text,
        sort_key=lambda r: (r.due is None, r.due),
    ),
]
DRAFT_COLUMNS = [
    Column("Saved", lambda d: d.saved_text, sort_key=lambda d: d.saved_at),
    Column("Person", lambda d: d.person),
    Column("Police reference", lambda d: d.police_reference),
    Column("Draft", lambda d: d.kind_text),
]


def _drafts(store: DraftStore) -> list[DraftRow]:
    """On the file worker: this user's drafts as rows."""
    out = []
    for d in store.list():
        p = d.payload
        kind = "Amendment to an assessment" if p.get("kind") == "amend" else "New assessment"
        out.append(
            DraftRow(
                d.key,
                f"{format_date(d.saved_at.date())} {format_time(d.saved_at)}",
                d.saved_at,
                str(p.get("title") or ""),
                str(p.get("police_reference") or ""),
                kind,
                p,
            )
        )
    return out


class CaseloadPage(Page):
    """The caseload; each row opens the person's record (Enter), the buttons the casework."""

    key = "casework"
    shows = frozenset({Kind.APPOINTMENTS, Kind.REFERRALS, Kind.CASEWORK, Kind.PEOPLE, Kind.DRAFTS})
    title = "Casework"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.caseload: lists.Caseload | None = None
        self.store = DraftStore(self.actor.username, database=self.db.identity, clock=self.db.clock)
        self.who_combo = QComboBox(self)
        self.who_combo.setObjectName("caseload_of_combo")
        self.who_combo.addItem("My caseload", MINE)
        self.who_combo.addItem("Everyone's", EVERYONE)
        self.heading_row.addWidget(self.field_label("Caseload &of", self.who_combo))
        self.heading_row.addWidget(self.who_combo)
        self.followup_button = self._button(
            "followup_import_button",
            "Follow-ups from a &file…",
            "Record six-month follow-ups from the police's file",
        )
        self.followup_button.setVisible(self.actor.can(Action.RECORD_OUTCOME))
        self.followup_button.clicked.connect(self.import_followups)
        self.heading_row.addSpacing(12)
        self.heading_row.addWidget(self.followup_button)
        self.followup_dialog: FollowUpImportDialog | None = None
        self.today_table = DataTable(
            "caseload_today_table", TODAY_COLUMNS, "Appointments today", self
        )
        self.week_table = DataTable(
            "caseload_week_table", WEEK_COLUMNS, "Appointments in the next seven days", self
        )
        self.referrals = DataTable(
            "caseload_table", REFERRAL_COLUMNS, "Referrals and next steps", self, sort_column=5
        )
        self.drafts = DataTable(
            "drafts_table", DRAFT_COLUMNS, "Unfinished drafts", self, sort_column=0, descending=True
        )
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.setChildrenCollapsible(False)
        top.addWidget(self._titled("Today", "caseload_today_label", self.today_table))
        top.addWidget(self._titled("Next seven days", "caseload_week_label", self.week_table))
        top.setStretchFactor(0, 4)
        top.setStretchFactor(1, 5)
        self.layout_.addWidget(top, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(
            self.section_label("Referrals and next steps", "caseload_referrals_label")
        )
        buttons.addStretch(1)
        self.record_button = self._button(
            "open_record_button", "Open &record", "Open the person's record (Enter)"
        )
        self.assessment_button = self._button(
            "assessment_button", "&Assessment…", "Record the assessment, or open the one saved"
        )
        self.session_button = self._button(
            "session_button", "&Session note…", "Write up an educational session"
        )
        self.onward_button = self._button(
            "onward_button",
            "O&nward referral…",
            "Refer the person on to another service, or update their onward referrals",
        )
        self.outcome_button = self._button(
            "outcome_button", "O&utcome…", "Close the referral, or record the six-month follow-up"
        )
        for b in (
            self.record_button,
            self.assessment_button,
            self.session_button,
            self.onward_button,
            self.outcome_button,
        ):
            buttons.addWidget(b)
        self.onward_button.setVisible(self.actor.can(Action.MANAGE_ONWARD_REFERRAL))
        self.outcome_button.setVisible(self.actor.can(Action.RECORD_OUTCOME))
        self.layout_.addLayout(buttons)
        self.layout_.addWidget(self.referrals, 4)
        drafts_row = QHBoxLayout()
        drafts_row.addWidget(self.section_label("Unfinished drafts", "caseload_drafts_label"))
        drafts_row.addStretch(1)
        self.continue_button = self._button(
            "continue_draft_button", "&Continue draft…", "Open the draft where you left it"
        )
        drafts_row.addWidget(self.continue_button)
        self.layout_.addLayout(drafts_row)
        self.layout_.addWidget(self.drafts, 1)
        self.count_label = self.hint_label("", "caseload_count_label")
        self.layout_.addWidget(self.count_label)
        self.referrals.sig_activated.connect(lambda row: self.open_person(row.person_id))
        for table in (self.today_table, self.week_table):
            table.sig_activated.connect(lambda row: self.open_person(row.person_id))
        self.drafts.sig_activated.connect(self.continue_draft)
        self.referrals.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.drafts.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.record_button.clicked.connect(
            lambda: self._with_row(lambda r: self.open_person(r.person_id))
        )
        self.assessment_button.clicked.connect(lambda: self._with_row(self.assessment))
        self.session_button.clicked.connect(lambda: self._with_row(self.session_note))
        self.onward_button.clicked.connect(lambda: self._with_row(self.new_onward))
        self.outcome_button.clicked.connect(lambda: self._with_row(self.outcome))
        self.continue_button.clicked.connect(lambda: self.continue_draft(self.drafts.current_row()))
        self.who_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self._update_buttons()
        self.runner.run(list_caseworkers, self.db, on_done=self._caseworkers, owner=self)

    def _titled(self, text: str, name: str, table: DataTable) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.section_label(text, name))
        column.addWidget(table, 1)
        return box

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.setToolTip(tip)
        return b

    def _caseworkers(self, users: list[Any]) -> None:
        for user in users:
            if user.id != self.actor.user_id:
                self.who_combo.addItem(user.display_name, user.id)

    # ---------------------------------------------------------------- loading
    def refresh(self) -> None:
        super().refresh()
        if self.referrals.model.rowCount() == 0:
            self.referrals.set_message("Loading…")
        choice = self.who_combo.currentData()
        who: dict[str, Any] = (
            {"everyone": True}
            if choice == EVERYONE
            else ({"caseworker_id": choice} if isinstance(choice, int) else {})
        )
        self.run(lists.caseload, self.db, self.actor, on_done=self._show, **who)
        self.refresh_drafts()

    def refresh_drafts(self) -> None:
        """Read this user's drafts again (on the file worker)."""
        self.runner.run(
            _drafts,
            self.store,
            lane="io",
            on_done=self._show_drafts,
            on_error=self.show_error,
            owner=self,
        )

    def on_changes(self, changes: Changes) -> None:
        """A draft saved or thrown away (an assessment window edited or closed) reloads only
        the drafts; anything else on the caseload reloads the page."""
        if changes.kinds == {Kind.DRAFTS}:
            if self.isVisible():
                self.refresh_drafts()
            else:
                self._stale = True
            return
        super().on_changes(changes)

    def _show(self, caseload: lists.Caseload) -> None:
        self.caseload = caseload
        self.today_table.set_rows(caseload.appointments_today, "No appointments today.")
        self.week_table.set_rows(
            caseload.appointments_week, "No appointments in the next seven days."
        )
        self.referrals.set_rows(
            caseload.referrals,
            (
                "No referrals on this caseload. A referral appears here once an appointment for it is "
                "booked with you, or you make an onward referral for it."
            ),
        )
        if caseload.referrals and self.referrals.current_row() is None:
            self.referrals.view.selectRow(0)
        n, overdue = len(caseload.referrals), sum(r.overdue for r in caseload.referrals)
        text = f"{n} referral{'s' if n != 1 else ''}"
        if overdue:
            text += f", {overdue} with something overdue (shown first, with a warning sign)"
        if caseload.truncated:
            text += f". Showing the {lists.MAX_CASELOAD} most recent: choose one caseworker"
        self.count_label.setText(text + ".")
        self._update_buttons()

    def _show_drafts(self, rows: list[DraftRow]) -> None:
        self.drafts.set_rows(
            rows,
            "No unfinished drafts. Answers you have not saved yet are kept "
            "here, on this computer, until the assessment is saved.",
        )
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        row = self.referrals.current_row()
        for b in (
            self.record_button,
            self.assessment_button,
            self.onward_button,
            self.outcome_button,
        ):
            b.setEnabled(row is not None)
        self.session_button.setEnabled(row is not None and row.status.is_open)
        if row is not None:
            self.assessment_button.setText(
                "&Assessment…" if row.assessment_id is None else "View &assessment…"
            )
        self.continue_button.setEnabled(self.drafts.current_row() is not None)

    def _with_row(self, action: Any) -> None:
        row = self.referrals.current_row()
        if row is not None:
            action(row)

    # ---------------------------------------------------------------- casework
    def _after(self, message: str) -> Any:
        def done(_value: Any) -> None:
            self.sig_status.emit(message)  # the service's announced change refreshes the page

        return done

    def assessment(self, row: lists.CaseloadRow) -> None:
        saved = self._after(f"Assessment saved for {row.person_name}.")
        if row.assessment_id is not None:
            open_assessment_window(
                self,
                self.db,
                self.actor,
                self.runner,
                assessment_id=row.assessment_id,
                on_saved=saved,
                on_error=self.show_error,
            )
        else:
            open_assessment_window(
                self,
                self.db,
                self.actor,
                self.runner,
                referral_id=row.referral_id,
                on_saved=saved,
                on_error=self.show_error,
            )

    def session_note(self, row: lists.CaseloadRow) -> None:
        open_session_note(
            self,
            self.db,
            self.actor,
            self.runner,
            row.referral_id,
            on_saved=self._after(f"Session note saved for {row.person_name}."),
            on_error=self.show_error,
        )

    def new_onward(self, row: lists.CaseloadRow) -> None:
        """A new onward referral; when the referral has open ones (a completed referral's too),
        the person's record opens on its onward referrals instead, to update them or add one."""

        def chosen(found: list[onward.OnwardDTO]) -> None:
            from divert_desktop.gui.people.record_dialog import open_person_record

            if any(o.status != OnwardStatus.CLOSED for o in found):
                open_person_record(
                    self,
                    self.db,
                    self.actor,
                    self.runner,
                    row.person_id,
                    on_error=self.show_error,
                    on_open=_onward_tab,
                )
                return
            open_new_onward(
                self,
                self.db,
                self.actor,
                self.runner,
                row.referral_id,
                on_saved=self._after(f"Onward referral saved for {row.person_name}."),
                on_error=self.show_error,
            )

        self.runner.run(
            onward.list_onward,
            self.db,
            self.actor,
            referral_id=row.referral_id,
            on_done=chosen,
            on_error=self.show_error,
            owner=self,
        )

    def outcome(self, row: lists.CaseloadRow) -> None:
        open_outcome(
            self,
            self.db,
            self.actor,
            self.runner,
            row.referral_id,
            on_changed=self._after(f"Outcome saved for {row.person_name}."),
            on_error=self.show_error,
        )

    def continue_draft(self, row: DraftRow | None) -> None:
        if row is None:
            return
        p, saved = row.payload, self._after("Assessment saved.")
        if p.get("kind") == "amend" and p.get("assessment_id"):
            open_assessment_window(
                self,
                self.db,
                self.actor,
                self.runner,
                assessment_id=int(p["assessment_id"]),
                amend=True,
                on_saved=saved,
                on_error=self.show_error,
            )
        elif p.get("referral_id"):
            open_assessment_window(
                self,
                self.db,
                self.actor,
                self.runner,
                referral_id=int(p["referral_id"]),
                on_saved=saved,
                on_error=self.show_error,
            )

    def import_followups(self) -> None:
        self.followup_dialog = FollowUpImportDialog(self.db, self.actor, self.runner, self)
        self.followup_dialog.sig_imported.connect(lambda r: self.sig_status.emit(summary(r)))
        self.followup_dialog.open()


def _onward_tab(dialog: Any) -> None:
    """Show a person's record at its onward referrals."""
    tabs = dialog.ui.record_tabs
    for index in range(tabs.count()):
        if tabs.tabText(index) == "Onward referrals":
            tabs.setCurrentIndex(index)
            tabs.widget(index).setFocus()
            return
