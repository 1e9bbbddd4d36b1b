"""Casework screens driven as staff would: a session note completing a referral, an onward
referral blocked without consent then sent with it, the caseload and service directory pages,
outcomes, and a receptionist who sees none of it."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from divert_desktop.core.clock import FixedClock
from divert_desktop.core.enums import (
    FollowUpResult,
    LocalAuthority,
    OnwardStatus,
    ReferralStatus,
    Role,
)
from divert_desktop.gui.casework.launch import (
    open_new_onward,
    open_onward,
    open_outcome,
    open_session_note,
)
from divert_desktop.gui.people.record_dialog import PersonDialog
from divert_desktop.gui.shell.main_window import MainWindow
from divert_desktop.persistence.models import AuditEvent, OnwardReferral, Referral
from divert_desktop.services.casework import assessments
from divert_desktop.services.casework.drafts import DraftStore, assessment_key
from divert_desktop.services.context import cli_actor
from divert_desktop.services.diary import booking
from divert_desktop.services.lists import person_record
from tests.db.casework_helpers import add_service, booked_case, complete_answers
from tests.db.test_booking import venue
from tests.gui.casework_helpers import click, opened
from tests.gui.conftest import type_text, wait_idle
from tests.gui.test_accessibility import badly_named, unnamed_controls


@pytest.fixture(autouse=True)
def private_drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIVERT_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def host(qtbot: Any) -> QWidget:
    parent = QWidget()
    qtbot.addWidget(parent)
    return parent


def status_of(db: Any, referral_id: int) -> ReferralStatus:
    with db.unit_of_work(write=False) as s:
        return s.get(Referral, referral_id).status


def test_a_session_note_completes_the_referral(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db)
    assessments.save_assessment(
        sqlite_db,
        actor,
        referral_id=case.referral_id,
        form_id="divert_assessment",
        form_version="1",
        answers=complete_answers(),
        appointment_id=case.initial_id,
    )
    assert status_of(sqlite_db, case.referral_id) == ReferralStatus.ENGAGED
    dialog = opened(qtbot, open_session_note, host, sqlite_db, actor, runner, case.referral_id)
    assert dialog.windowTitle() == "Educational session"
    assert dialog.plan_label.text() == "0 of 1 planned session attended"
    assert unnamed_controls(dialog) == [] and badly_named(dialog) == []
    click(qtbot, dialog.save_button)  # nothing ticked: the topics are asked for
    qtbot.waitUntil(lambda: dialog.errors.message("topics") != "", timeout=10_000)
    assert dialog.errors.message("topics") == "Tick at least one topic the session covered"
    click(qtbot, dialog.topic_boxes["drug harms"])
    click(qtbot, dialog.topic_boxes["harm reduction"])
    type_text(qtbot, dialog.reflections_edit, "Surprised how strong it is now.")
    type_text(qtbot, dialog.next_steps_edit, "Cut down at weekends.")
    with qtbot.waitSignal(dialog.sig_saved, timeout=15_000) as saved:
        click(qtbot, dialog.save_button)
    note = saved.args[0]
    assert note.attended and note.topics == ("drug harms", "harm reduction")
    assert status_of(sqlite_db, case.referral_id) == ReferralStatus.COMPLETED


def test_an_onward_referral_is_blocked_without_consent_then_sent_with_it(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db)
    add_service(sqlite_db, "Example Debt Advice (invented)", service_type="Citizens Advice")
    add_service(sqlite_db, "Example Housing Advice (invented)")
    new = opened(qtbot, open_new_onward, host, sqlite_db, actor, runner, case.referral_id)
    qtbot.waitUntil(lambda: new.services.model.rowCount() == 2, timeout=10_000)
    with qtbot.waitSignal(new.services.model.modelReset, timeout=10_000):
        type_text(qtbot, new.search_edit, "housing")
    assert [s.organisation for s in new.services.model.rows] == [
        "Example Housing Advice (invented)"
    ]
    type_text(qtbot, new.reason_edit, "Sofa surfing since October")
    assert not new.share_boxes["housing"].isEnabled()  # no consent yet
    with qtbot.waitSignal(new.sig_saved, timeout=15_000) as saved:
        click(qtbot, new.save_button)
    assert saved.args[0].status == OnwardStatus.PROPOSED
    dialog = opened(qtbot, open_onward, host, sqlite_db, actor, runner, saved.args[0].id)
    assert dialog.values["consent"].text() == "Not recorded yet"
    send = dialog.action_buttons[OnwardStatus.SENT]
    assert send.isEnabled()
    click(qtbot, send)
    qtbot.waitUntil(lambda: dialog.message_label.isVisible(), timeout=10_000)
    assert dialog.message_label.text().startswith("Record the person's consent before sending")
    assert dialog.dto.status == OnwardStatus.PROPOSED
    click(qtbot, dialog.share_boxes["contact_details"])
    click(qtbot, dialog.share_boxes["housing"])
    click(qtbot, dialog.consent_button)
    qtbot.waitUntil(lambda: dialog.dto.status == OnwardStatus.CONSENT_GIVEN, timeout=10_000)
    assert not dialog.consent_box.isVisible()
    assert dialog.values["shared"].text() == "Name, address and phone number; Housing situation"
    click(qtbot, send)
    qtbot.waitUntil(lambda: dialog.dto.status == OnwardStatus.SENT, timeout=10_000)
    assert dialog.values["status"].text() == "Sent"
    assert not send.isEnabled() and dialog.action_buttons[OnwardStatus.ACCEPTED].isEnabled()
    with sqlite_db.unit_of_work(write=False) as s:
        row = s.execute(sa.select(OnwardReferral)).scalar_one()
        assert (row.status, row.share_items) == (OnwardStatus.SENT, ["contact_details", "housing"])
        assert row.sent_at is not None and row.consent_recorded_by == actor.username


def test_a_completed_referrals_onward_referral_is_updated_and_its_letter_offered_on_send(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    from divert_desktop.core.enums import LetterTemplate
    from divert_desktop.gui.letters.letter_dialog import LetterDialog
    from divert_desktop.gui.people import record_dialog as person_dialog
    from divert_desktop.services.casework import onward
    from tests.db.test_onward import completed_case
    from tests.letters_seed import set_letterhead

    set_letterhead(sqlite_db)
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = completed_case(sqlite_db, actor)
    service = add_service(sqlite_db)
    made = onward.propose_onward(
        sqlite_db,
        actor,
        case.referral_id,
        service_id=service,
        reason="Sofa surfing",
        share_items=["contact_details"],
    )
    # From the caseload: the completed referral is there while its onward referral is open, and
    # "Onward referral…" opens the record at its onward referrals.
    window = MainWindow(sqlite_db, actor, runner)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("casework")
    wait_idle(qtbot, page)
    qtbot.waitUntil(lambda: page.referrals.model.rowCount() == 1, timeout=10_000)
    assert page.referrals.model.rows[0].status == ReferralStatus.COMPLETED
    page.referrals.view.selectRow(0)
    assert page.onward_button.isEnabled()
    click(qtbot, page.onward_button)
    find = person_dialog.PersonDialog
    qtbot.waitUntil(lambda: window.findChild(find) is not None, timeout=10_000)
    record = window.findChild(find)
    tabs = record.ui.record_tabs
    assert tabs.tabText(tabs.currentIndex()) == "Onward referrals"
    table = record.findChild(QWidget, "onward_table")
    qtbot.waitUntil(lambda: table.model().rowCount() == 1, timeout=10_000)
    record.reject()
    dialog = opened(qtbot, open_onward, host, sqlite_db, actor, runner, made.id)
    assert dialog.letter_button.isVisible()  # consent given: the letter can be made already
    send = dialog.action_buttons[OnwardStatus.SENT]
    click(qtbot, send)
    qtbot.waitUntil(lambda: dialog.dto.status == OnwardStatus.SENT, timeout=10_000)
    assert "Make the referral letter to the service now" in dialog.message_label.text()
    assert dialog.letter_button.hasFocus()
    click(qtbot, dialog.letter_button)
    letter = dialog.letter_dialog
    assert isinstance(letter, LetterDialog)
    qtbot.addWidget(letter)
    qtbot.waitUntil(lambda: letter.draft is not None and not letter.loading, timeout=15_000)
    assert letter.template == LetterTemplate.ONWARD_REFERRAL
    assert letter.draft.onward_referral_id == made.id
    letter.reject()
    for status in (OnwardStatus.ACCEPTED, OnwardStatus.ATTENDED, OnwardStatus.CLOSED):
        assert dialog.action_buttons[status].isEnabled(), status
        click(qtbot, dialog.action_buttons[status])
        qtbot.waitUntil(lambda s=status: dialog.dto.status == s, timeout=10_000)
    assert not dialog.letter_button.isVisible()
    assert status_of(sqlite_db, case.referral_id) == ReferralStatus.COMPLETED


def test_consent_to_share_is_recorded_later_in_the_outcome_window(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db)
    dialog = opened(qtbot, open_outcome, host, sqlite_db, actor, runner, case.referral_id)
    combo = dialog.consent_combo
    assert combo.currentText() == "Not asked yet"
    # the answer and the police line sit together in their own group, the longest answer unclipped
    assert dialog.police_label.parent() is dialog.police_box is combo.parent()
    assert dialog.police_box.title() == "Sharing the outcome with the police"
    dialog.show()
    font = dialog.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)  # a larger system font after the window is shown
    dialog.setFont(font)
    qtbot.wait(50)
    longest = combo.fontMetrics().horizontalAdvance("No: the person did not agree")
    assert combo.width() > longest + 20  # room for the text and the arrow
    combo.setFocus()
    combo.setCurrentIndex(combo.findText("Yes: the person agreed"))
    with qtbot.waitSignal(dialog.sig_changed, timeout=15_000):
        click(qtbot, dialog.consent_button)
    qtbot.waitUntil(
        lambda: "has not been sent to the police yet" in dialog.police_label.text(), timeout=10_000
    )
    assert combo.currentText() == "Yes: the person agreed"
    with sqlite_db.unit_of_work(write=False) as s:
        assert s.get(Referral, case.referral_id).consent_to_share is True
        event = s.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "referral.consent")
        ).scalar_one()
    assert event.username == actor.username and event.details["after"] is True


def test_closing_a_referral_and_the_six_month_follow_up(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db)
    dialog = opened(qtbot, open_outcome, host, sqlite_db, actor, runner, case.referral_id)
    assert not dialog.outcome_radios[ReferralStatus.COMPLETED].isEnabled()  # nothing attended yet
    # (the invented referral does not record consent to share the outcome with the police)
    assert dialog.police_label.text() == (
        "The outcome is not sent to the police: the referral "
        "does not record the person's consent to share it."
    )
    click(qtbot, dialog.outcome_radios[ReferralStatus.WITHDRAWN])
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: dialog.outcome_errors.message("reason") != "", timeout=10_000)
    assert dialog.outcome_errors.message("reason") == "Write the reason the referral is withdrawn"
    type_text(qtbot, dialog.reason_edit, "Moved to Leeds")
    with qtbot.waitSignal(dialog.sig_changed, timeout=15_000):
        click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: dialog.closed_label.isVisible(), timeout=10_000)
    assert "Closed as withdrawn" in dialog.closed_label.text()
    assert status_of(sqlite_db, case.referral_id) == ReferralStatus.WITHDRAWN
    click(qtbot, dialog.follow_radios[FollowUpResult.NO])
    with qtbot.waitSignal(dialog.sig_changed, timeout=15_000):
        click(qtbot, dialog.follow_button)
    with sqlite_db.unit_of_work(write=False) as s:
        assert s.get(Referral, case.referral_id).followup_rearrested == "no"


def answer_question(qtbot: Any, button: str, asked: list[str]) -> None:
    """Answer the next question box (run modally by the code under test) with ``button``."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

    def reply(tries: int = 250) -> None:
        box = next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.objectName() == "question_box" and w.isVisible()
            ),
            None,
        )
        if box is None:
            if tries:
                QTimer.singleShot(20, lambda: reply(tries - 1))
            return
        asked.append(box.text())
        asked.append(" / ".join(b.text() for b in box.buttons()))
        qtbot.mouseClick(box.findChild(QPushButton, button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, reply)


def test_closing_as_not_engaged_asks_first_and_says_what_it_means(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db)
    dialog = opened(qtbot, open_outcome, host, sqlite_db, actor, runner, case.referral_id)
    click(qtbot, dialog.outcome_radios[ReferralStatus.NOT_ENGAGED])
    click(qtbot, dialog.close_button)  # no reason yet: told so before any question
    assert dialog.outcome_errors.message("reason") == "Write the reason the referral is not engaged"
    type_text(qtbot, dialog.reason_edit, "Declined at the door")
    asked: list[str] = []
    answer_question(qtbot, "keep_button", asked)
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=5_000)
    reference = dialog.view.referral.police_reference
    assert asked[0].startswith(f"Close Robin Testcase's referral {reference} as not engaged?")
    assert "will not be offered DIVERT again" in asked[0]
    assert "unless a manager overrides it with a written reason" in asked[0]
    assert set(asked[1].split(" / ")) == {"Close as not engaged", "Keep the referral open"}
    qtbot.wait(200)
    assert status_of(sqlite_db, case.referral_id) == ReferralStatus.BOOKED  # kept open
    assert dialog.outcome_box.isVisible()
    assert dialog.referral_label.text().endswith("· Booked")
    answer_question(qtbot, "confirm_button", asked)
    with qtbot.waitSignal(dialog.sig_changed, timeout=15_000):
        click(qtbot, dialog.close_button)
    assert status_of(sqlite_db, case.referral_id) == ReferralStatus.NOT_ENGAGED
    # the heading line is refreshed from the reloaded referral, not left saying "Booked"
    qtbot.waitUntil(lambda: dialog.closed_label.isVisible(), timeout=10_000)
    assert dialog.referral_label.text().endswith("· Not engaged")
    assert "Booked" not in dialog.referral_label.text()


