"""Time ``slots export`` (the free-slot feed) against a raw free-slot query in the same run.

    python -m benchmarks.bench_slots                        # 10,000 people, SQLite only
    python -m benchmarks.bench_slots --people 100000 --pg postgresql://postgres@127.0.0.1/postgres
    python -m benchmarks.bench_slots --no-sqlite --pg-db postgresql://…/an_existing_demo_database

The feed covers every active venue for ``--days`` days (default 42, six weeks) from the
generator's "today" (30 November 2026), when the diaries are booked up to six weeks ahead.

- **feed**: ``free_slot_feed`` + ``feed_text(…, "json")``, exactly what ``slots export`` runs
  (the JSON text included), and the feed alone without its text;
- **raw free-slot query**: one SQL statement written here, not the app's SQL, that returns the
  same free slots: the grid of starts on every open day (weekends and England's bank holidays left
  out, closures read from the table) at each active venue within the service's hours, minus the
  starts that meet a span when every room is in use (a running count of the venue's active
  appointments, by window functions), from the clock's "now"; rows fetched on a bare
  ``sqlite3`` / ``psycopg`` cursor. The benchmark checks both give the same (venue, start) rows;
- **appointments read**: the least any feed must read (the venues' active appointments over those
  days), for scale.

Each runs once to warm up, then ``--repeat`` rounds in a shuffled order; medians and p95. Goal:
the feed under 2x the raw free-slot query and under a second at 1,000,000 appointments
(``--people 100000``). ``DIVERT_BENCH_PG_URL`` works like ``--pg``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from benchmarks.bench_diary import _raw_runner, _stamp, alternate
from benchmarks.generate import (
    fresh_sqlite,
    generate_demo,
    machine,
    pg_server_url,
    postgresql_version,
    throwaway_postgresql,
    write_results,
)

TODAY = date(2026, 11, 30)  # a Monday: the generated history ends here, diaries run on from it

# The free slots in one statement. Parameters: :first / :last (days), :holidays (bank holidays,
# a list), :open_min / :close_min (the service's hours, minutes after midnight), :len (minutes),
# :step (grid minutes), :now, :lo / :hi / :span_start (the appointments that can reach the days).
RAW_FREE_SLOTS_PG = """
WITH days AS (
    SELECT d::date AS day FROM generate_series(:first::date, :last::date, interval '1 day') AS d
    WHERE extract(isodow FROM d) < 6 AND NOT (d::date = ANY(:holidays::date[]))
), grid AS (
    SELECT v.id AS venue_id, v.name, days.day, days.day + make_interval(mins => m) AS start_at
    FROM venues v CROSS JOIN days
    CROSS JOIN generate_series(:open_min::int, :close_min::int - :len::int, :step::int) AS m
    WHERE v.active AND (v.capacity IS NULL OR v.capacity > 0)
      AND NOT EXISTS (SELECT 1 FROM closures c WHERE c.day = days.day
                      AND (c.venue_id IS NULL OR c.venue_id = v.id))
), busy AS (
    SELECT venue_id, start_at, end_at FROM appointments
    WHERE status IN ('booked', 'arrived') AND place_kind = 'venue'
      AND start_at > :lo AND start_at <= :hi AND end_at > :span_start
), changes AS (
    SELECT venue_id, t, sum(d) AS d FROM (
        SELECT venue_id, start_at AS t, 1 AS d FROM busy
        UNION ALL SELECT venue_id, end_at, -1 FROM busy) e
    GROUP BY venue_id, t
), running AS (
    SELECT venue_id, t, sum(d) OVER w AS in_use, lead(t) OVER w AS until
    FROM changes WINDOW w AS (PARTITION BY venue_id ORDER BY t)
), full_spans AS MATERIALIZED (
    SELECT r.venue_id, r.t, r.until FROM running r
    JOIN venues v ON v.id = r.venue_id
    WHERE v.capacity IS NOT NULL AND r.in_use >= v.capacity
), blocked AS (
    -- the grid starts each full span rules out: those in (t - length, until)
    SELECT DISTINCT f.venue_id, s AS start_at FROM full_spans f,
    generate_series(date_trunc('hour', f.t - make_interval(mins => :len::int)), f.until,
                    make_interval(mins => :step::int)) AS s
    WHERE s > f.t - make_interval(mins => :len::int) AND s < f.until
)
SELECT g.venue_id, g.start_at FROM grid g
WHERE g.start_at >= :now AND NOT EXISTS (
    SELECT 1 FROM blocked b WHERE b.venue_id = g.venue_id AND b.start_at = g.start_at)
