"""``divert-desktop --self-test``: check an installed copy end to end on a temporary database."""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from divert_desktop import __version__
from divert_desktop.private_files import write_private_bytes

SAMPLE_FILE = Path(__file__).resolve().parent / "resources_data" / "sample_referrals.csv"
IMPORT_TODAY = date(2026, 11, 30)
"""The sample file's appointments are in the future as seen from this day."""
SHEET_DAY = date(2026, 12, 2)
SUMMARY_PERIOD = (date(2026, 11, 1), date(2026, 11, 30))
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


class SelfTestFailure(Exception):
    """A check found something wrong; the message says what."""


@dataclass
class Context:
    """What the steps share: the temporary folder, the database and the signed-in actor."""

    folder: Path
    db: Any = None
    actor: Any = None
    imported: int = 0
    files: dict[str, Path] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Context], str]


def check_pdf(data: bytes, what: str) -> int:
    """The number of pages of a PDF made by the app. Raises SelfTestFailure if it is not one."""
    if not data.startswith(b"%PDF-"):
        raise SelfTestFailure(f"the {what} is not a PDF (it starts with {data[:8]!r})")
    if b"%%EOF" not in data[-64:]:
        raise SelfTestFailure(f"the {what} PDF is cut short (no end-of-file marker)")
    pages = len(_PAGE.findall(data))
    if pages < 1:
        raise SelfTestFailure(f"the {what} PDF has no pages")
    return pages


def _pages(count: int) -> str:
    return f"{count} page" if count == 1 else f"{count} pages"


def open_database(ctx: Context) -> str:
    from divert_desktop.clock import SystemClock
    from divert_desktop.persistence.database import Database

    ctx.db = Database(f"sqlite:///{ctx.folder / 'selftest.sqlite3'}", clock=SystemClock())
    return ctx.db.description


def migrate(ctx: Context) -> str:
    from divert_desktop.persistence.migrate import head_revision
    from divert_desktop.persistence.upgrade import upgrade_safely

    result = upgrade_safely(ctx.db, ctx.folder / "backups")
    if result.to_revision != head_revision():
        raise SelfTestFailure(f"the schema is at {result.to_revision}, not {head_revision()}")
    from divert_desktop.services.context import cli_actor

    ctx.actor = cli_actor()
    return f"schema {result.to_revision}"


def bank_holidays(_ctx: Context) -> str:
    from divert_desktop.core.calendar import closed_reason

    christmas = closed_reason(date(2026, 12, 25))
    if christmas != "Christmas Day":
        raise SelfTestFailure(f"25 December 2026 shows as {christmas!r}, not Christmas Day")
    if closed_reason(SHEET_DAY) is not None:
        raise SelfTestFailure(f"{SHEET_DAY} shows as closed ({closed_reason(SHEET_DAY)})")
    return "England and Wales bank holidays known (25 Dec 2026: Christmas Day)"


def import_sample(ctx: Context) -> str:
    from divert_desktop.services.intake.police_import import import_referrals

    if not SAMPLE_FILE.is_file():
        raise SelfTestFailure(f"the sample referral file is missing ({SAMPLE_FILE})")
    result = import_referrals(ctx.db, ctx.actor, SAMPLE_FILE, today=IMPORT_TODAY)
    if result.rejected or not result.imported or result.imported != result.rows:
        problems = "; ".join(f"row {e.row} {e.field}: {e.message}" for e in result.errors[:3])
        raise SelfTestFailure(
            f"{result.imported} of {result.rows} rows imported, {result.rejected} rejected"
            + (f" ({problems})" if problems else "")
        )
    ctx.imported = result.imported
    return f"{result.rows} rows: {result.imported} imported, {result.ineligible} of them ineligible"


def day_sheet_pdf(ctx: Context) -> str:
    from divert_desktop.documents.day_sheet import render_day_sheet
    from divert_desktop.services.diary import views as diary_view

    sheet = diary_view.day_sheet(ctx.db, ctx.actor, SHEET_DAY)
    if not sheet.rows:
        raise SelfTestFailure(f"the day sheet for {SHEET_DAY} shows no appointments")
    data = render_day_sheet(sheet)
    pages = check_pdf(data, "day sheet")
    ctx.files["day sheet"] = ctx.folder / "day-sheet.pdf"
    write_private_bytes(ctx.files["day sheet"], data)
    return f"{_pages(pages)}, {len(sheet.rows)} appointments, {len(data):,} bytes"


def summary_pdf(ctx: Context) -> str:
    from divert_desktop.services.reports.summaries.report_file import write_report

    out = ctx.folder / "summary.pdf"
    summary = write_report(ctx.db, ctx.actor, *SUMMARY_PERIOD, None, out, internal=True)
    if summary.headline.referrals != ctx.imported:
        raise SelfTestFailure(
            f"the summary counts {summary.headline.referrals} referrals, not {ctx.imported}"
        )
    data = out.read_bytes()
    pages = check_pdf(data, "summary")
    ctx.files["summary"] = out
    return f"{_pages(pages)}, {summary.headline.referrals} referrals, {len(data):,} bytes"


