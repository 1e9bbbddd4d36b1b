"""``divert-desktop report`` as a real process: CSV, PDF and xlsx by extension; one-line errors."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from divert_desktop.persistence.database import Database
from divert_desktop.services.context import cli_actor
from divert_desktop.services.demo import generate as demo
from divert_desktop.services.reports.summaries import build_summary
from tests.e2e.test_cli_commands import cli, one_line_error


def test_report_writes_each_format_and_refuses_bad_input(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    demo.generate(db, cli_actor(), people=80, seed=4, today=date(2026, 11, 27))
    expected = build_summary(db, cli_actor(), date(2025, 12, 1), date(2026, 11, 30), "Birmingham")
    base = ["report", "--from", "2025-12-01", "--to", "2026-11-30", "--area", "birmingham"]
    result = cli(db_url, *base, "--internal", "--out", str(tmp_path / "s.csv"))
    assert result.returncode == 0, result.stderr
    assert f"{expected.headline.referrals} referral(s)" in result.stdout
    values = dict(csv.reader((tmp_path / "s.csv").open(encoding="utf-8")))
    assert values.pop("measure") == "value"
    assert int(values["referrals"]) == expected.headline.referrals
    assert int(values["engaged"]) == expected.headline.engaged
    for name in ("s.pdf", "s.xlsx"):
        done = cli(db_url, *base, "--out", str(tmp_path / name))
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "s.xlsx").read_bytes().startswith(b"PK")
    assert "must end in .pdf" in one_line_error(
        cli(db_url, *base, "--out", str(tmp_path / "s.txt"))
    )
    assert not (tmp_path / "s.txt").exists()
    bad_area = cli(
        db_url,
        "report",
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
        "--area",
        "Gotham",
        "--out",
        str(tmp_path / "x.csv"),
    )
    assert "Unknown area" in one_line_error(bad_area)
    backwards = cli(
        db_url,
        "report",
        "--from",
        "2026-03-31",
        "--to",
        "2026-01-01",
        "--out",
        str(tmp_path / "x.csv"),
    )
    assert "end date" in one_line_error(backwards)
    assert not (tmp_path / "x.csv").exists()
