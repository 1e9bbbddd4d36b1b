"""Time what the diary page and a People search keystroke wait for, against the best raw query.

    python -m benchmarks.bench_diary                       # SQLite: 10,000 / 100,000 people
    python -m benchmarks.bench_diary --sizes 10000 --repeat 30
    python -m benchmarks.bench_diary --pg postgresql://postgres@127.0.0.1/postgres
    python -m benchmarks.bench_diary --no-sqlite --pg-db postgresql://…/an_existing_demo_database

Honest by construction (issue 18): the diary figures time ``load_diary`` called with exactly what
the page asks for (``gui/diary/diary_page.diary_request``); each baseline is a query written here
(never the app's SQL) returning the same rows, checked; the app and its baseline alternate in a
shuffled order in one run (medians and p95); painting is timed on its own (a 1200×800 viewport of
a day of 2,560 appointments), never added to both sides. Writes
``benchmarks/results/diary-<date>.json``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
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
LIMIT = 201  # the People search shows 200 and asks for one more to know there are more
MAX_LENGTH = 12 * 60  # the longest appointment (minutes), as the service bounds its range scan

# --- the diary: the best raw queries for the rows the page gets ----------------------------------

_APPOINTMENT = """
SELECT a.id, a.person_id, a.referral_id, a.type, a.caseworker_id, a.start_at, a.end_at,
       a.place_kind, a.place_detail, a.venue_id, a.status, a.status_reason, a.version,
       a.moved_to_id, a.arrived_at, u.display_name, v.name, p.first_name, p.last_name,
       p.known_as, p.date_of_birth, r.young_person, r.police_reference
FROM appointments a
JOIN people p ON p.id = a.person_id
LEFT JOIN staff_users u ON u.id = a.caseworker_id
LEFT JOIN venues v ON v.id = a.venue_id
LEFT JOIN referrals r ON r.id = a.referral_id
WHERE {which} = :who AND a.start_at > :low AND a.start_at < :end AND a.end_at > :start
  AND a.status <> 'moved'
ORDER BY a.start_at, a.id
"""
RAW_WEEK = _APPOINTMENT.format(which="a.caseworker_id")  # ix_appointments_caseworker_start
RAW_VENUE_DAY = _APPOINTMENT.format(which="a.venue_id")  # ix_appointments_venue_start

# --- the People search: the best raw query for each kind of keystroke ---------------------------

_PERSON = (
    "p.id, p.first_name, p.last_name, p.known_as, p.date_of_birth, p.postcode, "
    "p.local_authority, p.search_last, p.search_first"
)
_DETAILS = f"""
, top AS (
  SELECT {_PERSON} FROM people p JOIN ids ON ids.id = p.id
  WHERE p.merged_into_id IS NULL
  ORDER BY p.search_last, p.search_first, p.id LIMIT {LIMIT}
)
SELECT top.*,
  (SELECT r.local_authority FROM referrals r WHERE r.person_id = top.id
    ORDER BY r.referral_datetime DESC LIMIT 1),
  (SELECT count(*) FROM referrals r WHERE r.person_id = top.id)
