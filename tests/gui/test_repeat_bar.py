"""The repeat-referral bar at the desk: "new person" cannot step round it (DOMAIN rules 3 and 4),
and a manager lets a held referral go ahead from the person's record, with a reason."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import Qt

from divert_desktop.core.enums import IneligibleReason, ReferralStatus, Role
from divert_desktop.gui.intake.override_dialog import OverrideDialog
from divert_desktop.gui.people.record_dialog import PersonDialog, open_person_record
from divert_desktop.persistence.models import Appointment, AuditEvent, Person, Referral
from tests.gui.intake_helpers import (
    checked,
    choose,
    count,
    fill,
    fill_referral,
    open_day,
    open_intake,
    referral_row,
    save,
    seed_referral,
    tick,
    typed_date,
    years_ago,
)

LEFT = Qt.MouseButton.LeftButton


def test_confirming_a_new_person_does_not_step_round_the_bar(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    born = years_ago(24)
    barred = seed_referral(
        sqlite_db,
        "WMP-2025-007310",
        "Orlagh",
        "Fennimore-Ward",
        born,
        postcode="DY1 1HF",
        not_engaged=True,
    )
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    u = dialog.ui
    fill_referral(qtbot, dialog, born=born)
    fill(qtbot, u.appointment_datetime_edit, f"{typed_date(open_day(2))} 11:00")
    choose(u.appointment_venue_combo, "Dudley")
    checked(qtbot, dialog)
    assert dialog.matches.model.rowCount() == 1  # a likely match, not a certain one
    held_text = (
        "Not offered DIVERT yet: this may be the same person as the one referred under "
        "WMP-2025-007310"
    )
    assert u.eligibility_label.text().startswith(held_text)
    tick(qtbot, u.new_person_radio)
    checked(qtbot, dialog)
    assert u.eligibility_label.text().startswith(held_text)
    assert "a manager must confirm that with a reason" in u.eligibility_label.text()
    assert not u.override_check.isVisible() and u.override_note_label.isVisible()
    assert u.save_button.text() == "Save, held for a manager"
    saved = save(qtbot, dialog)
    assert saved.referral.new_person and saved.referral.person_id != barred.person_id
    referral = referral_row(sqlite_db, "WMP-2026-013377")
    assert (referral.status, referral.status_reason) == (
        ReferralStatus.HELD,
        IneligibleReason.PREVIOUS_NOT_ENGAGED.value,
    )
    assert count(sqlite_db, Appointment) == 0
    assert count(sqlite_db, Person) == 2


def _held_person(db: Any) -> int:
    born = years_ago(33)
    first = seed_referral(db, "WMP-2025-004411", "Orla", "Fennimore", born, not_engaged=True)
    seed_referral(db, "WMP-2026-000777", "Orla", "Fennimore", born, days_ago=3)
    assert referral_row(db, "WMP-2026-000777").status == ReferralStatus.HELD
    return first.person_id


def _open_record(qtbot: Any, db: Any, actor: Any, runner: Any, person_id: int) -> PersonDialog:
    opened: list[PersonDialog] = []
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    open_person_record(parent, db, actor, runner, person_id, on_open=opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    opened[0].keep_parent_alive = parent  # the record is the parent's child
    return opened[0]


def _choose_referral(dialog: PersonDialog, reference: str) -> None:
    tree = dialog.ui.referrals_tree
    for index in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(index)
        if item.text(0) == reference:
            tree.setCurrentItem(item)
            return
    raise AssertionError(f"{reference} is not on the record")


def test_a_manager_overrides_a_held_referral_from_the_record(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    person_id = _held_person(sqlite_db)
    manager = make_actor(sqlite_db, Role.MANAGER)
    dialog = _open_record(qtbot, sqlite_db, manager, runner, person_id)
    button = dialog.override_bar_button
    dialog.ui.record_tabs.setCurrentWidget(dialog.ui.referrals_tab)
    assert button.isVisible()
    _choose_referral(dialog, "WMP-2025-004411")  # the closed one: nothing to override
    assert not button.isEnabled()
    _choose_referral(dialog, "WMP-2026-000777")
    assert button.isEnabled()
    qtbot.mouseClick(button, LEFT)
    qtbot.waitUntil(lambda: dialog.findChild(OverrideDialog) is not None, timeout=5_000)
    override = dialog.findChild(OverrideDialog)
    assert (
        override.accessibleName() or override.windowTitle() == "Override the repeat-referral rule"
    )
    fill(qtbot, override.reason_edit, "Too short")
    qtbot.mouseClick(override.override_button, LEFT)
    qtbot.waitUntil(override.error_label.isVisible, timeout=5_000)
    assert (
        override.error_label.text() == "Write the reason for the override (at least 10 characters)"
    )
    assert referral_row(sqlite_db, "WMP-2026-000777").status == ReferralStatus.HELD
    reason = "Was in hospital during the earlier referral; agreed with the police lead"
    fill(qtbot, override.reason_edit, reason)
    qtbot.mouseClick(override.override_button, LEFT)
    qtbot.waitUntil(dialog.override_result_label.isVisible, timeout=10_000)
    assert dialog.override_result_label.text() == "Referral WMP-2026-000777 can now be booked."
    stored = referral_row(sqlite_db, "WMP-2026-000777")
    assert (stored.status, stored.override_reason, stored.overridden_by) == (
        ReferralStatus.RECEIVED,
        reason,
        manager.username,
    )
    with sqlite_db.unit_of_work(write=False) as session:
        event = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "referral.override")
        ).scalar_one()
    assert event.username == manager.username and event.details["reason"] == reason
    # The record reloads: the referral now shows as received, and nothing is left to override.
    qtbot.waitUntil(
        lambda: (
            "Received"
            in [
                dialog.ui.referrals_tree.topLevelItem(i).text(2)
                for i in range(dialog.ui.referrals_tree.topLevelItemCount())
            ]
        ),
        timeout=10_000,
    )
    _choose_referral(dialog, "WMP-2026-000777")
    assert not dialog.override_bar_button.isEnabled()


def test_staff_do_not_get_the_override(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    person_id = _held_person(sqlite_db)
    for role in (Role.RECEPTIONIST, Role.CASEWORKER):
        dialog = _open_record(qtbot, sqlite_db, make_actor(sqlite_db, role), runner, person_id)
        assert dialog.override_bar_button.isHidden()
        dialog.close()
    assert count(sqlite_db, Referral, Referral.status == ReferralStatus.HELD) == 1


def test_held_referrals_wait_on_today_and_a_manager_goes_straight_to_the_decision(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    from tests.gui.test_people_and_admin import window_for

    _held_person(sqlite_db)
    window = window_for(qtbot, sqlite_db, make_actor(sqlite_db, Role.MANAGER), runner)
    page = window.show_page("today")
    qtbot.waitUntil(lambda: page.overview is not None, timeout=10_000)
    tabs = page.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert "Held for a manager (1)" in titles
    tabs.setCurrentIndex(titles.index("Held for a manager (1)"))
    assert page.held.model.cell_text(0, 1) == "WMP-2026-000777"
    assert page.held_record_button.text().replace("&", "") == "Decide…"
    qtbot.waitUntil(page.held_record_button.isEnabled, timeout=5_000)
    qtbot.mouseClick(page.held_record_button, LEFT)
    qtbot.waitUntil(lambda: page.findChild(PersonDialog) is not None, timeout=10_000)
    dialog = page.findChild(PersonDialog)
    qtbot.addWidget(dialog)
    assert dialog.ui.record_tabs.currentWidget() is dialog.ui.referrals_tab
    assert dialog.ui.referrals_tree.currentItem().text(0) == "WMP-2026-000777"
    assert dialog.override_bar_button.isEnabled() and dialog.override_bar_button.hasFocus()


def test_the_saved_message_says_the_referral_is_held(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    born = years_ago(24)
    seed_referral(
        sqlite_db,
        "WMP-2025-007310",
        "Orlagh",
        "Fennimore-Ward",
        born,
        postcode="DY1 1HF",
        not_engaged=True,
    )
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    fill_referral(qtbot, dialog, born=born)
    checked(qtbot, dialog)
    tick(qtbot, dialog.ui.new_person_radio)
    checked(qtbot, dialog)
    assert dialog.ui.appointment_note_label.text() == (
        "No appointment will be booked until a manager lets this referral go ahead."
    )
    save(qtbot, dialog)
    assert dialog.message == (
        "Saved referral WMP-2026-013377 for Orla Fennimore, held for a manager (an earlier "
        "referral, of this person or of someone they may be, closed as not engaged); no "
        "appointment was booked. It waits on the Today page under Held for a manager."
    )


def test_a_manager_keeps_a_held_referral_as_ineligible_from_today(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    """Keep as ineligible… beside Decide…: the decision dialog, then ineligible with its reason,
    audited, and off the list."""
    from tests.gui.test_people_and_admin import window_for

    _held_person(sqlite_db)
    manager = make_actor(sqlite_db, Role.MANAGER)
    window = window_for(qtbot, sqlite_db, manager, runner)
    page = window.show_page("today")
    qtbot.waitUntil(lambda: page.overview is not None, timeout=10_000)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    page.tabs.setCurrentIndex(titles.index("Held for a manager (1)"))
    assert page.held_keep_button.text().replace("&", "") == "Keep as ineligible…"
    page.held.view.selectRow(0)
    qtbot.waitUntil(page.held_keep_button.isEnabled, timeout=5_000)
    qtbot.mouseClick(page.held_keep_button, LEFT)
    qtbot.waitUntil(lambda: page.findChild(OverrideDialog) is not None, timeout=5_000)
    decision = page.findChild(OverrideDialog)
    assert decision.override_button.isVisible() and decision.ineligible_button.isVisible()
    qtbot.mouseClick(decision.ineligible_button, LEFT)
    qtbot.waitUntil(lambda: page.held.model.rowCount() == 0, timeout=10_000)
    stored = referral_row(sqlite_db, "WMP-2026-000777")
    assert (stored.status, stored.status_reason) == (
        ReferralStatus.INELIGIBLE,
        IneligibleReason.PREVIOUS_NOT_ENGAGED.value,
    )
    assert count(sqlite_db, AuditEvent, AuditEvent.action == "referral.confirm_ineligible") == 1


def test_the_record_shows_a_held_referral_in_its_own_words_and_icon(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    from divert_desktop.gui.theme import REFERRAL_ICONS

    person_id = _held_person(sqlite_db)
    dialog = _open_record(
        qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner, person_id
    )
    tree = dialog.ui.referrals_tree
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    [held] = [i for i in items if i.text(0) == "WMP-2026-000777"]
    assert held.text(2) == "Held for a manager"
    assert REFERRAL_ICONS[ReferralStatus.HELD] == "status-held"
    assert not held.icon(2).isNull()
    assert len(set(REFERRAL_ICONS.values())) >= 6  # held has its own, not the red cross
    assert REFERRAL_ICONS[ReferralStatus.HELD] != REFERRAL_ICONS[ReferralStatus.INELIGIBLE]