ORDER BY g.start_at, g.name
"""

RAW_FREE_SLOTS_SQLITE = """
WITH RECURSIVE days(day) AS (
    SELECT date(:first) UNION ALL SELECT date(day, '+1 day') FROM days WHERE day < date(:last)
), open_days AS (
    SELECT day FROM days
    WHERE strftime('%w', day) NOT IN ('0', '6') AND day NOT IN (SELECT value FROM json_each(:holidays))
), minutes(m) AS (
    SELECT :open_min UNION ALL SELECT m + :step FROM minutes WHERE m + :step <= :close_min - :len
), grid AS (
    SELECT v.id AS venue_id, v.name, d.day,
           strftime('%Y-%m-%d %H:%M:%S.000000', d.day, '+' || m || ' minutes') AS start_at,
           strftime('%Y-%m-%d %H:%M:%S.000000', d.day, '+' || (m + :len) || ' minutes') AS end_at
    FROM venues v CROSS JOIN open_days d CROSS JOIN minutes
    WHERE v.active AND (v.capacity IS NULL OR v.capacity > 0)
      AND NOT EXISTS (SELECT 1 FROM closures c WHERE c.day = d.day
                      AND (c.venue_id IS NULL OR c.venue_id = v.id))
), busy AS (
    SELECT venue_id, start_at, end_at FROM appointments
    WHERE status IN ('booked', 'arrived') AND place_kind = 'venue'
      AND start_at > :lo AND start_at <= :hi AND end_at > :span_start
), changes AS (
    SELECT venue_id, t, sum(d) AS d FROM (
        SELECT venue_id, start_at AS t, 1 AS d FROM busy
        UNION ALL SELECT venue_id, end_at, -1 FROM busy)
    GROUP BY venue_id, t
), running AS (
    SELECT venue_id, t, sum(d) OVER w AS in_use, lead(t) OVER w AS until
    FROM changes WINDOW w AS (PARTITION BY venue_id ORDER BY t)
), full_spans AS MATERIALIZED (
    SELECT r.venue_id, CAST(strftime('%s', r.t) AS INTEGER) AS t,
           CAST(strftime('%s', r.until) AS INTEGER) AS until FROM running r
    JOIN venues v ON v.id = r.venue_id
    WHERE v.capacity IS NOT NULL AND r.in_use >= v.capacity
), blocked(venue_id, s, until) AS (
    -- the grid starts each full span rules out: those in (t - length, until), in epoch seconds
    SELECT venue_id, ((t - :len * 60) / (:step * 60) + 1) * (:step * 60), until FROM full_spans
    UNION ALL SELECT venue_id, s + :step * 60, until FROM blocked WHERE s + :step * 60 < until
), blocked_starts AS MATERIALIZED (
    SELECT DISTINCT venue_id, strftime('%Y-%m-%d %H:%M:%S.000000', s, 'unixepoch') AS start_at
    FROM blocked WHERE s < until
)
SELECT g.venue_id, g.start_at FROM grid g
WHERE g.start_at >= :now AND NOT EXISTS (
    SELECT 1 FROM blocked_starts b WHERE b.venue_id = g.venue_id AND b.start_at = g.start_at)
ORDER BY g.start_at, g.name
"""

RAW_APPOINTMENTS = """
SELECT venue_id, start_at, end_at FROM appointments
WHERE status IN ('booked', 'arrived') AND place_kind = 'venue'
  AND start_at > :lo AND start_at <= :hi AND end_at > :span_start
"""


def raw_params(first: date, last: date, now: datetime, settings: dict[str, Any], sqlite: bool):
    """The raw query's parameters: the same facts the feed uses, worked out here."""
    import json

    import holidays

    years = range(first.year, last.year + 1)
    bank = sorted(d for d in holidays.country_holidays("GB", subdiv="ENG", years=years))
    bank = [d for d in bank if first <= d <= last]
    open_at, close_at = (time.fromisoformat(settings[k]) for k in ("day_start", "day_end"))
    span_start = datetime.combine(first, time())
    span_end = datetime.combine(last, time.max)
    return {
        "first": first.isoformat(),
        "last": last.isoformat(),
        "holidays": json.dumps([d.isoformat() for d in bank]) if sqlite else bank,
        "open_min": open_at.hour * 60 + open_at.minute,
        "close_min": close_at.hour * 60 + close_at.minute,
        "len": int(settings["initial_assessment_minutes"]),
        "step": 15,
        "now": _stamp(now, sqlite),
        "lo": _stamp(span_start - timedelta(minutes=720), sqlite),
        "hi": _stamp(span_end, sqlite),
        "span_start": _stamp(span_start, sqlite),
    }


