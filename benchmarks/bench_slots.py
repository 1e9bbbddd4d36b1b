"""Time ``slots export`` (the free-slot feed) against the raw free-slot query in the same run.

    python -m benchmarks.bench_slots                        # 10,000 people, SQLite only
    python -m benchmarks.bench_slots --people 100000 --pg postgresql://postgres@127.0.0.1/postgres

The feed covers every active venue (seven) for ``--days`` days (default 42, six weeks) from the
generator's "today", when the diaries are booked up to six weeks ahead. The raw query is the
one SELECT of the venues' active appointments over those days, rows fetched as tuples: the least
any free-slot feed must read. Goal: the whole feed (JSON text included) under 2x the raw query
and under a second at 1,000,000 appointments (``--people 100000``). ``DIVERT_BENCH_PG_URL`` works
like ``--pg``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

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


def _best(fn: Any, repeat: int) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - started)
    return best, value


def _measure(url: str, people: int, seed: int, days: int, repeat: int) -> dict[str, Any]:
    import sqlalchemy as sa

    from divert_desktop.core.clock import FixedClock
    from divert_desktop.persistence.database import Database
    from divert_desktop.persistence.models import Appointment
    from divert_desktop.services.context import cli_actor
    from divert_desktop.services.diary.slots_feed import feed_text, free_slot_feed

    result, generated = generate_demo(url, people=people, seed=seed, today=TODAY, quiet=True)
    db = Database(url)
    db.clock = FixedClock(datetime.combine(TODAY, datetime.min.time()))
    last = TODAY + timedelta(days=days - 1)
    try:
        with db.unit_of_work(write=False) as s:
            total = s.execute(sa.select(sa.func.count()).select_from(Appointment)).scalar_one()
        a = Appointment
        raw_sql = sa.select(a.venue_id, a.start_at, a.end_at).where(
            a.status.in_(["booked", "arrived"]),
            a.place_kind == "venue",
            a.start_at > datetime.combine(TODAY, datetime.min.time()) - timedelta(hours=12),
            a.start_at <= datetime.combine(last, datetime.max.time()),
            a.end_at > datetime.combine(TODAY, datetime.min.time()),
        )

        def raw() -> int:
            with db.engine.connect() as conn:
                return len(conn.execute(raw_sql).all())

        def feed() -> Any:
            found = free_slot_feed(db, cli_actor(), from_date=TODAY, to_date=last)
            feed_text(found, "json")
            return found

        raw()  # warm the caches both ways
        feed()
        raw_s, busy = _best(raw, repeat)
        feed_s, found = _best(feed, repeat)
    finally:
        db.dispose()
    figures = {
        "people": result.people,
        "appointments": total,
        "generate_seconds": round(generated, 1),
        "days": days,
        "venues": len(found.venues),
        "busy_appointments_in_range": busy,
        "free_slots": len(found.slots),
        "raw_query_ms": round(raw_s * 1000, 1),
        "feed_ms": round(feed_s * 1000, 1),
        "feed_over_raw": round(feed_s / raw_s, 2) if raw_s else None,
    }
    print(
        f"  {total:,} appointments ({busy:,} at venues in the {days} days): raw query "
        f"{figures['raw_query_ms']} ms, feed of {len(found.slots):,} free slots at "
        f"{len(found.venues)} venues {figures['feed_ms']} ms ({figures['feed_over_raw']}x)"
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_slots", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pg", metavar="URL", help="PostgreSQL server URL (a throwaway database)")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = parser.parse_args(argv)
    out: dict[str, Any] = {"benchmark": "slots", "people": args.people, "machine": machine()}
    if not args.no_sqlite:
        print(f"SQLite: {args.people:,} people", flush=True)
        with tempfile.TemporaryDirectory(prefix="divert-bench-") as folder:
            url = fresh_sqlite(Path(folder) / "slots.sqlite3")
            out["sqlite"] = _measure(url, args.people, args.seed, args.days, args.repeat)
    server = pg_server_url(args.pg)
    if server:
        print(f"PostgreSQL: {args.people:,} people", flush=True)
        out["machine"]["postgresql"] = postgresql_version(server)
        with throwaway_postgresql(server, prefix="divert_bench_slots") as url:
            out["postgresql"] = _measure(url, args.people, args.seed, args.days, args.repeat)
    elif args.no_sqlite:
        print("No PostgreSQL server: pass --pg URL or set DIVERT_BENCH_PG_URL.", file=sys.stderr)
        return 2
    print(f"Results written to {write_results(f'slots-{args.people}', out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