def test_the_caseload_page_lists_next_steps_and_drafts(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_db.clock = FixedClock(datetime(2026, 12, 1, 9, 0))  # a Tuesday, before the deadline
    today = sqlite_db.clock.today()
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db, caseworker_id=actor.user_id)
    tomorrow = booked_case(sqlite_db, first="Ola", last="Later")  # someone else's caseload
    booking.book_appointment(
        sqlite_db,
        cli_actor(),
        referral_id=tomorrow.referral_id,
        type="educational_session",
        start_at=datetime.combine(today + timedelta(days=1), time(10)),
        caseworker_id=actor.user_id,
        venue_id=venue(sqlite_db, "Coventry"),
    )
    DraftStore(actor.username, database=sqlite_db.identity, clock=sqlite_db.clock).save(
        assessment_key(case.referral_id, "divert_assessment"),
        {
            "kind": "new",
            "referral_id": case.referral_id,
            "title": "Robin Testcase",
            "police_reference": "WM/TEST/1",
            "answers": {"goals_text": "Half typed"},
            "form_id": "divert_assessment",
            "form_version": "1",
        },
    )
    window = MainWindow(sqlite_db, actor, runner)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("casework")
    wait_idle(qtbot, page)
    qtbot.waitUntil(lambda: page.drafts.model.rowCount() == 1, timeout=10_000)
    rows = page.referrals.model.rows
    assert [r.person_name for r in rows] == ["Ola Later", "Robin Testcase"]
    rows = [r for r in rows if r.person_name == "Robin Testcase"]
    assert rows[0].next_key == "record_attendance" and rows[0].overdue  # booked in the past
    assert rows[0].next_step.startswith("Mark whether the initial assessment")
    assert [a.person_name for a in page.week_table.model.rows] == ["Ola Later"]
    assert unnamed_controls(window) == [] and badly_named(window) == []
    page.drafts.view.selectRow(0)
    got: list[Any] = []
    import divert_desktop.gui.casework.caseload_page as module

    original = module.open_assessment_window
    monkeypatch.setattr(
        module, "open_assessment_window", lambda *a, **k: original(*a, on_open=got.append, **k)
    )
    click(qtbot, page.continue_button)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)  # (the dialog closes with the window)
    assert got[0].form_widget.blocks["goals_text"].value() == "Half typed"


