"""``divert-desktop diary``: the day sheet from the command line, its exit codes and errors."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from tests.e2e.test_cli_commands import cli, one_line_error
from tests.gui.diary_seed import seed_diary


def test_diary_for_a_venue_writes_the_day_sheet(sqlite_db, tmp_path: Path) -> None:
    seed_diary(sqlite_db)
    out = tmp_path / "coventry.pdf"
    result = cli(
        str(sqlite_db.engine.url),
        "diary",
        "--date",
        "2026-12-02",
        "--venue",
        "coventry",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote the day sheet for Coventry, 4 appointment(s), to {out}."
    text = PdfReader(out).pages[0].extract_text()
    for expected in (
        "Wednesday 2 December 2026",
        "Venue: Coventry",
        "Amelia Hartwell",
        "10:00–11:00",
        "Cancelled by person",
        "Priya Lal",
    ):
        assert expected in text
    assert "Zainab" not in text


def test_diary_for_a_caseworker_and_for_every_venue(sqlite_db, tmp_path: Path) -> None:
    seed_diary(sqlite_db)
    url = str(sqlite_db.engine.url)
    with sqlite_db.unit_of_work(write=False) as session:
        from sqlalchemy import select

        from divert_desktop.persistence.models import StaffUser

        username = session.execute(
            select(StaffUser.username).where(StaffUser.display_name == "Sam Okafor")
        ).scalar_one()
    mine = tmp_path / "sam.pdf"
    result = cli(url, "diary", "--date", "2026-12-02", "--caseworker", username, "--out", str(mine))
    assert result.returncode == 0, result.stderr
    text = PdfReader(mine).pages[0].extract_text()
    assert "Caseworker: Sam Okafor" in text and "Zainab Idowu" in text and "U18" in text
    every = tmp_path / "all.pdf"
    assert cli(url, "diary", "--date", "2026-12-02", "--out", str(every)).returncode == 0
    assert "Oskar Lindqvist" in PdfReader(every).pages[0].extract_text()


def test_unknown_venue_caseworker_or_date_is_one_clear_line(sqlite_db, tmp_path: Path) -> None:
    url = str(sqlite_db.engine.url)
    out = tmp_path / "x.pdf"
    line = one_line_error(
        cli(url, "diary", "--date", "2026-12-02", "--venue", "Atlantis", "--out", str(out))
    )
    assert line.startswith(
        "divert-desktop: There is no venue called 'Atlantis'. The venues are: Birmingham"
    )
    line = one_line_error(
        cli(url, "diary", "--date", "2026-12-02", "--caseworker", "nobody", "--out", str(out))
    )
    assert (
        line
        == "divert-desktop: There is no active caseworker or manager with the username 'nobody'."
    )
    one_line_error(cli(url, "diary", "--date", "31/02/2026", "--out", str(out)))
    assert not out.exists()
    both = cli(
        url,
        "diary",
        "--date",
        "2026-12-02",
        "--venue",
        "Dudley",
        "--caseworker",
        "x",
        "--out",
        str(out),
    )
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