def _measure(url: str, days: int, repeat: int) -> dict[str, Any]:
    import sqlalchemy as sa

    from divert_desktop.core.clock import FixedClock
    from divert_desktop.persistence.database import Database
    from divert_desktop.persistence.models import Appointment
    from divert_desktop.services.admin import settings as settings_service
    from divert_desktop.services.context import cli_actor
    from divert_desktop.services.diary.slots_feed import feed_text, free_slot_feed

    sqlite = url.startswith("sqlite")
    now = datetime.combine(TODAY, time(8, 0))
    db = Database(url)
    db.clock = FixedClock(now)
    last = TODAY + timedelta(days=days - 1)
    run, conn = _raw_runner(db.engine.url.render_as_string(hide_password=False))
    try:
        with db.unit_of_work(write=False) as s:
            total = s.execute(sa.select(sa.func.count()).select_from(Appointment)).scalar_one()
            settings = {
                k: settings_service.read(s, k)
                for k in ("day_start", "day_end", "initial_assessment_minutes")
            }
        params = raw_params(TODAY, last, now, settings, sqlite)
        free_sql = RAW_FREE_SLOTS_SQLITE if sqlite else RAW_FREE_SLOTS_PG

        def feed_json() -> Any:
            found = free_slot_feed(db, cli_actor(), from_date=TODAY, to_date=last)
            return found, feed_text(found, "json")

        def feed_only() -> Any:
            return free_slot_feed(db, cli_actor(), from_date=TODAY, to_date=last)

        stats, results = alternate(
            {
                "feed": feed_json,
                "feed_without_text": feed_only,
                "raw_free_slots": lambda: run(free_sql, params),
                "raw_appointments": lambda: run(RAW_APPOINTMENTS, params),
            },
            repeat,
        )
    finally:
        conn.close()
        db.dispose()
    found, text = results["feed"]
    app_rows = sorted((s.venue_id, s.start) for s in found.slots)
    raw_rows = sorted(
        (v, datetime.fromisoformat(t) if isinstance(t, str) else t)
        for v, t in results["raw_free_slots"]
    )
    median = {name: stat["median_ms"] for name, stat in stats.items()}
    figures = {
        "appointments": total,
        "days": days,
        "venues": len(found.venues),
        "busy_appointments_in_range": len(results["raw_appointments"]),
        "free_slots": len(found.slots),
        "json_bytes": len(text.encode()),
        "same_rows": app_rows == raw_rows,
        **{f"{name}_ms": stat for name, stat in stats.items()},
        "feed_over_raw_free_slots": round(median["feed"] / median["raw_free_slots"], 2),
        "feed_without_text_over_raw_free_slots": round(
            median["feed_without_text"] / median["raw_free_slots"], 2
        ),
        "feed_over_raw_appointments": round(median["feed"] / median["raw_appointments"], 1),
    }
    print(
        f"  {total:,} appointments ({figures['busy_appointments_in_range']:,} active at venues in "
        f"the {days} days), {len(found.slots):,} free slots at {len(found.venues)} venues; "
        f"same rows: {figures['same_rows']}\n"
        f"    feed (JSON text included) {median['feed']} ms (p95 {stats['feed']['p95_ms']}), "
        f"feed without text {median['feed_without_text']} ms, raw free-slot query "
        f"{median['raw_free_slots']} ms (p95 {stats['raw_free_slots']['p95_ms']}): "
        f"{figures['feed_over_raw_free_slots']}x ({figures['feed_without_text_over_raw_free_slots']}x"
        f" without text); reading the appointments alone {median['raw_appointments']} ms"
    )
    if not figures["same_rows"]:
        print("  THE FEED AND THE RAW QUERY DISAGREE", file=sys.stderr)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_slots", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--pg", metavar="URL", help="PostgreSQL server URL (a throwaway database)")
    parser.add_argument(
        "--pg-db", metavar="URL", help="an existing PostgreSQL demo database made for 30 Nov 2026"
    )
    parser.add_argument(
        "--sqlite-db", type=Path, help="an existing SQLite demo file made for 30 Nov 2026"
    )
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = parser.parse_args(argv)
    out: dict[str, Any] = {"benchmark": "slots", "people": args.people, "machine": machine()}
    if args.sqlite_db:
        print(f"SQLite: {args.sqlite_db}", flush=True)
        out["sqlite"] = _measure(f"sqlite:///{args.sqlite_db}", args.days, args.repeat)
    elif not args.no_sqlite:
        print(f"SQLite: {args.people:,} people", flush=True)
        with tempfile.TemporaryDirectory(prefix="divert-bench-") as folder:
            url = fresh_sqlite(Path(folder) / "slots.sqlite3")
            generate_demo(url, people=args.people, seed=args.seed, today=TODAY, quiet=True)
            out["sqlite"] = _measure(url, args.days, args.repeat)
    server = pg_server_url(args.pg)
    if args.pg_db:
        print(f"PostgreSQL: {args.pg_db}", flush=True)
        out["postgresql"] = _measure(args.pg_db, args.days, args.repeat)
    elif server:
        print(f"PostgreSQL: {args.people:,} people", flush=True)
        out["machine"]["postgresql"] = postgresql_version(server)
        with throwaway_postgresql(server, prefix="divert_bench_slots") as url:
            generate_demo(url, people=args.people, seed=args.seed, today=TODAY, quiet=True)
            out["postgresql"] = _measure(url, args.days, args.repeat)
    elif args.no_sqlite:
        print("No PostgreSQL server: pass --pg URL or set DIVERT_BENCH_PG_URL.", file=sys.stderr)
        return 2
    print(f"Results written to {write_results(f'slots-{args.people}', out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