def test_managers_keep_the_service_directory_caseworkers_only_search_it(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    manager = make_actor(sqlite_db, Role.MANAGER)
    window = MainWindow(sqlite_db, manager, runner)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("services")
    wait_idle(qtbot, page)
    assert "The directory is empty" in page.table.empty_label.text()
    click(qtbot, page.add_button)
    dialog = page.dialog  # (a child of the page: it closes with the window)
    type_text(qtbot, dialog.organisation_edit, "Example Recovery Hub (invented)")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.errors.message("areas") != "", timeout=10_000)
    click(qtbot, dialog.area_checks[LocalAuthority.DUDLEY])
    type_text(qtbot, dialog.phone_edit, "01384 496000")
    with qtbot.waitSignal(dialog.sig_saved, timeout=15_000):
        click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: page.table.model.rowCount() == 1, timeout=10_000)
    assert page.table.model.cell_text(0, 2) == "Dudley"
    worker = make_actor(sqlite_db, Role.CASEWORKER)
    other = MainWindow(sqlite_db, worker, runner)
    qtbot.addWidget(other)
    other.show()
    search = other.show_page("services")
    wait_idle(qtbot, search)
    assert search.table.model.rowCount() == 1
    assert not search.add_button.isVisible() and not search.edit_button.isVisible()


