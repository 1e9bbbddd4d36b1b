"""The referral intake screen: an adult, a young person, intent to supply, the repeat-referral
bar and a manager's override, and linking to a person already recorded."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import Qt

from divert_desktop.core.enums import (
    AppointmentStatus,
    IneligibleReason,
    ReferralStatus,
    Role,
)
from divert_desktop.core.validation import format_date
from divert_desktop.gui.diary.find_slot_dialog import FindSlotDialog
from divert_desktop.persistence.models import Appointment, AuditEvent, Person, Referral
from tests.gui.conftest import find_top_level
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


def appointment_of(db: Any, referral_id: int) -> Any:
    with db.unit_of_work(write=False) as session:
        return session.execute(
            sa.select(Appointment).where(Appointment.referral_id == referral_id)
        ).scalar_one_or_none()


def test_an_adult_is_saved_and_the_initial_assessment_booked(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    u = dialog.ui
    fill_referral(qtbot, dialog, substances=("cannabis", "other"))
    fill(qtbot, u.other_substance_edit, "poppers")
    fill(qtbot, u.phone_edit, "07700 900321")
    start = datetime.combine(open_day(3), time(10, 0))
    fill(qtbot, u.appointment_datetime_edit, f"{typed_date(start.date())} 10:00")
    choose(u.appointment_venue_combo, "Dudley")
    checked(qtbot, dialog)
    assert not u.appropriate_adult_group.isVisible()
    assert u.eligibility_label.text().startswith("Eligible for DIVERT")
    assert "No one already recorded matches" in u.matches_hint_label.text()
    assert u.save_button.text() == "Save referral"
    saved = save(qtbot, dialog)
    assert saved.referral.status == ReferralStatus.BOOKED
    referral = referral_row(sqlite_db, "WMP-2026-013377")
    assert referral.status == ReferralStatus.BOOKED
    appointment = appointment_of(sqlite_db, referral.id)
    assert appointment.start_at == start and appointment.status == AppointmentStatus.BOOKED
    assert dialog.message == (
        f"Saved referral WMP-2026-013377 for Orla Fennimore; initial assessment booked "
        f"{format_date(start.date())} at 10:00, Dudley."
    )
    assert not dialog.isVisible()


def test_find_a_slot_fills_the_appointment_and_books_it(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    fill_referral(qtbot, dialog, area="Walsall")
    qtbot.mouseClick(dialog.ui.find_slot_button, LEFT)
    finder = find_top_level(FindSlotDialog, "find_slot_dialog")
    assert finder is not None
    qtbot.waitUntil(lambda: finder.slots_list.count() > 1, timeout=10_000)
    assert all(slot.venue_name == "Walsall" for slot in finder.slots)
    finder.slots_list.setCurrentRow(1)
    finder.choose_button.click()
    slot = finder.slots[1]
    assert dialog.ui.appointment_venue_combo.currentText() == "Walsall"
    assert "Chosen slot" in dialog.ui.appointment_note_label.text()
    saved = save(qtbot, dialog)
    assert saved.referral.appointment_start == slot.start_at
    appointment = appointment_of(sqlite_db, saved.referral.id)
    assert (appointment.start_at, appointment.venue_id) == (slot.start_at, slot.venue_id)


def test_a_young_person_needs_an_appropriate_adult(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    u = dialog.ui
    fill_referral(qtbot, dialog, first="Kit", last="Marlowe", born=years_ago(15))
    assert u.appropriate_adult_group.isVisible()
    assert "under 18" in u.eligibility_label.text() and "Not eligible" in u.eligibility_label.text()
    qtbot.mouseClick(u.save_button, LEFT)  # refused: the adult's details are required
    qtbot.waitUntil(lambda: dialog.summary.visible, timeout=10_000)
    assert u.appropriate_adult_name_error_label.text() == "Enter the appropriate adult's name"
    assert "appropriate_adult_relationship" in dialog.summary.messages
    assert referral_row(sqlite_db, "WMP-2026-013377") is None
    fill(qtbot, u.appropriate_adult_name_edit, "Jo Marlowe")
    fill(qtbot, u.appropriate_adult_relationship_edit, "mother")
    fill(qtbot, u.appropriate_adult_phone_edit, "07700 900444")
    fill(qtbot, u.appointment_datetime_edit, f"{typed_date(open_day(2))} 11:00")
    choose(u.appointment_venue_combo, "Dudley")
    checked(qtbot, dialog)
    assert u.eligibility_label.text().startswith("Eligible for DIVERT. Young person")
    assert u.appropriate_adult_name_error_label.isHidden()
    saved = save(qtbot, dialog)
    assert saved.referral.young_person and saved.referral.status == ReferralStatus.BOOKED
    referral = referral_row(sqlite_db, "WMP-2026-013377")
    assert (referral.appropriate_adult_name, referral.appropriate_adult_phone) == (
        "Jo Marlowe",
        "07700900444",
    )


def test_a_young_person_without_an_appropriate_adult_is_saved_as_not_eligible(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    u = dialog.ui
    fill_referral(qtbot, dialog, born=years_ago(16))
    fill(qtbot, u.appointment_datetime_edit, f"{typed_date(open_day(2))} 11:00")
    tick(qtbot, u.no_adult_check)
    assert u.save_button.text() == "Save as not eligible"
    assert not u.appointment_datetime_edit.isEnabled()
    assert "No appointment will be booked" in u.appointment_note_label.text()
    saved = save(qtbot, dialog)
    assert saved.referral.status == ReferralStatus.INELIGIBLE
    assert saved.referral.status_reason == IneligibleReason.NO_APPROPRIATE_ADULT.value
    assert appointment_of(sqlite_db, saved.referral.id) is None
    assert "as not eligible (no appropriate adult); no appointment was booked" in dialog.message


def test_the_appropriate_adult_section_hides_again_when_the_date_of_birth_is_corrected(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    u = dialog.ui
    fill(qtbot, u.date_of_birth_edit, typed_date(years_ago(17)))
    assert u.appropriate_adult_group.isVisible()
    fill(qtbot, u.date_of_birth_edit, typed_date(years_ago(18)))
    assert not u.appropriate_adult_group.isVisible()


def test_intent_to_supply_is_not_eligible_and_saved_as_such(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    u = dialog.ui
    fill_referral(qtbot, dialog)
    fill(qtbot, u.appointment_datetime_edit, f"{typed_date(open_day(2))} 11:00")
    choose(u.appointment_venue_combo, "Dudley")
    tick(qtbot, u.intent_to_supply_check)
    assert u.eligibility_label.text().startswith("Not eligible: police suspect intent to supply")
    assert "cannot be overridden" in u.eligibility_label.text()
    assert u.save_button.text() == "Save as not eligible"
    saved = save(qtbot, dialog)
    assert (saved.referral.status, saved.referral.status_reason) == (
        ReferralStatus.INELIGIBLE,
        IneligibleReason.INTENT_TO_SUPPLY.value,
    )
    assert count(sqlite_db, Appointment) == 0


def test_the_repeat_referral_bar_names_the_earlier_referral_and_staff_cannot_override(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    born = years_ago(27)
    earlier = seed_referral(
        sqlite_db, "WMP-2025-004411", "Orla", "Fennimore", born, not_engaged=True
    )
    for role in (Role.RECEPTIONIST, Role.CASEWORKER):
        dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, role), runner)
        u = dialog.ui
        fill_referral(qtbot, dialog, born=born, postcode="")
        checked(qtbot, dialog)
        when = format_date(earlier.referral_datetime.date())
        assert u.eligibility_label.text().startswith(
            f"Not offered DIVERT again: referral WMP-2025-004411 ({when}) was closed as not engaged."
        )
        assert not u.override_check.isVisible() and u.override_note_label.isVisible()
        assert u.save_button.text() == "Save, held for a manager"
        assert dialog.matches.model.rowCount() == 1
        dialog.reject_without_asking()


def test_a_manager_overrides_the_bar_with_a_reason_and_it_books(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    born = years_ago(31)
    earlier = seed_referral(
        sqlite_db, "WMP-2025-004411", "Orla", "Fennimore", born, not_engaged=True
    )
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.MANAGER), runner)
    u = dialog.ui
    fill_referral(qtbot, dialog, born=born, postcode="")
    checked(qtbot, dialog)
    assert dialog.matches.selected.person.id == earlier.person_id  # certain: preselected
    tick(qtbot, u.same_person_radio)
    checked(qtbot, dialog)
    assert u.override_check.isVisible()
    tick(qtbot, u.override_check)
    fill(qtbot, u.override_reason_edit, "Too short")
    assert u.override_reason_error_label.text() == (
        "Write the reason for the override (at least 10 characters)"
    )
    fill(qtbot, u.override_reason_edit, "Bereavement at the time; agreed with the team")
    assert u.eligibility_label.text().startswith("Eligible by manager override.")
    fill(qtbot, u.appointment_datetime_edit, f"{typed_date(open_day(2))} 11:00")
    choose(u.appointment_venue_combo, "Dudley")
    saved = save(qtbot, dialog)
    assert saved.referral.overridden and saved.referral.status == ReferralStatus.BOOKED
    assert saved.referral.person_id == earlier.person_id
    assert count(sqlite_db, AuditEvent, AuditEvent.action == "referral.override") == 1
    assert "(repeat-referral bar overridden)" in dialog.message


def test_the_match_reasons_and_referral_summary_read_without_scrolling_sideways(
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
    dialog.resize(1280, 860)
    fill_referral(qtbot, dialog, born=born)
    checked(qtbot, dialog)
    table, model = dialog.ui.matches_table, dialog.matches.model
    header = table.horizontalHeader()
    assert model.cell_text(0, 4) == "1, last not engaged"
    assert "double-barrelled" in model.cell_text(0, 5)
    reasons = model.columnCount() - 1
    # The columns are fitted again when the window changes width: at 1280 px (the smallest
    # screen the app is made for), also after a narrower window, everything fits.
    for width in (1280, 1100, 1280):
        dialog.resize(width, 860)
        qtbot.wait(50)
        if width != 1280:
            continue
        start, size = header.sectionViewportPosition(reasons), header.sectionSize(reasons)
        assert size >= min(160, table.viewport().width() // 3), width
        assert start >= 0 and start + size <= table.viewport().width(), width
        assert not table.horizontalScrollBar().isVisible(), width
        # Each cell wraps (nothing elided) and the row is as tall as the view's own measure of
        # the wrapped text, so every line shows.
        assert table.wordWrap() and table.textElideMode() == Qt.TextElideMode.ElideNone
        assert table.sizeHintForRow(0) <= table.rowHeight(0), width


def test_a_possible_match_is_listed_with_reasons_and_linked_when_confirmed(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    born = years_ago(24)
    other = seed_referral(
        sqlite_db, "WMP-2025-007310", "Orlagh", "Fennimore-Ward", born, postcode="DY1 1HF"
    )
    dialog = open_intake(qtbot, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner)
    u = dialog.ui
    fill_referral(qtbot, dialog, born=born)
    checked(qtbot, dialog)
    model = dialog.matches.model
    assert model.rowCount() == 1
    assert model.cell_text(0, 0) == "Orlagh Fennimore-Ward"
    assert "Same date of birth" in model.cell_text(0, 5) and "Same postcode" in model.cell_text(
        0, 5
    )
    assert model.cell_text(0, 4) == "1, last received"
    qtbot.mouseClick(u.save_button, LEFT)  # refused: same person or new person?
    assert dialog.summary.messages == {
        "person_choice": "Choose whether this is one of the people listed, or confirm a new person"
    }
    tick(qtbot, u.same_person_radio)
    saved = save(qtbot, dialog)
    assert saved.referral.person_id == other.person_id and not saved.referral.new_person
    assert count(sqlite_db, Person) == 1
    assert count(sqlite_db, Referral, Referral.person_id == other.person_id) == 2