FROM top ORDER BY top.search_last, top.search_first, top.id
"""


def _word_ids(n: int, parts: bool) -> str:
    """People whose first, last or known-as name (or a later part of one) starts with word n."""
    branches = [
        f"SELECT id FROM people WHERE search_{c} >= :lo{n} AND search_{c} < :hi{n}"
        for c in ("first", "last", "known_as")
    ]
    if parts:
        branches.append(
            f"SELECT person_id FROM person_name_parts WHERE part >= :lo{n} AND part < :hi{n}"
        )
    return " UNION ".join(branches)


def _references(limit: bool) -> str:
    cap = f" LIMIT {LIMIT}" if limit else ""
    return (
        "SELECT * FROM (SELECT person_id FROM referrals WHERE police_reference >= :rlo"
        f" AND police_reference < :rhi{cap}) AS refs"
    )


def raw_search_sql(kind: str) -> str:
    """The hand-written statement for a kind of keystroke (``:name`` placeholders)."""
    if kind in ("prefix", "surname", "no_match"):
        # The surname branch read in index order and cut at the list's length: the list is
        # sorted by surname, so no one further along that index can make it.
        by_last = (
            "SELECT * FROM (SELECT id FROM people WHERE search_last >= :lo0 AND "
            "search_last < :hi0 AND merged_into_id IS NULL "
            f"ORDER BY search_last, search_first, id LIMIT {LIMIT + 1}) AS by_last"
        )
        others = " UNION ".join(
            b for b in _word_ids(0, True).split(" UNION ") if "search_last" not in b
        )
        ids = f"{others} UNION {by_last} UNION {_references(False)}"
    elif kind == "two_words":
        ids = f"SELECT id FROM ({_word_ids(0, True)}) AS w0 INTERSECT " + (
            f"SELECT id FROM ({_word_ids(1, True)}) AS w1"
        )
    elif kind == "phone_prefix":
        ids = (
            "SELECT * FROM (SELECT id FROM people WHERE phone >= :lo0 AND phone < :hi0"
            f" AND merged_into_id IS NULL LIMIT {LIMIT}) AS phones UNION {_references(True)}"
        )
    elif kind == "police_reference":
        ids = f"SELECT DISTINCT person_id FROM ({_references(True)}) AS refs_once"
    else:
        raise ValueError(kind)
    return f"WITH ids(id) AS ({ids})" + _DETAILS


def _end(text: str) -> str:
    return text[:-1] + chr(ord(text[-1]) + 1)


def raw_search_params(kind: str, text: str) -> dict[str, str]:
    from divert_desktop.core.validation import search_key

    words = search_key(text).split() if kind not in ("phone_prefix", "police_reference") else []
    if kind == "phone_prefix":
        words = [text]
    params: dict[str, str] = {}
    for n, word in enumerate(words):
        params[f"lo{n}"], params[f"hi{n}"] = word, _end(word)
    params["rlo"], params["rhi"] = text.upper(), _end(text.upper())
    return params


# --- timing ------------------------------------------------------------------------------------


def _stats(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"median_ms": round(statistics.median(times), 3), "p95_ms": round(p95, 3)}


def alternate(fns: dict[str, Callable[[], Any]], repeat: int) -> tuple[dict[str, Any], dict]:
    """Run each function once to warm up, then ``repeat`` rounds in a shuffled order each round;
    the median and p95 of each, and each one's last result."""
    results = {name: fn() for name, fn in fns.items()}
    times: dict[str, list[float]] = {name: [] for name in fns}
    order = list(fns)
    rng = random.Random(18)
    for _ in range(repeat):
        rng.shuffle(order)
        for name in order:
            started = time.perf_counter()
            results[name] = fns[name]()
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: _stats(t) for name, t in times.items()}, results


def _ratio(stats: dict[str, Any], app: str = "app", raw: str = "raw") -> float:
    return round(stats[app]["median_ms"] / stats[raw]["median_ms"], 2)


def _raw_runner(url: str) -> tuple[Callable[[str, dict[str, Any]], list[Any]], Any]:
    """A function running ``:name`` SQL on a plain DB-API connection, and the connection."""
    if url.startswith("sqlite"):
        import sqlite3

        conn = sqlite3.connect(url.removeprefix("sqlite:///"))

        def convert(sql: str) -> str:
            return sql

    else:
        import psycopg

        conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
        conn.autocommit = True

        def convert(sql: str) -> str:
            return re.sub(r"(?<!:):(\w+)", r"%(\1)s", sql)

    prepared: dict[str, str] = {}

    def run(sql: str, params: dict[str, Any]) -> list[Any]:
        text = prepared.get(sql) or prepared.setdefault(sql, convert(sql))
        cur = conn.cursor()
        cur.execute(text, params)
        rows = cur.fetchall()
        cur.close()
        return rows

    return run, conn


def _stamp(moment: datetime, sqlite: bool) -> Any:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else moment


def _busiest(db: Any, column: str, start: datetime, days: int) -> int:
    import sqlalchemy as sa

    from divert_desktop.persistence.models import Appointment

    which = getattr(Appointment, column)
    with db.unit_of_work(write=False) as session:
        return int(
            session.execute(
                sa.select(which)
                .where(
                    which.is_not(None),
                    Appointment.start_at >= start,
                    Appointment.start_at < start + timedelta(days=days),
                )
                .group_by(which)
                .order_by(sa.func.count().desc(), which)
                .limit(1)
            ).scalar_one()
        )


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


