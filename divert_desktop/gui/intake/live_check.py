"""The intake screen's live checks: eligibility as it is typed, and the debounced database check
(possible matches, the repeat-referral bar) whose stale results are dropped."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from divert_desktop.core.eligibility import (
    apply_override,
    assess_eligibility,
    intent_to_supply_result,
    validate_override_reason,
)
from divert_desktop.core.enums import IneligibleReason
from divert_desktop.core.errors import ValidationError
from divert_desktop.gui.intake import fields as F
from divert_desktop.gui.intake.panels import bar_message
from divert_desktop.gui.shell.tasks import TaskError
from divert_desktop.services.intake.preview import IntakePreview, preview_referral


class LiveChecks:
    """Mixed into IntakeDialog (which provides ui, values(), refresh(), save() and the state)."""

    ui: Any
    preview: IntakePreview | None
    preview_pending: bool
    _preview_key: tuple[Any, ...] | None
    _preview_generation: int
    _save_when_checked: bool
    _preview_timer: Any
    eligibility: Any
    matches: Any
    runner: Any
    db: Any
    actor: Any
    _now: Any

    def _key(self, values: F.FormValues, now: datetime) -> tuple[Any, ...] | None:
        person = F.preview_key(values, now)
        if person is None:
            return None
        return (*person, values.local_authority, self.matches.person_id)

    def _preview_current(self, values: F.FormValues) -> bool:
        return self._preview_key is not None and self._preview_key == self._key(values, self._now())

    @property
    def bar_applies(self) -> bool:
        preview = self.preview
        return (
            preview is not None
            and preview.check.eligibility.reason == IneligibleReason.PREVIOUS_NOT_ENGAGED
        )

    def _show_eligibility(self, values: F.FormValues, now: datetime) -> None:
        view = self.eligibility
        born, when = F.valid_date_of_birth(values, now), F.referral_moment(values)
        if values.intent_to_supply:
            view.show_result(intent_to_supply_result())
            return
        if born is None or when is None or F.check_field("referral_datetime", values, now):
            view.show_waiting("Enter the person's date of birth and the referral date to check.")
            return
        local = assess_eligibility(
            referral_date=when.date(),
            date_of_birth=born,
            intent_to_supply=False,
            appropriate_adult=F.appropriate_adult(values),
        )
        if not local.eligible:
            view.show_result(local)
            return
        if not self._preview_current(values):
            view.show_waiting("Checking the person's earlier referrals…")
            return
        assert self.preview is not None
        result = self.preview.check.eligibility
        if result.reason != IneligibleReason.PREVIOUS_NOT_ENGAGED:
            view.show_result(local)
            return
        reference = result.barring_reference or ""
        text = bar_message(reference, self.preview.barring_date, possible=result.possible_repeat)
        reason: str | None = None
        if view.can_override and self.ui.override_check.isChecked():
            try:
                reason = validate_override_reason(self.ui.override_reason_edit.text())
            except ValidationError:
                reason = None
        result = apply_override(replace(result, young_person=local.young_person), reason)
        view.show_result(result, text)

    def check_now(self) -> None:
        """Run the database check (matches, the repeat-referral bar) for what is typed now."""
        self._preview_timer.stop()
        values, now = self.values(), self._now()
        key = self._key(values, now)
        if key is None:
            return
        self._preview_generation += 1
        generation = self._preview_generation
        self.preview_pending = True
        draft = F.preview_draft(key[:7], values.local_authority)

        def done(preview: IntakePreview) -> None:
            if generation != self._preview_generation:
                return  # typed on since: a newer check is on its way
            self.preview_pending = False
            self.preview, self._preview_key = preview, key
            self.matches.show_matches(preview.check.matches)
            self.refresh()
            if self._save_when_checked:
                self._save_when_checked = False
                self.save()

        def failed(error: TaskError) -> None:
            if generation != self._preview_generation:
                return
            self.preview_pending = False
            self._save_when_checked = False
            self.ui.progress_label.setText(f"Could not check for matching people: {error.message}")

        self.runner.run(
            preview_referral,
            self.db,
            draft,
            actor=self.actor,
            person_id=key[-1],
            on_done=done,
            on_error=failed,
            owner=self,
        )
