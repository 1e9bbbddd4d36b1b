"""New referral: a police referral taken by phone or email, checked as it is typed, then saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from divert_desktop.core.eligibility import (
    validate_override_reason,
)
from divert_desktop.core.enums import (
    Gender,
    LocalAuthority,
    Substance,
)
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.gui.forms.ui_intake_dialog import Ui_IntakeDialog
from divert_desktop.gui.intake import fields as F
from divert_desktop.gui.intake.appointment import AppointmentPart, typed
from divert_desktop.gui.intake.error_summary import ErrorSummary
from divert_desktop.gui.intake.live_check import LiveChecks
from divert_desktop.gui.intake.panels import EligibilityView, MatchesView, notice_style
from divert_desktop.gui.intake.saving import IntakeSaved, save_intake, saved_message
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import GuardedDialog, fit_to_screen, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services import lists
from divert_desktop.services.context import Actor
from divert_desktop.services.diary.slots import SlotConflictError
from divert_desktop.services.intake.preview import IntakePreview

PREVIEW_DELAY_MS = 300
CONSENT_CHOICES = (
    ("Not asked yet", None),
    ("Yes: the person agrees", True),
    ("No: the person does not agree", False),
)


class IntakeDialog(LiveChecks, AppointmentPart, GuardedDialog):
    """The referral intake screen. ``sig_saved(IntakeSaved)`` follows a save; ``message`` then
    holds the sentence for the status bar."""

    sig_saved = Signal(object)
    discard_question = "Discard this referral? Nothing has been saved yet."

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_IntakeDialog()
        self.ui.setupUi(self)
        self.db, self.actor, self.runner = db, actor, runner
        self._now = now or db.clock.now
        self.saving = False
        self.saved: IntakeSaved | None = None
        self.message = ""
        self.slot: Any = None  # the SlotDTO chosen with "Find a slot…"
        self.preview: IntakePreview | None = None
        self.preview_pending = False
        self._preview_key: tuple[Any, ...] | None = None
        self._preview_generation = 0
        self._save_when_checked = False
        self._touched: set[str] = set()
        u = self.ui
        fit_to_screen(self)
        make_heading(u.heading_label)
        for label in (u.intro_label, u.adult_intro_label, u.appointment_hint_label):
            set_role(label, "hint")
        set_role(u.progress_label, "hint")
        u.appointment_note_label.setStyleSheet(notice_style("accent"))
        u.notes_text.setMaximumHeight(64)
        u.substances_label.setBuddy(u.substance_cannabis_check)
        u.columns_layout.setStretch(0, 0)
        u.columns_layout.setStretch(1, 1)
        u.eligibility_icon_label.setFixedSize(24, 24)
        u.eligibility_row.setStretch(1, 1)
        u.eligibility_row.setAlignment(u.eligibility_icon_label, Qt.AlignmentFlag.AlignTop)
        self._align_labels()
        for label in self.findChildren(QLabel):
            if label.wordWrap():  # text starts at the top when the label is given more room
                label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        u.save_button.setDefault(True)
        self.substance_checks: dict[Substance, QCheckBox] = {
            s: getattr(u, f"substance_{s.name.lower()}_check") for s in Substance
        }
        self._fill_choices()
        self.error_labels = {name: getattr(u, f"{name}_error_label") for name in F.FIELD_ORDER}
        for label in self.error_labels.values():
            set_role(label, "error")
            label.hide()
        self.summary = ErrorSummary(u, self.focus_field)
        self.eligibility = EligibilityView(u, actor.can(Action.OVERRIDE_ELIGIBILITY))
        self.matches = MatchesView(u)
        u.referral_datetime_edit.setText(typed(self._now()))
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.check_now)
        self._connect()
        name_controls(self)
        self._initial = self._snapshot()
        self.refresh()
        self.runner.run(
            lists.list_venues,
            db,
            actor,
            on_done=self._venues_loaded,
            on_error=self._venues_failed,
            owner=self,
        )
        u.police_reference_edit.setFocus()

    # ---------------------------------------------------------------- building
    def _fill_choices(self) -> None:
        u = self.ui
        u.local_authority_combo.addItem("Choose an area", None)
        for area in LocalAuthority:
            u.local_authority_combo.addItem(area.value, area)
        u.gender_combo.addItem("Not recorded", None)
        for gender in Gender:
            u.gender_combo.addItem(gender.value[:1].upper() + gender.value[1:], gender)
        for text, value in CONSENT_CHOICES:
            u.consent_to_share_combo.addItem(text, value)
        u.appointment_venue_combo.addItem("Choose a venue", None)
        if not self.actor.can(Action.BOOK_APPOINTMENT):
            u.find_slot_button.setToolTip("Only staff who book appointments can find a slot")

    def _align_labels(self) -> None:
        """One label width for every section, so the fields line up down the whole form."""
        labels = []
        for form in self.findChildren(QFormLayout):
            for row in range(form.rowCount()):
                item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                if item is not None and isinstance(item.widget(), QLabel):
                    labels.append(item.widget())
        width = max((label.sizeHint().width() for label in labels), default=0) + 8
        for label in labels:
            label.setMinimumWidth(width)

    def _connect(self) -> None:
        u = self.ui
        for name in F.FIELD_ORDER:
            widget = getattr(u, f"{name}_edit", None)
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _t, n=name: self.refresh(editing=n))
                widget.editingFinished.connect(lambda n=name: self.leave(n))
        for combo in (u.local_authority_combo, u.appointment_venue_combo):
            name = combo.objectName().removesuffix("_combo")
            combo.currentIndexChanged.connect(lambda _i, n=name: self.leave(n))
        for check in self.substance_checks.values():
            check.toggled.connect(lambda _on: self.leave("substances"))
        u.other_substance_edit.textEdited.connect(lambda _t: self.refresh(editing="substances"))
        u.other_substance_edit.editingFinished.connect(lambda: self.leave("substances"))
        for check in (u.intent_to_supply_check, u.no_adult_check, u.override_check):
            check.toggled.connect(lambda _on: self.refresh())
        u.override_reason_edit.textEdited.connect(
            lambda _t: self.refresh(editing="override_reason")
        )
        u.override_reason_edit.editingFinished.connect(lambda: self.leave("override_reason"))
        self.matches.sig_choice_changed.connect(self.refresh)
        u.find_slot_button.clicked.connect(self.find_slot)
        u.clear_appointment_button.clicked.connect(self.clear_appointment)
        u.next_open_day_button.clicked.connect(self.use_next_open_day)
        u.save_button.clicked.connect(self.save)
        u.cancel_button.clicked.connect(self.reject)

    def _venues_loaded(self, venues: list[lists.VenueOption]) -> None:
        combo = self.ui.appointment_venue_combo
        for venue in venues:
            if combo.findData(venue.id) < 0:
                combo.addItem(venue.name, venue.id)

    def _venues_failed(self, error: TaskError) -> None:
        self.ui.progress_label.setText(f"The venues could not be loaded: {error.message}")

    # ---------------------------------------------------------------- reading the form
    def values(self) -> F.FormValues:
        u = self.ui
        text = {
            name: widget.text()
            for name in F.FIELD_ORDER
            if isinstance(widget := getattr(u, f"{name}_edit", None), QLineEdit)
        }
        return F.FormValues(
            text=text,
            local_authority=u.local_authority_combo.currentData(),
            gender=u.gender_combo.currentData(),
            substances=[s for s, check in self.substance_checks.items() if check.isChecked()],
            other_substance=u.other_substance_edit.text(),
            intent_to_supply=u.intent_to_supply_check.isChecked(),
            consent_to_share=u.consent_to_share_combo.currentData(),
            no_adult=u.no_adult_check.isChecked(),
            venue=u.appointment_venue_combo.currentText()
            if u.appointment_venue_combo.currentData() is not None
            else None,
            notes=u.notes_text.toPlainText(),
        )

    def _snapshot(self) -> tuple[Any, ...]:
        u = self.ui
        return (
            tuple(e.text() for e in self.findChildren(QLineEdit) if e.objectName()),
            tuple(c.isChecked() for c in self.findChildren(QCheckBox)),
            tuple(c.currentIndex() for c in self.findChildren(QComboBox)),
            u.notes_text.toPlainText(),
            u.appointment_venue_combo.count(),
        )

    def has_unsaved_input(self) -> bool:
        return self.saved is None and self._snapshot()[:-1] != self._initial[:-1]

    def field_widget(self, name: str) -> QWidget:
        u = self.ui
        special = {
            "substances": u.substance_cannabis_check,
            "person_choice": u.matches_table,
            "notes": u.notes_text,
        }
        if name in special:
            return special[name]
        return getattr(u, f"{name}_edit", None) or getattr(u, f"{name}_combo")

    def focus_field(self, name: str) -> None:
        widget = self.field_widget(name)
        self.ui.scroll_area.ensureWidgetVisible(widget, 40, 60)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---------------------------------------------------------------- live checks
    def leave(self, name: str) -> None:
        """The user left a field (or changed a choice): check it from now on."""
        self._touched.add(name)
        self.refresh()

    def errors(self, values: F.FormValues, now: datetime) -> dict[str, str]:
        """Every problem that stops a save, by field, in screen order."""
        young = F.is_young(values, now)
        errors = F.check_all(values, now)
        if not young:
            for name in ("appropriate_adult_name", "appropriate_adult_relationship"):
                errors.pop(name, None)
            errors.pop("appropriate_adult_phone", None)
        if (
            self.bar_applies
            and self.ui.override_check.isChecked()
            and self.eligibility.can_override
        ):
            try:
                validate_override_reason(self.ui.override_reason_edit.text())
            except ValidationError as exc:
                errors["override_reason"] = exc.message
        if self.matches.has_matches and not self.matches.decided and self._preview_current(values):
            errors["person_choice"] = (
                "Choose whether this is one of the people listed, or confirm a new person"
            )
        if self.preview and self._preview_current(values) and self.preview.check.reference_taken:
            reference = values.get("police_reference")
            if reference:
                errors["police_reference"] = (
                    f"A referral with police reference {reference} is already recorded"
                )
        return {name: errors[name] for name in F.field_order(errors)}

    def set_error(self, name: str, message: str | None) -> None:
        label, widget = self.error_labels[name], self.field_widget(name)
        label.setText(message or "")
        label.setVisible(bool(message))
        widget.setProperty("invalid", bool(message))
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        widget.setAccessibleDescription(message or "")

    def refresh(self, editing: str | None = None) -> None:
        """Bring everything up to date with what is typed: field messages, the appropriate-adult
        section, eligibility, the database check (debounced) and the save button."""
        values, now = self.values(), self._now()
        young = F.is_young(values, now)
        self.ui.appropriate_adult_group.setVisible(young)
        self._mark_adult_required(young and not values.no_adult)
        errors = self.errors(values, now)
        for name in F.FIELD_ORDER:
            if name not in self._touched:
                continue
            message = errors.get(name)
            if name == editing and message and self.error_labels[name].isHidden():
                continue  # do not nag while the first value is still being typed
            self.set_error(name, message)
        if self.summary.visible:
            self.summary.show(errors)
        self._show_eligibility(values, now)
        key = self._key(values, now)
        if key is None:
            self.matches.show_matches(None)
        elif key != self._preview_key:
            self._preview_timer.start()
        self._update_appointment()

    def _mark_adult_required(self, required: bool) -> None:
        """A young person's appropriate adult: name and relationship are marked required (*),
        with a tooltip saying why, before anything is saved."""
        u = self.ui
        tip = (
            "Required: the person is under 18 on the referral date, so the appropriate adult's "
            "name and relationship must be recorded"
            if required
            else "Not needed: no appropriate adult was present"
        )
        for name, words in (
            ("appropriate_adult_name", "Name"),
            ("appropriate_adult_relationship", "Relationship"),
        ):
            label, edit = getattr(u, f"{name}_label"), getattr(u, f"{name}_edit")
            label.setText(f"{words} *" if required else words)
            label.setToolTip(tip)
            edit.setToolTip(tip)
            edit.setAccessibleName(
                f"Appropriate adult's {words.lower()}" + (" (required)" if required else "")
            )

    # ---------------------------------------------------------------- saving
    def save(self) -> None:
        """Check everything, then save on the database worker (the form stays as typed if the
        save is refused)."""
        if self.saving:
            return
        values, now = self.values(), self._now()
        self._touched.update(F.FIELD_ORDER)
        key = self._key(values, now)
        errors = self.errors(values, now)
        if not errors and key is not None and not self._preview_current(values):
            self._save_when_checked = True
            self.ui.progress_label.setText("Checking for people who may be the same…")
            self.check_now()
            return
        self.refresh()
        if errors:
            self.summary.show(errors)
            self.ui.progress_label.clear()
            self.ui.scroll_area.ensureVisible(0, 0)
            return
        self.summary.hide()
        eligible = self.eligibility.state is True
        draft = F.build_draft(values, now, with_appointment=eligible)
        override = None
        if self.bar_applies and self.ui.override_check.isChecked() and eligible:
            override = self.ui.override_reason_edit.text().strip()
        caseworker = self.slot.caseworker_id if self._slot_still_chosen() and eligible else None
        self._set_saving(True)
        self.runner.run(
            save_intake,
            self.db,
            self.actor,
            draft,
            person_id=self.matches.person_id,
            override_reason=override,
            caseworker_id=caseworker,
            address=F.typed_address(values),
            on_done=self._saved,
            on_error=self._save_failed,
            owner=self,
        )

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.ui.save_button.setEnabled(not saving)
        self.ui.progress_label.setText("Saving the referral…" if saving else "")

    def _saved(self, saved: IntakeSaved) -> None:
        self._set_saving(False)
        self.saved, self.message = saved, saved_message(saved)
        self.sig_saved.emit(saved)
        self.accept()

    def _save_failed(self, error: TaskError) -> None:
        self._set_saving(False)
        field = error.field
        if field is None and isinstance(error.exception, SlotConflictError):
            field = "appointment_datetime"  # the diary refused the time: say so next to it
        if field in self.error_labels:
            self.set_error(field, error.message)
            self.summary.show({field: error.message})
        else:
            self.summary.show({"": error.message})
        self.ui.scroll_area.ensureVisible(0, 0)

    def reject(self) -> None:
        if self.saving:
            return  # the save finishes first; then the dialog closes by itself
        super().reject()
