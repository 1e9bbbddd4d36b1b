"""Police referral import throughput: the app's importer against a raw DB-API executemany of the same rows.

    python -m benchmarks.bench_import                       # 10,000 rows, SQLite
    python -m benchmarks.bench_import --pg postgresql://postgres@127.0.0.1/postgres

Builds a valid police export (CSV, invented people from the demo name tables, mixed date formats,
street names for substances, about 5% with a police-booked appointment, a few young people with
and without an appropriate adult, a few intent-to-supply rows). Then, each on a fresh migrated
database: (a) ``services.importer.import_referrals`` (validation, matching, eligibility, audit)
and (b) reading the same file and inserting the same rows into the same tables (people,
referrals, referral_substances, referral_status_history, appointments) with plain DB-API
``executemany`` and no checks. Both are timed from reading the file to the commit.
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.generate import (
    fresh_sqlite,
    machine,
    pg_server_url,
    postgresql_version,
    throwaway_postgresql,
    write_results,
)
from divert_desktop.clock import SystemClock

COLUMNS = (
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
    "email",
    "appropriate_adult_name",
    "appropriate_adult_relationship",
    "appropriate_adult_phone",
    "appointment_datetime",
    "appointment_venue",
    "consent_to_share",
    "notes",
)
STREET_NAMES = {
    "cannabis": ("cannabis", "weed", "skunk"),
    "cocaine": ("cocaine", "coke"),
    "nitrous oxide": ("nitrous oxide", "nos", "laughing gas"),
    "ketamine": ("ketamine", "ket"),
    "MDMA": ("MDMA", "mandy", "ecstasy"),
    "crack cocaine": ("crack",),
    "amphetamine": ("speed",),
    "synthetic cannabinoids": ("spice",),
    "benzodiazepines": ("xanax",),
    "psilocybin": ("mushrooms",),
    "mephedrone": ("mcat",),
    "heroin": ("heroin",),
    "LSD": ("LSD",),
    "GHB/GBL": ("GHB/GBL",),
}
CANONICAL = {alias.casefold(): name for name, aliases in STREET_NAMES.items() for alias in aliases}


# --------------------------------------------------------------------------- the file


def _appointment_slots(rng: random.Random, start: date) -> list[datetime]:
    """Distinct future half-hour starts on working days (one room per venue per slot)."""
    import holidays

    closed = holidays.country_holidays("GB", subdiv="ENG", years=range(start.year, start.year + 2))
    slots, day = [], start
    while len(slots) < 60 * 14:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            slots += [
                datetime(day.year, day.month, day.day, 9) + timedelta(minutes=30 * i)
                for i in range(14)
            ]
    rng.shuffle(slots)
    return slots


def write_police_file(path: Path, rows: int, seed: int, now: datetime) -> dict[str, int]:
    """A valid police export of ``rows`` referrals; returns how many rows of each kind it holds."""
    from divert_desktop.core.enums import Gender, LocalAuthority, Substance
    from divert_desktop.services.demo import names

    rng = random.Random(seed)
    areas = list(LocalAuthority)
    weights = [names.AREAS[a].weight for a in areas]
    free = {a: _appointment_slots(rng, now.date()) for a in areas}
    kinds = {
        "appointments": 0,
        "young_with_adult": 0,
        "young_without_adult": 0,
        "intent_to_supply": 0,
    }
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMNS)
        for i in range(rows):
            area = rng.choices(areas, weights)[0]
            sex = names.gender(rng)
            name = names.person_name(rng, sex, names.ethnicity(rng))
            when = now - timedelta(minutes=rng.randint(60, 30 * 24 * 60))
            u = rng.random()
            age = rng.uniform(14, 17.9) if u < 0.035 else rng.uniform(18, 55)
            dob = when.date() - timedelta(days=int(age * 365.25))
            young, adult = age < 18, ("", "", "")
            if young and u < 0.032:
                adult = (names.full_name(rng), names.adult_relationship(rng), names.phone(rng))
                kinds["young_with_adult"] += 1
            elif young:
                kinds["young_without_adult"] += 1
            intent = rng.random() < 0.01
            kinds["intent_to_supply"] += intent
            found = [s for s, _ in names.substances(rng) if s != Substance.OTHER] or [
                Substance.CANNABIS
            ]
            appointment = ("", "")
            if not intent and (not young or adult[0]) and rng.random() < 0.05:
                slot = free[area].pop()
                appointment = (
                    slot.strftime("%d/%m/%Y %H:%M")
                    if i % 2
                    else slot.isoformat(timespec="minutes"),
                    area.value,
                )
                kinds["appointments"] += 1
            officer = names.full_name(rng)
            phone = names.phone(rng) if rng.random() < 0.85 else ""
            out.writerow(
                (
                    f"WMP-{when.year}-{900000 + i:06d}",
                    when.strftime("%d/%m/%Y %H:%M")
                    if i % 2
                    else when.isoformat(timespec="minutes"),
                    officer,
                    str(rng.randrange(1000, 99999)),
                    name.first,
                    name.last,
                    dob.strftime("%d/%m/%Y") if i % 3 == 0 else dob.isoformat(),
                    rng.choice((area.value, area.value.upper(), area.value.lower())),
                    "; ".join(rng.choice(STREET_NAMES[s.value]) for s in found),
                    "yes" if intent else rng.choice(("no", "n", "No")),
                    sex.value if sex != Gender.NOT_STATED else "",
                    names.postcode(rng, area),
                    f"{phone[:5]} {phone[5:]}" if phone else "",
                    names.email(rng, name.first, name.last) if rng.random() < 0.5 else "",
                    *adult,
                    *appointment,
                    rng.choice(("yes", "yes", "no", "")),
                    'Found in a coat pocket, "small bag"' if rng.random() < 0.05 else "",
                )
            )
    return kinds


# --------------------------------------------------------------------------- (a) the importer


def run_importer(url: str, path: Path) -> dict[str, Any]:
    from divert_desktop.persistence.database import Database
    from divert_desktop.services.context import cli_actor
    from divert_desktop.services.intake.police_import import import_referrals

    db = Database(url)
    try:
        started = time.perf_counter()
        result = import_referrals(db, cli_actor(), path)
        seconds = time.perf_counter() - started
    finally:
        db.dispose()
    summary = {
        k: getattr(result, k)
        for k in ("rows", "imported", "duplicates", "rejected", "ineligible", "possible_matches")
    }
    summary["first_errors"] = [str(e) for e in result.errors[:3]]
    tables = table_counts(url)
    return {
        "seconds": round(seconds, 3),
        "rows_per_second": round(result.rows / seconds),
        "result": summary,
        "tables": tables,
    }


# --------------------------------------------------------------------------- (b) raw executemany


@dataclass
class _Tables:
    people: list[tuple[Any, ...]] = field(default_factory=list)
    referrals: list[tuple[Any, ...]] = field(default_factory=list)
    substances: list[tuple[Any, ...]] = field(default_factory=list)
    history: list[tuple[Any, ...]] = field(default_factory=list)
    appointments: list[tuple[Any, ...]] = field(default_factory=list)


SQL = {
    "people": (
        "people",
        "id, first_name, last_name, date_of_birth, gender, postcode, phone, email, "
        "letters_allowed, search_first, search_last, needs_review, created_at, updated_at, version",
    ),
    "referrals": (
        "referrals",
        "id, police_reference, person_id, referral_datetime, officer_name, "
        "officer_number, local_authority, intent_to_supply, young_person, appropriate_adult_name, "
        "appropriate_adult_relationship, appropriate_adult_phone, consent_to_share, notes, status, "
        "status_reason, status_changed_at, engagement_deadline, sessions_planned, source, "
        "created_at, created_by, version",
    ),
    "substances": ("referral_substances", "id, referral_id, substance, other_text"),
    "history": (
        "referral_status_history",
        "id, referral_id, from_status, to_status, at, username, reason",
    ),
    "appointments": (
        "appointments",
        "id, person_id, referral_id, type, caseworker_id, start_at, end_at, "
        "length_minutes, place_kind, venue_id, status, created_at, created_by, version",
    ),
}


def _when(text: str) -> datetime:
    return (
        datetime.fromisoformat(text) if "-" in text else datetime.strptime(text, "%d/%m/%Y %H:%M")
    )


def _day(text: str) -> date:
    return date.fromisoformat(text) if "-" in text else datetime.strptime(text, "%d/%m/%Y").date()


def read_raw(path: Path, venues: dict[str, int], stamp: Any, sqlite_style: bool) -> _Tables:
    """The same rows as plain tuples: minimal parsing, no validation, matching or eligibility."""
    from divert_desktop.core.validation import search_key

    def dt(value: datetime) -> Any:
        return value.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite_style else value

    def d(value: date) -> Any:
        return value.isoformat() if sqlite_style else value

    areas = {name.casefold(): name for name in venues}
    t = _Tables()
    now = dt(stamp)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle), start=1):
            when, dob = _when(row["referral_datetime"]), _day(row["date_of_birth"])
            young = (
                when.date().year - dob.year - ((when.month, when.day) < (dob.month, dob.day))
            ) < 18
            intent = row["intent_to_supply"].casefold() in ("yes", "y", "true", "1")
            ineligible = intent or (young and not row["appropriate_adult_name"])
            booked = bool(row["appointment_datetime"]) and not ineligible
            status = "ineligible" if ineligible else "booked" if booked else "received"
            reason = (
                ("intent to supply" if intent else "no appropriate adult") if ineligible else None
            )
            t.people.append(
                (
                    i,
                    row["first_name"],
                    row["last_name"],
                    d(dob),
                    row["gender"] or None,
                    row["postcode"] or None,
                    row["phone"].replace(" ", "") or None,
                    row["email"] or None,
                    True,
                    search_key(row["first_name"]),
                    search_key(row["last_name"]),
                    False,
                    now,
                    now,
                    1,
                )
            )
            t.referrals.append(
                (
                    i,
                    row["police_reference"],
                    i,
                    dt(when),
                    row["officer_name"],
                    row["officer_number"],
                    areas[row["local_authority"].casefold()],
                    intent,
                    young,
                    row["appropriate_adult_name"] or None,
                    row["appropriate_adult_relationship"] or None,
                    row["appropriate_adult_phone"].replace(" ", "") or None,
                    {"yes": True, "no": False}.get(row["consent_to_share"]),
                    row["notes"] or None,
                    status,
                    reason,
                    now,
                    d(when.date() + timedelta(days=42)),
                    1,
                    "import",
                    now,
                    "bench",
                    1,
                )
            )
            for substance in row["substances"].split(";"):
                t.substances.append(
                    (len(t.substances) + 1, i, CANONICAL[substance.strip().casefold()], None)
                )
            t.history.append((len(t.history) + 1, i, None, "received", now, "bench", None))
            if status != "received":
                t.history.append((len(t.history) + 1, i, "received", status, now, "bench", reason))
            if booked:
                start = _when(row["appointment_datetime"])
                t.appointments.append(
                    (
                        len(t.appointments) + 1,
                        i,
                        i,
                        "initial_assessment",
                        None,
                        dt(start),
                        dt(start + timedelta(minutes=60)),
                        60,
                        "venue",
                        venues[row["appointment_venue"]],
                        "booked",
                        now,
                        "bench",
                        1,
                    )
                )
    return t


def run_raw_sqlite(path: Path, csv_path: Path) -> dict[str, Any]:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in (
            "foreign_keys=ON",
            "busy_timeout=30000",
            "journal_mode=WAL",
            "synchronous=NORMAL",
        ):
            con.execute(f"PRAGMA {pragma}")
        venues = dict(con.execute("SELECT name, id FROM venues").fetchall())
        started = time.perf_counter()
        tables = read_raw(csv_path, venues, SystemClock().now(), sqlite_style=True)
        con.execute("BEGIN IMMEDIATE")
        rows = _executemany(con, tables, "?")
        con.execute("COMMIT")
        seconds = time.perf_counter() - started
    finally:
        con.close()
    tables_written = table_counts(f"sqlite:///{path}")
    return {
        "seconds": round(seconds, 3),
        "rows_per_second": round(len(tables.referrals) / seconds),
        "rows_written": rows,
        "tables": tables_written,
    }


def run_raw_postgresql(url: str, csv_path: Path) -> dict[str, Any]:
    import psycopg
    from sqlalchemy.engine import make_url

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as con:
        venues = dict(con.execute("SELECT name, id FROM venues").fetchall())
        started = time.perf_counter()
        tables = read_raw(csv_path, venues, SystemClock().now(), sqlite_style=False)
        with con.cursor() as cur:
            rows = _executemany(cur, tables, "%s")
        con.commit()
        seconds = time.perf_counter() - started
    tables_written = table_counts(url)
    return {
        "seconds": round(seconds, 3),
        "rows_per_second": round(len(tables.referrals) / seconds),
        "rows_written": rows,
        "tables": tables_written,
    }


def _executemany(target: Any, tables: _Tables, mark: str) -> int:
    written = 0
    for key, (table, columns) in SQL.items():
        batch = getattr(tables, key)
        if batch:
            marks = ", ".join([mark] * len(columns.split(",")))
            target.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", batch)
            written += len(batch)
    return written


# --------------------------------------------------------------------------- the run


def table_counts(url: str) -> dict[str, int]:
    """Rows in each table both paths write, to show they wrote the same rows."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table: conn.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
                for table, _ in SQL.values()
            }
    finally:
        engine.dispose()


