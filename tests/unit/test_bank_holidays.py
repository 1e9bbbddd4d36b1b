"""The England and Wales bank holidays table (``core/bank_holidays.py``) says what the
``holidays`` package says, year by year, and reading it leaves ``holidays`` unimported.

Run as a script to rewrite the table from the installed ``holidays``:
``python -m tests.unit.test_bank_holidays``.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import holidays
import pytest

from divert_desktop.core import bank_holidays
from divert_desktop.core.calendar import is_bank_holiday

ROOT = Path(__file__).resolve().parents[2]


def from_holidays(year: int) -> dict[date, str]:
    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return {day: str(name) for day, name in sorted(found.items())}


def table_lines(first: int, last: int) -> list[str]:
    return [
        f"{day:%Y-%m-%d} {name}"
        for year in range(first, last + 1)
        for day, name in from_holidays(year).items()
    ]


@pytest.mark.parametrize("year", range(bank_holidays.FIRST_YEAR, bank_holidays.LAST_YEAR + 1))
def test_the_table_names_the_same_bank_holidays_as_the_holidays_package(year: int) -> None:
    in_table = [line for line in bank_holidays.TABLE.splitlines() if line.startswith(f"{year}-")]
    assert in_table == table_lines(year, year)
    for day, name in from_holidays(year).items():
        assert is_bank_holiday(day) == name


def test_a_year_outside_the_table_still_asks_the_holidays_package() -> None:
    year = bank_holidays.LAST_YEAR + 1
    for day, name in from_holidays(year).items():
        assert is_bank_holiday(day) == name
    assert is_bank_holiday(date(year, 12, 25)) == "Christmas Day"


def test_reading_a_year_in_the_table_does_not_import_the_holidays_package() -> None:
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from divert_desktop.core.calendar import closed_reason, is_bank_holiday\n"
        "assert is_bank_holiday(date(2026, 12, 25)) == 'Christmas Day'\n"
        "assert closed_reason(date(2027, 3, 29)) == 'Easter Monday'\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'holidays'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"


if __name__ == "__main__":  # rewrite the table from the installed holidays package
    path = Path(bank_holidays.__file__)
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition('TABLE = """\\\n')
    _, _, tail = rest.partition('"""\n')
    lines = table_lines(bank_holidays.FIRST_YEAR, bank_holidays.LAST_YEAR)
    path.write_text(head + 'TABLE = """\\\n' + "\n".join(lines) + '\n"""\n' + tail, "utf-8")
    print(f"{path}: {len(lines)} bank holidays")
