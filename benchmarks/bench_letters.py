"""Time a batch of reminder letters against bare ReportLab drawing the same text, and show that
memory stays flat as the batch grows (100, 250, 500 letters).

    python -m benchmarks.bench_letters                 # SQLite
    python -m benchmarks.bench_letters --pg postgresql://postgres@127.0.0.1:5432/postgres

The batch is the app's own ``run_batch``: for each chunk of 20 letters it reads the appointments
in one query, lays each letter out and draws it, logs the chunk's letters with their SHA-256 and
files in one insert (one transaction a chunk, with their audit events), writes the files and
appends them to the combined PDF. The baseline draws the same
strings at the same places on a bare ReportLab canvas (one file per letter, written to disk), so
the ratio is the cost of everything a letter needs beyond the drawing.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from benchmarks.generate import fresh_postgresql, fresh_sqlite, machine, write_results
from divert_desktop.clock import SystemClock

SIZES = (100, 250, 500)
REPEAT = 3  # medians of three runs, each on fresh appointments
FIRST = ["Siân", "Zoë", "Łukasz", "Nguyễn", "Amelia", "Tomasz", "Priya", "Oskar", "Niamh", "Kwame"]
LAST = ["Öztürk-Jones", "Nowak", "Hartwell", "Brindley", "Okonjo", "Vasquez", "Idowu", "Lindqvist"]


def seed(db: Any, day: date, count: int, tag: str) -> None:
    """``count`` people, each with a referral and a booked appointment on ``day``."""
    from divert_desktop.core.enums import AppointmentStatus, AppointmentType, PlaceKind
    from divert_desktop.persistence.models import Appointment, Person, Referral, StaffUser, Venue

    with db.unit_of_work() as s:
        venue = s.execute(sa.select(Venue).where(Venue.name == "Coventry")).scalar_one()
        venue.address = "Coventry hub\n1 Example Street\nCoventry CV1 1AA"
        worker = s.execute(sa.select(StaffUser.id).limit(1)).scalar_one_or_none()
        if worker is None:
            worker = s.execute(
                sa.insert(StaffUser).returning(StaffUser.id),
                [
                    {
                        "username": "sam",
                        "display_name": "Sam Okafor",
                        "role": "caseworker",
                        "password_hash": "-",
                    }
                ],
            ).scalar_one()
        people = [
            {
                "first_name": FIRST[n % len(FIRST)],
                "last_name": f"{LAST[n % len(LAST)]}-{tag}{n}",
                "date_of_birth": date(1990, 1, 1) + timedelta(days=n),
                "search_first": "x",
                "search_last": "x",
                "address_line1": f"{n + 1} Sample Road",
                "town": "Coventry",
                "postcode": "CV1 2AB",
                "letters_allowed": n % 50 != 7,
            }
            for n in range(count)
        ]
        ids = s.execute(sa.insert(Person).returning(Person.id), people).scalars().all()
        refs = (
            s.execute(
                sa.insert(Referral).returning(Referral.id),
                [
                    {
                        "police_reference": f"BENCH-{tag}-{n:05d}",
                        "person_id": pid,
                        "referral_datetime": datetime.combine(
                            day - timedelta(days=10), datetime.min.time()
                        ),
                        "officer_name": "PC Example",
                        "officer_number": "4711",
                        "local_authority": "Coventry",
                        "status": "booked",
                        "engagement_deadline": day + timedelta(days=30),
                        "created_by": "b",
                    }
                    for n, pid in enumerate(ids)
                ],
            )
            .scalars()
            .all()
        )
        start = datetime.combine(day, datetime.min.time()).replace(hour=9)
        s.execute(
            sa.insert(Appointment),
            [
                {
                    "person_id": pid,
                    "referral_id": rid,
                    "type": AppointmentType.INITIAL_ASSESSMENT,
                    "caseworker_id": None,
                    "start_at": start + timedelta(minutes=n),
                    "end_at": start + timedelta(minutes=n + 60),
                    "length_minutes": 60,
                    "place_kind": PlaceKind.VENUE,
                    "venue_id": venue.id,
                    "status": AppointmentStatus.BOOKED,
                    "created_by": "b",
                }
                for n, (pid, rid) in enumerate(zip(ids, refs, strict=True))
            ],
        )


def set_letterhead(db: Any) -> None:
    from divert_desktop.services.admin.settings import update_settings
    from divert_desktop.services.context import cli_actor

    update_settings(
        db,
        cli_actor(),
        {
            "organisation_name": "Example Recovery Trust",
            "organisation_phone": "024 7600 0000",
            "organisation_address": "Unit 4, Sample Works\n12 Example Lane\nCoventry CV1 9ZZ",
            "organisation_email": "divert@example.org",
            "signatory_name": "Jo Sample",
            "signatory_title": "DIVERT Service Manager",
        },
    )


def bare_pages(db: Any, day: date, now: datetime) -> list[list[list[tuple]]]:
    """The strings each letter of the batch draws (made before the clock starts)."""
    from divert_desktop.core.enums import LetterTemplate
    from divert_desktop.core.letters import LetterNotApplicable
    from divert_desktop.documents.letters import text_of
    from divert_desktop.services.letters.batches import candidates
    from divert_desktop.services.letters.production import build_draft

    out = []
    with db.unit_of_work() as s:
        todo, _ = candidates(s, LetterTemplate.APPOINTMENT_REMINDER, day, day, now)
        for item in todo:
            try:
                draft = build_draft(
                    s,
                    LetterTemplate.APPOINTMENT_REMINDER,
                    appointment_id=item.appointment_id,
                    today=now.date(),
                    now=now,
                )
            except LetterNotApplicable:
                continue
            out.extend(text_of(x.doc) for x in draft.letters)
    return out


def run_bare(pages: list[list[list[tuple]]], folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds to draw and write every letter with bare ReportLab."""
    from divert_desktop.documents.letters import render_bare

    folder.mkdir(parents=True, exist_ok=True)
    start, cpu = time.perf_counter(), time.process_time()
    for n, letter in enumerate(pages):
        (folder / f"bare-{n}.pdf").write_bytes(render_bare(letter))
    return time.perf_counter() - start, time.process_time() - cpu


