"""A referral's outcome (completed, not engaged, withdrawn: date and reason), whether the police
were told, and the six-month follow-up."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.casework import validate_outcome
from divert_desktop.core.enums import FollowUpResult, ReferralStatus
from divert_desktop.core.errors import ValidationError
from divert_desktop.gui.casework.common import (
    DateLine,
    button,
    dialog_heading,
    error_label,
    left,
    text_box,
    tidy_form,
)
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import set_role
from divert_desktop.gui.widgets import DateField, FieldErrors, GuardedDialog, ask, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.casework import outcomes
from divert_desktop.services.context import Actor
from divert_desktop.services.lists.common import utc_text

__all__ = ["DEFAULT_SOURCE", "OutcomeDialog"]

DEFAULT_SOURCE = "West Midlands Police six-month check"
_OUTCOME_WORDS = {
    ReferralStatus.COMPLETED: "&Completed: the assessment and planned sessions were attended",
    ReferralStatus.NOT_ENGAGED: "&Not engaged: the person declined or did not take part",
    ReferralStatus.WITHDRAWN: "&Withdrawn",
}
_CONSENT_WORDS: tuple[tuple[str, bool | None], ...] = (
    ("Yes: the person agreed", True),
    ("No: the person did not agree", False),
    ("Not asked yet", None),
)
_FOLLOW_WORDS = {
    FollowUpResult.YES: "&Yes",
    FollowUpResult.NO: "N&o",
    FollowUpResult.UNKNOWN: "&Unknown",
}


def _row(parent: QWidget, *widgets: QWidget) -> QWidget:
    box = QWidget(parent)
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    for w in widgets:
        column.addWidget(w)
    return box


class OutcomeDialog(GuardedDialog):
    """``sig_changed(OutcomeDTO)`` after the referral is closed or its follow-up saved."""

    primary_button_name = ""  # no Ctrl+S: each part has its own button

    sig_changed = Signal(object)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        view: outcomes.OutcomeView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.runner, self.view = db, actor, runner, view
        self.setObjectName("outcome_dialog")
        self.setWindowTitle("Outcome and follow-up")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        self.referral_label = dialog_heading(self, layout, "Outcome and follow-up", view.referral)
        # ------------------------------------------------------------ outcome
        self.outcome_box = QGroupBox("Close the referral", self)
        form = tidy_form(QFormLayout(self.outcome_box))
        choices = QWidget(self.outcome_box)
        column = QVBoxLayout(choices)
        column.setContentsMargins(0, 0, 0, 0)
        self.outcome_group = QButtonGroup(self)
        self.outcome_radios: dict[ReferralStatus, QRadioButton] = {}
        for status, words in _OUTCOME_WORDS.items():
            radio = QRadioButton(words, choices)
            radio.setObjectName(f"outcome_{status.value}_radio")
            self.outcome_group.addButton(radio)
            column.addWidget(radio)
            self.outcome_radios[status] = radio
        self.outcome_error = error_label(self, "outcome_error_label")
        self.complete_hint = QLabel(self)
        self.complete_hint.setObjectName("complete_hint_label")
        self.complete_hint.setWordWrap(True)
        set_role(self.complete_hint, "hint")
        form.addRow(
            QLabel("Outcome", self), _row(self, self.outcome_error, choices, self.complete_hint)
        )
        self.outcome_date = DateField(db.clock.today(), self)
        self.outcome_date.setObjectName("outcome_date_edit")
        self.outcome_date.setMaximumWidth(220)
        self.outcome_date_error = error_label(self, "outcome_date_error_label")
        date_label = QLabel("&Date", self)
        date_label.setBuddy(self.outcome_date)
        form.addRow(date_label, _row(self, self.outcome_date_error, self.outcome_date))
        self.reason_edit = text_box(self, "outcome_reason_edit", 60)
        self.reason_error = error_label(self, "reason_error_label")
        reason_label = QLabel("&Reason", self)
        reason_label.setBuddy(self.reason_edit)
        form.addRow(reason_label, _row(self, self.reason_error, self.reason_edit))
        self.close_button = button(
            self,
            "close_referral_button",
            "Close &referral",
            "Record the outcome and close the referral",
        )
        form.addRow("", left(self, self.close_button))
        self.closed_label = QLabel(self)
        self.closed_label.setObjectName("closed_label")
        self.closed_label.setWordWrap(True)
        set_role(self.closed_label, "notice")
        layout.addWidget(self.closed_label)
        layout.addWidget(self.outcome_box)
        # ------------------------------------------------------------ consent to share
        self.police_box = QGroupBox("Sharing the outcome with the police", self)
        self.police_box.setObjectName("police_box")
        police_column = QVBoxLayout(self.police_box)
        self.police_label = QLabel(self.police_box)
        self.police_label.setObjectName("police_outcome_label")
        self.police_label.setWordWrap(True)
        police_column.addWidget(self.police_label)
        consent_row = QHBoxLayout()
        consent_label = QLabel("Consent to share the outcome with the &police", self.police_box)
        self.consent_combo = QComboBox(self.police_box)
        self.consent_combo.setObjectName("consent_to_share_combo")
        # as wide as its longest answer, never squeezed below it (larger system fonts)
        self.consent_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.consent_combo.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        for words, value in _CONSENT_WORDS:
            self.consent_combo.addItem(words, value)
        consent_label.setBuddy(self.consent_combo)
        self.consent_button = button(
            self.police_box,
            "save_consent_button",
            "Save &consent",
            "Record the person's answer about sharing the outcome",
        )
        consent_row.addWidget(consent_label)
        consent_row.addWidget(self.consent_combo)
        consent_row.addWidget(self.consent_button)
        consent_row.addStretch(1)
        police_column.addLayout(consent_row)
        self.consent_error = error_label(self.police_box, "consent_error_label")
        police_column.addWidget(self.consent_error)
        layout.addWidget(self.police_box)
        self.outcome_general = error_label(self, "outcome_general_error_label")
        layout.addWidget(self.outcome_general)
        self.outcome_errors = FieldErrors(
            {
                "outcome": (choices, self.outcome_error),
                "outcome_date": (self.outcome_date, self.outcome_date_error),
                "reason": (self.reason_edit, self.reason_error),
            },
            self.outcome_general,
        )
        # ------------------------------------------------------------ follow-up
        follow = QGroupBox("Six-month follow-up: arrested again for possession within six months?")
        follow.setObjectName("followup_box")
        fform = tidy_form(QFormLayout(follow))
        answers = QWidget(follow)
        line = QHBoxLayout(answers)
        line.setContentsMargins(0, 0, 0, 0)
        self.follow_group = QButtonGroup(self)
        self.follow_radios: dict[FollowUpResult, QRadioButton] = {}
        for result, words in _FOLLOW_WORDS.items():
            radio = QRadioButton(words, answers)
            radio.setObjectName(f"rearrested_{result.value}_radio")
            self.follow_group.addButton(radio)
            line.addWidget(radio)
            self.follow_radios[result] = radio
        line.addStretch(1)
        self.rearrested_error = error_label(self, "rearrested_error_label")
        fform.addRow(QLabel("Re-arrested", self), _row(self, self.rearrested_error, answers))
        self.rearrest_date = DateLine(None, self)
        self.rearrest_date.setObjectName("rearrest_date_edit")
        self.rearrest_error = error_label(self, "rearrest_date_error_label")
        label = QLabel("Date of the re-&arrest", self)
        label.setBuddy(self.rearrest_date)
        fform.addRow(label, _row(self, self.rearrest_error, self.rearrest_date))
        self.learned_date = DateField(db.clock.today(), self)
        self.learned_date.setObjectName("learned_on_edit")
        self.learned_date.setMaximumWidth(220)
        self.learned_error = error_label(self, "learned_on_error_label")
        label = QLabel("Date &learned", self)
        label.setBuddy(self.learned_date)
        fform.addRow(label, _row(self, self.learned_error, self.learned_date))
        self.source_edit = QLineEdit(DEFAULT_SOURCE, self)
        self.source_edit.setObjectName("source_edit")
        self.source_edit.setMaximumWidth(420)
        self.source_error = error_label(self, "source_error_label")
        label = QLabel("&Source", self)
        label.setBuddy(self.source_edit)
        fform.addRow(label, _row(self, self.source_error, self.source_edit))
        self.follow_button = button(
            self, "save_followup_button", "Save &follow-up", "Record the six-month follow-up"
        )
        fform.addRow("", left(self, self.follow_button))
        layout.addWidget(follow)
        self.follow_general = error_label(self, "followup_general_error_label")
        layout.addWidget(self.follow_general)
        self.follow_errors = FieldErrors(
            {
                "rearrested": (answers, self.rearrested_error),
                "rearrest_date": (self.rearrest_date, self.rearrest_error),
                "learned_on": (self.learned_date, self.learned_error),
                "source": (self.source_edit, self.source_error),
            },
            self.follow_general,
        )
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.done_button = button(self, "done_button", "Done", "Close this window", primary=True)
        row.addWidget(self.done_button)
        layout.addLayout(row)
        self.done_button.clicked.connect(self.accept)
        self.close_button.clicked.connect(self.close_referral)
        self.follow_button.clicked.connect(self.save_followup)
        self.consent_button.clicked.connect(self.save_consent)
        self.show_view(view)
        name_controls(self)
        self.resize(760, 640)

    def show_view(self, view: outcomes.OutcomeView) -> None:
        self.view = view
        self.referral_label.setText(view.referral.text)  # the status changes when it is closed
        o = view.outcome
        open_ = o.status.is_open
        self.outcome_box.setVisible(open_)
        if open_:
            self.closed_label.hide()
            completed = self.outcome_radios[ReferralStatus.COMPLETED]
            completed.setEnabled(view.can_complete)
            planned = view.referral.sessions_planned
            needs = (
                ""
                if view.can_complete
                else f"Completed becomes possible once the initial assessment and {planned} planned "
                f"session{'s' if planned != 1 else ''} are attended "
                f"({view.sessions_attended} attended so far)."
            )
            completed.setToolTip(needs)
            self.complete_hint.setText(needs)
            self.complete_hint.setVisible(bool(needs))
            if view.can_complete:
                completed.setChecked(True)
        else:
            reason = f": {o.status_reason}" if o.status_reason else ""
            self.closed_label.setText(
                f"Closed as {o.status.label.lower()} on {utc_text(o.status_changed_at).rsplit(' ', 1)[0]}"
                f"{reason}."
            )
            self.closed_label.show()
        if o.outcome_sent_at:
            told = f"The outcome was sent to the police on {utc_text(o.outcome_sent_at)}."
        elif o.consent_to_share is not True:
            why = (
                "the person did not agree to it being shared"
                if o.consent_to_share is False
                else "the referral does not record the person's consent to share it"
            )
            told = f"The outcome is not sent to the police: {why}."
        else:
            told = (
                "The outcome has not been sent to the police yet: it is marked sent when the "
                "police outcome letter is made."
            )
        self.police_label.setText(told)
        index = next(i for i, (_w, v) in enumerate(_CONSENT_WORDS) if v is o.consent_to_share)
        self.consent_combo.setCurrentIndex(index)
        self.consent_error.hide()
        if o.followup_rearrested is not None:
            self.follow_radios[o.followup_rearrested].setChecked(True)
            self.rearrest_date.set_date(o.followup_rearrest_date)
            if o.followup_learned_on:
                self.learned_date.set_date(o.followup_learned_on)
            self.source_edit.setText(o.followup_source or DEFAULT_SOURCE)

    def has_unsaved_input(self) -> bool:
        return bool(self.reason_edit.toPlainText().strip())

    def close_referral(self) -> None:
        self.outcome_errors.clear()
        chosen = next((s for s, r in self.outcome_radios.items() if r.isChecked()), None)
        if chosen is None:
            self.outcome_errors.show("outcome", "Choose the outcome")
            return
        if chosen == ReferralStatus.NOT_ENGAGED:
            try:  # the date and reason first, so the question is asked only of a closing that can go
                validate_outcome(
                    chosen,
                    self.outcome_date.date(),
                    self.reason_edit.toPlainText(),
                    earliest=self.view.referral.referral_date,
                    today=self.db.clock.today(),
                )
            except ValidationError as exc:
                self.outcome_errors.show(exc.field, exc.message)
                return
            if not self._confirm_not_engaged():
                return
        self.close_button.setEnabled(False)
        self.runner.run(
            outcomes.close_referral,
            self.db,
            self.actor,
            self.view.referral.referral_id,
            chosen,
            on=self.outcome_date.date(),
            reason=self.reason_edit.toPlainText(),
            expected_version=self.view.outcome.version,
            on_done=self._changed,
            on_error=self._outcome_failed,
            owner=self,
        )

    def _confirm_not_engaged(self) -> bool:
        """Not engaged bars the person from DIVERT (rule 3): say so, and ask first."""
        r = self.view.referral
        question = (
            f"Close {r.person_name}'s referral {r.police_reference} as not engaged?\n\n"
            f"This means {r.person_name} will not be offered DIVERT again if the police refer "
            "them in future, unless a manager overrides it with a written reason."
        )
        return ask(
            self, self.windowTitle(), question, "Close as not engaged", "Keep the referral open"
        )

    def _outcome_failed(self, error: TaskError) -> None:
        self.close_button.setEnabled(True)
        self.outcome_errors.show(error.field, error.message)

    def save_followup(self) -> None:
        self.follow_errors.clear()
        chosen = next((r for r, b in self.follow_radios.items() if b.isChecked()), None)
        try:
            rearrest = self.rearrest_date.date("rearrest_date")
        except ValidationError as exc:
            self.follow_errors.show(exc.field, exc.message)
            return
        self.follow_button.setEnabled(False)
        self.runner.run(
            outcomes.record_followup,
            self.db,
            self.actor,
            self.view.referral.referral_id,
            rearrested=chosen,
            learned_on=self.learned_date.date(),
            source=self.source_edit.text(),
            rearrest_date=rearrest,
            expected_version=self.view.outcome.version,
            on_done=self._changed,
            on_error=self._follow_failed,
            owner=self,
        )

    def save_consent(self) -> None:
        self.consent_error.hide()
        self.consent_button.setEnabled(False)
        self.runner.run(
            outcomes.record_consent_to_share,
            self.db,
            self.actor,
            self.view.referral.referral_id,
            self.consent_combo.currentData(),
            expected_version=self.view.outcome.version,
            on_done=self._changed,
            on_error=self._consent_failed,
            owner=self,
        )

    def _consent_failed(self, error: TaskError) -> None:
        self.consent_button.setEnabled(True)
        self.consent_error.setText(error.message)
        self.consent_error.show()

    def _follow_failed(self, error: TaskError) -> None:
        self.follow_button.setEnabled(True)
        self.follow_errors.show(error.field, error.message)

    def _changed(self, _dto: outcomes.OutcomeDTO) -> None:
        self.close_button.setEnabled(True)
        self.follow_button.setEnabled(True)
        self.consent_button.setEnabled(True)
        self.reason_edit.clear()
        self.sig_changed.emit(_dto)
        self.runner.run(
            outcomes.get_outcome,
            self.db,
            self.actor,
            self.view.referral.referral_id,
            on_done=self.show_view,
            owner=self,
        )
