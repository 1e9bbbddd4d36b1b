"""Data protection driven by object name: the retention review, merging records waiting to be
merged and undoing it, and the record's export, merge and erase for managers."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from divert_desktop.core.enums import Role
from divert_desktop.gui.people.record_dialog import PersonDialog
from divert_desktop.gui.shell.main_window import MainWindow
from divert_desktop.persistence.models import AuditEvent, Person, Referral
from divert_desktop.services.lists import person_record
from divert_desktop.services.people import records as people
from tests.clock import CLOCK
from tests.db.gdpr_seed import add_duplicate, add_named_person, seed_everything
from tests.gui.conftest import wait_idle


def _page(qtbot: Any, db: Any, actor: Any, runner: Any) -> Any:
    window = MainWindow(db, actor, runner)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("privacy")
    page.test_window = window
    wait_idle(qtbot, page)
    return page


def _owner(db: Any, referral_id: int) -> int:
    with db.unit_of_work(write=False) as s:
        return s.get(Referral, referral_id).person_id


def test_retention_review_lists_who_is_due_and_anonymises_them_once_confirmed(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, monkeypatch: Any
) -> None:
    old = add_named_person(sqlite_db, "Wilhelmina", "Oldcase")
    seed_everything(sqlite_db, old, closed_at=datetime(2015, 3, 1, 10))
    recent = add_named_person(sqlite_db, "Rosalind", "Recentcase")
    seed_everything(sqlite_db, recent, closed_at=CLOCK.now().replace(microsecond=0))
    page = _page(qtbot, sqlite_db, make_actor(sqlite_db, Role.ADMINISTRATOR), runner)
    assert page.tabs.count() == 1 and page.tabs.tabText(0) == "Due for anonymising"
    assert [r.name for r in page.due.model.rows] == ["Wilhelmina Oldcase"]
    assert "more than 6 years ago" in page.due_hint.text()
    button = page.findChild(QPushButton, "anonymise_button")
    assert button.isEnabled() and button.text() == "&Anonymise this person…"

    asked: list[tuple[str, str, str]] = []
    monkeypatch.setattr(
        "divert_desktop.gui.data_protection.data_protection_page.ask",
        lambda _p, _t, q, yes, no: asked.append((q, yes, no)) or False,
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked == [
        (
            "Anonymise Wilhelmina Oldcase? Their names, contact details, notes and "
            "letters are removed for good. This cannot be undone.",
            "Anonymise 1 person",
            "Keep for now",
        )
    ]
    with sqlite_db.unit_of_work(write=False) as s:
        assert s.get(Person, old).first_name == "Wilhelmina"  # kept: the user said no

    monkeypatch.setattr(
        "divert_desktop.gui.data_protection.data_protection_page.ask", lambda *_a: True
    )
    with qtbot.waitSignal(page.sig_status, timeout=10_000) as status:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert status.args == ["Anonymised 1 person."]
    qtbot.waitUntil(lambda: page.due.showing_empty_state, timeout=10_000)
    assert "Nobody is due" in page.due.empty_label.text() and not button.isEnabled()
    with sqlite_db.unit_of_work(write=False) as s:
        assert s.get(Person, old).first_name == "Anonymised"
        assert s.get(Person, recent).first_name == "Rosalind"


def test_merge_a_confirmed_duplicate_then_undo_it(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, monkeypatch: Any
) -> None:
    caseworker = make_actor(sqlite_db, Role.CASEWORKER)
    kept = add_named_person(sqlite_db, "Morwenna", "Mergecase")
    gone = add_named_person(sqlite_db, "Morwena", "Mergecase")
    seeded = seed_everything(sqlite_db, gone, closed_at=datetime(2026, 6, 1, 10))
    people.mark_same_person(sqlite_db, caseworker, add_duplicate(sqlite_db, gone, kept))
    page = _page(qtbot, sqlite_db, make_actor(sqlite_db, Role.MANAGER), runner)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Due for anonymising",
        "Waiting to merge",
        "Merges to confirm",
    ]
    assert page.waiting.model.rowCount() == 1 and page.pending.showing_empty_state

    dialog = page.merge_selected()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.merge_button.isEnabled(), timeout=10_000)
    assert dialog.first.values["name"].text() == "Morwenna Mergecase"
    assert dialog.second.values["referrals"].text() == "1"
    assert dialog.first.keep_radio.isChecked() and not dialog.second.keep_radio.isChecked()
    qtbot.keyClicks(dialog.reason_edit, "Same address and date of birth")
    with qtbot.waitSignal(dialog.sig_merged, timeout=10_000):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert _owner(sqlite_db, seeded.referral_id) == kept
    qtbot.waitUntil(lambda: page.pending.model.rowCount() == 1, timeout=10_000)
    assert page.waiting.showing_empty_state
    row = page.pending.model.rows[0]
    assert (row.kept_id, row.merged_id, row.reason) == (
        kept,
        gone,
        "Same address and date of birth",
    )

    monkeypatch.setattr(
        "divert_desktop.gui.data_protection.data_protection_page.ask", lambda *_a: True
    )
    with qtbot.waitSignal(page.sig_status, timeout=10_000) as status:
        qtbot.mouseClick(
            page.findChild(QPushButton, "undo_merge_button"), Qt.MouseButton.LeftButton
        )
    assert status.args[0].startswith("Undid the merge")
    qtbot.waitUntil(lambda: page.pending.showing_empty_state, timeout=10_000)
    assert _owner(sqlite_db, seeded.referral_id) == gone
    with sqlite_db.unit_of_work(write=False) as s:
        assert s.get(Person, gone).merged_into_id is None
        actions = list(s.execute(sa.select(AuditEvent.action)).scalars())
    assert "person.merge" in actions and "person.merge_undone" in actions


def _record(qtbot: Any, db: Any, actor: Any, runner: Any, person_id: int) -> PersonDialog:
    dialog = PersonDialog(person_record(db, actor, person_id), db=db, actor=actor, runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_record_offers_export_merge_and_erase_to_managers_only(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    pid = add_named_person(sqlite_db, "Ada", "Recordcase")
    seed_everything(sqlite_db, pid, closed_at=datetime(2026, 6, 1, 10))
    caseworker = make_actor(sqlite_db, Role.CASEWORKER)
    plain = _record(qtbot, sqlite_db, caseworker, runner, pid)
    assert plain.findChild(QPushButton, "export_person_button") is None
    assert plain.findChild(QPushButton, "erase_person_button") is None

    manager = make_actor(sqlite_db, Role.MANAGER, username="mona")
    dialog = _record(qtbot, sqlite_db, manager, runner, pid)
    export = dialog.findChild(QPushButton, "export_person_button")
    assert export.isVisible() and dialog.findChild(QPushButton, "merge_person_button").isVisible()
    dialog.data_actions.export_to(str(tmp_path))
    qtbot.waitUntil(lambda: dialog.data_actions.exported is not None, timeout=20_000)
    files = dialog.data_actions.exported
    assert files.folder == tmp_path / f"subject-access-{pid}"
    assert json.loads(files.json.read_text(encoding="utf-8"))["person"]["last_name"] == "Recordcase"
    assert files.pdf.read_bytes().startswith(b"%PDF") and len(files.letters) == 1
    assert "Saved everything held about this person" in dialog.ui.notice_label.text()

    erase = dialog.data_actions.erase()
    qtbot.addWidget(erase)
    qtbot.mouseClick(erase.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: erase.error_label.isVisible(), timeout=10_000)
    assert erase.error_label.text().startswith("Enter the reason")
    qtbot.keyClicks(erase.reason_edit, "Email of 1 Dec 2026")
    with qtbot.waitSignal(erase.sig_erased, timeout=10_000):
        qtbot.mouseClick(erase.erase_button, Qt.MouseButton.LeftButton)
    assert "anonymised" in dialog.ui.notice_label.text() and not export.isEnabled()
    with sqlite_db.unit_of_work(write=False) as s:
        assert s.get(Person, pid).first_name == "Anonymised"
        [event] = s.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "person.erase")
        ).scalars()
    assert (event.username, event.details["reason"]) == ("mona", "Email of 1 Dec 2026")


def test_merge_with_another_record_found_by_search(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    manager = make_actor(sqlite_db, Role.MANAGER)
    kept = add_named_person(sqlite_db, "Zebedee", "Searchcase")
    other = add_named_person(sqlite_db, "Zeb", "Searchcase-Twin")
    seeded = seed_everything(sqlite_db, other, closed_at=datetime(2026, 6, 1, 10))
    dialog = _record(qtbot, sqlite_db, manager, runner, kept)
    merge = dialog.data_actions.merge()
    qtbot.addWidget(merge)
    assert merge.find_row.isVisible() and not merge.merge_button.isEnabled()
    qtbot.keyClicks(merge.search_edit, "Searchcase")
    qtbot.waitUntil(lambda: merge.merge_button.isEnabled(), timeout=10_000)
    assert merge.second.values["name"].text() == "Zeb Searchcase-Twin"  # itself is left out
    with qtbot.waitSignal(merge.sig_merged, timeout=10_000):
        qtbot.mouseClick(merge.merge_button, Qt.MouseButton.LeftButton)
    assert _owner(sqlite_db, seeded.referral_id) == kept
    assert "merged into this one" in dialog.ui.notice_label.text()


def test_a_one_year_retention_says_year_not_years(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    from divert_desktop.services.admin.settings import update_settings

    admin = make_actor(sqlite_db, Role.ADMINISTRATOR)
    update_settings(sqlite_db, admin, {"retention_years": 1})
    page = _page(qtbot, sqlite_db, admin, runner)
    assert "more than 1 year ago" in page.due_hint.text()
    assert "less than 1 year ago" in page.due.empty_label.text()
