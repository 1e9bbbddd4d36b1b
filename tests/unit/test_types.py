"""The code is type-checked as CI checks it: mypy (settings in pyproject.toml) finds nothing in
``divert_desktop/core`` and ``divert_desktop/services`` (nor in what they import)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_finds_nothing_in_core_and_services() -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            "divert_desktop/core",
            "divert_desktop/services",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
