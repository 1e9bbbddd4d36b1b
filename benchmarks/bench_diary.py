"""Time opening a caseworker's week and a People search keystroke against the bare SQL, as data grows.

    python -m benchmarks.bench_diary                       # SQLite: 1,000 / 10,000 / 100,000 people
    python -m benchmarks.bench_diary --sizes 1000 10000    # smaller run
    python -m benchmarks.bench_diary --pg postgresql://postgres@127.0.0.1/postgres

The demo generator gives about 10 appointments a person, so the sizes give about 10,000, 100,000
and 1,000,000 appointments. Generated SQLite files are cached (``--cache``, default
/tmp/divert-bench) and reused for the same size, seed and date. Each measurement is repeated
``--repeat`` times (median and p95 reported) in the same run as the raw DB-API query that returns
the same rows. Writes ``benchmarks/results/diary-<date>.json``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.generate import (
    fresh_postgresql,
    fresh_sqlite,
    generate_demo,
    machine,
    pg_server_url,
    postgresql_version,
    write_results,
)

TODAY = date(2026, 11, 27)
SEARCHES = {"prefix": "smi", "surname": "clarke", "later_part": "mohamud", "no_match": "qqq"}
# Timed without a raw twin: two words (first name and a surname part), a mobile phone prefix
# that most people share, and a postcode district.
SERVICE_ONLY = {"two_words": "sian jones", "phone_prefix": "07700", "postcode_district": "B1"}
GONE = ("moved", "cancelled_by_person", "cancelled_by_provider")

WEEK_SQL = """
SELECT a.id, a.person_id, a.referral_id, a.type, a.caseworker_id, a.start_at, a.end_at,
       a.place_kind, a.place_detail, a.venue_id, a.status, a.version,
       u.display_name, v.name, p.first_name, p.last_name, p.known_as, p.date_of_birth,
       r.young_person, r.police_reference
FROM appointments a
JOIN people p ON p.id = a.person_id
LEFT JOIN staff_users u ON u.id = a.caseworker_id
LEFT JOIN venues v ON v.id = a.venue_id
LEFT JOIN referrals r ON r.id = a.referral_id
WHERE a.caseworker_id = {p} AND a.start_at > {p} AND a.start_at < {p} AND a.end_at > {p}
  AND a.status NOT IN ({p}, {p}, {p})
ORDER BY a.start_at, u.display_name, a.id
"""

# The earlier hand-written search (one OR of the name ranges, then the later-part LIKE), timed
# for reference next to the raw twin, which is the app's own SQL (``_raw_search_sql``).
SEARCH_SQL = """
SELECT p.id, p.first_name, p.last_name, p.known_as, p.date_of_birth, p.postcode,
       p.local_authority,
       (SELECT r.local_authority FROM referrals r WHERE r.person_id = p.id
         ORDER BY r.referral_datetime DESC LIMIT 1),
       (SELECT count(r.id) FROM referrals r WHERE r.person_id = p.id)
