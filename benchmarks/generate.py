"""Make a demo database for benchmarks: a fresh SQLite file or a PostgreSQL database, N people, a seed.

    python -m benchmarks.generate --sqlite /tmp/bench.sqlite3 --people 100000 --seed 1
    python -m benchmarks.generate --pg postgresql://postgres@127.0.0.1/divert_bench --people 100000

The other benchmarks import the helpers below (fresh databases, throwaway PostgreSQL databases,
timing the generator, writing results) so that every benchmark builds its data the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from divert_desktop.clock import SystemClock

RESULTS = Path(__file__).resolve().parent / "results"
PG_ENV = "DIVERT_BENCH_PG_URL"


def _sa():  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    return sa


def _admin_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database="postgres").render_as_string(hide_password=False)


def _with_database(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _admin_exec(url: str, sql: str) -> Any:
    sa = _sa()
    engine = sa.create_engine(_admin_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            result = conn.execute(sa.text(sql))
            return result.all() if result.returns_rows else None
    finally:
        engine.dispose()


def migrate(url: str) -> None:
    """Create the schema (Alembic head) in an empty database."""
    from divert_desktop.persistence.engine import make_engine
    from divert_desktop.persistence.migrate import upgrade

    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def fresh_sqlite(path: Path, *, replace: bool = True) -> str:
    """A new, migrated SQLite file at ``path`` (an existing one is removed when ``replace``)."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            if not replace:
                raise SystemExit(f"{path} already exists: pass --replace to start again.")
            candidate.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{path}"
    migrate(url)
    return url


def fresh_postgresql(url: str, *, replace: bool = False) -> str:
    """Create (or, when ``replace``, drop and create) the database named in ``url``, migrated."""
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    exists = _admin_exec(url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
    if exists:
        if not replace:
            raise SystemExit(
                f"Database {name} already exists: pass --replace to drop it and start again."
            )
        _admin_exec(url, f'DROP DATABASE "{name}" WITH (FORCE)')
    _admin_exec(url, f'CREATE DATABASE "{name}"')
    migrate(url)
    return url


@contextmanager
def throwaway_postgresql(server_url: str, *, prefix: str = "divert_bench") -> Iterator[str]:
    """A new migrated database on the server of ``server_url``, dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    url = _with_database(server_url, name)
    _admin_exec(url, f'CREATE DATABASE "{name}"')
    try:
        migrate(url)
        yield url
    finally:
        _admin_exec(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_server_url(explicit: str | None) -> str | None:
    """The PostgreSQL server to benchmark on: ``--pg`` or $DIVERT_BENCH_PG_URL, else None."""
    return explicit or os.environ.get(PG_ENV) or None


def generate_demo(
    url: str,
    *,
    people: int,
    seed: int = 1,
    today: date | None = None,
    appointments_per_person: float | None = None,
    quiet: bool = False,
) -> tuple[Any, float]:
    """Run the demo generator on ``url``; returns (DemoResult, seconds)."""
    from divert_desktop.persistence.database import Database
    from divert_desktop.services.context import cli_actor
    from divert_desktop.services.demo.generate import generate

    db = Database(url)
    started = time.perf_counter()

    def progress(done: int, total: int, text: str) -> None:
        if not quiet:
            print(f"  {text} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)

    try:
        result = generate(
            db,
            cli_actor(),
            people=people,
            seed=seed,
            today=today,
            progress=progress,
            appointments_per_person=appointments_per_person,
        )
    finally:
        db.dispose()
    return result, time.perf_counter() - started


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
    }


def postgresql_version(url: str) -> str:
    return str(_admin_exec(url, "SELECT version()")[0][0]).split(" on ")[0]


def write_results(kind: str, data: dict[str, Any]) -> Path:
    """Write ``results/<kind>-<date>.json`` (the folder is not committed)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{kind}-{SystemClock().today().isoformat()}.json"
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate", description=__doc__.splitlines()[0]
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", type=Path, metavar="PATH", help="a new SQLite file")
    where.add_argument("--pg", metavar="URL", help="a PostgreSQL database URL (created if missing)")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--appointments-per-person",
        type=float,
        default=None,
        help="average appointments per person (default 10)",
    )
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    parser.add_argument(
        "--replace", action="store_true", help="remove an existing file or database first"
    )
    args = parser.parse_args(argv)
    if args.sqlite:
        url = fresh_sqlite(args.sqlite, replace=args.replace)
    else:
        url = fresh_postgresql(args.pg, replace=args.replace)
    result, seconds = generate_demo(
        url,
        people=args.people,
        seed=args.seed,
        today=args.today,
        appointments_per_person=args.appointments_per_person,
    )
    print(json.dumps({**asdict(result), "seconds": round(seconds, 1)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
