"""Helpers for the intake screen tests: open it, type into it as a user would, seed people."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import QPoint, Qt

from divert_desktop.core.eligibility import AppropriateAdult
from divert_desktop.core.enums import LocalAuthority, ReferralStatus, Substance
from divert_desktop.gui.intake import IntakeDialog
from divert_desktop.persistence.models import Referral
from divert_desktop.services.context import cli_actor
from divert_desktop.services.intake.referrals import ReferralDraft, ReferralDTO, create_referral
from divert_desktop.services.referral_state import change_status
from tests.clock import CLOCK

NOW = CLOCK.now().replace(second=0)


def typed_date(d: date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


def years_ago(years: int, days: int = 40) -> date:
    """A date of birth making someone ``years`` old (their birthday ``days`` ago)."""
    today = CLOCK.today() - timedelta(days=days)
    return (
        today.replace(year=today.year - years)
        if (today.month, today.day) != (2, 29)
        else (date(today.year - years, 2, 28))
    )


def open_intake(qtbot: Any, db: Any, actor: Any, runner: Any) -> IntakeDialog:
    dialog = IntakeDialog(db, actor, runner)
    # Closing at the end of a test must not stop to ask about unsaved input.
    qtbot.addWidget(dialog, before_close_func=lambda d: d.reject_without_asking())
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ui.appointment_venue_combo.count() > 1, timeout=10_000)
    return dialog


def fill(qtbot: Any, widget: Any, text: str, *, leave: bool = True) -> None:
    """Click into a field, type ``text`` key by key, then Tab out of it."""
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    if leave:
        qtbot.keyClick(widget, Qt.Key.Key_Tab)


def tick(qtbot: Any, box: Any) -> None:
    """Click a check box or radio button on its indicator (its middle may be empty space)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def choose(combo: Any, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered"
    combo.setCurrentIndex(index)


def fill_referral(
    qtbot: Any,
    dialog: IntakeDialog,
    *,
    reference: str = "WMP-2026-013377",
    first: str = "Orla",
    last: str = "Fennimore",
    born: date = date(1994, 6, 9),
    area: str = "Dudley",
    substances: tuple[str, ...] = ("cannabis",),
    postcode: str = "DY1 1HF",
) -> None:
    """Type a complete adult referral (no appointment)."""
    u = dialog.ui
    fill(qtbot, u.police_reference_edit, reference)
    fill(qtbot, u.officer_name_edit, "PC Hollis Marr")
    fill(qtbot, u.officer_number_edit, "5120")
    choose(u.local_authority_combo, area)
    for name in substances:
        tick(qtbot, getattr(u, f"substance_{name}_check"))
    fill(qtbot, u.first_name_edit, first)
    fill(qtbot, u.last_name_edit, last)
    fill(qtbot, u.date_of_birth_edit, typed_date(born))
    if postcode:
        fill(qtbot, u.postcode_edit, postcode)


def checked(qtbot: Any, dialog: IntakeDialog) -> None:
    """Wait until the database check for what is typed has come back."""
    qtbot.waitUntil(lambda: dialog._preview_current(dialog.values()), timeout=10_000)


def save(qtbot: Any, dialog: IntakeDialog) -> Any:
    """Click "Save referral" and wait for the saved result."""
    qtbot.mouseClick(dialog.ui.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.saved is not None or dialog.summary.visible, timeout=15_000)
    assert dialog.saved is not None, dialog.summary.messages
    return dialog.saved


def seed_referral(
    db: Any,
    reference: str,
    first: str,
    last: str,
    born: date,
    *,
    days_ago: int = 200,
    postcode: str | None = None,
    not_engaged: bool = False,
    adult: AppropriateAdult | None = None,
) -> ReferralDTO:
    """An earlier referral (closed as not engaged when asked), recorded as the command line would."""
    draft = ReferralDraft(
        police_reference=reference,
        referral_datetime=NOW - timedelta(days=days_ago),
        officer_name="PC Ada Fenwick",
        officer_number="4410",
        first_name=first,
        last_name=last,
        date_of_birth=born,
        local_authority=LocalAuthority.DUDLEY,
        substances=[(Substance.CANNABIS, None)],
        intent_to_supply=False,
        postcode=postcode,
        appropriate_adult=adult,
    )
    dto = create_referral(db, cli_actor(), draft)
    if not_engaged:
        with db.unit_of_work() as session:
            referral = session.get(Referral, dto.id)
            change_status(
                session, cli_actor(), referral, ReferralStatus.NOT_ENGAGED, "Nothing attended"
            )
    return dto


def referral_row(db: Any, reference: str) -> Any:
    with db.unit_of_work(write=False) as session:
        return session.execute(
            sa.select(Referral).where(Referral.police_reference == reference)
        ).scalar_one_or_none()


def count(db: Any, model: Any, *where: Any) -> int:
    with db.unit_of_work(write=False) as session:
        query = sa.select(sa.func.count()).select_from(model).where(*where)
        return int(session.execute(query).scalar_one())


def open_day(days_ahead: int) -> date:
    """The first day the service is open (no weekend or bank holiday) ``days_ahead`` or later."""
    from divert_desktop.core.calendar import closed_reason

    day = CLOCK.today() + timedelta(days=days_ahead)
    while closed_reason(day):
        day += timedelta(days=1)
    return day