FROM people p
WHERE p.merged_into_id IS NULL AND ({where})
ORDER BY p.search_last, p.search_first, p.id
LIMIT {limit}
"""
PREFIX_WHERE = """(p.search_first >= {p} AND p.search_first < {p})
   OR (p.search_last >= {p} AND p.search_last < {p})
   OR (p.search_known_as >= {p} AND p.search_known_as < {p})"""
# The fallback for a later part of a surname ("jones" in "ozturk jones"), run only when the
# indexed search left room, excluding the people already found.
INNER_WHERE = "p.search_last LIKE {p} AND p.id NOT IN ({ids})"


def _raw_search_sql(sqlite: bool) -> str:
    """The People search's own keystroke SQL for a DB-API cursor: ``:name`` placeholders for
    sqlite3, ``%(name)s`` for psycopg."""
    import re

    from divert_desktop.services.lists import people_search

    text = people_search.KEYSTROKE.text
    return text if sqlite else re.sub(r"(?<!:):(\w+)", r"%(\1)s", text)


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[dict[str, float], Any]:
    fn()  # warm the caches once, as a user's second keystroke would
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"median_ms": round(statistics.median(times), 3), "p95_ms": round(p95, 3)}, result


def _raw_runner(url: str) -> tuple[Callable[[str, tuple[Any, ...]], list[Any]], str, Any]:
    """A function running SQL on a plain DB-API connection, its placeholder, and the connection."""
    if url.startswith("sqlite"):
        import sqlite3

        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        placeholder = "?"
    else:
        import psycopg

        conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
        conn.autocommit = True
        placeholder = "%s"

    def run(sql: str, params: tuple[Any, ...]) -> list[Any]:
        cur = conn.cursor()
        cur.execute(sql, params)
        rows = cur.fetchall()
        cur.close()
        return rows

    return run, placeholder, conn


def _stamp(moment: datetime, sqlite: bool) -> Any:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else moment


def _busiest_caseworker(db: Any, monday: datetime) -> int:
    import sqlalchemy as sa

    from divert_desktop.persistence.models import Appointment

    with db.unit_of_work(write=False) as session:
        return int(
            session.execute(
                sa.select(Appointment.caseworker_id)
                .where(
                    Appointment.caseworker_id.is_not(None),
                    Appointment.start_at >= monday,
                    Appointment.start_at < monday + timedelta(days=7),
                )
                .group_by(Appointment.caseworker_id)
                .order_by(sa.func.count().desc())
                .limit(1)
            ).scalar_one()
        )


def _painter() -> Callable[[list[Any], datetime], int] | None:
    """Build the diary canvas for a week and paint it into a QImage (None without gui/diary)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    try:
        from divert_desktop.gui.diary.canvas import DiaryCanvas, DiaryColumn
    except ImportError:
        return None
    app = QApplication.instance() or QApplication([])
    canvas = DiaryCanvas()
    canvas.resize(1200, 800)
    app.processEvents()

    def paint(appointments: list[Any], monday: datetime) -> int:
        columns = [
            DiaryColumn(
                f"d{i}",
                (monday + timedelta(days=i)).strftime("%a %d"),
                "",
                (monday + timedelta(days=i)).date(),
            )
            for i in range(7)
        ]
        canvas.set_diary(
            columns,
            appointments,
            datetime.min.time().replace(hour=9),
            datetime.min.time().replace(hour=17),
            lambda a: (a.start_at.date() - monday.date()).days,
        )
        image = QImage(canvas.size(), QImage.Format.Format_ARGB32_Premultiplied)
        canvas.render(image)
        return image.width()

    return paint


def _table_model() -> Callable[[list[Any]], int]:
    from divert_desktop.gui.models import Column, RowTableModel

    columns = [
        Column("When", lambda a: a.start_at.strftime("%a %d %H:%M"), sort_key=lambda a: a.start_at),
        Column("Person", lambda a: a.person_name),
        Column("Type", lambda a: a.type.label),
        Column("Status", lambda a: a.status.label),
    ]
    model = RowTableModel(columns)

    def build(rows: list[Any]) -> int:
        model.set_rows(rows)
        return model.rowCount()

    return build


def _people_view() -> Callable[[list[Any]], int]:
    """The People page's results table: fill it with a search's rows and paint it."""
    import tempfile

    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QImage

    from divert_desktop.gui.people.people_page import PEOPLE_COLUMNS
    from divert_desktop.gui.widgets import DataTable

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    table = DataTable("bench_people_table", PEOPLE_COLUMNS, "People found")
    table.resize(1200, 700)
    image = QImage(table.size(), QImage.Format.Format_ARGB32_Premultiplied)

    def show(rows: list[Any]) -> int:
        table.set_rows(rows, "No people found.")
        table.render(image)
        return table.model.rowCount()

    return show


def _signed_in_receptionist(db: Any) -> Any:
    """Sign in as a receptionist made for the benchmark (made once per database)."""
    import secrets

    from divert_desktop.core.enums import Role
    from divert_desktop.persistence.models import StaffUser
    from divert_desktop.services.admin.users import add_user, authenticate, hash_password
    from divert_desktop.services.context import cli_actor

    password = secrets.token_urlsafe(16)
    with db.unit_of_work() as session:
        user = session.query(StaffUser).filter_by(username="bench_reception").one_or_none()
        if user is not None:
            user.password_hash = hash_password(password)
    if user is None:
        add_user(
            db,
            cli_actor(),
            username="bench_reception",
            display_name="Bench Reception",
            role=Role.RECEPTIONIST,
            password=password,
        )
    return authenticate(db, "bench_reception", password)