def test_a_receptionist_sees_no_casework_and_is_refused(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    worker = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db)
    saved = assessments.save_assessment(
        sqlite_db,
        worker,
        referral_id=case.referral_id,
        form_id="divert_assessment",
        form_version="1",
        answers=complete_answers(),
    )
    desk = make_actor(sqlite_db, Role.RECEPTIONIST)
    window = MainWindow(sqlite_db, desk, runner)
    qtbot.addWidget(window)
    window.show()
    assert "casework" not in window.page_keys and "services" not in window.page_keys
    record = PersonDialog(
        person_record(sqlite_db, desk, case.person_id), db=sqlite_db, actor=desk, runner=runner
    )
    qtbot.addWidget(record)
    tabs = [record.ui.record_tabs.tabText(i) for i in range(record.ui.record_tabs.count())]
    assert not {"Assessments", "Educational sessions", "Onward referrals"} & set(tabs)
    errors: list[Any] = []
    from divert_desktop.gui.casework.assessment_dialog import open_assessment_window

    open_assessment_window(
        host, sqlite_db, desk, runner, assessment_id=saved.id, on_error=errors.append
    )
    open_session_note(host, sqlite_db, desk, runner, case.referral_id, on_error=errors.append)
    open_onward(host, sqlite_db, desk, runner, 1, on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 3, timeout=10_000)
    assert all(
        e.message.startswith("Your role (receptionist) does not allow you to") for e in errors
    )
    with sqlite_db.unit_of_work(write=False) as s:
        views = s.execute(sa.select(AuditEvent.action).where(AuditEvent.username == desk.username))
        assert "assessment.view" not in set(views.scalars())
    caseworker_record = PersonDialog(
        person_record(sqlite_db, worker, case.person_id), db=sqlite_db, actor=worker, runner=runner
    )
    qtbot.addWidget(caseworker_record)
    tabs = [
        caseworker_record.ui.record_tabs.tabText(i)
        for i in range(caseworker_record.ui.record_tabs.count())
    ]
    assert {"Assessments", "Educational sessions", "Onward referrals"} <= set(tabs)
    table = caseworker_record.findChild(QWidget, "assessments_table")
    qtbot.waitUntil(lambda: table.model().rowCount() == 1, timeout=10_000)
    with sqlite_db.unit_of_work(write=False) as s:
        listed = s.execute(
            sa.select(AuditEvent.username).where(AuditEvent.action == "assessment.list")
        )
        assert worker.username in set(listed.scalars())


