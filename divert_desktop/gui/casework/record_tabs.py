"""The clinical tabs of a person's record (only for roles allowed to see clinical data):
assessments, educational sessions and onward referrals. Each list is loaded, and audited, when
the record opens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.enums import ReferralStatus
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_date
from divert_desktop.gui.casework.launch import (
    open_assessment_window,
    open_new_onward,
    open_onward,
    open_session_note,
)
from divert_desktop.gui.casework.onward_dialog import ONWARD_ICONS
from divert_desktop.gui.models import Column
from divert_desktop.gui.shell.tasks import TaskError
from divert_desktop.gui.theme import set_role
from divert_desktop.gui.widgets import DataTable
from divert_desktop.services.casework import assessments, onward, sessions

__all__ = ["assessments_tab", "onward_tab", "sessions_tab"]

ASSESSMENT_COLUMNS = [
    Column("Saved", lambda a: a.date_text, sort_key=lambda a: a.created_at),
    Column("Police reference", lambda a: a.police_reference),
    Column("Form", lambda a: a.form_text),
    Column("Scores", lambda a: a.scores_text, tooltip=lambda a: a.scores_text.replace("; ", "\n")),
    Column("By", lambda a: a.created_by),
    Column(
        "Version", lambda a: a.status_text, icon=lambda a: None if a.current else "status-closed"
    ),
]
SESSION_COLUMNS = [
    Column("Date", lambda n: n.date_text, sort_key=lambda n: n.session_date),
    Column("Police reference", lambda n: n.police_reference),
    Column(
        "Attended",
        lambda n: "Attended" if n.attended else "Did not attend",
        icon=lambda n: "status-ok" if n.attended else "status-warning",
    ),
    Column("Length", lambda n: f"{n.length_minutes} min", sort_key=lambda n: n.length_minutes),
    Column("Caseworker", lambda n: n.caseworker),
    Column("Topics", lambda n: n.topics_text, tooltip=lambda n: n.topics_text),
]
ONWARD_COLUMNS = [
    Column("Made", lambda o: format_date(o.created_at.date()), sort_key=lambda o: o.created_at),
    Column("Service", lambda o: o.service_name),
    Column("Type", lambda o: o.service_type_text),
    Column("Status", lambda o: o.status_text, icon=lambda o: ONWARD_ICONS.get(o.status)),
    Column(
        "Follow up",
        lambda o: ("Overdue: " if o.overdue else "") + o.follow_up_text,
        sort_key=lambda o: o.follow_up_date,
        icon=lambda o: "status-warning" if o.overdue else None,
    ),
    Column("Police reference", lambda o: o.police_reference),
]


class _Tab(QWidget):
    """A list with a referral chooser and buttons; ``load`` runs on the database worker."""

    def __init__(self, dialog: Any, name: str, columns: list[Column], accessible: str) -> None:
        super().__init__(dialog)
        self.dialog, self.db, self.actor, self.runner = (
            dialog,
            dialog.db,
            dialog.actor,
            dialog.runner,
        )
        self.setObjectName(f"{name}_tab")
        self.person_id = dialog.record.id
        self.layout_ = QVBoxLayout(self)
        self.bar = QHBoxLayout()
        self.referral_combo = QComboBox(self)
        self.referral_combo.setObjectName(f"{name}_referral_combo")
        for r in dialog.record.referrals or ():
            if r.status not in (ReferralStatus.INELIGIBLE, ReferralStatus.HELD):
                self.referral_combo.addItem(
                    f"{r.police_reference} ({r.date_text}, {r.status_text})", r.id
                )
        label = QLabel("Re&ferral", self)
        label.setBuddy(self.referral_combo)
        self.bar.addWidget(label)
        self.bar.addWidget(self.referral_combo)
        self.bar.addStretch(1)
        self.layout_.addLayout(self.bar)
        self.table = DataTable(
            f"{name}_table", columns, accessible, self, sort_column=0, descending=True
        )
        self.layout_.addWidget(self.table, 1)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        set_role(self.message, "hint")
        self.layout_.addWidget(self.message)
        self.table.set_message("Loading…")

    @property
    def referral_id(self) -> int | None:
        return self.referral_combo.currentData()

    def button(self, name: str, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.setToolTip(tip)
        b.clicked.connect(slot)
        self.bar.addWidget(b)
        return b

    def failed(self, error: TaskError) -> None:
        self.table.set_message(error.message)

    def reload(self, *_: Any) -> None:  # pragma: no cover - every tab overrides it
        pass


class AssessmentsTab(_Tab):
    def __init__(self, dialog: Any) -> None:
        super().__init__(dialog, "assessments", ASSESSMENT_COLUMNS, "Assessments")
        self.open_button = self.button(
            "open_assessment_button",
            "&Open",
            "Show the assessment (Enter)",
            lambda: self.open(self.table.current_row()),
        )
        self.new_button = self.button(
            "new_assessment_button",
            "&New assessment…",
            "Start an assessment of the referral chosen",
            lambda: self._new(),
        )
        self.new_button.setVisible(self.actor.can(Action.RECORD_ASSESSMENT))
        self.new_button.setEnabled(self.referral_id is not None)
        self.table.sig_activated.connect(self.open)
        self.reload()

    def reload(self, *_: Any) -> None:
        self.runner.run(
            assessments.list_assessments,
            self.db,
            self.actor,
            person_id=self.person_id,
            on_done=lambda rows: self.table.set_rows(
                rows, ("No assessments yet. Use “New assessment…” after the initial assessment.")
            ),
            on_error=self.failed,
            owner=self,
        )

    def open(self, row: Any) -> None:
        if row is not None:
            open_assessment_window(
                self,
                self.db,
                self.actor,
                self.runner,
                assessment_id=row.id,
                on_saved=self.reload,
                on_error=self.failed,
            )

    def _new(self) -> None:
        if self.referral_id is not None:
            open_assessment_window(
                self,
                self.db,
                self.actor,
                self.runner,
                referral_id=self.referral_id,
                on_saved=self.reload,
                on_error=self.failed,
            )


class SessionsTab(_Tab):
    def __init__(self, dialog: Any) -> None:
        super().__init__(dialog, "sessions", SESSION_COLUMNS, "Educational sessions")
        self.plan_spin = QSpinBox(self)
        self.plan_spin.setObjectName("sessions_planned_spin")
        self.plan_spin.setRange(1, sessions.MAX_PLANNED)
        self.plan_spin.setSuffix(" planned")
        self.plan_spin.setToolTip("How many educational sessions this referral needs")
        self.plan_spin.setAccessibleName("Sessions planned")
        self.plan_spin.lineEdit().setAccessibleName("Sessions planned")
        self.bar.insertWidget(2, self.plan_spin)
        self.plan_button = QPushButton("Change &plan", self)
        self.plan_button.setObjectName("change_plan_button")
        self.plan_button.setToolTip("Save the number of sessions planned")
        self.plan_button.clicked.connect(self.change_plan)
        self.bar.insertWidget(3, self.plan_button)
        self.new_button = self.button(
            "new_session_button", "&New session note…", "Write up an educational session", self._new
        )
        can = self.actor.can(Action.RECORD_SESSION)
        for w in (self.new_button, self.plan_button, self.plan_spin):
            w.setVisible(can)
            w.setEnabled(self.referral_id is not None)
        self.detail = QPlainTextEdit(self)
        self.detail.setObjectName("session_detail_text")
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName("The session's reflections and next steps")
        self.detail.setFixedHeight(90)
        self.layout_.addWidget(self.detail)
        self.table.view.selectionModel().currentRowChanged.connect(self._show_detail)
        self.referral_combo.currentIndexChanged.connect(self._load_plan)
        self.plan: sessions.SessionPlanDTO | None = None
        self.reload()

    def reload(self, *_: Any) -> None:
        self.runner.run(
            sessions.list_sessions,
            self.db,
            self.actor,
            person_id=self.person_id,
            on_done=lambda rows: self.table.set_rows(
                rows, ("No session notes yet. Use “New session note…” after a session.")
            ),
            on_error=self.failed,
            owner=self,
        )
        self._load_plan()

    def _load_plan(self, *_: Any) -> None:
        if self.referral_id is not None:
            self.runner.run(
                sessions.session_plan,
                self.db,
                self.actor,
                self.referral_id,
                on_done=self._show_plan,
                on_error=self.failed,
                owner=self,
            )

    def _show_plan(self, plan: sessions.SessionPlanDTO) -> None:
        self.plan = plan
        self.plan_spin.setValue(plan.planned)
        self.message.setText(f"{plan.referral.police_reference}: {plan.text}.")
        editable = plan.referral.status.is_open
        self.plan_spin.setEnabled(editable)
        self.plan_button.setEnabled(editable)

    def _show_detail(self, *_: Any) -> None:
        n = self.table.current_row()
        if n is None:
            self.detail.clear()
            return
        parts = [f"Reflections: {n.reflections or '–'}", f"Next steps: {n.next_steps or '–'}"]
        if n.topics_other:
            parts.insert(0, f"Other topics: {n.topics_other}")
        self.detail.setPlainText("\n".join(parts))

    def change_plan(self) -> None:
        if self.plan is None:
            return
        self.runner.run(
            sessions.set_session_plan,
            self.db,
            self.actor,
            self.plan.referral.referral_id,
            self.plan_spin.value(),
            expected_version=self.plan.referral.version,
            on_done=self._show_plan,
            on_error=lambda e: self.message.setText(e.message),
            owner=self,
        )

    def _new(self) -> None:
        if self.referral_id is not None:
            open_session_note(
                self,
                self.db,
                self.actor,
                self.runner,
                self.referral_id,
                on_saved=self.reload,
                on_error=self.failed,
            )


class OnwardTab(_Tab):
    def __init__(self, dialog: Any) -> None:
        super().__init__(dialog, "onward", ONWARD_COLUMNS, "Onward referrals")
        self.open_button = self.button(
            "open_onward_button",
            "&Open…",
            "Show and update it (Enter)",
            lambda: self.open(self.table.current_row()),
        )
        self.new_button = self.button(
            "new_onward_button",
            "&New onward referral…",
            "Refer the person on to another service",
            self._new,
        )
        self.new_button.setEnabled(self.referral_id is not None)
        self.table.sig_activated.connect(self.open)
        self.reload()

    def reload(self, *_: Any) -> None:
        self.runner.run(
            onward.list_onward,
            self.db,
            self.actor,
            person_id=self.person_id,
            on_done=lambda rows: self.table.set_rows(
                rows,
                (
                    "No onward referrals. Use “New onward referral…” to refer the person "
                    "to a service in the directory."
                ),
            ),
            on_error=self.failed,
            owner=self,
        )

    def open(self, row: Any) -> None:
        if row is not None:
            open_onward(
                self,
                self.db,
                self.actor,
                self.runner,
                row.id,
                on_changed=self.reload,
                on_error=self.failed,
            )

    def _new(self) -> None:
        if self.referral_id is not None:
            open_new_onward(
                self,
                self.db,
                self.actor,
                self.runner,
                self.referral_id,
                on_saved=self.reload,
                on_error=self.failed,
            )


def _unavailable(dialog: Any, text: str) -> QWidget:
    label = QLabel(text, dialog)
    label.setWordWrap(True)
    set_role(label, "empty")
    return label


def _factory(title: str, cls: type[_Tab], action: Action) -> Callable[[Any], tuple[str, QWidget]]:
    def make(dialog: Any) -> tuple[str, QWidget]:
        if dialog.db is None or dialog.actor is None or dialog.runner is None:
            return title, _unavailable(dialog, "Open this record from the People page to see this.")
        if not dialog.actor.can(action):
            return title, _unavailable(dialog, "Your role does not show this.")
        return title, cls(dialog)

    make.__name__ = f"{cls.__name__.lower()}_factory"
    return make


assessments_tab = _factory("Assessments", AssessmentsTab, Action.VIEW_CLINICAL)
sessions_tab = _factory("Educational sessions", SessionsTab, Action.VIEW_CLINICAL)
onward_tab = _factory("Onward referrals", OnwardTab, Action.MANAGE_ONWARD_REFERRAL)