def measure(url: str, repeat: int) -> dict[str, Any]:
    """Every figure for one database."""
    import sqlalchemy as sa

    from divert_desktop.persistence.database import Database
    from divert_desktop.persistence.models import Appointment, Person
    from divert_desktop.services import lists
    from divert_desktop.services.diary import booking

    db = Database(url)
    from divert_desktop.persistence.migrate import upgrade

    upgrade(db.engine)  # a cached file from an older version of the app
    sqlite = url.startswith("sqlite")
    run_raw, ph, conn = _raw_runner(url)
    actor = _signed_in_receptionist(db)  # a real session: its account check runs every call
    out: dict[str, Any] = {}
    with db.unit_of_work(write=False) as session:
        out["appointments"] = session.execute(sa.select(sa.func.count(Appointment.id))).scalar()
        out["people"] = session.execute(sa.select(sa.func.count(Person.id))).scalar()
    monday = datetime.combine(TODAY - timedelta(days=TODAY.weekday()), datetime.min.time())
    sunday_end = monday + timedelta(days=7)
    cw = _busiest_caseworker(db, monday)
    paint, build = _painter(), _table_model()
    people_view = _people_view()

    def service_week() -> list[Any]:
        return booking.appointments_between(db, actor, monday, sunday_end, caseworker_id=cw)

    week_params = (
        cw,
        _stamp(monday - timedelta(minutes=booking.MAX_LENGTH), sqlite),
        _stamp(sunday_end, sqlite),
        _stamp(monday, sqlite),
        *GONE,
    )
    week_sql = WEEK_SQL.format(p=ph)
    raw_t, raw_rows = _timed(lambda: run_raw(week_sql, week_params), repeat)
    svc_t, dtos = _timed(service_week, repeat)
    assert [r[0] for r in raw_rows] == [d.id for d in dtos], "the raw week query differs"
    model_t, _ = _timed(lambda: build(dtos), repeat)
    week: dict[str, Any] = {"rows": len(dtos), "raw": raw_t, "service": svc_t, "model": model_t}
    draw = 0.0
    if paint is not None:
        paint_t, _ = _timed(lambda: paint(dtos, monday), repeat)
        week["paint"] = paint_t
        draw = paint_t["median_ms"]
    app_total = svc_t["median_ms"] + model_t["median_ms"] + draw
    week["app_total_ms"] = round(app_total, 3)
    week["ratio_to_raw_plus_drawing"] = round(app_total / (raw_t["median_ms"] + draw), 2)
    week["ratio_service_to_raw"] = round(svc_t["median_ms"] / raw_t["median_ms"], 2)
    out["week"] = week

    keystroke = _raw_search_sql(sqlite)
    for label, text in SEARCHES.items():
        upper = text[:-1] + chr(ord(text[-1]) + 1)

        def raw_search(text: str = text, upper: str = upper) -> list[Any]:
            """The app's own statement on the bare DB-API cursor, same parameters."""
            parts = (text, upper) if len(text) >= 3 else ("", "")
            params = {
                "lo": text,
                "hi": upper,
                "plo": parts[0],
                "phi": parts[1],
                "r1lo": text,
                "r1hi": upper,
                "r2lo": text.upper(),
                "r2hi": upper.upper(),
                "limit": 201,
            }
            return run_raw(keystroke, params)[:201]  # type: ignore[arg-type]

        def raw_or_query(text: str = text, upper: str = upper) -> list[Any]:
            """The earlier hand-written form: one OR of the name ranges, then the fallback."""
            first = SEARCH_SQL.format(where=PREFIX_WHERE.format(p=ph), limit=201)
            rows = run_raw(first, (text, upper) * 3)
            if len(rows) < 200 and len(text) >= 3:
                ids = ",".join(str(r[0]) for r in rows) or "0"
                where = INNER_WHERE.format(p=ph, ids=ids)
                rows += run_raw(
                    SEARCH_SQL.format(where=where, limit=201 - len(rows)), (f"% {text}%",)
                )
            return rows

        raw_t, raw_rows = _timed(raw_search, repeat)
        or_t, or_rows = _timed(raw_or_query, repeat)
        svc_t, found = _timed(lambda: lists.search_people(db, actor, text), repeat)  # noqa: B023
        same = [r[0] for r in raw_rows[:200]] == [r.id for r in found.rows]
        view_t, _ = _timed(lambda: people_view(found.rows), repeat)  # noqa: B023
        shown = view_t["median_ms"]
        app_total = svc_t["median_ms"] + shown
        out[f"search_{label}"] = {
            "text": text,
            "rows": len(found.rows),
            "truncated": found.truncated,
            "same_rows_as_raw": same,
            "raw": raw_t,
            "service": svc_t,
            "table": view_t,
            "app_total_ms": round(app_total, 3),
            "ratio_to_raw_plus_drawing": round(app_total / (raw_t["median_ms"] + shown), 2),
            "ratio_service_to_raw": round(svc_t["median_ms"] / raw_t["median_ms"], 2),
            "raw_or_query": or_t,
            "same_people_as_or_query": sorted(r[0] for r in or_rows[:200])
            == sorted(r.id for r in found.rows),
        }
    for label, text in SERVICE_ONLY.items():
        svc_t, found = _timed(lambda: lists.search_people(db, actor, text), repeat)  # noqa: B023
        out[f"search_{label}"] = {"text": text, "rows": len(found.rows), "service": svc_t}
    conn.close()
    db.dispose()
    return out