def test_follow_ups_from_a_file_are_checked_then_recorded(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    from tests.db.test_booking import add_referral

    actor = make_actor(sqlite_db, Role.CASEWORKER)
    add_referral(
        sqlite_db,
        reference="WMP-G-1",
        when=datetime(2026, 3, 2, 10),
        status=ReferralStatus.COMPLETED,
    )
    path = tmp_path / "followups.csv"
    path.write_text(
        "police_reference,rearrested,learned_on,source\n"
        "WMP-G-1,no,2026-10-01,WMP check\nWMP-G-9,no,2026-10-01,WMP check\n",
        encoding="utf-8",
    )
    window = MainWindow(sqlite_db, actor, runner)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("casework")
    wait_idle(qtbot, page)
    click(qtbot, page.followup_button)
    dialog = page.followup_dialog
    assert unnamed_controls(dialog) == [] and badly_named(dialog) == []
    type_text(qtbot, dialog.path_edit, str(path))
    click(qtbot, dialog.check_button)
    qtbot.waitUntil(lambda: not dialog.running and dialog.result_label.text() != "", timeout=10_000)
    assert dialog.result_label.text() == (
        "Would record 1 follow-up from 2 rows; 0 already recorded; 1 row needs fixing (below)."
    )
    assert [e.police_reference for e in dialog.errors.model.rows] == ["WMP-G-9"]
    with qtbot.waitSignal(dialog.sig_imported, timeout=15_000):
        click(qtbot, dialog.import_button)
    assert dialog.result_label.text().startswith("Recorded 1 follow-up from 2 rows")
    with sqlite_db.unit_of_work(write=False) as s:
        found = s.execute(
            sa.select(Referral.followup_rearrested).where(Referral.police_reference == "WMP-G-1")
        ).scalar_one()
    assert found == FollowUpResult.NO


def test_the_casework_dialogs_name_their_controls(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    from divert_desktop.gui.casework.service_dialog import ServiceDialog
    from divert_desktop.services.casework import onward

    actor = make_actor(sqlite_db, Role.MANAGER)
    case = booked_case(sqlite_db)
    service = add_service(sqlite_db)
    made = onward.propose_onward(sqlite_db, actor, case.referral_id, service_id=service, reason="x")
    dialogs = [
        opened(qtbot, open_new_onward, host, sqlite_db, actor, runner, case.referral_id),
        opened(qtbot, open_onward, host, sqlite_db, actor, runner, made.id),
        opened(qtbot, open_outcome, host, sqlite_db, actor, runner, case.referral_id),
        ServiceDialog(sqlite_db, actor, runner, None, host),
    ]
    for dialog in dialogs:
        dialog.show()
        assert dialog.windowTitle() and "Robin" not in dialog.windowTitle()
        assert unnamed_controls(dialog) == [], dialog.objectName()
        assert badly_named(dialog) == [], dialog.objectName()


def test_counts_in_casework_messages_agree_with_their_number() -> None:
    from divert_desktop.gui.casework.followup_dialog import summary
    from divert_desktop.services.casework.outcomes import FollowUpImportResult

    one = FollowUpImportResult(rows=1, updated=1, unchanged=0, rejected=1)
    assert summary(one) == (
        "Recorded 1 follow-up from 1 row; 0 already recorded; 1 row needs fixing (below)."
    )
    many = FollowUpImportResult(rows=5, updated=2, unchanged=1, rejected=2, dry_run=True)
    assert summary(many) == (
        "Would record 2 follow-ups from 5 rows; 1 already recorded; 2 rows need fixing (below)."
    )
