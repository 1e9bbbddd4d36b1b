"""People: search as you type, open a record (audited, by role); Admin: add a user."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QDialog

from divert_desktop.core.enums import Role
from divert_desktop.gui.people.record_dialog import PersonDialog
from divert_desktop.gui.shell.main_window import MainWindow
from divert_desktop.persistence.models import AuditEvent, StaffUser
from tests.gui.conftest import type_text, wait_idle


def window_for(qtbot: Any, db: Any, actor: Any, runner: Any) -> MainWindow:
    window = MainWindow(db, actor, runner)
    qtbot.addWidget(window)
    window.show()
    return window


def search(qtbot: Any, page: Any, text: str) -> None:
    page.search_edit.clear()
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        type_text(qtbot, page.search_edit, text)  # the search runs once typing pauses


def shown_names(page: Any) -> list[str]:
    model = page.table.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def open_record(qtbot: Any, page: Any) -> PersonDialog:
    page.table.view.setFocus()
    qtbot.keyClick(page.table.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.findChild(PersonDialog) is not None, timeout=10_000)
    dialog = page.findChild(PersonDialog)
    qtbot.addWidget(dialog)
    return dialog


def views_of(db: Any) -> list[Any]:
    with db.unit_of_work(write=False) as session:
        return session.execute(
            sa.select(AuditEvent.username, AuditEvent.person_id, AuditEvent.details).where(
                AuditEvent.action == "person.view"
            )
        ).all()


@pytest.mark.parametrize("typed", ["sian", "ÖZTÜRK", "ozturk jones", "Siân Öztürk-Jones", "sïan"])
def test_search_finds_a_person_whatever_the_accents_and_case(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any, typed: str
) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.RECEPTIONIST), runner)
    page = window.show_page("people")
    assert page.table.showing_empty_state and "Type a name" in page.table.empty_label.text()
    search(qtbot, page, typed)
    assert shown_names(page) == ["Siân Öztürk-Jones"]
    assert "1 person found by name" in page.result_label.text()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("B1 1AA", "Siân Öztürk-Jones"),
        ("07700 900123", "Siân Öztürk-Jones"),
        ("WMP-T-000004", "Zainab Pemberton"),
    ],
)
def test_search_by_postcode_phone_or_police_reference(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any, typed: str, expected: str
) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.RECEPTIONIST), runner)
    page = window.show_page("people")
    search(qtbot, page, typed)
    assert shown_names(page) == [expected]


def test_search_by_date_of_birth_in_either_layout(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.RECEPTIONIST), runner)
    page = window.show_page("people")
    search(qtbot, page, "7/2/1990")
    assert shown_names(page) == ["Siân Öztürk-Jones"]
    assert page.table.model.index(0, 2).data() == "7 Feb 1990"
    search(qtbot, page, "1990-02-07")
    assert shown_names(page) == ["Siân Öztürk-Jones"]


def test_no_match_says_what_to_try(qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.RECEPTIONIST), runner)
    page = window.show_page("people")
    search(qtbot, page, "Quixote")
    assert page.table.showing_empty_state
    assert "Nobody matches “Quixote”" in page.table.empty_label.text()


def test_opening_a_person_records_a_view_and_hides_clinical_parts_from_reception(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    actor = make_actor(mixed_db, Role.RECEPTIONIST, username="rita")
    window = window_for(qtbot, mixed_db, actor, runner)
    page = window.show_page("people")
    search(qtbot, page, "sian")
    assert views_of(mixed_db) == []  # searching is not viewing a record
    dialog = open_record(qtbot, page)
    assert dialog.windowTitle() == "Person's record"  # never the person's name
    assert dialog.ui.name_label.text() == "Siân Öztürk-Jones"
    assert dialog.ui.phone_value.text() == "07700 900123"
    assert dialog.record.clinical is None
    assert dialog.ui.record_tabs.indexOf(dialog.ui.clinical_tab) == -1
    assert dialog.ui.referrals_tree.topLevelItemCount() == 1
    referral = dialog.ui.referrals_tree.topLevelItem(0)
    assert referral.text(0) == "WMP-T-000001" and referral.text(2) == "Booked"
    assert referral.childCount() == 2  # received, then booked
    assert dialog.appointments_model.rowCount() == 1
    assert "not shown to your role" in dialog.ui.notice_label.text()
    person_id = dialog.record.id
    assert [(v.username, v.person_id) for v in views_of(mixed_db)] == [("rita", person_id)]
    qtbot.mouseClick(dialog.ui.close_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_caseworkers_see_the_clinical_section(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.CASEWORKER), runner)
    page = window.show_page("people")
    search(qtbot, page, "Zainab")
    dialog = open_record(qtbot, page)
    assert dialog.record.clinical == ()
    # One presentation of the clinical entries: the casework tabs, not the plain summary too.
    tabs = dialog.ui.record_tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert tabs.indexOf(dialog.ui.clinical_tab) == -1
    assert "Assessments and sessions" not in titles
    for title in ("Assessments", "Educational sessions", "Onward referrals"):
        assert titles.count(title) == 1, titles
    assert views_of(mixed_db)[0].details == {
        "sections": ["contact", "referrals", "appointments", "clinical"]
    }


def test_the_plain_clinical_summary_shows_only_without_the_casework_tabs(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from divert_desktop.gui.people import record_dialog as person_dialog
    from divert_desktop.services.lists import person_record

    actor = make_actor(mixed_db, Role.CASEWORKER)
    window = window_for(qtbot, mixed_db, actor, runner)
    page = window.show_page("people")
    search(qtbot, page, "Zainab")
    person_id = open_record(qtbot, page).record.id
    monkeypatch.setattr(person_dialog, "CLINICAL_TABS", [])
    dialog = PersonDialog(person_record(mixed_db, actor, person_id))
    qtbot.addWidget(dialog)
    tabs = dialog.ui.record_tabs
    assert tabs.indexOf(dialog.ui.clinical_tab) >= 0
    assert "No assessments" in dialog.ui.clinical_label.text()
    assert tabs.count() == len({tabs.tabText(i) for i in range(tabs.count())})


def test_administrators_see_contact_details_only(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.ADMINISTRATOR), runner)
    page = window.show_page("people")
    search(qtbot, page, "Pemberton")
    page.table.view.doubleClicked.emit(page.table.model.index(0, 0))
    qtbot.waitUntil(lambda: page.findChild(PersonDialog) is not None, timeout=10_000)
    dialog = page.findChild(PersonDialog)
    assert dialog.record.referrals is None and dialog.record.appointments is None
    assert dialog.ui.record_tabs.count() == 0
    assert "contact details only" in dialog.ui.notice_label.text()
    assert views_of(mixed_db)[0].details == {"sections": ["contact"]}


def test_administrator_adds_a_user_from_the_admin_page(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, password: str
) -> None:
    window = window_for(qtbot, sqlite_db, make_actor(sqlite_db, Role.ADMINISTRATOR, "ada"), runner)
    page = window.show_page("admin")
    wait_idle(qtbot, page)
    assert page.table.model.rowCount() == 1
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    u = dialog.ui
    qtbot.keyClicks(u.username_edit, "mquill")
    qtbot.keyClicks(u.full_name_edit, "Mara Quill")
    u.role_combo.setCurrentIndex(u.role_combo.findData(Role.MANAGER.value))
    assert "reports" in u.role_help_label.text()
    qtbot.keyClicks(u.password_edit, password)
    qtbot.keyClicks(u.confirm_password_edit, password)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(u.add_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    names = [page.table.model.index(r, 0).data() for r in range(page.table.model.rowCount())]
    assert "mquill" in names
    assert window.ui.status_bar.currentMessage() == "Added Mara Quill (mquill) as manager."
    with sqlite_db.unit_of_work(write=False) as session:
        role = session.execute(
            sa.select(StaffUser.role).where(StaffUser.username == "mquill")
        ).scalar_one()
    assert role is Role.MANAGER


def test_a_taken_username_is_shown_next_to_the_field(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, password: str
) -> None:
    window = window_for(qtbot, sqlite_db, make_actor(sqlite_db, Role.ADMINISTRATOR, "ada"), runner)
    page = window.show_page("admin")
    dialog = page.add_user()
    qtbot.keyClicks(dialog.ui.username_edit, "ada")
    qtbot.keyClicks(dialog.ui.full_name_edit, "Another Ada")
    qtbot.keyClicks(dialog.ui.password_edit, password)
    qtbot.keyClicks(dialog.ui.confirm_password_edit, password)
    qtbot.mouseClick(dialog.ui.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.ui.username_error_label.isVisible, timeout=10_000)
    assert "already taken" in dialog.ui.username_error_label.text()
    assert dialog.isVisible()


def test_every_table_model_passes_the_model_tester(
    qtmodeltester: Any, mixed_db: Any, make_actor: Any, runner: Any, qtbot: Any
) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.MANAGER), runner)
    page = window.show_page("referrals")
    wait_idle(qtbot, page)
    assert page.table.model.rowCount() == 10
    qtmodeltester.check(page.table.model)
    page.table.model.sort(1, Qt.SortOrder.AscendingOrder)
    assert page.table.model.rowCount(QModelIndex()) == 10
    assert QApplication.instance() is not None


def test_enter_opens_the_highlighted_person_from_the_search_box_or_the_results(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.RECEPTIONIST), runner)
    page = window.show_page("people")
    page.search_edit.setFocus()
    search(qtbot, page, "ozturk")
    assert page.table.current_row() is not None  # the first result is highlighted
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)  # still typing in the search box
    qtbot.waitUntil(lambda: page.findChild(PersonDialog) is not None, timeout=10_000)
    dialog = page.findChild(PersonDialog)
    qtbot.addWidget(dialog)
    assert dialog.record.id == page.table.current_row().id
    dialog.close()
    dialog.setParent(None)
    # Typed on but not searched yet: Enter searches now and takes the user to the results.
    page.search_edit.setFocus()
    page.search_edit.selectAll()
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.keyClicks(page.search_edit, "pemberton")
        qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.focusWidget() is page.table.view, timeout=10_000)
    assert page.findChild(PersonDialog) is None
    qtbot.keyClick(page.table.view, Qt.Key.Key_Return)  # Enter on the selected row opens it
    qtbot.waitUntil(lambda: page.findChild(PersonDialog) is not None, timeout=10_000)
    assert page.findChild(PersonDialog).record.id == page.table.current_row().id
