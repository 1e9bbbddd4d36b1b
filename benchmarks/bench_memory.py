"""Peak memory of the app's diary week and five People searches, against a bare PySide6 table
filled from raw queries for the same rows (issue 18).

    python -m benchmarks.bench_memory                 # SQLite, 10,000 people (generated once)
    python -m benchmarks.bench_memory --people 10000 --cache /tmp/divert-bench

Each side runs in a process of its own, so each peak is its own (``ru_maxrss``, the most
resident memory the process ever had):

- **app**: the real main window of a signed-in caseworker, offscreen. It opens the Diary page,
  switches it to the week view of the busiest caseworker of the week (as a user would, through
  the page's own week combo), waits for the page to show it, then types five searches into the
  People page (each shown before the next). Everything goes through the page's own service
  calls on the database worker, as on screen.
- **bare**: a ``QApplication`` and one ``QTableWidget``, filled from a plain ``sqlite3`` cursor
  with the rows the week shows (the diary benchmark's raw query) and then, one after the
  other, with the rows of each search (the diary benchmark's hand-written search queries).

Both are told the same caseworker, week and search words, and both report how many rows they
showed; the benchmark checks those are equal. Results go to ``results/memory-<date>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.generate import machine, write_results

ROOT = Path(__file__).resolve().parent.parent
SEARCHES = {
    "prefix": "smi",
    "surname": "clarke",
    "two_words": "james smith",
    "phone_prefix": "07700",
    "no_match": "qqq",
}
# A password made afresh for each run by the parent and handed to its children in the
# environment (never on the command line), for the caseworker the app side signs in as.
PASSWORD_VARIABLE = "DIVERT_BENCH_MEMORY_PASSWORD"
TIMEOUT_S = 120


def peak_rss_mb() -> float:
    """The most resident memory this process has had (Linux reports KiB, macOS bytes).

    On Linux a child's ``ru_maxrss`` starts from its parent's peak at the fork, so the parent
    of the measured processes stays small (it imports nothing of the app; the preparation runs
    in a child of its own), and ``VmHWM`` (the peak of this process's own memory) is reported
    beside it as a check."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def own_peak_mb() -> float | None:
    """``VmHWM`` from /proc (Linux only): the peak resident memory since this program started."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _wait(app: Any, done: Any, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not done():
        app.processEvents()
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.005)
    for _ in range(5):  # let the rows paint
        app.processEvents()


# --------------------------------------------------------------------------- the app's path


def run_app(url: str, username: str, caseworker_id: int, today: date) -> dict[str, Any]:
    from divert_desktop.app import build_main_window
    from divert_desktop.core.clock import FixedClock
    from divert_desktop.gui.diary.diary_page import WEEK
    from divert_desktop.gui.shell.application import make_application
    from divert_desktop.gui.shell.tasks import TaskRunner
    from divert_desktop.persistence.database import Database
    from divert_desktop.services.admin.users import authenticate

    app = make_application()
    morning = datetime.combine(today, datetime.min.time()) + timedelta(hours=9)
    db = Database(url, clock=FixedClock(morning))
    actor = authenticate(db, username, os.environ[PASSWORD_VARIABLE])
    runner = TaskRunner()
    window = build_main_window(db, actor, runner)
    window.resize(1366, 768)
    window.show()
    diary = window.show_page("diary")
    _wait(app, lambda: not diary.loading and diary.data is not None, "the diary")
    _wait(app, lambda: diary.week_combo.count() > 0, "the diary's choices")
    diary.set_view(WEEK)
    combo = diary.week_combo
    wanted = ("caseworker", caseworker_id)
    index = next((i for i in range(combo.count()) if combo.itemData(i) == wanted), -1)
    assert index >= 0, "the caseworker is not in the week combo"
    diary.week_combo.setCurrentIndex(index)
    _wait(
        app,
        lambda: (
            not diary.loading
            and diary.data is not None
            and diary.view == WEEK
            and diary.week_of == ("caseworker", caseworker_id)
        ),
        "the week",
    )
    week_rows = len(diary.shown_appointments(diary.data))
    after_week = peak_rss_mb()
    people = window.show_page("people")
    rows: dict[str, int] = {}
    for kind, text in SEARCHES.items():
        people.search_edit.setText(text)
        people.find(text)
        _wait(app, lambda: not people.loading, f"the search {text!r}")
        rows[kind] = people.table.model.rowCount()
    result = {
        "peak_rss_mb": peak_rss_mb(),
        "vm_hwm_mb": own_peak_mb(),
        "after_week_mb": after_week,
        "week_rows": week_rows,
        "search_rows": rows,
        "modules": len(sys.modules),
    }
    window.close()
    runner.shutdown()
    db.dispose()
    return result


# --------------------------------------------------------------------------- the bare table


def run_bare(url: str, caseworker_id: int, first: date) -> dict[str, Any]:
    import sqlite3

    from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem

    from benchmarks.bench_diary import MAX_LENGTH, RAW_WEEK, raw_search_params, raw_search_sql

    app = QApplication(sys.argv[:1])
    table = QTableWidget()
    table.resize(1366, 768)
    table.show()
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))

    def show(sql: str, params: dict[str, Any]) -> int:
        rows = conn.execute(sql, params).fetchall()
        table.clearContents()
        table.setRowCount(len(rows))
        table.setColumnCount(max((len(r) for r in rows), default=0))
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                table.setItem(i, j, QTableWidgetItem("" if value is None else str(value)))
        for _ in range(5):
            app.processEvents()
        return len(rows)

    start = datetime.combine(first, datetime.min.time())

    def stamp(moment: datetime) -> str:
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")

    week_rows = show(
        RAW_WEEK,
        {
            "who": caseworker_id,
            "low": stamp(start - timedelta(minutes=MAX_LENGTH)),
            "end": stamp(start + timedelta(days=7)),
            "start": stamp(start),
        },
    )
    after_week = peak_rss_mb()
    rows = {}
    for kind, text in SEARCHES.items():
        rows[kind] = min(200, show(raw_search_sql(kind), raw_search_params(kind, text)))
    conn.close()
    return {
        "peak_rss_mb": peak_rss_mb(),
        "vm_hwm_mb": own_peak_mb(),
        "after_week_mb": after_week,
        "week_rows": week_rows,
        "search_rows": rows,
        "modules": len(sys.modules),
    }


# --------------------------------------------------------------------------- the parent


def _prepare(url: str, today: date) -> tuple[str, int, date]:
    """The busiest caseworker of the week of ``today``, with a password the child signs in with."""
    from benchmarks.bench_diary import _busiest
    from divert_desktop.gui.diary.week_view import week_start
    from divert_desktop.persistence.database import Database
    from divert_desktop.persistence.migrate import upgrade
    from divert_desktop.persistence.models import StaffUser
    from divert_desktop.services.admin.users import hash_password

    db = Database(url)
    upgrade(db.engine)
    first = week_start(today)
    who = _busiest(db, "caseworker_id", datetime.combine(first, datetime.min.time()), 7)
    with db.unit_of_work() as session:
        user = session.get(StaffUser, who)
        assert user is not None
        user.password_hash = hash_password(os.environ[PASSWORD_VARIABLE])
        user.must_change_password = False
        username = user.username
    db.dispose()
    return username, who, first


_PASSWORD = secrets.token_urlsafe(24)


def _child(args: list[str]) -> dict[str, Any]:
    """Run one side in a process of its own, with Qt's settings in a new empty folder (as on a
    computer where the user has not used the app yet: the main window opens on its first page
    and the diary on its default view, the same in every run)."""
    settings = tempfile.mkdtemp(prefix="divert-bench-memory-settings-")
    try:
        return _run_child(args, settings)
    finally:
        shutil.rmtree(settings, ignore_errors=True)


def _run_child(args: list[str], settings: str) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=settings)
    env[PASSWORD_VARIABLE] = _PASSWORD
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_memory", "--child", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    if done.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_memory", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/divert-bench"))
    parser.add_argument("--rounds", type=int, default=3, help="runs of each side (median)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        side, url, *rest = args.child
        if side == "prepare":
            username, who, first = _prepare(url, date.fromisoformat(rest[0]))
            result = {"username": username, "caseworker_id": who, "week_of": first.isoformat()}
        elif side == "app":
            result = run_app(url, rest[0], int(rest[1]), date.fromisoformat(rest[2]))
        else:
            result = run_bare(url, int(rest[0]), date.fromisoformat(rest[1]))
        print(json.dumps(result))
        return 0

    from benchmarks.bench_diary import TODAY, cached_sqlite

    args.cache.mkdir(parents=True, exist_ok=True)
    cached = cached_sqlite(args.cache, args.people, args.seed)
    with tempfile.TemporaryDirectory(prefix="divert-bench-memory-") as folder:
        path = Path(folder) / "memory.sqlite3"
        shutil.copyfile(cached.removeprefix("sqlite:///"), path)
        url = f"sqlite:///{path}"
        prepared = _child(["prepare", url, TODAY.isoformat()])  # keeps this process small
        username, who = prepared["username"], int(prepared["caseworker_id"])
        first = date.fromisoformat(prepared["week_of"])
        runs: dict[str, list[dict[str, Any]]] = {"app": [], "bare": []}
        for _ in range(args.rounds):
            runs["app"].append(_child(["app", url, username, str(who), TODAY.isoformat()]))
            runs["bare"].append(_child(["bare", url, str(who), first.isoformat()]))
    app_peak = sorted(r["peak_rss_mb"] for r in runs["app"])[len(runs["app"]) // 2]
    bare_peak = sorted(r["peak_rss_mb"] for r in runs["bare"])[len(runs["bare"]) // 2]
    a, b = runs["app"][-1], runs["bare"][-1]
    out = {
        "benchmark": "memory",
        "people": args.people,
        "machine": machine(),
        "caseworker_id": who,
        "week_of": first.isoformat(),
        "searches": SEARCHES,
        "app": runs["app"],
        "bare": runs["bare"],
        "app_peak_mb": app_peak,
        "bare_peak_mb": bare_peak,
        "ratio": round(app_peak / bare_peak, 2),
        "same_rows": a["week_rows"] == b["week_rows"] and a["search_rows"] == b["search_rows"],
    }
    print(
        f"{args.people:,} people, week of {first} for caseworker {who}: "
        f"app {a['week_rows']} week rows, searches {a['search_rows']}; "
        f"bare {b['week_rows']}, {b['search_rows']} (same rows: {out['same_rows']})"
    )
    print(
        f"peak RSS (median of {args.rounds}): app {app_peak} MB (after the week "
        f"{a['after_week_mb']} MB, {a['modules']} modules), bare table {bare_peak} MB "
        f"({b['modules']} modules): {out['ratio']}x"
    )
    print(f"results: {write_results('memory', out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