def qt_widgets(ctx: Context) -> str:
    """Qt's plugins and the app's windows load with no screen (a broken bundle fails here)."""
    from divert_desktop.gui.shell.self_check import WindowCheckFailed, check_windows

    try:
        return check_windows(ctx.db, ctx.actor.source, ctx.folder, ctx.files.get("letter"))
    except WindowCheckFailed as exc:
        raise SelfTestFailure(str(exc)) from exc


LETTER_REFERENCE = "SELFTEST-0002"
"""A young person in the sample file with an appointment: a letter and the adult's copy."""


def letter_pdf(ctx: Context) -> str:
    """An appointment confirmation for a young person: their letter and the appropriate
    adult's copy, logged, with embedded fonts (after reception adds the address)."""
    from datetime import datetime

    from divert_desktop.core.enums import LetterTemplate
    from divert_desktop.services.admin.settings import update_settings
    from divert_desktop.services.letters import production as letters
    from divert_desktop.services.people import records as people

    update_settings(
        ctx.db,
        ctx.actor,
        {
            "organisation_name": "Self-test Trust",
            "organisation_phone": "0121 496 0000",
            "organisation_address": "1 Example Street\nBirmingham B1 1AA",
            "signatory_name": "Sam Selftest",
            "signatory_title": "Manager",
        },
    )
    referral_id = letters.referral_id_for(ctx.db, ctx.actor, LETTER_REFERENCE)
    with ctx.db.unit_of_work(write=False) as session:
        from divert_desktop.persistence.models import Referral

        person_id = session.get(Referral, referral_id).person_id
    details = people.person_details(ctx.db, ctx.actor, person_id)
    people.update_person(
        ctx.db,
        ctx.actor,
        person_id,
        details.version,
        {"address_line1": "1 Sample Street", "town": "Coventry"},
        today=IMPORT_TODAY,
    )
    made = letters.produce_letter(
        ctx.db,
        ctx.actor,
        LetterTemplate.APPOINTMENT_CONFIRMATION,
        referral_id=referral_id,
        today=IMPORT_TODAY,
        now=datetime.combine(IMPORT_TODAY, datetime.min.time()),
    )
    if len(made.letters) != 2:
        raise SelfTestFailure(
            f"a young person's letter made {len(made.letters)} letter(s), not the person's and "
            "the appropriate adult's"
        )
    data = made.combined()
    pages = check_pdf(data, "letter")
    if b"/FontFile2" not in data:
        raise SelfTestFailure("the letter's fonts are not embedded")
    ctx.files["letter"] = ctx.folder / "letter.pdf"
    write_private_bytes(ctx.files["letter"], data)
    return f"{_pages(pages)} (the person's letter and the adult's copy), {len(data):,} bytes"


STEPS: list[Step] = [
    Step("Open a temporary database", open_database),
    Step("Migrate it to the latest schema", migrate),
    Step("Know the bank holidays", bank_holidays),
    Step("Import the sample referral file", import_sample),
    Step("Make a day sheet PDF", day_sheet_pdf),
    Step("Make a letter PDF", letter_pdf),
    Step("Make a summary PDF", summary_pdf),
    Step("Load the Qt widgets offscreen", qt_widgets),
]


def run_self_test(out: TextIO | None = None, steps: list[Step] | None = None) -> int:
    """Run every step in order on a temporary database; stop at the first failure.
    Prints a short report; returns 0 when every check passed, 1 otherwise."""
    out = out or sys.stdout or open(os.devnull, "w")  # no console: a Windows GUI build
    steps = STEPS if steps is None else steps
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="divert-selftest-"))
    ctx = Context(folder)
    print(f"DIVERT Desktop {__version__} self-test", file=out)
    try:
        for step in steps:
            t0 = time.perf_counter()
            try:
                detail = step.run(ctx)
            except Exception as exc:
                reason = (
                    str(exc)
                    if isinstance(exc, SelfTestFailure)
                    else (f"{type(exc).__name__}: {exc}")
                )
                print(f"  FAIL  {step.name}: {reason}", file=out)
                if not isinstance(exc, SelfTestFailure) and sys.stderr is not None:
                    traceback.print_exc(file=sys.stderr)
                print(f"Self-test failed at “{step.name}”: {reason}", file=out)
                return 1
            print(f"  ok    {step.name} ({time.perf_counter() - t0:.2f} s): {detail}", file=out)
            out.flush()  # a crash inside Qt still leaves the checks before it on screen
    finally:
        if ctx.db is not None:
            ctx.db.dispose()
        shutil.rmtree(folder, ignore_errors=True)
    total = time.perf_counter() - started
    print(f"Self-test passed: {len(steps)} checks in {total:.1f} s.", file=out)
    out.flush()
    return 0
