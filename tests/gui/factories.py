"""Invented referral files and records for the GUI tests (no real people's names)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from tests.clock import CLOCK

COLUMNS = [
    "police_reference",
    "referral_datetime",
    "officer_name",
    "officer_number",
    "first_name",
    "last_name",
    "date_of_birth",
    "local_authority",
    "substances",
    "intent_to_supply",
    "gender",
    "postcode",
    "phone",
    "appropriate_adult_name",
    "appropriate_adult_relationship",
    "appropriate_adult_phone",
    "appointment_datetime",
    "appointment_venue",
]

FIRST_NAMES = ["Amelia", "Tomasz", "Priya", "Callum", "Zainab", "Oskar", "Niamh", "Kwame"]
LAST_NAMES = ["Hartwell", "Brindley", "Okonjo", "Vasquez", "Pemberton", "Idowu", "Lindqvist"]
AREAS = ["Birmingham", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall", "Wolverhampton"]


def referral(n: int, **overrides: Any) -> dict[str, str]:
    """A valid adult referral row, numbered ``n``, received three days ago."""
    when = datetime.combine(CLOCK.today() - timedelta(days=3), time(10, 0)) + timedelta(minutes=n)
    row = {
        "police_reference": f"WMP-T-{n:06d}",
        "referral_datetime": when.strftime("%Y-%m-%d %H:%M"),
        "officer_name": "PC Example",
        "officer_number": f"{4000 + n % 1000}",
        "first_name": FIRST_NAMES[n % len(FIRST_NAMES)],
        "last_name": f"{LAST_NAMES[n % len(LAST_NAMES)]}{'' if n < 50 else n}",
        "date_of_birth": (date(1990, 1, 1) + timedelta(days=37 * n)).isoformat(),
        "local_authority": AREAS[n % len(AREAS)],
        "substances": "cannabis",
        "intent_to_supply": "no",
        "gender": "",
        "postcode": "",
        "phone": "",
        "appropriate_adult_name": "",
        "appropriate_adult_relationship": "",
        "appropriate_adult_phone": "",
        "appointment_datetime": "",
        "appointment_venue": "",
    }
    row.update({k: str(v) for k, v in overrides.items()})
    return row


def write_csv(path: Path, rows: Iterable[Mapping[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


def mixed_file(path: Path) -> Path:
    """Ten good rows (one booked for today, one young person without an adult, one with intent
    to supply) and two bad rows (an unknown area, an impossible date of birth)."""
    today_at_two = datetime.combine(CLOCK.today(), time(14, 0)).strftime("%Y-%m-%d %H:%M")
    rows = [referral(n) for n in range(1, 11)]
    rows[0].update(
        first_name="Siân",
        last_name="Öztürk-Jones",
        postcode="B1 1AA",
        phone="07700 900123",
        appointment_datetime=today_at_two,
        appointment_venue="Birmingham",
    )
    rows[1].update(date_of_birth=(CLOCK.today() - timedelta(days=15 * 365)).isoformat())
    rows[2].update(intent_to_supply="yes")
    rows.append(referral(11, local_authority="Atlantis"))
    rows.append(referral(12, date_of_birth="2001-02-30"))
    return write_csv(path, rows)


def big_file(path: Path, count: int) -> Path:
    """``count`` valid rows (for cancelling an import half way)."""
    return write_csv(path, (referral(n) for n in range(1, count + 1)))


def import_file(db: Any, path: Path) -> Any:
    """Import a file as the command line would (setting up data for a test)."""
    from divert_desktop.services.context import cli_actor
    from divert_desktop.services.intake.police_import import import_referrals

    return import_referrals(db, cli_actor(), path)
