"""Build size and start-up time of the built app (to its sign-in window) against a minimal
PySide6 window built the same way with PyInstaller.

    python -m benchmarks.bench_startup                       # builds both, offscreen
    xvfb-run -a python -m benchmarks.bench_startup --xcb     # a real window on a virtual screen
    python -m benchmarks.bench_startup --app dist/divert-desktop --minimal DIR   # reuse builds

Start-up is measured from just before the program is started to the moment its first window
has been painted: both programs write ``epoch_seconds()`` to ``$DIVERT_STARTUP_PROBE`` on their
first paint and quit. The app runs on a migrated database with one account, so its first
window is the sign-in window. The first run after a build is reported apart (a cold cache).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.generate import machine, write_results
from divert_desktop.clock import epoch_seconds

ROOT = Path(__file__).resolve().parent.parent
STARTUP = Path(__file__).resolve().parent / "startup"


def folder_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def build_app(work: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "installer" / "build.py"),
            "--no-package",
            "--dist",
            str(work / "dist"),
            "--work",
            str(work / "build"),
        ],
        check=True,
        cwd=ROOT,
    )
    return work / "dist" / "divert-desktop"


def build_minimal(work: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(STARTUP / "minimal_window.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    return work / "dist" / "minimal-window"


def environment(work: Path, xcb: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DIVERT_DATABASE_URL")}
    env["DIVERT_DATA_DIR"] = str(work / "data")
    # The database is named, so the first window is the sign-in window after the start-up
    # schema check (without it, a computer with no remembered connection shows the connection
    # dialog first, before any database is opened). Qt's settings go to the work folder too.
    env["DIVERT_DATABASE_URL"] = f"sqlite:///{work / 'data' / 'divert.sqlite3'}"
    env["XDG_CONFIG_HOME"] = str(work / "config")
    if xcb:
        env.pop("QT_QPA_PLATFORM", None)
        if not env.get("DISPLAY"):
            raise SystemExit("--xcb needs a screen: run under xvfb-run -a")
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def prepare_sign_in(app: Path, env: dict[str, str]) -> None:
    """A migrated database with one account, made with the built app's own command line."""
    subprocess.run(
        [
            str(app / "divert-desktop"),
            "users",
            "add",
            "bench.admin",
            "--role",
            "administrator",
            "--password-stdin",
        ],
        input="startup benchmark secret\n",
        text=True,
        check=True,
        env=env,
        capture_output=True,
    )


def time_to_window(program: Path, env: dict[str, str], probe: Path) -> float:
    probe.unlink(missing_ok=True)
    started = epoch_seconds()
    subprocess.run(
        [str(program)],
        check=True,
        timeout=120,
        capture_output=True,
        env=dict(env, DIVERT_STARTUP_PROBE=str(probe)),
    )
    return float(probe.read_text()) - started


def measure(program: Path, env: dict[str, str], probe: Path, runs: int) -> dict[str, Any]:
    first = time_to_window(program, env, probe)
    warm = [time_to_window(program, env, probe) for _ in range(runs)]
    return {
        "first_run_s": round(first, 3),
        "median_s": round(statistics.median(warm), 3),
        "min_s": round(min(warm), 3),
        "max_s": round(max(warm), 3),
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_startup", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--app", type=Path, help="an app folder already built (else build one)")
    parser.add_argument("--minimal", type=Path, help="a minimal-window folder already built")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--xcb", action="store_true", help="real windows (needs a screen)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="divert-bench-startup-") as folder:
        work = Path(folder)
        app = args.app or build_app(work / "app")
        minimal = args.minimal or build_minimal(work / "minimal")
        env = environment(work, args.xcb)
        prepare_sign_in(app, env)
        probe = work / "shown.txt"
        results = {
            "platform": "xcb (Xvfb)" if args.xcb else "offscreen",
            "machine": machine(),
            "app": {
                "size_mb": round(folder_size(app) / 1e6, 1),
                **measure(app / "divert-desktop", env, probe, args.runs),
            },
            "minimal_pyside6_window": {
                "size_mb": round(folder_size(minimal) / 1e6, 1),
                **measure(minimal / "minimal-window", env, probe, args.runs),
            },
        }
    a, m = results["app"], results["minimal_pyside6_window"]
    print(f"{'':24}{'size':>10}{'first run':>12}{'median':>10}{'min':>8}{'max':>8}")
    for name, r in (("DIVERT Desktop", a), ("minimal PySide6 window", m)):
        print(
            f"{name:24}{r['size_mb']:>8} MB{r['first_run_s']:>10.2f} s{r['median_s']:>8.2f} s"
            f"{r['min_s']:>6.2f} s{r['max_s']:>6.2f} s"
        )
    print(
        f"platform {results['platform']}; the app takes {a['median_s'] - m['median_s']:.2f} s "
        f"more than the minimal window and is {a['size_mb'] / m['size_mb']:.1f}x its size"
    )
    print(f"results: {write_results('startup', results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
