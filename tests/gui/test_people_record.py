"""People search (surname parts, Ctrl+F) and the record page: editing by role, stale saves."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from divert_desktop.core.enums import Role
from divert_desktop.gui.people.edit_dialog import PersonEditDialog
from divert_desktop.persistence.models import AuditEvent, Person
from divert_desktop.services.people import records as people
from tests.gui.test_people_and_admin import open_record, search, shown_names, window_for


@pytest.mark.parametrize("typed", ["jones", "Jones", "sian jones", "OZTURK-JONES"])
def test_search_finds_a_later_part_of_a_double_surname(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any, typed: str
) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.RECEPTIONIST), runner)
    page = window.show_page("people")
    search(qtbot, page, typed)
    assert shown_names(page) == ["Siân Öztürk-Jones"]


def test_ctrl_f_goes_to_people_and_focuses_the_search(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.RECEPTIONIST), runner)
    window.show_page("today")
    window.activateWindow()
    action = window.findChild(type(window.find_person_action), "find_person_action")
    assert action is not None and action.shortcut().toString() == "Ctrl+F"
    action.trigger()
    page = window.pages["people"]
    assert window.current_key == "people"
    qtbot.waitUntil(lambda: page.search_edit.hasFocus(), timeout=5_000)


def open_editor(qtbot: Any, dialog: Any) -> PersonEditDialog:
    button = dialog.findChild(type(dialog.ui.close_button), "edit_details_button")
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.edit_dialog is not None, timeout=10_000)
    editor = dialog.edit_dialog
    qtbot.addWidget(editor)
    return editor


def field(editor: PersonEditDialog, name: str) -> Any:
    return editor.findChild(QLineEdit, f"{name}_input") or editor.inputs[name]


def test_receptionist_edits_contact_details_but_not_the_name(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.RECEPTIONIST), runner)
    page = window.show_page("people")
    search(qtbot, page, "sian")
    dialog = open_record(qtbot, page)
    assert dialog.ui.record_tabs.tabText(dialog.ui.record_tabs.count() - 1) == "Letters sent"
    assert "No letters sent yet" in dialog.letters.empty_label.text()
    editor = open_editor(qtbot, dialog)
    assert editor.windowTitle() == "Edit details"
    assert field(editor, "first_name").isReadOnly() and field(editor, "last_name").isReadOnly()
    assert field(editor, "date_of_birth").isReadOnly()
    assert not editor.inputs["gender"].isEnabled()
    assert "contact details only" in editor.notice_label.text()
    phone = field(editor, "phone")
    assert phone.text() == "07700 900123" and not phone.isReadOnly()
    phone.clear()
    qtbot.keyClicks(phone, "0121 496 0000")
    postcode = field(editor, "postcode")
    postcode.clear()
    qtbot.keyClicks(postcode, "b2 4qa")
    assert editor.changes() == {"phone": "0121 496 0000", "postcode": "b2 4qa"}
    with qtbot.waitSignal(editor.sig_saved, timeout=10_000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ui.phone_value.text() == "0121 496 0000", timeout=10_000)
    assert "B2 4QA" in dialog.ui.address_value.text()
    with mixed_db.unit_of_work(write=False) as session:
        row = session.execute(
            sa.select(Person.phone, Person.postcode).where(Person.id == dialog.record.id)
        ).one()
        actions = session.execute(sa.select(AuditEvent.action)).scalars().all()
    assert (row.phone, row.postcode) == ("01214960000", "B2 4QA")
    assert "person.update" in actions


def test_a_bad_value_is_shown_next_to_its_field(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.RECEPTIONIST), runner)
    page = window.show_page("people")
    search(qtbot, page, "sian")
    editor = open_editor(qtbot, open_record(qtbot, page))
    email = field(editor, "email")
    qtbot.keyClicks(email, "not-an-email")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    label = editor.findChild(type(editor.general_label), "email_error_label")
    qtbot.waitUntil(lambda: label.isVisibleTo(editor), timeout=10_000)
    assert label.text() and editor.isVisible()


def test_caseworker_can_change_the_name(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.CASEWORKER), runner)
    page = window.show_page("people")
    search(qtbot, page, "sian")
    dialog = open_record(qtbot, page)
    editor = open_editor(qtbot, dialog)
    first = field(editor, "first_name")
    assert not first.isReadOnly()
    first.clear()
    qtbot.keyClicks(first, "Sianna")
    with qtbot.waitSignal(editor.sig_saved, timeout=10_000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ui.name_label.text() == "Sianna Öztürk-Jones", timeout=10_000)


def test_a_stale_save_shows_both_versions_and_keeps_what_was_typed(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    actor = make_actor(mixed_db, Role.RECEPTIONIST)
    window = window_for(qtbot, mixed_db, actor, runner)
    page = window.show_page("people")
    search(qtbot, page, "sian")
    editor = open_editor(qtbot, open_record(qtbot, page))
    # another workstation saves first
    other = make_actor(mixed_db, Role.RECEPTIONIST)
    people.update_person(
        mixed_db, other, editor.details.id, editor.details.version, {"phone": "07700 900111"}
    )
    phone = field(editor, "phone")
    phone.clear()
    qtbot.keyClicks(phone, "07700 900222")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.conflict_box.isVisibleTo(editor), timeout=10_000)
    mine = editor.conflict_box.findChild(type(editor.general_label), "phone_mine_label")
    theirs = editor.conflict_box.findChild(type(editor.general_label), "phone_theirs_label")
    assert mine.text() == "07700 900222" and theirs.text() == "07700 900111"
    assert phone.text() == "07700 900222"  # nothing typed is lost
    assert editor.save_button.text() == "Save mine over theirs"
    with qtbot.waitSignal(editor.sig_saved, timeout=10_000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert people.person_details(mixed_db, actor, editor.details.id).phone == "07700900222"


def test_clinical_tabs_registered_by_casework_are_hidden_from_reception(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    from PySide6.QtWidgets import QLabel

    from divert_desktop.gui.people import record_dialog as person_dialog

    registered = list(person_dialog.CLINICAL_TABS)  # the casework tabs, when imported
    person_dialog.register_clinical_tab(lambda d: ("Session notes", QLabel("notes", d)))
    try:
        for role, expected in ((Role.RECEPTIONIST, False), (Role.CASEWORKER, True)):
            window = window_for(qtbot, mixed_db, make_actor(mixed_db, role), runner)
            page = window.show_page("people")
            search(qtbot, page, "sian")
            dialog = open_record(qtbot, page)
            tabs = dialog.ui.record_tabs
            titles = [tabs.tabText(i) for i in range(tabs.count())]
            assert ("Session notes" in titles) is expected, role
            dialog.close()
            window.close()
    finally:
        person_dialog.CLINICAL_TABS[:] = registered  # later tests see what casework registered


def test_record_and_edit_form_name_every_control(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    from tests.gui.test_accessibility import badly_named, unnamed_controls

    window = window_for(qtbot, mixed_db, make_actor(mixed_db, Role.CASEWORKER), runner)
    page = window.show_page("people")
    search(qtbot, page, "sian")
    dialog = open_record(qtbot, page)
    assert unnamed_controls(dialog) == [] and badly_named(dialog) == []
    editor = open_editor(qtbot, dialog)
    assert unnamed_controls(editor) == [] and badly_named(editor) == []
    assert editor.inputs["first_name"].hasFocus() or editor.inputs["first_name"].isEnabled()
