"""Time the demo data generator on a fresh SQLite file and (when given a server) on PostgreSQL.

    python -m benchmarks.bench_demo                    # 10,000 people, SQLite only
    python -m benchmarks.bench_demo --people 100000 --pg postgresql://postgres@127.0.0.1/postgres

Reports people/s and appointments/s and checks the size is what the other benchmarks expect
(about 1.3 referrals and 10 appointments a person). ``DIVERT_BENCH_PG_URL`` works like ``--pg``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import asdict
from datetime import date
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


def _measure(
    url: str, people: int, seed: int, today: date | None, per_person: float | None
) -> dict[str, Any]:
    result, seconds = generate_demo(
        url, people=people, seed=seed, today=today, appointments_per_person=per_person
    )
    figures = {
        **asdict(result),
        "seconds": round(seconds, 2),
        "people_per_second": round(result.people / seconds),
        "appointments_per_second": round(result.appointments / seconds),
        "referrals_per_person": round(result.referrals / result.people, 3),
        "appointments_per_person": round(result.appointments / result.people, 3),
    }
    print(
        f"  {result.people:,} people, {result.referrals:,} referrals, {result.appointments:,} "
        f"appointments, {result.users} staff in {seconds:.1f} s: {figures['people_per_second']:,} "
        f"people/s, {figures['appointments_per_second']:,} appointments/s"
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_demo", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--appointments-per-person", type=float, default=None)
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)"
    )
    parser.add_argument(
        "--pg", metavar="URL", help="PostgreSQL server URL (a throwaway database is made)"
    )
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = parser.parse_args(argv)
    out: dict[str, Any] = {
        "benchmark": "demo",
        "people": args.people,
        "seed": args.seed,
        "machine": machine(),
    }
    if not args.no_sqlite:
        print(f"SQLite: generating {args.people:,} people", flush=True)
        with tempfile.TemporaryDirectory(prefix="divert-bench-") as folder:
            url = fresh_sqlite(Path(folder) / "demo.sqlite3")
            out["sqlite"] = _measure(
                url, args.people, args.seed, args.today, args.appointments_per_person
            )
            out["sqlite"]["file_mb"] = round(
                (Path(folder) / "demo.sqlite3").stat().st_size / 2**20, 1
            )
    server = pg_server_url(args.pg)
    if server:
        print(f"PostgreSQL: generating {args.people:,} people", flush=True)
        out["machine"]["postgresql"] = postgresql_version(server)
        with throwaway_postgresql(server, prefix="divert_bench_demo") as url:
            out["postgresql"] = _measure(
                url, args.people, args.seed, args.today, args.appointments_per_person
            )
    elif args.no_sqlite:
        print("No PostgreSQL server: pass --pg URL or set DIVERT_BENCH_PG_URL.", file=sys.stderr)
        return 2
    print(f"Results written to {write_results(f'demo-{args.people}', out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
