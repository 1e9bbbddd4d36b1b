"""Every CSV and spreadsheet writer goes through services.sheet_files (which neutralises cells)."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "divert_desktop"
HELPER = PACKAGE / "services" / "sheet_files.py"
RAW_WRITES = re.compile(
    r"csv\.writer\(|csv\.DictWriter\(|\bws\.append\(|\bws\[[^\]]+\]\s*=|"
    r"\.cell\([^)]*value="
)


def test_no_writer_bypasses_the_neutralising_helper() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}"
        for path in PACKAGE.rglob("*.py")
        if path != HELPER and "forms" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if RAW_WRITES.search(line)
    ]
    assert offenders == []
