"""Time a one-year managers' summary against the same aggregates as hand-written SQL, plus PDF/xlsx.

    python -m benchmarks.bench_summary                        # SQLite, cached demo file
    python -m benchmarks.bench_summary --pg postgresql://postgres@127.0.0.1/divert_bench_summary

The demo database (150,000 people, about 200,000 referrals and 1,000,000 appointments) is made once
and kept (``--sqlite PATH``; a PostgreSQL database given with ``--pg`` is filled when empty).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks.generate import (
    fresh_postgresql,
    fresh_sqlite,
    generate_demo,
    machine,
    write_results,
)

TODAY = date(2026, 11, 27)
PEOPLE = 150_000
PER_PERSON = 6.7

HAND_SQL = """
WITH base AS (
  SELECT r.id, r.status, r.local_authority AS area, r.followup_rearrested AS fu,
         CASE WHEN EXISTS (SELECT 1 FROM appointments a WHERE a.referral_id = r.id) THEN 1 ELSE 0 END AS booked,
         CASE WHEN r.status IN ('engaged', 'completed') OR EXISTS (
           SELECT 1 FROM referral_status_history h WHERE h.referral_id = r.id
             AND h.to_status IN ('engaged', 'completed')) THEN 1 ELSE 0 END AS engaged,
         (SELECT count(*) FROM referrals e WHERE e.person_id = r.person_id
            AND (e.referral_datetime < r.referral_datetime
                 OR (e.referral_datetime = r.referral_datetime AND e.id < r.id))) + 1 AS ordinal,
         p.gender, p.ethnicity, p.date_of_birth, r.referral_datetime
  FROM referrals r JOIN people p ON p.id = r.person_id
  WHERE r.referral_datetime >= :start AND r.referral_datetime < :end
)
"""
HAND_QUERIES = [
    "SELECT count(*), sum(status <> 'ineligible'), sum(booked), sum(engaged),"
    " sum(status = 'completed'), sum(status = 'not_engaged'), sum(status = 'withdrawn'),"
    " sum(ordinal > 1), sum(engaged = 1 AND fu = 'yes'), sum(engaged = 1 AND fu = 'no') FROM base",
    "SELECT status_reason, count(*) FROM referrals WHERE status = 'ineligible'"
    " AND referral_datetime >= :start AND referral_datetime < :end GROUP BY status_reason",
    "SELECT area, count(*), sum(engaged) FROM base GROUP BY area",
    "SELECT gender, count(*), sum(engaged) FROM base GROUP BY gender",
    "SELECT ethnicity, count(*), sum(engaged) FROM base GROUP BY ethnicity",
    "SELECT CAST(strftime('%Y%m%d', referral_datetime) AS INTEGER)"
    " - CAST(strftime('%Y%m%d', date_of_birth) AS INTEGER) < 180000, count(*) FROM base GROUP BY 1",
    "SELECT s.substance, count(*), sum(b.engaged) FROM base b"
    " LEFT JOIN referral_substances s ON s.referral_id = b.id GROUP BY s.substance",
    "SELECT min(ordinal, 4), count(*) FROM base GROUP BY 1",
    "SELECT sum(a.status IN ('attended','arrived','did_not_attend')),"
    " sum(a.status = 'did_not_attend') FROM appointments a JOIN base b ON b.id = a.referral_id",
    "SELECT s.service_type, o.status, count(*) FROM onward_referrals o JOIN base b"
    " ON b.id = o.referral_id JOIN services s ON s.id = o.service_id GROUP BY 1, 2",
    "SELECT a.caseworker_id, count(DISTINCT a.referral_id), count(*) FROM appointments a"
    " JOIN base b ON b.id = a.referral_id GROUP BY a.caseworker_id",
    "SELECT d FROM (SELECT CAST(julianday(date(min(a.start_at)))"
    " - julianday(date(min(b.referral_datetime))) AS INTEGER) AS d FROM appointments a"
    " JOIN base b ON b.id = a.referral_id GROUP BY b.id) ORDER BY d",
    "SELECT d FROM (SELECT CAST(julianday(date(min(a.start_at)))"
    " - julianday(date(min(b.referral_datetime))) AS INTEGER) AS d FROM appointments a"
    " JOIN base b ON b.id = a.referral_id WHERE a.status IN ('attended', 'arrived')"
    " GROUP BY b.id) ORDER BY d",
]


def _hand_written(url: str, start: date, end: date) -> tuple[float, int]:
    """The same aggregates as plain SQL on one sqlite3 connection; returns (seconds, referrals)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    params = {
        "start": f"{start} 00:00:00.000000",
        "end": f"{end + timedelta(days=1)} 00:00:00.000000",
    }
    started = time.perf_counter()
    with engine.connect() as conn:
        referrals = 0
        for i, query in enumerate(HAND_QUERIES):
            sql = query if i == 1 else HAND_SQL + query
            rows = conn.execute(sa.text(sql), params).all()
            if i == 0:
                referrals = int(rows[0][0])
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds, referrals