def cached_sqlite(cache: Path, people: int, seed: int) -> str:
    """A demo SQLite file for ``people`` (generated once, then reused)."""
    path = cache / f"diary-sqlite-{people}-{TODAY.isoformat()}.sqlite3"
    if not path.exists():
        partial = path.with_suffix(".partial")
        url = fresh_sqlite(partial)
        print(f"generating {people:,} people into {path} (this can take minutes)…", flush=True)
        generate_demo(url, people=people, seed=seed, today=TODAY, quiet=True)
        partial.rename(path)
    return f"sqlite:///{path}"


def _print(backend: str, size: int, m: dict[str, Any]) -> None:
    w = m["week"]
    paint = w.get("paint", {}).get("median_ms", "-")
    print(
        f"{backend:10} {m['appointments']:>9,} appts  week ({w['rows']:>3} rows): raw "
        f"{w['raw']['median_ms']:7.2f} ms  service {w['service']['median_ms']:7.2f} "
        f"(p95 {w['service']['p95_ms']:.2f})  model {w['model']['median_ms']:.2f}  paint {paint}"
        f"  ratio {w['ratio_to_raw_plus_drawing']}×"
    )
    for label in SEARCHES:
        s = m[f"search_{label}"]
        print(
            f"{'':10} {'':>9}        search {s['text']!r:10} ({s['rows']:>3} rows): raw "
            f"{s['raw']['median_ms']:7.2f} ms  service {s['service']['median_ms']:7.2f} "
            f"(p95 {s['service']['p95_ms']:.2f})  table {s['table']['median_ms']:.2f}  ratio "
            f"{s['ratio_to_raw_plus_drawing']}× (SQL alone {s['ratio_service_to_raw']}×)"
            f"  [earlier OR query {s['raw_or_query']['median_ms']:.2f} ms]"
            f"{'' if s['same_rows_as_raw'] else '  (rows differ)'}"
        )
    for label in SERVICE_ONLY:
        s = m[f"search_{label}"]
        print(
            f"{'':10} {'':>9}        search {s['text']!r:12} ({s['rows']:>3} rows): service "
            f"{s['service']['median_ms']:7.2f} ms (p95 {s['service']['p95_ms']:.2f})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_diary", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[1_000, 10_000, 100_000],
        help="people per database (about 10 appointments each)",
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/divert-bench"))
    parser.add_argument("--pg", default=None, help="PostgreSQL server URL (or DIVERT_BENCH_PG_URL)")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "benchmark": "diary",
        "machine": machine(),
        "today": TODAY,
        "repeat": args.repeat,
        "sqlite": {},
        "postgresql": {},
    }
    if not args.no_sqlite:
        for size in args.sizes:
            m = measure(cached_sqlite(args.cache, size, args.seed), args.repeat)
            results["sqlite"][str(size)] = m
            _print("sqlite", size, m)
    server = pg_server_url(args.pg)
    if server:
        from benchmarks.generate import _with_database

        results["machine"]["postgresql"] = postgresql_version(server)
        for size in args.sizes:
            url = _with_database(server, f"divert_bench_diary_{size}")
            try:
                fresh_postgresql(url, replace=True)
                print(f"generating {size:,} people on PostgreSQL…", flush=True)
                generate_demo(url, people=size, seed=args.seed, today=TODAY, quiet=True)
                m = measure(url, args.repeat)
            finally:
                from benchmarks.generate import _admin_exec

                _admin_exec(
                    url, f'DROP DATABASE IF EXISTS "divert_bench_diary_{size}" WITH (FORCE)'
                )
            results["postgresql"][str(size)] = m
            _print("postgresql", size, m)
    name = "diary-postgresql" if args.no_sqlite else "diary"  # keep a SQLite run's file
    print(f"written {write_results(name, results)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