def _reference_prefix(db: Any) -> str:
    """The first 13 characters of a police reference in the middle of the table (about ten)."""
    import sqlalchemy as sa

    from divert_desktop.persistence.models import Referral

    with db.unit_of_work(write=False) as session:
        count = session.execute(sa.select(sa.func.count(Referral.id))).scalar_one()
        ref = session.execute(
            sa.select(Referral.police_reference)
            .order_by(Referral.police_reference)
            .offset(count // 2)
            .limit(1)
        ).scalar_one()
    return ref[:13]


def measure(url: str, repeat: int) -> dict[str, Any]:
    """Every database figure for one database."""
    import sqlalchemy as sa

    from divert_desktop.gui.diary.diary_page import DAY, WEEK, diary_request
    from divert_desktop.persistence.database import Database
    from divert_desktop.persistence.migrate import upgrade
    from divert_desktop.persistence.models import Appointment, Person
    from divert_desktop.services.diary import views as diary_view
    from divert_desktop.services.lists.people_search import search_people

    db = Database(url)
    upgrade(db.engine)  # a cached file from an older version of the app
    sqlite = url.startswith("sqlite")
    run_raw, conn = _raw_runner(url)
    actor = _signed_in_receptionist(db)  # a real session: its account check runs every call
    out: dict[str, Any] = {}
    with db.unit_of_work(write=False) as session:
        out["appointments"] = session.execute(sa.select(sa.func.count(Appointment.id))).scalar()
        out["people"] = session.execute(sa.select(sa.func.count(Person.id))).scalar()

    def diary_case(view: str, kind: str, raw_sql: str) -> dict[str, Any]:
        span = 7 if view == WEEK else 1
        first = datetime.combine(diary_request(view, TODAY, None, None)[0], datetime.min.time())
        who = _busiest(db, f"{kind}_id", first, span)
        venue = who if view == DAY else None
        week_of = (kind, who) if view == WEEK else None
        start, days, kwargs = diary_request(view, TODAY, venue, week_of)

        def app() -> list[Any]:
            data = diary_view.load_diary(db, actor, start, days, **kwargs)  # as the page does
            return data.appointments

        end = first + timedelta(days=span)
        params = {
            "who": who,
            "low": _stamp(first - timedelta(minutes=MAX_LENGTH), sqlite),
            "end": _stamp(end, sqlite),
            "start": _stamp(first, sqlite),
        }
        stats, last = alternate({"app": app, "raw": lambda: run_raw(raw_sql, params)}, repeat)
        shown = [a.id for a in last["app"] if getattr(a, f"{kind}_id") == who]
        return {
            "rows_raw": len(last["raw"]),
            "rows_service": len(last["app"]),
            "same_rows": shown == [r[0] for r in last["raw"]],
            "service": stats["app"],
            "raw": stats["raw"],
            "ratio": _ratio(stats),
        }

    out["week_caseworker"] = diary_case(WEEK, "caseworker", RAW_WEEK)
    out["day_venue"] = diary_case(DAY, "venue", RAW_VENUE_DAY)

    searches = {
        "prefix": "smi",
        "surname": "clarke",
        "two_words": "james smith",
        "phone_prefix": "07700",
        "police_reference": _reference_prefix(db),
        "no_match": "qqq",
    }
    for kind, text in searches.items():
        sql, params = raw_search_sql(kind), raw_search_params(kind, text)
        stats, last = alternate(
            {
                "app": lambda text=text: search_people(db, actor, text),
                "raw": lambda sql=sql, params=params: run_raw(sql, params),
            },
            repeat,
        )
        found = last["app"]
        out[f"search_{kind}"] = {
            "text": text,
            "rows": len(found.rows),
            "truncated": found.truncated,
            "same_rows": [r[0] for r in last["raw"]][:200] == [r.id for r in found.rows],
            "service": stats["app"],
            "raw": stats["raw"],
            "ratio": _ratio(stats),
        }
    conn.close()
    db.dispose()
    return out


# --- painting, on its own -------------------------------------------------------------------------


def paint_day(repeat: int, appointments: int = 2_560, caseworkers: int = 212) -> dict[str, Any]:
    """Paint a 1200×800 viewport of the day view (``caseworkers`` columns, ``appointments``
    blocks, as the 100,000-person diary has) offscreen: at the left edge and in the middle."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QImage, QRegion
    from PySide6.QtWidgets import QApplication

    from divert_desktop.core.enums import AppointmentStatus, AppointmentType, PlaceKind
    from divert_desktop.gui.diary.canvas import DiaryCanvas
    from divert_desktop.gui.diary.day_view import day_columns
    from divert_desktop.services.diary.slots import AppointmentDTO
    from divert_desktop.services.diary.views import DiaryData, StaffOption

    app = QApplication.instance() or QApplication([])
    rng = random.Random(18)
    staff = tuple(StaffOption(n, f"cw{n}", f"Caseworker {n:03d} Surname") for n in range(1, 213))
    staff = staff[:caseworkers]
    day = TODAY
    nine = datetime.combine(day, datetime.min.time()) + timedelta(hours=9)
    kinds, statuses = list(AppointmentType), list(AppointmentStatus)[:4]
    rows = []
    for n in range(appointments):
        start = nine + timedelta(minutes=15 * rng.randrange(28))
        cw = staff[n % len(staff)]
        rows.append(
            AppointmentDTO(
                id=n + 1,
                person_id=n + 1,
                referral_id=n + 1,
                type=kinds[n % 4],
                caseworker_id=cw.id,
                caseworker_name=cw.name,
                start_at=start,
                end_at=start + timedelta(minutes=60),
                length_minutes=60,
                place_kind=PlaceKind.VENUE,
                venue_id=1,
                venue_name="Digbeth Centre",
                place_detail=None,
                status=statuses[n % 4],
                status_reason=None,
                version=1,
                person_name=f"Person {n} Longsurname-Doublebarrel",
                young_person=n % 9 == 0,
            )
        )
    hours = (nine.time(), nine.replace(hour=17).time())
    data = DiaryData(day, 1, tuple(rows), staff, (), {}, {}, {}, hours)
    columns, column_of = day_columns(data, day, rows)
    canvas = DiaryCanvas()
    canvas.set_diary(columns, rows, *data.service_hours, column_of)
    canvas.resize(canvas.sizeHint())
    app.processEvents()
    image = QImage(1200, 800, QImage.Format.Format_ARGB32_Premultiplied)
    middle = canvas.width() // 2

    def at(x: int) -> Callable[[], None]:
        return lambda: canvas.render(image, QPoint(), QRegion(QRect(x, 0, 1200, 800)))

    stats, _ = alternate({"left": at(0), "middle": at(middle)}, repeat)
    return {"appointments": appointments, "columns": len(columns), **stats}


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


def _print(backend: str, m: dict[str, Any]) -> None:
    print(f"{backend} — {m['people']:,} people, {m['appointments']:,} appointments")
    for key in ("week_caseworker", "day_venue", *(k for k in m if k.startswith("search_"))):
        f = m[key]
        what = f"{key} {f['text']!r}" if "text" in f else key
        rows = f.get("rows", f.get("rows_raw"))
        print(
            f"  {what:40} rows {rows:>4}  service {f['service']['median_ms']:8.2f} ms "
            f"(p95 {f['service']['p95_ms']:.2f})  raw {f['raw']['median_ms']:7.2f} ms "
            f"(p95 {f['raw']['p95_ms']:.2f})  ratio {f['ratio']:5.2f}×"
            f"{'' if f['same_rows'] else '  ROWS DIFFER'}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_diary", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[10_000, 100_000],
        help="people per database (about 10 appointments each)",
    )
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/divert-bench"))
    parser.add_argument("--pg", default=None, help="PostgreSQL server URL (or DIVERT_BENCH_PG_URL)")
    parser.add_argument(
        "--pg-db", nargs="*", default=[], help="existing PostgreSQL demo databases to measure"
    )
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-paint", action="store_true")
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
    if not args.no_paint:
        results["paint"] = paint = paint_day(args.repeat)
        print(
            f"paint 1200×800 of a day ({paint['appointments']:,} appointments, "
            f"{paint['columns']} columns): left {paint['left']['median_ms']:.2f} ms "
            f"(p95 {paint['left']['p95_ms']:.2f}), middle {paint['middle']['median_ms']:.2f} ms "
            f"(p95 {paint['middle']['p95_ms']:.2f})"
        )
    if not args.no_sqlite:
        for size in args.sizes:
            m = measure(cached_sqlite(args.cache, size, args.seed), args.repeat)
            results["sqlite"][str(size)] = m
            _print("sqlite", m)
    for url in args.pg_db:
        m = measure(url, args.repeat)
        results["postgresql"][str(m["people"])] = m
        _print("postgresql", m)
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
            _print("postgresql", m)
    name = "diary-postgresql" if args.no_sqlite else "diary"  # keep a SQLite run's file
    print(f"written {write_results(name, results)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