def _timed(fn: Any, repeat: int) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def run(url: str, repeat: int) -> dict[str, Any]:
    from divert_desktop.documents.summary_pdf import render_summary_pdf
    from divert_desktop.persistence.database import Database
    from divert_desktop.services.context import cli_actor
    from divert_desktop.services.reports.summaries import build_summary
    from divert_desktop.services.reports.summaries.csv_out import csv_text
    from divert_desktop.services.reports.summaries.xlsx_out import write_xlsx

    db = Database(url)
    start, end = TODAY - timedelta(days=365), TODAY
    actor = cli_actor()
    summary_s, summary = _timed(lambda: build_summary(db, actor, start, end), repeat)
    figures: dict[str, Any] = {
        "summary_seconds": round(summary_s, 2),
        "referrals_in_year": summary.headline.referrals,
    }
    if url.startswith("sqlite"):
        hand_s, hand_referrals = _timed(lambda: _hand_written(url, start, end), repeat)
        assert hand_referrals[1] == summary.headline.referrals
        figures["hand_written_sql_seconds"] = round(hand_s, 2)
        figures["ratio"] = round(summary_s / hand_s, 2)
    pdf_s, pdf = _timed(lambda: render_summary_pdf(summary, generated_on=TODAY), 1)
    with tempfile.TemporaryDirectory() as tmp:
        xlsx_s, _ = _timed(lambda: write_xlsx(summary, Path(tmp) / "s.xlsx", generated_on=TODAY), 1)
        Path("/tmp/bench/summary.pdf").write_bytes(pdf)
    csv_s, _ = _timed(lambda: csv_text(summary), 1)
    figures.update(
        pdf_seconds=round(pdf_s, 2),
        pdf_kb=len(pdf) // 1024,
        xlsx_seconds=round(xlsx_s, 2),
        csv_seconds=round(csv_s, 3),
    )
    with db.unit_of_work(write=False) as session:
        import sqlalchemy as sa

        for table in ("people", "referrals", "appointments"):
            figures[f"{table}_total"] = session.execute(
                sa.text(f"SELECT count(*) FROM {table}")
            ).scalar_one()
    db.dispose()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_summary", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--sqlite", type=Path, default=Path("/tmp/bench/summary-150k.sqlite3"))
    parser.add_argument("--pg", metavar="URL", help="also run on this PostgreSQL database")
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"benchmark": "summary", "machine": machine(), "today": TODAY}
    targets = [("sqlite", args.sqlite)] + ([("postgresql", args.pg)] if args.pg else [])
    for name, where in targets:
        if name == "sqlite":
            url = f"sqlite:///{where}"
            if not Path(where).exists():
                args.sqlite.parent.mkdir(parents=True, exist_ok=True)
                url = fresh_sqlite(where)
                generate_demo(
                    url, people=args.people, seed=1, today=TODAY, appointments_per_person=PER_PERSON
                )
        else:
            url = str(where)
            try:
                fresh_postgresql(url)
                generate_demo(
                    url, people=args.people, seed=1, today=TODAY, appointments_per_person=PER_PERSON
                )
            except SystemExit:
                pass  # already there: reuse it
        results[name] = run(url, args.repeat)
        print(name, results[name])
    print(f"Results in {write_results('summary', results)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
