"""``divert-desktop --self-test`` as a real process, and the report when a check fails."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from divert_desktop import selftest
from divert_desktop.selftest import STEPS, Step, run_self_test

ROOT = Path(__file__).resolve().parents[2]


def test_self_test_passes_every_check_and_leaves_nothing_behind(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DIVERT_DATABASE_URL", "DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)  # the self-test chooses offscreen itself
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["TMPDIR"] = str(tmp_path)
    env["DIVERT_DATA_DIR"] = str(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-m", "divert_desktop", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("DIVERT Desktop ") and lines[0].endswith(" self-test")
    assert [line.split(" (")[0].strip() for line in lines[1:-1]] == [
        f"ok    {step.name}" for step in STEPS
    ]
    assert "6 rows: 6 imported, 2 of them ineligible" in result.stdout
    assert "platform offscreen" in result.stdout
    assert lines[-1].startswith(f"Self-test passed: {len(STEPS)} checks in ")
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # temporary database removed
    assert "Traceback" not in result.stderr


def test_a_failing_check_stops_the_self_test_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text(
        "police_reference,referral_datetime,officer_name,officer_number,first_name,last_name,"
        "date_of_birth,local_authority,substances,intent_to_supply\n"
        "BROKEN-1,2026-11-23T10:15,PC Sample,1,Ada,Testwell,1996-02-30,Birmingham,cannabis,no\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(selftest, "SAMPLE_FILE", broken)
    ran: list[str] = []
    after = Step("Never reached", lambda _ctx: ran.append("after") or "")
    out = io.StringIO()
    named = {step.name: step for step in STEPS}
    chosen = [
        "Open a temporary database",
        "Migrate it to the latest schema",
        "Import the sample referral file",
    ]
    assert run_self_test(out, [*(named[n] for n in chosen), after]) == 1
    report = out.getvalue().splitlines()
    assert report[1].startswith("  ok    Open a temporary database")
    assert report[3].startswith(
        "  FAIL  Import the sample referral file: 0 of 1 rows imported, 1 rejected (row 1"
    )
    assert "date_of_birth" in report[3]
    assert report[-1].startswith("Self-test failed at “Import the sample referral file”")
    assert ran == []


def test_an_unexpected_error_is_reported_with_its_type(capsys: pytest.CaptureFixture[str]) -> None:
    def explode(_ctx: object) -> str:
        raise OSError("disk full")

    out = io.StringIO()
    assert run_self_test(out, [STEPS[0], Step("Write a file", explode)]) == 1
    assert "FAIL  Write a file: OSError: disk full" in out.getvalue()
    assert "Traceback" in capsys.readouterr().err  # the details go to standard error
