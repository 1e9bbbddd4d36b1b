"""The code is checked as CI checks it: ruff's rules, including the one-clock ban (no module but
``divert_desktop/clock.py`` reads the wall clock), over the app, its tests, benchmarks and installer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _ruff(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_ruff_finds_nothing_in_the_checkout() -> None:
    run = _ruff("check", "--output-format", "concise", ".")
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_wall_clock_read_is_refused_anywhere_but_the_clock_module(tmp_path: Path) -> None:
    sample = tmp_path / "divert_desktop" / "services" / "sample.py"
    sample.parent.mkdir(parents=True)
    sample.write_text(
        "import time\nfrom datetime import date, datetime\n\n"
        "a = datetime.now()\nb = date.today()\nc = time.time()\nd = datetime.utcnow()\n"
        "e = time.perf_counter()\n",
        encoding="utf-8",
    )
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text("utf-8"), "utf-8")
    run = _ruff("check", "--output-format", "concise", "--select", "TID251", ".", cwd=tmp_path)
    banned = [line for line in run.stdout.splitlines() if "TID251" in line]
    assert [line.split(":")[1] for line in banned] == ["4", "5", "6", "7"], run.stdout
    clock = tmp_path / "divert_desktop" / "clock.py"
    sample.rename(clock)
    run = _ruff("check", "--output-format", "concise", "--select", "TID251", ".", cwd=tmp_path)
    assert run.returncode == 0, run.stdout