def run_app(db: Any, day: date, now: datetime, folder: Path, *, memory: bool = False) -> dict:
    from divert_desktop.services.context import cli_actor
    from divert_desktop.services.letters.batches import run_batch

    gc.collect()
    if memory:
        tracemalloc.start()
    start, cpu = time.perf_counter(), time.process_time()
    result = run_batch(db, cli_actor(), "appointment_reminder", day, None, folder, now=now)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] if memory else 0
    if memory:
        tracemalloc.stop()
    size = result.combined.stat().st_size if result.combined else 0
    files = [folder / f for f in result.files]
    return {
        "seconds": seconds,
        "cpu": cpu,
        "letters": result.letters,
        "left_out": len(result.left_out),
        "peak_mb": peak / 2**20,
        "combined_mb": size / 2**20,
        "mean_letter_kb": statistics.mean(f.stat().st_size for f in files) / 1024,
    }


def bench(url: str, work: Path) -> dict[str, Any]:
    from divert_desktop.documents.fonts import register_fonts
    from divert_desktop.persistence.database import Database

    register_fonts()
    db = Database(url)
    set_letterhead(db)
    base = SystemClock().today() + timedelta(days=30)
    now = datetime.combine(SystemClock().today(), datetime.min.time())
    rows = []
    day = iter(range(1000))
    for size in SIZES:
        walls, cpus, bare_walls, bare_cpus = [], [], [], []
        for _ in range(REPEAT):  # fresh appointments each time (letters made are skipped)
            timed = base + timedelta(days=next(day))
            seed(db, timed, size, f"t{size}-{len(walls)}")
            pages = bare_pages(db, timed, now)
            bare_wall, bare_cpu = run_bare(pages, work / f"bare{size}-{len(walls)}")
            app = run_app(db, timed, now, work / f"app{size}-{len(walls)}")
            walls.append(app["seconds"])
            cpus.append(app["cpu"])
            bare_walls.append(bare_wall)
            bare_cpus.append(bare_cpu)
        measured = base + timedelta(days=next(day))
        seed(db, measured, size, f"m{size}")
        mem = run_app(db, measured, now, work / f"mem{size}", memory=True)
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        bare_wall, bare_cpu = statistics.median(bare_walls), statistics.median(bare_cpus)
        row = {
            "letters": app["letters"],
            "people_left_out": app["left_out"],
            "bare_s": round(bare_wall, 3),
            "app_s": round(wall, 3),
            "ratio": round(wall / bare_wall, 2),
            "bare_cpu_s": round(bare_cpu, 3),
            "app_cpu_s": round(cpu, 3),
            "cpu_ratio": round(cpu / bare_cpu, 2),
            "app_ms_per_letter": round(1000 * wall / app["letters"], 2),
            "bare_ms_per_letter": round(1000 * bare_wall / len(pages), 2),
            "peak_traced_mb": round(mem["peak_mb"], 2),
            "combined_mb": round(app["combined_mb"], 2),
            "mean_letter_kb": round(app["mean_letter_kb"], 1),
        }
        print(row, flush=True)
        rows.append(row)
    db.dispose()
    return {"rows": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_letters", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--pg", help="a PostgreSQL server URL (a throwaway database is made)")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="divert-bench-letters-"))
    results: dict[str, Any] = {"machine": machine()}
    try:
        if not args.no_sqlite:
            print("SQLite")
            results["sqlite"] = bench(fresh_sqlite(work / "letters.sqlite3"), work / "sqlite")
        if args.pg:
            from sqlalchemy.engine import make_url

            url = make_url(args.pg).set(database="divert_bench_letters").render_as_string(False)
            print("PostgreSQL")
            results["postgresql"] = bench(fresh_postgresql(url, replace=True), work / "pg")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {write_results('letters', results)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