def _compare(label: str, importer: dict[str, Any] | None, raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"importer": importer, "raw_executemany": raw}
    if importer is not None and importer["tables"] != raw["tables"]:
        print(
            f"{label}: the two paths wrote different row counts: {importer['tables']} and "
            f"{raw['tables']}"
        )
    line = f"{label}: raw executemany {raw['rows_per_second']:,} rows/s ({raw['seconds']:.2f} s)"
    if importer is not None:
        out["ratio"] = round(importer["seconds"] / raw["seconds"], 2)
        line = (
            f"{label}: importer {importer['rows_per_second']:,} rows/s ({importer['seconds']:.2f} s), "
            f"{line.split(': ', 1)[1]}; the importer takes {out['ratio']}x as long"
        )
    print(line, flush=True)
    return out


def _importer_available() -> bool:
    try:
        import divert_desktop.services.intake.police_import  # noqa: F401
    except ImportError:
        print("services.importer is not available yet: only the raw executemany is measured.")
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_import", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--pg", metavar="URL", help="PostgreSQL server URL (throwaway databases are made)"
    )
    parser.add_argument(
        "--keep-csv", type=Path, metavar="PATH", help="also save the generated file here"
    )
    args = parser.parse_args(argv)
    with_importer = _importer_available()
    out: dict[str, Any] = {
        "benchmark": "import",
        "rows": args.rows,
        "seed": args.seed,
        "machine": machine(),
    }
    with tempfile.TemporaryDirectory(prefix="divert-bench-") as folder:
        csv_path = Path(folder) / "police-export.csv"
        out["file"] = write_police_file(
            csv_path, args.rows, args.seed, SystemClock().now().replace(second=0, microsecond=0)
        )
        out["file"]["bytes"] = csv_path.stat().st_size
        if args.keep_csv:
            args.keep_csv.write_bytes(csv_path.read_bytes())
        print(f"{args.rows:,} rows: {out['file']}", flush=True)
        importer = (
            run_importer(fresh_sqlite(Path(folder) / "importer.sqlite3"), csv_path)
            if with_importer
            else None
        )
        raw_path = Path(folder) / "raw.sqlite3"
        fresh_sqlite(raw_path)
        out["sqlite"] = _compare("SQLite", importer, run_raw_sqlite(raw_path, csv_path))
        server = pg_server_url(args.pg)
        if server:
            out["machine"]["postgresql"] = postgresql_version(server)
            importer = None
            if with_importer:
                with throwaway_postgresql(server, prefix="divert_bench_import") as url:
                    importer = run_importer(url, csv_path)
            with throwaway_postgresql(server, prefix="divert_bench_raw") as url:
                out["postgresql"] = _compare(
                    "PostgreSQL", importer, run_raw_postgresql(url, csv_path)
                )
    print(f"Results written to {write_results('import', out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
