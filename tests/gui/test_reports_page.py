"""The Reports page: quarterly return, key figures and charts, saving PDF, spreadsheet and CSV."""

from __future__ import annotations

import csv
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from divert_desktop.core.enums import Role
from divert_desktop.gui.reports.reports_page import financial_quarters
from divert_desktop.gui.shell.main_window import MainWindow
from divert_desktop.services.context import cli_actor
from divert_desktop.services.demo import generate as demo
from tests.clock import CLOCK


@pytest.fixture
def demo_db(sqlite_db: Any) -> Any:
    demo.generate(sqlite_db, cli_actor(), people=150, seed=5, today=CLOCK.today())
    return sqlite_db


def _page(qtbot: Any, db: Any, actor: Any, runner: Any) -> Any:
    window = MainWindow(db, actor, runner)
    qtbot.addWidget(window)
    window.resize(1400, 880)
    window.show()
    page = window.show_page("reports")
    page.keep_window = window  # the page must not outlive its window in the test
    return page


def test_financial_quarters_start_in_april() -> None:
    quarters = financial_quarters(date(2026, 5, 10), count=5)
    assert quarters[0][1:] == (date(2026, 4, 1), date(2026, 6, 30))
    assert quarters[0][0].startswith("Q1 2026/27")
    assert quarters[1][1:] == (date(2026, 1, 1), date(2026, 3, 31))
    assert quarters[1][0].startswith("Q4 2025/26")
    assert quarters[4][1:] == (date(2025, 4, 1), date(2025, 6, 30))


def test_quarterly_return_shows_figures_and_charts(
    qtbot: Any, demo_db: Any, make_actor: Any, runner: Any
) -> None:
    page = _page(qtbot, demo_db, make_actor(demo_db, Role.MANAGER), runner)
    page.quarter_combo.setCurrentIndex(1)
    start, end = page.quarter_combo.currentData()
    with qtbot.waitSignal(page.sig_loaded, timeout=20_000):
        qtbot.mouseClick(page.quarter_button, Qt.MouseButton.LeftButton)
    assert (page.from_edit.date(), page.to_edit.date()) == (start, end)
    summary = page.summary
    assert summary is not None and summary.date_from == start
    assert page.tiles["referrals"].text() == f"{summary.headline.referrals:,}"
    assert page.funnel_chart.bars[0] == ("Referrals", summary.headline.referrals)
    assert len(page.breakdown_chart.bars) == 7
    page.breakdown_combo.setCurrentIndex(page.breakdown_combo.findData("age_band"))
    assert page.breakdown_chart.bars[0][0] == "Under 18"
    assert not page.progress.isVisible()
    os.makedirs("/tmp/shots", exist_ok=True)
    qtbot.wait(200)  # let the layout take the charts' new heights
    page.window().grab().save("/tmp/shots/reports_page.png")


def test_save_buttons_write_the_three_formats(
    qtbot: Any, demo_db: Any, make_actor: Any, runner: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    page = _page(qtbot, demo_db, make_actor(demo_db, Role.MANAGER), runner)
    page.from_edit.set_date(date(2020, 1, 1))
    for kind, button in (
        ("pdf", page.save_pdf_button),
        ("xlsx", page.save_xlsx_button),
        ("csv", page.save_csv_button),
    ):
        target = tmp_path / f"summary.{kind}"
        monkeypatch.setattr(
            "divert_desktop.gui.reports.reports_page.QFileDialog.getSaveFileName",
            lambda *a, t=target: (str(t.with_suffix("")), ""),
        )
        with qtbot.waitSignal(page.sig_saved, timeout=30_000):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert page.saved_path == target and target.stat().st_size > 0
    assert (tmp_path / "summary.pdf").read_bytes().startswith(b"%PDF")
    rows = dict(csv.reader((tmp_path / "summary.csv").open(encoding="utf-8")))
    assert int(rows["referrals"]) > 100
    from openpyxl import load_workbook

    assert "Definitions" in load_workbook(tmp_path / "summary.xlsx").sheetnames


def test_a_rearrest_rate_over_too_few_answers_shows_fewer_than_5_with_a_note(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    from datetime import datetime

    from tests.db.test_summaries import _history, _person, _referral

    with sqlite_db.unit_of_work() as s:  # one engaged referral with a follow-up answer
        person = _person(s, "Orla", date(1990, 5, 5))
        referral = _referral(
            s, person, "E-1", datetime(2026, 4, 10, 10), "completed", followup_rearrested="no"
        )
        _history(s, referral, "received", "booked", "engaged", "completed")
    page = _page(qtbot, sqlite_db, make_actor(sqlite_db, Role.MANAGER), runner)
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    page.from_edit.set_date(date(2026, 4, 1))
    page.to_edit.set_date(date(2026, 6, 30))
    with qtbot.waitSignal(page.sig_loaded, timeout=20_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert page.summary.rearrest_engaged.rate == 0.0  # one person: 0% would mislead
    assert page.tiles["rearrest_engaged"].text() == "too few answers"  # not "fewer than 5" (%?)
    assert page.tiles["rearrest_not_engaged"].text() == "–"  # no answers at all: no rate
    note = page.findChild(type(page.tiles["referrals"]), "rearrest_rate_note_label")
    assert note.isVisible() and "fewer than 5 referrals of the group" in note.text()
    assert note.text().startswith("A re-arrest rate shows “too few answers” when fewer than 5")
    if os.environ.get("DIVERT_SHOTS"):
        page.window().grab().save(os.path.join(os.environ["DIVERT_SHOTS"], "reports_small.png"))
