"""The intake screen's eligibility panel and possible-matches list."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView

from divert_desktop.core.eligibility import EligibilityResult, possible_repeat_message
from divert_desktop.core.enums import IneligibleReason
from divert_desktop.core.validation import format_date
from divert_desktop.gui.models import Column, RowTableModel
from divert_desktop.gui.theme import colour, icon, set_role
from divert_desktop.services.intake.referrals import IntakeMatch


def _name(m: IntakeMatch) -> str:
    p = m.person
    known = f" (known as {p.known_as})" if p.known_as else ""
    return f"{p.first_name} {p.last_name}{known}"


def _referrals(m: IntakeMatch) -> str:
    p = m.person
    if not p.referrals:
        return "None"
    status = p.last_status.label.lower() if p.last_status else ""
    return f"{p.referrals}, last {status}" if status else str(p.referrals)


def _referrals_tip(m: IntakeMatch) -> str:
    p = m.person
    if not p.referrals or not p.last_police_reference:
        return "No referrals recorded"
    status = p.last_status.label.lower() if p.last_status else ""
    when = f" ({format_date(p.last_referral_date)})" if p.last_referral_date else ""
    return f"{p.referrals} referral(s). The latest, {p.last_police_reference}{when}, is {status}."


def _score(m: IntakeMatch) -> str:
    return f"Certain ({m.score})" if m.certain else f"Likely ({m.score})"


MATCH_COLUMNS = [
    Column("Name", _name, tooltip=_name),
    Column(
        "Date of birth",
        lambda m: format_date(m.person.date_of_birth),
        sort_key=lambda m: m.person.date_of_birth,
    ),
    Column("Postcode", lambda m: m.person.postcode or "–"),
    Column(
        "Match",
        _score,
        sort_key=lambda m: (not m.certain, -m.score),
        icon=lambda m: "status-warning" if m.certain else "status-info",
        header_tip="How sure the app is that this is the same person (out of 100)",
    ),
    Column("Referrals", _referrals, sort_key=lambda m: m.person.referrals, tooltip=_referrals_tip),
    Column(
        "Why they match", lambda m: "; ".join(m.reasons), tooltip=lambda m: "; ".join(m.reasons)
    ),
]

# widest a short column grows before its text wraps (name, referral summary)
_MATCH_WIDTH_CAPS = {0: 130, 4: 96}
_MIN_REASONS_WIDTH = 160
_MATCH_WRAPPING = frozenset({0, 1, 4})  # columns whose text wraps onto more lines

ELIGIBILITY_ICONS = {True: "status-ok", False: "status-error", None: "status-info"}
ELIGIBILITY_COLOURS = {True: "accent", False: "error_text", None: "muted_text"}


def notice_style(edge: str) -> str:
    """A calm box with a coloured edge (the edge is never the only signal: words say it too)."""
    return (
        f"QLabel {{ background: {colour('notice_bg')}; color: {colour('notice_text')}; "
        f"border: none; border-left: 5px solid {colour(edge)}; padding: 6px 10px; }}"
    )


def bar_message(reference: str, when: date | None, *, possible: bool = False) -> str:
    """ "Not offered DIVERT again: referral WMP-1 (Wed 2 Dec 2026) was closed as not engaged".

    ``possible``: the referral belongs to a likely match, not to the person chosen.
    """
    dated = f" ({format_date(when)})" if when else ""
    if possible:
        return possible_repeat_message(reference, dated)
    return f"Not offered DIVERT again: referral {reference}{dated} was closed as not engaged."


class EligibilityView(QObject):
    """Shows the eligibility the screen worked out, with the override controls for a manager."""

    def __init__(self, ui: Any, can_override: bool) -> None:
        super().__init__()
        self.ui = ui
        self.can_override = can_override
        set_role(ui.override_note_label, "hint")
        self.state: bool | None = None
        self.show_waiting("Enter the person's date of birth and the referral date to check.")

    def _show(self, eligible: bool | None, text: str) -> None:
        u = self.ui
        self.state = eligible
        u.eligibility_icon_label.setPixmap(icon(ELIGIBILITY_ICONS[eligible]).pixmap(QSize(22, 22)))
        words = {True: "Eligible", False: "Not eligible", None: "Not checked yet"}[eligible]
        u.eligibility_icon_label.setToolTip(words)
        u.eligibility_icon_label.setAccessibleDescription(words)
        u.eligibility_label.setStyleSheet(notice_style(ELIGIBILITY_COLOURS[eligible]))
        u.eligibility_label.setText(text)
        u.eligibility_label.setAccessibleDescription(text)

    def show_waiting(self, text: str) -> None:
        self._show(None, text)
        self.show_override(False)

    def show_result(self, result: EligibilityResult, bar_text: str | None = None) -> None:
        """Show a rules result; ``bar_text`` names the earlier referral when the bar applies."""
        barred = result.reason == IneligibleReason.PREVIOUS_NOT_ENGAGED or result.overridden
        if result.reason == IneligibleReason.PREVIOUS_NOT_ENGAGED:
            text = bar_text or result.message
            if self.can_override:
                text += " You can override this with a reason, as a manager."
            text += " If saved like this, it is recorded as not eligible and nothing is booked."
        elif result.overridden:
            text = (bar_text or result.message).replace("Not offered DIVERT again: ", "")
            text = text.replace("Not offered DIVERT yet: ", "")
            text = f"Eligible by manager override. {text[:1].upper()}{text[1:]}"
        elif not result.eligible:
            text = result.message + (
                " It cannot be overridden: saving records it as not eligible and no appointment is booked."
            )
        else:
            text = "Eligible for DIVERT."
            if result.young_person:
                text += " Young person: letters also go to the appropriate adult."
        self._show(result.eligible, text)
        self.show_override(barred)

    def show_override(self, barred: bool) -> None:
        u = self.ui
        u.override_check.setVisible(barred and self.can_override)
        checked = u.override_check.isChecked()
        show_reason = barred and self.can_override and checked
        for widget in (u.override_reason_label, u.override_reason_edit):
            widget.setVisible(show_reason)
        if not show_reason:
            u.override_reason_error_label.hide()
        u.override_note_label.setVisible(barred and not self.can_override)


class MatchesView(QObject):
    """The possible-matches table and the choice: this is the same person, or a new person.

    ``sig_choice_changed`` follows the choice; ``person_id`` is the person to link (or None).
    """

    sig_choice_changed = Signal()

    def __init__(self, ui: Any) -> None:
        super().__init__()
        self.ui = ui
        u = ui
        self.model = RowTableModel(MATCH_COLUMNS)
        table = u.matches_table
        table.setModel(self.model)
        table.verticalHeader().hide()
        # the reasons (last column) stretch into the room left and wrap, so they read without
        # scrolling sideways; rows grow to fit them
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.setAlternatingRowColors(True)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setTabKeyNavigation(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setHighlightSections(False)
        table.horizontalHeader().sectionResized.connect(lambda *_: table.resizeRowsToContents())
        table.setMinimumHeight(110)
        table.setMaximumHeight(230)
        table.viewport().installEventFilter(self)  # its width is known once it has resized
        set_role(u.matches_hint_label, "hint")
        table.selectionModel().currentRowChanged.connect(lambda *_: self._row_changed())
        u.same_person_radio.toggled.connect(lambda _on: self._choice())
        u.new_person_radio.toggled.connect(lambda _on: self._choice())
        self.matches: list[IntakeMatch] = []
        self.show_matches(None)

    @property
    def has_matches(self) -> bool:
        return bool(self.matches)

    @property
    def decided(self) -> bool:
        u = self.ui
        return not self.matches or (
            u.same_person_radio.isChecked() or u.new_person_radio.isChecked()
        )

    @property
    def selected(self) -> IntakeMatch | None:
        index = self.ui.matches_table.currentIndex()
        return self.model.row(index) if index.isValid() else None

    @property
    def person_id(self) -> int | None:
        """The person the user said this is (None: a new person, or not decided)."""
        chosen = self.selected
        same = self.ui.same_person_radio.isChecked()
        return chosen.person.id if same and chosen is not None else None

    def show_matches(self, matches: list[IntakeMatch] | None) -> None:
        """Show the people who may be the same (None: not searched yet); keeps the choice when
        the same people are listed again."""
        u = self.ui
        table = u.matches_table
        before = [m.person.id for m in self.matches]
        kept = self.selected.person.id if self.selected else None
        self.matches = list(matches or [])
        if matches is None:
            u.matches_hint_label.setText(
                "People already recorded who may be the same person are listed here once the "
                "name and date of birth are entered."
            )
        elif not matches:
            u.matches_hint_label.setText(
                "No one already recorded matches: a new person will be added."
            )
        else:
            u.matches_hint_label.setText(
                "These people may be the same person. Select one and choose “This is the same "
                "person”, or confirm this is a new person. Records are never merged without you."
            )
        table.setVisible(bool(self.matches))
        for radio in (u.same_person_radio, u.new_person_radio):
            radio.setVisible(bool(self.matches))
        if [m.person.id for m in self.matches] == before:
            return
        self.model.set_rows(self.matches)
        self._fit()
        self._clear_choice()
        position = self.model.find(lambda m: m.person.id == kept) if kept else -1
        if position < 0:
            position = self.model.find(lambda m: m.certain)
        if position < 0 and self.matches:
            position = 0
        if position >= 0:
            table.selectRow(position)
        self._row_changed()

    def _fit(self) -> None:
        """Short columns as wide as their contents (the name and the referral summary wrap
        rather than grow past a cap); the reasons take the rest of the width and wrap."""
        table = self.ui.matches_table
        header = table.horizontalHeader()
        last = self.model.columnCount() - 1
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.resizeColumnsToContents()
        widths = [
            min(header.sectionSize(column) + 8, _MATCH_WIDTH_CAPS.get(column, 150))
            for column in range(last)
        ]
        # The reasons keep at least a third of the width (the short columns wrap instead), so
        # they read without scrolling sideways on a narrow screen too.
        room = table.viewport().width() - max(_MIN_REASONS_WIDTH, table.viewport().width() // 3)
        if sum(widths) > room > 0:  # the name, date of birth and referral summary wrap well
            fixed = sum(w for c, w in enumerate(widths) if c not in _MATCH_WRAPPING)
            flexible = sum(w for c, w in enumerate(widths) if c in _MATCH_WRAPPING)
            share = max(room - fixed, 0)
            widths = [
                max(56, w * share // flexible) if c in _MATCH_WRAPPING else w
                for c, w in enumerate(widths)
            ]
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
        header.setSectionResizeMode(last, QHeaderView.ResizeMode.Stretch)
        table.resizeRowsToContents()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Fit the columns again when the table changes width (the dialog is resized)."""
        if event.type() == QEvent.Type.Resize and self.matches:
            self._fit()
            # the stretched last column settles after this event: measure the rows again then
            QTimer.singleShot(0, self.ui.matches_table.resizeRowsToContents)
        return False

    def _clear_choice(self) -> None:
        u = self.ui
        for radio in (u.same_person_radio, u.new_person_radio):
            radio.setAutoExclusive(False)
            radio.setChecked(False)
            radio.setAutoExclusive(True)

    def _row_changed(self) -> None:
        u = self.ui
        chosen = self.selected
        certain = chosen is not None and chosen.certain
        u.new_person_radio.setEnabled(not certain)
        u.new_person_radio.setToolTip(
            "Same first name, last name and date of birth: this is the same person. A manager "
            "can separate two records later if needed."
            if certain
            else "Add a new person's record (the possible match is kept for review)"
        )
        if certain and u.new_person_radio.isChecked():
            self._clear_choice()
        u.same_person_radio.setEnabled(chosen is not None)
        self.sig_choice_changed.emit()

    def _choice(self) -> None:
        self.ui.person_choice_error_label.hide()
        self.sig_choice_changed.emit()
