"""The audit viewer driven by object name: filters, older events loaded as you scroll, the
details panel, verifying the chain (and finding the broken link) and exporting to CSV."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QTableView

from divert_desktop.core.enums import Role
from divert_desktop.gui.shell.main_window import MainWindow
from divert_desktop.persistence.models import AuditEvent
from divert_desktop.services.audit.trail import AuditEntry, record_many
from divert_desktop.services.context import cli_actor
from divert_desktop.services.lists import person_record
from divert_desktop.services.people.records import update_person
from tests.gui.conftest import type_text, wait_idle


def _page(qtbot: Any, db: Any, actor: Any, runner: Any) -> Any:
    window = MainWindow(db, actor, runner)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("audit")
    page.test_window = window  # keep the window alive while the test holds the page
    wait_idle(qtbot, page)
    return page


def _bulk(db: Any, n: int) -> None:
    with db.unit_of_work() as s:
        record_many(
            s,
            cli_actor(),
            [AuditEntry("report.generate", "report", None, None, {"n": i}) for i in range(n)],
        )


def _actions(page: Any) -> list[str]:
    return [row.action for row in page.model.rows]


def test_filter_by_person_and_action_then_read_what_changed(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any
) -> None:
    caseworker = make_actor(mixed_db, Role.CASEWORKER, username="carl")
    record = person_record(mixed_db, caseworker, 1)  # Siân Öztürk-Jones
    update_person(mixed_db, caseworker, 1, record.version, {"town": "Dudley"})
    page = _page(qtbot, mixed_db, make_actor(mixed_db, Role.MANAGER), runner)
    assert page.model.rowCount() > 3 and page.findChild(QTableView, "audit_table").isVisible()

    search = page.findChild(type(page.filters.person_search_edit), "audit_person_search_edit")
    combo = page.findChild(QComboBox, "audit_person_combo")
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        type_text(qtbot, search, "ozturk")
    assert combo.currentText().startswith("Siân Öztürk-Jones (born")
    assert set(_actions(page)) == {"referral.import", "person.view", "person.update"}
    assert {row.person_id for row in page.model.rows} == {1}

    action = page.findChild(QComboBox, "audit_action_combo")
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        action.setCurrentIndex(action.findData("person.update"))
    assert _actions(page) == ["person.update"]
    qtbot.waitUntil(lambda: page.details.detail is not None, timeout=10_000)
    panel = page.details
    assert page.findChild(QLabel, "audit_detail_username").text() == "carl"
    assert page.findChild(QLabel, "audit_detail_action_text").text() == "Changed a person's details"
    table = panel.changes_table
    assert [table.item(0, c).text() for c in range(3)] == ["town", "–", "Dudley"]

    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        qtbot.mouseClick(
            page.findChild(QPushButton, "audit_clear_button"), Qt.MouseButton.LeftButton
        )
    assert "report.generate" not in _actions(page) and len(set(_actions(page))) > 2


def test_older_events_load_as_you_scroll(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, qtmodeltester: Any
) -> None:
    _bulk(sqlite_db, 450)
    page = _page(qtbot, sqlite_db, make_actor(sqlite_db, Role.ADMINISTRATOR), runner)
    assert page.model.rowCount() == 200 and page.model.has_more
    assert "Scroll down for older ones" in page.result_label.text()
    qtmodeltester.check(page.model)
    counts = []
    while page.model.has_more:
        before = page.model.rowCount()
        page.view.scrollToBottom()
        qtbot.waitUntil(lambda before=before: page.model.rowCount() > before, timeout=10_000)
        counts.append(page.model.rowCount())
    ids = [row.id for row in page.model.rows]
    assert counts == [400, 452]
    ids = [row.id for row in page.model.rows]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids)
    assert not page.model.has_more and page.result_label.text().startswith("452 events")


def test_a_date_range_with_nothing_in_it_says_so(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    page = _page(qtbot, sqlite_db, make_actor(sqlite_db, Role.MANAGER), runner)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.filters.to_edit.setText("1/1/2020")
        page.filters.to_edit.editingFinished.emit()
    assert page.table_stack.currentWidget() is page.empty_label
    assert "No events match these filters" in page.empty_label.text()
    page.filters.from_edit.setText("31/2/2020")
    page.filters.from_edit.editingFinished.emit()
    assert page.filters.error_label.isVisible()


def test_verify_reports_the_first_broken_link(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    _bulk(sqlite_db, 5)
    page = _page(qtbot, sqlite_db, make_actor(sqlite_db, Role.MANAGER), runner)
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.working, timeout=10_000)
    assert "audit events are intact" in page.outcome_label.text()
    assert not page.show_broken_button.isVisible()
    with sqlite_db.unit_of_work() as s:  # an attacker able to drop the guard edits one event
        s.execute(sa.text("DROP TRIGGER trg_audit_events_no_update"))
        third = s.execute(sa.select(AuditEvent.id).order_by(AuditEvent.id).offset(2)).scalar()
        s.execute(sa.update(AuditEvent).where(AuditEvent.id == third).values(username="mallory"))
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.working, timeout=10_000)
    assert f"broken at event {third}" in page.outcome_label.text()
    assert page.show_broken_button.isVisible()
    qtbot.mouseClick(page.show_broken_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.details.detail is not None and page.details.detail.id == third, timeout=10_000
    )
    assert page.findChild(QLabel, "audit_detail_username").text() == "mallory"


def test_export_writes_what_the_filters_show_and_is_audited(
    qtbot: Any, mixed_db: Any, make_actor: Any, runner: Any, tmp_path: Path
) -> None:
    page = _page(qtbot, mixed_db, make_actor(mixed_db, Role.MANAGER, username="mona"), runner)
    action = page.findChild(QComboBox, "audit_action_combo")
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        action.setCurrentIndex(action.findData("referral.import"))
    shown = page.model.rowCount()
    out = tmp_path / "audit.csv"
    page.export_to(str(out))
    assert page.progress.isVisible() or not page.working
    qtbot.waitUntil(lambda: not page.working, timeout=10_000)
    assert page.outcome_label.text() == f"Exported {shown} events to {out}."
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == shown == 10 and {r["action"] for r in rows} == {"referral.import"}
    with mixed_db.unit_of_work(write=False) as s:
        event = s.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "audit.export")
        ).scalar_one()
    assert event.username == "mona" and event.details["rows"] == 10
    assert event.details["filter"] == {"action": "referral.import"}
