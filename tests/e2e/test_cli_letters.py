"""``divert-desktop letter`` and ``letters``: one letter and batches from the command line."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from pypdf import PdfReader

from divert_desktop.core.letter_fields import long_day
from divert_desktop.persistence.models import AuditEvent, Letter
from tests.e2e.test_cli_commands import cli, one_line_error
from tests.letters_seed import seed_letters


def test_letter_for_an_adult_and_for_a_young_person(sqlite_db, tmp_path: Path) -> None:
    world = seed_letters(sqlite_db)
    url = str(sqlite_db.engine.url)
    out = tmp_path / "sian.pdf"
    result = cli(
        url, "letter", "appointment_confirmation", "--referral", "WMP-L-0001", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"Wrote the appointment confirmation letter for WMP-L-0001 to {out}."
    )
    text = PdfReader(out).pages[0].extract_text()
    day = long_day(world.today + timedelta(days=7))
    for expected in ("Siân Öztürk-Jones", "WMP-L-0001", day, "10:00", "Coventry hub"):
        assert expected in text, expected
    young = tmp_path / "zoe.pdf"
    result = cli(
        url, "letter", "appointment_reminder", "--referral", "WMP-L-0002", "--out", str(young)
    )
    assert result.returncode == 0, result.stderr
    assert "and the appropriate adult's copy" in result.stdout
    pages = [p.extract_text() for p in PdfReader(young).pages]
    assert "Dear Zoë," in pages[0] and "Dear Łukasz Kowalski," in pages[-1]
    assert subprocess.run(["qpdf", "--check", str(young)], capture_output=True).returncode == 0
    with sqlite_db.unit_of_work(write=False) as s:
        assert s.execute(sa.select(sa.func.count(Letter.id))).scalar_one() == 3
        event = (
            s.execute(sa.select(AuditEvent).where(AuditEvent.action == "letter.produce"))
            .scalars()
            .first()
        )
        assert event.source == "cli"


def test_letter_that_does_not_apply_exits_1_with_a_clear_message(sqlite_db, tmp_path: Path) -> None:
    seed_letters(sqlite_db)
    url = str(sqlite_db.engine.url)
    out = tmp_path / "x.pdf"
    line = one_line_error(
        cli(url, "letter", "completion", "--referral", "WMP-L-0001", "--out", str(out))
    )
    assert line == (
        "divert-desktop: The referral is booked, not completed, so a completion letter does not apply."
    )
    line = one_line_error(
        cli(
            url, "letter", "appointment_confirmation", "--referral", "WMP-L-0004", "--out", str(out)
        )
    )
    assert line == "divert-desktop: Referral WMP-L-0004 has no booked appointment to confirm."
    line = one_line_error(
        cli(url, "letter", "police_outcome", "--referral", "NOPE-1", "--out", str(out))
    )
    assert line == "divert-desktop: There is no referral with the police reference 'NOPE-1'."
    line = one_line_error(
        cli(url, "letter", "reminder", "--referral", "WMP-L-0001", "--out", str(out))
    )
    assert line.startswith(
        "divert-desktop: There is no letter called 'reminder'. The letters are: "
    )
    line = one_line_error(
        cli(url, "letter", "appointment_reminder", "--referral", "WMP-L-0003", "--out", str(out))
    )
    assert "Łukasz Nowak must not be written to at their address" in line
    assert not out.exists()


def test_letters_batch_prints_what_was_made_and_who_was_left_out(sqlite_db, tmp_path: Path) -> None:
    world = seed_letters(sqlite_db)
    url = str(sqlite_db.engine.url)
    out = tmp_path / "reminders"
    day = (world.today + timedelta(days=7)).isoformat()
    result = cli(url, "letters", "appointment_reminder", "--date", day, "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == f"Made 3 letters for 2 people. Left out 1 person (listed). In {out}."
    assert lines[1].startswith("To print them all: ") and lines[1].endswith("-all-letters.pdf")
    assert lines[2] == "Left out (contact them another way):"
    assert lines[3].startswith("  WMP-L-0003 Łukasz Nowak: Łukasz Nowak must not be written to")
    assert len(list(out.glob("*.pdf"))) == 4
    police = tmp_path / "police"
    first = (world.today - timedelta(days=7)).isoformat()
    result = cli(
        url,
        "letters",
        "police_outcome",
        "--from",
        first,
        "--to",
        world.today.isoformat(),
        "--out",
        str(police),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Made 2 letters for 2 people.")
    again = cli(
        url,
        "letters",
        "police_outcome",
        "--from",
        first,
        "--to",
        world.today.isoformat(),
        "--out",
        str(police),
    )
    assert again.stdout.startswith("Made 0 letters for 0 people. Skipped 2 that already had this")


def test_letters_batch_option_errors(sqlite_db, tmp_path: Path) -> None:
    url = str(sqlite_db.engine.url)
    out = str(tmp_path / "x")
    both = cli(
        url,
        "letters",
        "police_outcome",
        "--date",
        "2026-12-01",
        "--from",
        "2026-12-01",
        "--out",
        out,
    )
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    line = one_line_error(
        cli(url, "letters", "police_outcome", "--from", "2026-12-01", "--out", out)
    )
    assert line == "divert-desktop: Give the last day with --to as well as --from."
    line = one_line_error(
        cli(url, "letters", "onward_referral", "--date", "2026-12-01", "--out", out)
    )
    assert "Onward referral letters are made one at a time" in line
    line = one_line_error(
        cli(url, "letters", "appointment_reminder", "--date", "31/02/2026", "--out", out)
    )
    assert line.startswith("divert-desktop: ")
